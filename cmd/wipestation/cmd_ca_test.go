package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/internal/testutil"
)

// TestCAEnrolment runs the whole enrolment from the command line: a CA, a request,
// the chain installed, a certificate issued with it that the workstation still
// verifies by its key and poppler trusts through the organization's root; then a
// token enrolment, and the refusals with their exit codes.
func TestCAEnrolment(t *testing.T) {
	e := newCertEnv(t, "")
	caDir := filepath.Join(e.dir, "ca")
	root := filepath.Join(caDir, "ca-cert.pem")
	write := func(name, data string) string {
		p := filepath.Join(e.dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mustRun(t, "ca", "init", "--dir", caDir, "--org", "Example Corp")
	csr := write("ws.csr", mustRun(t, "key", "csr"))
	chain := write("ws.pem", mustRun(t, "ca", "sign", "--dir", caDir, csr))
	mustRun(t, "key", "install", chain, "--ca", root)
	if out := mustRun(t, "key", "show"); !strings.Contains(out, "issued by:    CN=Example Corp wipestation CA") {
		t.Errorf("key show after install:\n%s", out)
	}
	pdf := e.destroy(t, "-", "--how", "shred", "--serial", "S-1", "--model", "M", "--media-type", "hdd", "--yes")
	if out := mustRun(t, "cert", "verify", pdf); !strings.HasPrefix(out, "OK   ") {
		t.Errorf("cert verify of an enrolled workstation's certificate:\n%s", out)
	}
	t.Run("pdfsig trusts the root", func(t *testing.T) {
		testutil.RequireCommand(t, "pdfsig", "certutil")
		db := "sql:" + t.TempDir()
		for _, args := range [][]string{{"-N", "-d", db, "--empty-password"}, {"-A", "-d", db, "-n", "org", "-t", "C,C,C", "-a", "-i", root}} {
			if out, err := exec.Command("certutil", args...).CombinedOutput(); err != nil {
				t.Fatalf("certutil %q: %v\n%s", args, err, out)
			}
		}
		out, _ := exec.Command("pdfsig", "-nssdir", db, pdf).CombinedOutput()
		if !strings.Contains(string(out), "Signature is Valid.") || !strings.Contains(string(out), "Certificate is Trusted.") {
			t.Errorf("pdfsig:\n%s", out)
		}
	})

	other := filepath.Join(e.dir, "other-ca")
	mustRun(t, "ca", "init", "--dir", other, "--org", "Elsewhere Ltd")
	t.Run("cert verify --ca trusts the organization, not its own key", func(t *testing.T) {
		// An auditor's machine: no workstation key of its own.
		auditor := write("auditor.toml", "key_dir = \""+filepath.Join(e.dir, "no-key")+"\"\n")
		t.Setenv("WIPESTATION_CONFIG", auditor)
		if code, out := runCaptured(t, "cert", "verify", "--ca", root, pdf); code != 0 || !strings.HasPrefix(out, "OK   ") {
			t.Errorf("--ca the organization's root: exit %d\n%s", code, out)
		}
		if code, out := runCaptured(t, "cert", "verify", "--ca", filepath.Join(other, "ca-cert.pem"), pdf); code != exitFailed || !strings.Contains(out, "not trusted") {
			t.Errorf("--ca another organization's root: exit %d\n%s", code, out)
		}
		if code, _ := runCaptured(t, "cert", "verify", "--ca", chain, pdf); code != exitUsage {
			t.Errorf("--ca with a file that holds a workstation certificate first: exit %d, want %d", code, exitUsage)
		}
	})

	token := strings.TrimSpace(mustRun(t, "ca", "token", "--dir", caDir, "--valid", "1h"))
	tokenCSR := write("token.csr", mustRun(t, "key", "csr", "--token", token))
	mustRun(t, "ca", "sign", "--dir", caDir, "--token", tokenCSR)

	tests := []struct {
		name string
		args []string
		code int
	}{
		{"CA exists", []string{"ca", "init", "--dir", caDir, "--org", "Example Corp"}, exitUsage},
		{"no organization", []string{"ca", "init", "--dir", filepath.Join(e.dir, "ca2")}, exitUsage},
		{"token used twice", []string{"ca", "sign", "--dir", caDir, "--token", tokenCSR}, exitFailed},
		{"token required", []string{"ca", "sign", "--dir", caDir, "--token", csr}, exitFailed},
		{"not a request", []string{"ca", "sign", "--dir", caDir, root}, exitUsage},
		{"no CA", []string{"ca", "sign", "--dir", e.dir, csr}, exitUsage},
		{"token too long-lived", []string{"ca", "token", "--dir", caDir, "--valid", "1000h"}, exitUsage},
		{"damaged token", []string{"key", "csr", "--token", "wst1-x"}, exitUsage},
		{"another organization's root", []string{"key", "install", chain, "--ca", filepath.Join(other, "ca-cert.pem")}, exitFailed},
		{"a root is not a chain for this key", []string{"key", "install", root}, exitFailed},
		{"--ca not a CA", []string{"key", "install", chain, "--ca", chain}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, out := runCaptured(t, tt.args...); code != tt.code {
				t.Errorf("%q exited %d, want %d: %s", tt.args, code, tt.code, out)
			}
		})
	}
}
