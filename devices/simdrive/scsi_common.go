package simdrive

import (
	"encoding/binary"

	"github.com/wipestation/wipestation/devices/ata"
	"github.com/wipestation/wipestation/devices/sgio"
)

// good is a GOOD status.
func good() sgio.Response { return sgio.Response{Status: sgio.StatusGood} }

// descSense builds descriptor-format sense with optional descriptors.
func descSense(key, asc, ascq uint8, descs ...[]byte) []byte {
	b := []byte{0x72, key, asc, ascq, 0, 0, 0, 0}
	for _, d := range descs {
		b = append(b, d...)
	}
	b[7] = uint8(len(b) - 8)
	return b
}

// fixedSense builds fixed-format sense (18 bytes).
func fixedSense(key, asc, ascq uint8) []byte {
	b := make([]byte, 18)
	b[0] = 0x70
	b[2] = key
	b[7] = 10
	b[12], b[13] = asc, ascq
	return b
}

func check(sense []byte) sgio.Response {
	return sgio.Response{Status: sgio.StatusCheckCondition, Sense: sense, DriverStatus: 0x08}
}

func illegalRequest() sgio.Response { return check(descSense(sgio.KeyIllegalRequest, 0x20, 0)) }

func invalidField() sgio.Response { return check(descSense(sgio.KeyIllegalRequest, 0x24, 0)) }

// progressSense is NOT READY 04h/1Bh (sanitize in progress) with the progress indication.
func progressSense(key uint8, fraction float64) []byte {
	p := uint16(fraction * 65536)
	sks := []byte{0x02, 0x06, 0, 0, 0x80, byte(p >> 8), byte(p), 0}
	return descSense(key, 0x04, 0x1B, sks)
}

// inquiry answers standard INQUIRY and VPD pages 00h, 80h.
func inquiry(cdb []byte, data []byte, vendor, product, rev, serial string) (sgio.Response, bool) {
	if cdb[1]&1 == 0 {
		b := make([]byte, 36)
		b[2] = 0x06
		b[3] = 0x02
		b[4] = 31
		copy(b[8:16], pad(vendor, 8))
		copy(b[16:32], pad(product, 16))
		copy(b[32:36], pad(rev, 4))
		copy(data, b)
		return good(), true
	}
	switch cdb[2] {
	case 0x00:
		copy(data, []byte{0, 0, 0, 2, 0x00, 0x80})
		return good(), true
	case 0x80:
		b := append([]byte{0, 0x80, 0, byte(len(serial))}, serial...)
		copy(data, b)
		return good(), true
	}
	return invalidField(), true
}

func pad(s string, n int) []byte {
	b := []byte(s)
	for len(b) < n {
		b = append(b, ' ')
	}
	return b[:n]
}

// readCapacity16 answers READ CAPACITY(16).
func readCapacity16(data []byte, m *Medium) sgio.Response {
	return readCapacity(data, uint64(m.Size()/int64(m.SectorBytes())), m.SectorBytes())
}

// readCapacity answers READ CAPACITY(16) for a capacity of sectors.
func readCapacity(data []byte, sectors uint64, sectorBytes int) sgio.Response {
	b := make([]byte, 32)
	binary.BigEndian.PutUint64(b[0:8], sectors-1)
	binary.BigEndian.PutUint32(b[8:12], uint32(sectorBytes))
	copy(data, b)
	return good()
}

// ataSense encodes ATA result registers the way a SAT layer does: descriptor 09h,
// SAT fixed format, or Linux libata's pre-6.10 fixed layout.
func ataSense(format senseFormat, key, asc, ascq uint8, r ata.Registers) []byte {
	switch format {
	case formatFixedSAT, formatFixedLegacy:
		b := make([]byte, 32)
		b[0] = 0x70
		b[2] = key
		b[7] = 24
		b[12], b[13] = asc, ascq
		flags := uint8(0x80)
		if r.Count>>8 != 0 {
			flags |= 0x40
		}
		if r.LBA>>24 != 0 {
			flags |= 0x20
		}
		if format == formatFixedSAT {
			b[0] |= 0x80
			b[3], b[4], b[5], b[6] = r.Error, r.Status, r.Device, uint8(r.Count)
			b[8] = flags
			b[9], b[10], b[11] = uint8(r.LBA), uint8(r.LBA>>8), uint8(r.LBA>>16)
		} else {
			b[8], b[9], b[10], b[11] = r.Error, r.Status, r.Device, uint8(r.Count)
			b[16] = flags
			b[17], b[18], b[19] = uint8(r.LBA), uint8(r.LBA>>8), uint8(r.LBA>>16)
		}
		return b
	}
	d := make([]byte, 14)
	d[0], d[1] = 0x09, 0x0C
	d[2] = 0x01
	d[3] = r.Error
	d[4], d[5] = uint8(r.Count>>8), uint8(r.Count)
	d[6], d[7] = uint8(r.LBA>>24), uint8(r.LBA)
	d[8], d[9] = uint8(r.LBA>>32), uint8(r.LBA>>8)
	d[10], d[11] = uint8(r.LBA>>40), uint8(r.LBA>>16)
	d[12], d[13] = r.Device, r.Status
	return descSense(key, asc, ascq, d)
}

type senseFormat int

const (
	formatDescriptor senseFormat = iota
	formatFixedSAT
	formatFixedLegacy
)

// securityProtocol answers SECURITY PROTOCOL IN/OUT (SPC-5 6.40, 6.41) for sed;
// a drive without one does not know the commands.
func securityProtocol(sed *SED, req sgio.Request) sgio.Response {
	if sed == nil {
		return illegalRequest()
	}
	c := req.CDB
	if len(c) != 12 || c[4]&0x80 != 0 {
		return invalidField()
	}
	protocol, comID := c[1], binary.BigEndian.Uint16(c[2:4])
	n := binary.BigEndian.Uint32(c[6:10])
	if int(n) != len(req.Data) {
		return invalidField()
	}
	ok := false
	if c[0] == sgio.OpSecurityProtocolIn {
		ok = sed.IFRecv(protocol, comID, req.Data)
	} else {
		ok = sed.IFSend(protocol, comID, req.Data)
	}
	if !ok {
		return invalidField()
	}
	return good()
}
