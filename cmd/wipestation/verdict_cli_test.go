package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/internal/testutil"
)

// TestVerifyOffIsUnverifiedEverywhere: an overwrite that was not read back says
// the same thing in every output (issue: the CLI said ERASED and exited 0 while
// the PDF was a NOT ERASED report). No root needed: an image file.
func TestVerifyOffIsUnverifiedEverywhere(t *testing.T) {
	testutil.RequireCommand(t, "pdftotext")
	dir := t.TempDir()
	img := filepath.Join(dir, "disk.img")
	if err := os.WriteFile(img, make([]byte, 4<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	records, certs := filepath.Join(dir, "records"), filepath.Join(dir, "certs")
	common := []string{"wipe", "--yes", "--allow-file", "--method", "one", "--verify", "off", "--records-dir", records, "--cert-dir", certs}

	r := wipestation(t, append(common, "--json", img)...)
	if r.code != exitUnverified {
		t.Fatalf("exit %d, want %d; stderr %s", r.code, exitUnverified, r.stderr)
	}
	res := results(t, jsonLines(t, r.stdout))[img]
	if res["status"] != "unverified" || res["verified"] != false {
		t.Errorf("JSON result %v", res)
	}

	// The record on disk.
	var rec struct {
		Status       string `json:"status"`
		Verification struct {
			Verified bool   `json:"verified"`
			Mode     string `json:"mode"`
		} `json:"verification"`
	}
	b, err := os.ReadFile(res["record"].(string))
	if err != nil || json.Unmarshal(b, &rec) != nil || rec.Status != "unverified" || rec.Verification.Verified || rec.Verification.Mode != "none" {
		t.Errorf("record %s: %v %s", res["record"], err, b)
	}

	// The page: a report, never a certificate of sanitization.
	cert := res["certificate"].(string)
	text, err := exec.Command("pdftotext", "-layout", cert, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if page := string(text); !strings.Contains(page, "NOT ERASED") || !strings.Contains(page, "not verified") {
		t.Errorf("the page does not say NOT ERASED / not verified:\n%s", page)
	}

	// cert verify and the register agree.
	v := wipestation(t, "cert", "verify", cert)
	if !strings.Contains(v.stdout, "NOT ERASED report") || !strings.Contains(v.stdout, "(unverified)") {
		t.Errorf("cert verify: %s %s", v.stdout, v.stderr)
	}

	// The audit log's result line.
	f, err := os.Open(filepath.Join(records, "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	found := false
	for s := bufio.NewScanner(f); s.Scan(); {
		if strings.Contains(s.Text(), `job.result`) {
			found = strings.Contains(s.Text(), `"status":"unverified"`)
		}
	}
	if !found {
		t.Error("the audit log's result line does not say unverified")
	}

	// The human line.
	h := wipestation(t, append(common, img)...)
	if h.code != exitUnverified || !strings.Contains(h.stdout, "UNVERIFIED") || strings.Contains(h.stdout, "ERASED (") {
		t.Errorf("exit %d:\n%s", h.code, h.stdout)
	}
}

// TestNamesInAnyScript: an operator name outside the Basic Multilingual Plane
// (the Taiwanese name 林𡘙) and an emoji asset tag once panicked in the
// certificate after the wipe, losing every job of the process. Two jobs in one
// process now both end erased, with the exact text in their records and
// certificates that verify.
func TestNamesInAnyScript(t *testing.T) {
	dir := t.TempDir()
	var imgs []string
	for _, n := range []string{"a.img", "b.img"} {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, make([]byte, 4<<20), 0o600); err != nil {
			t.Fatal(err)
		}
		imgs = append(imgs, p)
	}
	args := []string{"wipe", "--yes", "--json", "--allow-file", "--method", "zero", "--operator", "林𡘙",
		"--asset-tag", "📦-0042", "--asset-tag", "資產-2", "--records-dir", filepath.Join(dir, "records"), "--cert-dir", filepath.Join(dir, "certs")}
	r := wipestation(t, append(args, imgs...)...)
	if r.code != exitOK {
		t.Fatalf("exit %d; stderr %s", r.code, r.stderr)
	}
	res := results(t, jsonLines(t, r.stdout))
	for _, img := range imgs {
		got := res[img]
		if got["status"] != "erased" || got["certificate"] == nil {
			t.Fatalf("%s: %v", img, got)
		}
		b, err := os.ReadFile(got["record"].(string))
		if err != nil || !strings.Contains(string(b), `"name": "林𡘙"`) {
			t.Errorf("%s: the record does not keep the name exactly: %v", img, err)
		}
		if v := wipestation(t, "cert", "verify", got["certificate"].(string)); v.code != 0 {
			t.Errorf("cert verify %s: %s %s", img, v.stdout, v.stderr)
		}
	}
}

// TestBareSystemFonts runs the binary where no font is installed (a private
// mount namespace with an empty tmpfs over the font folders; the host is not
// touched): an English wipe issues a certificate drawn with the fonts built into
// the binary that verifies there, and a zh-TW wipe is refused up front, saying how
// to fix it, with nothing written.
func TestBareSystemFonts(t *testing.T) {
	testutil.RequireRoot(t)
	testutil.RequireCommand(t, "unshare")
	dir := t.TempDir()
	img := filepath.Join(dir, "disk.img")
	if err := os.WriteFile(img, []byte(strings.Repeat("\x5a", 4<<20)), 0o600); err != nil {
		t.Fatal(err)
	}
	bare := func(args ...string) cliRun {
		t.Helper()
		script := `for d in /usr/share/fonts /usr/local/share/fonts; do [ -d "$d" ] && mount -t tmpfs none "$d"; done; exec "$@"`
		cmd := exec.Command("unshare", append([]string{"--mount", "--propagation", "private", "sh", "-c", script, "sh", binary}, args...)...)
		cmd.Env = append(os.Environ(), "WIPESTATION_FONT=")
		return runBinary(t, cmd)
	}
	common := []string{"wipe", "--yes", "--json", "--allow-file", "--method", "zero", "--records-dir", filepath.Join(dir, "records"), "--cert-dir", filepath.Join(dir, "certs")}

	zh := bare(append(common, "--lang", "zh-TW", img)...)
	if zh.code != exitUsage || !strings.Contains(zh.stderr, "fonts-lxgw-wenkai") {
		t.Errorf("zh-TW without a CJK font: exit %d, stderr %s", zh.code, zh.stderr)
	}
	if b, _ := os.ReadFile(img); b[0] != 0x5a {
		t.Error("the refused zh-TW job touched the medium")
	}

	en := bare(append(common, "--lang", "en", img)...)
	if en.code != exitOK {
		t.Fatalf("English without a font: exit %d, stderr %s", en.code, en.stderr)
	}
	res := results(t, jsonLines(t, en.stdout))[img]
	cert, _ := res["certificate"].(string)
	if v := bare("cert", "verify", cert); v.code != 0 || !strings.HasPrefix(v.stdout, "OK") {
		t.Errorf("cert verify on the bare system: exit %d %s %s", v.code, v.stdout, v.stderr)
	}
}
