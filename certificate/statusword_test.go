package certificate

import (
	"testing"

	"github.com/wipestation/wipestation/wipe"
)

// Every status has a word of its own in both languages, the one the
// certificate prints.
func TestStatusWordNamesEveryStatus(t *testing.T) {
	for _, lang := range []string{LangEnglish, LangTraditionalChinese} {
		seen := map[string]wipe.Status{}
		for _, st := range wipe.Statuses() {
			w := StatusWord(lang, st)
			if w == "" || (lang == LangTraditionalChinese && w == string(st)) {
				t.Errorf("%s: status %s has no word (%q)", lang, st, w)
			}
			if other, ok := seen[w]; ok {
				t.Errorf("%s: %s and %s are both %q", lang, st, other, w)
			}
			seen[w] = st
		}
	}
	if got := StatusWord(LangTraditionalChinese, wipe.StatusErased); got != traditionalChinese().bannerErased {
		t.Errorf("erased in zh-TW: %q, not the banner's word", got)
	}
	if got := Word(LangTraditionalChinese, "Purge"); got != "清洗 (Purge)" {
		t.Errorf("Purge in zh-TW: %q", got)
	}
	if got := VerifyModeWord(LangTraditionalChinese, "sampling"); got != "抽樣比對" {
		t.Errorf("sampling in zh-TW: %q", got)
	}
	if got := VerifyModeWord(LangEnglish, "made-up"); got != "made-up" {
		t.Errorf("an unknown mode: %q", got)
	}
	if got := Word("xx", "Purge"); got != "Purge" {
		t.Errorf("an unknown language: %q", got)
	}
}
