package firmware

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// ErrUnfreezeRefused says wipe --unfreeze will not suspend the workstation; a
// *devices.RefusalError wraps it with the reason.
var ErrUnfreezeRefused = errors.New("--unfreeze refused")

func unfreezeRefusal(d devices.Device, id msg.ID, args ...any) error {
	return &devices.RefusalError{Path: d.Path, Err: ErrUnfreezeRefused, Reason: msg.New(msg.UnfreezeRefused, msg.New(id, args...))}
}

// wakeAfter is how long the RTC alarm lets the workstation sleep.
const wakeAfter = 10 * time.Second

// Unfreezer lifts the security freeze the BIOS puts on ATA drives at boot by
// suspending the workstation to RAM and resuming it (wipe --unfreeze): the drive
// loses power and comes back unfrozen unless the firmware freezes it again.
// Suspending stops every running program, so it is done only for the one job of
// a run and only when no other wipestation process is running.
type Unfreezer struct {
	System devices.System
	// Probe asks the drive again after the resume (System.Probe when nil).
	Probe func(ctx context.Context, d *devices.Device)
	// Self is this process's ID (os.Getpid() when 0).
	Self int
	// Settle is how long to wait for the drive to come back after the resume
	// (30 s when 0); Poll how often to ask (1 s when 0).
	Settle, Poll time.Duration
}

// Needed reports whether job's drive must be unfrozen: it is security-frozen and
// its method resolves to an ATA security erase (the freeze blocks nothing else).
func Needed(job wipe.Job) bool {
	a := job.Device.Capabilities.ATA
	if a == nil || !a.SecurityFrozen {
		return false
	}
	res, err := wipe.Resolve(job.Device, job.Method, job.Options.Fallback)
	if err != nil {
		return false // the job is refused with its own reason
	}
	return strings.HasPrefix(res.Method.ID, "ata-secure-erase")
}

// Check decides whether the workstation may be suspended for job, one of jobs
// jobs of this run. It only reads; the refusal says why not.
func (u Unfreezer) Check(job wipe.Job, jobs int) error {
	d := job.Device
	switch {
	case jobs != 1:
		return unfreezeRefusal(d, msg.UnfreezeOtherJobs, jobs-1)
	case d.Transport != devices.TransportSATA:
		return unfreezeRefusal(d, msg.UnfreezeNotSATA, d.Path, string(d.Transport))
	case u.System.SysWrite == nil:
		return unfreezeRefusal(d, msg.UnfreezeNoSysWrite)
	}
	if pids := u.otherWipestations(); len(pids) > 0 {
		return unfreezeRefusal(d, msg.UnfreezeOtherProcess, strings.Join(pids, ", "))
	}
	states, err := fs.ReadFile(u.System.Sys, "power/state")
	if err != nil {
		return unfreezeRefusal(d, msg.UnfreezePowerState, err)
	}
	if !strings.Contains(" "+strings.TrimSpace(string(states))+" ", " mem ") {
		return unfreezeRefusal(d, msg.UnfreezeNoSuspend, strconv.Quote(strings.TrimSpace(string(states))))
	}
	return nil
}

// otherWipestations lists the IDs of other processes named wipestation.
func (u Unfreezer) otherWipestations() []string {
	self := u.Self
	if self == 0 {
		self = os.Getpid()
	}
	entries, err := fs.ReadDir(u.System.Proc, ".")
	if err != nil {
		return nil
	}
	var pids []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		comm, err := fs.ReadFile(u.System.Proc, e.Name()+"/comm")
		if err == nil && strings.TrimSpace(string(comm)) == "wipestation" {
			pids = append(pids, e.Name())
		}
	}
	return pids
}

// Unfreeze suspends the workstation to RAM with an RTC alarm to wake it, then asks
// the drive again and updates d with what it says now. It returns an error when
// the drive is still frozen (or did not come back); Check must have passed.
func (u Unfreezer) Unfreeze(ctx context.Context, d *devices.Device) error {
	w := u.System.SysWrite
	if w == nil {
		return unfreezeRefusal(*d, msg.UnfreezeNoSysWrite)
	}
	// A failing alarm is not fatal: a key press or the power button wakes the machine.
	alarm := w("class/rtc/rtc0/wakealarm", []byte("0")) == nil &&
		w("class/rtc/rtc0/wakealarm", []byte(fmt.Sprintf("+%d", int(wakeAfter.Seconds())))) == nil
	if err := w("power/state", []byte("mem")); err != nil {
		return wrapped(err, msg.UnfreezeSuspend, err)
	}
	probe := u.Probe
	if probe == nil {
		probe = u.System.Probe
	}
	settle, poll := u.Settle, u.Poll
	if settle <= 0 {
		settle = 30 * time.Second
	}
	if poll <= 0 {
		poll = time.Second
	}
	deadline := time.Now().Add(settle)
	for {
		again := *d
		again.Capabilities = devices.Capabilities{}
		probe(ctx, &again)
		if a := again.Capabilities.ATA; a != nil {
			*d = again
			if a.SecurityFrozen {
				return msg.Errorf(msg.UnfreezeStillFrozen)
			}
			return nil
		}
		if time.Now().After(deadline) {
			id := msg.UnfreezeNoAnswer
			if !alarm {
				id = msg.UnfreezeNoAnswerAlarm
			}
			return msg.Errorf(id, settle.String())
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}
}
