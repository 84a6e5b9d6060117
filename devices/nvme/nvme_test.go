package nvme

import (
	"encoding/binary"
	"errors"
	"testing"
	"time"
)

func TestCommands(t *testing.T) {
	cases := []struct {
		name               string
		c                  Command
		op                 uint8
		nsid, cdw10, cdw11 uint32
		dataLen            int
	}{
		{"identify controller", IdentifyController(), 0x06, 0, 0x01, 0, 4096},
		{"identify namespace", IdentifyNamespace(1), 0x06, 1, 0x00, 0, 4096},
		{"active namespaces", ActiveNamespaces(), 0x06, 0, 0x02, 0, 4096},
		{"format ses=1 lbaf=0", FormatNVM(1, 0, SESUserData, time.Hour), 0x80, 1, 0x0200, 0, 0},
		{"format ses=2 lbaf=3", FormatNVM(1, 3, SESCryptoKeys, time.Hour), 0x80, 1, 0x0403, 0, 0},
		{"format lbaf=17 upper bits", FormatNVM(2, 17, SESUserData, time.Hour), 0x80, 2, 0x1201, 0, 0},
		{"sanitize crypto", Sanitize(SanitizeCryptoErase, false, 1, 0), 0x84, 0, 0x04, 0, 0},
		{"sanitize block ause", Sanitize(SanitizeBlockErase, true, 1, 0), 0x84, 0, 0x0A, 0, 0},
		{"sanitize overwrite", Sanitize(SanitizeOverwrite, false, 1, 0xDEADBEEF), 0x84, 0, 0x13, 0xDEADBEEF, 0},
		{"sanitize status log", SanitizeStatusLog(), 0x02, 0xFFFFFFFF, 0x007F0081, 0, 512},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c
			if c.Opcode != tc.op || c.NSID != tc.nsid || c.CDW10 != tc.cdw10 || c.CDW11 != tc.cdw11 || len(c.Data) != tc.dataLen {
				t.Errorf("got op %02X nsid %d cdw10 %08X cdw11 %08X data %d", c.Opcode, c.NSID, c.CDW10, c.CDW11, len(c.Data))
			}
			if c.Timeout <= 0 {
				t.Error("no timeout")
			}
		})
	}
}

func TestParseController(t *testing.T) {
	b := make([]byte, 4096)
	binary.LittleEndian.PutUint16(b[0:], 0x1B36)
	copy(b[4:24], "deadbeef            ")
	copy(b[24:64], "QEMU NVMe Ctrl                          ")
	copy(b[64:72], "7.2.0   ")
	binary.LittleEndian.PutUint16(b[256:], 0x000A) // Format NVM + NS management
	binary.LittleEndian.PutUint32(b[328:], 0x5)    // crypto + overwrite
	b[524] = 0x04
	c, err := ParseController(b)
	if err != nil {
		t.Fatal(err)
	}
	if c.Serial != "deadbeef" || c.Model != "QEMU NVMe Ctrl" || c.Firmware != "7.2.0" || c.VID != 0x1B36 {
		t.Errorf("identity %+v", c)
	}
	if !c.FormatNVM || !c.CryptoFormat || c.FormatAllNS || !c.SanCrypto || c.SanBlock || !c.SanOverwrite {
		t.Errorf("capabilities %+v", c)
	}
	if _, err := ParseController(b[:100]); err == nil {
		t.Error("short data parsed")
	}
}

func TestParseNamespace(t *testing.T) {
	b := make([]byte, 4096)
	binary.LittleEndian.PutUint64(b[0:], 2097152)
	b[26] = 0x01 // current format 1
	b[33] = 0x09 // DLFEAT: reads 00h
	b[128+4*1+2] = 12
	n, err := ParseNamespace(b)
	if err != nil {
		t.Fatal(err)
	}
	if n.Size != 2097152 || n.FormatIndex != 1 || n.LBABytes != 4096 || n.DeallocReads != 1 {
		t.Errorf("%+v", n)
	}
}

func TestParseSanitizeStatus(t *testing.T) {
	b := make([]byte, 512)
	binary.LittleEndian.PutUint16(b[0:], 0x4000)
	binary.LittleEndian.PutUint16(b[2:], 0x0002|1<<8)
	binary.LittleEndian.PutUint32(b[4:], 0x4)
	s, err := ParseSanitizeStatus(b)
	if err != nil || s.Progress != 0.25 || s.State != SanitizeInProgress || !s.GlobalDataErased || s.CDW10 != 4 {
		t.Errorf("%+v %v", s, err)
	}
}

func TestStatusError(t *testing.T) {
	var err error = &StatusError{Opcode: 0x84, Status: 0x4001}
	var se *StatusError
	if !errors.As(err, &se) || !se.Unsupported() || !se.DNR() || se.SCT() != 0 || se.SC() != 1 {
		t.Errorf("%v", err)
	}
	if (&StatusError{Status: 0x410A}).Unsupported() {
		t.Error("invalid format is not 'unsupported'")
	}
}

func TestParseNamespaceList(t *testing.T) {
	b := make([]byte, 16)
	binary.LittleEndian.PutUint32(b[0:], 1)
	binary.LittleEndian.PutUint32(b[4:], 3)
	if got := ParseNamespaceList(b); len(got) != 2 || got[0] != 1 || got[1] != 3 {
		t.Errorf("%v", got)
	}
}

func TestSecurityCommands(t *testing.T) {
	r := SecurityReceive(0x01, 0x07FE, make([]byte, 2048))
	// CDW10: SECP 01h in 31:24, SPSP 07FEh in 23:8, NSSF 0; CDW11: 2048 bytes.
	if r.Opcode != OpSecurityReceive || r.CDW10 != 0x0107FE00 || r.CDW11 != 2048 || r.ToDevice || r.Timeout <= 0 {
		t.Errorf("security receive %+v", r)
	}
	s := SecuritySend(0x01, 0x0001, make([]byte, 512))
	if s.Opcode != OpSecuritySend || s.CDW10 != 0x01000100 || s.CDW11 != 512 || !s.ToDevice {
		t.Errorf("security send %+v", s)
	}
	b := make([]byte, 4096)
	b[256] = 0x03
	c, err := ParseController(b)
	if err != nil || !c.Security || !c.FormatNVM {
		t.Errorf("OACS 03h: %+v %v", c, err)
	}
}
