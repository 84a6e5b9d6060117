package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/wipe"
)

// TestTUIEndToEnd runs the real binary in tmux against a loop device the test
// made: it selects the device, starts a wipe with the keys a technician presses,
// waits for the result, then finds the record and the certificate on disk and
// reads the backing file to see the medium overwritten. The binary is started
// with --only, so no other device on the machine is even shown.
func TestTUIEndToEnd(t *testing.T) {
	testutil.RequireRoot(t)
	testutil.RequireCommand(t, "tmux", "go", "losetup")

	dir := t.TempDir()
	bin := filepath.Join(dir, "wipestation")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v: %s", err, out)
	}

	loop := testutil.NewLoopDevice(t, 16<<20)
	marker := []byte("WIPESTATION-E2E-OLD-DATA-")
	fillWith(t, loop.Path, marker, 16<<20)

	records, certs, state := filepath.Join(dir, "records"), filepath.Join(dir, "certs"), filepath.Join(dir, "state")
	config := filepath.Join(dir, "wipestation.toml")
	writeFile(t, config, fmt.Sprintf("records_dir = %q\ncert_dir = %q\nkey_dir = %q\naudit_log = %q\n",
		records, certs, filepath.Join(state, "key"), filepath.Join(state, "audit.jsonl")))

	shell := fmt.Sprintf("WIPESTATION_CONFIG=%s %s tui --only %s --records-dir %s; echo EXITED $?; sleep 600",
		config, bin, loop.Path, records)
	term := testutil.NewTerminal(t, 100, 30, shell)

	screen := term.WaitScreen(30*time.Second, loop.Path)
	if strings.Contains(screen, "NOT ELIGIBLE") {
		t.Fatalf("the test's loop device is not eligible:\n%s", screen)
	}
	keys, text := term.Keys, term.Text

	keys("Space", "w")
	term.WaitScreen(10*time.Second, "Pick a method")
	keys("Enter")
	term.WaitScreen(10*time.Second, "Verification")
	keys("Enter")
	term.WaitScreen(10*time.Second, "Job details")
	keys("C-u")
	text("E2E Operator")
	keys("Enter", "C-u")
	text("E2E Org")
	keys("Enter")
	text("E2E-ASSET-0001") // as a barcode scanner types it, enter included
	keys("Enter", "Enter", "Enter", "Enter")
	term.WaitScreen(10*time.Second, "Type ERASE 1")
	text("ERASE 1")
	keys("Enter")

	screen = term.WaitScreen(3*time.Minute, "ERASED", "FAILED", "REFUSED", "ABORTED")
	if !strings.Contains(screen, "ERASED") {
		t.Fatalf("the job did not end erased:\n%s", screen)
	}
	keys("q")
	term.WaitScreen(20*time.Second, "EXITED 0")

	// The record says what happened, with what the technician typed.
	rec := findRecord(t, records)
	if rec.Status != wipe.StatusErased || rec.Device.Path != loop.Path || rec.Details.AssetTag != "E2E-ASSET-0001" ||
		rec.Details.Operator.Name != "E2E Operator" || !rec.Verification.Verified {
		t.Errorf("record: status %s device %s asset tag %q operator %q verified %v",
			rec.Status, rec.Device.Path, rec.Details.AssetTag, rec.Details.Operator.Name, rec.Verification.Verified)
	}
	// The certificate is on disk.
	pdfs, _ := filepath.Glob(filepath.Join(certs, "*.pdf"))
	if more, _ := filepath.Glob(filepath.Join(certs, "*", "*.pdf")); len(more) > 0 {
		pdfs = append(pdfs, more...)
	}
	if len(pdfs) != 1 {
		t.Errorf("found %d certificates in %s, want 1: %v", len(pdfs), certs, pdfs)
	} else if data, err := os.ReadFile(pdfs[0]); err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Errorf("certificate %s is not a PDF (%v)", pdfs[0], err)
	}
	// The medium holds none of the old data.
	data, err := os.ReadFile(loop.BackingFile)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(data, marker); n > 0 {
		t.Errorf("the medium still holds the old data %d times", n)
	}
}

// fillWith writes pattern over the first size bytes of the test's own device.
func fillWith(t *testing.T, path string, pattern []byte, size int) {
	t.Helper()
	buf := bytes.Repeat(pattern, size/len(pattern)+1)[:size]
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(buf, 0); err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// findRecord reads the one job record in dir.
func findRecord(t *testing.T, dir string) wipe.Record {
	t.Helper()
	var found []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			found = append(found, p)
		}
		return nil
	})
	if len(found) != 1 {
		t.Fatalf("found %d job records in %s, want 1: %v", len(found), dir, found)
	}
	data, err := os.ReadFile(found[0])
	if err != nil {
		t.Fatal(err)
	}
	var rec wipe.Record
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatalf("record %s: %v", found[0], err)
	}
	return rec
}
