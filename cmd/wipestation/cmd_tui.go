package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/tui"
	"github.com/wipestation/wipestation/wipe"
)

// tuiCmd is `wipestation` with no arguments (and `wipestation tui`): the
// workstation's terminal UI.
type tuiCmd struct {
	RecordsDir string `name:"records-dir" help:"Where job records are written (default: /var/lib/wipestation/records as root, else $XDG_STATE_HOME/wipestation/records)." placeholder:"DIR"`
	// Only and AllowFile keep the bay to named devices: for tests, demos and
	// desks that must never show anything else.
	Only      []string `name:"only" hidden:"" help:"Show only these devices (paths), and no hot-plugged ones." placeholder:"PATH"`
	AllowFile bool     `name:"allow-file" hidden:"" help:"Accept image files in --only."`
}

// workstation is everything the TUI runs on, built in one place so that the
// configuration, the certificates and the demo extend it here.
type workstation struct {
	sys    devices.System
	runner *wipe.Runner
	deps   tui.Deps
}

// Run opens the TUI.
func (c *tuiCmd) Run(ctx context.Context, g *Globals) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ws, err := c.workstation(ctx, g)
	if err != nil {
		return err
	}
	return runTUI(ctx, cancel, ws)
}

// workstation builds the TUI's dependencies from the flags.
func (c *tuiCmd) workstation(ctx context.Context, g *Globals) (*workstation, error) {
	sys := devices.HostSystem()
	dir := c.RecordsDir
	if dir == "" {
		var err error
		if dir, err = tuiRecordsDir(); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("records folder: %w", err)
	}
	runner := wipe.NewRunner(wipe.RunnerConfig{System: sys, RecordsDir: dir})
	ws := &workstation{sys: sys, runner: runner}
	ws.deps = tui.Deps{
		Discover: sys.Discover,
		Lookup: func(ctx context.Context, path string) (devices.Device, error) {
			return sys.Lookup(ctx, path, false)
		},
		Runner:  runner,
		Options: wipe.Options{AllowFile: c.AllowFile},
	}
	if len(c.Only) > 0 {
		only := c.Only
		allowFile := c.AllowFile
		ws.deps.Discover = func(ctx context.Context) ([]devices.Device, error) {
			var out []devices.Device
			for _, p := range only {
				d, err := sys.Lookup(ctx, p, allowFile)
				if err != nil {
					return out, fmt.Errorf("look up %s: %w", p, err)
				}
				out = append(out, d)
			}
			return out, nil
		}
		ws.deps.Lookup = func(ctx context.Context, path string) (devices.Device, error) {
			if !slices.Contains(only, path) {
				return devices.Device{}, fmt.Errorf("look up %s: not in --only", path)
			}
			return sys.Lookup(ctx, path, allowFile)
		}
	}
	return ws, nil
}

// runTUI runs the TUI until the technician quits, then stops whatever still runs
// (those jobs end aborted, never erased) and waits for every record to be written.
func runTUI(ctx context.Context, cancel context.CancelFunc, ws *workstation) error {
	p := tea.NewProgram(tui.New(ctx, ws.deps), tea.WithContext(ctx))
	_, err := p.Run()
	cancel()
	ws.runner.Wait()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, tea.ErrInterrupted), errors.Is(err, tea.ErrProgramKilled):
		return fmt.Errorf("tui: %w", context.Canceled)
	default:
		return fmt.Errorf("tui: %w", err)
	}
}

// tuiRecordsDir is /var/lib/wipestation/records for root, else under the XDG
// state folder.
func tuiRecordsDir() (string, error) {
	if os.Geteuid() == 0 {
		return "/var/lib/wipestation/records", nil
	}
	if s := os.Getenv("XDG_STATE_HOME"); s != "" {
		return filepath.Join(s, "wipestation", "records"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("records folder: %w (use --records-dir)", err)
	}
	return filepath.Join(home, ".local", "state", "wipestation", "records"), nil
}

// tuiOnImages opens the TUI on a fixed set of image files (the demo): no
// discovery, no hot-plug, image files allowed as targets.
func tuiOnImages(ctx context.Context, sys devices.System, cfg wipe.RunnerConfig, images []devices.Device) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	runner := wipe.NewRunner(cfg)
	byPath := map[string]devices.Device{}
	for _, d := range images {
		byPath[d.Path] = d
	}
	ws := &workstation{sys: sys, runner: runner, deps: tui.Deps{
		Discover: func(context.Context) ([]devices.Device, error) { return images, nil },
		Lookup: func(_ context.Context, path string) (devices.Device, error) {
			if d, ok := byPath[path]; ok {
				return d, nil
			}
			return devices.Device{}, fmt.Errorf("look up %s: not a demo image", path)
		},
		Runner:  runner,
		Options: wipe.Options{AllowFile: true},
	}}
	return runTUI(ctx, cancel, ws)
}
