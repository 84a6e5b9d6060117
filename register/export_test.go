package register

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/register/store/storetest"
)

// The export is a certificate folder that cert list accepts: every file valid.
func TestExportIsAFolderCertListAccepts(t *testing.T) {
	fonts := testFonts(t)
	desk1, desk2 := selfSignedKey(t, "desk-1"), selfSignedKey(t, "desk-2")
	at := testNow.Add(-time.Hour)
	pdf1 := issue(t, fonts, desk1, jobRecord("WS-20261126-GGGG0001", "SER-1", "desk-1", at), at)
	pdf2 := issue(t, fonts, desk2, jobRecord("WS-20261126-GGGG0002", "SER-1", "desk-2", at), at)
	trusted := []string{desk1.Fingerprint(), desk2.Fingerprint()}
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			h := newHarness(t, kind, fonts, Workstations{Trusted: trusted})
			h.client(desk1).Push(ctx, pdf1)
			h.client(desk2).Push(ctx, pdf2)
			dir := filepath.Join(t.TempDir(), "export")
			for _, want := range []ExportResult{{Written: 2}, {Unchanged: 2}} {
				got, err := Export(ctx, h.store, dir)
				if err != nil || got != want {
					t.Fatalf("export: %+v, %v; want %+v", got, err, want)
				}
			}
			entries, err := certificate.Register(dir, &certificate.Verifier{Trusted: trusted, Fonts: fonts})
			if err != nil || len(entries) != 2 {
				t.Fatalf("cert list of the export: %d entries, %v", len(entries), err)
			}
			for _, e := range entries {
				if !e.Valid {
					t.Errorf("%s: %s", e.File, e.Problem)
				}
			}
			// A different file under an exported name is never overwritten.
			name := filepath.Join(dir, entries[0].File[len(dir)+1:])
			os.WriteFile(name, []byte("%PDF-other"), 0o644)
			if _, err := Export(ctx, h.store, dir); err == nil || !strings.Contains(err.Error(), "different file") {
				t.Errorf("export over a different file: %v", err)
			}
			if b, _ := os.ReadFile(name); string(b) != "%PDF-other" {
				t.Error("the different file was overwritten")
			}
		})
	}
}
