package health

import (
	"encoding/binary"
	"fmt"
)

// SCSI log pages (SPC-5 7.3, SBC-4 6.4).
const (
	PageSupported              = 0x00
	PageWriteErrors            = 0x02
	PageReadErrors             = 0x03
	PageTemperature            = 0x0D
	PageSolidState             = 0x11
	PageBackgroundScan         = 0x15
	PageInformationalException = 0x2F
)

// tempNotAvailable is the temperature byte meaning "no reading" (SPC-5 7.3.21).
const tempNotAvailable = 0xFF

// LogParam is one log parameter: its code and value bytes.
type LogParam struct {
	Code  uint16
	Value []byte
}

// ParseLogPage splits a LOG SENSE answer into its parameters; page is the page
// code the device answered with.
func ParseLogPage(b []byte) (page uint8, params []LogParam, err error) {
	if len(b) < 4 {
		return 0, nil, fmt.Errorf("log page: %d bytes", len(b))
	}
	page = b[0] & 0x3F
	end := 4 + int(binary.BigEndian.Uint16(b[2:4]))
	if end > len(b) {
		end = len(b) // a truncated answer: keep the whole parameters that arrived
	}
	for off := 4; off+4 <= end; {
		n := int(b[off+3])
		if off+4+n > end {
			break
		}
		params = append(params, LogParam{Code: binary.BigEndian.Uint16(b[off : off+2]), Value: b[off+4 : off+4+n]})
		off += 4 + n
	}
	return page, params, nil
}

func param(params []LogParam, code uint16) ([]byte, bool) {
	for _, p := range params {
		if p.Code == code {
			return p.Value, true
		}
	}
	return nil, false
}

// beUint reads a counter of 1 to 8 bytes, big-endian.
func beUint(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 8 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v, true
}

// ParseSupportedPages decodes the supported pages page (00h).
func ParseSupportedPages(b []byte) ([]uint8, error) {
	if len(b) < 4 || b[0]&0x3F != PageSupported {
		return nil, fmt.Errorf("supported log pages: not page 00h")
	}
	n := min(int(binary.BigEndian.Uint16(b[2:4])), len(b)-4)
	var pages []uint8
	for _, p := range b[4 : 4+n] {
		pages = append(pages, p&0x3F)
	}
	return pages, nil
}

// ErrorCounters is a write (02h) or read (03h) error counter page: parameters
// 0000h-0006h, nil where the device did not report one.
type ErrorCounters struct {
	CorrectedWithoutDelay *uint64 `json:"corrected_without_delay,omitempty"`
	CorrectedWithDelay    *uint64 `json:"corrected_with_delay,omitempty"`
	Retries               *uint64 `json:"retries,omitempty"`
	TotalCorrected        *uint64 `json:"total_corrected,omitempty"`
	CorrectionInvocations *uint64 `json:"correction_invocations,omitempty"`
	BytesProcessed        *uint64 `json:"bytes_processed,omitempty"`
	Uncorrected           *uint64 `json:"uncorrected,omitempty"`
}

// ParseErrorCounters decodes page 02h or 03h.
func ParseErrorCounters(b []byte) (ErrorCounters, error) {
	page, params, err := ParseLogPage(b)
	if err != nil {
		return ErrorCounters{}, err
	}
	if page != PageWriteErrors && page != PageReadErrors {
		return ErrorCounters{}, fmt.Errorf("error counter log: page %02Xh", page)
	}
	var c ErrorCounters
	for code, dst := range []**uint64{&c.CorrectedWithoutDelay, &c.CorrectedWithDelay, &c.Retries,
		&c.TotalCorrected, &c.CorrectionInvocations, &c.BytesProcessed, &c.Uncorrected} {
		if v, ok := param(params, uint16(code)); ok {
			if n, ok := beUint(v); ok {
				*dst = ptr(n)
			}
		}
	}
	return c, nil
}

// ParseTemperature decodes page 0Dh: the current and reference temperatures in
// degrees Celsius (parameters 0000h and 0001h, byte 1 of each value), nil when
// not reported.
func ParseTemperature(b []byte) (current, reference *int, err error) {
	page, params, err := ParseLogPage(b)
	if err != nil {
		return nil, nil, err
	}
	if page != PageTemperature {
		return nil, nil, fmt.Errorf("temperature log: page %02Xh", page)
	}
	read := func(code uint16) *int {
		if v, ok := param(params, code); ok && len(v) >= 2 && v[1] != tempNotAvailable {
			return ptr(int(v[1]))
		}
		return nil
	}
	return read(0), read(1), nil
}

// InformationalException is parameter 0000h of page 2Fh: the additional sense
// code of the drive's failure prediction (0 when none) and its latest temperature.
type InformationalException struct {
	ASC  uint8 `json:"asc"`
	ASCQ uint8 `json:"ascq"`
	// TemperatureCelsius is the most recent reading, nil when not reported.
	TemperatureCelsius *int `json:"temperature_celsius,omitempty"`
}

// ParseInformationalExceptions decodes page 2Fh.
func ParseInformationalExceptions(b []byte) (InformationalException, error) {
	page, params, err := ParseLogPage(b)
	if err != nil {
		return InformationalException{}, err
	}
	v, ok := param(params, 0)
	if page != PageInformationalException || !ok || len(v) < 2 {
		return InformationalException{}, fmt.Errorf("informational exceptions log: no parameter 0000h")
	}
	ie := InformationalException{ASC: v[0], ASCQ: v[1]}
	if len(v) >= 3 && v[2] != tempNotAvailable && v[2] != 0 {
		ie.TemperatureCelsius = ptr(int(v[2]))
	}
	return ie, nil
}

// ParsePercentageUsed decodes page 11h parameter 0001h: the percentage used
// endurance indicator (byte 3 of the value).
func ParsePercentageUsed(b []byte) (int, error) {
	page, params, err := ParseLogPage(b)
	if err != nil {
		return 0, err
	}
	v, ok := param(params, 1)
	if page != PageSolidState || !ok || len(v) < 4 {
		return 0, fmt.Errorf("solid state media log: no parameter 0001h")
	}
	return int(v[3]), nil
}

// ParsePowerOnMinutes decodes page 15h parameter 0000h: accumulated power-on
// minutes (the first 4 bytes of the value).
func ParsePowerOnMinutes(b []byte) (uint64, error) {
	page, params, err := ParseLogPage(b)
	if err != nil {
		return 0, err
	}
	v, ok := param(params, 0)
	if page != PageBackgroundScan || !ok || len(v) < 4 {
		return 0, fmt.Errorf("background scan results log: no parameter 0000h")
	}
	return uint64(binary.BigEndian.Uint32(v[0:4])), nil
}

// SCSIHealth is what the SCSI log pages answered, page by page. A page the
// device does not list in page 00h is Unsupported.
type SCSIHealth struct {
	SupportedPages []uint8 `json:"supported_pages,omitempty"`

	InformationalExceptionsState State                   `json:"informational_exceptions_state"`
	InformationalExceptions      *InformationalException `json:"informational_exceptions,omitempty"`

	TemperatureState State `json:"temperature_state"`
	// ReferenceCelsius is the highest temperature of continuous operation the
	// maker specifies.
	ReferenceCelsius *int `json:"reference_celsius,omitempty"`

	WriteErrorsState State          `json:"write_errors_state"`
	WriteErrors      *ErrorCounters `json:"write_errors,omitempty"`
	ReadErrorsState  State          `json:"read_errors_state"`
	ReadErrors       *ErrorCounters `json:"read_errors,omitempty"`

	SolidStateState     State `json:"solid_state_state"`
	BackgroundScanState State `json:"background_scan_state"`
	// PowerOnMinutes is page 15h's accumulated power-on time.
	PowerOnMinutes *uint64 `json:"power_on_minutes,omitempty"`
}
