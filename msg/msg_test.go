package msg

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var placeholderRE = regexp.MustCompile(`\{[1-9]\}`)

// placeholders are the distinct {n} of a template, sorted.
func placeholders(t string) []string {
	ps := placeholderRE.FindAllString(t, -1)
	slices.Sort(ps)
	return slices.Compact(ps)
}

// TestCatalogueComplete: every sentence has every language, uses each of its
// arguments in each, and numbers them from {1} without gaps.
func TestCatalogueComplete(t *testing.T) {
	seen := map[ID]bool{}
	for _, area := range areas {
		for id, tx := range area {
			if seen[id] {
				t.Errorf("%s is declared in two areas", id)
			}
			seen[id] = true
			if tx.en == "" || tx.zhTW == "" {
				t.Errorf("%s: a language is missing (en %q, zh-TW %q)", id, tx.en, tx.zhTW)
				continue
			}
			en, zh := placeholders(tx.en), placeholders(tx.zhTW)
			if !slices.Equal(en, zh) {
				t.Errorf("%s: English uses %v, Traditional Chinese %v", id, en, zh)
			}
			for i, p := range en {
				if p != "{"+strconv.Itoa(i+1)+"}" {
					t.Errorf("%s: placeholders %v skip a number", id, en)
					break
				}
			}
		}
	}
}

// declaredIDs parses this package's sources for the constants of type ID: every
// identifier the code can name.
func declaredIDs(t *testing.T) map[string]ID {
	t.Helper()
	fset := token.NewFileSet()
	out := map[string]ID{}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if typ, ok := vs.Type.(*ast.Ident); !ok || typ.Name != "ID" {
					continue
				}
				for i, name := range vs.Names {
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok {
						t.Fatalf("%s: not a string literal", name.Name)
					}
					v, _ := strconv.Unquote(lit.Value)
					out[name.Name] = ID(v)
				}
			}
		}
	}
	return out
}

// TestEveryDeclaredIDHasWords: no identifier is declared without sentences, and
// no sentence without its identifier constant.
func TestEveryDeclaredIDHasWords(t *testing.T) {
	declared := declaredIDs(t)
	values := map[ID]string{}
	for name, id := range declared {
		if other, dup := values[id]; dup {
			t.Errorf("%s and %s share the identifier %q", name, other, id)
		}
		values[id] = name
		if _, ok := Arity(id); !ok {
			t.Errorf("%s (%q) has no sentence in the catalogue", name, id)
		}
	}
	for _, id := range IDs() {
		if _, ok := values[id]; !ok {
			t.Errorf("sentence %q has no ID constant", id)
		}
	}
}

// TestCallsMatchCatalogue reads every Go file of the module: each call of
// msg.New or msg.Errorf names a declared constant (never a string or a
// conversion) and passes exactly the arguments its sentence takes; and every
// declared identifier is used somewhere, so the catalogue holds nothing dead.
func TestCallsMatchCatalogue(t *testing.T) {
	declared := declaredIDs(t)
	used := map[string]bool{}
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != root && (strings.HasPrefix(n, ".") || n == "testdata" || n == "msg") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "msg" {
					if _, ok := declared[sel.Sel.Name]; ok {
						used[sel.Sel.Name] = true
					}
				}
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			if x, ok := fn.X.(*ast.Ident); !ok || x.Name != "msg" || (fn.Sel.Name != "New" && fn.Sel.Name != "Errorf" && fn.Sel.Name != "Wrap") {
				return true
			}
			pos := fset.Position(call.Pos())
			args := call.Args
			if fn.Sel.Name == "Wrap" { // msg.Wrap(err, id, args...)
				if len(args) < 2 {
					return true
				}
				args = args[1:]
			}
			idSel, ok := args[0].(*ast.SelectorExpr)
			if !ok {
				// A variable holding a declared ID (a table's column) is allowed;
				// a literal or conversion is not.
				if _, lit := args[0].(*ast.BasicLit); lit {
					t.Errorf("%s: msg.%s with a string literal, not a declared ID", pos, fn.Sel.Name)
				}
				return true
			}
			id, ok := declared[idSel.Sel.Name]
			if !ok {
				t.Errorf("%s: msg.%s(%s): not a declared ID", pos, fn.Sel.Name, idSel.Sel.Name)
				return true
			}
			want, _ := Arity(id)
			if got := len(args) - 1; got != want && !call.Ellipsis.IsValid() {
				t.Errorf("%s: msg.%s(msg.%s) passes %d arguments, its sentence takes %d", pos, fn.Sel.Name, idSel.Sel.Name, got, want)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name := range declared {
		if !used[name] && name != "IDVerbatim" {
			t.Errorf("msg.%s is declared but no code states it", name)
		}
	}
}

func TestRender(t *testing.T) {
	m := New(OutcomeCancelledNotErased, New(Join, New(OutcomeCancelled), New(OutcomePassesWritten, 3, 35)))
	for _, tc := range []struct{ lang, want string }{
		{English, "cancelled; 3 of 35 passes written; the medium is not erased"},
		{TraditionalChinese, "已取消；已寫入 35 遍中的 3 遍；媒體未清除"},
		{"fr", "cancelled; 3 of 35 passes written; the medium is not erased"},
	} {
		if got := m.In(tc.lang); got != tc.want {
			t.Errorf("In(%s) = %q, want %q", tc.lang, got, tc.want)
		}
	}
	unknown := Message{ID: "from.a-later-release", Args: []Arg{{Text: "7"}}}
	if got := unknown.In(English); got != "[from.a-later-release | 7]" {
		t.Errorf("unknown ID renders %q", got)
	}
}

// TestJSON: a message survives its JSON form, nested arguments included, and a
// schema-v1 record's plain string loads as verbatim text.
func TestJSON(t *testing.T) {
	m := New(OutcomeCancelledBecause, New(RefusalMounted, "sdb1", "/media/x"))
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"outcome.cancelled-because","args":[{"id":"refusal.mounted","args":["sdb1","/media/x"]}]}`
	if string(b) != want {
		t.Fatalf("JSON %s, want %s", b, want)
	}
	var back Message
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.In(TraditionalChinese) != m.In(TraditionalChinese) {
		t.Errorf("round trip renders %q, want %q", back.In(TraditionalChinese), m.In(TraditionalChinese))
	}
	var v1 Message
	if err := json.Unmarshal([]byte(`"the job did not complete; 0 of 1 passes written"`), &v1); err != nil {
		t.Fatal(err)
	}
	if v1.ID != IDVerbatim || v1.In(TraditionalChinese) != "the job did not complete; 0 of 1 passes written" {
		t.Errorf("v1 string loads as %+v", v1)
	}
}
