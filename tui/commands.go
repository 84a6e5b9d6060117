package tui

import (
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

// devicesMsg is a full discovery answer (startup, rescan).
type devicesMsg struct {
	devices []devices.Device
	err     error
	at      time.Time
}

// deviceMsg is one medium looked up again after a hot-plug add or change.
type deviceMsg struct {
	device devices.Device
	action HotplugAction
	err    error
	path   string
	at     time.Time
}

// hotplugFailedMsg says that watching for media stopped.
type hotplugFailedMsg struct {
	err error
	at  time.Time
}

// deviceGoneMsg says the medium at path went away.
type deviceGoneMsg struct {
	path string
	at   time.Time
}

// engineEventMsg is one event from the Runner.
type engineEventMsg struct{ event wipe.Event }

// jobStartedMsg is the Runner's answer to Start.
type jobStartedMsg struct {
	path  string
	jobID string
	err   error
	at    time.Time
}

// jobCancelledMsg says Cancel was sent to a job.
type jobCancelledMsg struct {
	path string
	at   time.Time
}

// detailsSavedMsg is the answer of Deps.SaveDetails.
type detailsSavedMsg struct {
	err error
	at  time.Time
}

// discoverCmd lists every medium.
func (m *Model) discoverCmd() tea.Cmd {
	discover, ctx, now := m.deps.Discover, m.ctx, m.clock
	if discover == nil {
		return nil
	}
	return func() tea.Msg {
		devs, err := discover(ctx)
		return devicesMsg{devices: devs, err: err, at: now()}
	}
}

// waitForHotplug waits for the next hot-plug event and turns it into a lookup
// (add, change) or a removal; Update re-arms it after each message.
func (m *Model) waitForHotplug() tea.Cmd {
	ch, lookup, ctx, now := m.deps.Hotplug, m.deps.Lookup, m.ctx, m.clock
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-ch:
			if !ok {
				return nil
			}
			switch {
			case ev.Err != nil:
				return hotplugFailedMsg{err: ev.Err, at: now()}
			case ev.Action == HotplugRemove:
				return deviceGoneMsg{path: ev.Path, at: now()}
			case ev.Device != nil:
				return deviceMsg{device: *ev.Device, action: ev.Action, path: ev.Path, at: now()}
			case lookup == nil:
				return nil
			}
			d, err := lookup(ctx, ev.Path)
			return deviceMsg{device: d, action: ev.Action, err: err, path: ev.Path, at: now()}
		}
	}
}

// refreshCmd looks the medium at path up again after its job, so that the bay
// shows it as it is now (no longer in use, or gone).
func (m *Model) refreshCmd(path string) tea.Cmd {
	lookup, ctx, now := m.deps.Lookup, m.ctx, m.clock
	if lookup == nil {
		return nil
	}
	return func() tea.Msg {
		d, err := lookup(ctx, path)
		return deviceMsg{device: d, action: hotplugRefresh, err: err, path: path, at: now()}
	}
}

// waitForEvent waits for the Runner's next event; Update re-arms it after each
// message, so events are handled one at a time and in order.
func (m *Model) waitForEvent() tea.Cmd {
	if m.deps.Runner == nil {
		return nil
	}
	ch, ctx := m.deps.Runner.Events(), m.ctx
	return func() tea.Msg {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-ch:
			if !ok {
				return nil
			}
			return engineEventMsg{event: ev}
		}
	}
}

// startJobCmd asks the Runner to start one job.
func (m *Model) startJobCmd(job wipe.Job) tea.Cmd {
	runner, ctx, now := m.deps.Runner, m.ctx, m.clock
	path := job.Device.Path
	return func() tea.Msg {
		if runner == nil {
			return jobStartedMsg{path: path, err: errors.New("no engine"), at: now()}
		}
		id, err := runner.Start(ctx, job)
		if err != nil {
			err = fmt.Errorf("start %s: %w", path, err)
		}
		return jobStartedMsg{path: path, jobID: id, err: err, at: now()}
	}
}

// destroyedMsg is the answer of Deps.Destroy.
type destroyedMsg struct {
	request  DestroyRequest
	record   *wipe.Record
	certPath string
	err      error
	at       time.Time
}

// destroyCmd records a destruction and issues its certificate.
func (m *Model) destroyCmd(r DestroyRequest) tea.Cmd {
	destroy, ctx, now := m.deps.Destroy, m.ctx, m.clock
	return func() tea.Msg {
		rec, path, err := destroy(ctx, r)
		return destroyedMsg{request: r, record: rec, certPath: path, err: err, at: now()}
	}
}

// cancelJobCmd asks the Runner to stop a job; it ends aborted.
func (m *Model) cancelJobCmd(path, jobID string) tea.Cmd {
	runner, now := m.deps.Runner, m.clock
	return func() tea.Msg {
		if runner != nil {
			runner.Cancel(jobID)
		}
		return jobCancelledMsg{path: path, at: now()}
	}
}

// saveDetailsCmd remembers the job details for the next time.
func (m *Model) saveDetailsCmd(d wipe.JobDetails) tea.Cmd {
	save, now := m.deps.SaveDetails, m.clock
	if save == nil {
		return nil
	}
	return func() tea.Msg {
		return detailsSavedMsg{err: save(d), at: now()}
	}
}
