// Package backup copies a device's data into an encrypted, verified archive before
// it is erased (wipe --backup), and restores such archives.
//
// An archive is one file per device: a wipestation backup stream (the format below,
// docs/backup.md), compressed with zstd and encrypted with age to the
// organization's X25519 recipient. The workstation cannot read old archives: the
// only other recipient is a key generated for one backup, used to read the archive
// back once before the wipe may start, and then forgotten.
//
// The stream is a header and a list of extents of one logical byte stream: for a
// block device the device's content (all-zero blocks are not stored), for a phone a
// tar stream of its files. It ends with the logical size and the SHA-256 of the
// logical stream, so that every reader can prove it got back what was read.
package backup

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// Magic opens every backup stream (after decryption and decompression). Like PNG's
// signature it has a CR LF and a ^Z so that text-mode mangling is caught at once.
const Magic = "WSBK\r\n\x1a\n"

// FormatVersion is the version of the backup stream written. Readers refuse a
// version they do not know.
const FormatVersion = 1

// Kind says what the logical stream of an archive is.
type Kind uint8

// The kinds of archive.
const (
	// KindImage: the logical stream is a block device's content, byte for byte.
	KindImage Kind = 1
	// KindFiles: the logical stream is a tar stream (PAX) of a phone's files.
	KindFiles Kind = 2
)

func (k Kind) String() string {
	switch k {
	case KindImage:
		return "image"
	case KindFiles:
		return "files"
	default:
		return fmt.Sprintf("kind(%d)", uint8(k))
	}
}

// Record tags: each record of the stream after the header starts with one.
const (
	tagExtent byte = 0x01
	tagEnd    byte = 0x02
)

const (
	headerFixedBytes = 16 // magic, version, kind, flags, metadata length
	// maxMetadataBytes bounds what a reader allocates for the metadata.
	maxMetadataBytes = 64 << 10
	// MaxExtentBytes bounds one extent record, and so a reader's memory.
	MaxExtentBytes  = 8 << 20
	extentHeadBytes = 1 + 8 + 4
	endRecordBytes  = 1 + 8 + 8 + 8 + 32
)

// Metadata is the JSON object in the header: what the archive was made from. It is
// informative; the trailer is what a reader checks.
type Metadata struct {
	Created     time.Time `json:"created"`
	Tool        string    `json:"tool"`
	ToolVersion string    `json:"tool_version"`
	Host        string    `json:"host,omitempty"`
	// SizeBytes is the logical size announced before the data (images only; 0 for
	// file trees, whose size is known only at the end).
	SizeBytes int64 `json:"size_bytes"`
	// ZeroBlockBytes is the granularity at which all-zero blocks were left out.
	ZeroBlockBytes int        `json:"zero_block_bytes,omitempty"`
	Device         DeviceInfo `json:"device"`
}

// DeviceInfo identifies the medium an archive was made from.
type DeviceInfo struct {
	Path                string `json:"path"`
	Name                string `json:"name,omitempty"`
	Kind                string `json:"kind,omitempty"`
	Transport           string `json:"transport,omitempty"`
	Vendor              string `json:"vendor,omitempty"`
	Model               string `json:"model,omitempty"`
	Serial              string `json:"serial,omitempty"`
	SizeBytes           int64  `json:"size_bytes,omitempty"`
	LogicalSectorBytes  int    `json:"logical_sector_bytes,omitempty"`
	PhysicalSectorBytes int    `json:"physical_sector_bytes,omitempty"`
}

// Header is the start of a backup stream.
type Header struct {
	Version  uint16
	Kind     Kind
	Metadata Metadata
}

// Trailer is the end record: what the whole logical stream was.
type Trailer struct {
	SizeBytes int64 // logical size, zero regions included
	Extents   int64 // number of extent records
	DataBytes int64 // bytes stored in extents
	SHA256    [32]byte
}

// ErrCorrupt marks an archive whose content is not a valid backup stream, or whose
// encryption or compression layer reports damage. FormatError and errors from the
// readers wrap it.
var ErrCorrupt = errors.New("archive damaged")

// FormatError says what is wrong with a backup stream.
type FormatError struct{ Reason string }

func (e *FormatError) Error() string { return "invalid backup stream: " + e.Reason }

// Unwrap makes every FormatError an ErrCorrupt.
func (e *FormatError) Unwrap() error { return ErrCorrupt }

func formatErrorf(format string, args ...any) error {
	return &FormatError{Reason: fmt.Sprintf(format, args...)}
}

// appendHeader encodes h.
func appendHeader(b []byte, h Header) ([]byte, error) {
	meta, err := json.Marshal(h.Metadata)
	if err != nil {
		return nil, fmt.Errorf("encode metadata: %w", err)
	}
	if len(meta) > maxMetadataBytes {
		return nil, fmt.Errorf("encode metadata: %d bytes, more than %d", len(meta), maxMetadataBytes)
	}
	b = append(b, Magic...)
	b = binary.BigEndian.AppendUint16(b, h.Version)
	b = append(b, byte(h.Kind), 0) // kind, flags
	b = binary.BigEndian.AppendUint32(b, uint32(len(meta)))
	return append(b, meta...), nil
}

// readHeader decodes a header from r.
func readHeader(r io.Reader) (Header, error) {
	var fixed [headerFixedBytes]byte
	if _, err := io.ReadFull(r, fixed[:]); err != nil {
		return Header{}, fmt.Errorf("read header: %w", err)
	}
	if string(fixed[:8]) != Magic {
		return Header{}, formatErrorf("not a wipestation backup (magic %q)", fixed[:8])
	}
	h := Header{Version: binary.BigEndian.Uint16(fixed[8:10]), Kind: Kind(fixed[10])}
	if h.Version != FormatVersion {
		return Header{}, formatErrorf("format version %d, this wipestation reads version %d", h.Version, FormatVersion)
	}
	if h.Kind != KindImage && h.Kind != KindFiles {
		return Header{}, formatErrorf("unknown archive kind %d", fixed[10])
	}
	if fixed[11] != 0 {
		return Header{}, formatErrorf("unknown header flags %#x", fixed[11])
	}
	n := binary.BigEndian.Uint32(fixed[12:16])
	if n > maxMetadataBytes {
		return Header{}, formatErrorf("metadata of %d bytes, more than %d", n, maxMetadataBytes)
	}
	meta := make([]byte, n)
	if _, err := io.ReadFull(r, meta); err != nil {
		return Header{}, fmt.Errorf("read header metadata: %w", err)
	}
	if err := json.Unmarshal(meta, &h.Metadata); err != nil {
		return Header{}, formatErrorf("metadata: %v", err)
	}
	if h.Metadata.SizeBytes < 0 {
		return Header{}, formatErrorf("negative size %d", h.Metadata.SizeBytes)
	}
	return h, nil
}

// appendExtentHead encodes the head of an extent record; the data follows it.
func appendExtentHead(b []byte, offset int64, length int) []byte {
	b = append(b, tagExtent)
	b = binary.BigEndian.AppendUint64(b, uint64(offset))
	return binary.BigEndian.AppendUint32(b, uint32(length))
}

// appendEnd encodes the end record.
func appendEnd(b []byte, t Trailer) []byte {
	b = append(b, tagEnd)
	b = binary.BigEndian.AppendUint64(b, uint64(t.SizeBytes))
	b = binary.BigEndian.AppendUint64(b, uint64(t.Extents))
	b = binary.BigEndian.AppendUint64(b, uint64(t.DataBytes))
	return append(b, t.SHA256[:]...)
}
