package certificate

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// overwriteRecord is a clean overwrite of a hard disk with method id, with the
// method details the overwrite engine writes (wipe/runner.go).
func overwriteRecord(t testing.TB, id string) *wipe.Record {
	t.Helper()
	m, ok := wipe.LookupMethod(id)
	if !ok {
		t.Fatalf("no method %q", id)
	}
	r := erasedRecord()
	r.Device = chineseRecord().Device
	r.Sanitization = wipe.Sanitization{Class: m.Class, MethodID: m.ID, MethodName: m.Name, Technique: "Overwrite"}
	for i, p := range m.Passes {
		r.Sanitization.Details = append(r.Sanitization.Details, msg.New(msg.OverwritePass, i+1, len(m.Passes), p.Message()))
	}
	r.Sanitization.Details = append(r.Sanitization.Details,
		msg.New(msg.OverwriteRandomStream), msg.New(msg.OverwriteIO, 1000204886016, 4), msg.New(msg.OverwriteDirectIO))
	r.Verification = wipe.Verification{Mode: "last-pass", Verified: true, BytesRead: 1000204886016,
		Method: msg.New(msg.Join, msg.New(msg.OverwriteVerifyLast), msg.New(msg.OverwriteReadDirect))}
	r.BytesWritten = int64(len(m.Passes)) * 1000204886016
	return r
}

// manyExceptionsRecord is a failed overwrite that hit hundreds of bad ranges.
func manyExceptionsRecord() *wipe.Record {
	r := failedRecord()
	r.Exceptions = nil
	for i := range 300 {
		r.Errors = append(r.Errors, wipe.RangeError{Offset: int64(i) << 20, Length: 65536, Phase: "write", Pass: 1, Err: "input/output error"})
		r.Exceptions = append(r.Exceptions, msg.New(msg.OutcomeRangeError, 1, msg.New(msg.PhaseWrite), int64(i)<<20, int64(i)<<20+65535, 65536, "input/output error"))
	}
	r.Exceptions = append(r.Exceptions, msg.New(msg.OutcomeMismatchedBlocks, 3, 4096, 1048576))
	return r
}

// TestLayout reads each kind of job back with pdftotext: common jobs fit one page,
// every page is numbered "Page n of N", and the signatures are on the last page
// together with the last content they sign, never alone.
func TestLayout(t *testing.T) {
	testutil.RequireCommand(t, "pdftotext")
	destroyed, err := DestroyRecord(Destruction{Device: erasedRecord().Device, How: "degauss", Magnetic: true, Witness: "Jordan Lee",
		Details: erasedRecord().Details, ID: "WS-20261126-DEGAUSS0", Time: fixedNow(), Host: "desk-01", ToolVersion: "1.0.0"})
	if err != nil {
		t.Fatal(err)
	}
	zhGutmann := overwriteRecord(t, "gutmann")
	zhGutmann.Details = chineseRecord().Details
	markedGutmann := overwriteRecord(t, "gutmann")
	markedGutmann.Details.Operator.Name = "林\U0002161A"
	zhMany := manyExceptionsRecord()
	zhMany.Details = chineseRecord().Details
	tests := []struct {
		name  string
		rec   *wipe.Record
		pages int
		// shows are texts the page must show (white space ignored).
		shows []string
	}{
		{"zero", overwriteRecord(t, "zero"), 1, []string{"pass1/1:0x00"}},
		{"gutmann", overwriteRecord(t, "gutmann"), 1, []string{
			"passes1-4/35:random(AES-128-CTRstream)",
			"passes5-31/35,inthisorder:0x55,0xAA,0x920x490x24,0x490x240x92,",
			"passes32-35/35:random(AES-128-CTRstream)",
		}},
		// The note on marks must not push the exceptions' heading away from them.
		{"gutmann, name with a mark", markedGutmann, 1, []string{"林[U+2161A]", "ExceptionsNone"}},
		{"gutmann zh-TW", zhGutmann, 1, []string{"第1-4/35遍：", "第5-31/35遍，依序為：0x55、0xAA、0x920x490x24、"}},
		{"firmware", erasedRecord(), 1, nil},
		{"failed with 300 bad ranges", manyExceptionsRecord(), 2, []string{
			"Exceptions(cont.)",
			"...292moreexceptions,notprintedhere:record.json(embeddedinthisPDF)listseveryone",
			"verification:3blocksof4096bytesdidnotholdwhatwaswritten",
			"...(+297,seerecord.json)",
		}},
		{"failed zh-TW", zhMany, 2, []string{"……另有292項例外事項未列於此頁", "例外事項（續）"}},
		{"destroy", destroyed, 1, []string{"Remainsvisuallyinspectedbythewitness;themediumwasnotreadback"}},
		{"long notes", longNotesRecord(), 2, nil},
		{"very long operator name", longNameRecord(), 1, []string{"...(therestisinrecord.json)"}},
	}
	c := testCertifier(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := c.Render(tt.rec)
			if err != nil {
				t.Fatal(err)
			}
			l := c.mustLabels(t, doc.language(t))
			pages := strings.Split(strings.TrimSuffix(string(pdftotext(t, doc.PDF, "-raw")), "\f"), "\f")
			if len(pages) != tt.pages {
				t.Errorf("%d pages, want %d", len(pages), tt.pages)
			}
			last := len(pages) - 1
			for i, p := range pages {
				p = squash(p)
				if label := squash(l.pageOf(i+1, len(pages))); !strings.Contains(p, label) {
					t.Errorf("page %d is not labelled %q", i+1, label)
				}
				hasSignature := strings.Contains(p, squash(strings.SplitN(l.attestation, "\n", 2)[0])) ||
					strings.Contains(p, squash(strings.SplitN(l.attestationReport, "\n", 2)[0]))
				if hasSignature != (i == last) {
					t.Errorf("page %d has the signature block: %v, want it on the last page only", i+1, hasSignature)
				}
			}
			lastPage := squash(pages[last])
			attest := l.attestation
			if !doc.Erasure {
				attest = l.attestationReport
			}
			block := strings.Index(lastPage, squash(l.secSignature+strings.SplitN(attest, "\n", 2)[0]))
			if block < 0 || !strings.Contains(lastPage[:block], squash(l.secExceptions)) {
				t.Errorf("the signatures are not on a page with the exceptions they follow:\n%s", pages[last])
			}
			all := squash(strings.Join(pages, ""))
			for _, s := range tt.shows {
				if !strings.Contains(all, s) {
					t.Errorf("page lacks %q:\n%s", s, all)
				}
			}
			if *update {
				writePNG(t, tt.name, doc.PDF)
			}
		})
	}
}

// longNotesRecord has notes long enough to need a second page.
func longNotesRecord() *wipe.Record {
	r := erasedRecord()
	r.Details.Notes = strings.Repeat("A long note from the asset manager about the chain of custody of this drive. ", 40)
	return r
}

// longNameRecord has an operator name far longer than its column.
func longNameRecord() *wipe.Record {
	r := erasedRecord()
	r.Details.Operator.Name = strings.Repeat("林\U0002161A Alex Chen ", 60)
	return r
}

func (d *Document) language(t *testing.T) string {
	if strings.Contains(string(d.Record), `"language":"zh-TW"`) {
		return LangTraditionalChinese
	}
	return LangEnglish
}

// writePNG leaves the pages as PNG in $TMPDIR/wipestation-layout for a person to
// look at (with -update only).
func writePNG(t *testing.T, name string, doc []byte) {
	dir := filepath.Join(os.TempDir(), "wipestation-layout")
	os.MkdirAll(dir, 0o755)
	base := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
	os.WriteFile(base+".pdf", doc, 0o644)
	if out, err := exec.Command("pdftoppm", "-png", "-r", "60", base+".pdf", base).CombinedOutput(); err != nil {
		t.Logf("pdftoppm: %v: %s", err, out)
	}
}
