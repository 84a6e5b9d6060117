package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/goreleaser/nfpm/v2"
	"github.com/goreleaser/nfpm/v2/deb"
	"github.com/goreleaser/nfpm/v2/files"
)

// The package's metadata.
const (
	packageName = "wipestation"
	maintainer  = "wipestation developers <wipestation@users.noreply.github.com>"
	homepage    = "https://github.com/wipestation/wipestation"
	description = `media sanitization and disposal workstation
 wipestation erases storage media by the methods NIST SP 800-88 and
 IEEE 2883 describe (overwrite, and the drives' own sanitize and secure
 erase commands), reads the medium back to prove the result, and issues a
 signed PDF certificate with a machine-readable record for every medium.
 It runs as a terminal UI or from scripts.`
)

// fontPackage holds the Traditional Chinese font certificates in zh-TW are set
// in. It is recommended, not required: English certificates need no font file,
// apt installs recommended packages by default, and a minimal system for English
// only can leave it out (wipestation then refuses zh-TW jobs up front, saying
// which package to install).
const fontPackage = "fonts-lxgw-wenkai"

// configSource is the commented default configuration, in the source tree.
const configSource = "config/default.toml"

// debVersion turns git describe's version into a Debian one that sorts the same
// way: v1.2.0 is 1.2.0, a release candidate v1.2.0-rc1 is 1.2.0~rc1 (before
// 1.2.0), commits after a tag are 1.2.0+3.g<hash> (after it), and a tree without
// a tag is 0.0.0+git<date>.<hash>. Uncommitted changes add ".dirty".
func debVersion(src source) (string, error) {
	m := describeRE.FindStringSubmatch(src.Version)
	if m == nil {
		return "", fmt.Errorf("version %q: not what git describe prints", src.Version)
	}
	tag, pre, ahead, hash, dirty := m[1], m[2], m[3], m[4], m[6] != ""
	v := "0.0.0+git" + src.Time.Format("20060102") + "." + m[5]
	if tag != "" {
		v = tag
		if pre != "" {
			v += "~" + pre
		}
		if ahead != "" {
			v += "+" + ahead + ".g" + hash
		}
	}
	if dirty {
		if tag != "" && ahead == "" {
			v += "+dirty"
		} else {
			v += ".dirty"
		}
	}
	return v, nil
}

// describeRE parses git describe --tags --always plus -dirty: a tag vX.Y.Z with
// an optional pre-release (1), the commits since it (3) and the abbreviated hash
// (4); or only the hash (5); then -dirty (6).
var describeRE = regexp.MustCompile(`^(?:v?(\d+\.\d+\.\d+)(?:-([0-9A-Za-z.]+))??(?:-(\d+)-g([0-9a-f]+))?|([0-9a-f]{7,40}))(-dirty)?$`)

// writeDeb writes the Debian package of the artifacts already in out and
// returns its name.
func writeDeb(src source, repo, out, arch, binName string) (string, error) {
	version, err := debVersion(src)
	if err != nil {
		return "", err
	}
	man, err := os.ReadFile(filepath.Join(out, manName))
	if err != nil {
		return "", err
	}
	manGz, err := gzipped(man)
	if err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp("", "wipestation-deb-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, "wipestation.1.gz"), manGz, 0o644); err != nil {
		return "", err
	}
	copyright, err := copyrightFile(repo)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(tmp, "copyright"), copyright, 0o644); err != nil {
		return "", err
	}

	file := func(source, dest string, mode fs.FileMode) *files.Content {
		return &files.Content{Source: source, Destination: dest, FileInfo: &files.ContentFileInfo{Mode: mode, MTime: src.Time}}
	}
	conf := file(filepath.Join(repo, configSource), "/etc/wipestation/config.toml", 0o644)
	conf.Type = files.TypeConfig // a conffile: dpkg keeps the administrator's edits, and removes it only on purge
	info := &nfpm.Info{
		Name:          packageName,
		Arch:          arch,
		Platform:      "linux",
		Version:       version,
		VersionSchema: "none", // debVersion already made it a Debian version
		Section:       "admin",
		Priority:      "optional",
		Maintainer:    maintainer,
		Description:   description,
		Homepage:      homepage,
		MTime:         src.Time,
		Overridables: nfpm.Overridables{
			Recommends: []string{fontPackage},
			Umask:      0o022,
			Contents: files.Contents{
				file(filepath.Join(out, binName), "/usr/bin/wipestation", 0o755),
				file(filepath.Join(tmp, "wipestation.1.gz"), "/usr/share/man/man1/wipestation.1.gz", 0o644),
				file(filepath.Join(out, completions, completionFiles["bash"]), "/usr/share/bash-completion/completions/wipestation", 0o644),
				file(filepath.Join(out, completions, completionFiles["zsh"]), "/usr/share/zsh/vendor-completions/_wipestation", 0o644),
				file(filepath.Join(out, completions, completionFiles["fish"]), "/usr/share/fish/vendor_completions.d/wipestation.fish", 0o644),
				file(filepath.Join(tmp, "copyright"), "/usr/share/doc/wipestation/copyright", 0o644),
				conf,
			},
			Deb: nfpm.Deb{Compression: "xz"},
		},
	}
	info = nfpm.WithDefaults(info)
	if err := nfpm.PrepareForPackager(info, "deb"); err != nil {
		return "", fmt.Errorf("deb: %w", err)
	}
	name := fmt.Sprintf("%s_%s_%s.deb", packageName, version, arch)
	f, err := os.Create(filepath.Join(out, name))
	if err != nil {
		return "", err
	}
	if err := deb.Default.Package(info, f); err != nil {
		f.Close()
		return "", fmt.Errorf("deb: %w", err)
	}
	return name, f.Close()
}

// copyrightFile is /usr/share/doc/wipestation/copyright: the source tree's
// LICENSE when it has one, then the notices of what the binary embeds
// (LICENSES/*.txt: the Go fonts' licence asks binary distributions to reproduce
// it).
func copyrightFile(repo string) ([]byte, error) {
	out := []byte(fmt.Sprintf("wipestation\nSource: %s\n\n", homepage))
	licence, err := os.ReadFile(filepath.Join(repo, "LICENSE"))
	switch {
	case err == nil:
		out = append(out, licence...)
	case errors.Is(err, fs.ErrNotExist):
		out = append(out, "The source tree states no licence yet (it has no LICENSE file).\n"...)
	default:
		return nil, err
	}
	notices, err := filepath.Glob(filepath.Join(repo, "LICENSES", "*.txt"))
	if err != nil {
		return nil, err
	}
	sort.Strings(notices)
	for _, n := range notices {
		b, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, "\n----\n\n"...)
		out = append(out, b...)
	}
	return out, nil
}
