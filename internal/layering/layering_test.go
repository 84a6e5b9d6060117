// Package layering holds the test that keeps wipestation's package dependencies
// pointing one way: cmd and tui on top; certificate reads wipe's records; wipe uses
// devices; devices imports none of ours; nothing imports tui or cmd.
package layering

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/wipestation/wipestation"

// forbidden maps a package tree (relative to the module root) to the trees of ours
// it must not import. A tree includes its sub-packages.
var forbidden = map[string][]string{
	"devices":     {"wipe", "certificate", "config", "tui", "cmd"},
	"wipe":        {"certificate", "config", "tui", "cmd"},
	"certificate": {"tui", "cmd"},
	"config":      {"certificate", "tui", "cmd"},
	"register":    {"tui", "cmd"},
}

// topOnly are trees only cmd may import (besides their own packages).
var topOnly = []string{"tui", "cmd", "register"}

func within(pkg, tree string) bool {
	return pkg == tree || strings.HasPrefix(pkg, tree+"/")
}

func TestDependenciesPointOneWay(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	imports := map[string]map[string]bool{} // package dir -> our imported package dirs
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "bin") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		for _, spec := range f.Imports {
			p, _ := strconv.Unquote(spec.Path.Value)
			if !strings.HasPrefix(p, module+"/") {
				continue
			}
			if imports[rel] == nil {
				imports[rel] = map[string]bool{}
			}
			imports[rel][strings.TrimPrefix(p, module+"/")] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(imports) == 0 {
		t.Fatal("found no imports of our own packages: the walk is broken")
	}
	for pkg, deps := range imports {
		for dep := range deps {
			for tree, banned := range forbidden {
				if !within(pkg, tree) {
					continue
				}
				for _, b := range banned {
					if within(dep, b) {
						t.Errorf("%s imports %s: %s must not depend on %s", pkg, dep, tree, b)
					}
				}
			}
			for _, top := range topOnly {
				if within(dep, top) && !within(pkg, "cmd") && !within(pkg, top) {
					t.Errorf("%s imports %s: only cmd may import %s", pkg, dep, top)
				}
			}
		}
	}
}

// TestRulesCatchAViolation makes sure the walk and the rules above can fail: a
// devices package importing wipe must be reported.
func TestRulesCatchAViolation(t *testing.T) {
	if !within("devices/sgio", "devices") || within("devicesx", "devices") {
		t.Fatal("within is wrong")
	}
	banned := forbidden["devices"]
	found := false
	for _, b := range banned {
		if within("wipe/firmware", b) {
			found = true
		}
	}
	if !found {
		t.Fatal("devices -> wipe/firmware is not forbidden")
	}
	if _, err := os.Stat("../../go.mod"); err != nil {
		t.Fatalf("the test must run from internal/layering: %v", err)
	}
}
