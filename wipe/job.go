package wipe

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/tcg"
	"github.com/wipestation/wipestation/msg"
)

// VerifyMode says which passes of an overwrite are read back.
type VerifyMode string

// The verification modes. Firmware methods use VerifySampling (NIST 800-88 4.7
// sampling) unless VerifyFull is asked for.
const (
	VerifyOff      VerifyMode = "off"
	VerifyLast     VerifyMode = "last"
	VerifyAll      VerifyMode = "all"
	VerifySampling VerifyMode = "sampling"
	VerifyFull     VerifyMode = "full"
)

// validate reports an unknown verification mode: the engine never guesses what a
// caller meant, and never records a check it did not make.
func (v VerifyMode) validate() error {
	switch v {
	case "", VerifyOff, VerifyLast, VerifyAll, VerifySampling, VerifyFull:
		return nil
	}
	return fmt.Errorf("unknown verification mode %q (valid: off, last, all, sampling, full)", v)
}

// ErrorPolicy says what an overwrite does after a range fails even on retry.
type ErrorPolicy string

// The error policies.
const (
	OnErrorContinue ErrorPolicy = "continue"
	OnErrorAbort    ErrorPolicy = "abort"
)

// Options tune one job.
type Options struct {
	Verify  VerifyMode
	Blank   bool // a final zero pass after the method's passes
	Rounds  int  // run the method's passes this many times (0 or 1: once)
	OnError ErrorPolicy
	// Fallback is "clear" to let the "purge" alias run a Clear method on a device that
	// cannot be purged; the downgrade goes into the record. Empty: refuse instead.
	Fallback string
	// AllowFile permits regular image files as targets (demo mode, --allow-file).
	AllowFile bool
	// BackupDir, when set, asks for a verified, encrypted backup before the first
	// destructive command; BackupRecipient is the age public key it is encrypted to.
	BackupDir       string
	BackupRecipient string
	// Attestation is the technician's typed confirmation for methods that rest on
	// an action the workstation cannot perform itself (phone-reset: "I performed
	// the factory reset on this phone"). Such methods refuse to run without it.
	Attestation string
	// PSID is the credential printed on a self-encrypting drive's label, typed or
	// scanned by the operator for tcg-psid-revert (wipe --psid). It is never
	// guessed or retried, and never recorded: the record keeps its last 4
	// characters.
	PSID tcg.PSID
	// RestoreHidden asks a host overwrite to restore the native capacity of a drive
	// with a Host Protected Area first (volatile: until the drive's next power
	// cycle), so that the overwrite reaches the hidden sectors (--restore-hidden).
	RestoreHidden bool
	// Reformat asks a host overwrite of a SCSI/SAS disk whose block format Linux
	// cannot use (520/528-byte blocks, protection information) to reformat it to
	// 512/4096-byte blocks with FORMAT UNIT first (--reformat).
	Reformat bool
	// Prepared says what was done to the device before the job for it (the
	// suspend and resume of wipe --unfreeze); the record's details repeat it.
	Prepared []msg.Message
}

// Job is one device to sanitize.
type Job struct {
	// Device is the medium as discovered when the technician selected it; its
	// identity is checked again right before the first write.
	Device  devices.Device
	Method  string // a catalogue method ID
	Options Options
	Details JobDetails
}

// EventType names what an Event reports.
type EventType string

// The events a running job emits. Start, phase changes and results are never
// dropped; progress ticks may be merged.
const (
	EventStart    EventType = "start"
	EventPhase    EventType = "phase"
	EventProgress EventType = "progress"
	EventResult   EventType = "result"
)

// Phase is the stage a job is in.
type Phase string

// The phases.
const (
	PhaseBackup  Phase = "backup"
	PhaseSample  Phase = "sample"  // reading samples before a firmware command
	PhaseWrite   Phase = "write"   // overwrite pass
	PhaseCommand Phase = "command" // firmware command running on the device
	PhaseVerify  Phase = "verify"
)

// Progress is a snapshot of a running job.
type Progress struct {
	Phase      Phase `json:"phase"`
	Pass       int   `json:"pass"`   // 1-based
	Passes     int   `json:"passes"` // total passes of the method
	BytesDone  int64 `json:"bytes_done"`
	BytesTotal int64 `json:"bytes_total"`
	// RateBytesPerSecond is the current throughput; ETA the estimated time left.
	RateBytesPerSecond float64       `json:"rate_bytes_per_second"`
	ETA                time.Duration `json:"eta_ns"`
	Errors             int           `json:"errors"`
	// OverallDone and OverallTotal count the bytes of the whole job, every
	// pass's writes and read-backs, so that a front end can show one percentage
	// that never starts over; OverallTotal is 0 when the engine does not know it.
	OverallDone  int64 `json:"overall_bytes_done,omitempty"`
	OverallTotal int64 `json:"overall_bytes_total,omitempty"`
	// Message, on a phase event, is what the technician must read or do now, one
	// instruction per line (a phone's factory-reset steps before the wait for
	// it starts). Front ends show it as it is.
	Message string `json:"message,omitempty"`
}

// Event is one report from a running job. Exactly one of Progress and Result is set
// for progress/phase and result events.
type Event struct {
	Type     EventType `json:"event"`
	JobID    string    `json:"job_id"`
	Device   string    `json:"device"` // the target path
	Time     time.Time `json:"time"`
	Progress *Progress `json:"progress,omitempty"`
	// Result is the finished job's record; RecordPath where it was written.
	Result          *Record `json:"result,omitempty"`
	RecordPath      string  `json:"record_path,omitempty"`
	CertificatePath string  `json:"certificate_path,omitempty"`
	// Err reports, on a result event, what went wrong after the job itself: the
	// record could not be written or the certificate not issued.
	Err string `json:"error,omitempty"`
}

// Engine names which executor carries out a method (Method.Engine).
type Engine string

// The engines. EngineOverwrite and EngineVerify are built into the Runner; the others
// are supplied through RunnerConfig.Executors by the command that builds the Runner.
const (
	EngineOverwrite Engine = "overwrite" // host writes passes and reads them back
	EngineVerify    Engine = "verify"    // read-only check of a pattern
	EngineFirmware  Engine = "firmware"  // the drive's own sanitize/format/erase
	EngineMTP       Engine = "mtp"       // a phone's user storage over MTP
	EnginePhone     Engine = "phone"     // a guided factory reset with attestation
	EngineOptical   Engine = "optical"   // blank/format of a rewritable disc
)

// Execution is what an Executor gets for one job.
type Execution struct {
	Job    Job
	Method Method
	// Target is the device opened through the safety checks (exclusive, identity
	// re-checked). It is nil for targets that are not block devices (phones).
	Target *os.File
	// Progress reports a snapshot; it is cheap and safe to call often.
	Progress func(Progress)
}

// Outcome is what an Executor did, in the terms of the record: facts, never a
// verdict. The runner's Decide turns them into the job's status. An executor
// that refuses a job before sending anything that changes the device returns a
// *devices.RefusalError instead (the one refusal shape of every engine).
type Outcome struct {
	// Completed is true when the action ran to its end and the device reported
	// success (the command finished, every file was deleted and filled, the disc
	// was blanked, the operator attested the reset).
	Completed bool
	// Reason says why the action or its check did not succeed.
	Reason *msg.Message
	// Inconclusive says why the check found nothing contrary but could not prove
	// the result (no positive sign of a freshly reset phone); nil otherwise.
	Inconclusive *msg.Message
	Sanitization Sanitization
	// Verification is the check and what it found; Mode "none" when there was
	// none (--verify off).
	Verification Verification
	BytesWritten int64
	Errors       []RangeError
	Exceptions   []msg.Message
}

// Executor carries out methods that are not host overwrites. Execute blocks until
// the job ends; a command already issued to a device cannot be recalled, so on
// cancellation it stops polling and reports what it knows.
type Executor interface {
	Execute(ctx context.Context, x Execution) (Outcome, error)
}

// HiddenRestorer makes the sectors behind a drive's Host Protected Area
// addressable (wipe --restore-hidden). x.Target is the job's target, opened
// exclusively and identity-checked. It returns the drive's native capacity in
// logical sectors, accessible from now until the drive's next power cycle.
type HiddenRestorer interface {
	RestoreHidden(ctx context.Context, x Execution) (nativeSectors uint64, err error)
}

// Reformatter reformats a SCSI/SAS disk to 512/4096-byte blocks without
// protection information (wipe --reformat), before a host overwrite. x.Target is
// the job's target, opened exclusively and identity-checked. It returns what the
// format did, also when it failed after sending something.
type Reformatter interface {
	Reformat(ctx context.Context, x Execution) (*ReformatOutcome, error)
}

// Backuper copies a device's data into an archive before the first destructive
// command (wipe --backup). A failed backup stops the job before anything is erased.
type Backuper interface {
	Backup(ctx context.Context, x Execution) (*BackupInfo, error)
}

// RunnerConfig wires a Runner.
type RunnerConfig struct {
	System     devices.System      // where the safety checks read the system from
	RecordsDir string              // job records are written here
	Executors  map[Engine]Executor // engines beyond overwrite and verify
	Backup     Backuper            // used when a job has Options.BackupDir set
	// HiddenRestorer restores a Host Protected Area before a host overwrite when a
	// job has Options.RestoreHidden set; nil: the hidden sectors stay hidden and
	// the record says so.
	HiddenRestorer HiddenRestorer
	// Reformatter reformats a disk Linux cannot address before a host overwrite
	// when a job has Options.Reformat set; nil: such a job fails, nothing written.
	Reformatter Reformatter
	// Certify, when set, turns a finished record into its certificate (or "not
	// erased" report) and returns the file's path. Runs once per job, after the
	// record is written.
	Certify func(rec *Record, recordPath string) (certificatePath string, err error)
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// ToolVersion and Host go into every record (the build's version, the
	// workstation's host name).
	ToolVersion string
	Host        string
}
