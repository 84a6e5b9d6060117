package certificate

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/digitorus/pdf"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The records the golden files are made from.
func goldenCases() []struct {
	name string
	rec  *wipe.Record
} {
	destroyed, err := DestroyRecord(Destruction{
		Device: erasedRecord().Device, How: "shred", ParticleSize: "2 mm", Witness: "Jordan Lee",
		Details: erasedRecord().Details, ID: "WS-20261126-D3STR0Y0", Time: fixedNow(), Host: "desk-01", ToolVersion: "1.0.0",
	})
	if err != nil {
		panic(err)
	}
	chineseDestroyed, err := DestroyRecord(Destruction{
		Device: devices.Device{Kind: devices.KindDisk, Transport: devices.TransportUSB, Removable: true, Serial: "S1"},
		How:    "shred", ParticleSize: "2 mm", Witness: "林美華", MediaNote: "USB 隨身碟，外殼已拆",
		Details: chineseRecord().Details, ID: "WS-20261126-ZHD3STR0", Time: fixedNow(), Host: "desk-01", ToolVersion: "1.0.0",
	})
	if err != nil {
		panic(err)
	}
	return []struct {
		name string
		rec  *wipe.Record
	}{
		{"erased-en", erasedRecord()},
		{"failed-en", failedRecord()},
		{"erased-zh-TW", chineseRecord()},
		{"destroyed-en", destroyed},
		{"wiped-zh-TW", chineseWipeRecord()},
		{"failed-zh-TW", chineseFailedRecord()},
		{"destroyed-zh-TW", chineseDestroyed},
	}
}

func testCertifier(t testing.TB) *Certifier {
	return &Certifier{Key: testKey(t), Fonts: testFonts(t), Now: fixedNow}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it); got:\n%s", path, got)
	}
}

// TestGoldenText checks what a reader sees (pdftotext -layout) and the canonical
// record that is embedded and signed.
func TestGoldenText(t *testing.T) {
	testutil.RequireCommand(t, "pdftotext")
	c := testCertifier(t)
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := c.Render(tc.rec)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name+".record.golden", append(doc.Record, '\n'))
			golden(t, tc.name+".txt.golden", pdftotext(t, doc.PDF))
		})
	}
}

// pdftotext is the document's text as poppler extracts it: with -layout by
// default, or with the flags given (-raw: in drawing order). Pages end in a form
// feed.
func pdftotext(t *testing.T, doc []byte, flags ...string) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cert.pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	if len(flags) == 0 {
		flags = []string{"-layout"}
	}
	out, err := exec.Command("pdftotext", append(flags, path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return out
}

// TestResultUnmistakable: only erased (consistent) and destroyed records get a
// certificate; every other outcome gets the "NOT ERASED" report title and banner.
func TestResultUnmistakable(t *testing.T) {
	c := testCertifier(t)
	inconsistent := erasedRecord()
	inconsistent.Verification.Verified = false
	withErrors := erasedRecord()
	withErrors.Errors = []wipe.RangeError{{Offset: 0, Length: 512, Phase: "write", Pass: 1, Err: "EIO"}}
	aborted := erasedRecord()
	aborted.Status, aborted.Reason = wipe.StatusAborted, msg.New(msg.OutcomeCancelledNotErased, msg.New(msg.OutcomeCancelled)).Ptr()
	refused := erasedRecord()
	refused.Status, refused.Reason = wipe.StatusRefused, msg.New(msg.RefusalMounted, "sdb1", "/data").Ptr()
	zhFailed := chineseRecord()
	zhFailed.Status, zhFailed.Reason = wipe.StatusFailed, msg.New(msg.OutcomeRangesFailed, 2).Ptr()
	tests := []struct {
		name      string
		rec       *wipe.Record
		erasure   bool
		title     string
		bannerSub string
	}{
		{"erased", erasedRecord(), true, "Certificate of Sanitization", "ERASED"},
		{"failed", failedRecord(), false, "Sanitization Report: NOT ERASED", "NOT ERASED"},
		{"aborted", aborted, false, "Sanitization Report: NOT ERASED", "job aborted"},
		{"refused", refused, false, "Sanitization Report: NOT ERASED", "refused by a safety check"},
		{"erased but not verified", inconsistent, false, "Sanitization Report: NOT ERASED", "verification did not confirm"},
		{"erased but with unwritten ranges", withErrors, false, "Sanitization Report: NOT ERASED", "unwritten or unreadable ranges"},
		{"zh-TW failed", zhFailed, false, "媒體清除作業報告：未清除", "未清除 NOT ERASED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := c.Render(tt.rec)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Erasure != tt.erasure {
				t.Errorf("Erasure = %v, want %v", doc.Erasure, tt.erasure)
			}
			text := pageText(t, doc.PDF)
			if !strings.HasPrefix(text, squash(tt.title)) {
				t.Errorf("page starts %q, want title %q", text[:min(60, len(text))], tt.title)
			}
			if !strings.Contains(text, squash(tt.bannerSub)) {
				t.Errorf("page lacks %q", tt.bannerSub)
			}
			if !tt.erasure && strings.Contains(text, "CertificateofSanitization") {
				t.Error("a job that did not end erased printed \"Certificate of Sanitization\"")
			}
		})
	}
}

func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// pageText is the first page's text without white space, as cert verify reads it.
func pageText(t *testing.T, doc []byte) string {
	t.Helper()
	pages, err := pagesContent(doc)
	if err != nil {
		t.Fatal(err)
	}
	return pages[0].text
}

// TestRenderReproducible: the unsigned document is a function of its input.
func TestRenderReproducible(t *testing.T) {
	fonts := testFonts(t)
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			canonical, err := CanonicalRecord(tc.rec)
			if err != nil {
				t.Fatal(err)
			}
			var parsed wipe.Record
			json.Unmarshal(canonical, &parsed)
			in := renderInput{rec: &parsed, canonical: canonical, digest: RecordDigest(canonical), fingerprint: "ab"}
			a, err := render(fonts, in)
			if err != nil {
				t.Fatal(err)
			}
			b, err := render(fonts, in)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Error("two renders of the same record differ")
			}
		})
	}
}

// TestSizeAndPages: a normal job fits one page, and fonts are subset.
func TestSizeAndPages(t *testing.T) {
	c := testCertifier(t)
	tests := []struct {
		name     string
		rec      *wipe.Record
		maxBytes int
	}{
		{"english", erasedRecord(), 50 << 10},
		{"english failed", failedRecord(), 50 << 10},
		// Kai glyphs are intricate: about 350 bytes each once subset and deflated.
		{"traditional chinese", chineseRecord(), 130 << 10},
		{"traditional chinese wipe", chineseWipeRecord(), 130 << 10},
		// The Chinese renderings of a firmware job's details, verification and
		// reason bring about 80 more distinct glyphs.
		{"traditional chinese failed", chineseFailedRecord(), 150 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := c.Render(tt.rec)
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.PDF) > tt.maxBytes {
				t.Errorf("%d bytes, want at most %d", len(doc.PDF), tt.maxBytes)
			}
			rdr, err := pdf.NewReader(bytes.NewReader(doc.PDF), int64(len(doc.PDF)))
			if err != nil {
				t.Fatal(err)
			}
			if n := rdr.NumPage(); n != 1 {
				t.Errorf("%d pages, want 1", n)
			}
		})
	}
}

// TestPdfsigValidates: poppler accepts the signature (the self-signed key is not
// trusted, which is expected) and says the whole document is signed.
func TestPdfsigValidates(t *testing.T) {
	testutil.RequireCommand(t, "pdfsig")
	c := testCertifier(t)
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := c.Render(tc.rec)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "cert.pdf")
			os.WriteFile(path, doc.PDF, 0o644)
			out, _ := exec.Command("pdfsig", path).CombinedOutput() // exits non-zero for an untrusted issuer
			for _, want := range []string{"Signature Validation: Signature is Valid.", "Total document signed", "adbe.pkcs7.detached", "SHA-256"} {
				if !bytes.Contains(out, []byte(want)) {
					t.Errorf("pdfsig output lacks %q:\n%s", want, out)
				}
			}
			if !bytes.Contains(out, []byte("issuer is unknown")) && !bytes.Contains(out, []byte("not trusted")) {
				t.Errorf("pdfsig trusts a self-signed key?\n%s", out)
			}
			// pdfsig must notice a change to the signed bytes too.
			tampered := bytes.Replace(doc.PDF, []byte(tc.rec.CertificateID), []byte(strings.ToLower(tc.rec.CertificateID)), 1)
			os.WriteFile(path, tampered, 0o644)
			out, _ = exec.Command("pdfsig", path).CombinedOutput()
			if bytes.Contains(out, []byte("Signature is Valid.")) {
				t.Errorf("pdfsig accepts a tampered file:\n%s", out)
			}
		})
	}
}

func TestVerifyGood(t *testing.T) {
	c := testCertifier(t)
	v := &Verifier{Trusted: []string{c.Key.Fingerprint()}, Fonts: c.Fonts}
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := c.Render(tc.rec)
			if err != nil {
				t.Fatal(err)
			}
			got, err := v.Verify(doc.PDF)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if got.Record.CertificateID != tc.rec.CertificateID || got.Digest != doc.Digest || !bytes.Equal(got.RecordJSON, doc.Record) {
				t.Errorf("Verify returned %s %s, want %s %s", got.Record.CertificateID, got.Digest, tc.rec.CertificateID, doc.Digest)
			}
			if got.Fingerprint != c.Key.Fingerprint() || got.Erasure != doc.Erasure {
				t.Errorf("fingerprint %s erasure %v", got.Fingerprint, got.Erasure)
			}
		})
	}
}

// TestVerifyTampered: every way of altering a certificate is named.
func TestVerifyTampered(t *testing.T) {
	c := testCertifier(t)
	rec := erasedRecord()
	doc, err := c.Render(rec)
	if err != nil {
		t.Fatal(err)
	}
	good := doc.PDF
	foreign, err := (&Certifier{Key: otherKey(t), Fonts: c.Fonts, Now: fixedNow}).Render(rec)
	if err != nil {
		t.Fatal(err)
	}
	unsigned := mustRender(t, c.Fonts, rec, rec, c.Key.Fingerprint(), false)

	// A record swapped for another one, signed by the genuine key: the page was
	// drawn from one record and the other one is attached.
	other := erasedRecord()
	other.Device.Serial = "S5GXNF0R999999Z"
	swappedVisible := mustSign(t, c.Key, rec, mustRender(t, c.Fonts, rec, other, c.Key.Fingerprint(), false))
	swappedDigest := mustSign(t, c.Key, rec, mustRender(t, c.Fonts, rec, other, c.Key.Fingerprint(), true))

	// The QR code encodes another digest; the text is right.
	canonical, _ := CanonicalRecord(rec)
	var parsed wipe.Record
	json.Unmarshal(canonical, &parsed)
	wrongQR, err := render(c.Fonts, renderInput{rec: &parsed, canonical: canonical, digest: RecordDigest(canonical),
		fingerprint: c.Key.Fingerprint(), qrOverride: qrPayload(rec.CertificateID, strings.Repeat("0", 64))})
	if err != nil {
		t.Fatal(err)
	}
	wrongQR = mustSign(t, c.Key, rec, wrongQR)

	flipAt := func(b []byte, i int) []byte {
		out := bytes.Clone(b)
		out[i] ^= 0x01
		return out
	}
	// A byte inside the embedded record's compressed stream: the file still parses.
	streamAt := bytes.Index(good, []byte("/Type /EmbeddedFile"))
	streamAt = streamAt + bytes.Index(good[streamAt:], []byte("stream\n")) + len("stream\n") + 10

	tests := []struct {
		name string
		data []byte
		want Problem
	}{
		{"byte flipped in the embedded record", flipAt(good, streamAt), ProblemModified},
		{"text edited in the signature's reason", bytes.Replace(good, []byte("7F3K9Q2M"), []byte("7F3K9Q2N"), 1), ProblemModified},
		{"truncated", good[:len(good)-200], ProblemNotPDF},
		{"truncated to half", good[:len(good)/2], ProblemNotPDF},
		{"bytes appended", append(bytes.Clone(good), []byte("\n% extra\n%%EOF\n")...), ProblemCoverage},
		{"signed by another workstation", foreign.PDF, ProblemForeignKey},
		{"not signed", unsigned, ProblemUnsigned},
		{"embedded record differs from the page", swappedVisible, ProblemVisibleData},
		{"embedded record differs from the stated digest", swappedDigest, ProblemRecord},
		{"QR code encodes another digest", wrongQR, ProblemVisibleData},
		{"not a PDF", []byte("hello"), ProblemNotPDF},
	}
	v := &Verifier{Trusted: []string{c.Key.Fingerprint()}, Fonts: c.Fonts}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := v.Verify(tt.data)
			var ve *VerifyError
			if !errors.As(err, &ve) {
				t.Fatalf("Verify = %v, want a *VerifyError %q", err, tt.want)
			}
			if ve.Problem != tt.want {
				t.Errorf("Verify = %v, want problem %q", err, tt.want)
			}
		})
	}
}

// mustRender draws page's page with attached's record; with statePageDigest the
// document states the page record's digest, else the attached one's.
func mustRender(t *testing.T, fonts *Fonts, page, attached *wipe.Record, fp string, statePageDigest bool) []byte {
	t.Helper()
	pageJSON, _ := CanonicalRecord(page)
	attachedJSON, _ := CanonicalRecord(attached)
	var parsed wipe.Record
	json.Unmarshal(pageJSON, &parsed)
	digest := RecordDigest(attachedJSON)
	if statePageDigest {
		digest = RecordDigest(pageJSON)
	}
	out, err := render(fonts, renderInput{rec: &parsed, canonical: attachedJSON, digest: digest, fingerprint: fp})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustSign(t *testing.T, key *Key, rec *wipe.Record, unsigned []byte) []byte {
	t.Helper()
	out, err := signPDF(unsigned, key, rec, fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestVerifyTrustsExportedKey(t *testing.T) {
	c := testCertifier(t)
	other := otherKey(t)
	doc, err := (&Certifier{Key: other, Fonts: c.Fonts, Now: fixedNow}).Render(erasedRecord())
	if err != nil {
		t.Fatal(err)
	}
	fps, err := ParseTrustedKeys(other.PublicPEM())
	if err != nil {
		t.Fatal(err)
	}
	v := &Verifier{Trusted: append([]string{c.Key.Fingerprint()}, fps...), Fonts: c.Fonts}
	if _, err := v.Verify(doc.PDF); err != nil {
		t.Fatalf("Verify with the exported key trusted: %v", err)
	}
}

func TestVerifyNeedsFont(t *testing.T) {
	c := testCertifier(t)
	doc, err := c.Render(erasedRecord())
	if err != nil {
		t.Fatal(err)
	}
	_, err = (&Verifier{Trusted: []string{c.Key.Fingerprint()}}).Verify(doc.PDF)
	if !errors.Is(err, ErrNoFont) {
		t.Fatalf("Verify without fonts = %v, want ErrNoFont", err)
	}
}

func TestIssueFiles(t *testing.T) {
	c := testCertifier(t)
	c.Dir = filepath.Join(t.TempDir(), "certs")
	rec := erasedRecord()
	path, err := c.Issue(rec, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(c.Dir, "2026-11-26_S5GXNF0R123456A_WS-20261126-7F3K9Q2M.pdf"); path != want {
		t.Errorf("Issue filed %s, want %s", path, want)
	}
	jsonBytes, err := os.ReadFile(strings.TrimSuffix(path, ".pdf") + ".json")
	if err != nil {
		t.Fatal(err)
	}
	pdfBytes, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := (&Verifier{Trusted: []string{c.Key.Fingerprint()}, Fonts: c.Fonts}).Verify(pdfBytes)
	if err != nil {
		t.Fatal(err)
	}
	// The digest printed on the certificate is the SHA-256 of the file beside it.
	if !bytes.Equal(jsonBytes, got.RecordJSON) || RecordDigest(jsonBytes) != got.Digest {
		t.Errorf("the JSON beside the PDF hashes to %s, the certificate states %s", RecordDigest(jsonBytes), got.Digest)
	}
	if _, err := c.Issue(rec, ""); !errors.Is(err, os.ErrExist) {
		t.Errorf("issuing the same certificate twice = %v, want an error wrapping ErrExist", err)
	}
}

func BenchmarkRenderAndSign(b *testing.B) {
	for _, bc := range []struct {
		name string
		rec  *wipe.Record
	}{{"en", erasedRecord()}, {"zh-TW", chineseRecord()}} {
		b.Run(bc.name, func(b *testing.B) {
			c := testCertifier(b)
			var size int
			for b.Loop() {
				doc, err := c.Render(bc.rec)
				if err != nil {
					b.Fatal(err)
				}
				size = len(doc.PDF)
			}
			b.ReportMetric(float64(size), "bytes/pdf")
		})
	}
}

func BenchmarkVerify(b *testing.B) {
	c := testCertifier(b)
	doc, err := c.Render(erasedRecord())
	if err != nil {
		b.Fatal(err)
	}
	v := &Verifier{Trusted: []string{c.Key.Fingerprint()}, Fonts: c.Fonts}
	for b.Loop() {
		if _, err := v.Verify(doc.PDF); err != nil {
			b.Fatal(err)
		}
	}
}

// TestQRScans prints the page at 100 dpi and scans the QR code back: it must give
// the certificate ID and the SHA-256 of the embedded record.
func TestQRScans(t *testing.T) {
	testutil.RequireCommand(t, "pdftoppm", "zbarimg")
	c := testCertifier(t)
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := c.Render(tc.rec)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			pdfPath := filepath.Join(dir, "cert.pdf")
			os.WriteFile(pdfPath, doc.PDF, 0o644)
			if out, err := exec.Command("pdftoppm", "-png", "-r", "100", "-singlefile", pdfPath, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v: %s", err, out)
			}
			out, err := exec.Command("zbarimg", "-q", "--raw", filepath.Join(dir, "page.png")).Output()
			if err != nil {
				t.Fatalf("zbarimg found no QR code: %v", err)
			}
			want := qrPayload(tc.rec.CertificateID, RecordDigest(doc.Record))
			if got := strings.TrimSuffix(string(out), "\n"); got != want {
				t.Errorf("QR code reads %q, want %q", got, want)
			}
		})
	}
}

// TestLongRecordPages: an abnormal job with many exceptions flows onto more pages,
// every page keeps its footer, and the file still verifies.
func TestLongRecordPages(t *testing.T) {
	c := testCertifier(t)
	rec := failedRecord()
	for i := range 70 {
		rec.Exceptions = append(rec.Exceptions, msg.Verbatim(fmt.Sprintf("exception %d: a long line of words that an auditor must read about range %d", i, i)))
	}
	for i := range 300 {
		rec.Errors = append(rec.Errors, wipe.RangeError{Offset: int64(i) << 20, Length: 4096, Phase: "verify", Pass: 1, Err: "mismatch"})
	}
	doc, err := c.Render(rec)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := pagesContent(doc.PDF)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 2 {
		t.Fatalf("%d pages, want the exceptions to flow onto a second page", len(pages))
	}
	for i, p := range pages {
		if !strings.Contains(p.text, "RecordSHA-256:"+doc.Digest) || !strings.Contains(p.text, fmt.Sprintf("%sPage%dof%d", rec.CertificateID, i+1, len(pages))) {
			t.Errorf("page %d lacks its footer", i+1)
		}
	}
	var all strings.Builder
	for _, p := range pages {
		all.WriteString(p.text)
	}
	if !strings.Contains(all.String(), fmt.Sprintf("(+%d,seerecord.json)", len(rec.Errors)-rangesShown)) {
		t.Errorf("range errors beyond the first %d are not summarised", rangesShown)
	}
	v := &Verifier{Trusted: []string{c.Key.Fingerprint()}, Fonts: c.Fonts}
	if _, err := v.Verify(doc.PDF); err != nil {
		t.Fatalf("Verify: %v", err)
	}
}

// TestIssueConcurrent: the Runner certifies several devices at once with one
// Certifier (run with -race).
func TestIssueConcurrent(t *testing.T) {
	c := testCertifier(t)
	c.Dir = t.TempDir()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			rec := erasedRecord()
			rec.CertificateID = fmt.Sprintf("WS-20261126-0000000%d", i)
			if i%2 == 1 {
				rec = chineseRecord()
				rec.CertificateID = fmt.Sprintf("WS-20261126-1111111%d", i)
			}
			if _, err := c.Issue(rec, ""); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	entries, err := Register(c.Dir, &Verifier{Trusted: []string{c.Key.Fingerprint()}, Fonts: c.Fonts})
	if err != nil || len(entries) != 4 {
		t.Fatalf("Register = %d entries, %v", len(entries), err)
	}
	for _, e := range entries {
		if !e.Valid {
			t.Errorf("%s: %s", e.File, e.Problem)
		}
	}
}
