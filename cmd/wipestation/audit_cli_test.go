package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/internal/testutil"
)

// auditWorkstation is a config file whose audit log is at logPath, with its own
// key folder (the audit-log key already made).
func auditWorkstation(t *testing.T, logPath string) (config, keyDir string) {
	t.Helper()
	dir := t.TempDir()
	keyDir = filepath.Join(dir, "key")
	if _, err := certificate.LoadOrCreateAuditKey(keyDir); err != nil {
		t.Fatal(err)
	}
	config = filepath.Join(dir, "config.toml")
	writeFile(t, config, "key_dir = \""+keyDir+"\"\naudit_log = \""+logPath+"\"\n")
	return config, keyDir
}

// runWith runs the binary with WIPESTATION_CONFIG=config, through prefix (a
// command such as prlimit) when given.
func runWith(t *testing.T, config string, prefix []string, args ...string) cliRun {
	t.Helper()
	argv := append(append(append([]string{}, prefix...), binary), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "WIPESTATION_CONFIG="+config)
	return runBinary(t, cmd)
}

// TestWipeAuditLogUnwritable: a wipe whose events cannot be logged says so and
// exits 1; one whose log cannot even be opened writes nothing.
func TestWipeAuditLogUnwritable(t *testing.T) {
	if _, err := certificate.FindFont("", os.Getenv); err != nil {
		testutil.Skip(t, err.Error())
	}
	const imageSize = 1 << 20
	newImage := func(t *testing.T) string {
		img := filepath.Join(testutil.ScratchDir(t), "disk.img")
		writeFile(t, img, string(bytes.Repeat([]byte{7}, imageSize)))
		return img
	}

	t.Run("log cannot be opened: nothing is written", func(t *testing.T) {
		logDir := filepath.Join(t.TempDir(), "audit.jsonl") // a folder where the file should be
		os.MkdirAll(logDir, 0o750)
		config, _ := auditWorkstation(t, logDir)
		img := newImage(t)
		r := runWith(t, config, nil, "wipe", "--yes", "--json", "--allow-file", "--method", "zero", "--records-dir", filepath.Join(filepath.Dir(img), "records"), img)
		if r.code != 1 || !strings.Contains(r.stderr, "audit log") {
			t.Errorf("exit %d, want 1 naming the audit log: %s %s", r.code, r.stdout, r.stderr)
		}
		if b, _ := os.ReadFile(img); !bytes.Equal(b, bytes.Repeat([]byte{7}, imageSize)) {
			t.Error("the image was written although its events could not be logged")
		}
	})

	t.Run("appends fail mid-job: the job says so and exits 1", func(t *testing.T) {
		prlimit, err := exec.LookPath("prlimit")
		if err != nil {
			testutil.Skip(t, "prlimit (util-linux) is not installed")
		}
		// The log already holds more than the file size limit the wipe runs
		// under, so every append fails (EFBIG, as on a full disk), while the image,
		// the record and the certificate stay below it.
		const limit = 4 << 20
		logPath := filepath.Join(t.TempDir(), "audit.jsonl")
		config, keyDir := auditWorkstation(t, logPath)
		key, _ := certificate.LoadAuditKey(keyDir)
		l, err := certificate.OpenAuditLog(certificate.AuditLogConfig{Path: logPath, Key: key})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := l.Append("note", strings.Repeat("x", limit)); err != nil {
			t.Fatal(err)
		}
		before, _ := os.ReadFile(logPath)
		img := newImage(t)
		r := runWith(t, config, []string{prlimit, "--fsize=" + strconv.Itoa(limit)},
			"wipe", "--yes", "--json", "--allow-file", "--method", "zero", "--records-dir", filepath.Join(filepath.Dir(img), "records"), img)
		if r.code != 1 {
			t.Errorf("exit %d, want 1: %s %s", r.code, r.stdout, r.stderr)
		}
		res := results(t, jsonLines(t, r.stdout))[img]
		if res == nil {
			t.Fatalf("no result for %s: %s %s", img, r.stdout, r.stderr)
		}
		if msg, _ := res["error"].(string); res["status"] != "erased" || !strings.Contains(msg, "start event not logged") || !strings.Contains(msg, "result event not logged") {
			t.Errorf("result %v: want erased, with the start and result events named as not logged", res)
		}
		if after, _ := os.ReadFile(logPath); !bytes.Equal(after, before) {
			t.Error("the log changed")
		}
	})
}

// TestDestroyAuditLogUnwritable: a destruction whose audit line cannot be written
// exits 1 and says so.
func TestDestroyAuditLogUnwritable(t *testing.T) {
	e := newCertEnv(t, "")
	logDir := filepath.Join(e.dir, "records", "audit.jsonl")
	if code, out := runCaptured(t, "destroy", "-", "--how", "shred", "--serial", "Q1", "--yes"); code != 0 {
		t.Fatalf("destroy = %d %s", code, out)
	}
	// The log is replaced by something that cannot be appended to.
	os.Remove(logDir)
	os.MkdirAll(logDir, 0o750)
	if code, out := runCaptured(t, "destroy", "-", "--how", "shred", "--serial", "Q2", "--yes"); code != exitFailed {
		t.Errorf("destroy with an unwritable log = %d, want %d: %s", code, exitFailed, out)
	}
}
