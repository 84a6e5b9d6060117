package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wipestation/wipestation/config"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/wipe"
)

// startRegister runs `register serve` with args until stop (or the test's end)
// and returns its base URL.
func startRegister(t *testing.T, env []string, args ...string) (base string, stop func()) {
	t.Helper()
	serve := exec.Command(binary, append([]string{"register", "serve"}, args...)...)
	serve.Env = env
	stderr, err := serve.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		serve.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- serve.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("register serve after SIGTERM: %v", err)
			}
		case <-time.After(20 * time.Second):
			serve.Process.Kill()
			t.Error("register serve did not stop on SIGTERM")
		}
	}
	t.Cleanup(stop)
	lines := bufio.NewScanner(stderr)
	listening := regexp.MustCompile(`listening on (https://[0-9.:]+) `)
	for base == "" && lines.Scan() {
		if m := listening.FindStringSubmatch(lines.Text()); m != nil {
			base = m[1]
		} else {
			t.Log(lines.Text())
		}
	}
	if base == "" {
		t.Fatal("register serve printed no address")
	}
	go io.Copy(io.Discard, stderr)
	return base, stop
}

// registerStatus is `register status --json` on the workstation of config.
func registerStatus(t *testing.T, config string) registerStatusJSON {
	t.Helper()
	r := runWith(t, config, nil, "register", "status", "--json")
	var st registerStatusJSON
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &st) != nil {
		t.Fatalf("register status: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	return st
}

// Two workstations (processes with their own keys, configurations and
// outboxes) name one register in their configuration. While it is down, their
// jobs' certificates wait in the outboxes; `register push` says so and exits 1.
// Once it is up, one desk's outbox is flushed by `register push`, the other's
// by its next job (a `wipe` batch) by itself; an unenrolled desk's certificate
// is refused and set aside with the reason. On the embedded database and on
// PostgreSQL.
func TestRegisterOutbox(t *testing.T) {
	onEachStore(t, testRegisterOutbox)
}

func testRegisterOutbox(t *testing.T, database []string) {
	desks := []certEnv{newCertEnv(t, ""), newCertEnv(t, ""), newCertEnv(t, "")}
	stranger := desks[2]
	var trust []string
	for _, d := range desks[:2] {
		t.Setenv("WIPESTATION_CONFIG", d.config)
		export := filepath.Join(d.dir, "desk.pem")
		mustRun(t, "key", "show", "--export", export)
		trust = append(trust, "--key", export)
	}
	t.Setenv("WIPESTATION_CONFIG", stranger.config)
	mustRun(t, "key", "show") // its key exists, and nobody trusts it

	// The register, started once to make its TLS certificate and learn a free
	// port, then stopped: it is down.
	regDir := t.TempDir()
	regConfig := filepath.Join(regDir, "config.toml")
	os.WriteFile(regConfig, []byte("key_dir = \""+filepath.Join(regDir, "no-key")+"\"\n"), 0o644)
	data := filepath.Join(regDir, "data")
	env := append(os.Environ(), "WIPESTATION_CONFIG="+regConfig)
	serveArgs := append(append([]string{"--data", data}, trust...), database...)
	base, stop := startRegister(t, env, append([]string{"--listen", "127.0.0.1:0"}, serveArgs...)...)
	stop()
	tlsCert := filepath.Join(data, "tls-cert.pem")
	for _, d := range desks {
		f, _ := os.OpenFile(d.config, os.O_APPEND|os.O_WRONLY, 0)
		f.WriteString("[register]\nurl = \"" + base + "\"\ntls_ca = \"" + tlsCert + "\"\noutbox = \"" + filepath.Join(d.dir, "outbox") + "\"\n")
		f.Close()
	}

	// Register down: the job ends as always (exit 0), its certificate waits.
	destroy := func(d certEnv, serial string) cliRun {
		return runWith(t, d.config, nil, "destroy", "-", "--how", "shred", "--serial", serial, "--model", "M1", "--media-type", "hdd", "--yes")
	}
	if r := destroy(desks[0], "SER-OUT-1"); r.code != 0 || !strings.Contains(r.stderr, "1 waiting in the outbox") {
		t.Fatalf("destroy with the register down: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	st := registerStatus(t, desks[0].config)
	if len(st.Pending) != 1 || st.LastError == "" || !st.LastOK.IsZero() || st.Register != base {
		t.Errorf("status with the register down: %+v", st)
	}
	if r := runWith(t, desks[0].config, nil, "register", "push"); r.code != exitFailed || !strings.Contains(r.stdout, "NOT SENT") || !strings.Contains(r.stdout, "1 waiting") {
		t.Errorf("push with the register down: exit %d, want %d saying NOT SENT:\n%s%s", r.code, exitFailed, r.stdout, r.stderr)
	}
	if st := registerStatus(t, desks[0].config); len(st.Pending) != 1 || st.Pending[0].Attempts < 2 {
		t.Errorf("the entry's failed attempts are not counted: %+v", st.Pending)
	}

	// Register up, on the same address.
	startRegister(t, env, append([]string{"--listen", strings.TrimPrefix(base, "https://")}, serveArgs...)...)
	if r := runWith(t, desks[0].config, nil, "register", "push"); r.code != 0 || !strings.Contains(r.stdout, "STORED ") || !strings.Contains(r.stdout, "0 waiting, 0 refused") {
		t.Errorf("push with the register up: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runWith(t, desks[0].config, nil, "register", "push"); r.code != 0 || strings.Contains(r.stdout, "STORED") {
		t.Errorf("push of an empty outbox: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// The second desk's batch wipe sends its certificate by itself.
	img := filepath.Join(testutil.ScratchDir(t), "disk.img")
	os.WriteFile(img, bytes.Repeat([]byte{7}, 1<<20), 0o600)
	if r := runWith(t, desks[1].config, nil, "wipe", "--yes", "--allow-file", "--method", "zero", img); r.code != 0 || !strings.Contains(r.stderr, "has 1 certificate(s) of this run") {
		t.Errorf("wipe: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if st := registerStatus(t, desks[1].config); len(st.Pending) != 0 || st.LastOK.IsZero() {
		t.Errorf("after the wipe: %+v", st)
	}

	// The unenrolled desk: refused for good, set aside with the reason.
	if r := destroy(stranger, "SER-OUT-3"); r.code != 0 || !strings.Contains(r.stderr, "1 refused") {
		t.Errorf("destroy on an unenrolled desk: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	st = registerStatus(t, stranger.config)
	if len(st.Pending) != 0 || len(st.Refused) != 1 || st.Refused[0].HTTPStatus != 401 || !strings.Contains(st.Refused[0].Reason, "not enrolled") {
		t.Errorf("status of the unenrolled desk: %+v", st)
	} else if _, err := os.Stat(st.Refused[0].Path); err != nil {
		t.Errorf("the refused certificate: %v", err)
	}
	r := runWith(t, stranger.config, nil, "register", "status")
	if r.code != 0 || !strings.Contains(r.stdout, "HTTP 401") || !strings.Contains(r.stdout, "not enrolled") {
		t.Errorf("register status: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Put back and refused again: exit 1, still set aside.
	if r := runWith(t, stranger.config, nil, "register", "push", "--retry-refused"); r.code != exitFailed || !strings.Contains(r.stdout, "REFUSED") {
		t.Errorf("push --retry-refused: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// The register holds the two enrolled desks' certificates, once each.
	exp := exec.Command(binary, append([]string{"register", "export", "--to", filepath.Join(regDir, "export"), "--data", data}, database...)...)
	exp.Env = env
	if r := runBinary(t, exp); r.code != 0 || !strings.Contains(r.stdout, "2 certificates written") {
		t.Errorf("register export: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
}

// Push without a register named anywhere is a usage error.
func TestRegisterPushNeedsARegister(t *testing.T) {
	r := wipestation(t, "register", "push")
	if r.code != exitUsage || !strings.Contains(r.stderr, "[register] url") {
		t.Errorf("push without a register: exit %d, want %d: %s", r.code, exitUsage, r.stderr)
	}
	pdf := filepath.Join(t.TempDir(), "x.pdf")
	os.WriteFile(pdf, []byte("%PDF-"), 0o644)
	if r := wipestation(t, "register", "push", "--retry-refused", "--url", "https://127.0.0.1:1", pdf); r.code != exitUsage || !strings.Contains(r.stderr, "--retry-refused") {
		t.Errorf("--retry-refused with files: exit %d, want %d: %s", r.code, exitUsage, r.stderr)
	}
}

// The TUI sends the outbox in the background and its footer says how that
// goes: here an entry waits for a register nobody listens at.
func TestTUIFooterShowsTheRegister(t *testing.T) {
	testutil.RequireCommand(t, "tmux")
	dir := t.TempDir()
	img := filepath.Join(dir, "disk.img")
	os.WriteFile(img, make([]byte, 1<<20), 0o600)
	box := filepath.Join(dir, "outbox")
	os.MkdirAll(filepath.Join(box, "pending"), 0o750)
	os.WriteFile(filepath.Join(box, "pending", "WS-20261208-WAITING1.pdf"), []byte("%PDF-"), 0o640)
	config := filepath.Join(dir, "config.toml")
	writeFile(t, config, "records_dir = \""+filepath.Join(dir, "records")+"\"\ncert_dir = \""+filepath.Join(dir, "certs")+"\"\nkey_dir = \""+filepath.Join(dir, "key")+"\"\n"+
		"[register]\nurl = \"https://127.0.0.1:1\"\noutbox = \""+box+"\"\n")
	shell := "WIPESTATION_CONFIG=" + config + " " + binary + " tui --only " + img + " --allow-file; echo EXITED $?; sleep 600"
	term := testutil.NewTerminal(t, 100, 30, shell)
	term.WaitScreen(30*time.Second, "register: 1 waiting last try failed")
	term.Keys("q")
	term.WaitScreen(20*time.Second, "EXITED 0")
	if st := registerStatus(t, config); len(st.Pending) != 1 || st.Pending[0].Attempts == 0 {
		t.Errorf("the TUI's sender did not try: %+v", st)
	}
}

// A certificate filed but not queued fails its job, naming the file; one
// queued is in the outbox under its certificate ID.
func TestQueueFailsTheJobWhenTheOutboxCannotTakeIt(t *testing.T) {
	dir := t.TempDir()
	cfg := &config.Config{Register: config.Register{URL: "https://127.0.0.1:1", Outbox: filepath.Join(dir, "outbox")}}
	link, err := newRegisterLink(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "cert.pdf")
	os.WriteFile(pdf, []byte("%PDF- signed"), 0o644)
	certify := link.queue(func(*wipe.Record, string) (string, error) { return pdf, nil })

	path, err := certify(&wipe.Record{CertificateID: "WS-20261208-QUEUED01"}, "")
	if err != nil || path != pdf {
		t.Fatalf("queued: %q, %v", path, err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "outbox", "pending", "WS-20261208-QUEUED01.pdf")); err != nil || string(b) != "%PDF- signed" {
		t.Errorf("the outbox entry: %q, %v", b, err)
	}

	// pending/ is no folder any more: even root cannot write there.
	pending := filepath.Join(dir, "outbox", "pending")
	os.RemoveAll(pending)
	os.WriteFile(pending, nil, 0o644)
	path, err = certify(&wipe.Record{CertificateID: "WS-20261208-QUEUED02"}, "")
	if path != pdf || err == nil || !strings.Contains(err.Error(), "not queued for the register") || !strings.Contains(err.Error(), pdf) {
		t.Errorf("not queued: %q, %v; want the path and an error naming it", path, err)
	}
}
