package backup

import (
	"encoding/binary"
	"fmt"
	"io"
	"strconv"

	"filippo.io/age"
	"github.com/klauspost/compress/zstd"

	"github.com/wipestation/wipestation/msg"
)

// ErrNoRecipient is returned, before anything is read or written, when a backup is
// asked for without the organization's age recipient: a backup is never written in
// plaintext.
var ErrNoRecipient = msg.Errorf(msg.BackupNoRecipient)

// ParseRecipient parses the organization's X25519 age recipient (age1...).
func ParseRecipient(s string) (*age.X25519Recipient, error) {
	if s == "" {
		return nil, ErrNoRecipient
	}
	r, err := age.ParseX25519Recipient(s)
	if err != nil {
		return nil, msg.Wrap(err, msg.BackupBadRecipient, strconv.Quote(s), err)
	}
	return r, nil
}

// encoderConcurrency is how many blocks zstd encodes at once; in streaming mode the
// encoder overlaps one block's compression with the caller filling the next, and
// writes the output from a goroutine of its own.
const encoderConcurrency = 2

// archiveWriter writes a backup stream through zstd and age to dst. It checks the
// stream's invariants as it goes, so that a bug cannot write an archive no reader
// accepts. It is not safe for concurrent use.
type archiveWriter struct {
	enc   io.WriteCloser // age
	zw    *zstd.Encoder
	kind  Kind
	next  int64 // the end of the last extent
	size  int64 // announced size (images), 0 if unknown
	t     Trailer
	head  []byte
	close bool
	// pushed, when set, is called after Push has sent everything written so far
	// to the layer below (write syncs the file there, for the read-back).
	pushed func() error
}

func newArchiveWriter(dst io.Writer, h Header, recipients ...age.Recipient) (*archiveWriter, error) {
	if len(recipients) == 0 {
		return nil, ErrNoRecipient
	}
	enc, err := age.Encrypt(dst, recipients...)
	if err != nil {
		return nil, fmt.Errorf("encrypt archive: %w", err)
	}
	zw, err := zstd.NewWriter(enc,
		zstd.WithEncoderLevel(zstd.SpeedFastest),
		zstd.WithEncoderConcurrency(encoderConcurrency),
		zstd.WithWindowSize(1<<20),
		zstd.WithEncoderCRC(true))
	if err != nil {
		return nil, fmt.Errorf("compress archive: %w", err)
	}
	w := &archiveWriter{enc: enc, zw: zw, kind: h.Kind, size: h.Metadata.SizeBytes}
	head, err := appendHeader(nil, h)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(head); err != nil {
		return nil, fmt.Errorf("write archive header: %w", err)
	}
	return w, nil
}

// WriteExtent stores data at offset of the logical stream. Extents come in
// increasing order and do not overlap; what lies between them is zero.
func (w *archiveWriter) WriteExtent(offset int64, data []byte) error {
	switch {
	case len(data) == 0:
		return nil
	case len(data) > MaxExtentBytes:
		return fmt.Errorf("write extent at %d: %d bytes, more than %d", offset, len(data), MaxExtentBytes)
	case offset < w.next:
		return fmt.Errorf("write extent at %d: before the end of the previous one (%d)", offset, w.next)
	case w.kind == KindImage && offset+int64(len(data)) > w.size:
		return fmt.Errorf("write extent at %d: ends beyond the image size %d", offset, w.size)
	}
	w.head = appendExtentHead(w.head[:0], offset, len(data))
	if _, err := w.zw.Write(w.head); err != nil {
		return fmt.Errorf("write archive: %w", err)
	}
	if _, err := w.zw.Write(data); err != nil {
		return fmt.Errorf("write archive: %w", err)
	}
	w.next = offset + int64(len(data))
	w.t.Extents++
	w.t.DataBytes += int64(len(data))
	return nil
}

// pushBytes is the padding Push writes: one age chunk (age-encryption.org/v1
// STREAM, 64 KiB), so that the chunk holding the last extent is sealed and written.
const pushBytes = 64 << 10

// Push makes everything written so far readable from the file, although age only
// writes whole 64 KiB chunks: it ends the zstd frame, writes a zstd skippable
// frame (RFC 8878 3.1.2) of pushBytes zeros that decoders ignore, and starts a new
// frame. copyImage calls it when a long zero region follows data, so that the
// read-back can see that data and hash the zeros while the copy goes on. It costs
// pushBytes of archive each time.
func (w *archiveWriter) Push() error {
	if err := w.zw.Close(); err != nil {
		return fmt.Errorf("compress archive: %w", err)
	}
	var skip [8]byte
	binary.LittleEndian.PutUint32(skip[0:4], 0x184D2A50)
	binary.LittleEndian.PutUint32(skip[4:8], pushBytes)
	if _, err := w.enc.Write(skip[:]); err != nil {
		return fmt.Errorf("write archive: %w", err)
	}
	if _, err := w.enc.Write(zeros[:pushBytes]); err != nil {
		return fmt.Errorf("write archive: %w", err)
	}
	w.zw.Reset(w.enc)
	if w.pushed != nil {
		return w.pushed()
	}
	return nil
}

// Finish writes the end record and flushes the compression and encryption layers.
// It does not close dst.
func (w *archiveWriter) Finish(sizeBytes int64, sum [32]byte) (Trailer, error) {
	if sizeBytes < w.next {
		return Trailer{}, fmt.Errorf("finish archive: size %d ends before the last extent (%d)", sizeBytes, w.next)
	}
	if w.kind == KindImage && sizeBytes != w.size {
		return Trailer{}, fmt.Errorf("finish archive: size %d, header said %d", sizeBytes, w.size)
	}
	w.t.SizeBytes = sizeBytes
	w.t.SHA256 = sum
	if _, err := w.zw.Write(appendEnd(nil, w.t)); err != nil {
		return Trailer{}, fmt.Errorf("write archive: %w", err)
	}
	w.close = true
	if err := w.zw.Close(); err != nil {
		return Trailer{}, fmt.Errorf("compress archive: %w", err)
	}
	if err := w.enc.Close(); err != nil {
		return Trailer{}, fmt.Errorf("encrypt archive: %w", err)
	}
	return w.t, nil
}

// Abort releases the encoder's goroutines after a failure; the output is garbage.
func (w *archiveWriter) Abort() {
	if !w.close {
		w.close = true
		w.zw.Reset(io.Discard)
		w.zw.Close()
	}
}
