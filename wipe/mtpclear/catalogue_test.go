package mtpclear

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/msg"
)

// TestSentencesInBothLanguages: every mtp.* sentence renders in English and
// Traditional Chinese with each of its arguments, and nothing left unfilled.
func TestSentencesInBothLanguages(t *testing.T) {
	left := regexp.MustCompile(`\{[1-9]\}`)
	han := regexp.MustCompile(`\p{Han}`)
	n := 0
	for _, id := range msg.IDs() {
		if !strings.HasPrefix(string(id), "mtp.") {
			continue
		}
		n++
		arity, ok := msg.Arity(id)
		if !ok {
			t.Fatalf("%s: not declared", id)
		}
		args := make([]any, arity)
		for i := range args {
			args[i] = fmt.Sprintf("<arg%d>", i+1)
		}
		m := msg.New(id, args...)
		for _, lang := range msg.Languages() {
			s := m.In(lang)
			if left.MatchString(s) {
				t.Errorf("%s in %s leaves a placeholder: %q", id, lang, s)
			}
			for _, a := range args {
				if !strings.Contains(s, a.(string)) {
					t.Errorf("%s in %s drops %s: %q", id, lang, a, s)
				}
			}
		}
		// A sentence with words of its own (beyond the method's name) needs them
		// in Chinese; "mtp-clear {1}: {2}" has none.
		words := strings.ReplaceAll(msg.New(id).String(), "mtp-clear", "")
		if zh := m.In(msg.TraditionalChinese); regexp.MustCompile(`[A-Za-z]{2,}`).MatchString(words) && !han.MatchString(zh) {
			t.Errorf("%s: no Chinese rendering: %q", id, zh)
		}
	}
	if n == 0 {
		t.Fatal("no mtp.* sentences in the catalogue")
	}
}
