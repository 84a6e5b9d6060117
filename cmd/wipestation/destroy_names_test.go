package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/wipe"
)

// TestDestroyAnyName: `destroy --operator 林𡘙` panicked in the certificate
// renderer (a character outside the Basic Multilingual Plane). Now it issues a
// certificate that verifies, the page writes the character as its code point and
// the record keeps the exact name. The config file's operator title is not given
// to a different --operator.
func TestDestroyAnyName(t *testing.T) {
	testutil.RequireCommand(t, "pdftotext")
	e := newCertEnv(t, "")
	cfg, err := os.ReadFile(e.config)
	if err != nil {
		t.Fatal(err)
	}
	// The config file ends in its [operator] table (Alex Chen).
	if err := os.WriteFile(e.config, append(cfg, "title = \"Senior Technician\"\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	const name, tag = "林\U0002161A", "\U0001F4E6-0042"
	pdf := e.destroy(t, "-", "--how", "shred", "--serial", "S-1", "--model", "Cruzer", "--media-type", "usb",
		"--operator", name, "--asset-tag", tag, "--yes")

	raw, err := os.ReadFile(strings.TrimSuffix(pdf, ".pdf") + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var rec wipe.Record
	if err := json.Unmarshal(raw, &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Details.Operator.Name != name || rec.Details.AssetTag != tag {
		t.Errorf("record holds %q / %q, want %q / %q", rec.Details.Operator.Name, rec.Details.AssetTag, name, tag)
	}
	if rec.Details.Operator.Title != "" {
		t.Errorf("operator %q has the config file's operator's title %q", name, rec.Details.Operator.Title)
	}

	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{"林[U+2161A]", "[U+1F4E6]-0042", "[U+XXXX] marks a character", "Not verified: technician's attestation only"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("certificate lacks %q:\n%s", want, out)
		}
	}
	if code, out := runCaptured(t, "cert", "verify", pdf); code != 0 {
		t.Errorf("cert verify = %d: %s", code, out)
	}
}
