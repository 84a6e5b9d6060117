// FROZEN: layout 1 (wipestation-layout/1), as drawn by the release at commit
// 3ed9d9e. Never edit this file: certificates issued by that release are verified
// by drawing their pages again with exactly this code (docs/certificate.md,
// "Layout versions").

package layout1

import (
	"fmt"
	"time"
)

// The record as layout 1 reads it: the fields of record schema v1 (and the
// device fields) that the layout-1 page prints, with their JSON names.
// It is a copy so that no later change to the live record types can change how
// an old page is drawn; JSON decoding ignores the fields it does not list.

type status string

const (
	statusErased    status = "erased"
	statusDestroyed status = "destroyed"
)

type class string

type kind string

const (
	kindDisk    kind = "disk"
	kindCard    kind = "card"
	kindOptical kind = "optical"
	kindPhone   kind = "phone"
)

type transport string

const (
	transportNVMe transport = "nvme"
	transportUSB  transport = "usb"
	transportUAS  transport = "uas"
	transportLoop transport = "loop"
	transportFile transport = "file"
)

type record struct {
	CertificateID   string       `json:"certificate_id"`
	Status          status       `json:"status"`
	Reason          string       `json:"reason,omitempty"`
	Device          device       `json:"device"`
	Details         jobDetails   `json:"details"`
	Sanitization    sanitization `json:"sanitization"`
	Verification    verification `json:"verification"`
	BytesWritten    int64        `json:"bytes_written"`
	Errors          []rangeError `json:"errors"`
	Exceptions      []string     `json:"exceptions"`
	Backup          *backupInfo  `json:"backup,omitempty"`
	Started         time.Time    `json:"started"`
	Finished        time.Time    `json:"finished"`
	DurationSeconds float64      `json:"duration_seconds"`
	Tool            string       `json:"tool"`
	ToolVersion     string       `json:"tool_version"`
	Host            string       `json:"host"`
}

type device struct {
	Kind         kind         `json:"kind"`
	Transport    transport    `json:"transport"`
	Vendor       string       `json:"vendor"`
	Model        string       `json:"model"`
	Serial       string       `json:"serial"`
	BridgeSerial string       `json:"bridge_serial,omitempty"`
	SizeBytes    int64        `json:"size_bytes"`
	Rotational   bool         `json:"rotational"`
	Removable    bool         `json:"removable"`
	Capabilities capabilities `json:"capabilities"`
}

type capabilities struct {
	Optical *struct {
		ProfileName string `json:"profile_name"`
	} `json:"optical,omitempty"`
}

type sanitization struct {
	Class      class              `json:"class"`
	MethodID   string             `json:"method_id"`
	MethodName string             `json:"method_name"`
	Technique  string             `json:"technique"`
	Details    []string           `json:"details"`
	Standards  []string           `json:"standards,omitempty"`
	Fallback   string             `json:"fallback,omitempty"`
	HiddenArea *hiddenAreaOutcome `json:"hidden_area,omitempty"`
}

type hiddenAreaOutcome struct {
	NativeSectors     uint64 `json:"native_sectors"`
	AccessibleSectors uint64 `json:"accessible_sectors"`
	Covered           bool   `json:"covered"`
}

type verification struct {
	Mode                 string  `json:"mode"`
	Method               string  `json:"method"`
	Verified             bool    `json:"verified"`
	BytesRead            int64   `json:"bytes_read"`
	Mismatches           int64   `json:"mismatches"`
	FirstMismatchOffsets []int64 `json:"first_mismatch_offsets,omitempty"`
}

type rangeError struct {
	Offset int64  `json:"offset"`
	Length int64  `json:"length"`
	Phase  string `json:"phase"`
	Pass   int    `json:"pass"`
	Err    string `json:"error"`
}

type backupInfo struct {
	Location  string `json:"location"`
	SizeBytes int64  `json:"size_bytes"`
	SHA256    string `json:"sha256"`
	Verified  bool   `json:"verified"`
}

type jobDetails struct {
	Operator           person   `json:"operator"`
	Validator          person   `json:"validator"`
	AssetTag           string   `json:"asset_tag"`
	Source             string   `json:"source"`
	Classification     string   `json:"classification"`
	DataBackedUp       string   `json:"data_backed_up"`
	BackupLocation     string   `json:"backup_location"`
	PostClassification string   `json:"post_classification"`
	Destination        string   `json:"destination"`
	DestinationDetails string   `json:"destination_details"`
	Notes              string   `json:"notes"`
	Language           string   `json:"language"`
	Standards          []string `json:"standards,omitempty"`
}

type person struct {
	Name         string `json:"name"`
	Title        string `json:"title"`
	Organization string `json:"organization"`
	Location     string `json:"location"`
	Phone        string `json:"phone"`
}

// isErasure is layout 1's rule for presenting a record as a certificate of
// erasure or destruction, and its reason why not.
func isErasure(rec *record) (bool, string) {
	switch rec.Status {
	case statusDestroyed:
		return true, ""
	case statusErased:
		switch {
		case len(rec.Errors) > 0:
			return false, fmt.Sprintf("the record says erased but lists %d unwritten or unreadable ranges", len(rec.Errors))
		case rec.Verification.Mismatches > 0:
			return false, fmt.Sprintf("the record says erased but verification found %d mismatching blocks", rec.Verification.Mismatches)
		case !rec.Verification.Verified:
			return false, "the record says erased but verification did not confirm it"
		}
		return true, ""
	default:
		return false, rec.Reason
	}
}

// catalogueNames are the English method names of the release's catalogue
// (wipe.Methods at 3ed9d9e), by ID.
var catalogueNames = map[string]string{
	"zero":                      "Zero fill",
	"one":                       "One fill",
	"random":                    "Random fill",
	"nist-clear":                "NIST 800-88 Clear",
	"nist-usb":                  "NIST 800-88 Clear for flash sticks and cards",
	"dod-3pass":                 "DoD 5220.22-M (E), 3 passes",
	"dod-7pass":                 "DoD 5220.22-M ECE, 7 passes",
	"gutmann":                   "Gutmann, 35 passes",
	"schneier":                  "Schneier, 7 passes",
	"hmg-is5-baseline":          "HMG IS5 Baseline",
	"hmg-is5-enhanced":          "HMG IS5 Enhanced",
	"vsitr":                     "BSI VSITR, 7 passes",
	"ops-ii":                    "RCMP TSSIT OPS-II, 7 passes",
	"verify-zero":               "Check for zeros",
	"verify-one":                "Check for ones",
	"ata-secure-erase":          "ATA Security Erase (normal)",
	"ata-secure-erase-enhanced": "ATA Security Erase (enhanced)",
	"ata-sanitize-crypto":       "ATA Sanitize Crypto Scramble",
	"ata-sanitize-block":        "ATA Sanitize Block Erase",
	"ata-sanitize-overwrite":    "ATA Sanitize Overwrite",
	"nvme-format":               "NVMe Format (user data erase)",
	"nvme-format-crypto":        "NVMe Format (crypto erase)",
	"nvme-sanitize-crypto":      "NVMe Sanitize Crypto Erase",
	"nvme-sanitize-block":       "NVMe Sanitize Block Erase",
	"nvme-sanitize-overwrite":   "NVMe Sanitize Overwrite",
	"scsi-sanitize-crypto":      "SCSI Sanitize Cryptographic Erase",
	"scsi-sanitize-block":       "SCSI Sanitize Block Erase",
	"scsi-sanitize-overwrite":   "SCSI Sanitize Overwrite",
	"mtp-clear":                 "Phone storage clear over MTP",
	"phone-reset":               "Guided phone factory reset",
	"optical-blank":             "Blank a rewritable disc",
}
