package tcg

import (
	"encoding/binary"
	"fmt"
)

// Header sizes (Core 3.2.3: ComPacket table 18, Packet table 19, Data SubPacket table 20).
const (
	comPacketHeaderBytes = 20
	packetHeaderBytes    = 24
	subPacketHeaderBytes = 12
	// BlockBytes is the unit IF-SEND and IF-RECV transfer in: ATA TRUSTED
	// SEND/RECEIVE count 512-byte blocks, so every buffer is a multiple of it.
	BlockBytes = 512
)

// ComPacket is a decoded ComPacket with its first Packet: the session numbers and
// the data of its data SubPackets.
type ComPacket struct {
	ComID, ComIDExtension uint16
	// Outstanding is OutstandingData: the TPer has more to send (Length is 0
	// while a response is not ready yet).
	Outstanding uint32
	MinTransfer uint32
	// Empty is set when the ComPacket carries no Packet (Length 0).
	Empty          bool
	TSN, HSN       uint32
	SequenceNumber uint32
	Payload        []byte
}

// EncodeComPacket wraps payload (a method stream) in a data SubPacket, a Packet of
// session tsn/hsn and a ComPacket for comID; the SubPacket is padded to 4 bytes
// and the whole buffer to BlockBytes with zeros, as IF-SEND needs.
func EncodeComPacket(comID uint16, tsn, hsn uint32, payload []byte) []byte {
	subLen := len(payload)
	padded := (subLen + 3) &^ 3
	pktLen := subPacketHeaderBytes + padded
	cpLen := packetHeaderBytes + pktLen
	total := comPacketHeaderBytes + cpLen
	b := make([]byte, (total+BlockBytes-1)/BlockBytes*BlockBytes)
	binary.BigEndian.PutUint16(b[4:6], comID)
	binary.BigEndian.PutUint32(b[16:20], uint32(cpLen))
	p := b[comPacketHeaderBytes:]
	binary.BigEndian.PutUint32(p[0:4], tsn)
	binary.BigEndian.PutUint32(p[4:8], hsn)
	binary.BigEndian.PutUint32(p[20:24], uint32(pktLen))
	s := p[packetHeaderBytes:]
	binary.BigEndian.PutUint32(s[8:12], uint32(subLen)) // kind 0000h: data
	copy(s[subPacketHeaderBytes:], payload)
	return b
}

// DecodeComPacket parses what IF-RECV returned.
func DecodeComPacket(b []byte) (ComPacket, error) {
	var c ComPacket
	if len(b) < comPacketHeaderBytes {
		return c, fmt.Errorf("compacket: %d bytes, shorter than its header", len(b))
	}
	c.ComID = binary.BigEndian.Uint16(b[4:6])
	c.ComIDExtension = binary.BigEndian.Uint16(b[6:8])
	c.Outstanding = binary.BigEndian.Uint32(b[8:12])
	c.MinTransfer = binary.BigEndian.Uint32(b[12:16])
	cpLen := int64(binary.BigEndian.Uint32(b[16:20]))
	if cpLen == 0 {
		c.Empty = true
		return c, nil
	}
	if comPacketHeaderBytes+cpLen > int64(len(b)) || cpLen < packetHeaderBytes {
		return c, fmt.Errorf("compacket: length %d does not fit the %d-byte answer", cpLen, len(b))
	}
	p := b[comPacketHeaderBytes : comPacketHeaderBytes+cpLen]
	c.TSN = binary.BigEndian.Uint32(p[0:4])
	c.HSN = binary.BigEndian.Uint32(p[4:8])
	c.SequenceNumber = binary.BigEndian.Uint32(p[8:12])
	pktLen := int64(binary.BigEndian.Uint32(p[20:24]))
	if packetHeaderBytes+pktLen > int64(len(p)) {
		return c, fmt.Errorf("packet: length %d does not fit the compacket's %d bytes", pktLen, len(p)-packetHeaderBytes)
	}
	subs := p[packetHeaderBytes : packetHeaderBytes+pktLen]
	for off := int64(0); off+subPacketHeaderBytes <= int64(len(subs)); {
		kind := binary.BigEndian.Uint16(subs[off+6 : off+8])
		n := int64(binary.BigEndian.Uint32(subs[off+8 : off+12]))
		start := off + subPacketHeaderBytes
		if start+n > int64(len(subs)) {
			return c, fmt.Errorf("subpacket: length %d does not fit the packet", n)
		}
		if kind == 0 {
			c.Payload = append(c.Payload, subs[start:start+n]...)
		}
		off = start + (n+3)&^3
	}
	return c, nil
}
