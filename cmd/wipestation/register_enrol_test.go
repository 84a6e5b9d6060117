package main

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRegisterEnrol: an administrator makes a one-time token on the register's
// Workstations page (logged in over HTTPS, with the form's CSRF token), the
// workstation runs the command the page shows, and from then on its pushes are
// stored; the same token a second time, and a bad one, are refused (exit 1).
func TestRegisterEnrol(t *testing.T) {
	onEachStore(t, testRegisterEnrol)
}

func testRegisterEnrol(t *testing.T, database []string) {
	desk := newCertEnv(t, "")
	t.Setenv("WIPESTATION_CONFIG", desk.config)
	pdf := desk.destroy(t, "-", "--how", "shred", "--serial", "SER-ENROL-1", "--model", "M1", "--media-type", "hdd", "--yes")

	regDir := t.TempDir()
	regConfig := filepath.Join(regDir, "config.toml")
	os.WriteFile(regConfig, []byte("key_dir = \""+filepath.Join(regDir, "no-key")+"\"\n"), 0o644)
	data := filepath.Join(regDir, "data")
	env := append(os.Environ(), "WIPESTATION_CONFIG="+regConfig)
	add := exec.Command(binary, append([]string{"register", "user", "add", "root", "--role", "administrator", "--data", data}, database...)...)
	add.Env, add.Stdin = env, strings.NewReader("the administrator's password\n")
	if r := runBinary(t, add); r.code != 0 {
		t.Fatalf("user add: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	base, _ := startRegister(t, env, append([]string{"--listen", "127.0.0.1:0", "--data", data}, database...)...)
	tlsCert := filepath.Join(data, "tls-cert.pem")

	// Not enrolled yet: the register refuses the push.
	push := []string{"register", "push", "--url", base, "--tls-ca", tlsCert, pdf}
	if r := runWith(t, desk.config, nil, push...); r.code != exitFailed || !strings.Contains(r.stdout, "not enrolled") {
		t.Fatalf("push before enrolling: exit %d, want %d saying not enrolled:\n%s%s", r.code, exitFailed, r.stdout, r.stderr)
	}

	command := enrolmentCommand(t, base, tlsCert, "root", "the administrator's password", "desk-7")
	token := regexp.MustCompile(`--token (\S+)`).FindStringSubmatch(command)
	if !strings.Contains(command, "wipestation register enrol --url "+base) || token == nil {
		t.Fatalf("the Workstations page shows %q, not the enrol command", command)
	}
	enrol := []string{"register", "enrol", "--url", base, "--tls-ca", tlsCert, "--token", token[1]}
	if r := runWith(t, desk.config, nil, enrol...); r.code != 0 || !strings.Contains(r.stdout, "enrolled as desk-7") {
		t.Fatalf("register enrol: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runWith(t, desk.config, nil, push...); r.code != 0 || !strings.Contains(r.stdout, "STORED") {
		t.Errorf("push after enrolling: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, c := range []struct{ name, token string }{{"the same token again", token[1]}, {"a made-up token", "not-a-token"}} {
		args := append(enrol[:len(enrol)-1:len(enrol)-1], c.token)
		if r := runWith(t, desk.config, nil, args...); r.code != exitFailed || !strings.Contains(r.stderr, "refused") {
			t.Errorf("%s: exit %d, want %d saying refused:\n%s%s", c.name, r.code, exitFailed, r.stdout, r.stderr)
		}
	}
	if r := runWith(t, desk.config, nil, "register", "enrol", "--url", base, "--tls-ca", tlsCert, "--token", " "); r.code != exitUsage {
		t.Errorf("an empty token: exit %d, want %d", r.code, exitUsage)
	}
}

// enrolmentCommand logs in as an administrator and makes a token for name on
// the Workstations page, returning the command the page shows.
func enrolmentCommand(t *testing.T, base, tlsCert, user, password, name string) string {
	t.Helper()
	pem, err := os.ReadFile(tlsCert)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(pem)
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	page := func(resp *http.Response, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode >= 400 {
			t.Fatalf("%s: HTTP %d: %s", resp.Request.URL, resp.StatusCode, b)
		}
		return string(b)
	}
	token := func(html string) string {
		t.Helper()
		m := csrf.FindStringSubmatch(html)
		if m == nil {
			t.Fatalf("no CSRF token in the page:\n%s", html)
		}
		return m[1]
	}
	login := page(hc.Get(base + "/login"))
	page(hc.PostForm(base+"/login", url.Values{"csrf": {token(login)}, "user": {user}, "password": {password}}))
	ws := page(hc.Get(base + "/workstations"))
	made := page(hc.PostForm(base+"/workstations", url.Values{"csrf": {token(ws)}, "name": {name}, "hours": {"1"}}))
	m := regexp.MustCompile(`<pre>([^<]+)</pre>`).FindStringSubmatch(made)
	if m == nil {
		t.Fatalf("no enrol command on the page:\n%s", made)
	}
	return strings.TrimSpace(m[1])
}
