package certificate

import "testing"

func TestScratchVerify(t *testing.T) {
	f := testFonts(t)
	k := testKey(t)
	c := &Certifier{Key: k, Fonts: f, Now: fixedNow}
	for _, r := range []func() interface{}{} {
		_ = r
	}
	doc, err := c.Render(chineseRecord())
	if err != nil {
		t.Fatal(err)
	}
	v := &Verifier{Trusted: []string{k.Fingerprint()}, Fonts: f}
	res, err := v.Verify(doc.PDF)
	t.Log(err)
	if res != nil {
		t.Log(res.Digest, res.SigningTime, res.Erasure)
	}
}
