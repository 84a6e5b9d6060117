package health_test

import (
	"context"
	"encoding/binary"
	"math"
	"testing"

	"github.com/wipestation/wipestation/devices/health"
	"github.com/wipestation/wipestation/devices/simdrive"
)

// healthLog builds a SMART / Health Information log (NVMe Base 2.0 figure 207).
func healthLog(warn uint8, kelvin uint16, spare, used uint8, counters map[int]uint64) []byte {
	b := make([]byte, 512)
	b[0] = warn
	binary.LittleEndian.PutUint16(b[1:3], kelvin)
	b[3], b[4], b[5] = spare, 10, used
	for off, v := range counters {
		binary.LittleEndian.PutUint64(b[off:], v)
	}
	return b
}

func TestReadNVMe(t *testing.T) {
	worn := healthLog(health.WarnReliability|health.WarnReadOnly, 0x0141, 4, 112,
		map[int]uint64{32: 0x1234, 48: 0x56789A, 112: 40, 128: 26280, 144: 7, 160: 2, 176: 9})
	over := healthLog(0, 0x0141, 100, 0, map[int]uint64{48 + 8: 1})
	cases := []struct {
		name  string
		log   []byte
		check func(t *testing.T, r *health.Report)
	}{
		{"worn, read-only", worn, func(t *testing.T, r *health.Report) {
			n := r.NVMe
			if r.State != health.Available || r.Overall != health.Failing {
				t.Errorf("state %s overall %s, want available, failing (critical warning)", r.State, r.Overall)
			}
			expect(t, []check{
				{"critical warning", n.CriticalWarning, uint8(0x0C)},
				{"temperature", val(r.TemperatureCelsius), 48},
				{"percentage used", val(r.PercentageUsed), 112},
				{"available spare", n.AvailableSpare, uint8(4)},
				{"data units read", n.DataUnitsRead, uint64(0x1234)},
				{"data units written", n.DataUnitsWritten, uint64(0x56789A)},
				{"power cycles", n.PowerCycles, uint64(40)},
				{"power-on hours", val(r.PowerOnHours), uint64(26280)},
				{"unsafe shutdowns", n.UnsafeShutdowns, uint64(7)},
				{"media errors", n.MediaErrors, uint64(2)},
				{"error log entries", n.ErrorLogEntries, uint64(9)},
			})
		}},
		{"a counter beyond 64 bits", over, func(t *testing.T, r *health.Report) {
			if !r.NVMe.Saturated || r.NVMe.DataUnitsWritten != math.MaxUint64 || r.Overall != health.Passed {
				t.Errorf("%+v: want saturated data units written, passed", r.NVMe)
			}
		}},
		{"log refused", nil, func(t *testing.T, r *health.Report) {
			if r.State != health.Unsupported || r.NVMe != nil || r.Overall != health.Unknown || len(r.Errors) != 1 {
				t.Errorf("report %+v, want unsupported (invalid field), unknown, one error", r)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := &simdrive.NVMe{Medium: simdrive.NewMedium(1<<20, 512, 1), NSID: 1, HealthLog: tc.log}
			tc.check(t, health.ReadNVMe(context.Background(), d))
		})
	}
}

type lp struct {
	code  uint16
	value []byte
}

// logPage builds a LOG SENSE answer (SPC-5 7.3.1): a 4-byte header and parameters
// of code, control byte, length and value.
func logPage(page uint8, params ...lp) []byte {
	b := []byte{page, 0, 0, 0}
	for _, p := range params {
		b = binary.BigEndian.AppendUint16(b, p.code)
		b = append(b, 0x03, byte(len(p.value)))
		b = append(b, p.value...)
	}
	binary.BigEndian.PutUint16(b[2:4], uint16(len(b)-4))
	return b
}

func TestReadSCSI(t *testing.T) {
	// A SAS SSD as smartctl sees it: failure prediction threshold exceeded (5Dh/10h),
	// 38 °C of 65, counters of varying widths, 7 % used, 3600 power-on minutes.
	ssd := map[uint8][]byte{
		health.PageInformationalException: logPage(0x2F, lp{0, []byte{0x5D, 0x10, 40}}),
		health.PageTemperature:            logPage(0x0D, lp{0, []byte{0, 38}}, lp{1, []byte{0, 65}}),
		health.PageReadErrors: logPage(0x03, lp{0, []byte{0, 0, 0, 5}}, lp{1, []byte{0}}, lp{3, []byte{0, 5}},
			lp{5, []byte{0, 0, 0, 1, 0, 0, 0, 0}}, lp{6, []byte{0, 0, 0, 2}}),
		health.PageWriteErrors:    logPage(0x02, lp{6, []byte{0}}),
		health.PageSolidState:     logPage(0x11, lp{1, []byte{0, 0, 0, 7}}),
		health.PageBackgroundScan: logPage(0x15, lp{0, []byte{0, 0, 0x0E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0}}),
	}
	cases := []struct {
		name  string
		pages map[uint8][]byte
		check func(t *testing.T, r *health.Report)
	}{
		{"sas ssd", ssd, func(t *testing.T, r *health.Report) {
			s := r.SCSI
			if r.State != health.Available || r.Overall != health.Failing {
				t.Errorf("state %s overall %s, want available, failing (ASC 5Dh)", r.State, r.Overall)
			}
			expect(t, []check{
				{"temperature", val(r.TemperatureCelsius), 38},
				{"reference", val(s.ReferenceCelsius), 65},
				{"percentage used", val(r.PercentageUsed), 7},
				{"power-on hours", val(r.PowerOnHours), uint64(60)},
				{"read corrected fast", val(s.ReadErrors.CorrectedWithoutDelay), uint64(5)},
				{"read total corrected", val(s.ReadErrors.TotalCorrected), uint64(5)},
				{"read bytes processed", val(s.ReadErrors.BytesProcessed), uint64(1 << 32)},
				{"read uncorrected", val(s.ReadErrors.Uncorrected), uint64(2)},
				{"read retries (absent)", val(s.ReadErrors.Retries), nil},
				{"write uncorrected", val(s.WriteErrors.Uncorrected), uint64(0)},
				{"ie asc", s.InformationalExceptions.ASC, uint8(0x5D)},
			})
		}},
		{"disk with only informational exceptions", map[uint8][]byte{
			health.PageInformationalException: logPage(0x2F, lp{0, []byte{0, 0, 29}}),
		}, func(t *testing.T, r *health.Report) {
			s := r.SCSI
			if r.Overall != health.Passed || val(r.TemperatureCelsius) != 29 || r.PowerOnHours != nil || r.PercentageUsed != nil {
				t.Errorf("overall %s temperature %v hours %v used %v, want passed, 29 (from page 2Fh), no hours, no wear",
					r.Overall, val(r.TemperatureCelsius), val(r.PowerOnHours), val(r.PercentageUsed))
			}
			if s.TemperatureState != health.Unsupported || s.ReadErrorsState != health.Unsupported || s.SolidStateState != health.Unsupported {
				t.Errorf("unlisted pages %s %s %s, want unsupported", s.TemperatureState, s.ReadErrorsState, s.SolidStateState)
			}
		}},
		{"listed page with a broken answer", map[uint8][]byte{
			health.PageInformationalException: logPage(0x2F, lp{1, []byte{0, 0}}),
		}, func(t *testing.T, r *health.Report) {
			if r.State != health.NoAnswer || r.Overall != health.Unknown || len(r.Errors) != 1 {
				t.Errorf("state %s overall %s errors %v, want no answer, unknown, one error", r.State, r.Overall, r.Errors)
			}
		}},
		{"usb bridge that gives nothing", nil, func(t *testing.T, r *health.Report) {
			if r.State != health.Unsupported || r.Overall != health.Unknown || r.SCSI != nil {
				t.Errorf("report %+v, want unsupported and unknown (LOG SENSE is an ILLEGAL REQUEST)", r)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := &simdrive.SCSI{Medium: simdrive.NewMedium(1<<20, 512, 1), LogPages: tc.pages}
			tc.check(t, health.ReadSCSI(context.Background(), d))
		})
	}
}
