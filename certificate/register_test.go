package certificate

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/wipe"
)

// TestRegister: the register verifies every file as cert verify does and says
// per file whether it is valid, why not, who signed it and what kind of
// document it is; files sharing a certificate ID are flagged.
func TestRegister(t *testing.T) {
	c := testCertifier(t)
	c.Dir = t.TempDir()
	v := &Verifier{Trusted: []string{c.Key.Fingerprint()}, Fonts: c.Fonts}
	destroyed := goldenCases()[3].rec
	notVerified := erasedRecord() // --verify off: the record says erased, nothing confirmed it
	notVerified.CertificateID = "WS-20261126-N0VER1FY"
	notVerified.Device.Serial = "S-NOVERIFY"
	notVerified.Verification = wipe.Verification{Mode: "off"}
	for _, r := range []*wipe.Record{erasedRecord(), failedRecord(), destroyed, notVerified} {
		if _, err := c.Issue(r, ""); err != nil {
			t.Fatal(err)
		}
	}
	put := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(c.Dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	render := func(cert *Certifier, r *wipe.Record) []byte {
		doc, err := cert.Render(r)
		if err != nil {
			t.Fatal(err)
		}
		return doc.PDF
	}
	// Forgeries and accidents beside the good files.
	broken := erasedRecord()
	broken.CertificateID = "WS-20261126-BR0KEN00"
	good := render(c, broken)
	put("z1-broken-signature.pdf", bytes.Replace(good, []byte("BR0KEN00"), []byte("BR0KEN01"), 1))
	swapped := erasedRecord()
	swapped.CertificateID = "WS-20261126-SWAPPED0"
	other := erasedRecord()
	other.CertificateID = "WS-20261126-SWAPPED0"
	other.Status = wipe.StatusDestroyed
	put("z2-record-swapped.pdf", mustSign(t, c.Key, swapped, mustRender(t, c.Fonts, swapped, other, c.Key.Fingerprint(), false)))
	foreignKey := otherKey(t)
	foreign := erasedRecord()
	foreign.CertificateID = "WS-20261126-F0RE1GN0"
	put("z3-foreign-key.pdf", render(&Certifier{Key: foreignKey, Fonts: c.Fonts, Now: fixedNow}, foreign))
	unsigned := erasedRecord()
	unsigned.CertificateID = "WS-20261126-UNS1GNED"
	put("z4-unsigned.pdf", mustRender(t, c.Fonts, unsigned, unsigned, c.Key.Fingerprint(), false))
	original, err := os.ReadFile(filepath.Join(c.Dir, FileName(erasedRecord())))
	if err != nil {
		t.Fatal(err)
	}
	put("z5-copy.pdf", original)
	put("z6-junk.pdf", []byte("%PDF-1.4 nonsense"))

	entries, err := Register(c.Dir, v)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		valid     bool
		kind      Kind
		signer    string
		problem   string
		duplicate bool
	}
	fp := c.Key.Fingerprint()
	want := map[string]row{
		FileName(failedRecord()):  {true, KindNotErased, fp, "", false},
		FileName(destroyed):       {true, KindDestruction, fp, "", false},
		FileName(erasedRecord()):  {false, KindSanitization, fp, "also in z5-copy.pdf", true},
		FileName(notVerified):     {true, KindNotErased, fp, "", false},
		"z1-broken-signature.pdf": {false, KindSanitization, fp, string(ProblemModified), false},
		"z2-record-swapped.pdf":   {false, KindDestruction, fp, string(ProblemVisibleData), false},
		"z3-foreign-key.pdf":      {false, KindSanitization, foreignKey.Fingerprint(), string(ProblemForeignKey), false},
		"z4-unsigned.pdf":         {false, KindSanitization, "", string(ProblemUnsigned), false},
		"z5-copy.pdf":             {false, KindSanitization, fp, "is also in " + FileName(erasedRecord()), true},
		"z6-junk.pdf":             {false, "", "", string(ProblemNotPDF), false},
	}
	if len(entries) != len(want) {
		t.Errorf("%d entries, want %d", len(entries), len(want))
	}
	for i, e := range entries {
		name := filepath.Base(e.File)
		w, ok := want[name]
		if !ok {
			t.Errorf("unexpected entry %s", name)
			continue
		}
		if i > 0 && name < filepath.Base(entries[i-1].File) {
			t.Errorf("%s listed after %s: not sorted by file name", name, entries[i-1].File)
		}
		got := row{e.Valid, e.Kind, e.Signer, e.Problem, e.Duplicate}
		if got.valid != w.valid || got.kind != w.kind || got.signer != w.signer || got.duplicate != w.duplicate ||
			!strings.Contains(got.problem, w.problem) || (w.valid && got.problem != "") {
			t.Errorf("%s: got %+v, want %+v", name, got, w)
		}
	}

	var buf bytes.Buffer
	if err := WriteCSV(&buf, entries); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(RegisterColumns(), ",") || len(rows) != len(entries)+1 {
		t.Fatalf("CSV header %q, %d rows", rows[0], len(rows))
	}
	for i, col := range RegisterColumns()[:14] {
		if col != []string{"certificate_id", "date", "finished", "serial", "vendor", "model", "asset_tag", "method",
			"technique", "class", "result", "verification", "operator", "file"}[i] {
			t.Errorf("CSV column %d is %s: the existing columns keep their places", i, col)
		}
	}
}
