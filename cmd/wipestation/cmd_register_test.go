package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/csv"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/register/store/storetest"
)

// From a clean start: two workstations with their own keys (one enrolled by the
// organization CA, one trusted by its exported key) push certificates of the
// same medium to one register process, a third, unknown one is refused, and a
// manager finds both by serial and exports them as CSV; on the embedded
// database and on PostgreSQL.
func TestRegisterTwoWorkstations(t *testing.T) {
	onEachStore(t, testRegisterTwoWorkstations)
}

// onEachStore runs test on the embedded database and on PostgreSQL, with the
// register commands' flags (--database) for each.
func onEachStore(t *testing.T, test func(t *testing.T, database []string)) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			var database []string
			if kind == "postgres" {
				database = []string{"--database", storetest.FreshSchema(t)}
			}
			test(t, database)
		})
	}
}

func testRegisterTwoWorkstations(t *testing.T, database []string) {
	// The organization CA and the first workstation, enrolled by it.
	desk1 := newCertEnv(t, "")
	caDir := filepath.Join(desk1.dir, "ca")
	root := filepath.Join(caDir, "ca-cert.pem")
	mustRun(t, "ca", "init", "--dir", caDir, "--org", "Example Corp")
	csr := filepath.Join(desk1.dir, "ws.csr")
	os.WriteFile(csr, []byte(mustRun(t, "key", "csr")), 0o644)
	chain := filepath.Join(desk1.dir, "ws.pem")
	os.WriteFile(chain, []byte(mustRun(t, "ca", "sign", "--dir", caDir, csr)), 0o644)
	mustRun(t, "key", "install", chain, "--ca", root)
	pdf1 := desk1.destroy(t, "-", "--how", "shred", "--serial", "SER-REG-1", "--model", "M1", "--media-type", "hdd", "--yes")
	cfg1 := desk1.config

	// The second workstation: standalone, trusted by its exported key.
	desk2 := newCertEnv(t, "")
	pdf2 := desk2.destroy(t, "-", "--how", "shred", "--serial", "SER-REG-1", "--model", "M1", "--media-type", "hdd", "--yes")
	export2 := filepath.Join(desk2.dir, "desk2.pem")
	mustRun(t, "key", "show", "--export", export2)
	cfg2 := desk2.config

	// A workstation nobody enrolled.
	stranger := newCertEnv(t, "")
	pdf3 := stranger.destroy(t, "-", "--how", "shred", "--serial", "SER-REG-3", "--model", "M3", "--media-type", "hdd", "--yes")
	cfg3 := stranger.config

	// The register: its own (empty) configuration, so it trusts only --ca and --key.
	regDir := t.TempDir()
	regConfig := filepath.Join(regDir, "config.toml")
	os.WriteFile(regConfig, []byte("key_dir = \""+filepath.Join(regDir, "no-key")+"\"\n"), 0o644)
	data := filepath.Join(regDir, "data")
	env := append(os.Environ(), "WIPESTATION_CONFIG="+regConfig)

	add := exec.Command(binary, append([]string{"register", "user", "add", "ann", "--role", "manager", "--data", data}, database...)...)
	add.Env, add.Stdin = env, strings.NewReader("ann's long password\n")
	if r := runBinary(t, add); r.code != 0 || !strings.Contains(r.stdout, "added ann (manager)") {
		t.Fatalf("user add: exit %d %s %s", r.code, r.stdout, r.stderr)
	}

	base, stop := startRegister(t, env, append([]string{"--listen", "127.0.0.1:0", "--data", data, "--ca", root, "--key", export2}, database...)...)
	tlsCert := filepath.Join(data, "tls-cert.pem")

	push := func(config, pdf string) (int, string) {
		t.Setenv("WIPESTATION_CONFIG", config)
		return runCaptured(t, "register", "push", "--url", base, "--tls-ca", tlsCert, pdf)
	}
	for _, c := range []struct {
		config, pdf string
		code        int
		says        string
	}{
		{cfg1, pdf1, 0, "STORED "},
		{cfg2, pdf2, 0, "STORED "},
		{cfg2, pdf2, 0, "ALREADY STORED"},
		{cfg3, pdf3, 1, "not enrolled"},
		{cfg2, pdf3, 1, "signed by a key that is not trusted"},
	} {
		if code, out := push(c.config, c.pdf); code != c.code || !strings.Contains(out, c.says) {
			t.Errorf("push %s: exit %d, want %d saying %q:\n%s", filepath.Base(c.pdf), code, c.code, c.says, out)
		}
	}

	// The manager's browser.
	pem, _ := os.ReadFile(tlsCert)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := browser.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	token := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	if token == nil {
		t.Fatalf("no CSRF token in the login page:\n%s", page)
	}
	resp, err = browser.PostForm(base+"/login", url.Values{"csrf": {string(token[1])}, "user": {"ann"}, "password": {"ann's long password"}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "SER-REG-1") {
		t.Fatalf("after logging in: HTTP %d\n%s", resp.StatusCode, page)
	}
	resp, err = browser.Get(base + "/api/v1/certificates?format=csv&serial=SER-REG-1")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(resp.Body).ReadAll()
	resp.Body.Close()
	if err != nil || len(rows) != 3 {
		t.Fatalf("CSV export by serial: %v, %d rows: %v", err, len(rows), rows)
	}
	pushedBy := slices.Index(rows[0], "pushed_by")
	if pushedBy < 0 || rows[1][pushedBy] == rows[2][pushedBy] {
		t.Errorf("both certificates pushed by one workstation key: %v", rows)
	}

	// The backup: every certificate as received, in a folder cert list accepts.
	export := filepath.Join(regDir, "export")
	exp := exec.Command(binary, append([]string{"register", "export", "--to", export, "--data", data}, database...)...)
	exp.Env = env
	if r := runBinary(t, exp); r.code != 0 || !strings.Contains(r.stdout, "2 certificates written") {
		t.Errorf("register export: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	t.Setenv("WIPESTATION_CONFIG", regConfig)
	if code, out := runCaptured(t, "cert", "list", "--cert-dir", export, "--ca", root, "--key", export2, "--json"); code != 0 || strings.Count(out, `"valid": true`) != 2 {
		t.Errorf("cert list of the export: exit %d\n%s", code, out)
	}

	stop()
}

func TestRegisterUsageErrors(t *testing.T) {
	dir := t.TempDir()
	pdf := filepath.Join(dir, "x.pdf")
	os.WriteFile(pdf, []byte("%PDF-"), 0o644)
	data := filepath.Join(dir, "data")
	tests := []struct {
		name  string
		args  []string
		stdin string
		says  string
	}{
		{"user add: short password", []string{"register", "user", "add", "ann", "--role", "viewer", "--data", data}, "short\n", "at least 12"},
		{"user add: bad role", []string{"register", "user", "add", "ann", "--role", "owner", "--data", data}, "a long enough password\n", "--role"},
		{"user add: bad name", []string{"register", "user", "add", "ann smith", "--role", "viewer", "--data", data}, "a long enough password\n", "user name"},
		{"user add: not PostgreSQL", []string{"register", "user", "add", "ann", "--role", "viewer", "--database", "mysql://x"}, "a long enough password\n", "postgres://"},
		{"serve: TLS key without certificate", []string{"register", "serve", "--data", data, "--key", pdf, "--tls-key", pdf}, "", "--tls-cert"},
		{"push: no such file", []string{"register", "push", "--url", "https://127.0.0.1:1", filepath.Join(dir, "none.pdf")}, "", "none.pdf"},
		{"push: --tls-ca without a certificate", []string{"register", "push", "--url", "https://127.0.0.1:1", "--tls-ca", pdf, pdf}, "", "--tls-ca"},
	}
	for _, tt := range tests {
		cmd := exec.Command(binary, tt.args...)
		cmd.Stdin = strings.NewReader(tt.stdin)
		r := runBinary(t, cmd)
		if r.code != exitUsage || !strings.Contains(r.stderr, tt.says) {
			t.Errorf("%s: exit %d, want %d saying %q; stderr: %s", tt.name, r.code, exitUsage, tt.says, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(data, "register.db")); err == nil {
		t.Error("a refused user add created the database")
	}
}
