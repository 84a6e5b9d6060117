package certificate

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/digitorus/pdf"

	"github.com/wipestation/wipestation/certificate/internal/layout1"
	"github.com/wipestation/wipestation/wipe"
)

// The two hand-run steps of docs/certificate.md, "Layout versions". Neither ever
// rewrites a file that exists: what a layout drew and what a release issued are
// records, not expectations to update.
var (
	freezeLayout = flag.Bool("freeze-layout", false, "write testdata/layouts files for the current LayoutVersion that do not exist yet")
	writeIssued  = flag.Bool("write-issued", false, "write testdata/issued certificates of the current LayoutVersion that do not exist yet")
)

// recordCase is a named record of the tests.
type recordCase = struct {
	name string
	rec  *wipe.Record
}

// layoutCases are the records whose pages pin a layout down (TestLayoutDigests):
// each status and kind of job, in both languages, one page and several.
func layoutCases(t *testing.T) []recordCase {
	cases := goldenCases()
	gutmannZh := overwriteRecord(t, "gutmann")
	gutmannZh.Details = chineseRecord().Details
	return append(cases, []recordCase{
		{"gutmann-en", overwriteRecord(t, "gutmann")},
		{"gutmann-zh-TW", gutmannZh},
		{"many-exceptions-en", manyExceptionsRecord()},
	}...)
}

// layoutFile is the file of testdata/layouts that holds the digests of the
// pages that layout draws.
func layoutFile(layout string) string {
	return filepath.Join("testdata", "layouts", strings.ReplaceAll(layout, "/", "-")+".sha256")
}

// semanticDigest is the SHA-256 of everything of doc that compareVisible
// compares, as it compares it (parsed, canonical): the document information and
// name tree, every page's attributes and resources (fonts down to the font
// program) and every drawing operation with its operands.
func semanticDigest(t *testing.T, doc []byte) string {
	t.Helper()
	r := rdr(t, doc)
	h := sha256.New()
	fmt.Fprintln(h, "info", canonical(r.Trailer().Key("Info")))
	fmt.Fprintln(h, "names", canonical(r.Trailer().Key("Root").Key("Names")))
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		keys := append(p.V.Keys(), inheritable...)
		slices.Sort(keys)
		for _, k := range slices.Compact(keys) {
			if !slices.Contains(pageIgnored, k) {
				fmt.Fprintln(h, "page", i, k, canonical(pageAttr(p, k)))
			}
		}
		ops, err := drawing(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range ops {
			fmt.Fprintln(h, op.canonical)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// layoutRecord is the canonical record of a layout case, as stored in
// testdata/layouts: the page is drawn from these bytes, as `cert verify` draws an
// issued certificate's, so that edits to the test fixtures do not move the
// digests. Each layout draws records of the schema its release wrote: layout 1
// the schema-v1 records in records/, the current layout the schema-v2 records
// (messages) in records-v2/.
func layoutRecord(t *testing.T, layout, name string, rec *wipe.Record) []byte {
	t.Helper()
	dir := "records-v2"
	if layout == layout1.Version {
		dir = "records"
	}
	path := filepath.Join("testdata", "layouts", dir, name+".json")
	b, err := os.ReadFile(path)
	if err == nil || !errors.Is(err, os.ErrNotExist) || !*freezeLayout {
		if err != nil {
			t.Fatalf("layout record (go test -run TestLayoutDigests -freeze-layout writes the missing ones): %v", err)
		}
		return b
	}
	e, err := EmbedRecord(rec, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, e.Canonical, 0o644); err != nil {
		t.Fatal(err)
	}
	return e.Canonical
}

// frozenLayouts are the earlier layouts that Verifier.drawAgain still draws.
var frozenLayouts = []string{layout1.Version}

// TestLayoutDigests ties each layout version to what it draws: the pages that
// Verifier.drawAgain draws with it for a fixed set of records must have the
// digests recorded for that version. Any change to a label, a translation, a
// format, the geometry or the PDF library's drawing changes them, and would make
// `cert verify` call every certificate already issued with that layout forged.
// The current layout's digests were recorded by -freeze-layout when it was new;
// layout 1's from the pages the release at commit 3ed9d9e drew for the same
// records (byte for byte what internal/layout1 draws).
func TestLayoutDigests(t *testing.T) {
	c := testCertifier(t)
	emb, err := EmbeddedFonts()
	if err != nil {
		t.Fatal(err)
	}
	cases := layoutCases(t)
	for _, layout := range append([]string{LayoutVersion}, frozenLayouts...) {
		t.Run(layout, func(t *testing.T) {
			fontLine := "# fonts " + c.Fonts.fontKeywords()
			if layout == LayoutVersion {
				fontLine += "; embedded: " + emb.fontKeywords()
			}
			got := map[string]string{}
			lines := []string{"# " + layout + ": pages as drawn when it was frozen", fontLine}
			for _, tc := range cases {
				canonical := layoutRecord(t, layout, tc.name, tc.rec)
				var parsed wipe.Record
				if err := json.Unmarshal(canonical, &parsed); err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				in := renderInput{rec: &parsed, canonical: canonical, digest: RecordDigest(canonical), fingerprint: c.Key.Fingerprint()}
				doc, err := drawAgain(layout, c.Fonts, in)
				if err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				got[tc.name] = semanticDigest(t, doc)
				lines = append(lines, tc.name+" "+got[tc.name])
				// English pages of the current layout are also drawn with the fonts
				// built into the binary (a machine without a certificate font).
				if layout == LayoutVersion && parsed.Details.Language != LangTraditionalChinese {
					doc, err := drawAgain(layout, emb, in)
					if err != nil {
						t.Fatalf("%s with the embedded fonts: %v", tc.name, err)
					}
					name := "embedded:" + tc.name
					got[name] = semanticDigest(t, doc)
					lines = append(lines, name+" "+got[name])
				}
			}
			path := layoutFile(layout)
			data, err := os.ReadFile(path)
			if errors.Is(err, os.ErrNotExist) && *freezeLayout && layout == LayoutVersion {
				if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("wrote %s", path)
				return
			}
			if err != nil {
				t.Fatalf("no digests recorded for %s (%v): a new layout version records its own with go test ./certificate -run TestLayoutDigests -freeze-layout (docs/certificate.md, \"Layout versions\")", layout, err)
			}
			want, fonts := map[string]string{}, ""
			sc := bufio.NewScanner(bytes.NewReader(data))
			for sc.Scan() {
				line := sc.Text()
				if f, ok := strings.CutPrefix(line, "# fonts "); ok {
					fonts = f
				}
				if name, digest, ok := strings.Cut(line, " "); ok && !strings.HasPrefix(line, "#") {
					want[name] = digest
				}
			}
			if "# fonts "+fonts != fontLine {
				skip(t, fmt.Sprintf("%s was recorded with the fonts %s; this machine has %s, which draw other pages", path, fonts, strings.TrimPrefix(fontLine, "# fonts ")))
			}
			var changed []string
			for name, digest := range got {
				if digest != want[name] {
					changed = append(changed, name)
				}
			}
			sort.Strings(changed)
			switch {
			case len(changed) == 0:
			case layout != LayoutVersion:
				t.Fatalf(`the frozen layout %[1]s draws other pages than it did (cases %[2]s; recorded in %[3]s),
so certificates issued with it would fail cert verify as forged. A frozen layout is never edited:
undo the change to its package, or to the PDF library or QR encoder it draws with.
See docs/certificate.md, "Layout versions".`, layout, strings.Join(changed, ", "), path)
			default:
				t.Fatalf(`the pages that %[1]s draws have changed (cases %[2]s; recorded in %[3]s).
Certificates already issued with %[1]s would then fail cert verify as forged. Either undo the change
(a label, a translation, a format, the geometry, the PDF library) or make it a new layout version:
  1. freeze the layout as the last release drew it: a package certificate/internal/layoutN (like
     internal/layout1) with that release's renderer, labels and translations, a case for it
     in Verifier.drawAgain, and its marker in frozenLayouts;
  2. check that testdata/issued holds certificates of that layout (TestWriteIssued wrote them when
     it was new; TestVerifyIssuedBefore lists them);
  3. bump LayoutVersion in render.go and say what changed in its comment;
  4. record the new version's digests and certificates:
       go test ./certificate -run 'TestLayoutDigests|TestWriteIssued' -freeze-layout -write-issued
     and list the new files in TestVerifyIssuedBefore.
See docs/certificate.md, "Layout versions".`, layout, strings.Join(changed, ", "), path)
			}
		})
	}
}

// issuedCases are the certificates of the current layout kept in testdata/issued
// (TestWriteIssued writes them, TestVerifyIssuedBefore verifies them).
func issuedCases() []recordCase {
	return []recordCase{
		{"erased-en", erasedRecord()},
		{"erased-zh-TW", chineseRecord()},
		{"failed-en", failedRecord()},
		{"failed-zh-TW", chineseFailedRecord()},
	}
}

// issuedName is the testdata/issued file of an issued case of the current layout.
func issuedName(name string) string {
	return strings.ReplaceAll(LayoutVersion, "/", "-") + "-" + name + ".pdf"
}

// TestWriteIssued is run by hand with -write-issued, once per layout version:
// it issues the certificates of issuedCases with the test key and keeps them in
// testdata/issued, so that the suite goes on verifying them after the next
// layout change. Files that exist are never rewritten.
func TestWriteIssued(t *testing.T) {
	if !*writeIssued {
		t.Skip("run by hand: go test ./certificate -run TestWriteIssued -write-issued")
	}
	c := testCertifier(t)
	for _, tc := range issuedCases() {
		path := filepath.Join("testdata", "issued", issuedName(tc.name))
		if _, err := os.Stat(path); err == nil {
			t.Logf("%s exists; kept", path)
			continue
		}
		doc, err := c.Render(tc.rec)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, doc.PDF, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
	}
}

// layout1Page is the page layout 1 draws for the record embedded in the issued
// layout-1 certificate file, unsigned, and that record.
func layout1Page(t *testing.T, c *Certifier, file string) ([]byte, *wipe.Record) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "issued", file))
	if err != nil {
		t.Fatal(err)
	}
	canonical, err := embeddedRecord(rdr(t, data))
	if err != nil {
		t.Fatal(err)
	}
	var rec wipe.Record
	if err := json.Unmarshal(canonical, &rec); err != nil {
		t.Fatal(err)
	}
	page, err := layout1.Render(c.Fonts.regular, c.Fonts.bold, c.Fonts.RegularPath, canonical, RecordDigest(canonical), c.Key.Fingerprint())
	if err != nil {
		t.Fatal(err)
	}
	return page, &rec
}

// TestLayout1Compared: a layout-1 certificate is compared with the page layout
// 1 draws, as exactly as the current layout's: the same page signed again
// verifies, an edit made with the genuine key does not, and the layout marker
// cannot be changed to pick another renderer.
func TestLayout1Compared(t *testing.T) {
	c := testCertifier(t)
	v := &Verifier{Trusted: []string{c.Key.Fingerprint()}, Fonts: c.Fonts}
	page, rec := layout1Page(t, c, "release-2026-12-failed-en.pdf")
	res, err := v.Verify(mustSign(t, c.Key, rec, page))
	if err != nil {
		t.Fatalf("layout 1's page of the issued record, signed again: %v", err)
	}
	if res.Layout != layout1.Version {
		t.Errorf("layout %q, want %q", res.Layout, layout1.Version)
	}

	const red, green = "0.690 0.118 0.118 rg", "0.106 0.431 0.227 rg"
	content := pageOneContent(t, page)
	if !strings.Contains(content, red) {
		t.Fatalf("the report's banner is not drawn as this test expects:\n%.2000s", content)
	}
	recoloured := editPDF(t, page, func(first uint32, p pdf.Page) (map[string]string, map[string]string, []string) {
		return map[string]string{"Contents": fmt.Sprintf("%d 0 R", first)}, nil, []string{streamObj(strings.Replace(content, red, green, 1))}
	})
	marker := func(to string) []byte {
		from := utf16BE(layout1.Version)
		if bytes.Count(page, from) != 1 || len(to) != len(layout1.Version) {
			t.Fatalf("the layout marker is not written as this test expects")
		}
		return bytes.Replace(page, from, utf16BE(to), 1)
	}
	for _, tc := range []struct {
		name string
		doc  []byte
		want string
	}{
		{"banner recoloured green", recoloured, "drawing operation"},
		{"marked as layout 2", marker(LayoutVersion), ""},
		{"marked as a layout no version draws", marker("wipestation-layout/9"), `page layout "wipestation-layout/9" is not one this version draws`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := v.Verify(mustSign(t, c.Key, rec, tc.doc))
			var ve *VerifyError
			if !errors.As(err, &ve) || ve.Problem != ProblemVisibleData || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Verify = %v, want %q (%s)", err, ProblemVisibleData, tc.want)
			}
			t.Log(err)
		})
	}
}

// TestVerifyOtherFont: where another font is installed than the one a
// certificate was drawn with, cert verify still fails (the font programs are
// part of the page), and says which font the certificate records and which
// this machine has; for layout 1, which records none, it says that.
func TestVerifyOtherFont(t *testing.T) {
	c := testCertifier(t)
	other := strings.Replace(c.Fonts.RegularPath, "LXGWWenKai-Regular", "LXGWWenKaiMono-Regular", 1)
	if other == c.Fonts.RegularPath {
		skip(t, "the certificate font is not LXGW WenKai; no other version of it to test with")
	}
	fonts, err := LoadFonts(other)
	if err != nil {
		skip(t, fmt.Sprintf("no second font to verify with: %v", err))
	}
	v := &Verifier{Trusted: []string{c.Key.Fingerprint()}, Fonts: fonts}
	doc, err := c.Render(erasedRecord())
	if err != nil {
		t.Fatal(err)
	}
	v1doc, err := os.ReadFile(filepath.Join("testdata", "issued", "release-2026-12-erased-en.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		doc  []byte
		want []string
	}{
		{"current layout", doc.PDF, []string{
			"this certificate was drawn with font " + c.Fonts.regularID,
			"this machine has " + fonts.regularID,
		}},
		{"layout 1", v1doc, []string{
			"this machine's font " + fonts.regularID,
			"the certificate does not record which font it was drawn with",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := v.Verify(tc.doc)
			var ve *VerifyError
			if !errors.As(err, &ve) || ve.Problem != ProblemVisibleData {
				t.Fatalf("Verify with another font = %v, want %q", err, ProblemVisibleData)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the message does not say %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestRequireCertified(t *testing.T) {
	for _, c := range []struct {
		layout    string
		certified bool
		ok        bool
	}{
		{layout1.Version, false, true},
		{layout1.Version, true, true},
		{LayoutVersion, true, true},
		{LayoutVersion, false, false},
		{"", false, false},
	} {
		if err := requireCertified(c.layout, c.certified); (err == nil) != c.ok {
			t.Errorf("%q certified=%v: %v", c.layout, c.certified, err)
		}
	}
	// What the issued files carry: layout 1 under an approval signature, layout 2
	// certified.
	v := &Verifier{Trusted: []string{testKey(t).Fingerprint()}, Fonts: testFonts(t)}
	for name, want := range map[string]bool{"release-2026-12-erased-en.pdf": false, "wipestation-layout-2-erased-en.pdf": true} {
		data, err := os.ReadFile(filepath.Join("testdata", "issued", name))
		if err != nil {
			t.Fatal(err)
		}
		res, err := v.Verify(data)
		if err != nil || res.Certified != want {
			t.Errorf("%s: certified %v, want %v (%v)", name, res != nil && res.Certified, want, err)
		}
	}
}
