package backup

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"sync"
	"unsafe"

	"github.com/wipestation/wipestation/msg"
)

const (
	// readBufferBytes is one read from the device: large and aligned, so that an
	// O_DIRECT descriptor works and a drive streams at full speed.
	readBufferBytes = 4 << 20
	// readBuffers is how many reads are in flight between the stages (read, hash,
	// scan and compress). With zstd's own buffers and the read-back's this keeps a
	// backup under 64 MiB whatever the device's size (TestBackupMemoryBounded).
	readBuffers = 3
	// zeroBlockBytes is the granularity at which all-zero data is left out.
	zeroBlockBytes = 4096
	// pushAfterZeroBytes is how long a zero region after data must get before the
	// archive is pushed (archiveWriter.Push) for the read-back to catch up.
	pushAfterZeroBytes = 64 << 20
	// writeExtentBytes is the largest extent written: it bounds what a reader
	// holds at once (readers accept up to MaxExtentBytes).
	writeExtentBytes = 1 << 20
	// bufferAlign is the alignment O_DIRECT asks of buffers (the largest logical
	// sector size in use).
	bufferAlign = 4096
)

// alignedBuffer returns n bytes whose first byte is aligned to bufferAlign.
func alignedBuffer(n int) []byte {
	b := make([]byte, n+bufferAlign)
	// The address is only inspected, never turned back into a pointer.
	off := int(uintptr(unsafe.Pointer(&b[0])) % bufferAlign)
	if off != 0 {
		off = bufferAlign - off
	}
	return b[off : off+n : off+n]
}

// chunk is one read from the device on its way through the stages.
type chunk struct {
	offset int64
	buf    []byte // the whole buffer, returned to the pool
	data   []byte // what was read
}

// extentSink receives the non-zero extents of a logical stream.
type extentSink interface {
	WriteExtent(offset int64, data []byte) error
}

// emitExtents hands the runs of data that are not all zero at zeroBlockBytes
// granularity to w. offset is data's position in the logical stream and must be a
// multiple of zeroBlockBytes for the blocks to line up with the device's.
func emitExtents(w extentSink, offset int64, data []byte) error {
	start := -1 // start of the current run of non-zero blocks
	for i := 0; i < len(data); i += zeroBlockBytes {
		end := min(i+zeroBlockBytes, len(data))
		zero := bytes.Equal(data[i:end], zeros[:end-i])
		switch {
		case !zero && start < 0:
			start = i
		case zero && start >= 0:
			if err := w.WriteExtent(offset+int64(start), data[start:i]); err != nil {
				return err
			}
			start = -1
		case !zero && i-start == writeExtentBytes:
			if err := w.WriteExtent(offset+int64(start), data[start:i]); err != nil {
				return err
			}
			start = i
		}
	}
	if start >= 0 {
		return w.WriteExtent(offset+int64(start), data[start:])
	}
	return nil
}

// pusher is an extentSink that can make what it was given readable at once
// (archiveWriter.Push).
type pusher interface{ Push() error }

// endTracker passes extents on and remembers where the last one ended.
type endTracker struct {
	w   extentSink
	end int64
}

func (t *endTracker) WriteExtent(offset int64, data []byte) error {
	if err := t.w.WriteExtent(offset, data); err != nil {
		return err
	}
	if len(data) > 0 {
		t.end = offset + int64(len(data))
	}
	return nil
}

// ReadError says that the device could not be read at an offset.
type ReadError struct {
	Offset, Length int64
	Err            error
}

func (e *ReadError) Error() string { return e.Message().String() }

// Message states the failed read.
func (e *ReadError) Message() msg.Message {
	return msg.New(msg.BackupReadAt, e.Length, e.Offset, e.Err)
}

func (e *ReadError) Unwrap() error { return e.Err }

// copyImage reads sizeBytes from src in large reads and hands the non-zero extents
// to w, returning the SHA-256 of everything read. Reading, hashing and scanning run
// in three goroutines joined by a pool of readBuffers buffers, so a slow stage is
// the only limit; compression runs on zstd's goroutines behind w. progress, when
// not nil, is called from this goroutine with the bytes done.
//
// hint, when not nil, is kept up to date with what the scan has found to be zero
// after the last extent written (see verify).
func copyImage(ctx context.Context, src io.ReaderAt, sizeBytes int64, w extentSink, progress func(doneBytes int64), hint *zeroHint) ([32]byte, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	free := make(chan []byte, readBuffers)
	for range readBuffers {
		free <- alignedBuffer(readBufferBytes)
	}
	toHash := make(chan chunk, readBuffers)
	toScan := make(chan chunk, readBuffers)
	var wg sync.WaitGroup

	// Stage 1: read.
	wg.Go(func() {
		defer close(toHash)
		for off := int64(0); off < sizeBytes; {
			var buf []byte
			select {
			case buf = <-free:
			case <-ctx.Done():
				return
			}
			n := int(min(int64(len(buf)), sizeBytes-off))
			// O_DIRECT wants whole aligned blocks: the last read of an image file
			// whose size is not a multiple of the block asks for the whole block
			// and takes the first n bytes of what comes back.
			ask := min(len(buf), (n+bufferAlign-1)/bufferAlign*bufferAlign)
			got, err := src.ReadAt(buf[:ask], off)
			if got >= n && (err == nil || errors.Is(err, io.EOF)) {
				err = nil
			} else if err == nil || errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			if err != nil {
				got = min(got, n)
				cancel(&ReadError{Offset: off + int64(got), Length: int64(n - got), Err: err})
				return
			}
			select {
			case toHash <- chunk{offset: off, buf: buf, data: buf[:n]}:
			case <-ctx.Done():
				return
			}
			off += int64(n)
		}
	})

	// Stage 2: hash everything read, zero regions included.
	h := sha256.New()
	wg.Go(func() {
		defer close(toScan)
		for c := range toHash {
			h.Write(c.data)
			select {
			case toScan <- c:
			case <-ctx.Done():
				return
			}
		}
	})

	// Stage 3: leave out zero blocks, compress the rest (zstd copies what it is
	// given, so the buffer goes back to the pool at once).
	var done, pushedAt int64
	var failed error // this stage's own error
	sink := &endTracker{w: w}
	p, canPush := w.(pusher)
	for c := range toScan {
		if err := emitExtents(sink, c.offset, c.data); err != nil {
			failed = err
			break
		}
		done = c.offset + int64(len(c.data))
		if hint != nil {
			hint.set(sink.end, done)
			// A long zero region after data: let the read-back see that data.
			if canPush && sink.end > pushedAt && done-sink.end >= pushAfterZeroBytes {
				if err := p.Push(); err != nil {
					failed = err
					break
				}
				pushedAt = sink.end
			}
		}
		free <- c.buf
		if progress != nil {
			progress(done)
		}
	}
	cancel(nil) // let the other stages go if this one stopped early
	// Drain so that a stage blocked on a send sees the cancellation.
	for range toScan {
	}
	wg.Wait()
	if failed != nil {
		return [32]byte{}, failed
	}
	if err := context.Cause(ctx); err != nil && done < sizeBytes {
		return [32]byte{}, err
	}
	if done != sizeBytes {
		return [32]byte{}, msg.Errorf(msg.BackupShortImage, done, sizeBytes)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum, nil
}
