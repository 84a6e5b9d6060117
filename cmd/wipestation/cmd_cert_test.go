package main

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// certEnv is a workstation in a temporary directory: a config file naming the
// folders, and $WIPESTATION_CONFIG pointing at it.
type certEnv struct {
	dir, config, certs string
}

func newCertEnv(t *testing.T, keyDir string) certEnv {
	t.Helper()
	if _, err := certificate.FindFont("", os.Getenv); err != nil {
		testutil.Skip(t, err.Error())
	}
	dir := t.TempDir()
	if keyDir == "" {
		keyDir = filepath.Join(dir, "key")
	}
	e := certEnv{dir: dir, config: filepath.Join(dir, "config.toml"), certs: filepath.Join(dir, "certs")}
	cfg := "cert_dir = \"" + e.certs + "\"\nrecords_dir = \"" + filepath.Join(dir, "records") + "\"\nkey_dir = \"" + keyDir + "\"\n" +
		"[organization]\nname = \"Example Corp\"\n[operator]\nname = \"Alex Chen\"\n"
	if err := os.WriteFile(e.config, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("WIPESTATION_CONFIG", e.config)
	return e
}

// runCaptured runs the command line and returns its exit code and standard output.
func runCaptured(t *testing.T, args ...string) (int, string) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	code := run(args)
	os.Stdout = stdout
	w.Close()
	return code, <-done
}

// mustRun runs the command line and returns its standard output; a non-zero
// exit fails the test.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out := runCaptured(t, args...)
	if code != 0 {
		t.Fatalf("%q exited %d: %s", args, code, out)
	}
	return out
}

func (e certEnv) destroy(t *testing.T, args ...string) string {
	t.Helper()
	code, out := runCaptured(t, append([]string{"destroy"}, args...)...)
	if code != 0 {
		t.Fatalf("destroy %q exited %d: %s", args, code, out)
	}
	pdfs, _ := filepath.Glob(filepath.Join(e.certs, "*.pdf"))
	for _, p := range pdfs {
		if strings.Contains(out, p) {
			return p
		}
	}
	t.Fatalf("destroy printed no certificate path: %s", out)
	return ""
}

func TestDestroyVerifyList(t *testing.T) {
	e := newCertEnv(t, "")
	shredded := e.destroy(t, "-", "--how", "shred", "--particle-size", "2 mm", "--witness", "Jordan Lee",
		"--serial", "WD-WCC4E1234567", "--model", "WD10EZEX", "--vendor", "WDC", "--media-type", "hdd",
		"--asset-tag", "EX-77", "--yes")
	degaussed := e.destroy(t, "-", "--how", "degauss", "--serial", "T-1", "--model", "LTO-8", "--media-type", "tape",
		"--lang", "zh-TW", "--operator", "王小明", "--yes")

	t.Run("list json", func(t *testing.T) {
		code, out := runCaptured(t, "cert", "list", "--json")
		var entries []certificate.RegisterEntry
		if code != 0 || json.Unmarshal([]byte(out), &entries) != nil || len(entries) != 2 {
			t.Fatalf("cert list --json = %d %s", code, out)
		}
		got := map[string]certificate.RegisterEntry{}
		for _, en := range entries {
			got[en.Serial] = en
		}
		if s := got["WD-WCC4E1234567"]; s.Class != "Destroy" || s.Result != "destroyed" || s.AssetTag != "EX-77" || s.File != shredded {
			t.Errorf("shredded entry %+v", s)
		}
		if d := got["T-1"]; d.Class != "Purge" || d.Technique != "Degauss" || d.Operator != "王小明" || d.File != degaussed {
			t.Errorf("degaussed entry %+v", d)
		}
	})
	t.Run("list csv", func(t *testing.T) {
		code, out := runCaptured(t, "cert", "list", "--csv", "--cert-dir", e.certs)
		if code != 0 || !strings.HasPrefix(out, "certificate_id,date,") || strings.Count(out, "\n") != 3 {
			t.Fatalf("cert list --csv = %d %s", code, out)
		}
	})

	tampered := filepath.Join(e.dir, "tampered.pdf")
	data, _ := os.ReadFile(shredded)
	// The signature's /Reason is plain ASCII inside the signed range.
	edited := bytes.Replace(data, []byte("destruction certificate WS-"), []byte("destruction certificate XS-"), 1)
	if bytes.Equal(edited, data) {
		t.Fatal("nothing to tamper with")
	}
	os.WriteFile(tampered, edited, 0o644)
	truncated := filepath.Join(e.dir, "truncated.pdf")
	os.WriteFile(truncated, data[:len(data)*3/4], 0o644)

	tests := []struct {
		name  string
		args  []string
		code  int
		wants []string
	}{
		{"good files", []string{shredded, degaussed}, 0, []string{"OK   " + shredded, "OK   " + degaussed}},
		{"tampered", []string{shredded, tampered}, 1, []string{"OK   " + shredded, "BAD  " + tampered + ": modified after signing"}},
		{"truncated", []string{truncated}, 1, []string{"BAD  " + truncated + ": not a complete PDF"}},
		{"no such file", []string{filepath.Join(e.dir, "none.pdf")}, 2, nil},
	}
	for _, tt := range tests {
		t.Run("verify "+tt.name, func(t *testing.T) {
			code, out := runCaptured(t, append([]string{"cert", "verify"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d: %s", code, tt.code, out)
			}
			for _, w := range tt.wants {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}

	t.Run("list flags an invalid file", func(t *testing.T) {
		// A tampered copy filed beside the good certificates: the register
		// verifies every file, says why this one is invalid, and exits 1.
		inFolder := filepath.Join(e.certs, "zz-tampered.pdf")
		if err := os.WriteFile(inFolder, edited, 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(inFolder)
		code, out := runCaptured(t, "cert", "list", "--json")
		var entries []certificate.RegisterEntry
		if code != exitFailed || json.Unmarshal([]byte(out), &entries) != nil || len(entries) != 3 {
			t.Fatalf("cert list --json = %d %s", code, out)
		}
		// The tampered copy keeps the certificate ID: the original is flagged
		// as a duplicate too, since a register cannot tell which one is right.
		want := map[string]string{inFolder: "modified after signing", shredded: "is also in zz-tampered.pdf", degaussed: ""}
		for _, en := range entries {
			if w := want[en.File]; en.Valid != (w == "") || !strings.Contains(en.Problem, w) || en.Kind != certificate.KindDestruction {
				t.Errorf("entry %s: valid %v, problem %q, kind %q; want problem %q", en.File, en.Valid, en.Problem, en.Kind, w)
			}
		}
		code, out = runCaptured(t, "cert", "list", "--only-valid", "--csv")
		if code != exitFailed || !strings.Contains(out, degaussed) || strings.Count(out, "\n") != 2 {
			t.Errorf("cert list --only-valid --csv = %d %s", code, out)
		}
		code, out = runCaptured(t, "cert", "list")
		if code != exitFailed || !strings.Contains(out, "INVALID: modified after signing") {
			t.Errorf("cert list = %d %s", code, out)
		}
	})

	t.Run("foreign workstation", func(t *testing.T) {
		// The certificates are checked on another workstation with its own key:
		// foreign until the issuing workstation's export is given with --key.
		export := filepath.Join(e.dir, "export.pem")
		if code, out := runCaptured(t, "key", "show", "--export", export); code != 0 || !strings.Contains(out, "fingerprint:  SHA256:") {
			t.Fatalf("key show = %d %s", code, out)
		}
		newCertEnv(t, filepath.Join(t.TempDir(), "otherkey"))
		runCaptured(t, "key", "show")
		code, out := runCaptured(t, "cert", "verify", shredded)
		if code != 1 || !strings.Contains(out, "signed by a key that is not trusted") {
			t.Errorf("foreign certificate: exit %d: %s", code, out)
		}
		code, out = runCaptured(t, "cert", "verify", "--key", export, shredded)
		if code != 0 {
			t.Errorf("with --key: exit %d: %s", code, out)
		}
	})
}

// TestCertVerifyIssuedBefore: a certificate issued by the 2026-12 release
// (layout 1, approval signature) verifies, and the OK line says that it is not
// certified against changes; the current layout's does not say so.
func TestCertVerifyIssuedBefore(t *testing.T) {
	newCertEnv(t, "")
	issued, err := filepath.Abs(filepath.Join("..", "..", "certificate", "testdata", "issued"))
	if err != nil {
		t.Fatal(err)
	}
	key := filepath.Join("..", "..", "certificate", "testdata", "key", "signing-cert.pem")
	old := filepath.Join(issued, "release-2026-12-failed-en.pdf")
	current := filepath.Join(issued, "wipestation-layout-2-failed-en.pdf")
	code, out := runCaptured(t, "cert", "verify", "--key", key, old, current)
	if code != 0 {
		t.Fatalf("cert verify = %d:\n%s", code, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "OK   "+old+": NOT ERASED report") ||
		!strings.Contains(lines[0], "; not certified against changes (an approval signature, as wipestation-layout/1 certificates have)") ||
		!strings.HasPrefix(lines[1], "OK   "+current) || strings.Contains(lines[1], "certified against changes") {
		t.Errorf("cert verify output:\n%s", out)
	}
	code, out = runCaptured(t, "cert", "verify", "--json", "--key", key, old)
	var res verifyResult
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Certified || res.Layout != "wipestation-layout/1" {
		t.Errorf("cert verify --json = %d %s", code, out)
	}
}

func TestLogVerify(t *testing.T) {
	e := newCertEnv(t, "")
	for _, serial := range []string{"A1", "A2", "A3"} {
		e.destroy(t, "-", "--how", "pulverize", "--serial", serial, "--yes")
	}
	logPath := filepath.Join(e.dir, "records", "audit.jsonl")
	code, out := runCaptured(t, "log", "verify")
	if code != 0 || !strings.Contains(out, "3 lines, chain intact, every line signed") {
		t.Fatalf("log verify = %d %s", code, out)
	}
	data, _ := os.ReadFile(logPath)
	edited := filepath.Join(e.dir, "edited.jsonl")
	os.WriteFile(edited, bytes.Replace(data, []byte(`"serial":"A2"`), []byte(`"serial":"B2"`), 1), 0o644)
	code, out = runCaptured(t, "log", "verify", "--log", edited)
	if code != 1 || !strings.Contains(out, "line 2: edited") {
		t.Errorf("edited log: exit %d: %s", code, out)
	}
	lines := strings.SplitAfter(string(data), "\n")
	removed := filepath.Join(e.dir, "removed.jsonl")
	os.WriteFile(removed, []byte(lines[0]+lines[2]), 0o644)
	code, out = runCaptured(t, "log", "verify", "--log", removed)
	if code != 1 || !strings.Contains(out, "line 2: sequence 3 follows 1") {
		t.Errorf("log with a line removed: exit %d: %s", code, out)
	}
	// A member appended after the signature: any JSON reader sees the forged
	// value, so the line is not the one that was signed.
	forged := filepath.Join(e.dir, "forged.jsonl")
	os.WriteFile(forged, []byte(lines[0]+strings.TrimSuffix(lines[1], "}\n")+`,"data":{"status":"erased"}}`+"\n"+lines[2]), 0o644)
	code, out = runCaptured(t, "log", "verify", "--log", forged)
	if code != 1 || !strings.Contains(out, `line 2: not a JSON audit entry: duplicate member "data"`) {
		t.Errorf("forged log: exit %d: %s", code, out)
	}

	// Checked on another workstation: its own keys do not fit; the writing
	// workstation's export does.
	export := filepath.Join(e.dir, "export.pem")
	if code, out := runCaptured(t, "key", "show", "--export", export); code != 0 || !strings.Contains(out, "Audit-log key") {
		t.Fatalf("key show = %d %s", code, out)
	}
	newCertEnv(t, filepath.Join(t.TempDir(), "otherkey"))
	runCaptured(t, "key", "show")
	code, out = runCaptured(t, "log", "verify", "--log", logPath)
	if code != 1 || !strings.Contains(out, "line 1: seq 1: signature not made by the audit-log key") {
		t.Errorf("foreign log: exit %d: %s", code, out)
	}
	code, out = runCaptured(t, "log", "verify", "--log", logPath, "--key", export)
	if code != 0 || !strings.Contains(out, "3 lines, chain intact") {
		t.Errorf("with --key: exit %d: %s", code, out)
	}
}

// TestLogVerifyTorn: a crash mid-append leaves a torn last line; log verify says
// so (exit 1), the next event is still logged, and the break stays reported.
func TestLogVerifyTorn(t *testing.T) {
	e := newCertEnv(t, "")
	logPath := filepath.Join(e.dir, "records", "audit.jsonl")
	e.destroy(t, "-", "--how", "pulverize", "--serial", "A1", "--yes")
	e.destroy(t, "-", "--how", "pulverize", "--serial", "A2", "--yes")
	data, _ := os.ReadFile(logPath)
	os.WriteFile(logPath, data[:len(data)-50], 0o640) // the crash
	code, out := runCaptured(t, "log", "verify")
	if code != 1 || !strings.Contains(out, "BROKEN") || !strings.Contains(out, "line 2: ") || !strings.Contains(out, "not yet sealed") {
		t.Errorf("torn log: exit %d: %s", code, out)
	}
	if code, out := runCaptured(t, "destroy", "-", "--how", "pulverize", "--serial", "A3", "--yes"); code != 0 {
		t.Fatalf("destroy after the crash = %d %s", code, out)
	}
	code, out = runCaptured(t, "log", "verify")
	if code != 1 || !strings.Contains(out, "BROKEN") || !strings.Contains(out, "line 2: ") || !strings.Contains(out, "sealed by seq 2") {
		t.Errorf("sealed torn log: exit %d: %s", code, out)
	}
	if after, _ := os.ReadFile(logPath); !bytes.Contains(after, []byte(`"serial":"A3"`)) {
		t.Error("the destruction after the crash was not logged")
	}
}

func TestDestroyRefusals(t *testing.T) {
	newCertEnv(t, "")
	tests := []struct {
		name string
		args []string
	}{
		{"degauss flash", []string{"-", "--how", "degauss", "--serial", "X", "--media-type", "ssd", "--yes"}},
		{"unknown how", []string{"-", "--how", "microwave", "--serial", "X", "--yes"}},
		{"no identity", []string{"-", "--how", "shred", "--yes"}},
		{"no such device", []string{"/dev/does-not-exist", "--how", "shred", "--yes"}},
		{"bad language", []string{"-", "--how", "shred", "--serial", "X", "--lang", "fr", "--yes"}},
		{"bad destination", []string{"-", "--how", "shred", "--serial", "X", "--destination", "Landfill", "--yes"}},
		{"no confirmation", []string{"-", "--how", "shred", "--serial", "X"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, out := runCaptured(t, append([]string{"destroy"}, tt.args...)...); code != exitUsage {
				t.Errorf("exit %d, want %d: %s", code, exitUsage, out)
			}
		})
	}
}

func TestConfigErrorIsUsage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	os.WriteFile(path, []byte("cert_dri = \"/x\"\n"), 0o644)
	t.Setenv("WIPESTATION_CONFIG", path)
	if code, _ := runCaptured(t, "cert", "list"); code != exitUsage {
		t.Errorf("a config typo exited %d, want %d", code, exitUsage)
	}
}

// TestCertWiring is the path a batch wipe takes: the Runner's Certify files the
// certificate, the event loop appends to the audit log, and both check out.
func TestCertWiring(t *testing.T) {
	e := newCertEnv(t, "")
	cfg, err := loadConfig(&Globals{Config: e.config})
	if err != nil {
		t.Fatal(err)
	}
	w, err := newCertWiring(cfg, "", "zh-TW")
	if err != nil {
		t.Fatal(err)
	}
	finished := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	id, _ := wipe.NewCertificateID(finished)
	rec := &wipe.Record{
		Schema: wipe.RecordSchema, CertificateID: id, Status: wipe.StatusAborted, Reason: msg.New(msg.OutcomeCancelledNotErased, msg.New(msg.OutcomeCancelled)).Ptr(),
		Device:  devices.Device{Path: "/dev/sdz", Serial: "SER-1", Model: "Disk"},
		Details: cfg.Details(wipe.JobDetails{}), Started: finished.Add(-time.Minute), Finished: finished,
		Tool: "wipestation", ToolVersion: "test", Host: "desk",
	}
	if err := w.Audit.AppendEvent(wipe.Event{Type: wipe.EventStart, JobID: "j1", Device: "/dev/sdz"}); err != nil {
		t.Fatal(err)
	}
	path, err := w.Certify(rec, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Audit.AppendEvent(wipe.Event{Type: wipe.EventResult, JobID: "j1", Result: rec, CertificatePath: path}); err != nil {
		t.Fatal(err)
	}
	if code, out := runCaptured(t, "cert", "verify", path); code != 0 || !strings.Contains(out, "NOT ERASED report "+id+" (aborted)") {
		t.Errorf("cert verify = %d %s", code, out)
	}
	if code, out := runCaptured(t, "log", "verify"); code != 0 || !strings.Contains(out, "2 lines") {
		t.Errorf("log verify = %d %s", code, out)
	}
	// The log's digest is the certificate's, though the job named no language
	// (the certificate's zh-TW was filled in when it was made).
	embedded, err := os.ReadFile(strings.TrimSuffix(path, ".pdf") + ".json")
	if err != nil {
		t.Fatal(err)
	}
	digest := certificate.RecordDigest(bytes.TrimSuffix(embedded, []byte("\n")))
	logged, _ := os.ReadFile(auditLogPath(cfg))
	if !strings.Contains(string(logged), `"record_sha256":"`+digest+`"`) {
		t.Errorf("the log does not carry the certificate's record digest %s:\n%s", digest, logged)
	}
	// No line is signed by the certificate key: an audit line's signature can
	// never be passed off as a certificate's.
	for i, line := range strings.Split(strings.TrimSpace(string(logged)), "\n") {
		var e certificate.AuditEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		sum, _ := hex.DecodeString(e.Hash)
		sig, _ := base64.StdEncoding.DecodeString(e.Sig)
		if ecdsa.VerifyASN1(&w.Certifier.Key.Private.PublicKey, sum, sig) {
			t.Errorf("line %d is signed by the certificate key", i+1)
		}
	}
}

// TestLogVerifyLegacy: a log written before audit-log keys (signed by the
// certificate key) verifies with that key, labelled as the legacy scheme.
func TestLogVerifyLegacy(t *testing.T) {
	newCertEnv(t, "")
	legacy := filepath.Join("..", "..", "certificate", "testdata", "audit-legacy.jsonl")
	certKey := filepath.Join("..", "..", "certificate", "testdata", "key", certificate.CertFile)
	code, out := runCaptured(t, "log", "verify", "--log", legacy, "--key", certKey)
	if code != 0 || !strings.Contains(out, "seq 1-4 in the legacy scheme, signed by the certificate key SHA256:") {
		t.Errorf("legacy log: exit %d: %s", code, out)
	}
	if code, _ := runCaptured(t, "log", "verify", "--log", legacy); code != exitUsage {
		t.Errorf("with no keys at all: exit %d, want %d", code, exitUsage)
	}
	runCaptured(t, "key", "show") // this workstation's keys, not the writer's
	code, out = runCaptured(t, "log", "verify", "--log", legacy)
	if code != 1 || !strings.Contains(out, "line 1: seq 1: signature not made by the certificate key (legacy scheme)") {
		t.Errorf("legacy log with another workstation's keys: exit %d: %s", code, out)
	}
}
