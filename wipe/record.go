package wipe

import (
	"time"
	"unicode/utf8"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
)

// RecordSchema is the version of the job record format (docs/record-schema.md).
// Bump it on any change a reader of old records would notice.
const RecordSchema = "wipestation.record/v2"

// Status is how a job ended.
type Status string

// The job outcomes. Only StatusErased and StatusDestroyed are certificates of
// sanitization (Sanitized); every other status yields a "not erased" report.
const (
	StatusErased Status = "erased"
	// StatusUnverified: the method ran to its end, but the result was not read
	// back (--verify off) or the check could not prove it. Never "erased".
	StatusUnverified Status = "unverified"
	StatusFailed     Status = "failed"
	StatusAborted    Status = "aborted"
	StatusRefused    Status = "refused"
	StatusDestroyed  Status = "destroyed"
)

// Statuses lists every status, the sanitized ones first.
func Statuses() []Status {
	return []Status{StatusErased, StatusDestroyed, StatusUnverified, StatusFailed, StatusAborted, StatusRefused}
}

// Sanitized reports whether s is a proven sanitization: the job's document is a
// certificate of sanitization, not a "not erased" report.
func (s Status) Sanitized() bool { return s == StatusErased || s == StatusDestroyed }

// Record is everything a certificate is made from: what the medium was, who did
// what to it with which tool, what was verified, and every exception. It is written
// as JSON into the records folder, atomically, when a job ends.
type Record struct {
	Schema        string `json:"schema"`
	CertificateID string `json:"certificate_id"`

	Status Status `json:"status"`
	// Reason says why a job did not end erased (nil when erased).
	Reason *msg.Message `json:"reason,omitempty"`

	Device  devices.Device `json:"device"`
	Details JobDetails     `json:"details"`

	Sanitization Sanitization `json:"sanitization"`
	Verification Verification `json:"verification"`

	BytesWritten int64 `json:"bytes_written"`
	// Errors lists every range that could not be written or read back.
	Errors []RangeError `json:"errors"`
	// Exceptions lists everything an auditor must know that is not a clean pass:
	// failed ranges, hidden areas not covered, a fallback taken.
	Exceptions []msg.Message `json:"exceptions"`

	Backup *BackupInfo `json:"backup,omitempty"`

	Started         time.Time `json:"started"`  // RFC 3339 with zone
	Finished        time.Time `json:"finished"` // RFC 3339 with zone
	DurationSeconds float64   `json:"duration_seconds"`

	Tool        string `json:"tool"`         // "wipestation"
	ToolVersion string `json:"tool_version"` // from the build
	Host        string `json:"host"`         // the workstation's host name
}

// Sanitization says what was done, in the words of NIST SP 800-88 Appendix G.
type Sanitization struct {
	// Class is the outcome the standards give this method on this medium. A job that
	// did not end erased still records the class that was attempted.
	Class devices.Class `json:"class"`
	// MethodID is the catalogue ID (`wipestation methods`); MethodName its name.
	MethodID   string `json:"method_id"`
	MethodName string `json:"method_name"`
	// Technique is "Overwrite", "Block Erase", "Crypto Erase", "Degauss",
	// "Destruct" or "Other" (Appendix G "Method Used").
	Technique string `json:"technique"`
	// Details are the exact passes or the exact command sent to the device.
	Details []msg.Message `json:"details"`
	// Standards cites the policy and standards the organization follows.
	Standards []string `json:"standards,omitempty"`
	// Fallback, when set, says that a requested method was explicitly downgraded.
	Fallback *msg.Message `json:"fallback,omitempty"`
	// HiddenArea records native vs accessible capacity and whether the hidden
	// sectors were covered.
	HiddenArea *HiddenAreaOutcome `json:"hidden_area,omitempty"`
}

// HiddenAreaOutcome says whether sectors beyond the accessible maximum were reached.
type HiddenAreaOutcome struct {
	NativeSectors     uint64 `json:"native_sectors"`
	AccessibleSectors uint64 `json:"accessible_sectors"`
	Covered           bool   `json:"covered"`
}

// Verification says how the result was checked and what was found.
type Verification struct {
	// Mode is "full", "sampling", "last-pass", "all-passes", "none" or "other".
	Mode string `json:"mode"`
	// Method says what was read and compared with what.
	Method   msg.Message `json:"method"`
	Verified bool        `json:"verified"`
	// BytesRead is how much of the medium the verification read back.
	BytesRead int64 `json:"bytes_read"`
	// Mismatches counts blocks that did not hold what they should;
	// FirstMismatchOffsets gives the first few byte offsets.
	Mismatches           int64   `json:"mismatches"`
	FirstMismatchOffsets []int64 `json:"first_mismatch_offsets,omitempty"`
}

// RangeError is a byte range that could not be written or read.
type RangeError struct {
	Offset int64  `json:"offset"`
	Length int64  `json:"length"`
	Phase  string `json:"phase"` // "write" or "verify"
	Pass   int    `json:"pass"`
	Err    string `json:"error"`
}

// BackupInfo is NIST's "Data Backed Up / Backup Location", with the proof.
type BackupInfo struct {
	Location  string `json:"location"`
	SizeBytes int64  `json:"size_bytes"`
	SHA256    string `json:"sha256"` // of the data as read from the device
	Verified  bool   `json:"verified"`
}

// JobDetails are the facts a technician or the organization's config supplies for
// the certificate: NIST SP 800-88 Rev. 1 Appendix G, field by field.
type JobDetails struct {
	Operator  Person `json:"operator"`  // person performing sanitization
	Validator Person `json:"validator"` // validation; usually signed on paper

	// Media information the device cannot tell.
	AssetTag       string `json:"asset_tag"`      // media property number
	Source         string `json:"source"`         // user name or PC property number
	Classification string `json:"classification"` // before sanitization
	DataBackedUp   string `json:"data_backed_up"` // "Yes", "No" or "Unknown"
	BackupLocation string `json:"backup_location"`

	PostClassification string `json:"post_classification"`
	// Destination is one of "Internal Reuse", "External Reuse", "Recycling Facility",
	// "Manufacturer", "Other"; DestinationDetails says more.
	Destination        string `json:"destination"`
	DestinationDetails string `json:"destination_details"`
	Notes              string `json:"notes"`

	// Language of the certificate: "en" or "zh-TW".
	Language string `json:"language"`
	// Standards cited on the certificate (from the config file).
	Standards []string `json:"standards,omitempty"`
}

// invalidText names the first field that is not valid UTF-8.
func (d JobDetails) invalidText() (field string, bad bool) {
	fields := []struct{ name, value string }{
		{"operator name", d.Operator.Name}, {"operator title", d.Operator.Title}, {"operator organization", d.Operator.Organization},
		{"operator location", d.Operator.Location}, {"operator phone", d.Operator.Phone},
		{"validator name", d.Validator.Name}, {"validator title", d.Validator.Title}, {"validator organization", d.Validator.Organization},
		{"validator location", d.Validator.Location}, {"validator phone", d.Validator.Phone},
		{"asset tag", d.AssetTag}, {"source", d.Source}, {"classification", d.Classification},
		{"post-sanitization classification", d.PostClassification}, {"destination", d.Destination},
		{"destination details", d.DestinationDetails}, {"notes", d.Notes}, {"backup location", d.BackupLocation},
	}
	for _, f := range fields {
		if !utf8.ValidString(f.value) {
			return f.name, true
		}
	}
	for _, st := range d.Standards {
		if !utf8.ValidString(st) {
			return "standards", true
		}
	}
	return "", false
}

// Person is a name with the contact facts Appendix G asks for.
type Person struct {
	Name         string `json:"name"`
	Title        string `json:"title"`
	Organization string `json:"organization"`
	Location     string `json:"location"`
	Phone        string `json:"phone"`
}
