package clidoc

import (
	"bytes"
	"strings"
	"testing"

	"github.com/alecthomas/kong"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"--flag and a-b", `\-\-flag and a\-b`},
		{`C:\path`, `C:\epath`},
		{".starts with a period", `\&.starts with a period`},
		{"'starts with an apostrophe", `\&'starts with an apostrophe`},
		{"臺灣 café", `\[u81FA]\[u7063] caf\[u00E9]`},
	}
	for _, tt := range tests {
		if got := escape(tt.in); got != tt.want {
			t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// toy is a small command line with the shapes the generators must handle: a
// group, a hidden command, a hidden flag, an enum, a short flag, a repeatable
// flag, and a help text that starts with a period.
type toy struct {
	Verbose bool `short:"v" help:"Say more."`
	Group   struct {
		Run struct {
			Mode  string   `enum:"fast,slow" default:"fast" help:"How: ${enum}."`
			Tag   []string `placeholder:"TAG" help:".tags first: repeatable."`
			Files []string `arg:"" help:"Files."`
		} `cmd:"" help:"Run it."`
	} `cmd:"" help:"A group."`
	Secret struct {
		Hush bool `hidden:"" help:"Hidden flag."`
	} `cmd:"" hidden:"" help:"A hidden command."`
}

func toyApp(t *testing.T) *kong.Application {
	t.Helper()
	k, err := kong.New(&toy{}, kong.Name("toy"), kong.Description("A toy."))
	if err != nil {
		t.Fatal(err)
	}
	return k.Model
}

func TestManOfToy(t *testing.T) {
	var b bytes.Buffer
	if err := Man(&b, toyApp(t), Page{Section: "1"}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		`.SS "toy group run <files> ... [flags]"`,
		`\fB\-v\fR, \fB\-\-verbose\fR`,
		`\fB\-\-mode\fR=\fIfast|slow\fR`,
		"How: fast,slow. Default: fast.",
		`\&.tags first: repeatable. Repeatable.`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q:\n%s", want, page)
		}
	}
	for _, hidden := range []string{"secret", "hush"} {
		if strings.Contains(page, hidden) {
			t.Errorf("page shows hidden %q", hidden)
		}
	}
}

func TestCompletionUnknownShell(t *testing.T) {
	err := Completion(&bytes.Buffer{}, toyApp(t), "tcsh")
	if err == nil || !strings.Contains(err.Error(), `"tcsh"`) {
		t.Errorf("got %v, want an error naming the shell", err)
	}
}
