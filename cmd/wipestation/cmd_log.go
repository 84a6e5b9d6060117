package main

import (
	"bufio"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/wipestation/wipestation/certificate"
)

// logCmd is `wipestation log`.
type logCmd struct {
	Verify logVerifyCmd `cmd:"" help:"Check that no line of the audit log was edited, removed or reordered."`
}

// logVerifyCmd is `wipestation log verify`.
type logVerifyCmd struct {
	Log string `name:"log" placeholder:"FILE" help:"Audit log to check (default: the config file's audit_log, or audit.jsonl in the records folder)."`
	Key string `name:"key" type:"existingfile" placeholder:"PEM" help:"Require every line to be signed by the key in this PEM file (from 'key show --export'). Without it, signed logs are checked against this workstation's key."`
}

// Run checks the log and exits 1 naming the first bad line.
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

	var pub *ecdsa.PublicKey
	switch {
	case c.Key != "":
		data, err := os.ReadFile(c.Key)
		if err != nil {
			return usagef("--key: %v", err)
		}
		if pub, err = certificate.ParsePublicKey(data); err != nil {
			return usagef("--key %s: %v", c.Key, err)
		}
	case firstLineSigned(path):
		k, err := certificate.LoadKey(keyDir(cfg))
		if err != nil {
			return fmt.Errorf("the log is signed but this workstation's key cannot be read (pass --key): %w", err)
		}
		pub = &k.Private.PublicKey
	}
	lines, head, err := certificate.VerifyAuditLog(f, pub)
	if err != nil {
		fmt.Printf("BAD  %s: %v\n", path, err)
		return &exitStatus{code: exitFailed, err: fmt.Errorf("audit log %s: %w", path, err)}
	}
	signed := "not signed (hash chain checked only)"
	if pub != nil {
		signed = "every line signed by the workstation key"
	}
	fmt.Printf("OK   %s: %d lines, chain intact, %s; head %s\n", path, lines, signed, head)
	return nil
}

// firstLineSigned reports whether the log's first line carries a signature.
func firstLineSigned(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	if !sc.Scan() {
		return false
	}
	var e certificate.AuditEntry
	return json.Unmarshal(sc.Bytes(), &e) == nil && e.Sig != ""
}
