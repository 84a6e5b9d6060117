package main

import (
	"os"

	"github.com/alecthomas/kong"

	"github.com/wipestation/wipestation/config"
	"github.com/wipestation/wipestation/internal/clidoc"
)

// helpManCmd prints the manual page the package installs as wipestation(1).
type helpManCmd struct{}

func (helpManCmd) Run(kctx *kong.Context) error {
	return clidoc.Man(os.Stdout, kctx.Model, clidoc.Page{
		Section: "1",
		Date:    buildDate(),
		Source:  "wipestation " + toolVersion(),
		Manual:  "User Commands",
		Files: []clidoc.Entry{
			{Term: config.DefaultPath, Text: "The configuration file (TOML), read unless --config names another; its keys are described in docs/config.md."},
		},
		SeeAlso: "The documentation in the source tree (README.md and docs/), https://github.com/wipestation/wipestation.",
	})
}

// completionCmd prints the completion scripts the package installs.
type completionCmd struct {
	Shell string `arg:"" enum:"bash,zsh,fish" help:"The shell: ${enum}."`
}

func (c completionCmd) Run(kctx *kong.Context) error {
	return clidoc.Completion(os.Stdout, kctx.Model, c.Shell)
}
