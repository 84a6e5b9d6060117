package certificate

import (
	"testing"

	"github.com/wipestation/wipestation/wipe"
)

// TestEveryStatusHasWords: a report names the status it was issued for in each
// language; a new status cannot appear on a page as a bare identifier.
func TestEveryStatusHasWords(t *testing.T) {
	for _, lang := range []string{LangEnglish, LangTraditionalChinese} {
		l, err := labelsFor(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range wipe.Statuses() {
			if !st.Sanitized() && l.statusWord[string(st)] == "" {
				t.Errorf("%s: no words for status %s", lang, st)
			}
		}
	}
}
