package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/wipe"
)

// TestWipeWithBackup: `wipe --backup` copies the device into an encrypted archive
// before erasing it, the record says so, and `backup restore` brings back every
// byte. Without a recipient nothing is touched.
func TestWipeWithBackup(t *testing.T) {
	testutil.RequireRoot(t)
	const size = 16 << 20
	l := testutil.NewLoopDevice(t, size)
	original := make([]byte, size)
	rand.Read(original[:1<<20])                                               // random
	copy(original[5<<20:], bytes.Repeat([]byte("official business\n"), 4000)) // text
	original[size-1] = 0x42                                                   // a lone byte at the end; zeros between
	if err := os.WriteFile(l.BackingFile, original, 0o600); err != nil {
		t.Fatal(err)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	scratch := testutil.ScratchDir(t)
	keyFile := filepath.Join(scratch, "org.key")
	os.WriteFile(keyFile, []byte(id.String()+"\n"), 0o600)
	backups := filepath.Join(scratch, "backups")
	os.Mkdir(backups, 0o700)
	records, certs := filepath.Join(scratch, "records"), filepath.Join(scratch, "certs")

	t.Run("no recipient: refused up front, device untouched", func(t *testing.T) {
		r := wipestation(t, "wipe", "--yes", "--method", "zero", "--records-dir", records, "--cert-dir", certs, "--backup", backups, l.Path)
		if r.code != exitUsage || !strings.Contains(r.stderr, "recipient") {
			t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
		}
		if got, _ := os.ReadFile(l.BackingFile); !bytes.Equal(got, original) {
			t.Fatal("the device changed")
		}
	})

	r := wipestation(t, "wipe", "--yes", "--json", "--method", "zero", "--records-dir", records, "--cert-dir", certs,
		"--backup", backups, "--backup-recipient", id.Recipient().String(), l.Path)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	var result struct {
		Status string `json:"status"`
		Record string `json:"record"`
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	json.Unmarshal([]byte(lines[len(lines)-1]), &result)
	var rec wipe.Record
	if b, err := os.ReadFile(result.Record); err != nil || json.Unmarshal(b, &rec) != nil {
		t.Fatalf("record %s: %v", result.Record, err)
	}
	if rec.Status != wipe.StatusErased || rec.Backup == nil || !rec.Backup.Verified || rec.Details.DataBackedUp != "Yes" {
		t.Fatalf("record: status %s, backup %+v, data backed up %q", rec.Status, rec.Backup, rec.Details.DataBackedUp)
	}
	if got, _ := os.ReadFile(l.BackingFile); !bytes.Equal(got, make([]byte, size)) {
		t.Fatal("the device was not zeroed")
	}

	restored := filepath.Join(scratch, "restored.img")
	r = wipestation(t, "backup", "restore", rec.Backup.Location, "--identity", keyFile, "--to", restored)
	if r.code != exitOK {
		t.Fatalf("restore: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	if got, _ := os.ReadFile(restored); !bytes.Equal(got, original) {
		t.Fatal("the restored image differs from the device before the wipe")
	}
}
