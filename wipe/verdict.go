package wipe

import (
	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
)

// Facts is what a job planned and what actually ran: the only input of the
// verdict. The runner fills it in as the job goes; executors contribute through
// their Outcome. Nothing here is a conclusion.
type Facts struct {
	// Refusal is set when the job was refused before anything that changes the
	// medium was written or sent (a *devices.RefusalError).
	Refusal error
	// Cancelled: the job was stopped by the operator or a signal.
	Cancelled bool
	// Failure says what stopped the job before its end, or why its action did
	// not succeed (nil when nothing did).
	Failure *msg.Message
	// Completed: every write pass, or the drive's command, ran to its end and the
	// device reported success.
	Completed bool
	// Progress says how far the action got ("3 of 35 passes written"), for reasons.
	Progress *msg.Message
	// CheckPlanned: the job reads the medium back (or observes the device) to prove
	// the result; false for --verify off.
	CheckPlanned bool
	// CheckPassed: every planned check ran to its end and found what it expected.
	CheckPassed bool
	// Inconclusive says why a check that ran found nothing contrary but could not
	// prove the result either (a phone that shows no sign of a fresh reset).
	Inconclusive *msg.Message
	// ReadOnly: the method only reads the medium (a check for zeros).
	ReadOnly bool
	// Errors are the ranges that could not be written or read back.
	Errors []RangeError
	// Mismatches counts compared blocks that did not hold what they should.
	Mismatches      int64
	FirstMismatchAt int64
	CompareBlock    int // bytes per compared block, for the words
	// Class is what the recommendation policy gives the method on this device;
	// ObservedClass what the executor saw ("" no opinion). The record claims the
	// weaker.
	Class, ObservedClass devices.Class
}

// Verdict is the job's outcome, decided from its Facts alone. Every output reads
// it from the record: the CLI line, JSON events, the certificate or report, the
// register, the TUI, the audit log and the exit code.
type Verdict struct {
	Status   Status
	Reason   *msg.Message // why the job did not end erased (nil when it did)
	Class    devices.Class
	Verified bool
	// Exceptions are what an auditor must know that follows from the facts: each
	// failed range, the mismatches, a result that was not read back.
	Exceptions []msg.Message
}

// Decide is the one verdict: a pure function of what ran. A job with any
// unwritten, unverified or mismatching range is never erased.
func Decide(f Facts) Verdict {
	v := Verdict{Class: devices.Weaker(f.Class, f.ObservedClass)}
	v.Verified = f.CheckPlanned && f.CheckPassed && f.Completed && !f.Cancelled && f.Failure == nil &&
		f.Refusal == nil && f.Mismatches == 0 && len(f.Errors) == 0
	for _, er := range f.Errors {
		v.Exceptions = append(v.Exceptions, msg.New(msg.OutcomeRangeError,
			er.Pass, msg.New(PhaseWord(er.Phase)), er.Offset, er.Offset+er.Length-1, er.Length, er.Err))
	}
	if f.Mismatches > 0 {
		v.Exceptions = append(v.Exceptions, msg.New(msg.OutcomeMismatchedBlocks, f.Mismatches, f.CompareBlock, f.FirstMismatchAt))
	}
	// withProgress adds how far the job got to a reason.
	withProgress := func(m msg.Message) *msg.Message {
		if f.Progress != nil {
			m = msg.New(msg.Join, m, *f.Progress)
		}
		return &m
	}
	switch {
	case f.Refusal != nil:
		v.Status, v.Reason = StatusRefused, msg.Of(f.Refusal).Ptr()
	case f.Cancelled && f.Failure != nil:
		v.Status, v.Reason = StatusAborted, msg.New(msg.OutcomeCancelledNotErased, *withProgress(msg.New(msg.OutcomeCancelledBecause, *f.Failure))).Ptr()
	case f.Cancelled:
		v.Status, v.Reason = StatusAborted, msg.New(msg.OutcomeCancelledNotErased, *withProgress(msg.New(msg.OutcomeCancelled))).Ptr()
	case f.Failure != nil:
		v.Status, v.Reason = StatusFailed, withProgress(*f.Failure)
	case !f.Completed:
		v.Status, v.Reason = StatusFailed, withProgress(msg.New(msg.OutcomeNotCompleted))
	case len(f.Errors) > 0:
		v.Status, v.Reason = StatusFailed, msg.New(msg.OutcomeRangesFailed, len(f.Errors)).Ptr()
	case f.Mismatches > 0:
		v.Status, v.Reason = StatusFailed, msg.New(msg.OutcomeMismatch, f.Mismatches).Ptr()
	case !f.CheckPlanned:
		v.Status, v.Reason = StatusUnverified, msg.New(msg.OutcomeNotReadBack).Ptr()
		v.Exceptions = append(v.Exceptions, msg.New(msg.OutcomeNotVerifiedNoReadBack))
	case !f.CheckPassed && f.Inconclusive != nil:
		v.Status, v.Reason = StatusUnverified, msg.New(msg.OutcomeNotProven, *f.Inconclusive).Ptr()
		v.Exceptions = append(v.Exceptions, msg.New(msg.OutcomeNotVerified, *f.Inconclusive))
	case !f.CheckPassed && f.ReadOnly:
		v.Status, v.Reason = StatusFailed, msg.New(msg.OutcomeCheckIncomplete).Ptr()
	case !f.CheckPassed:
		v.Status, v.Reason = StatusFailed, msg.New(msg.OutcomeCheckUnproven).Ptr()
	default:
		v.Status = StatusErased
	}
	return v
}

// PhaseWord is the word naming a range error's phase.
func PhaseWord(phase string) msg.ID {
	switch Phase(phase) {
	case PhaseWrite:
		return msg.PhaseWrite
	case PhaseVerify:
		return msg.PhaseVerify
	case PhaseSample:
		return msg.PhaseSample
	}
	return msg.PhaseOther
}

// apply writes v into rec: the only place a record's status, class and
// verification claim are set for a job that ran.
func (v Verdict) apply(rec *Record) {
	rec.Status, rec.Reason = v.Status, v.Reason
	rec.Sanitization.Class = v.Class
	rec.Verification.Verified = v.Verified
	rec.Exceptions = append(rec.Exceptions, v.Exceptions...)
}

// Contradiction says how rec's status disagrees with the facts it carries, or nil
// when it does not: an erased record with failed ranges, mismatches or without a
// positive verification. Decide never produces one; readers of records made
// elsewhere (the certificate, the register) present such a record as not erased.
func (rec *Record) Contradiction() *msg.Message {
	if rec.Status != StatusErased {
		return nil
	}
	switch {
	case len(rec.Errors) > 0:
		return msg.New(msg.OutcomeContradictRanges, len(rec.Errors)).Ptr()
	case rec.Verification.Mismatches > 0:
		return msg.New(msg.OutcomeContradictMismatch, rec.Verification.Mismatches).Ptr()
	case !rec.Verification.Verified:
		return msg.New(msg.OutcomeContradictUnverified).Ptr()
	}
	return nil
}
