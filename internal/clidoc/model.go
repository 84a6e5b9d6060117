// Package clidoc writes the manual page and the bash, zsh and fish completion
// scripts from kong's model of the command line: the same model --help prints, so
// that neither can drift from the commands they describe. Hidden commands and
// flags stay out of all of them, as they stay out of --help.
package clidoc

import (
	"strings"

	"github.com/alecthomas/kong"
)

// command is one visible node of the command tree with everything a generator
// needs: its words after the program name, its flags (its own and those it
// inherits, as --help lists them) and its visible subcommands.
type command struct {
	node     *kong.Node
	path     []string // e.g. ["cert", "verify"]; empty for the application
	flags    []*kong.Flag
	children []*command
}

// tree returns the application's visible command tree.
func tree(app *kong.Application) *command {
	return walk(app.Node, nil)
}

func walk(n *kong.Node, path []string) *command {
	c := &command{node: n, path: path}
	for _, group := range n.AllFlags(true) {
		c.flags = append(c.flags, group...)
	}
	for _, child := range n.Children {
		if child.Hidden || child.Type != kong.CommandNode {
			continue
		}
		p := append(append([]string(nil), path...), child.Name)
		c.children = append(c.children, walk(child, p))
	}
	return c
}

// all returns c and every command below it, depth first, in definition order.
func (c *command) all() []*command {
	out := []*command{c}
	for _, child := range c.children {
		out = append(out, child.all()...)
	}
	return out
}

// words is the command's path joined with spaces ("cert verify").
func (c *command) words() string { return strings.Join(c.path, " ") }

// positionals are the command's visible positional arguments.
func (c *command) positionals() []*kong.Value { return c.node.Positional }

// kind is what a flag's or argument's value is, for completion.
type kind int

const (
	kindNone   kind = iota // free text: nothing to offer
	kindChoice             // one of a fixed list
	kindFile
	kindDir
)

// placeholderKinds says which of the placeholders the command definitions use
// name a file or a folder; any other placeholder is free text.
var placeholderKinds = map[string]kind{
	"DIR":  kindDir,
	"FILE": kindFile, "PEM": kindFile, "ROOT": kindFile, "KEYFILE": kindFile,
	"PATH": kindFile, "TARGET": kindFile,
}

// valueKind classifies v. Positional arguments name devices or files. A
// placeholder such as "en|zh-TW" lists the choices it accepts.
func valueKind(v *kong.Value) kind {
	if v.Enum != "" {
		return kindChoice
	}
	switch v.Tag.Type {
	case "existingdir":
		return kindDir
	case "existingfile", "path", "file":
		return kindFile
	}
	if v.Flag == nil {
		return kindFile
	}
	if strings.Contains(v.Flag.PlaceHolder, "|") {
		return kindChoice
	}
	return placeholderKinds[v.Flag.PlaceHolder]
}

// choices are the values a kindChoice value accepts.
func choices(v *kong.Value) []string {
	if v.Enum != "" {
		return v.EnumSlice()
	}
	if v.Flag != nil && strings.Contains(v.Flag.PlaceHolder, "|") {
		return strings.Split(v.Flag.PlaceHolder, "|")
	}
	return nil
}

// takesValue reports whether a flag is followed by a value.
func takesValue(f *kong.Flag) bool { return !f.IsBool() && !f.IsCounter() }

// placeholder is the name a flag's value goes by in the manual page.
func placeholder(f *kong.Flag) string {
	switch {
	case f.PlaceHolder != "":
		return f.PlaceHolder
	case f.Enum != "":
		return strings.Join(f.EnumSlice(), "|")
	default:
		return strings.ToUpper(f.Name)
	}
}

// summary is the first sentence of a help text, for the one-line descriptions
// completion menus show.
func summary(help string) string {
	help = strings.TrimSpace(help)
	if i := strings.Index(help, ". "); i >= 0 {
		help = help[:i+1]
	}
	return strings.TrimSuffix(help, ".")
}
