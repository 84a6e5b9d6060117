// Package releasetest holds the tests of the release build (scripts/release,
// tools/release): the same commit gives the same bytes from two checkouts, the
// binary keeps the main module's dependencies, and the Debian package installs
// and removes cleanly in a throwaway root.
package releasetest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/internal/testutil"
)

// release is one run of the release tool.
type release struct {
	dir  string // the output folder
	sums []byte
}

// file returns the path of the one artifact whose name matches pattern.
func (r release) file(t *testing.T, pattern string) string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(r.dir, pattern))
	if err != nil || len(m) != 1 {
		t.Fatalf("artifacts matching %s: %v %v", pattern, m, err)
	}
	return m[0]
}

func run(t *testing.T, dir string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// clone checks out the commit the repository is at into a new folder under
// parent (a shared clone: no objects are copied).
func clone(t *testing.T, root, parent string) string {
	t.Helper()
	head := strings.TrimSpace(run(t, root, "git", "rev-parse", "HEAD"))
	dir := filepath.Join(parent, "wipestation")
	run(t, root, "git", "clone", "--quiet", "--shared", "--no-checkout", root, dir)
	run(t, dir, "git", "checkout", "--quiet", "--detach", head)
	return dir
}

// releases builds the release tool once and runs it on two clones of this
// commit at different paths.
func releases(t *testing.T) (a, b release) {
	t.Helper()
	testutil.RequireCommand(t, "git", "go")
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	tool := filepath.Join(tmp, "release")
	run(t, filepath.Join(root, "tools", "release"), "go", "build", "-o", tool, ".")
	build := func(checkout string) release {
		src := clone(t, root, filepath.Join(tmp, checkout))
		out := filepath.Join(tmp, checkout, "dist")
		run(t, src, tool, "-repo", src, "-out", out)
		sums, err := os.ReadFile(filepath.Join(out, "SHA256SUMS"))
		if err != nil {
			t.Fatal(err)
		}
		return release{dir: out, sums: sums}
	}
	return build("first"), build("second-checkout-elsewhere")
}

func TestRelease(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the release twice")
	}
	a, b := releases(t)

	t.Run("reproducible", func(t *testing.T) {
		// SHA256SUMS covers every artifact: equal sums, equal bytes.
		if !bytes.Equal(a.sums, b.sums) {
			t.Fatalf("two checkouts of one commit gave different artifacts:\n%s\n%s", a.sums, b.sums)
		}
		for _, pattern := range []string{"wipestation-linux-amd64", "wipestation_*_amd64.deb"} {
			x, err := os.ReadFile(a.file(t, pattern))
			if err != nil {
				t.Fatal(err)
			}
			y, err := os.ReadFile(b.file(t, pattern))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(x, y) {
				t.Errorf("%s differs between the two builds", pattern)
			}
		}
		lines := strings.Split(strings.TrimSpace(string(a.sums)), "\n")
		if len(lines) != 6 {
			t.Errorf("SHA256SUMS has %d lines, want the binary, the man page, three completion scripts and the .deb:\n%s", len(lines), a.sums)
		}
		run(t, a.dir, "sha256sum", "--check", "--quiet", "SHA256SUMS")
	})

	t.Run("version", func(t *testing.T) {
		out := run(t, a.dir, a.file(t, "wipestation-linux-amd64"), "version")
		root, _ := filepath.Abs("../..")
		head := strings.TrimSpace(run(t, root, "git", "rev-parse", "HEAD"))
		describe := strings.TrimSpace(run(t, root, "git", "describe", "--tags", "--always", "--abbrev=12"))
		for _, want := range []string{"wipestation " + describe + "\n", "commit: " + head + "\n", "go: go"} {
			if !strings.Contains(out, want) {
				t.Errorf("version printed %q, want it to contain %q", out, want)
			}
		}

		var got struct {
			Version    string `json:"version"`
			Commit     string `json:"commit"`
			CommitTime string `json:"commit_time"`
			Dirty      bool   `json:"dirty"`
		}
		js := run(t, a.dir, a.file(t, "wipestation-linux-amd64"), "version", "--json")
		if err := json.Unmarshal([]byte(js), &got); err != nil {
			t.Fatalf("version --json: %v: %s", err, js)
		}
		epoch, err := strconv.ParseInt(strings.TrimSpace(run(t, root, "git", "log", "-1", "--format=%ct")), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		when := time.Unix(epoch, 0).UTC()
		if got.Version != describe || got.Commit != head || got.CommitTime != when.Format(time.RFC3339) || got.Dirty {
			t.Errorf("version --json: %s; want version %s, commit %s, commit_time %s, not dirty", js, describe, head, when.Format(time.RFC3339))
		}
		// The manual page is dated by the commit, not by the build.
		man, err := os.ReadFile(filepath.Join(a.dir, "wipestation.1"))
		if err != nil {
			t.Fatal(err)
		}
		if th := `"` + when.Format("2006\\-01\\-02") + `"`; !strings.Contains(string(man), th) {
			t.Errorf("manual page not dated %s: %.200s", th, man)
		}
	})

	t.Run("dependencies are the main module's", func(t *testing.T) {
		root, _ := filepath.Abs("../..")
		want := map[string]string{}
		cmd := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}}{{end}}{{end}}", "./cmd/wipestation")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(out), "\n") {
			if f := strings.Fields(l); len(f) == 2 {
				want[f[0]] = f[1]
			}
		}
		got := map[string]string{}
		for _, l := range strings.Split(run(t, root, "go", "version", "-m", a.file(t, "wipestation-linux-amd64")), "\n") {
			if f := strings.Fields(l); len(f) >= 3 && f[0] == "dep" {
				got[f[1]] = f[2]
			}
		}
		if len(want) < 5 || !equal(got, want) {
			t.Errorf("release binary's modules %v\nwant the main module's %v", got, want)
		}
	})

	t.Run("deb installs and removes in a throwaway root", func(t *testing.T) {
		testDeb(t, a.file(t, "wipestation_*_amd64.deb"))
	})
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// installed are the files the package puts on a system.
var installed = []string{
	"usr/bin/wipestation",
	"usr/share/man/man1/wipestation.1.gz",
	"usr/share/bash-completion/completions/wipestation",
	"usr/share/zsh/vendor-completions/_wipestation",
	"usr/share/fish/vendor_completions.d/wipestation.fish",
	"usr/share/doc/wipestation/copyright",
	"etc/wipestation/config.toml",
}

func testDeb(t *testing.T, deb string) {
	// dpkg sets owners to root: it runs as root, but only ever on the root
	// below, with its own database; this machine's is checked untouched.
	testutil.RequireRoot(t)
	testutil.RequireCommand(t, "dpkg", "dpkg-query", "man")
	if hostHas(t) {
		testutil.Skip(t, "wipestation is installed on this machine: the check that the test leaves it alone would be void")
	}

	root := t.TempDir()
	admin := filepath.Join(root, "var/lib/dpkg")
	for _, d := range []string{"info", "updates", "triggers"} {
		if err := os.MkdirAll(filepath.Join(admin, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"status", "available"} {
		if err := os.WriteFile(filepath.Join(admin, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dpkg := func(args ...string) string {
		t.Helper()
		// --path-include undoes any path exclusion of this machine's dpkg.cfg.d
		// (container images often drop /usr/share/man).
		base := []string{"--root=" + root, "--log=" + filepath.Join(root, "dpkg.log"), "--force-script-chrootless", "--path-include=*"}
		return run(t, root, "dpkg", append(base, args...)...)
	}
	status := func() string {
		t.Helper()
		cmd := exec.Command("dpkg-query", "--admindir="+admin, "-W", "-f=${Status}", "wipestation")
		out, _ := cmd.Output()
		return string(out)
	}
	exists := func(rel string) bool {
		_, err := os.Stat(filepath.Join(root, rel))
		return err == nil
	}

	dpkg("--install", deb)
	if got := status(); got != "install ok installed" {
		t.Fatalf("after dpkg -i: status %q", got)
	}
	for _, f := range installed {
		if !exists(f) {
			t.Errorf("dpkg -i did not install /%s", f)
		}
	}
	// The binary embeds the Go fonts, whose licence asks that binary
	// distributions reproduce its notice.
	if b, err := os.ReadFile(filepath.Join(root, "usr/share/doc/wipestation/copyright")); err != nil || !bytes.Contains(b, []byte("Bigelow & Holmes")) {
		t.Errorf("the copyright file lacks the Go fonts' notice (%v)", err)
	}
	conffiles := run(t, root, "dpkg-query", "--admindir="+admin, "-W", "-f=${Conffiles}", "wipestation")
	if !strings.Contains(conffiles, "/etc/wipestation/config.toml") {
		t.Errorf("conffiles %q lack /etc/wipestation/config.toml", conffiles)
	}
	if out := run(t, root, filepath.Join(root, "usr/bin/wipestation"), "version"); !strings.HasPrefix(out, "wipestation ") {
		t.Errorf("installed binary: version printed %q", out)
	}
	// man wipestation, looking only in the throwaway root's manual.
	man := exec.Command("man", "-M", filepath.Join(root, "usr/share/man"), "wipestation")
	man.Env = append(os.Environ(), "MANPAGER=cat", "PAGER=cat")
	if out, err := man.Output(); err != nil || !strings.Contains(string(out), "WIPESTATION(1)") {
		t.Errorf("man wipestation with the installed page: %v\n%.300s", err, out)
	}
	bash := exec.Command("bash", "-c", `source "$1" && complete -p wipestation`, "bash", filepath.Join(root, "usr/share/bash-completion/completions/wipestation"))
	if out, err := bash.CombinedOutput(); err != nil || !strings.Contains(string(out), "_wipestation") {
		t.Errorf("installed bash completion: %v\n%s", err, out)
	}

	// The administrator edits the configuration; removing the package keeps the
	// edit, purging removes it.
	conf := filepath.Join(root, "etc/wipestation/config.toml")
	edited := []byte("language = \"zh-TW\"\n")
	if err := os.WriteFile(conf, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	dpkg("--remove", "wipestation")
	if got := status(); got != "deinstall ok config-files" {
		t.Errorf("after dpkg -r: status %q", got)
	}
	for _, f := range installed {
		if f != "etc/wipestation/config.toml" && exists(f) {
			t.Errorf("dpkg -r left /%s", f)
		}
	}
	if got, err := os.ReadFile(conf); err != nil || !bytes.Equal(got, edited) {
		t.Errorf("dpkg -r did not keep the edited conffile: %q %v", got, err)
	}
	dpkg("--purge", "wipestation")
	if got := status(); got != "" && !strings.HasPrefix(got, "unknown") && !strings.Contains(got, "not-installed") {
		t.Errorf("after dpkg --purge: status %q", got)
	}
	for _, f := range append(installed, "etc/wipestation", "usr/share/doc/wipestation") {
		if exists(f) {
			t.Errorf("dpkg --purge left /%s", f)
		}
	}
	if hostHas(t) {
		t.Errorf("the package was installed on this machine")
	}
}

// hostHas reports whether this machine's own dpkg database lists wipestation.
func hostHas(t *testing.T) bool {
	t.Helper()
	out, err := os.ReadFile("/var/lib/dpkg/status")
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(out, []byte("\nPackage: wipestation\n")) || bytes.HasPrefix(out, []byte("Package: wipestation\n"))
}
