package certificate

import (
	"os"
	"testing"
)

func TestScratchRender(t *testing.T) {
	c := &Certifier{Key: testKey(t), Fonts: testFonts(t), Now: fixedNow}
	for name, rec := range map[string]interface{}{"erased": erasedRecord(), "failed": failedRecord(), "zh": chineseRecord()} {
		_ = rec
		_ = name
	}
	for _, tc := range []struct {
		name string
		rec  int
	}{} {
		_ = tc
	}
	doc, err := c.Render(erasedRecord())
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("/tmp/cert-en.pdf", doc.PDF, 0644)
	doc, err = c.Render(failedRecord())
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("/tmp/cert-failed.pdf", doc.PDF, 0644)
	doc, err = c.Render(chineseRecord())
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("/tmp/cert-zh.pdf", doc.PDF, 0644)
}
