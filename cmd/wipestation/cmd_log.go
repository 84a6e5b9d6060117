package main

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/wipestation/wipestation/certificate"
)

// logCmd is `wipestation log`.
type logCmd struct {
	Verify logVerifyCmd `cmd:"" help:"Check that no line of the audit log was edited, removed, reordered or lost."`
}

// logVerifyCmd is `wipestation log verify`.
type logVerifyCmd struct {
	Log string `name:"log" placeholder:"FILE" help:"Audit log to check (default: the config file's audit_log, or audit.jsonl in the records folder)."`
	Key string `name:"key" type:"existingfile" placeholder:"PEM" help:"Check signatures with the keys in this PEM file ('key show --export' on the workstation that wrote the log). Default: this workstation's keys, from its key folder."`
}

// Run checks the log: exit 0 when every byte of it is a good, chained, signed
// line; 1 when a line is bad or bytes were lost (a recorded break); 2 when there
// is no log or no key to check it with.
func (c *logVerifyCmd) Run(g *Globals) error {
	cfg, err := loadConfig(g)
	if err != nil {
		return err
	}
	path := c.Log
	if path == "" {
		path = auditLogPath(cfg)
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return usagef("audit log %s: no such file", path)
		}
		return err
	}
	defer f.Close()

	var keys certificate.AuditKeys
	if c.Key != "" {
		data, err := os.ReadFile(c.Key)
		if err != nil {
			return usagef("--key: %v", err)
		}
		if keys, err = certificate.ParseAuditKeys(data); err != nil {
			return usagef("--key %s: %v", c.Key, err)
		}
	} else {
		dir := keyDir(cfg)
		if keys, err = certificate.LoadAuditKeys(dir); err != nil {
			return fmt.Errorf("read this workstation's keys: %w", err)
		}
		if keys.Audit == nil && keys.Legacy == nil {
			return usagef("no keys in %s to check the log's signatures with: pass --key (the writing workstation's 'key show --export')", dir)
		}
	}
	rep, err := certificate.VerifyAuditLog(f, keys)
	if err != nil {
		fmt.Printf("BAD     %s: %v\n", path, err)
		return &exitStatus{code: exitFailed, err: fmt.Errorf("audit log %s: %w", path, err)}
	}
	signed := describeSigners(rep, keys)
	if rep.Intact() {
		fmt.Printf("OK      %s: %d lines, chain intact, every line signed: %s; head %s\n", path, rep.Lines, signed, rep.Head)
		return nil
	}
	fmt.Printf("BROKEN  %s: %d lines; every good line chained and signed (%s), but bytes were lost:\n", path, rep.Lines, signed)
	for _, b := range rep.Breaks {
		fmt.Printf("  %s; sealed by seq %d\n", describeBreak(b), b.SealedBy)
	}
	if b := rep.Torn; b != nil {
		fmt.Printf("  %s; at the end, not yet sealed (the next append seals it)\n", describeBreak(*b))
	}
	fmt.Printf("  head %s\n", rep.Head)
	n := len(rep.Breaks)
	if rep.Torn != nil {
		n++
	}
	return &exitStatus{code: exitFailed, err: fmt.Errorf("audit log %s: bytes lost at %d places", path, n)}
}

// describeBreak says where a break is and what was lost.
func describeBreak(b certificate.AuditBreak) string {
	where := fmt.Sprintf("line %d", b.Line)
	if b.Lines > 1 {
		where = fmt.Sprintf("lines %d-%d", b.Line, b.Line+b.Lines-1)
	}
	return fmt.Sprintf("%s: %d bytes at offset %d are not a good line (sha256 %s; %s)", where, b.Bytes, b.Offset, b.SHA256, b.Why)
}

// describeSigners says which key signed which lines of a verified log.
func describeSigners(rep *certificate.AuditReport, keys certificate.AuditKeys) string {
	fingerprint := func(k *ecdsa.PublicKey) string {
		fp, _ := certificate.Fingerprint(k) // a key that verified a line marshals
		return "SHA256:" + fp
	}
	var parts []string
	if rep.Legacy > 0 {
		parts = append(parts, fmt.Sprintf("seq 1-%d in the legacy scheme, signed by the certificate key %s", rep.Legacy, fingerprint(keys.Legacy)))
	}
	if rep.Seq > rep.Legacy {
		parts = append(parts, fmt.Sprintf("seq %d-%d signed by the audit-log key %s", rep.Legacy+1, rep.Seq, fingerprint(keys.Audit)))
	}
	if len(parts) == 0 {
		return "no entries"
	}
	return strings.Join(parts, "; ")
}
