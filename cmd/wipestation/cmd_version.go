package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"time"
)

// Release builds (scripts/release) stamp these with -ldflags "-X main.version=...",
// since they build with -buildvcs=false; any other build leaves them empty and
// readBuild takes the same facts from the build information the go command embeds
// (the module version and the vcs.* settings).
var (
	version    string // git describe --tags --always --dirty
	commit     string // full commit hash
	commitTime string // the commit's time, RFC 3339 UTC
	dirty      string // "true" when the tree had uncommitted changes
)

// unknownVersion is the version of a build that carries none: go test, or go
// build outside a repository.
const unknownVersion = "dev"

// build is what `wipestation version` prints.
type build struct {
	Version    string `json:"version"`
	Commit     string `json:"commit,omitempty"`
	CommitTime string `json:"commit_time,omitempty"`
	Dirty      bool   `json:"dirty"`
	Go         string `json:"go"`
	Platform   string `json:"platform"`
}

// stamps are the link-time variables, gathered.
type stamps struct{ version, commit, commitTime, dirty string }

// readBuild is this binary's build.
func readBuild() build {
	info, _ := debug.ReadBuildInfo()
	return describeBuild(info, stamps{version, commit, commitTime, dirty})
}

// describeBuild combines the link-time stamps with the embedded build information
// (nil when there is none); a stamp wins. The go command stamps vcs.* only when
// it builds in a git checkout with -buildvcs (not in a linked git worktree).
func describeBuild(info *debug.BuildInfo, st stamps) build {
	b := build{Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if info != nil {
		if v := info.Main.Version; v != "" && v != "(devel)" {
			b.Version = v
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Commit = s.Value
			case "vcs.time":
				b.CommitTime = s.Value
			case "vcs.modified":
				b.Dirty = s.Value == "true"
			}
		}
	}
	if st.version != "" {
		b.Version = st.version
	}
	if st.commit != "" {
		b.Commit = st.commit
	}
	if st.commitTime != "" {
		b.CommitTime = st.commitTime
	}
	if st.dirty != "" {
		b.Dirty = st.dirty == "true"
	}
	if b.Version == "" {
		b.Version = unknownVersion
	}
	return b
}

// toolVersion is the version records and certificates name as the tool used.
func toolVersion() string { return readBuild().Version }

// buildDate is the commit's date, which dated artifacts (the manual page) carry so
// that the same commit always gives the same bytes; zero when unknown.
func buildDate() time.Time {
	t, err := time.Parse(time.RFC3339, readBuild().CommitTime)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

type versionCmd struct {
	JSON bool `name:"json" help:"Print one JSON object."`
}

func (c versionCmd) Run() error {
	b := readBuild()
	if c.JSON {
		return json.NewEncoder(os.Stdout).Encode(b)
	}
	fmt.Println("wipestation", b.Version)
	commit := b.Commit
	if commit == "" {
		commit = "unknown"
	}
	if b.Dirty {
		commit += " (with uncommitted changes)"
	}
	fmt.Println("commit:", commit)
	if b.CommitTime != "" {
		fmt.Println("commit time:", b.CommitTime)
	}
	fmt.Println("go:", b.Go, b.Platform)
	return nil
}
