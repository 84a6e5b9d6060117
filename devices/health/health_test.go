package health_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"testing"

	"github.com/wipestation/wipestation/devices/ata"
	"github.com/wipestation/wipestation/devices/health"
	"github.com/wipestation/wipestation/devices/sgio"
	"github.com/wipestation/wipestation/devices/simdrive"
)

// sealed sets byte 511 so that the 512 bytes sum to zero (the SMART checksum).
func sealed(b []byte) []byte {
	var s byte
	for _, c := range b[:511] {
		s += c
	}
	b[511] = -s
	return b
}

type attr struct {
	id        uint8
	flags     uint16
	value     uint8
	raw       uint64
	threshold uint8
	noThresh  bool
}

// smartData builds SMART READ DATA and READ THRESHOLDS answers (ACS-3 / the
// SMART data structure): entries of 12 bytes from byte 2.
func smartData(attrs []attr) (data, thresh []byte) {
	data, thresh = make([]byte, 512), make([]byte, 512)
	data[0], thresh[0] = 0x10, 0x10
	for i, a := range attrs {
		e := data[2+12*i:]
		e[0] = a.id
		binary.LittleEndian.PutUint16(e[1:3], a.flags)
		e[3], e[4] = a.value, a.value
		for k := 0; k < 6; k++ {
			e[5+k] = byte(a.raw >> (8 * k))
		}
		if !a.noThresh {
			thresh[2+12*i], thresh[2+12*i+1] = a.id, a.threshold
		}
	}
	data[367] = 0x10 // self-test implemented
	return sealed(data), sealed(thresh)
}

type selfTest struct {
	typ, status uint8
	hours       uint16
	lba         uint32
}

// selfTestLog builds the SMART self-test log: descriptors of 24 bytes from byte 2,
// oldest first; byte 508 is the index of the newest.
func selfTestLog(tests []selfTest) []byte {
	b := make([]byte, 512)
	b[0] = 1
	for i, t := range tests {
		e := b[2+24*i:]
		e[0], e[1] = t.typ, t.status<<4
		binary.LittleEndian.PutUint16(e[2:4], t.hours)
		binary.LittleEndian.PutUint32(e[5:9], t.lba)
	}
	b[508] = byte(len(tests))
	return sealed(b)
}

func identify(t *testing.T, d *simdrive.ATA) ata.IdentifyData {
	t.Helper()
	cmd := ata.Identify()
	resp, err := d.Do(context.Background(), sgio.ATARequest(cmd))
	if err != nil || resp.Status != sgio.StatusGood {
		t.Fatalf("identify: %v %+v", err, resp)
	}
	id, err := ata.ParseIdentify(cmd.Data)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// check is one decoded value and what it should be.
type check struct {
	what      string
	got, want any
}

func expect(t *testing.T, checks []check) {
	t.Helper()
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
}

func val[T comparable](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestSMARTCommands checks the CDBs against what smartctl sends through SAT
// (smartctl -r ioctl,2): the signature 4Fh/C2h in LBA mid/high, 28-bit commands.
func TestSMARTCommands(t *testing.T) {
	for _, tc := range []struct {
		name string
		cmd  ata.Command
		want []byte
	}{
		{"read data", health.SMARTReadData(), []byte{0x85, 0x08, 0x0E, 0, 0xD0, 0, 0x01, 0, 0, 0, 0x4F, 0, 0xC2, 0, 0xB0, 0}},
		{"read thresholds", health.SMARTReadThresholds(), []byte{0x85, 0x08, 0x0E, 0, 0xD1, 0, 0x01, 0, 0, 0, 0x4F, 0, 0xC2, 0, 0xB0, 0}},
		{"read log 06h", health.SMARTReadSelfTestLog(), []byte{0x85, 0x08, 0x0E, 0, 0xD5, 0, 0x01, 0, 0x06, 0, 0x4F, 0, 0xC2, 0, 0xB0, 0}},
		{"return status", health.SMARTReturnStatus(), []byte{0x85, 0x06, 0x20, 0, 0xDA, 0, 0, 0, 0, 0, 0x4F, 0, 0xC2, 0, 0xB0, 0}},
	} {
		if got := sgio.ATAPassThrough16(tc.cmd); !bytes.Equal(got, tc.want) {
			t.Errorf("%s: got % X\nwant % X", tc.name, got, tc.want)
		}
	}
	c := health.SMARTHealthLog()
	if c.Opcode != 0x02 || c.NSID != 0xFFFFFFFF || c.CDW10 != 0x007F0002 || len(c.Data) != 512 {
		t.Errorf("nvme smart/health log command %+v: want opcode 02h, nsid FFFFFFFFh, cdw10 007F0002h, 512 bytes", c)
	}
}

func TestReadATA(t *testing.T) {
	ssd := []attr{
		{id: 5, flags: 0x33, value: 100, raw: 0x0003_0002, threshold: 10}, // raw16: 2 (the upper word is vendor data)
		{id: 9, flags: 0x32, value: 99, raw: 0x05_000123},                 // raw24: 291 h
		{id: 177, flags: 0x13, value: 95, raw: 57, threshold: 5},
		{id: 194, flags: 0x22, value: 64, raw: 0x3C_0012_0024}, // tempminmax: 36 °C (min 18, max 60)
		{id: 197, flags: 0x32, value: 100, raw: 1},
		{id: 198, flags: 0x30, value: 100, raw: 0},
	}
	data, thresh := smartData(ssd)
	log := selfTestLog([]selfTest{{typ: 1, status: 0, hours: 100}, {typ: 2, status: 7, hours: 250, lba: 0x1234}})
	failing := append([]attr(nil), ssd...)
	failing[0] = attr{id: 5, flags: 0x33, value: 5, raw: 4000, threshold: 10}
	fdata, fthresh := smartData(failing)
	badSum := append([]byte(nil), data...)
	badSum[100]++
	hdd := []attr{{id: 9, flags: 0x32, value: 90, raw: 40000}, {id: 190, flags: 0x22, value: 70, raw: 0x1F001F}}
	hdata, _ := smartData(hdd)

	cases := []struct {
		name  string
		smart *simdrive.SMART
		check func(t *testing.T, r *health.Report)
	}{
		{"healthy ssd", &simdrive.SMART{Data: data, Thresholds: thresh, SelfTestLog: log}, func(t *testing.T, r *health.Report) {
			if r.State != health.Available || r.Overall != health.Passed {
				t.Errorf("state %s overall %s, want available and passed", r.State, r.Overall)
			}
			h := r.ATA
			expect(t, []check{
				{"power-on hours", val(r.PowerOnHours), uint64(291)},
				{"temperature", val(r.TemperatureCelsius), 36},
				{"reallocated", val(h.ReallocatedSectors), uint64(2)},
				{"pending", val(h.PendingSectors), uint64(1)},
				{"uncorrectable", val(h.UncorrectableSectors), uint64(0)},
				{"attributes", len(h.Attributes), 6},
				{"thresholds", h.ThresholdsState, health.Available},
				{"self tests", len(h.SelfTests), 2},
			})
			if w := r.WearLevelling; w == nil || w.ID != 177 || w.Value != 95 {
				t.Errorf("wear levelling %+v, want attribute 177 at 95", w)
			}
			if a, _ := h.Attribute(5); a.Threshold == nil || *a.Threshold != 10 || a.FailingNow || !a.Prefailure {
				t.Errorf("attribute 5 %+v, want threshold 10, prefailure, not failing", a)
			}
			if len(h.SelfTests) == 2 {
				newest, oldest := h.SelfTests[0], h.SelfTests[1]
				if newest.Type != 2 || !newest.Failed() || newest.FirstErrorLBA != 0x1234 || newest.PowerOnHours != 250 {
					t.Errorf("newest self-test %+v, want the failed extended test at LBA 1234h, 250 h", newest)
				}
				if oldest.Type != 1 || !oldest.Passed() {
					t.Errorf("oldest self-test %+v, want a passed short test", oldest)
				}
			}
		}},
		{"failing drive", &simdrive.SMART{Data: fdata, Thresholds: fthresh, ThresholdExceeded: true}, func(t *testing.T, r *health.Report) {
			if r.Overall != health.Failing || r.ATA.Status != health.Failing {
				t.Errorf("overall %s, want failing (RETURN STATUS 2CF4h)", r.Overall)
			}
			if a, _ := r.ATA.Attribute(5); !a.FailingNow || val(r.ATA.ReallocatedSectors) != uint64(4000) {
				t.Errorf("attribute 5 %+v: want failing now, 4000 reallocated", a)
			}
			if r.ATA.SelfTestState != health.Unsupported {
				t.Errorf("self-test log %s, want unsupported (none in IDENTIFY, aborted)", r.ATA.SelfTestState)
			}
		}},
		{"hdd without thresholds, airflow temperature", &simdrive.SMART{Data: hdata, Thresholds: nil}, func(t *testing.T, r *health.Report) {
			if r.State != health.Available || r.ATA.ThresholdsState != health.Unsupported {
				t.Errorf("state %s thresholds %s, want available and unsupported", r.State, r.ATA.ThresholdsState)
			}
			if a, _ := r.ATA.Attribute(9); a.Threshold != nil {
				t.Errorf("attribute 9 has threshold %d without a thresholds answer", *a.Threshold)
			}
			if val(r.TemperatureCelsius) != 31 || val(r.PowerOnHours) != uint64(40000) || r.WearLevelling != nil {
				t.Errorf("temperature %v hours %v wear %v, want 31 (attribute 190), 40000, none", val(r.TemperatureCelsius), val(r.PowerOnHours), r.WearLevelling)
			}
		}},
		{"bad checksum", &simdrive.SMART{Data: badSum, Thresholds: thresh}, func(t *testing.T, r *health.Report) {
			if r.ATA.AttributesState != health.NoAnswer || len(r.ATA.Attributes) != 0 || r.PowerOnHours != nil {
				t.Errorf("attributes %s %v: a corrupt answer must not be decoded", r.ATA.AttributesState, r.ATA.Attributes)
			}
			if r.State != health.Available || r.Overall != health.Passed || len(r.Errors) == 0 {
				t.Errorf("state %s overall %s errors %v: the verdict still stands, the error is recorded", r.State, r.Overall, r.Errors)
			}
		}},
		{"bridge that passes no data", &simdrive.SMART{Data: make([]byte, 512), Thresholds: make([]byte, 512), SelfTestLog: make([]byte, 512)}, func(t *testing.T, r *health.Report) {
			h := r.ATA
			if h.AttributesState != health.NoAnswer || h.ThresholdsState != health.NoAnswer || h.SelfTestState != health.NoAnswer || len(h.Attributes) != 0 {
				t.Errorf("attributes %s thresholds %s self-test %s: an all-zero buffer is no answer", h.AttributesState, h.ThresholdsState, h.SelfTestState)
			}
		}},
		{"smart disabled", &simdrive.SMART{Data: data, Disabled: true}, func(t *testing.T, r *health.Report) {
			if r.State != health.Unsupported || r.ATA == nil || r.ATA.Enabled || r.Overall != health.Unknown {
				t.Errorf("report %+v, want unsupported, SMART disabled, unknown", r)
			}
		}},
		{"no smart", nil, func(t *testing.T, r *health.Report) {
			if r.State != health.Unsupported || r.ATA != nil || r.Overall != health.Unknown {
				t.Errorf("report %+v, want unsupported without an ATA part", r)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, fixed := range []bool{false, true} {
				d := &simdrive.ATA{Medium: simdrive.NewMedium(1<<20, 512, 1), Model: "SIM", Serial: "S1", SMART: tc.smart, FixedSense: fixed}
				tc.check(t, health.ReadATA(context.Background(), d, identify(t, d)))
			}
		})
	}
}
