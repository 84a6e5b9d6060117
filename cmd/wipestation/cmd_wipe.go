package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/wipestation/wipestation/config"
	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/tcg"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
	"github.com/wipestation/wipestation/wipe/backup"
	"github.com/wipestation/wipestation/wipe/firmware"
)

// wipeCmd is `wipestation wipe`: sanitize devices without the UI, one job per target,
// all in parallel.
type wipeCmd struct {
	Method    string `help:"Method ID (see 'wipestation methods'), or the policy aliases 'clear' (the default) and 'purge', resolved per device from its recommendations." default:"clear" placeholder:"ID"`
	Verify    string `help:"Which passes to read back: off, last or all." enum:"off,last,all" default:"last"`
	Blank     bool   `help:"Add a final pass of zeros."`
	Rounds    int    `help:"Run the method's passes this many times." default:"1"`
	OnError   string `name:"on-error" help:"After a range fails even on retry: continue (record it) or abort the job." enum:"continue,abort" default:"continue"`
	Fallback  string `help:"With --method purge: 'clear' runs the device's first Clear method when it cannot be purged (recorded as a downgrade). Empty: refuse." placeholder:"clear"`
	AllowFile bool   `name:"allow-file" help:"Accept regular image files as targets."`
	Attest    string `help:"The technician's attestation for methods that rest on an action done by hand (phone-reset: \"I performed the factory reset on this phone\")." placeholder:"TEXT"`
	PSID      string `name:"psid" placeholder:"PSID|-" help:"For --method tcg-psid-revert (one target): the 32-character PSID printed on the drive's label, or '-' to read it from the first line of stdin (which keeps it out of the process list). One attempt per job, never retried; the record keeps only its last 4 characters."`
	Yes       bool   `short:"y" help:"Do not ask for confirmation (required when not run from a terminal)."`
	JSON      bool   `name:"json" help:"Print JSON lines (start, phase, progress, result) on stdout."`

	// Back up before erasing (docs/backup.md).
	Backup          string `name:"backup" placeholder:"DIR" help:"Before anything is erased, copy each device into an encrypted, verified archive in DIR; a failed backup fails the job and erases nothing."`
	BackupRecipient string `name:"backup-recipient" placeholder:"AGE1..." help:"The organization's age public key the backups are encrypted to (default: the config file's backup_recipient)."`

	// Hidden areas (docs/hidden-areas.md).
	RestoreHidden bool `name:"restore-hidden" help:"Before a host overwrite of a drive with a Host Protected Area, restore its native capacity first (volatile: the HPA returns at the drive's next power cycle), so that the overwrite reaches the hidden sectors."`
	// SAS/SCSI disks with 520/528-byte blocks (docs/scsi-format.md).
	Reformat bool `help:"Before a host overwrite of a SCSI/SAS disk Linux cannot use (520/528-byte blocks or protection information), reformat it to 512/4096-byte blocks with FORMAT UNIT first; the record keeps the old and new block format."`
	Unfreeze bool `help:"If the one target is a security-frozen SATA drive and the method is an ATA security erase, suspend the workstation to RAM and resume it first (only when it is the sole job: no other target, no other wipestation running)."`

	RecordsDir string `name:"records-dir" help:"Where job records and the audit log are written (default: the config file's records_dir, else /var/lib/wipestation/records as root, else $XDG_STATE_HOME/wipestation/records)." placeholder:"DIR"`
	CertDir    string `name:"cert-dir" help:"Where certificates are written (default: the config file's cert_dir, else beside the records)." placeholder:"DIR"`

	jobDetailFlags `embed:""`

	// psid is --psid, read and checked by Run.
	psid tcg.PSID

	Targets []string `arg:"" name:"target" help:"Devices (e.g. /dev/sdb) or, with --allow-file, image files."`
}

// Run wipes every target.
func (c *wipeCmd) Run(ctx context.Context, g *Globals) (err error) {
	if err := c.validate(); err != nil {
		return err
	}
	if c.psid, err = readPSID(c.PSID, os.Stdin); err != nil {
		return err
	}
	cfg, err := loadConfig(g)
	if err != nil {
		return err
	}
	if err := c.checkBackup(cfg); err != nil {
		return err
	}
	sys := devices.HostSystem()
	jobs, err := c.jobs(ctx, sys, cfg)
	if err != nil {
		return err
	}
	ws, err := newWorkstation(cfg, sys, workstationFlags{recordsDir: c.RecordsDir, certDir: c.CertDir, lang: c.Lang})
	if err != nil {
		return err
	}
	if !c.Yes {
		if err := confirmWipe(ctx, sys, jobs, c.Method, os.Stdin, os.Stderr); err != nil {
			return err
		}
	}
	if c.Unfreeze {
		if err := unfreezeFirst(ctx, firmware.Unfreezer{System: sys}, jobs, os.Stderr); err != nil {
			return err
		}
	}
	// Certificates go to the register while the batch runs, and in one last
	// round after it; what is not sent waits in the outbox.
	sendCtx, stopSending := context.WithCancel(ctx)
	sending := ws.register.run(sendCtx, nil)
	b := batch{cfg: ws.runner, jobs: jobs, json: c.JSON, out: os.Stdout, onEvent: ws.auditEvent}
	err = b.run(ctx)
	stopSending()
	<-sending
	// Not after a usage error (nothing was done) nor an interrupt (the
	// technician wants out): the certificates wait in the outbox.
	if ctx.Err() == nil && !errors.As(err, new(usageError)) {
		ws.register.lastRound(ctx)
	}
	return err
}

// validate checks the flags before anything is touched: a mistake is a usage error
// (exit 2) naming the valid choices.
func (c *wipeCmd) validate() error {
	if !slices.Contains(wipe.MethodIDs(), c.Method) {
		return usagef("unknown method %q; valid methods: %s", c.Method, strings.Join(wipe.MethodIDs(), ", "))
	}
	if m, ok := wipe.LookupMethod(c.Method); ok && m.RequiresVerify && c.Verify == "off" {
		return usagef("method %s includes verification; --verify off is not allowed with it (use --verify last or all)", c.Method)
	}
	if c.Rounds < 1 {
		return usagef("--rounds must be 1 or more, not %d", c.Rounds)
	}
	switch {
	case c.Fallback != "" && c.Fallback != wipe.AliasClear:
		return usagef("--fallback must be %q, not %q", wipe.AliasClear, c.Fallback)
	case c.Fallback != "" && c.Method != wipe.AliasPurge:
		return usagef("--fallback applies only to --method purge")
	}
	switch {
	case c.PSID != "" && c.Method != psidMethod:
		return usagef("--psid applies only to --method %s", psidMethod)
	case c.Method == psidMethod && c.PSID == "":
		return usagef("--method %s needs the PSID from the drive's label: --psid PSID, or --psid - to read it from stdin", psidMethod)
	case c.Method == psidMethod && len(c.Targets) != 1:
		return usagef("a PSID belongs to one drive: give --method %s one target (a wrong PSID spends one of the drive's few attempts)", psidMethod)
	}
	if c.Unfreeze && len(c.Targets) > 1 {
		return usagef("--unfreeze suspends the workstation, which would interrupt the other targets' jobs: give it one target")
	}
	if n := len(c.AssetTag); n != 0 && n != len(c.Targets) {
		return usagef("give one --asset-tag per target, in target order (%d tags for %d targets)", n, len(c.Targets))
	}
	seen := map[string]bool{}
	for _, t := range c.Targets {
		key := t
		if !isPhoneTarget(t) {
			abs, err := filepath.Abs(t)
			if err != nil {
				return usagef("target %q: %v", t, err)
			}
			if _, err := os.Stat(t); err != nil {
				return usagef("no such device or file: %s", t)
			}
			key = abs
		}
		if seen[key] {
			return usagef("target %s is named twice", t)
		}
		seen[key] = true
	}
	return nil
}

// unfreezeFirst runs --unfreeze before the one job starts: it suspends the
// workstation only when the drive is security-frozen, the method needs it
// unfrozen, and nothing else would be interrupted; otherwise the refusal is a
// usage error (exit 2) and nothing has run. A drive that stays frozen after the
// resume is reported, and its job goes on to be refused with the way out in its
// record.
func unfreezeFirst(ctx context.Context, u firmware.Unfreezer, jobs []wipe.Job, w io.Writer) error {
	job := &jobs[0]
	if !firmware.Needed(*job) {
		fmt.Fprintf(w, "wipestation: --unfreeze: %s is not security-frozen, or its method does not need it unfrozen; not suspending\n", job.Device.Path)
		return nil
	}
	if err := u.Check(*job, len(jobs)); err != nil {
		return usagef("%v; nothing was erased", err)
	}
	fmt.Fprintf(w, "wipestation: suspending the workstation to unfreeze %s; it wakes by itself after about 10 seconds (if not, press the power button)\n", job.Device.Path)
	if err := u.Unfreeze(ctx, &job.Device); err != nil {
		printWarning("--unfreeze %s: %v", job.Device.Path, err)
		job.Options.Prepared = append(job.Options.Prepared, msg.New(msg.OverwriteUnfreezeFailed, err))
		return nil
	}
	fmt.Fprintf(w, "wipestation: %s is no longer security-frozen\n", job.Device.Path)
	job.Options.Prepared = append(job.Options.Prepared, msg.New(msg.OverwriteUnfrozen))
	return nil
}

// psidMethod is the method that takes --psid.
const psidMethod = "tcg-psid-revert"

// readPSID turns --psid into a PSID: the value itself, or with "-" the first line
// of in, read byte by byte so that nothing after it is consumed (the confirmation
// is read from the same stdin). A malformed PSID is a usage error: it is never
// sent, since every refused PSID spends one of the drive's attempts.
func readPSID(flag string, in io.Reader) (tcg.PSID, error) {
	if flag == "" {
		return tcg.PSID{}, nil
	}
	s := flag
	if flag == "-" {
		var line []byte
		b := make([]byte, 1)
		for len(line) <= 2*tcg.PSIDLength {
			n, err := in.Read(b)
			if n == 1 && b[0] != '\n' {
				line = append(line, b[0])
			}
			if (n == 1 && b[0] == '\n') || err != nil {
				break
			}
		}
		s = string(line)
	}
	p, err := tcg.ParsePSID(s)
	if err != nil {
		return tcg.PSID{}, usagef("--psid: %v", err)
	}
	return p, nil
}

// isPhoneTarget reports targets named by transport rather than by a path, as
// `wipestation list` shows phones: mtp:/dev/bus/usb/001/004, adb:SERIAL, apple:UDID.
func isPhoneTarget(t string) bool {
	scheme, _, ok := strings.Cut(t, ":")
	if !ok || strings.Contains(scheme, "/") {
		return false
	}
	switch devices.Transport(scheme) {
	case devices.TransportMTP, devices.TransportADB, devices.TransportApple:
		return true
	}
	return false
}

func (c *wipeCmd) options() wipe.Options {
	return wipe.Options{
		Verify:      wipe.VerifyMode(c.Verify),
		Blank:       c.Blank,
		Rounds:      c.Rounds,
		OnError:     wipe.ErrorPolicy(c.OnError),
		Fallback:    c.Fallback,
		AllowFile:   c.AllowFile,
		Attestation: c.Attest,
		PSID:        c.psid,

		RestoreHidden: c.RestoreHidden,
		Reformat:      c.Reformat,
	}
}

// backupRecipient is --backup-recipient, else the config file's.
func (c *wipeCmd) backupRecipient(cfg *config.Config) string {
	if c.BackupRecipient != "" {
		return c.BackupRecipient
	}
	return cfg.BackupRecipient
}

// checkBackup refuses a backup that could not be made before anything starts: no
// recipient (a backup is never written unencrypted), a bad one, or no folder.
func (c *wipeCmd) checkBackup(cfg *config.Config) error {
	if c.Backup == "" {
		if c.BackupRecipient != "" {
			return usagef("--backup-recipient needs --backup DIR")
		}
		return nil
	}
	if _, err := backup.ParseRecipient(c.backupRecipient(cfg)); err != nil {
		return usagef("--backup: %v", err)
	}
	if fi, err := os.Stat(c.Backup); err != nil || !fi.IsDir() {
		return usagef("--backup %s: not a folder", c.Backup)
	}
	return nil
}

// jobs describes every target (devices.System.Lookup) and builds its job.
func (c *wipeCmd) jobs(ctx context.Context, sys devices.System, cfg *config.Config) ([]wipe.Job, error) {
	var jobs []wipe.Job
	for i, t := range c.Targets {
		details, err := c.details(cfg, i)
		if err != nil {
			return nil, err
		}
		d, err := describeTarget(ctx, sys, t, c.AllowFile)
		if err != nil {
			return nil, err
		}
		opts := c.options()
		if c.Backup != "" {
			// The runner sets Data Backed Up and its location once the backup is proven.
			opts.BackupDir, opts.BackupRecipient = c.Backup, c.backupRecipient(cfg)
		}
		jobs = append(jobs, wipe.Job{Device: d, Method: c.Method, Options: opts, Details: details})
	}
	return jobs, nil
}

// describeTarget looks a target up; for an image file it fills in what Lookup may
// not (name, size, transport), since files are no devices discovery knows.
func describeTarget(ctx context.Context, sys devices.System, target string, allowFile bool) (devices.Device, error) {
	if isPhoneTarget(target) {
		d, err := sys.Lookup(ctx, target, allowFile)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return devices.Device{}, usagef("no such phone attached: %s (see 'wipestation list')", target)
		case err != nil:
			return devices.Device{}, fmt.Errorf("look up %s: %w", target, err)
		}
		if d.Path == "" {
			d.Path = target
		}
		return d, nil
	}
	abs, err := filepath.Abs(target)
	if err != nil {
		return devices.Device{}, usagef("target %q: %v", target, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return devices.Device{}, usagef("no such device or file: %s", target)
	}
	d, err := sys.Lookup(ctx, abs, allowFile)
	if err != nil {
		var refusal *devices.RefusalError
		if !errors.As(err, &refusal) {
			return devices.Device{}, fmt.Errorf("look up %s: %w", target, err)
		}
		// A refusal is the runner's to report, per device, with a record;
		// the job keeps what discovery said.
		d = devices.Device{Path: abs, Ineligible: refusal.Reason.Ptr()}
	}
	if !d.Eligible {
		// Discovery's answer stays with the job. The job names the path the
		// technician gave (/dev/mapper/NAME, /dev/md/NAME, a by-id link): the
		// gate judges it again when the runner opens it, and its refusal
		// names both that path and the device it resolves to.
		d.Path = abs
	}
	if d.Path == "" {
		d.Path = abs
	}
	if d.Name == "" {
		d.Name = filepath.Base(abs)
	}
	if fi.Mode()&os.ModeDevice != 0 && fi.Mode()&os.ModeCharDevice == 0 && (d.DevNumber == "" || d.SizeBytes == 0) {
		// Identity at selection, compared again right before the first write.
		if dev, size, err := sys.CaptureIdentity(abs); err == nil {
			if d.DevNumber == "" {
				d.DevNumber = dev
			}
			if d.SizeBytes == 0 {
				d.SizeBytes = size
			}
		}
	}
	if fi.Mode().IsRegular() {
		if d.Kind == "" {
			d.Kind = devices.KindDisk
		}
		d.Transport, d.Virtual = devices.TransportFile, true
		if d.SizeBytes == 0 {
			d.SizeBytes = fi.Size()
		}
	}
	return d, nil
}

// confirmWipe asks for the device names to be typed before anything is erased. Without a
// terminal it refuses: scripts must say --yes.
func confirmWipe(ctx context.Context, sys devices.System, jobs []wipe.Job, method string, in *os.File, out io.Writer) error {
	if !isTerminal(in) {
		return usagef("not run from a terminal: refusing to erase without --yes")
	}
	fmt.Fprintf(out, "About to ERASE with method %s:\n", method)
	var names []string
	for _, j := range jobs {
		d := j.Device
		status := "eligible"
		if err := sys.CheckEligible(d.Path, j.Options.AllowFile); err != nil {
			status = "WILL BE REFUSED: " + err.Error()
		}
		fmt.Fprintf(out, "  %-16s %-24s serial %-20s %s  [%s]\n", d.Path, strings.TrimSpace(d.Vendor+" "+d.Model), orDash(d.Serial), humanBytes(d.SizeBytes), status)
		names = append(names, d.Name)
	}
	want := strings.Join(names, " ")
	fmt.Fprintf(out, "Everything on them will be destroyed. Type the device names to go ahead (%s): ", want)
	type answer struct {
		line string
		err  error
	}
	answers := make(chan answer, 1)
	go func() {
		line, err := bufio.NewReader(in).ReadString('\n')
		answers <- answer{line, err}
	}()
	var line string
	select {
	case <-ctx.Done():
		fmt.Fprintln(out)
		return ctx.Err()
	case a := <-answers:
		if a.err != nil && a.line == "" {
			return usagef("no confirmation given; nothing was erased")
		}
		line = a.line
	}
	if strings.Join(strings.Fields(line), " ") != want {
		return usagef("confirmation did not match %q; nothing was erased", want)
	}
	return nil
}

func isTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func humanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}

// batch runs jobs in parallel and prints their events.
type batch struct {
	cfg  wipe.RunnerConfig
	jobs []wipe.Job
	json bool
	out  io.Writer
	// onEvent, when set, sees every event before it is printed (the signed audit
	// log; progress ticks included, the callee filters). An error is put on the
	// job's result, which then counts as failed.
	onEvent func(wipe.Event) error
}

// The JSON lines of `wipe --json` (docs/engine.md): a stable interface.
type (
	jsonStart struct {
		Event  string    `json:"event"`
		Device string    `json:"device"`
		JobID  string    `json:"job_id"`
		Method string    `json:"method"`
		Time   time.Time `json:"time"`
	}
	jsonProgress struct {
		Event      string     `json:"event"` // "phase" or "progress"
		Device     string     `json:"device"`
		JobID      string     `json:"job_id"`
		Phase      wipe.Phase `json:"phase"`
		Pass       int        `json:"pass"`
		Passes     int        `json:"passes"`
		BytesDone  int64      `json:"bytes_done"`
		BytesTotal int64      `json:"bytes_total"`
		// OverallDone/OverallTotal count the whole job, every pass and read-back:
		// a progress that never starts over (absent when the engine cannot tell).
		OverallDone        int64     `json:"overall_bytes_done,omitempty"`
		OverallTotal       int64     `json:"overall_bytes_total,omitempty"`
		RateBytesPerSecond float64   `json:"rate_bytes_per_second"`
		ETASeconds         float64   `json:"eta_seconds"`
		Errors             int       `json:"errors"`
		Time               time.Time `json:"time"`
		// Message is what the technician must read or do now (phase events only).
		Message string `json:"message,omitempty"`
	}
	jsonResult struct {
		Event         string            `json:"event"`
		Device        string            `json:"device"`
		JobID         string            `json:"job_id"`
		Status        wipe.Status       `json:"status"`
		Reason        string            `json:"reason,omitempty"`
		Verified      bool              `json:"verified"`
		Method        string            `json:"method"`
		Class         string            `json:"class"`
		BytesWritten  int64             `json:"bytes_written"`
		Errors        []wipe.RangeError `json:"errors"`
		Mismatches    int64             `json:"mismatches"`
		Exceptions    []string          `json:"exceptions"`
		Started       time.Time         `json:"started"`
		Finished      time.Time         `json:"finished"`
		CertificateID string            `json:"certificate_id"`
		Record        string            `json:"record"`
		Certificate   string            `json:"certificate,omitempty"`
		Error         string            `json:"error,omitempty"`
	}
)

// run starts every job, prints events until every job has its result, and returns
// the exit status of batchExitCode.
func (b *batch) run(ctx context.Context) error {
	// Every job is checked before the first starts: a mistake in one is a usage
	// error with nothing touched, never a batch half run.
	for _, j := range b.jobs {
		if err := j.Validate(); err != nil {
			return usagef("%s: %v; nothing was touched", j.Device.Path, err)
		}
	}
	r := wipe.NewRunner(b.cfg)
	enc := json.NewEncoder(b.out)
	methods := map[string]string{}
	pending := 0
	for _, j := range b.jobs {
		id, err := r.Start(ctx, j)
		if err != nil {
			return fmt.Errorf("start %s: %w", j.Device.Path, err)
		}
		methods[id] = j.Method
		pending++
	}
	lastPrinted := map[string]time.Time{}
	var results []*wipe.Event
	unlogged := auditFailures{}
	for pending > 0 {
		ev := <-r.Events()
		if b.onEvent != nil {
			unlogged.note(ev, b.onEvent(ev))
			unlogged.mark(&ev)
		}
		switch ev.Type {
		case wipe.EventStart:
			if b.json {
				enc.Encode(jsonStart{Event: "start", Device: ev.Device, JobID: ev.JobID, Method: methods[ev.JobID], Time: ev.Time})
			} else {
				fmt.Fprintf(b.out, "%s: started (%s)\n", ev.Device, methods[ev.JobID])
			}
		case wipe.EventPhase, wipe.EventProgress:
			p := ev.Progress
			if p == nil {
				continue
			}
			// Phase changes and the final figures always; other progress at most once
			// a second per device.
			final := p.BytesTotal > 0 && p.BytesDone == p.BytesTotal
			if ev.Type == wipe.EventProgress && !final && ev.Time.Sub(lastPrinted[ev.JobID]) < time.Second {
				continue
			}
			lastPrinted[ev.JobID] = ev.Time
			if b.json {
				enc.Encode(jsonProgress{Event: string(ev.Type), Device: ev.Device, JobID: ev.JobID, Phase: p.Phase, Pass: p.Pass, Passes: p.Passes,
					BytesDone: p.BytesDone, BytesTotal: p.BytesTotal, OverallDone: p.OverallDone, OverallTotal: p.OverallTotal, RateBytesPerSecond: p.RateBytesPerSecond, ETASeconds: p.ETA.Seconds(), Errors: p.Errors,
					Message: p.Message, Time: ev.Time})
			} else if ev.Type == wipe.EventPhase {
				fmt.Fprintf(b.out, "%s: %s pass %d/%d\n", ev.Device, p.Phase, p.Pass, p.Passes)
				printMessage(b.out, ev.Device, p.Message)
			} else {
				pct := 0.0
				if p.BytesTotal > 0 {
					pct = 100 * float64(p.BytesDone) / float64(p.BytesTotal)
				}
				fmt.Fprintf(b.out, "%s: %s pass %d/%d %5.1f%% %s/s ETA %s\n", ev.Device, p.Phase, p.Pass, p.Passes, pct, humanBytes(int64(p.RateBytesPerSecond)), p.ETA.Round(time.Second))
			}
		case wipe.EventResult:
			pending--
			results = append(results, &ev)
			rec := ev.Result
			if b.json {
				enc.Encode(jsonResult{Event: "result", Device: ev.Device, JobID: ev.JobID, Status: rec.Status, Reason: msg.Text(rec.Reason), Verified: rec.Verification.Verified,
					Method: rec.Sanitization.MethodID, Class: string(rec.Sanitization.Class), BytesWritten: rec.BytesWritten, Errors: rec.Errors,
					Mismatches: rec.Verification.Mismatches, Exceptions: msg.Texts(rec.Exceptions), Started: rec.Started, Finished: rec.Finished,
					CertificateID: rec.CertificateID, Record: ev.RecordPath, Certificate: ev.CertificatePath, Error: ev.Err})
			} else {
				printResult(b.out, &ev)
			}
		}
	}
	r.Wait()
	return &exitStatus{code: batchExitCode(ctx, results)}
}

// printMessage prints a phase's message for the technician, one line per line,
// each under the device it is about.
func printMessage(w io.Writer, device, msg string) {
	if msg == "" {
		return
	}
	for line := range strings.SplitSeq(msg, "\n") {
		fmt.Fprintf(w, "%s:   %s\n", device, line)
	}
}

func printResult(w io.Writer, ev *wipe.Event) {
	rec := ev.Result
	verified := "not verified"
	if rec.Verification.Verified {
		verified = "verified"
	}
	if rec.Status == wipe.StatusRefused {
		fmt.Fprintf(w, "%s: REFUSED (%s; nothing was written)\n", ev.Device, rec.Sanitization.MethodID)
	} else {
		fmt.Fprintf(w, "%s: %s (%s, %s, %s, %s written, %d error ranges, %d mismatches)\n", ev.Device, strings.ToUpper(string(rec.Status)),
			rec.Sanitization.MethodID, rec.Sanitization.Class, verified, humanBytes(rec.BytesWritten), len(rec.Errors), rec.Verification.Mismatches)
	}
	if rec.Reason != nil {
		fmt.Fprintf(w, "  reason: %s\n", rec.Reason)
	}
	for _, e := range rec.Exceptions {
		fmt.Fprintf(w, "  exception: %s\n", e)
	}
	if ev.RecordPath != "" {
		fmt.Fprintf(w, "  record: %s\n", ev.RecordPath)
	}
	if ev.CertificatePath != "" {
		fmt.Fprintf(w, "  certificate: %s\n", ev.CertificatePath)
	}
	if ev.Err != "" {
		fmt.Fprintf(w, "  error: %s\n", ev.Err)
	}
}

// batchExitCode applies the precedence of docs/exit-codes.md to the jobs' statuses
// (statusExit, exitRank): interrupted (130) over failed (1) over refused (3) over
// unverified (4) over success (0). A job whose record or certificate could not be
// written counts as failed: there is no complete evidence of it.
func batchExitCode(ctx context.Context, results []*wipe.Event) int {
	code := exitOK
	raise := func(c int) {
		if exitRank[c] > exitRank[code] {
			code = c
		}
	}
	if ctx.Err() != nil {
		raise(exitInterrupted)
	}
	for _, ev := range results {
		c, ok := statusExit[ev.Result.Status]
		if !ok {
			c = exitFailed
		}
		raise(c)
		if ev.RecordPath == "" || ev.Err != "" {
			raise(exitFailed)
		}
	}
	return code
}
