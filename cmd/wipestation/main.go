// Command wipestation sanitizes storage media, proves the result by reading the
// medium back, and issues signed certificates. With no arguments it opens the
// terminal UI; the subcommands serve scripts.
//
// This package is wiring only: each subcommand lives in its own cmd_*.go file and
// calls into devices, wipe, certificate and tui. Exit codes are mapped in one place,
// exitCode below, and documented in docs/exit-codes.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"unicode/utf8"

	"github.com/alecthomas/kong"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

// The documented exit codes (docs/exit-codes.md).
const (
	exitOK          = 0   // every target erased and verified
	exitFailed      = 1   // a target failed, or failed verification
	exitUsage       = 2   // bad flag, unknown method, no such path
	exitRefused     = 3   // a safety check refused a target
	exitUnverified  = 4   // a method ran to its end but its result was not proven
	exitInterrupted = 130 // SIGINT or SIGTERM
)

// statusExit is the exit code of each job status; a batch exits with the most
// serious one (exitRank).
var statusExit = map[wipe.Status]int{
	wipe.StatusErased:     exitOK,
	wipe.StatusDestroyed:  exitOK,
	wipe.StatusUnverified: exitUnverified,
	wipe.StatusRefused:    exitRefused,
	wipe.StatusFailed:     exitFailed,
	wipe.StatusAborted:    exitInterrupted,
}

// exitRank orders the codes of a batch, most serious last: 130 > 1 > 3 > 4 > 0.
var exitRank = map[int]int{exitOK: 0, exitUnverified: 1, exitRefused: 2, exitFailed: 3, exitInterrupted: 4}

// Globals are the flags every subcommand understands.
type Globals struct {
	Config string `help:"Configuration file (TOML)." placeholder:"FILE" env:"WIPESTATION_CONFIG"`
}

// cli is the whole command line: one field per subcommand.
type cli struct {
	Globals

	TUI      tuiCmd      `cmd:"" default:"1" hidden:"" help:"Open the terminal UI (the default)."`
	List     listCmd     `cmd:"" help:"List the media on this machine, their capabilities and the recommended methods."`
	Wipe     wipeCmd     `cmd:"" help:"Sanitize devices without the UI."`
	Methods  methodsCmd  `cmd:"" help:"List the sanitization methods."`
	Demo     demoCmd     `cmd:"" help:"Try the whole flow safely on scratch image files."`
	Destroy  destroyCmd  `cmd:"" help:"Record the physical destruction of a medium and issue its certificate."`
	Cert     certCmd     `cmd:"" help:"Verify and list certificates."`
	Key      keyCmd      `cmd:"" help:"Show the workstation's signing key, and enrol it with an organization's CA."`
	CA       caCmd       `cmd:"" name:"ca" help:"An organization's certificate authority: make it, issue workstation certificates, enrolment tokens."`
	Log      logCmd      `cmd:"" help:"Check the audit log."`
	Backup   backupCmd   `cmd:"" help:"Back up devices, and restore or verify their backups."`
	Register registerCmd `cmd:"" help:"The register: every workstation's certificates in one place, searchable (serve, push, user)."`
	Version  versionCmd  `cmd:"" help:"Print the version, the commit it was built from and the Go version."`

	HelpMan    helpManCmd    `cmd:"" name:"help-man" hidden:"" help:"Print the manual page (roff), made from these command definitions."`
	Completion completionCmd `cmd:"" hidden:"" help:"Print the shell completion script for bash, zsh or fish."`
}

// usageError marks a mistake in the command line; it exits with exitUsage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{msg: fmt.Sprintf(format, args...)}
}

// exitStatus lets a command pick its exit code when it has printed its own results
// (a batch wipe with some devices failed and others refused).
type exitStatus struct {
	code int
	err  error
}

func (e *exitStatus) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}
func (e *exitStatus) Unwrap() error { return e.err }

// exitCode maps an error returned by a subcommand to its documented exit code.
func exitCode(err error) int {
	var status *exitStatus
	var usage usageError
	var refusal *devices.RefusalError
	var parse *kong.ParseError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &status):
		return status.code
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &usage), errors.As(err, &parse):
		return exitUsage
	case errors.As(err, &refusal):
		return exitRefused
	default:
		return exitFailed
	}
}

func main() {
	os.Exit(run(os.Args[1:]))
}

// newParser is the command line's one definition: what --help prints, and what
// the manual page and the completion scripts are made from.
func newParser(c *cli, options ...kong.Option) (*kong.Kong, error) {
	return kong.New(c, append([]kong.Option{
		kong.Name("wipestation"),
		kong.Description("Media sanitization and disposal workstation."),
		kong.UsageOnError(),
		kong.Vars{"version": toolVersion()},
	}, options...)...)
}

func run(args []string) int {
	// Signals cancel the context, and only here: every job watches it and ends
	// aborted, never erased.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// The command-line parser would turn bytes that are not UTF-8 into U+FFFD, and
	// a record keeps names exactly: such an argument is refused, not altered.
	for i, a := range args {
		if !utf8.ValidString(a) {
			fmt.Fprintf(os.Stderr, "wipestation: argument %d (%q) is not valid UTF-8 text; records keep every name exactly, so it cannot be used\n", i+1, a)
			return exitUsage
		}
	}
	var c cli
	parser, err := newParser(&c, kong.BindTo(ctx, (*context.Context)(nil)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "wipestation:", err)
		return exitFailed
	}
	kctx, err := parser.Parse(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "wipestation:", err)
		return exitUsage
	}
	err = kctx.Run(&c.Globals)
	if err != nil {
		var status *exitStatus
		if !errors.As(err, &status) || status.err != nil {
			fmt.Fprintln(os.Stderr, "wipestation:", err)
		}
	}
	return exitCode(err)
}
