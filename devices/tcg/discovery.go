// Package tcg speaks the small part of the TCG Storage protocols a sanitization
// desk needs: Level 0 Discovery (which Security Subsystem Class a drive
// implements, whether locking is enabled and the medium locked), and the PSID
// revert of the Admin SP (a session started with the PSID authority, the Revert
// method, the session closed). Everything that builds or parses bytes is a pure
// function tested against bytes (TCG Storage Architecture Core Specification 2.01,
// Opal SSC 2.01, Opalite, Pyrite 1/2, Ruby and Enterprise SSC); the bytes travel
// through the drive's security protocol commands (IF-SEND/IF-RECV: ATA TRUSTED
// SEND/RECEIVE, SCSI SECURITY PROTOCOL IN/OUT, NVMe Security Send/Receive).
package tcg

import (
	"encoding/binary"
	"fmt"
)

// ProtocolTCG is the security protocol of TCG ComPackets and Level 0 Discovery
// (SPC-5 table 265: 01h-06h are TCG).
const ProtocolTCG = 0x01

// ComIDDiscovery is the ComID Level 0 Discovery is read from (Core 3.3.6).
const ComIDDiscovery = 0x0001

// discoveryHeaderBytes is the Level 0 Discovery header (Core table 39).
const discoveryHeaderBytes = 48

// Feature codes of Level 0 Discovery descriptors (Core table 41 and the SSCs).
const (
	FeatureTPer       = 0x0001
	FeatureLocking    = 0x0002
	FeatureGeometry   = 0x0003
	FeatureEnterprise = 0x0100
	FeatureOpal1      = 0x0200
	FeatureSingleUser = 0x0201
	FeatureDataStore  = 0x0202
	FeatureOpal2      = 0x0203
	FeatureOpalite    = 0x0301
	FeaturePyrite1    = 0x0302
	FeaturePyrite2    = 0x0303
	FeatureRuby       = 0x0304
)

// SSC is a Security Subsystem Class.
type SSC string

// The SSCs Level 0 Discovery tells apart.
const (
	SSCEnterprise SSC = "Enterprise"
	SSCOpal1      SSC = "Opal 1"
	SSCOpal2      SSC = "Opal 2"
	SSCOpalite    SSC = "Opalite"
	SSCPyrite1    SSC = "Pyrite 1"
	SSCPyrite2    SSC = "Pyrite 2"
	SSCRuby       SSC = "Ruby"
)

// sscFeatures maps each SSC feature code to its class, in the order Primary
// prefers them when a drive reports more than one (the newest Opal family first).
var sscFeatures = []struct {
	code uint16
	ssc  SSC
}{
	{FeatureOpal2, SSCOpal2}, {FeatureRuby, SSCRuby}, {FeatureOpal1, SSCOpal1}, {FeatureOpalite, SSCOpalite},
	{FeaturePyrite2, SSCPyrite2}, {FeaturePyrite1, SSCPyrite1}, {FeatureEnterprise, SSCEnterprise},
}

// SSCInfo is one SSC feature descriptor: every SSC descriptor starts with the
// base ComID and the number of ComIDs (Opal 2.01 table 13, Enterprise table 8).
type SSCInfo struct {
	SSC       SSC
	Code      uint16
	BaseComID uint16
	ComIDs    uint16
}

// Locking is the Locking feature descriptor (Core table 43), byte 4.
type Locking struct {
	Supported       bool // bit 0
	Enabled         bool // bit 1: a Locking SP is activated and a range has locking enabled
	Locked          bool // bit 2: at least one locking range is locked
	MediaEncryption bool // bit 3: user data is encrypted with a media key
	MBREnabled      bool // bit 4
	MBRDone         bool // bit 5
}

// Discovery is a parsed Level 0 Discovery response.
type Discovery struct {
	Revision uint32
	// TPer is set when the TPer feature is present; Sync is its Sync Supported bit.
	TPer, Sync bool
	Locking    *Locking
	SSCs       []SSCInfo
	// Features lists every feature code in the order the drive reported them.
	Features []uint16
}

// ParseDiscovery decodes a Level 0 Discovery response: the header (length of
// parameter data, data structure revision) and every feature descriptor (code,
// version, length). An all-zero or empty answer (a drive without TCG support that
// accepts the command anyway) yields a Discovery without features.
func ParseDiscovery(b []byte) (Discovery, error) {
	var d Discovery
	if len(b) < discoveryHeaderBytes {
		return d, fmt.Errorf("level 0 discovery: %d bytes, shorter than its %d-byte header", len(b), discoveryHeaderBytes)
	}
	length := binary.BigEndian.Uint32(b[0:4])
	d.Revision = binary.BigEndian.Uint32(b[4:8])
	if length == 0 {
		return d, nil
	}
	end := 4 + int64(length)
	if end > int64(len(b)) {
		return d, fmt.Errorf("level 0 discovery: parameter data of %d bytes in a %d-byte answer", length, len(b))
	}
	for off := int64(discoveryHeaderBytes); off < end; {
		if off+4 > end {
			return d, fmt.Errorf("level 0 discovery: truncated feature descriptor at byte %d", off)
		}
		code := binary.BigEndian.Uint16(b[off : off+2])
		n := int64(b[off+3])
		if off+4+n > end {
			return d, fmt.Errorf("level 0 discovery: feature %04Xh of %d bytes runs past the data at byte %d", code, n, off)
		}
		data := b[off+4 : off+4+n]
		d.Features = append(d.Features, code)
		switch code {
		case FeatureTPer:
			d.TPer = true
			d.Sync = len(data) > 0 && data[0]&0x01 != 0
		case FeatureLocking:
			var f byte
			if len(data) > 0 {
				f = data[0]
			}
			d.Locking = &Locking{Supported: f&0x01 != 0, Enabled: f&0x02 != 0, Locked: f&0x04 != 0,
				MediaEncryption: f&0x08 != 0, MBREnabled: f&0x10 != 0, MBRDone: f&0x20 != 0}
		default:
			for _, s := range sscFeatures {
				if s.code == code && len(data) >= 4 {
					d.SSCs = append(d.SSCs, SSCInfo{SSC: s.ssc, Code: code,
						BaseComID: binary.BigEndian.Uint16(data[0:2]), ComIDs: binary.BigEndian.Uint16(data[2:4])})
				}
			}
		}
		off += 4 + n
	}
	return d, nil
}

// Primary is the SSC a host talks to: the first of the drive's SSCs in the order
// Opal 2, Ruby, Opal 1, Opalite, Pyrite 2, Pyrite 1, Enterprise.
func (d Discovery) Primary() (SSCInfo, bool) {
	for _, s := range sscFeatures {
		for _, have := range d.SSCs {
			if have.Code == s.code {
				return have, true
			}
		}
	}
	return SSCInfo{}, false
}

// PSIDRevertable reports whether the SSC defines the PSID authority and the Admin
// SP's Revert method that a PSID revert uses (Opal Feature Set: PSID; Opalite,
// Pyrite and Ruby include it; the Enterprise SSC does not).
func (s SSC) PSIDRevertable() bool {
	switch s {
	case SSCOpal1, SSCOpal2, SSCOpalite, SSCPyrite1, SSCPyrite2, SSCRuby:
		return true
	}
	return false
}
