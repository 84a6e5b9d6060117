package tcg

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// discoveryBytes builds a Level 0 Discovery answer from descriptors given in hex.
func discovery(t *testing.T, descs ...string) []byte {
	t.Helper()
	b := make([]byte, 48)
	b[7] = 1 // revision 1
	for _, d := range descs {
		b = append(b, unhex(t, d)...)
	}
	n := len(b) - 4
	b[0], b[1], b[2], b[3] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
	return append(b, make([]byte, 2048-len(b))...)
}

const (
	tperDesc = "0001 10 0C 01 00000000 00000000 000000"
	// Locking: supported, enabled, locked, media encryption.
	lockingLocked   = "0002 10 0C 0F 00000000 00000000 000000"
	lockingUnlocked = "0002 10 0C 0B 00000000 00000000 000000"
	lockingOff      = "0002 10 0C 09 00000000 00000000 000000"
	pyriteLocking   = "0002 10 0C 01 00000000 00000000 000000"
	opal2Desc       = "0203 20 10 07FE 0001 00 0004 0008 00 00 00000000 00"
	opal1Desc       = "0200 10 0C 1000 0001 00000000 00000000"
	enterpriseDesc  = "0100 10 0C 07FE 0001 01 000000 00000000"
	pyrite2Desc     = "0303 10 10 0800 0001 00 0000 0000 00 00 00000000 00"
	rubyDesc        = "0304 10 10 0900 0001 00 0000 0000 00 00 00000000 00"
	opaliteDesc     = "0301 10 10 0A00 0001 00 0000 0000 00 00 00000000 00"
	pyrite1Desc     = "0302 10 10 0B00 0001 00 0000 0000 00 00 00000000 00"
	geometryDesc    = "0003 10 1C 01 00000000000000 00000200 0000000000000008 0000000000000000"
)

func TestParseDiscovery(t *testing.T) {
	cases := []struct {
		name            string
		in              []byte
		ssc             SSC
		comID           uint16
		enabled, locked bool
		encryption      bool
		noLocking       bool
		err             string
	}{
		{name: "opal 2 locked", in: discovery(t, tperDesc, lockingLocked, geometryDesc, opal2Desc),
			ssc: SSCOpal2, comID: 0x07FE, enabled: true, locked: true, encryption: true},
		{name: "opal 2 unlocked", in: discovery(t, tperDesc, lockingUnlocked, opal2Desc),
			ssc: SSCOpal2, comID: 0x07FE, enabled: true, encryption: true},
		{name: "opal 1 locking off", in: discovery(t, tperDesc, lockingOff, opal1Desc),
			ssc: SSCOpal1, comID: 0x1000, encryption: true},
		{name: "enterprise", in: discovery(t, tperDesc, lockingUnlocked, enterpriseDesc),
			ssc: SSCEnterprise, comID: 0x07FE, enabled: true, encryption: true},
		{name: "pyrite 2 without encryption", in: discovery(t, tperDesc, pyriteLocking, pyrite2Desc),
			ssc: SSCPyrite2, comID: 0x0800},
		{name: "pyrite 1", in: discovery(t, tperDesc, pyriteLocking, pyrite1Desc), ssc: SSCPyrite1, comID: 0x0B00},
		{name: "ruby", in: discovery(t, tperDesc, lockingLocked, rubyDesc), ssc: SSCRuby, comID: 0x0900,
			enabled: true, locked: true, encryption: true},
		{name: "opalite", in: discovery(t, tperDesc, lockingOff, opaliteDesc), ssc: SSCOpalite, comID: 0x0A00, encryption: true},
		{name: "opal 2 preferred over enterprise", in: discovery(t, tperDesc, lockingOff, enterpriseDesc, opal2Desc),
			ssc: SSCOpal2, comID: 0x07FE, encryption: true},
		{name: "not an SED: empty answer", in: make([]byte, 2048), noLocking: true},
		{name: "truncated header", in: make([]byte, 20), err: "shorter than its 48-byte header"},
		{name: "length past the buffer", in: unhex(t, "00001000 00000001"+strings.Repeat("00", 40)), err: "parameter data of 4096 bytes"},
		{name: "descriptor past the data", in: func() []byte {
			b := discovery(t, tperDesc)
			b[48+3] = 0x40
			return b
		}(), err: "runs past the data"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := ParseDiscovery(c.in)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			p, ok := d.Primary()
			if ok != (c.ssc != "") || p.SSC != c.ssc || p.BaseComID != c.comID {
				t.Errorf("primary %+v %v, want %q ComID %04X", p, ok, c.ssc, c.comID)
			}
			if c.noLocking {
				if d.Locking != nil || d.TPer {
					t.Errorf("features on an empty answer: %+v", d)
				}
				return
			}
			if !d.TPer || !d.Sync {
				t.Errorf("TPer %v sync %v", d.TPer, d.Sync)
			}
			l := d.Locking
			if l == nil || !l.Supported || l.Enabled != c.enabled || l.Locked != c.locked || l.MediaEncryption != c.encryption {
				t.Errorf("locking %+v, want enabled %v locked %v encryption %v", l, c.enabled, c.locked, c.encryption)
			}
		})
	}
}

func TestPSIDRevertable(t *testing.T) {
	for ssc, want := range map[SSC]bool{SSCOpal2: true, SSCOpal1: true, SSCRuby: true, SSCOpalite: true,
		SSCPyrite1: true, SSCPyrite2: true, SSCEnterprise: false, "": false} {
		if ssc.PSIDRevertable() != want {
			t.Errorf("%q: %v", ssc, !want)
		}
	}
}

func TestEncoder(t *testing.T) {
	cases := []struct {
		name string
		enc  func(e *Encoder)
		want string
	}{
		{"tiny 0", func(e *Encoder) { e.Uint(0) }, "00"},
		{"tiny 63", func(e *Encoder) { e.Uint(63) }, "3F"},
		{"short 64", func(e *Encoder) { e.Uint(64) }, "81 40"},
		{"short 1001h", func(e *Encoder) { e.Uint(0x1001) }, "82 1001"},
		{"short max", func(e *Encoder) { e.Uint(^uint64(0)) }, "88 FFFFFFFFFFFFFFFF"},
		{"uid", func(e *Encoder) { e.UID(UIDAdminSP) }, "A8 0000020500000001"},
		{"empty bytes", func(e *Encoder) { e.Atom(nil) }, "A0"},
		{"medium bytes", func(e *Encoder) { e.Atom(bytes.Repeat([]byte{'A'}, 32)) }, "D0 20" + strings.Repeat("41", 32)},
		{"medium bytes 2047", func(e *Encoder) { e.Atom(make([]byte, 2047)) }, "D7 FF" + strings.Repeat("00", 2047)},
		{"long bytes", func(e *Encoder) { e.Atom(make([]byte, 2048)) }, "E2 000800" + strings.Repeat("00", 2048)},
		{"controls", func(e *Encoder) {
			e.Control(TokStartList).Control(TokStartName).Control(TokEndName).Control(TokEndList).Control(TokCall).Control(TokEndOfData)
		}, "F0 F2 F3 F1 F8 F9"},
	}
	for _, c := range cases {
		e := &Encoder{}
		c.enc(e)
		if got, want := e.Bytes(), unhex(t, c.want); !bytes.Equal(got, want) {
			t.Errorf("%s: % X, want % X", c.name, got, want)
		}
	}
}

func TestDecode(t *testing.T) {
	toks, err := Decode(unhex(t, "F0 00 3F 7F 81 40 82 1001 92 FFFE A3 414243 D0 02 5A5A E2 000001 07 E1 000001 FF FF F1 F9 FA"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Token{{Kind: KindControl, Control: 0xF0}, {Kind: KindUint}, {Kind: KindUint, Uint: 63},
		{Kind: KindInt, Uint: 63}, {Kind: KindUint, Uint: 64}, {Kind: KindUint, Uint: 0x1001}, {Kind: KindInt, Uint: 0xFFFE},
		{Kind: KindBytes, Bytes: []byte("ABC")}, {Kind: KindBytes, Bytes: []byte{0x5A, 0x5A}}, {Kind: KindBytes, Bytes: []byte{7}},
		{Kind: KindInt, Uint: 0xFF},
		{Kind: KindControl, Control: 0xF1}, {Kind: KindControl, Control: 0xF9}, {Kind: KindControl, Control: 0xFA}}
	if len(toks) != len(want) {
		t.Fatalf("%d tokens %v, want %d", len(toks), toks, len(want))
	}
	for i := range want {
		if toks[i].Kind != want[i].Kind || toks[i].Control != want[i].Control || toks[i].Uint != want[i].Uint ||
			!bytes.Equal(toks[i].Bytes, want[i].Bytes) {
			t.Errorf("token %d: %+v, want %+v", i, toks[i], want[i])
		}
	}
	for _, bad := range []string{"A8 0000", "D0", "D0 05 00", "E2 0000", "E2 000010 00", "89 0102030405060708 09", "E4"} {
		if _, err := Decode(unhex(t, bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// TestStartSessionPSID checks the method stream against bytes assembled by hand
// from Core 5.2.3.1 and the Opal PSID authority UID.
func TestStartSessionPSID(t *testing.T) {
	psid := "0123456789ABCDEFGHIJKLMNOPQRSTUV"
	p, err := ParsePSID(psid)
	if err != nil {
		t.Fatal(err)
	}
	got := StartSessionPSID(1, p)
	want := unhex(t, "F8 A8 00000000000000FF A8 000000000000FF02 F0 01 A8 0000020500000001 01"+
		"F2 00 D0 20"+hex.EncodeToString([]byte(psid))+"F3 F2 03 A8 000000090001FF01 F3 F1 F9 F0 00 00 00 F1")
	if !bytes.Equal(got, want) {
		t.Fatalf("\n got % X\nwant % X", got, want)
	}
	if r := RevertAdminSP(); !bytes.Equal(r, unhex(t, "F8 A8 0000020500000001 A8 0000000600000202 F0 F1 F9 F0 00 00 00 F1")) {
		t.Errorf("revert % X", r)
	}
	if e := EndOfSession(); !bytes.Equal(e, []byte{0xFA}) {
		t.Errorf("end of session % X", e)
	}
}

func TestComPacket(t *testing.T) {
	payload := []byte{0xF8, 0xA8, 1, 2, 3}
	b := EncodeComPacket(0x07FE, 0x1001, 1, payload)
	if len(b) != 512 {
		t.Fatalf("%d bytes, want one 512-byte block", len(b))
	}
	// ComPacket: reserved, ComID 07FE, extension 0, outstanding 0, min transfer 0, length 24+12+8.
	// Packet: TSN 1001, HSN 1, seq 0, reserved, ack type 0, ack 0, length 12+8.
	// SubPacket: reserved 6, kind 0, length 5, payload, 3 bytes of padding.
	want := unhex(t, "00000000 07FE 0000 00000000 00000000 0000002C"+
		"00001001 00000001 00000000 0000 0000 00000000 00000014"+
		"000000000000 0000 00000005 F8A8010203 000000")
	if !bytes.Equal(b[:len(want)], want) || !bytes.Equal(b[len(want):], make([]byte, 512-len(want))) {
		t.Fatalf("\n got % X\nwant % X", b[:len(want)], want)
	}
	c, err := DecodeComPacket(b)
	if err != nil {
		t.Fatal(err)
	}
	if c.ComID != 0x07FE || c.TSN != 0x1001 || c.HSN != 1 || !bytes.Equal(c.Payload, payload) || c.Empty {
		t.Errorf("decoded %+v", c)
	}
	empty := make([]byte, 512)
	copy(empty, unhex(t, "00000000 07FE 0000 00000001"))
	if c, err := DecodeComPacket(empty); err != nil || !c.Empty || c.Outstanding != 1 {
		t.Errorf("empty compacket: %+v %v", c, err)
	}
	bad := append([]byte(nil), b...)
	bad[17] = 0xFF
	if _, err := DecodeComPacket(bad); err == nil {
		t.Error("a compacket longer than its buffer decoded")
	}
	bad = append([]byte(nil), b...)
	bad[20+24+11] = 0xFF
	if _, err := DecodeComPacket(bad); err == nil {
		t.Error("a subpacket longer than its packet decoded")
	}
}

func TestSyncSession(t *testing.T) {
	ok := unhex(t, "F8 A8 00000000000000FF A8 000000000000FF03 F0 01 82 1001 F1 F9 F0 00 00 00 F1")
	hsn, tsn, err := ParseSyncSession(ok)
	if err != nil || hsn != 1 || tsn != 0x1001 {
		t.Fatalf("hsn %d tsn %d err %v", hsn, tsn, err)
	}
	for _, c := range []struct {
		status Status
		name   string
	}{{NotAuthorized, "NOT_AUTHORIZED"}, {AuthorityLockedOut, "AUTHORITY_LOCKED_OUT"}, {SPBusy, "SP_BUSY"},
		{NoSessionsAvailable, "NO_SESSIONS_AVAILABLE"}, {InvalidParameter, "INVALID_PARAMETER"}, {Fail, "FAIL"}} {
		b := unhex(t, "F8 A8 00000000000000FF A8 000000000000FF03 F0 F1 F9 F0")
		b = append(b, byte(c.status), 0, 0, 0xF1)
		_, _, err := ParseSyncSession(b)
		var me *MethodError
		if !errors.As(err, &me) || me.Status != c.status || !errors.Is(err, c.status) {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !strings.Contains(err.Error(), c.name) || me.Method != "StartSession" {
			t.Errorf("%q does not name %s", err, c.name)
		}
	}
	if errors.Is(&MethodError{Status: NotAuthorized}, AuthorityLockedOut) {
		t.Error("NOT_AUTHORIZED is AUTHORITY_LOCKED_OUT")
	}
	if _, _, err := ParseSyncSession(unhex(t, "F8 A8 00000000000000FF")); !errors.Is(err, ErrNoStatus) {
		t.Errorf("no status: %v", err)
	}
	if _, _, err := ParseSyncSession(unhex(t, "F8 A8 00000000000000FF A8 000000000000FF02 F0 01 02 F1 F9 F0 00 00 00 F1")); err == nil {
		t.Error("a StartSession echoed as its answer parsed")
	}
	if Status(0x55).String() != "STATUS_55h" {
		t.Errorf("unknown status %q", Status(0x55))
	}
}

func TestPSID(t *testing.T) {
	for _, c := range []struct {
		in, err string
	}{
		{"0123456789ABCDEFGHIJKLMNOPQRSTUV", ""},
		{"  0123456789abcdefghijklmnopqrstuv\n", ""},
		{"0123456789ABCDEFGHIJKLMNOPQRSTU", "31 characters"},
		{"0123456789ABCDEFGHIJKLMNOPQRSTUVW", "33 characters"},
		{"0123456789ABCDEF-HIJKLMNOPQRSTUV", "character 17"},
		{"0123456789ABCDEF HIJKLMNOPQRSTUV", "character 17"},
		{"", "0 characters"},
	} {
		p, err := ParsePSID(c.in)
		if c.err != "" {
			if !errors.Is(err, ErrPSIDFormat) || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		full := strings.TrimSpace(c.in)
		js, _ := p.MarshalJSON()
		for _, shown := range []string{p.String(), fmt.Sprintf("%v %+v %#v %s", p, p, p, p), string(js),
			fmt.Sprintf("%+v", struct{ P PSID }{p})} {
			if strings.Contains(shown, full[:8]) {
				t.Errorf("the PSID shows in %q", shown)
			}
		}
		if p.Last4() != full[28:] || !strings.HasSuffix(p.String(), full[28:]) {
			t.Errorf("last 4 %q, string %q", p.Last4(), p)
		}
		if !bytes.Equal(p.bytes(), []byte(full)) {
			t.Errorf("credential % X", p.bytes())
		}
	}
}
