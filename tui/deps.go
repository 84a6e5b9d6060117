// Package tui is the workstation's terminal UI: a live device bay, the start
// wizard (method, verification, job details, typed confirmation), live progress,
// results, bay mode, a log and a help view.
//
// It is a view over the same discovery, engine and certificate code as the batch
// CLI: it holds no device handles and decides nothing the batch path does not. Every
// input comes through Deps, which cmd/wipestation builds; every side effect runs in
// a tea.Cmd that returns a typed ...Msg, and Update and View do no I/O and never
// read the clock.
package tui

import (
	"context"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

// Runner is the engine as the TUI drives it; *wipe.Runner satisfies it. Start and
// Cancel are safe for concurrent use; Events is never closed in production.
type Runner interface {
	Start(ctx context.Context, job wipe.Job) (jobID string, err error)
	Cancel(jobID string)
	Events() <-chan wipe.Event
}

// HotplugAction says what happened to a medium.
type HotplugAction string

// The hot-plug actions, as the kernel's uevents name them.
const (
	HotplugAdd    HotplugAction = "add"
	HotplugChange HotplugAction = "change" // a card or disc inserted into a reader or drive
	HotplugRemove HotplugAction = "remove"

	// hotplugRefresh is the TUI's own look at a medium after its job: never an
	// insertion.
	hotplugRefresh HotplugAction = "refresh"
)

// HotplugEvent says that the medium at Path appeared, changed or went away.
// Device is the medium as discovery describes it after an add or change; when
// it is nil the TUI looks the medium up through Deps.Lookup, so that discovery
// alone decides what it is and whether it may be touched. Err, when set, says
// that watching stopped.
type HotplugEvent struct {
	Action HotplugAction
	Path   string
	Device *devices.Device
	Err    error
}

// Deps is everything the TUI reads from or acts on. Nil functions and channels
// leave the feature out (no hot-plug, nothing remembered).
type Deps struct {
	// Discover lists every medium (startup and rescan).
	Discover func(ctx context.Context) ([]devices.Device, error)
	// Lookup describes the one medium at path, after a hot-plug add or change.
	Lookup func(ctx context.Context, path string) (devices.Device, error)
	// Hotplug delivers add/change/remove events; nil means no live updates.
	Hotplug <-chan HotplugEvent
	// Runner runs the jobs.
	Runner Runner
	// Methods is the engine's method catalogue; its overwrite methods are offered
	// for every disk and card next to the device's own recommendations.
	Methods []wipe.Method
	// Details are the job details to start from (the config file's defaults, or
	// what the technician entered last time).
	Details wipe.JobDetails
	// Options are the job options to start from (AllowFile, the backup recipient).
	Options wipe.Options
	// SaveDetails remembers the details entered for the next session; it runs in
	// a command, never in Update.
	SaveDetails func(wipe.JobDetails) error
	// Now is the clock used by commands to stamp messages (time.Now when nil).
	Now func() time.Time
	// Destroy records the physical destruction of a medium and issues its
	// Destroy certificate (`wipestation destroy`), returning its record and the
	// certificate's path; nil leaves the feature out. DestroyHows are the ways
	// it accepts.
	Destroy     func(ctx context.Context, r DestroyRequest) (rec *wipe.Record, certificatePath string, err error)
	DestroyHows []string
	// Instructions are the steps a technician performs by hand for a method that
	// rests on them (phone-reset), shown before the job starts; nil or empty for
	// methods the workstation carries out itself.
	Instructions func(method string, d devices.Device) []string
}

// DestroyRequest is a destruction to record: the medium as discovered, how it
// was destroyed, and the job details (operator, asset tag) for the certificate.
// Nothing is written to the device.
type DestroyRequest struct {
	Device       devices.Device
	How          string
	ParticleSize string
	Witness      string
	Details      wipe.JobDetails
}
