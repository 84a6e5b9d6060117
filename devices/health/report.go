// Package health reads what a drive says about its own condition, through its own
// interface and without external tools: ATA SMART (overall assessment, attributes
// and thresholds, the self-test log), the NVMe SMART / Health Information log, and
// SCSI log pages (informational exceptions, temperature, error counters, solid
// state media). The decoders are pure functions of the bytes a drive answers; Read*
// send the commands through the caller's port (SG_IO, the NVMe admin ioctl, or a
// simulated drive).
package health

// Source is the interface the report was read through.
type Source string

// The sources.
const (
	SourceATA  Source = "ata"  // ATA SMART, through ATA PASS-THROUGH(16)
	SourceNVMe Source = "nvme" // NVMe SMART / Health Information log (02h)
	SourceSCSI Source = "scsi" // SCSI LOG SENSE pages
)

// State says whether one part of a report could be read.
type State string

// The states of a part.
const (
	// Available: the drive answered and the answer was decoded.
	Available State = "available"
	// Unsupported: the drive says it does not have this (a feature bit, an
	// unlisted log page, an ILLEGAL REQUEST or an aborted command).
	Unsupported State = "unsupported"
	// NoAnswer: the command failed or the answer could not be decoded (often a USB
	// bridge that passes nothing through).
	NoAnswer State = "no_answer"
)

// Assessment is the drive's own overall verdict.
type Assessment string

// The assessments.
const (
	// Passed: ATA SMART RETURN STATUS below threshold, NVMe critical warning 0, SCSI
	// informational exception ASC 0.
	Passed Assessment = "passed"
	// Failing: the drive reports a threshold exceeded, a critical warning or a
	// failure prediction.
	Failing Assessment = "failing"
	// Unknown: the drive gave no verdict.
	Unknown Assessment = "unknown"
)

// Report is a drive's health as read before a job: a summary of the values a
// buyer and an auditor compare across drives, and the decoded answer of each
// source with its raw values. A summary value is nil when the drive did not
// report it.
type Report struct {
	Source Source `json:"source"`
	// State is Available when the drive answered at least its main health query.
	State   State      `json:"state"`
	Overall Assessment `json:"overall"`

	PowerOnHours       *uint64 `json:"power_on_hours,omitempty"`
	TemperatureCelsius *int    `json:"temperature_celsius,omitempty"`
	// PercentageUsed is the drive's estimate of its endurance used (NVMe, SCSI page
	// 11h); it may exceed 100.
	PercentageUsed *int `json:"percentage_used,omitempty"`
	// WearLevelling is the normalized value of an ATA wear levelling / media
	// wearout attribute (vendor-specific; 100 is new on most drives).
	WearLevelling *ATAAttribute `json:"wear_levelling,omitempty"`

	ATA  *ATAHealth  `json:"ata,omitempty"`
	NVMe *NVMeHealth `json:"nvme,omitempty"`
	SCSI *SCSIHealth `json:"scsi,omitempty"`

	// Errors lists the commands that failed, one line each (operation and error).
	Errors []string `json:"errors,omitempty"`
}

func ptr[T any](v T) *T { return &v }
