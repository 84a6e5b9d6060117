package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/config"
	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
	"github.com/wipestation/wipestation/wipe/backup"
	"github.com/wipestation/wipestation/wipe/firmware"
	"github.com/wipestation/wipestation/wipe/mtpclear"
	"github.com/wipestation/wipestation/wipe/optical"
	"github.com/wipestation/wipestation/wipe/phonereset"
)

// workstation is everything a job needs besides its device: the configuration, the
// Runner's wiring (records, executors, certificates) and the signed audit log. The
// batch `wipe`, the demo and the TUI all build it here, so that every path issues
// the same records, certificates and audit entries.
type workstation struct {
	cfg    *config.Config
	runner wipe.RunnerConfig
	audit  *certificate.AuditLog
	// register queues every certificate for the register the configuration
	// names and sends them; nil when it names none.
	register *registerLink
}

// workstationFlags are the per-invocation overrides of the config file's folders
// and language (empty: the config file's value, then the default).
type workstationFlags struct {
	recordsDir string
	certDir    string
	lang       string
	// noRegister keeps the certificates out of the register (the demo's, of
	// scratch image files).
	noRegister bool
}

// newWorkstation loads the signing key (creating it on first use) and the
// certificate font before any job starts, so that a missing font or key is a clear
// error and never a wipe without its certificate.
func newWorkstation(cfg *config.Config, sys devices.System, f workstationFlags) (*workstation, error) {
	if f.recordsDir != "" {
		// The audit log lives beside the records unless the config names it.
		c := *cfg
		c.RecordsDir = f.recordsDir
		cfg = &c
	}
	f.recordsDir = recordsDir(cfg)
	certs, err := newCertWiring(cfg, f.certDir, f.lang)
	if err != nil {
		return nil, err
	}
	var link *registerLink
	if !f.noRegister {
		if link, err = newRegisterLink(cfg, certs.Certifier.Key); err != nil {
			return nil, err
		}
	}
	host, _ := os.Hostname()
	return &workstation{
		cfg: cfg,
		runner: wipe.RunnerConfig{
			System:      sys,
			RecordsDir:  f.recordsDir,
			ToolVersion: toolVersion(),
			Host:        host,
			Executors:   executors(sys),
			Certify:     link.queue(certs.Certify),
			Backup:      backup.New(backup.Config{ToolVersion: toolVersion(), Host: host, Phones: backup.MTPPhones(nil)}),
			// wipe --restore-hidden (docs/hidden-areas.md).
			HiddenRestorer: firmware.HiddenRestorer{},
		},
		audit:    certs.Audit,
		register: link,
	}, nil
}

// executors are the engines beyond the Runner's own overwrite and verify.
func executors(sys devices.System) map[wipe.Engine]wipe.Executor {
	return map[wipe.Engine]wipe.Executor{
		wipe.EngineFirmware: firmware.New(firmware.TargetOpener{}),
		wipe.EngineMTP:      &mtpclear.Executor{System: sys},
		wipe.EnginePhone:    &phonereset.Executor{System: sys},
		wipe.EngineOptical:  &optical.Executor{},
	}
}

// auditEvent appends a job event to the audit log. An event that cannot be logged
// does not stop the job (the medium is already being written), but its job must
// say so: the callers put the error on the job's result (auditFailures), which
// makes it exit 1.
func (w *workstation) auditEvent(ev wipe.Event) error {
	return w.audit.AppendEvent(ev)
}

// auditFailures keeps, per job, why some of its events could not be logged, and
// puts that on the job's result event (its Err, the JSON "error"), so that the
// job reports it and counts as failed. Not safe for concurrent use: one event
// reader owns it.
type auditFailures map[string][]string

// note remembers err (from logging ev), if any.
func (a auditFailures) note(ev wipe.Event, err error) {
	if err != nil {
		a[ev.JobID] = append(a[ev.JobID], fmt.Sprintf("audit log: %s event not logged: %v", ev.Type, err))
	}
}

// mark adds the job's logging failures to its result event.
func (a auditFailures) mark(ev *wipe.Event) {
	msgs := a[ev.JobID]
	if ev.Type != wipe.EventResult || len(msgs) == 0 {
		return
	}
	if ev.Err != "" {
		msgs = append([]string{ev.Err}, msgs...)
	}
	ev.Err = strings.Join(msgs, "; ")
	delete(a, ev.JobID)
}

// printWarning tells the technician about something that went wrong beside the job
// itself.
func printWarning(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "wipestation: warning: "+format+"\n", args...)
}
