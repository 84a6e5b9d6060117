package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// source is what a build takes from the git checkout.
type source struct {
	Version string    // git describe --tags --always, with -dirty
	Commit  string    // the full commit hash
	Dirty   bool      // uncommitted changes, untracked files included
	Time    time.Time // $SOURCE_DATE_EPOCH, else the commit's time: every date an artifact carries
}

// sourceOf reads the facts of the checkout at repo.
func sourceOf(ctx context.Context, repo string) (source, error) {
	var s source
	git := func(args ...string) (string, error) {
		out, err := command(ctx, repo, nil, "git", args...)
		return strings.TrimSpace(out), err
	}
	var err error
	if s.Commit, err = git("rev-parse", "HEAD"); err != nil {
		return s, err
	}
	if s.Version, err = git("describe", "--tags", "--always", "--abbrev=12"); err != nil {
		return s, err
	}
	status, err := git("status", "--porcelain")
	if err != nil {
		return s, err
	}
	if s.Dirty = status != ""; s.Dirty {
		s.Version += "-dirty"
	}
	epoch := os.Getenv("SOURCE_DATE_EPOCH")
	if epoch == "" {
		if epoch, err = git("log", "-1", "--format=%ct"); err != nil {
			return s, err
		}
	}
	secs, err := strconv.ParseInt(epoch, 10, 64)
	if err != nil {
		return s, fmt.Errorf("source date %q: %w", epoch, err)
	}
	s.Time = time.Unix(secs, 0).UTC()
	return s, nil
}

// artifact is one file of a release.
type artifact struct {
	Name string // relative to the output folder
	Size int64
}

// Names of the artifacts in the output folder.
const (
	manName     = "wipestation.1"
	sumsName    = "SHA256SUMS"
	completions = "completions"
)

// completionFiles maps each shell to its script's name, in completions/ and as
// installed.
var completionFiles = map[string]string{
	"bash": "wipestation",
	"zsh":  "_wipestation",
	"fish": "wipestation.fish",
}

// build writes the release of src, checked out at repo, into out (emptied
// first) and returns its artifacts, SHA256SUMS last.
func build(ctx context.Context, src source, repo, out, arch string) ([]artifact, error) {
	if err := os.RemoveAll(out); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(out, completions), 0o755); err != nil {
		return nil, err
	}
	binName := "wipestation-linux-" + arch
	bin, err := filepath.Abs(filepath.Join(out, binName))
	if err != nil {
		return nil, err
	}
	if err := goBuild(ctx, src, repo, arch, bin); err != nil {
		return nil, err
	}

	// The manual page and the completion scripts come from the binary itself, so
	// they describe exactly its commands; a binary for another architecture
	// needs a twin this machine can run.
	docs := bin
	if arch != runtime.GOARCH {
		tmp, err := os.MkdirTemp("", "wipestation-release-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		docs = filepath.Join(tmp, "wipestation")
		if err := goBuild(ctx, src, repo, runtime.GOARCH, docs); err != nil {
			return nil, err
		}
	}
	generated := map[string][]string{manName: {"help-man"}}
	for shell, name := range completionFiles {
		generated[filepath.Join(completions, name)] = []string{"completion", shell}
	}
	for name, args := range generated {
		text, err := command(ctx, repo, nil, docs, args...)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(out, name), []byte(text), 0o644); err != nil {
			return nil, err
		}
	}

	if _, err := writeDeb(src, repo, out, arch, binName); err != nil {
		return nil, err
	}
	return writeSums(out)
}

// goBuild builds the wipestation binary for arch into bin, reproducibly.
func goBuild(ctx context.Context, src source, repo, arch, bin string) error {
	ldflags := strings.Join([]string{
		"-s", "-w", // no symbol table or DWARF: smaller, and no paths
		"-buildid=", // no build ID, which hashes the inputs' paths
		"-X", "main.version=" + src.Version,
		"-X", "main.commit=" + src.Commit,
		"-X", "main.commitTime=" + src.Time.Format(time.RFC3339),
		"-X", "main.dirty=" + strconv.FormatBool(src.Dirty),
	}, " ")
	env := []string{
		"CGO_ENABLED=0", "GOOS=linux", "GOARCH=" + arch,
		"GOAMD64=v1", "GOARM64=v8.0", // the baseline of each architecture, whatever the caller's environment says
		"GOFLAGS=-mod=readonly", // and none of the caller's build flags
	}
	_, err := command(ctx, repo, env, "go", "build", "-trimpath", "-buildvcs=false", "-ldflags", ldflags, "-o", bin, "./cmd/wipestation")
	return err
}

// gzipped compresses data reproducibly: no file name, no time stamp.
func gzipped(data []byte) ([]byte, error) {
	var b bytes.Buffer
	z, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := z.Write(data); err != nil {
		return nil, err
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeSums writes SHA256SUMS (the format sha256sum -c reads) over every file in
// out, and returns the artifacts, sorted by name, SHA256SUMS last.
func writeSums(out string) ([]artifact, error) {
	var artifacts []artifact
	var sums strings.Builder
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(out, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(sum[:]), filepath.ToSlash(rel))
		artifacts = append(artifacts, artifact{Name: filepath.ToSlash(rel), Size: int64(len(data))})
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(artifacts, func(i, j int) bool { return artifacts[i].Name < artifacts[j].Name })
	if err := os.WriteFile(filepath.Join(out, sumsName), []byte(sums.String()), 0o644); err != nil {
		return nil, err
	}
	return append(artifacts, artifact{Name: sumsName, Size: int64(sums.Len())}), nil
}

// command runs name in dir with env added to this process's environment, and
// returns its standard output; a failure carries its standard error.
func command(ctx context.Context, dir string, env []string, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}
