package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/kong"

	"github.com/wipestation/wipestation/internal/clidoc"
	"github.com/wipestation/wipestation/internal/testutil"
)

// model is the real command line's model, as --help sees it.
func model(t *testing.T) *kong.Application {
	t.Helper()
	parser, err := newParser(&cli{})
	if err != nil {
		t.Fatal(err)
	}
	return parser.Model
}

// visible walks the model: every visible command path ("cert verify") with its
// visible flags, own and inherited.
func visible(app *kong.Application) map[string][]string {
	out := map[string][]string{}
	var walk func(n *kong.Node, path string)
	walk = func(n *kong.Node, path string) {
		for _, group := range n.AllFlags(true) {
			for _, f := range group {
				out[path] = append(out[path], "--"+f.Name)
			}
		}
		for _, c := range n.Children {
			if !c.Hidden && c.Type == kong.CommandNode {
				walk(c, strings.TrimSpace(path+" "+c.Name))
			}
		}
	}
	walk(app.Node, "")
	return out
}

func TestManPageRendersEveryCommandAndFlag(t *testing.T) {
	testutil.RequireCommand(t, "groff", "man")
	app := model(t)
	var page bytes.Buffer
	date := time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)
	if err := clidoc.Man(&page, app, clidoc.Page{Section: "1", Date: date, Source: "wipestation v9.9.9", Manual: "User Commands"}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "wipestation.1")
	if err := os.WriteFile(file, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	// groff's warnings (-ww) name any malformed request or escape.
	var warnings bytes.Buffer
	groff := exec.Command("groff", "-man", "-Tutf8", "-ww", "-z", file)
	groff.Stderr = &warnings
	if err := groff.Run(); err != nil || warnings.Len() > 0 {
		t.Fatalf("groff: %v\n%s", err, warnings.String())
	}

	// man -l, as a user views it; a wide page keeps every tag on one line.
	man := exec.Command("man", "-l", file)
	man.Env = append(os.Environ(), "MANWIDTH=200", "MANPAGER=cat", "PAGER=cat", "MAN_KEEP_FORMATTING=")
	out, err := man.Output()
	if err != nil {
		t.Fatalf("man -l: %v", err)
	}
	text := strings.NewReplacer("\u2212", "-", "\u2010", "-").Replace(string(out))
	for _, want := range []string{"WIPESTATION(1)", "2026-12-08", "wipestation v9.9.9", "NAME", "SYNOPSIS", "COMMANDS", "WIPESTATION_CONFIG"} {
		if !strings.Contains(text, want) {
			t.Errorf("rendered page lacks %q", want)
		}
	}
	commands := visible(app)
	if len(commands) < 10 {
		t.Fatalf("model walk found %d commands: broken", len(commands))
	}
	for path, flags := range commands {
		if path != "" && !strings.Contains(text, "wipestation "+path) {
			t.Errorf("rendered page lacks the command %q", path)
		}
		for _, f := range flags {
			// A flag is the tag of a paragraph: at the start of a line.
			if !regexp.MustCompile(`(?m)^\s+(-\w, )?` + regexp.QuoteMeta(f) + `\b`).MatchString(text) {
				t.Errorf("rendered page lacks the flag %s of %q", f, path)
			}
		}
	}
	for _, hidden := range []string{"help-man", "completion", "--only="} {
		if strings.Contains(text, hidden) {
			t.Errorf("rendered page shows the hidden %q", hidden)
		}
	}
}

// script writes the completion script for shell into a file.
func script(t *testing.T, shell string) string {
	t.Helper()
	var b bytes.Buffer
	if err := clidoc.Completion(&b, model(t), shell); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "wipestation."+shell)
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestBashCompletion(t *testing.T) {
	testutil.RequireCommand(t, "bash")
	file := script(t, "bash")
	if out, err := exec.Command("bash", "-c", `source "$1" && complete -p wipestation`, "bash", file).CombinedOutput(); err != nil || !strings.Contains(string(out), "-F _wipestation wipestation") {
		t.Fatalf("loading the script: %v\n%s", err, out)
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "certs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "chain.pem"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		words []string // the command line, the word being completed last
		want  string   // the offered words, space separated
	}{
		{"commands", []string{"wipestation", "me"}, "methods"},
		{"subcommands", []string{"wipestation", "cert", ""}, "verify list"},
		{"subcommand of the right group", []string{"wipestation", "log", "v"}, "verify"},
		{"own and inherited flags", []string{"wipestation", "cert", "verify", "--c"}, "--config --ca"},
		{"short flag", []string{"wipestation", "destroy", "-y"}, "-y"},
		{"enum choices", []string{"wipestation", "wipe", "--verify", ""}, "off last all"},
		{"choices after =", []string{"wipestation", "wipe", "--on-error", "=", "a"}, "abort"},
		{"placeholder choices", []string{"wipestation", "wipe", "--lang", "zh"}, "zh-TW"},
		{"folders for a DIR", []string{"wipestation", "wipe", "--cert-dir", dir + "/c"}, dir + "/certs"},
		{"files for a FILE", []string{"wipestation", "--config", dir + "/ch"}, dir + "/chain.pem"},
		{"free text offers nothing", []string{"wipestation", "wipe", "--operator", ""}, ""},
		{"hidden commands are not offered", []string{"wipestation", "help"}, ""},
		{"completion of the shell argument is hidden too", []string{"wipestation", "comp"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command("bash", "-c", `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _wipestation; echo "${COMPREPLY[*]}"`, "bash", file)
			cmd.Args = append(cmd.Args, tt.words...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if got := strings.TrimSpace(string(out)); got != tt.want {
				t.Errorf("completing %q: got %q, want %q", tt.words, got, tt.want)
			}
		})
	}
}

func TestZshCompletionLoads(t *testing.T) {
	testutil.RequireCommand(t, "zsh")
	file := script(t, "zsh")
	// compinit registers the script as a #compdef file would be; sourcing it
	// defines every command's function and binds the top one to wipestation.
	out, err := exec.Command("zsh", "-fc", `autoload -U compinit && compinit -u -d "$2" && source "$1" && print -r -- $_comps[wipestation] && whence -w _wipestation_cert_verify _wipestation_backup_restore`,
		"zsh", file, filepath.Join(t.TempDir(), "zcompdump")).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := "_wipestation\n_wipestation_cert_verify: function\n_wipestation_backup_restore: function\n"
	if string(out) != want {
		t.Errorf("zsh said %q, want %q", out, want)
	}
}

// zshDriver types a line and a tab into an interactive zsh (through zsh's own
// pseudo-terminal module) and waits until the answer shows a pattern.
// $1: the folder holding _wipestation; $2: the line; $3: the pattern.
const zshDriver = `zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z "PROMPT='> '; fpath=($1 \$fpath); autoload -U compinit; compinit -u -d $1/zcompdump; print ready"
zpty -r z out '*ready*' || exit 2
zpty -w -n z "$2"$'\t'
zpty -r z out "$3" || exit 3
zpty -d z
`

func TestZshCompletion(t *testing.T) {
	testutil.RequireCommand(t, "zsh")
	dir := t.TempDir()
	var b bytes.Buffer
	if err := clidoc.Completion(&b, model(t), "zsh"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "_wipestation"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	driver := filepath.Join(dir, "driver.zsh")
	if err := os.WriteFile(driver, []byte(zshDriver), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ line, shows string }{
		{"wipestation cert ", "*Verify every certificate in a folder*"}, // cert list's summary
		{"wipestation cert verify --", "*--json*"},
		{"wipestation wipe --verify=", "*last*"},
		{"wipestation destroy --how ", "*pulverize*"},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		out, err := exec.CommandContext(ctx, "zsh", "-f", driver, dir, tt.line, tt.shows).CombinedOutput()
		cancel()
		if err != nil {
			t.Errorf("completing %q in zsh did not show %s: %v\n%s", tt.line, tt.shows, err, out)
		}
	}
}

func TestFishCompletion(t *testing.T) {
	testutil.RequireCommand(t, "fish")
	file := script(t, "fish")
	tests := []struct {
		line string
		want []string // completions offered (the word before the tab)
	}{
		{"wipestation cert v", []string{"verify"}},
		{"wipestation log v", []string{"verify"}},
		{"wipestation wipe --verify=", []string{"--verify=all", "--verify=last", "--verify=off"}},
		{"wipestation destroy --how ", []string{"degauss", "disintegrate", "incinerate", "pulverize", "shred"}},
		{"wipestation help", nil},
	}
	for _, tt := range tests {
		out, err := exec.Command("fish", "--no-config", "-c", `source $argv[1]; complete -C $argv[2]`, file, tt.line).CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", tt.line, err, out)
		}
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if l != "" {
				got = append(got, strings.SplitN(l, "\t", 2)[0])
			}
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("completing %q: got %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestDescribeBuild(t *testing.T) {
	vcs := &debug.BuildInfo{
		Main: debug.Module{Version: "v0.0.0-20261208001144-f80b9a81d99d+dirty"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "f80b9a81d99db2201c776d87c6f4e71dcac407ed"},
			{Key: "vcs.time", Value: "2026-12-08T00:11:44Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	tests := []struct {
		name string
		info *debug.BuildInfo
		st   stamps
		want build
	}{
		{"no information", nil, stamps{}, build{Version: "dev"}},
		{"go test or a build outside git", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, stamps{}, build{Version: "dev"}},
		{"go build in a git checkout", vcs, stamps{},
			build{Version: "v0.0.0-20261208001144-f80b9a81d99d+dirty", Commit: "f80b9a81d99db2201c776d87c6f4e71dcac407ed", CommitTime: "2026-12-08T00:11:44Z", Dirty: true}},
		{"release stamps win", vcs, stamps{version: "v1.2.0", commit: "abc", commitTime: "2026-01-02T03:04:05Z", dirty: "false"},
			build{Version: "v1.2.0", Commit: "abc", CommitTime: "2026-01-02T03:04:05Z", Dirty: false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := describeBuild(tt.info, tt.st)
			tt.want.Go, tt.want.Platform = got.Go, got.Platform
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if !strings.HasPrefix(got.Go, "go") || !strings.Contains(got.Platform, "/") {
				t.Errorf("Go %q, platform %q", got.Go, got.Platform)
			}
		})
	}
}
