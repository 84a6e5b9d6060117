package health

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/wipestation/wipestation/devices/nvme"
)

// LogSMARTHealth is the SMART / Health Information log page (NVMe Base 2.0 5.16.1.3).
const LogSMARTHealth = 0x02

// smartLogBytes is the size of the log page.
const smartLogBytes = 512

// kelvinOffset converts the log's Kelvin to degrees Celsius (as smartctl does).
const kelvinOffset = 273

// SMARTHealthLog reads the controller-wide SMART / Health Information log.
func SMARTHealthLog() nvme.Command {
	c := nvme.GetLogPage(LogSMARTHealth, 0xFFFFFFFF, smartLogBytes)
	c.Timeout = smartCommandTimeout
	return c
}

// Critical warning bits (byte 0).
const (
	WarnSpare       = 1 << 0 // available spare below threshold
	WarnTemperature = 1 << 1 // temperature outside a threshold
	WarnReliability = 1 << 2 // NVM subsystem reliability degraded
	WarnReadOnly    = 1 << 3 // media placed in read-only mode
	WarnVolatile    = 1 << 4 // volatile memory backup failed
	WarnPMR         = 1 << 5 // persistent memory region read-only or unreliable
)

// NVMeHealth is the decoded SMART / Health Information log (figure 207). The
// 128-bit counters are kept in 64 bits; a counter beyond that (never seen) reads
// as the largest 64-bit value and Saturated is set.
type NVMeHealth struct {
	CriticalWarning uint8 `json:"critical_warning"`
	// TemperatureKelvin is the composite temperature as the drive reports it.
	TemperatureKelvin       uint16 `json:"temperature_kelvin"`
	AvailableSpare          uint8  `json:"available_spare"`
	AvailableSpareThreshold uint8  `json:"available_spare_threshold"`
	PercentageUsed          uint8  `json:"percentage_used"`
	// DataUnitsRead/Written count thousands of 512-byte units.
	DataUnitsRead    uint64 `json:"data_units_read"`
	DataUnitsWritten uint64 `json:"data_units_written"`
	HostReads        uint64 `json:"host_read_commands"`
	HostWrites       uint64 `json:"host_write_commands"`
	BusyMinutes      uint64 `json:"controller_busy_minutes"`
	PowerCycles      uint64 `json:"power_cycles"`
	PowerOnHours     uint64 `json:"power_on_hours"`
	UnsafeShutdowns  uint64 `json:"unsafe_shutdowns"`
	MediaErrors      uint64 `json:"media_errors"`
	ErrorLogEntries  uint64 `json:"error_log_entries"`
	WarningTempMins  uint32 `json:"warning_temperature_minutes"`
	CriticalTempMins uint32 `json:"critical_temperature_minutes"`
	Saturated        bool   `json:"saturated,omitempty"`
}

// ParseSMARTHealthLog decodes the log page.
func ParseSMARTHealthLog(b []byte) (NVMeHealth, error) {
	if len(b) < smartLogBytes {
		return NVMeHealth{}, fmt.Errorf("nvme smart/health log: %d bytes, want %d", len(b), smartLogBytes)
	}
	h := NVMeHealth{
		CriticalWarning:         b[0],
		TemperatureKelvin:       binary.LittleEndian.Uint16(b[1:3]),
		AvailableSpare:          b[3],
		AvailableSpareThreshold: b[4],
		PercentageUsed:          b[5],
		WarningTempMins:         binary.LittleEndian.Uint32(b[192:196]),
		CriticalTempMins:        binary.LittleEndian.Uint32(b[196:200]),
	}
	u128 := func(off int) uint64 {
		if binary.LittleEndian.Uint64(b[off+8:off+16]) != 0 {
			h.Saturated = true
			return math.MaxUint64
		}
		return binary.LittleEndian.Uint64(b[off : off+8])
	}
	h.DataUnitsRead, h.DataUnitsWritten = u128(32), u128(48)
	h.HostReads, h.HostWrites = u128(64), u128(80)
	h.BusyMinutes, h.PowerCycles = u128(96), u128(112)
	h.PowerOnHours, h.UnsafeShutdowns = u128(128), u128(144)
	h.MediaErrors, h.ErrorLogEntries = u128(160), u128(176)
	return h, nil
}

// decodeNVMe fills the report's summary from the log.
func decodeNVMe(r *Report, h NVMeHealth) {
	r.Overall = Passed
	if h.CriticalWarning != 0 {
		r.Overall = Failing
	}
	r.PowerOnHours = ptr(h.PowerOnHours)
	if h.TemperatureKelvin != 0 {
		r.TemperatureCelsius = ptr(int(h.TemperatureKelvin) - kelvinOffset)
	}
	r.PercentageUsed = ptr(int(h.PercentageUsed))
}
