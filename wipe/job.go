package wipe

import (
	"time"

	"github.com/wipestation/wipestation/devices"
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
	// AllowFile permits regular image files as targets (demo mode, --allow-file).
	AllowFile bool
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
	Result     *Record `json:"result,omitempty"`
	RecordPath string  `json:"record_path,omitempty"`
}
