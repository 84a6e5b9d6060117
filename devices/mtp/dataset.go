package mtp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
)

// errShort is returned when a dataset ends before its fields do.
var errShort = errors.New("dataset ends early")

// reader decodes the little-endian PTP datatypes from a dataset; the first error
// sticks so that a dataset is decoded field by field and checked once.
type reader struct {
	b   []byte
	err error
}

func (r *reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if len(r.b) < n {
		r.err = errShort
		return nil
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

func (r *reader) u16() uint16 {
	if p := r.take(2); p != nil {
		return binary.LittleEndian.Uint16(p)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if p := r.take(4); p != nil {
		return binary.LittleEndian.Uint32(p)
	}
	return 0
}

func (r *reader) u64() uint64 {
	if p := r.take(8); p != nil {
		return binary.LittleEndian.Uint64(p)
	}
	return 0
}

// str reads a PTP string: a count of UTF-16 code units including the final NUL,
// then the code units.
func (r *reader) str() string {
	p := r.take(1)
	if p == nil || p[0] == 0 {
		return ""
	}
	raw := r.take(2 * int(p[0]))
	if raw == nil {
		return ""
	}
	u := make([]uint16, 0, p[0])
	for i := 0; i < len(raw); i += 2 {
		c := binary.LittleEndian.Uint16(raw[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}

// u16s reads an array of uint16 (count, elements).
func (r *reader) u16s() []uint16 {
	n := r.u32()
	if r.err != nil || int64(n)*2 > int64(len(r.b)) {
		if r.err == nil {
			r.err = errShort
		}
		return nil
	}
	out := make([]uint16, n)
	for i := range out {
		out[i] = r.u16()
	}
	return out
}

// u32s reads an array of uint32 (count, elements).
func (r *reader) u32s() []uint32 {
	n := r.u32()
	if r.err != nil || int64(n)*4 > int64(len(r.b)) {
		if r.err == nil {
			r.err = errShort
		}
		return nil
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = r.u32()
	}
	return out
}

// appendStr appends a PTP string. Strings longer than 254 code units are cut: the
// count is one byte.
func appendStr(b []byte, s string) []byte {
	if s == "" {
		return append(b, 0)
	}
	u := utf16.Encode([]rune(s))
	if len(u) > 254 {
		u = u[:254]
	}
	b = append(b, byte(len(u)+1))
	for _, c := range u {
		b = binary.LittleEndian.AppendUint16(b, c)
	}
	return binary.LittleEndian.AppendUint16(b, 0)
}

// DeviceInfo is the GetDeviceInfo dataset (PIMA 15740 5.5.1), the fields used here.
type DeviceInfo struct {
	StandardVersion     uint16
	VendorExtensionID   uint32
	VendorExtensionDesc string
	Operations          []uint16
	Manufacturer        string
	Model               string
	DeviceVersion       string
	SerialNumber        string
}

// Supports reports whether the device lists op among its operations.
func (d DeviceInfo) Supports(op uint16) bool {
	for _, o := range d.Operations {
		if o == op {
			return true
		}
	}
	return false
}

// ParseDeviceInfo decodes a DeviceInfo dataset.
func ParseDeviceInfo(b []byte) (DeviceInfo, error) {
	r := reader{b: b}
	var d DeviceInfo
	d.StandardVersion = r.u16()
	d.VendorExtensionID = r.u32()
	r.u16() // vendor extension version
	d.VendorExtensionDesc = r.str()
	r.u16() // functional mode
	d.Operations = r.u16s()
	r.u16s() // events
	r.u16s() // device properties
	r.u16s() // capture formats
	r.u16s() // playback formats
	d.Manufacturer = r.str()
	d.Model = r.str()
	d.DeviceVersion = r.str()
	d.SerialNumber = r.str()
	if r.err != nil {
		return DeviceInfo{}, fmt.Errorf("parse DeviceInfo: %w", r.err)
	}
	return d, nil
}

// StorageInfo is the GetStorageInfo dataset (PIMA 15740 5.5.3).
type StorageInfo struct {
	StorageType      uint16
	FilesystemType   uint16
	AccessCapability uint16 // 0 read-write, 1 read-only without delete, 2 read-only with delete
	MaxCapacity      uint64 // bytes
	FreeSpace        uint64 // bytes, as the device reports it (not always true)
	FreeObjects      uint32
	Description      string
	VolumeLabel      string
}

// ParseStorageInfo decodes a StorageInfo dataset.
func ParseStorageInfo(b []byte) (StorageInfo, error) {
	r := reader{b: b}
	s := StorageInfo{
		StorageType:      r.u16(),
		FilesystemType:   r.u16(),
		AccessCapability: r.u16(),
		MaxCapacity:      r.u64(),
		FreeSpace:        r.u64(),
		FreeObjects:      r.u32(),
		Description:      r.str(),
		VolumeLabel:      r.str(),
	}
	if r.err != nil {
		return StorageInfo{}, fmt.Errorf("parse StorageInfo: %w", r.err)
	}
	return s, nil
}

// AppendStorageInfo encodes s as a StorageInfo dataset (used by test responders).
func AppendStorageInfo(b []byte, s StorageInfo) []byte {
	b = binary.LittleEndian.AppendUint16(b, s.StorageType)
	b = binary.LittleEndian.AppendUint16(b, s.FilesystemType)
	b = binary.LittleEndian.AppendUint16(b, s.AccessCapability)
	b = binary.LittleEndian.AppendUint64(b, s.MaxCapacity)
	b = binary.LittleEndian.AppendUint64(b, s.FreeSpace)
	b = binary.LittleEndian.AppendUint32(b, s.FreeObjects)
	b = appendStr(b, s.Description)
	return appendStr(b, s.VolumeLabel)
}

// AppendDeviceInfo encodes d as a DeviceInfo dataset (used by test responders).
func AppendDeviceInfo(b []byte, d DeviceInfo) []byte {
	b = binary.LittleEndian.AppendUint16(b, d.StandardVersion)
	b = binary.LittleEndian.AppendUint32(b, d.VendorExtensionID)
	b = binary.LittleEndian.AppendUint16(b, 100)
	b = appendStr(b, d.VendorExtensionDesc)
	b = binary.LittleEndian.AppendUint16(b, 0)
	b = appendU16s(b, d.Operations)
	b = appendU16s(b, nil)
	b = appendU16s(b, nil)
	b = appendU16s(b, nil)
	b = appendU16s(b, []uint16{FormatUndefined, FormatAssociation})
	b = appendStr(b, d.Manufacturer)
	b = appendStr(b, d.Model)
	b = appendStr(b, d.DeviceVersion)
	return appendStr(b, d.SerialNumber)
}

func appendU16s(b []byte, v []uint16) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(v)))
	for _, x := range v {
		b = binary.LittleEndian.AppendUint16(b, x)
	}
	return b
}

// AppendU32s encodes an array of uint32 (used for object handle lists).
func AppendU32s(b []byte, v []uint32) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(v)))
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, x)
	}
	return b
}

// ObjectInfo is the ObjectInfo dataset (PIMA 15740 5.5.2), the fields used here.
type ObjectInfo struct {
	StorageID uint32
	Format    uint16
	// CompressedSize is the object's size in bytes; 0xFFFFFFFF means 4 GiB or more.
	CompressedSize uint32
	Parent         uint32
	AssociationTyp uint16 // 1 for a generic folder
	Filename       string
	ModDate        string // "YYYYMMDDThhmmss", may be empty
}

// IsFolder reports whether the object is an association (a folder).
func (o ObjectInfo) IsFolder() bool { return o.Format == FormatAssociation }

// ParseObjectInfo decodes an ObjectInfo dataset.
func ParseObjectInfo(b []byte) (ObjectInfo, error) {
	r := reader{b: b}
	var o ObjectInfo
	o.StorageID = r.u32()
	o.Format = r.u16()
	r.u16() // protection status
	o.CompressedSize = r.u32()
	r.u16() // thumb format
	r.u32() // thumb compressed size
	r.u32() // thumb width
	r.u32() // thumb height
	r.u32() // image width
	r.u32() // image height
	r.u32() // image bit depth
	o.Parent = r.u32()
	o.AssociationTyp = r.u16()
	r.u32() // association desc
	r.u32() // sequence number
	o.Filename = r.str()
	r.str() // capture date
	o.ModDate = r.str()
	r.str() // keywords
	if r.err != nil {
		return ObjectInfo{}, fmt.Errorf("parse ObjectInfo: %w", r.err)
	}
	return o, nil
}

// AppendObjectInfo encodes o as an ObjectInfo dataset.
func AppendObjectInfo(b []byte, o ObjectInfo) []byte {
	b = binary.LittleEndian.AppendUint32(b, o.StorageID)
	b = binary.LittleEndian.AppendUint16(b, o.Format)
	b = binary.LittleEndian.AppendUint16(b, 0)
	b = binary.LittleEndian.AppendUint32(b, o.CompressedSize)
	b = binary.LittleEndian.AppendUint16(b, 0)
	for range 6 { // thumb size, thumb w/h, image w/h, bit depth
		b = binary.LittleEndian.AppendUint32(b, 0)
	}
	b = binary.LittleEndian.AppendUint32(b, o.Parent)
	b = binary.LittleEndian.AppendUint16(b, o.AssociationTyp)
	b = binary.LittleEndian.AppendUint32(b, 0)
	b = binary.LittleEndian.AppendUint32(b, 0)
	b = appendStr(b, o.Filename)
	b = appendStr(b, "")
	b = appendStr(b, o.ModDate)
	return appendStr(b, "")
}

// parseU32s decodes an array of uint32 (object handles, storage IDs).
func parseU32s(b []byte) ([]uint32, error) {
	r := reader{b: b}
	v := r.u32s()
	if r.err != nil {
		return nil, r.err
	}
	return v, nil
}
