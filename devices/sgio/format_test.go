package sgio

import (
	"bytes"
	"errors"
	"testing"
)

// The bytes below follow SBC-4 tables 36 (CDB), 39/40 (short/long header) and 41
// (initialization pattern descriptor): FMTDATA 10h and CMPLST 08h in byte 1; FOV
// 80h, IP 08h and IMMED 02h in header byte 1; SI 20h in descriptor byte 0.
func TestFormatUnitBytes(t *testing.T) {
	cases := []struct {
		name        string
		f           FormatUnit
		cdb, params []byte
	}{
		{"short header, IMMED, pattern, no SI", FormatUnit{Immed: true, Pattern: []byte{0, 0, 0, 0}},
			[]byte{0x04, 0x18, 0, 0, 0, 0},
			[]byte{0x00, 0x8A, 0, 0, 0x00, 0x01, 0x00, 0x04, 0, 0, 0, 0}},
		{"SI set", FormatUnit{Immed: true, SecurityInitialize: true, Pattern: []byte{0xA5}},
			[]byte{0x04, 0x18, 0, 0, 0, 0},
			[]byte{0x00, 0x8A, 0, 0, 0x20, 0x01, 0x00, 0x01, 0xA5}},
		{"no pattern: IP clear, no descriptor", FormatUnit{Immed: true},
			[]byte{0x04, 0x18, 0, 0, 0, 0},
			[]byte{0x00, 0x82, 0, 0}},
		{"long list, protection type 3", FormatUnit{FMTPINFO: 3, ProtectionFieldUsage: 1, LongList: true, Pattern: []byte{0}},
			[]byte{0x04, 0xF8, 0, 0, 0, 0},
			[]byte{0x01, 0x88, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0x01, 0x00}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.f.CDB(); !bytes.Equal(got, tc.cdb) {
				t.Errorf("CDB got % X, want % X", got, tc.cdb)
			}
			if got := tc.f.Params(); !bytes.Equal(got, tc.params) {
				t.Errorf("params got % X, want % X", got, tc.params)
			}
			back, err := ParseFormatUnit(tc.cdb, tc.params)
			if err != nil {
				t.Fatal(err)
			}
			if back.FMTPINFO != tc.f.FMTPINFO || back.ProtectionFieldUsage != tc.f.ProtectionFieldUsage ||
				back.LongList != tc.f.LongList || back.Immed != tc.f.Immed ||
				back.SecurityInitialize != tc.f.SecurityInitialize || !bytes.Equal(back.Pattern, tc.f.Pattern) {
				t.Errorf("round trip: got %+v, want %+v", back, tc.f)
			}
		})
	}
}

func TestParseFormatUnitRejects(t *testing.T) {
	cdb := []byte{0x04, 0x18, 0, 0, 0, 0}
	cases := []struct {
		name   string
		params []byte
	}{
		{"short header", []byte{0, 0x8A}},
		{"IP without FOV", []byte{0, 0x0A, 0, 0, 0, 1, 0, 1, 0}},
		{"descriptor missing", []byte{0, 0x8A, 0, 0}},
		{"pattern shorter than its length", []byte{0, 0x8A, 0, 0, 0, 1, 0, 4, 0}},
		{"unknown pattern type", []byte{0, 0x8A, 0, 0, 0, 0x07, 0, 1, 0}},
	}
	for _, tc := range cases {
		if _, err := ParseFormatUnit(cdb, tc.params); !errors.Is(err, ErrBadFormatParams) {
			t.Errorf("%s: got %v, want ErrBadFormatParams", tc.name, err)
		}
	}
}

func TestProtectionFields(t *testing.T) {
	want := map[uint8][2]uint8{0: {0, 0}, 1: {2, 0}, 2: {3, 0}, 3: {3, 1}}
	for typ, w := range want {
		f, p, err := ProtectionFields(typ)
		if err != nil || f != w[0] || p != w[1] {
			t.Errorf("type %d: got FMTPINFO %d PFU %d (%v), want %v", typ, f, p, err, w)
		}
	}
	if _, _, err := ProtectionFields(4); err == nil {
		t.Error("type 4 accepted")
	}
}

func TestModeBlockDescriptor(t *testing.T) {
	if got, want := ModeSenseBlockDescriptor(252), []byte{0x5A, 0x10, 0x01, 0, 0, 0, 0, 0, 0xFC, 0}; !bytes.Equal(got, want) {
		t.Errorf("mode sense got % X, want % X", got, want)
	}
	short := BlockLengthParams(512, false)
	if want := []byte{0, 0, 0, 0, 0, 0, 0, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x00, 0x02, 0x00}; !bytes.Equal(short, want) {
		t.Errorf("short params got % X, want % X", short, want)
	}
	long := BlockLengthParams(4096, true)
	if want := []byte{0, 0, 0, 0, 1, 0, 0, 16, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0x10, 0x00}; !bytes.Equal(long, want) {
		t.Errorf("long params got % X, want % X", long, want)
	}
	// A MODE SENSE(10) answer of a 520-byte disk: header, short descriptor of
	// 0x00100000 blocks of 520 (0x208) bytes, then page 01h.
	ms := []byte{0, 0x1A, 0, 0x10, 0, 0, 0, 8, 0x00, 0x10, 0x00, 0x00, 0, 0x00, 0x02, 0x08, 0x01, 0x0A, 0xC0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	bd, ok := ParseBlockDescriptor(ms)
	if !ok || bd.Blocks != 0x100000 || bd.BlockBytes != 520 || bd.Long {
		t.Errorf("short descriptor: got %+v %v", bd, ok)
	}
	if n, ok := ParseModeSelectBlockLength(long); !ok || n != 4096 {
		t.Errorf("long select: got %d %v", n, ok)
	}
	if _, ok := ParseBlockDescriptor([]byte{0, 6, 0, 0, 0, 0, 0, 0}); ok {
		t.Error("an answer without block descriptor parsed")
	}
}

func TestReadCapacity16AndRead16(t *testing.T) {
	// 0x1FFFFF+1 blocks of 520 bytes, PROT_EN with P_TYPE 001b (type 2), 8 logical per physical.
	b := []byte{0, 0, 0, 0, 0, 0x1F, 0xFF, 0xFF, 0, 0, 0x02, 0x08, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	c, err := ParseReadCapacity16(b)
	if err != nil {
		t.Fatal(err)
	}
	if c.LogicalBlocks != 0x200000 || c.BlockBytes != 520 || c.ProtectionType != 2 || c.PhysicalExponent != 3 || !c.NeedsReformat() {
		t.Errorf("got %+v (needs reformat %v)", c, c.NeedsReformat())
	}
	if (Capacity{LogicalBlocks: 1, BlockBytes: 4096}).NeedsReformat() || !(Capacity{LogicalBlocks: 1, BlockBytes: 528}).NeedsReformat() ||
		!(Capacity{LogicalBlocks: 1, BlockBytes: 512, ProtectionType: 1}).NeedsReformat() {
		t.Error("NeedsReformat: wrong for 4096, 528 or type 1 at 512")
	}
	if _, err := ParseReadCapacity16(b[:10]); err == nil {
		t.Error("short answer accepted")
	}
	if got, want := Read16(0x123456789, 8), []byte{0x88, 0, 0, 0, 0, 0x01, 0x23, 0x45, 0x67, 0x89, 0, 0, 0, 8, 0, 0}; !bytes.Equal(got, want) {
		t.Errorf("read16 got % X, want % X", got, want)
	}
}

func TestFormatSense(t *testing.T) {
	progress := []byte{0x72, KeyNotReady, 0x04, 0x04, 0, 0, 0, 8, 0x02, 0x06, 0, 0, 0x80, 0x80, 0x00, 0}
	s, err := ParseSense(progress)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := s.Progress(); !s.FormatInProgress() || !ok || p != 0.5 {
		t.Errorf("format progress: in progress %v, %v %v", s.FormatInProgress(), p, ok)
	}
	failed, _ := ParseSense([]byte{0x70, 0, KeyMediumError, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x31, 0x00, 0, 0, 0, 0})
	if !failed.FormatFailed() || failed.String() != "MEDIUM ERROR, ASC/ASCQ 31h/00h (medium format corrupted)" {
		t.Errorf("format failed: %v %q", failed.FormatFailed(), failed)
	}
	e := &SenseError{Opcode: OpFormatUnit, Sense: Sense{Key: KeyIllegalRequest, ASC: 0x26}}
	if !e.ParameterListRejected() || e.Unsupported() {
		t.Errorf("26h/00h: rejected %v unsupported %v", e.ParameterListRejected(), e.Unsupported())
	}
}
