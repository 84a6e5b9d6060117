package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/internal/testutil"
)

// binary is the wipestation built once for these tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wipestation-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "wipestation")
	// Keep the workstation's state (key, records, certificates, audit log) and any
	// config file of this machine out of the tests.
	os.Setenv("WIPESTATION_STATE_DIR", filepath.Join(dir, "state"))
	os.Setenv("WIPESTATION_KEY_DIR", filepath.Join(dir, "key"))
	os.WriteFile(filepath.Join(dir, "config.toml"), nil, 0o600)
	os.Setenv("WIPESTATION_CONFIG", filepath.Join(dir, "config.toml"))
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	build := exec.Command(gobin, "build", "-o", binary, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type cliRun struct {
	code   int
	stdout string
	stderr string
}

// wipestation runs the binary with stdin from /dev/null (not a terminal).
func wipestation(t *testing.T, args ...string) cliRun {
	t.Helper()
	return runBinary(t, exec.Command(binary, args...))
}

// runBinary runs cmd (the binary, maybe behind a wrapper) and returns its exit
// code and output.
func runBinary(t *testing.T, cmd *exec.Cmd) cliRun {
	t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return cliRun{code: code, stdout: out.String(), stderr: errb.String()}
}

func TestUsageErrors(t *testing.T) {
	existing := filepath.Join(t.TempDir(), "x.img")
	os.WriteFile(existing, make([]byte, 4096), 0o600)
	cases := []struct {
		name    string
		args    []string
		saysAll []string
	}{
		{"unknown method names the valid ones", []string{"wipe", "--method", "shred", "--yes", existing}, []string{"unknown method", "nist-clear", "gutmann", "purge"}},
		{"bad flag", []string{"wipe", "--frobnicate", existing}, []string{"frobnicate"}},
		{"bad verify mode", []string{"wipe", "--verify", "sometimes", existing}, []string{"off", "last", "all"}},
		{"no such path", []string{"wipe", "--yes", "--method", "zero", "/dev/does-not-exist"}, []string{"no such device or file", "/dev/does-not-exist"}},
		{"no target", []string{"wipe", "--yes"}, []string{"target"}},
		{"rounds", []string{"wipe", "--yes", "--rounds", "0", existing}, []string{"--rounds"}},
		{"fallback only with purge", []string{"wipe", "--yes", "--method", "zero", "--fallback", "clear", existing}, []string{"--fallback"}},
		{"verify off with a verifying method", []string{"wipe", "--yes", "--method", "nist-clear", "--verify", "off", existing}, []string{"--verify off"}},
		{"asset tags must match targets", []string{"wipe", "--yes", "--asset-tag", "A", "--asset-tag", "B", existing}, []string{"one --asset-tag per target"}},
		{"operator name that is not UTF-8", []string{"wipe", "--yes", "--allow-file", "--method", "zero", "--operator", "Chen \xff", existing}, []string{"not valid UTF-8", `\xff`}},
		{"no --yes without a terminal", []string{"wipe", "--method", "zero", "--allow-file", existing}, []string{"--yes"}},
		{"psid only with the psid revert", []string{"wipe", "--yes", "--method", "purge", "--psid", testPSID, existing}, []string{"--psid applies only to --method tcg-psid-revert"}},
		{"psid revert needs a psid", []string{"wipe", "--yes", "--method", "tcg-psid-revert", existing}, []string{"--psid -"}},
		{"a psid belongs to one drive", []string{"wipe", "--yes", "--method", "tcg-psid-revert", "--psid", testPSID, existing, existing + "2"}, []string{"one target"}},
		{"malformed psid", []string{"wipe", "--yes", "--method", "tcg-psid-revert", "--psid", "0123-4567", existing}, []string{"32 letters and digits", "9 characters"}},
		{"empty psid on stdin", []string{"wipe", "--yes", "--method", "tcg-psid-revert", "--psid", "-", existing}, []string{"0 characters"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := wipestation(t, c.args...)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2; stderr: %s", r.code, r.stderr)
			}
			for _, s := range c.saysAll {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr does not say %q: %s", s, r.stderr)
				}
			}
		})
	}
	// Nothing was written to the file by any of them.
	if b, _ := os.ReadFile(existing); !bytes.Equal(b, make([]byte, 4096)) {
		t.Error("a usage error touched the target")
	}
}

func TestMethodsJSON(t *testing.T) {
	r := wipestation(t, "methods", "--json")
	var ms []methodJSON
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &ms) != nil {
		t.Fatalf("exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	byID := map[string]methodJSON{}
	for _, m := range ms {
		byID[m.ID] = m
	}
	if g := byID["gutmann"]; g.PassCount != 35 || g.Class != "Clear" || len(g.Passes) != 35 {
		t.Errorf("gutmann: %+v", g)
	}
	if byID["nvme-sanitize-crypto"].Engine != "firmware" || byID["nvme-sanitize-crypto"].Class != "Purge" {
		t.Errorf("nvme-sanitize-crypto: %+v", byID["nvme-sanitize-crypto"])
	}
	if r := wipestation(t, "methods"); r.code != 0 || !strings.Contains(r.stdout, "hmg-is5-enhanced") {
		t.Errorf("methods: exit %d: %s", r.code, r.stdout)
	}
}

// jsonLines parses stdout of --json and checks each line is an object with event
// and device.
func jsonLines(t *testing.T, stdout string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(stdout))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not a JSON line: %q: %v", sc.Text(), err)
		}
		if m["event"] == nil || m["device"] == nil {
			t.Fatalf("line without event or device: %q", sc.Text())
		}
		out = append(out, m)
	}
	return out
}

func results(t *testing.T, lines []map[string]any) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, l := range lines {
		if l["event"] == "result" {
			for _, k := range []string{"status", "verified", "method", "bytes_written", "errors", "started", "finished", "record"} {
				if _, ok := l[k]; !ok {
					t.Errorf("result without %q: %v", k, l)
				}
			}
			out[l["device"].(string)] = l
		}
	}
	return out
}

func TestWipeExitCodes(t *testing.T) {
	testutil.RequireRoot(t)
	const size = 16 << 20
	cases := []struct {
		name     string
		method   string
		targets  func(t *testing.T) []string
		code     int
		statuses []string
	}{
		{name: "erased and verified", method: "zero", code: 0, statuses: []string{"erased"},
			targets: func(t *testing.T) []string { return []string{testutil.NewLoopDevice(t, size).Path} }},
		{name: "mounted loop device refused", method: "zero", code: 3, statuses: []string{"refused"},
			targets: func(t *testing.T) []string {
				l := testutil.NewLoopDevice(t, size)
				testutil.MountExt4(t, l.Path)
				return []string{l.Path}
			}},
		{name: "a link to a mounted loop device refused under the path given", method: "zero", code: 3, statuses: []string{"refused"},
			targets: func(t *testing.T) []string {
				l := testutil.NewLoopDevice(t, size)
				testutil.MountExt4(t, l.Path)
				link := filepath.Join(testutil.ScratchDir(t), "by-id-mounted")
				if err := os.Symlink(l.Path, link); err != nil {
					t.Fatal(err)
				}
				return []string{link}
			}},
		{name: "verification failed", method: "verify-one", code: 1, statuses: []string{"failed"},
			targets: func(t *testing.T) []string { return []string{testutil.NewLoopDevice(t, size).Path} }},
		{name: "one refused, one erased: refusal wins over success", method: "random", code: 3, statuses: []string{"erased", "refused"},
			targets: func(t *testing.T) []string {
				return []string{testutil.NewLoopDevice(t, size).Path, testutil.NewLoopDevice(t, size, "--read-only").Path}
			}},
		{name: "one failed, one refused: failure wins", method: "verify-zero", code: 1, statuses: []string{"failed", "refused"},
			targets: func(t *testing.T) []string {
				l := testutil.NewLoopDevice(t, size)
				testutil.FillFile(t, l.BackingFile, 1)
				m := testutil.NewLoopDevice(t, size)
				testutil.MountExt4(t, m.Path)
				return []string{l.Path, m.Path}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			targets := c.targets(t)
			records := filepath.Join(testutil.ScratchDir(t), "records")
			args := append([]string{"wipe", "--yes", "--json", "--method", c.method, "--records-dir", records}, targets...)
			r := wipestation(t, args...)
			if r.code != c.code {
				t.Errorf("exit %d, want %d; stderr %s", r.code, c.code, r.stderr)
			}
			lines := jsonLines(t, r.stdout)
			res := results(t, lines)
			if c.code == 0 {
				// Start, the phases, and the final progress figures of the read-back.
				var kinds []string
				var lastProgress map[string]any
				for _, l := range lines {
					k := l["event"].(string)
					switch k {
					case "progress":
						lastProgress = l
						continue
					case "phase":
						k += ":" + l["phase"].(string)
					}
					kinds = append(kinds, k)
				}
				if got := strings.Join(kinds, " "); got != "start phase:write phase:verify result" {
					t.Errorf("JSON lines %s", got)
				}
				if lastProgress == nil || lastProgress["phase"] != "verify" || lastProgress["bytes_done"] != lastProgress["bytes_total"] {
					t.Errorf("last progress line %v, want the final figures of the read-back", lastProgress)
				}
				// One write pass and its read-back: the whole job is twice the medium,
				// and the last line has done all of it.
				if total, _ := lastProgress["overall_bytes_total"].(float64); total == 0 || total != 2*lastProgress["bytes_total"].(float64) ||
					lastProgress["overall_bytes_done"] != lastProgress["overall_bytes_total"] {
					t.Errorf("last progress line %v, want overall_bytes_done = overall_bytes_total = twice the medium", lastProgress)
				}
			}
			if len(res) != len(targets) {
				t.Fatalf("%d results for %d targets: %s", len(res), len(targets), r.stdout)
			}
			for i, target := range targets {
				got := res[target]
				if got["status"] != c.statuses[i] {
					t.Errorf("%s: status %v (%v), want %s", target, got["status"], got["reason"], c.statuses[i])
				}
				if c.statuses[i] == "erased" && (got["verified"] != true || got["bytes_written"].(float64) != size) {
					t.Errorf("%s: %v", target, got)
				}
				// Every job, erased or not, files its signed certificate or "not
				// erased" report.
				if cert, _ := got["certificate"].(string); !strings.HasSuffix(cert, ".pdf") {
					t.Errorf("%s: no certificate in the result: %v", target, got)
				} else if pdf, err := os.ReadFile(cert); err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
					t.Errorf("%s: certificate %s: %v", target, cert, err)
				}
				rec, err := os.ReadFile(got["record"].(string))
				if err != nil || !json.Valid(rec) {
					t.Errorf("record %v: %v", got["record"], err)
				}
			}
			entries, _ := os.ReadDir(records)
			entries = slices.DeleteFunc(entries, func(e os.DirEntry) bool { return e.Name() == certificate.DefaultAuditLogName })
			if len(entries) != len(targets) {
				t.Errorf("%d files in the records folder for %d targets", len(entries), len(targets))
			}
			for _, e := range entries {
				if !strings.HasSuffix(e.Name(), ".json") || strings.HasPrefix(e.Name(), ".") {
					t.Errorf("partial or stray file %s", e.Name())
				}
			}
		})
	}
}

func TestInterruptAbortsWithin1s(t *testing.T) {
	testutil.RequireRoot(t)
	l := testutil.NewLoopDevice(t, 64<<20)
	records := filepath.Join(testutil.ScratchDir(t), "records")
	cmd := exec.Command(binary, "wipe", "--yes", "--json", "--method", "gutmann", "--records-dir", records, l.Path)
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	var sent time.Time
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if sent.IsZero() && strings.Contains(sc.Text(), `"event":"phase"`) && strings.Contains(sc.Text(), `"pass":2`) {
			sent = time.Now()
			cmd.Process.Signal(syscall.SIGINT)
		}
	}
	err := cmd.Wait()
	took := time.Since(sent)
	if sent.IsZero() {
		t.Fatalf("never reached pass 2: %v %s", lines, stderr.String())
	}
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 130 {
		t.Fatalf("exit %v, want 130; stderr %s", err, stderr.String())
	}
	if took > time.Second {
		t.Errorf("ended %v after SIGINT", took)
	}
	res := results(t, jsonLines(t, strings.Join(lines, "\n")))
	if res[l.Path]["status"] != "aborted" {
		t.Errorf("result %v", res[l.Path])
	}
}

func TestDemo(t *testing.T) {
	dir := filepath.Join(testutil.ScratchDir(t), "demo")
	r := wipestation(t, "demo", "--yes", "--json", "--dir", dir, "--method", "dod-3pass")
	if r.code != 0 {
		t.Fatalf("exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	res := results(t, jsonLines(t, r.stdout))
	if len(res) != 3 {
		t.Fatalf("%d results", len(res))
	}
	for dev, l := range res {
		if l["status"] != "erased" || l["verified"] != true || l["bytes_written"].(float64) != 3*64<<20 {
			t.Errorf("%s: %v", dev, l)
		}
	}
	recs, _ := filepath.Glob(filepath.Join(dir, "records", "*.json"))
	if len(recs) != 3 {
		t.Errorf("records %v", recs)
	}
}

// testPSID is a well-formed PSID of no real drive.
const testPSID = "0123456789ABCDEFGHIJKLMNOPQRSTUV"

// TestPSIDFromStdin: --psid - reads the first line of stdin; a job on a device
// that is no SED is refused, and neither the output nor the record holds the PSID.
func TestPSIDFromStdin(t *testing.T) {
	img := filepath.Join(testutil.ScratchDir(t), "disk.img")
	os.WriteFile(img, bytes.Repeat([]byte{7}, 1<<20), 0o600)
	records := filepath.Join(filepath.Dir(img), "records")
	cmd := exec.Command(binary, "wipe", "--yes", "--json", "--allow-file", "--method", "tcg-psid-revert", "--psid", "-", "--records-dir", records, img)
	cmd.Stdin = strings.NewReader(testPSID + "\nrest of stdin\n")
	r := runBinary(t, cmd)
	if r.code == 0 || r.code == 2 {
		t.Fatalf("exit %d, want a refused job: %s %s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "refused") {
		t.Errorf("not refused: %s", r.stdout)
	}
	files, _ := filepath.Glob(filepath.Join(records, "*"))
	if len(files) == 0 {
		t.Fatal("no record")
	}
	for _, f := range append(files, "stdout", "stderr") {
		b, _ := os.ReadFile(f)
		switch f {
		case "stdout":
			b = []byte(r.stdout)
		case "stderr":
			b = []byte(r.stderr)
		}
		if bytes.Contains(b, []byte(testPSID[:28])) {
			t.Errorf("%s holds the PSID", f)
		}
	}
	if b, _ := os.ReadFile(img); !bytes.Equal(b, bytes.Repeat([]byte{7}, 1<<20)) {
		t.Error("the image changed")
	}
}

func TestImageFilesNeedAllowFile(t *testing.T) {
	img := filepath.Join(testutil.ScratchDir(t), "disk.img")
	os.WriteFile(img, bytes.Repeat([]byte{7}, 1<<20+333), 0o600)
	records := filepath.Join(filepath.Dir(img), "records")
	r := wipestation(t, "wipe", "--yes", "--json", "--method", "zero", "--records-dir", records, img)
	if r.code != 3 {
		t.Errorf("without --allow-file: exit %d, want 3; %s", r.code, r.stderr)
	}
	r = wipestation(t, "wipe", "--yes", "--json", "--allow-file", "--method", "schneier", "--verify", "all", "--records-dir", records, img)
	if r.code != 0 {
		t.Fatalf("with --allow-file: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	// schneier's last pass is random: the file no longer holds its old bytes.
	if b, _ := os.ReadFile(img); len(b) != 1<<20+333 || bytes.Count(b, []byte{7}) > len(b)/100 {
		t.Error("the image still holds its old content (or changed size)")
	}
}
