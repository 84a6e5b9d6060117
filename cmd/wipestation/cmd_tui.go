package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/config"
	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/register/outbox"
	"github.com/wipestation/wipestation/tui"
	"github.com/wipestation/wipestation/wipe"
	"github.com/wipestation/wipestation/wipe/phonereset"
)

// tuiCmd is `wipestation` with no arguments (and `wipestation tui`): the
// workstation's terminal UI.
type tuiCmd struct {
	RecordsDir string `name:"records-dir" help:"Where job records are written (default: the config file's records_dir, else /var/lib/wipestation/records as root)." placeholder:"DIR"`
	// Only and AllowFile keep the bay to named devices: for tests, demos and
	// desks that must never show anything else.
	Only      []string `name:"only" hidden:"" help:"Show only these devices (paths), and no hot-plugged ones." placeholder:"PATH"`
	AllowFile bool     `name:"allow-file" hidden:"" help:"Accept image files in --only."`
}

// tuiSession is what the TUI runs on: the Runner built from the shared
// workstation (configuration, executors, certificates, audit log) and the TUI's
// dependencies, built in one place (tuiCmd.session).
type tuiSession struct {
	runner *wipe.Runner
	deps   tui.Deps
	// audit records every job event (start, phases, results) in the audit log;
	// nil when there is none.
	audit func(wipe.Event) error
	// register sends the certificates to the register while the TUI runs, and
	// reports to its footer; nil when the configuration names none.
	register *registerLink
}

// Run opens the TUI.
func (c *tuiCmd) Run(ctx context.Context, g *Globals) error {
	if err := requireTerminal(os.Stdin, os.Stdout); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s, err := c.session(ctx, g)
	if err != nil {
		return err
	}
	return runTUI(ctx, cancel, s)
}

// recordDestruction records that a medium was physically destroyed and issues
// its Destroy certificate, as `wipestation destroy` does for an attached device;
// nothing is written to the device.
func (w *workstation) recordDestruction(ctx context.Context, r tui.DestroyRequest) (*wipe.Record, string, error) {
	if r.Details.Operator.Name == "" {
		return nil, "", errors.New("an operator is required: a destruction is attested by a person")
	}
	now := time.Now()
	id, err := wipe.NewCertificateID(now)
	if err != nil {
		return nil, "", err
	}
	host, _ := os.Hostname()
	d := certificate.Destruction{
		Device: r.Device, Magnetic: r.Device.Rotational, How: r.How, ParticleSize: r.ParticleSize, Witness: r.Witness,
		Details: r.Details, ID: id, Time: now, Host: host, ToolVersion: toolVersion(),
	}
	rec, err := certificate.DestroyRecord(d)
	if err != nil {
		return nil, "", err
	}
	path, err := w.runner.Certify(rec, "")
	if err != nil {
		return nil, "", fmt.Errorf("certificate: %w", err)
	}
	if err := w.audit.AppendDestroy(d, rec, path); err != nil {
		return rec, path, fmt.Errorf("certificate %s issued, but the audit log could not record it: %w", path, err)
	}
	return rec, path, nil
}

// instructions are the steps a technician performs by hand for method on d,
// shown by the TUI before the job starts (the phone-reset executor waits for
// them and records the attestation).
func instructions(method string, d devices.Device) []string {
	if m, ok := wipe.LookupMethod(method); ok && m.Engine == wipe.EnginePhone {
		steps := phonereset.Steps(d)
		lines := make([]string, len(steps))
		for i, s := range steps {
			lines[i] = s.String()
		}
		return lines
	}
	return nil
}

// requireTerminal refuses to open the TUI without a terminal on both ends, and
// points scripts at the batch commands.
func requireTerminal(in, out *os.File) error {
	if !isTerminal(in) || !isTerminal(out) {
		return usagef("the terminal UI needs a terminal; scripts use 'wipestation list' and 'wipestation wipe' (see 'wipestation --help')")
	}
	return nil
}

// session builds the TUI's dependencies on the same workstation (configuration,
// Runner wiring, certificates, audit log) as `wipestation wipe`.
func (c *tuiCmd) session(ctx context.Context, g *Globals) (*tuiSession, error) {
	cfg, err := loadConfig(g)
	if err != nil {
		return nil, err
	}
	cfgPath, _ := config.Path(g.Config)
	sys := devices.HostSystem()
	w, err := newWorkstation(cfg, sys, workstationFlags{recordsDir: c.RecordsDir})
	if err != nil {
		return nil, err
	}
	runner := wipe.NewRunner(w.runner)

	var saveMu sync.Mutex // saves run in commands, possibly two at once
	ws := &tuiSession{runner: runner, audit: w.auditEvent, register: w.register}
	ws.deps = tui.Deps{
		Discover: sys.Discover,
		Lookup: func(ctx context.Context, path string) (devices.Device, error) {
			return sys.Lookup(ctx, path, false)
		},
		Runner:  runner,
		Methods: wipe.Methods(),
		Details: cfg.Details(wipe.JobDetails{}),
		Options: wipe.Options{BackupRecipient: cfg.BackupRecipient},
		// cfg is the file as read (w.cfg may carry --records-dir, which is not
		// for the file).
		SaveDetails: func(d wipe.JobDetails) error {
			saveMu.Lock()
			defer saveMu.Unlock()
			cfg.Remember(d)
			return config.Save(cfgPath, cfg)
		},
		Destroy:      w.recordDestruction,
		DestroyHows:  certificate.DestroyHows(),
		Instructions: instructions,
	}
	if len(c.Only) > 0 {
		only, allowFile := c.Only, c.AllowFile
		ws.deps.Options.AllowFile = allowFile
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
		return ws, nil
	}
	if events, err := sys.Watch(ctx); err == nil {
		ws.deps.Hotplug = hotplugEvents(ctx, events)
	} else {
		fmt.Fprintln(os.Stderr, "wipestation: no hot-plug (press r to scan):", err)
	}
	return ws, nil
}

// hotplugEvents turns discovery's watch events into the TUI's.
func hotplugEvents(ctx context.Context, in <-chan devices.DeviceEvent) <-chan tui.HotplugEvent {
	out := make(chan tui.HotplugEvent)
	go func() {
		defer close(out)
		for ev := range in {
			h := tui.HotplugEvent{Path: ev.Path, Device: ev.Device, Err: ev.Err}
			switch ev.Type {
			case devices.EventAdd:
				h.Action = tui.HotplugAdd
			case devices.EventChange:
				h.Action = tui.HotplugChange
			case devices.EventRemove:
				h.Action = tui.HotplugRemove
			case devices.EventError:
				if h.Err == nil {
					h.Err = errors.New("watching stopped")
				}
			}
			select {
			case out <- h:
			case <-ctx.Done():
				for range in { // the watcher must be read until it closes
				}
				return
			}
		}
	}()
	return out
}

// auditedRunner hands the TUI the Runner's events after appending each to the
// audit log. Once the TUI has gone it keeps auditing (jobs cancelled on quit
// still report their aborted results) and drops the events instead.
type auditedRunner struct {
	*wipe.Runner
	events   chan wipe.Event
	gone     chan struct{} // the TUI reads no more
	stop     chan struct{} // every job has reported: audit what is left, then end
	finished chan struct{}
}

// Events is the audited event stream.
func (a *auditedRunner) Events() <-chan wipe.Event { return a.events }

func audited(r *wipe.Runner, audit func(wipe.Event) error) *auditedRunner {
	a := &auditedRunner{Runner: r, events: make(chan wipe.Event, 64),
		gone: make(chan struct{}), stop: make(chan struct{}), finished: make(chan struct{})}
	unlogged := auditFailures{} // only the goroutine below uses it
	record := func(ev wipe.Event) wipe.Event {
		if audit == nil {
			return ev
		}
		unlogged.note(ev, audit(ev))
		unlogged.mark(&ev)
		return ev
	}
	go func() {
		defer close(a.finished)
		for {
			select {
			case ev := <-r.Events():
				ev = record(ev)
				select {
				case a.events <- ev:
				case <-a.gone:
				}
			case <-a.stop:
				for {
					select {
					case ev := <-r.Events():
						record(ev)
					default:
						return
					}
				}
			}
		}
	}()
	return a
}

// runTUI runs the TUI until the technician quits, then stops whatever still runs
// (those jobs end aborted, never erased) and waits for every record, certificate
// and audit line to be written.
func runTUI(ctx context.Context, cancel context.CancelFunc, ws *tuiSession) error {
	a := audited(ws.runner, ws.audit)
	deps := ws.deps
	deps.Runner = a
	p := tea.NewProgram(tui.New(ctx, deps), tea.WithContext(ctx))
	sending := ws.register.run(ctx, func(st outbox.Status, err error) { p.Send(footer(st, err)) })
	_, err := p.Run()
	close(a.gone)
	cancel()
	<-sending
	ws.runner.Wait()
	close(a.stop)
	<-a.finished
	switch {
	case err == nil:
		return nil
	case errors.Is(err, tea.ErrInterrupted), errors.Is(err, tea.ErrProgramKilled):
		return fmt.Errorf("tui: %w", context.Canceled)
	default:
		return fmt.Errorf("tui: %w", err)
	}
}

// tuiOnImages opens the TUI on a fixed set of image files (the demo's hook): no
// discovery, no hot-plug, image files allowed as targets.
func tuiOnImages(ctx context.Context, w *workstation, images []devices.Device) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	runner := wipe.NewRunner(w.runner)
	byPath := map[string]devices.Device{}
	for i, d := range images {
		if d.Recommendations == nil {
			images[i].Recommendations = devices.Recommend(d) // the policy discovery applies
		}
		byPath[d.Path] = images[i]
	}
	ws := &tuiSession{runner: runner, audit: w.auditEvent, deps: tui.Deps{
		Discover: func(context.Context) ([]devices.Device, error) { return images, nil },
		Lookup: func(_ context.Context, path string) (devices.Device, error) {
			if d, ok := byPath[path]; ok {
				return d, nil
			}
			return devices.Device{}, fmt.Errorf("look up %s: not a demo image", path)
		},
		Runner:  runner,
		Methods: wipe.Methods(),
		Options: wipe.Options{AllowFile: true},
	}}
	return runTUI(ctx, cancel, ws)
}
