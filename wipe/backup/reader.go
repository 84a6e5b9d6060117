package backup

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
	"github.com/klauspost/compress/zstd"
)

// ErrTruncated marks an archive that ends before its end record.
var ErrTruncated = errors.New("archive truncated: it ends before its end record")

// ErrWrongIdentity says that none of the identities given can decrypt the archive.
var ErrWrongIdentity = errors.New("none of the given identities can decrypt this archive (wrong key file, or the archive's header is damaged)")

// ErrDigestMismatch marks data whose SHA-256 is not the one the archive recorded.
var ErrDigestMismatch = errors.New("digest mismatch")

// Extent is a run of non-zero data of the logical stream.
type Extent struct {
	Offset int64
	// Data is valid until the next call to Next.
	Data []byte
}

// Reader reads a backup stream from an age-encrypted, zstd-compressed archive. It
// checks every invariant of the format as it reads; Next returns io.EOF only after
// the end record has been read and nothing follows it. It does not check the
// digest: callers hash what they reconstruct (see Verify), since only they know
// whether the zero regions are to be read. It is not safe for concurrent use.
type Reader struct {
	zr      *zstd.Decoder
	br      *bufio.Reader
	hdr     Header
	next    int64
	buf     []byte
	head    [extentHeadBytes - 1]byte
	extents int64
	data    int64
	trailer *Trailer
}

// NewReader decrypts src with identities and reads the header.
func NewReader(src io.Reader, identities ...age.Identity) (*Reader, error) {
	if len(identities) == 0 {
		return nil, errors.New("open archive: no identity given")
	}
	plain, err := age.Decrypt(src, identities...)
	if err != nil {
		var noMatch *age.NoIdentityMatchError
		if errors.As(err, &noMatch) {
			return nil, ErrWrongIdentity
		}
		return nil, damaged(err)
	}
	zr, err := zstd.NewReader(plain,
		zstd.WithDecoderConcurrency(1),
		zstd.WithDecoderMaxWindow(MaxExtentBytes))
	if err != nil {
		return nil, fmt.Errorf("decompress archive: %w", err)
	}
	r := &Reader{zr: zr, br: bufio.NewReaderSize(zr, 1<<20)}
	hdr, err := readHeader(r.br)
	if err != nil {
		zr.Close()
		return nil, r.fail(err)
	}
	r.hdr = hdr
	return r, nil
}

// Header is the archive's header.
func (r *Reader) Header() Header { return r.hdr }

// Trailer is the end record; it is valid once Next has returned io.EOF.
func (r *Reader) Trailer() (Trailer, bool) {
	if r.trailer == nil {
		return Trailer{}, false
	}
	return *r.trailer, true
}

// Close releases the decompressor.
func (r *Reader) Close() { r.zr.Close() }

// fail turns an error from reading the plaintext into one that says what it means:
// the stream ended early (truncated), or a layer found damage.
func (r *Reader) fail(err error) error {
	var fe *FormatError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return fmt.Errorf("%w (%w)", ErrTruncated, err)
	case errors.As(err, &fe):
		// A format error over a short read is a truncation.
		if errors.Is(r.readErr(), io.ErrUnexpectedEOF) {
			return fmt.Errorf("%w (%w)", ErrTruncated, err)
		}
		return err
	default:
		return damaged(err)
	}
}

// readErr is the sticky error of the layers below, if any.
func (r *Reader) readErr() error {
	_, err := r.br.Peek(1)
	return err
}

// damaged says what an error of the decryption or decompression layer means: the
// archive was cut short, or changed (age authenticates every 64 KiB chunk, so a
// chunk cut in the middle reads as changed).
func damaged(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("%w (%w)", ErrTruncated, err)
	}
	return fmt.Errorf("%w (changed or cut short since it was written): %w", ErrCorrupt, err)
}

// Next returns the next extent, or io.EOF after a valid end record.
func (r *Reader) Next() (Extent, error) {
	if r.trailer != nil {
		return Extent{}, io.EOF
	}
	tag, err := r.br.ReadByte()
	if err != nil {
		return Extent{}, r.fail(err)
	}
	switch tag {
	case tagExtent:
		if _, err := io.ReadFull(r.br, r.head[:]); err != nil {
			return Extent{}, r.fail(err)
		}
		offset := int64(binary.BigEndian.Uint64(r.head[0:8]))
		n := int(binary.BigEndian.Uint32(r.head[8:12]))
		switch {
		case offset < r.next:
			return Extent{}, r.fail(formatErrorf("extent at %d overlaps the previous one (ending at %d)", offset, r.next))
		case n == 0 || n > MaxExtentBytes:
			return Extent{}, r.fail(formatErrorf("extent at %d of %d bytes", offset, n))
		case r.hdr.Kind == KindImage && offset+int64(n) > r.hdr.Metadata.SizeBytes:
			return Extent{}, r.fail(formatErrorf("extent at %d of %d bytes ends beyond the image size %d", offset, n, r.hdr.Metadata.SizeBytes))
		}
		if cap(r.buf) < n {
			r.buf = make([]byte, n)
		}
		data := r.buf[:n]
		if _, err := io.ReadFull(r.br, data); err != nil {
			return Extent{}, r.fail(err)
		}
		r.next = offset + int64(n)
		r.extents++
		r.data += int64(n)
		return Extent{Offset: offset, Data: data}, nil
	case tagEnd:
		var b [endRecordBytes - 1]byte
		if _, err := io.ReadFull(r.br, b[:]); err != nil {
			return Extent{}, r.fail(err)
		}
		t := Trailer{
			SizeBytes: int64(binary.BigEndian.Uint64(b[0:8])),
			Extents:   int64(binary.BigEndian.Uint64(b[8:16])),
			DataBytes: int64(binary.BigEndian.Uint64(b[16:24])),
		}
		copy(t.SHA256[:], b[24:56])
		switch {
		case t.SizeBytes < r.next:
			return Extent{}, r.fail(formatErrorf("end record says %d bytes, but an extent ends at %d", t.SizeBytes, r.next))
		case r.hdr.Kind == KindImage && t.SizeBytes != r.hdr.Metadata.SizeBytes:
			return Extent{}, r.fail(formatErrorf("end record says %d bytes, the header %d", t.SizeBytes, r.hdr.Metadata.SizeBytes))
		case t.Extents != r.extents || t.DataBytes != r.data:
			return Extent{}, r.fail(formatErrorf("end record counts %d extents of %d bytes, the stream had %d of %d", t.Extents, t.DataBytes, r.extents, r.data))
		}
		if _, err := r.br.ReadByte(); err != io.EOF {
			if err == nil {
				return Extent{}, r.fail(formatErrorf("data after the end record"))
			}
			return Extent{}, r.fail(err)
		}
		r.trailer = &t
		return Extent{}, io.EOF
	default:
		return Extent{}, r.fail(formatErrorf("unknown record tag %#x after %d extents", tag, r.extents))
	}
}

// zeros is a block of zeros for hashing, comparing and writing zero regions. It is
// never written: it only ever goes where the contract forbids changing it
// (hash.Write, bytes.Equal, io.WriterAt).
var zeros = make([]byte, 1<<20)

// hashZeros adds n zero bytes to h.
func hashZeros(h io.Writer, n int64) {
	for n > 0 {
		k := min(n, int64(len(zeros)))
		h.Write(zeros[:k])
		n -= k
	}
}

// Stream is the logical stream of an archive as an io.Reader: extents with the zero
// regions between them filled in. It returns io.EOF only after the end record was
// read and the logical size reached. It hashes what it returns; Sum is the
// SHA-256 once EOF was returned.
type Stream struct {
	r    *Reader
	pos  int64
	cur  Extent
	done bool
	h    hashWriter
}

type hashWriter interface {
	io.Writer
	Sum(b []byte) []byte
}

// NewStream reads r's logical stream.
func NewStream(r *Reader) *Stream { return &Stream{r: r, h: sha256.New()} }

// Read implements io.Reader.
func (s *Stream) Read(p []byte) (int, error) {
	for {
		if s.cur.Data != nil && s.pos >= s.cur.Offset {
			// Inside the current extent.
			i := s.pos - s.cur.Offset
			if i < int64(len(s.cur.Data)) {
				n := copy(p, s.cur.Data[i:])
				s.pos += int64(n)
				s.h.Write(p[:n])
				return n, nil
			}
			s.cur = Extent{}
		}
		if s.cur.Data != nil {
			// A zero gap before the current extent.
			n := int(min(int64(len(p)), s.cur.Offset-s.pos))
			clear(p[:n])
			s.pos += int64(n)
			s.h.Write(p[:n])
			return n, nil
		}
		if s.done {
			t, _ := s.r.Trailer()
			if s.pos >= t.SizeBytes {
				return 0, io.EOF
			}
			n := int(min(int64(len(p)), t.SizeBytes-s.pos))
			clear(p[:n])
			s.pos += int64(n)
			s.h.Write(p[:n])
			return n, nil
		}
		e, err := s.r.Next()
		if err == io.EOF {
			s.done = true
			continue
		}
		if err != nil {
			return 0, err
		}
		s.cur = e
	}
}

// Sum is the SHA-256 of what Read returned so far.
func (s *Stream) Sum() [32]byte {
	var sum [32]byte
	copy(sum[:], s.h.Sum(nil))
	return sum
}
