package wipe

import (
	"errors"
	"fmt"

	"github.com/wipestation/wipestation/devices"
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
	// not succeed ("" when nothing did).
	Failure string
	// Completed: every write pass, or the drive's command, ran to its end and the
	// device reported success.
	Completed bool
	// Progress says how far the action got ("3 of 35 passes written"), for reasons.
	Progress string
	// CheckPlanned: the job reads the medium back (or observes the device) to prove
	// the result; false for --verify off.
	CheckPlanned bool
	// CheckPassed: every planned check ran to its end and found what it expected.
	CheckPassed bool
	// Inconclusive says why a check that ran found nothing contrary but could not
	// prove the result either (a phone that shows no sign of a fresh reset).
	Inconclusive string
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
	Reason   string // why the job did not end erased ("" when it did)
	Class    devices.Class
	Verified bool
	// Exceptions are what an auditor must know that follows from the facts: each
	// failed range, the mismatches, a result that was not read back.
	Exceptions []string
}

// Decide is the one verdict: a pure function of what ran. A job with any
// unwritten, unverified or mismatching range is never erased.
func Decide(f Facts) Verdict {
	v := Verdict{Class: devices.Weaker(f.Class, f.ObservedClass)}
	v.Verified = f.CheckPlanned && f.CheckPassed && f.Completed && !f.Cancelled && f.Failure == "" &&
		f.Refusal == nil && f.Mismatches == 0 && len(f.Errors) == 0
	for _, er := range f.Errors {
		v.Exceptions = append(v.Exceptions, fmt.Sprintf("pass %d %s error at bytes %d-%d (%d bytes): %s",
			er.Pass, er.Phase, er.Offset, er.Offset+er.Length-1, er.Length, er.Err))
	}
	if f.Mismatches > 0 {
		v.Exceptions = append(v.Exceptions, fmt.Sprintf("verification: %d blocks of %d bytes did not hold what was written (first at byte %d)",
			f.Mismatches, f.CompareBlock, f.FirstMismatchAt))
	}
	progress := ""
	if f.Progress != "" {
		progress = "; " + f.Progress
	}
	var refusal *devices.RefusalError
	switch {
	case f.Refusal != nil:
		v.Status, v.Reason = StatusRefused, f.Refusal.Error()
		if errors.As(f.Refusal, &refusal) {
			v.Reason = refusal.Error()
		}
	case f.Cancelled:
		v.Status, v.Reason = StatusAborted, "cancelled"+progress+"; the medium is not erased"
		if f.Failure != "" {
			v.Status, v.Reason = StatusAborted, "cancelled: "+f.Failure+progress+"; the medium is not erased"
		}
	case f.Failure != "":
		v.Status, v.Reason = StatusFailed, f.Failure+progress
	case !f.Completed:
		v.Status, v.Reason = StatusFailed, "the job did not complete"+progress
	case len(f.Errors) > 0:
		v.Status, v.Reason = StatusFailed, fmt.Sprintf("%d ranges could not be written or read back", len(f.Errors))
	case f.Mismatches > 0:
		v.Status, v.Reason = StatusFailed, fmt.Sprintf("%v: %d blocks did not hold what was written", ErrVerifyMismatch, f.Mismatches)
	case !f.CheckPlanned:
		v.Status, v.Reason = StatusUnverified, "the result was not read back (--verify off): the medium is not proven erased"
		v.Exceptions = append(v.Exceptions, "not verified: the medium was not read back after the method ran")
	case !f.CheckPassed && f.Inconclusive != "":
		v.Status, v.Reason = StatusUnverified, "not proven: "+f.Inconclusive
		v.Exceptions = append(v.Exceptions, "not verified: "+f.Inconclusive)
	case !f.CheckPassed:
		v.Status, v.Reason = StatusFailed, "the check did not prove the result"
		if f.ReadOnly {
			v.Reason = "the check did not cover the whole medium"
		}
	default:
		v.Status = StatusErased
	}
	return v
}

// apply writes v into rec: the only place a record's status, class and
// verification claim are set for a job that ran.
func (v Verdict) apply(rec *Record) {
	rec.Status, rec.Reason = v.Status, v.Reason
	rec.Sanitization.Class = v.Class
	rec.Verification.Verified = v.Verified
	rec.Exceptions = append(rec.Exceptions, v.Exceptions...)
}

// Contradiction says how rec's status disagrees with the facts it carries, or ""
// when it does not: an erased record with failed ranges, mismatches or without a
// positive verification. Decide never produces one; readers of records made
// elsewhere (the certificate, the register) present such a record as not erased.
func (rec *Record) Contradiction() string {
	if rec.Status != StatusErased {
		return ""
	}
	switch {
	case len(rec.Errors) > 0:
		return fmt.Sprintf("the record says erased but lists %d unwritten or unreadable ranges", len(rec.Errors))
	case rec.Verification.Mismatches > 0:
		return fmt.Sprintf("the record says erased but verification found %d mismatching blocks", rec.Verification.Mismatches)
	case !rec.Verification.Verified:
		return "the record says erased but verification did not confirm it"
	}
	return ""
}
