// Command release builds wipestation's release artifacts into a folder: the
// static binary, its manual page and completion scripts, the Debian package, and
// SHA256SUMS over all of them.
//
// The same commit gives the same bytes, wherever it is checked out and whenever
// it is built (with the same Go toolchain, the one go.mod names): the binary is
// built with -trimpath, no VCS stamping, an empty build ID and the version and
// commit passed as link-time values; everything that carries a date carries the
// commit's (or $SOURCE_DATE_EPOCH).
//
// It is a module of its own so that the packaging library (nfpm) and what it
// pulls in never change the versions the wipestation binary is built with.
//
//	scripts/release            # into dist/ (amd64)
//	go run . -repo ../.. -out DIR -arch arm64
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"
)

func main() {
	repo := flag.String("repo", ".", "the wipestation source tree (a git checkout)")
	out := flag.String("out", "dist", "the folder the artifacts are written to (replaced)")
	arch := flag.String("arch", "amd64", "the GOARCH to build for")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *repo, *out, *arch); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, repo, out, arch string) error {
	start := time.Now()
	src, err := sourceOf(ctx, repo)
	if err != nil {
		return err
	}
	if src.Dirty {
		fmt.Fprintln(os.Stderr, "release: warning: the tree has uncommitted changes; the version says -dirty")
	}
	artifacts, err := build(ctx, src, repo, out, arch)
	if err != nil {
		return err
	}
	fmt.Printf("wipestation %s (commit %s), %s:\n", src.Version, src.Commit, filepath.Clean(out))
	for _, a := range artifacts {
		fmt.Printf("  %-56s %9d bytes\n", a.Name, a.Size)
	}
	fmt.Printf("built in %s\n", time.Since(start).Round(100*time.Millisecond))
	return nil
}
