package ata

import (
	"encoding/binary"
	"errors"
	"testing"
)

// identifyBlock builds IDENTIFY data with words set and a valid checksum.
func identifyBlock(words map[int]uint16, strs map[int]string) []byte {
	b := make([]byte, 512)
	for w, v := range words {
		binary.LittleEndian.PutUint16(b[2*w:], v)
	}
	for w, s := range strs {
		for i := 0; i < len(s); i += 2 {
			b[2*w+i+1] = s[i] // ATA strings: first character in the high byte
			if i+1 < len(s) {
				b[2*w+i] = s[i+1]
			}
		}
	}
	b[510] = 0xA5
	var sum byte
	for _, c := range b[:511] {
		sum += c
	}
	b[511] = -sum
	return b
}

func TestParseIdentify(t *testing.T) {
	b := identifyBlock(map[int]uint16{
		59: 0xF000, 82: 1<<1 | 1<<10, 83: 1<<10 | 1<<11, 89: 0x8000 | 15, 90: 0x001E,
		100: 0x5678, 101: 0x1234, 128: 0x0029, 217: 1,
		60: 0xFFFF, 61: 0x0FFF,
	}, map[int]string{10: "S3Z1NB0K123456", 23: "RVT02B6Q", 27: "Samsung SSD 860 EVO 500GB"})
	id, err := ParseIdentify(b)
	if err != nil {
		t.Fatal(err)
	}
	if id.Serial() != "S3Z1NB0K123456" || id.Firmware() != "RVT02B6Q" || id.Model() != "Samsung SSD 860 EVO 500GB" {
		t.Errorf("strings %q %q %q", id.Serial(), id.Firmware(), id.Model())
	}
	if id.Sectors() != 0x12345678 {
		t.Errorf("sectors %x (48-bit words 100-103)", id.Sectors())
	}
	sec := id.Security()
	want := Security{Supported: true, Enabled: false, Locked: false, Frozen: true, EnhancedSupported: true,
		NormalEraseMinutes: 30, EnhancedEraseMinutes: 60}
	if sec != want {
		t.Errorf("security %+v, want %+v", sec, want)
	}
	if s := id.Sanitize(); s != (Sanitize{true, true, true, true}) {
		t.Errorf("sanitize %+v", s)
	}
	if !id.HPASupported() || !id.DCOSupported() || !id.NonRotating() || !id.LBA48() {
		t.Error("feature bits")
	}

	b[100] ^= 1
	if _, err := ParseIdentify(b); !errors.Is(err, ErrChecksum) {
		t.Errorf("bad checksum: %v", err)
	}
	if _, err := ParseIdentify(make([]byte, 512)); err == nil {
		t.Error("an all-zero answer parsed")
	}
}

func TestEraseMinutes(t *testing.T) {
	for _, tc := range []struct {
		w    uint16
		want int
	}{{0, 0}, {1, 2}, {255, 510}, {0x8000 | 300, 600}, {0x0100 | 5, 10}} {
		if got := eraseMinutes(tc.w); got != tc.want {
			t.Errorf("word %04X: %d, want %d", tc.w, got, tc.want)
		}
	}
}

func TestSecurityBlocks(t *testing.T) {
	c := SecurityEraseUnit("wipestation", true, 1)
	if c.Data[0] != 0x02 || c.Data[1] != 0 || string(c.Data[2:13]) != "wipestation" || c.Data[13] != 0 {
		t.Errorf("erase unit block % X", c.Data[:16])
	}
	if c := SecuritySetPassword("pw"); c.Data[0] != 0 || string(c.Data[2:4]) != "pw" || c.Protocol != ProtocolPIOOut {
		t.Errorf("set password % X", c.Data[:8])
	}
}

func TestParseSanitizeStatus(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    Registers
		want SanitizeState
	}{
		{"in progress", Registers{Count: 1 << 14, LBA: 0x8000}, SanitizeState{InProgress: true, Progress: 0.5}},
		{"completed", Registers{Count: 1 << 15, LBA: 0xFFFF}, SanitizeState{Completed: true, Progress: 65535.0 / 65536}},
		{"truncated", Registers{Truncated: true, CountUpperNonZero: true}, SanitizeState{Unknown: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ParseSanitizeStatus(tc.r); got != tc.want {
				t.Errorf("got %+v want %+v", got, tc.want)
			}
		})
	}
}

func TestTrusted(t *testing.T) {
	cases := []struct {
		name   string
		cmd    Command
		op     uint8
		count  uint16
		lba    uint64
		proto  Protocol
		blocks int
	}{
		{"receive 4 blocks on ComID 07FEh", TrustedReceive(0x01, 0x07FE, make([]byte, 2048)), OpTrustedReceive, 4, 0x07FE00, ProtocolPIOIn, 4},
		{"send 1 block on ComID 0001h", TrustedSend(0x01, 0x0001, make([]byte, 512)), OpTrustedSend, 1, 0x000100, ProtocolPIOOut, 1},
		// 300 blocks: COUNT 7:0 holds 2Ch, LBA 7:0 the high byte 01h.
		{"receive 300 blocks", TrustedReceive(0x01, 0x1000, make([]byte, 300*512)), OpTrustedReceive, 0x2C, 0x100001, ProtocolPIOIn, 300},
	}
	for _, c := range cases {
		if c.cmd.Command != c.op || c.cmd.Features != 0x01 || c.cmd.Count != c.count || c.cmd.LBA != c.lba ||
			c.cmd.Protocol != c.proto || c.cmd.Extended || len(c.cmd.Data) != c.blocks*512 || c.cmd.Timeout <= 0 {
			t.Errorf("%s: %+v", c.name, c.cmd)
		}
	}
	w48 := func(v uint16) IdentifyData {
		var id IdentifyData
		id.Words[48] = v
		return id
	}
	// QEMU's word 48 is 0001h (ATA-1 "double word I/O"): without the validity
	// bits 15:14 = 01b it says nothing about trusted computing.
	for v, want := range map[uint16]bool{0x4001: true, 0x0001: false, 0x4000: false, 0xC001: false, 0xFFFF: false} {
		if got := w48(v).TrustedComputing(); got != want {
			t.Errorf("word 48 = %04Xh: trusted computing %v, want %v", v, got, want)
		}
	}
}
