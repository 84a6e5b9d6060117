package wipe

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// NewCertificateID returns a unique certificate ID: the date (UTC) and 10 random
// hex digits, e.g. WS-20261126-3F9A0C12BE. It is the one generator of certificate
// IDs: every job and every destruction record takes its ID from here.
func NewCertificateID(started time.Time) (string, error) {
	var b [5]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("certificate id: %w", err)
	}
	return fmt.Sprintf("WS-%s-%s", started.UTC().Format("20060102"), strings.ToUpper(hex.EncodeToString(b[:]))), nil
}

// RecordFileName is the sortable name of a record: start time (UTC), the medium's
// serial (or kernel name), and the certificate ID.
func RecordFileName(rec *Record) string {
	who := rec.Device.Serial
	if who == "" {
		who = rec.Device.Name
	}
	if who == "" {
		who = filepath.Base(rec.Device.Path)
	}
	return fmt.Sprintf("%s_%s_%s.json", rec.Started.UTC().Format("20060102T150405Z"), safeName(who), rec.CertificateID)
}

// safeName keeps letters, digits, dot, dash and underscore, so that a serial cannot
// make a path.
func safeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	out := strings.Trim(b.String(), ".")
	if out == "" {
		return "unknown"
	}
	if len(out) > 64 {
		out = out[:64]
	}
	return out
}

// WriteRecord writes rec as JSON into dir atomically: a temporary file in the same
// folder, fsync, rename, then fsync of the folder. A reader sees the whole record or
// nothing. It returns the record's path.
func WriteRecord(dir string, rec *Record) (string, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("write record: %w", err)
	}
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return "", fmt.Errorf("write record %s: %w", rec.CertificateID, err)
	}
	b = append(b, '\n')
	final := filepath.Join(dir, RecordFileName(rec))
	tmp, err := os.CreateTemp(dir, ".record-*.tmp")
	if err != nil {
		return "", fmt.Errorf("write record: %w", err)
	}
	cleanup := func() { tmp.Close(); os.Remove(tmp.Name()) }
	if _, err := tmp.Write(b); err != nil {
		cleanup()
		return "", fmt.Errorf("write record %s: %w", tmp.Name(), err)
	}
	if err := tmp.Chmod(0o640); err != nil {
		cleanup()
		return "", fmt.Errorf("write record %s: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		cleanup()
		return "", fmt.Errorf("write record %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("write record %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("write record %s: %w", final, err)
	}
	d, err := os.Open(dir)
	if err != nil {
		return final, fmt.Errorf("write record %s: sync folder: %w", final, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return final, fmt.Errorf("write record %s: sync folder: %w", final, err)
	}
	return final, nil
}
