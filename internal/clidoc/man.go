package clidoc

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/alecthomas/kong"
)

// Page is what a manual page says besides the command definitions.
type Page struct {
	Section string    // "1"
	Date    time.Time // the build's commit date (a fixed date keeps the page reproducible); zero: none
	Source  string    // e.g. "wipestation v1.2.0"
	Manual  string    // e.g. "User Commands"
	Files   []Entry   // the FILES section
	SeeAlso string    // the SEE ALSO section, one paragraph
}

// Entry is one tagged paragraph: a term and what it is.
type Entry struct{ Term, Text string }

// Man writes app's manual page in man(7) roff.
func Man(w io.Writer, app *kong.Application, p Page) error {
	bw := bufio.NewWriter(w)
	r := roff{w: bw}
	root := tree(app)
	name := app.Name

	date := ""
	if !p.Date.IsZero() {
		date = p.Date.UTC().Format("2006-01-02")
	}
	r.line(fmt.Sprintf(".TH %s %s %s %s %s", quote(strings.ToUpper(name)), quote(p.Section), quote(date), quote(p.Source), quote(p.Manual)))

	r.line(".SH NAME")
	r.text(name + " - " + lowerFirst(strings.TrimSuffix(app.Help, ".")))

	r.line(".SH SYNOPSIS")
	r.line(".B " + escape(name))
	r.line(`[\fIflags\fR] \fIcommand\fR [\fIarguments\fR]`)

	r.line(".SH DESCRIPTION")
	r.text(app.Help)
	if app.Detail != "" {
		r.paragraphs(app.Detail)
	}
	if d := app.DefaultCmd; d != nil && d.Help != "" {
		r.line(".PP")
		r.text("Without a command: " + lowerFirst(d.Help))
	}

	r.line(".SH OPTIONS")
	r.text("These flags apply to every command.")
	for _, f := range root.flags {
		r.flag(f)
	}

	r.line(".SH COMMANDS")
	for _, c := range root.all()[1:] {
		if len(c.children) > 0 {
			continue // a group: its commands follow, each with its full path
		}
		r.line(".SS " + quote(name+" "+c.node.Summary()))
		r.text(c.node.Help)
		if c.node.Detail != "" {
			r.paragraphs(c.node.Detail)
		}
		for _, a := range c.positionals() {
			r.line(".TP")
			r.line(`\fI` + escape(a.Summary()) + `\fR`)
			r.text(a.Help)
		}
		for _, f := range c.flags[len(root.flags):] {
			r.flag(f)
		}
	}

	if envs := environment(root); len(envs) > 0 {
		r.line(".SH ENVIRONMENT")
		for _, e := range envs {
			r.line(".TP")
			r.line(`.B ` + escape(e.Term))
			r.text(e.Text)
		}
	}
	if len(p.Files) > 0 {
		r.line(".SH FILES")
		for _, e := range p.Files {
			r.line(".TP")
			r.line(`.I ` + escape(e.Term))
			r.text(e.Text)
		}
	}
	if p.SeeAlso != "" {
		r.line(".SH SEE ALSO")
		r.text(p.SeeAlso)
	}
	if r.err != nil {
		return r.err
	}
	return bw.Flush()
}

// environment lists each variable a visible flag reads, with the flag's help.
func environment(root *command) []Entry {
	seen := map[string]bool{}
	var out []Entry
	for _, c := range root.all() {
		for _, f := range c.flags {
			for _, env := range f.Envs {
				if !seen[env] {
					seen[env] = true
					out = append(out, Entry{env, "The default of --" + f.Name + ": " + lowerFirst(f.Help)})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Term < out[j].Term })
	return out
}

// roff writes lines, keeping the first write error.
type roff struct {
	w   *bufio.Writer
	err error
}

func (r *roff) line(s string) {
	if r.err == nil {
		_, r.err = r.w.WriteString(s + "\n")
	}
}

// text writes prose, one escaped input line per line of s.
func (r *roff) text(s string) {
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			r.line(escape(l))
		}
	}
}

// paragraphs writes prose whose blank lines separate paragraphs.
func (r *roff) paragraphs(s string) {
	for _, p := range strings.Split(strings.TrimSpace(s), "\n\n") {
		r.line(".PP")
		r.text(p)
	}
}

// flag writes a flag as a tagged paragraph: "-y, --yes" or "--method=ID", then
// its help, default and environment variable.
func (r *roff) flag(f *kong.Flag) {
	r.line(".TP")
	head := `\fB\-\-` + escape(f.Name) + `\fR`
	if f.Short != 0 {
		head = `\fB\-` + escape(string(f.Short)) + `\fR, ` + head
	}
	if takesValue(f) {
		head += `=\fI` + escape(placeholder(f)) + `\fR`
	}
	r.line(head)
	help := f.Help
	if f.HasDefault && f.Default != "" {
		help += " Default: " + f.Default + "."
	}
	if f.IsCumulative() {
		help += " Repeatable."
	}
	r.text(help)
}

// escape makes text safe on a roff text line: backslashes are printed, every
// hyphen is a minus sign (so that options can be copied from the rendered page),
// a leading period or apostrophe is not a request, and characters outside ASCII
// are named, so that the page renders without a preprocessor.
func escape(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c == '\\':
			b.WriteString(`\e`)
		case c == '-':
			b.WriteString(`\-`)
		case c > 0x7e:
			fmt.Fprintf(&b, `\[u%04X]`, c)
		default:
			b.WriteRune(c)
		}
	}
	out := b.String()
	if strings.HasPrefix(out, ".") || strings.HasPrefix(out, "'") {
		out = `\&` + out
	}
	return out
}

// quote makes an argument of a request: escaped, in double quotes.
func quote(s string) string {
	return `"` + strings.ReplaceAll(escape(s), `"`, `\(dq`) + `"`
}

func lowerFirst(s string) string {
	if s == "" || (len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z') {
		return s // an acronym stays as it is
	}
	return strings.ToLower(s[:1]) + s[1:]
}
