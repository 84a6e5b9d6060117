package firmware

import (
	"context"
	"errors"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/tcg"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// ErrNoPSID refuses tcg-psid-revert without the operator's PSID.
// Its text is the catalogue's sentence (msg.TCGNoPSID).
var ErrNoPSID = msg.Errorf(msg.TCGNoPSID)

// revertWait bounds the wait for the answer to Revert: the drive replaces its
// keys and resets its SPs before it answers, which takes seconds on most drives;
// the margin covers drives that also clear their medium. sessionWait bounds the
// other answers (StartSession, end of session), which a TPer gives at once.
const (
	revertWait  = 15 * time.Minute
	sessionWait = 30 * time.Second
)

// prepareTCG reads Level 0 Discovery again, checks that the drive still offers
// the PSID revert, and returns the revert. It sends nothing that changes the
// drive: the one authentication attempt is part of the command.
func (r *run) prepareTCG(ctx context.Context) (func(context.Context) error, error) {
	psid := r.x.Job.Options.PSID
	if psid.IsZero() {
		return nil, r.refuse(ErrNoPSID, msg.TCGNoPSID)
	}
	if r.drv.SCSI == nil && r.drv.NVMe == nil {
		return nil, r.fail(msg.TCGNoAccess, r.deviceName())
	}
	t := devices.SEDTransport(r.x.Job.Device, r.drv.SCSI, r.drv.NVMe)
	disc, err := tcg.Discover(ctx, t)
	if err != nil {
		return nil, r.fail(msg.TCGDiscoveryBefore, err)
	}
	live := devices.SEDCapabilitiesOf(disc)
	if err := r.recheck(devices.Capabilities{SED: live}); err != nil {
		return nil, err
	}
	r.out.Sanitization.TCG = &wipe.TCGOutcome{
		SSC: live.SSC, ComID: live.BaseComID, Transport: t.Name(),
		Before:       wipe.TCGState{LockingEnabled: live.LockingEnabled, Locked: live.Locked},
		PSIDSupplied: true, PSIDLast4: psid.Last4(),
	}
	r.lockedBefore = live.Locked
	// The revert replaces the key of every locking range: sectors behind an HPA or
	// DCO are encrypted with them too.
	r.hiddenCovered = true
	r.expect = Expectation{Changed: true}
	conn := tcg.Conn{T: t, ComID: live.BaseComID, Poll: min(r.e.PollInterval, time.Second), Wait: sessionWait, RevertWait: revertWait}
	return func(ctx context.Context) error { return r.psidRevert(ctx, conn, psid) }, nil
}

// psidRevert makes one attempt: StartSession as the PSID authority, then Revert.
// A refused PSID is never retried: the drive allows a few attempts per power
// cycle, and the operator, not the workstation, decides on another.
func (r *run) psidRevert(ctx context.Context, conn tcg.Conn, psid tcg.PSID) error {
	o := r.out.Sanitization.TCG
	// Once the session is open, the revert and its answer must not depend on
	// the job's context: an abandoned session would hold the drive.
	uncancelled := context.WithoutCancel(ctx)
	s, err := conn.StartPSIDSession(ctx, psid)
	o.Calls = append(o.Calls, tcgCall("StartSession", "PSID", err))
	switch {
	case errors.Is(err, tcg.NotAuthorized):
		return r.fail(msg.TCGNotAuthorized)
	case errors.Is(err, tcg.AuthorityLockedOut):
		return r.fail(msg.TCGLockedOut)
	case err != nil:
		return r.fail(msg.TCGStartSession, err)
	}
	err = s.Revert(uncancelled)
	o.Calls = append(o.Calls, tcgCall("Revert", "", err))
	if err != nil {
		cerr := s.Close(uncancelled)
		o.Calls = append(o.Calls, tcgCall("CloseSession", "", cerr))
		return r.fail(msg.TCGRevertFailed, err)
	}
	after, err := tcg.Discover(uncancelled, conn.T)
	if err == nil && after.Locking != nil {
		o.After = &wipe.TCGState{LockingEnabled: after.Locking.Enabled, Locked: after.Locking.Locked}
		if o.After.LockingEnabled || o.After.Locked {
			return r.fail(msg.TCGStillLocked)
		}
	}
	r.commandProgress(1)
	return nil
}

// tcgCall records one method and the drive's answer.
func tcgCall(method, authority string, err error) wipe.TCGCall {
	c := wipe.TCGCall{At: time.Now().UTC(), Method: method, Authority: authority}
	var me *tcg.MethodError
	switch {
	case err == nil:
		code := uint8(tcg.Success)
		c.Status, c.StatusCode = tcg.Success.String(), &code
	case errors.As(err, &me):
		code := uint8(me.Status)
		c.Status, c.StatusCode = me.Status.String(), &code
	default:
		c.TransportError = err.Error()
	}
	return c
}
