package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"filippo.io/age"
)

// DigestError says that a logical stream's SHA-256 is not the one expected.
type DigestError struct {
	What      string // what was hashed, in words
	Got, Want [32]byte
	// Err, when set, says why no digest could be had (Got is then unset).
	Err error
}

func (e *DigestError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.What, e.Err)
	}
	return fmt.Sprintf("%s: SHA-256 %s, expected %s", e.What, hex.EncodeToString(e.Got[:]), hex.EncodeToString(e.Want[:]))
}

// Unwrap makes every DigestError an ErrDigestMismatch, and gives Err.
func (e *DigestError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrDigestMismatch, e.Err}
	}
	return []error{ErrDigestMismatch}
}

// Verify decrypts and decompresses the archive in src, rebuilds its logical stream
// (zero regions included) and checks its SHA-256 and size against the end record.
// progress, when not nil, is called with the logical bytes checked so far. It
// returns the header and the verified trailer.
func Verify(ctx context.Context, src io.Reader, progress func(doneBytes int64), identities ...age.Identity) (Header, Trailer, error) {
	return verify(ctx, src, progress, nil, identities...)
}

// zeroHint is what a copy pass knows to be zero while it writes the archive that
// is being verified: the logical stream from the end of the last extent written
// (from) to where the scan has got (to). Safe for concurrent use.
type zeroHint struct {
	mu       sync.Mutex
	from, to int64
}

func (z *zeroHint) set(from, to int64) {
	z.mu.Lock()
	z.from, z.to = from, to
	z.mu.Unlock()
}

func (z *zeroHint) get() (from, to int64) {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.from, z.to
}

// errAhead says that the archive has data where the copy pass read zeros.
var errAhead = errors.New("the archive holds data where the device read zeros")

// verify is Verify. With hint, the read-back of an archive still being written
// hashes the zeros the copy pass has already confirmed (everything after the last
// extent both have seen) before the archive gets there, so that a long zero region
// is not left to hash after the copy ends. This is only ever a head start: the
// archive must then hold no data there, or the check fails.
func verify(ctx context.Context, src io.Reader, progress func(doneBytes int64), hint *zeroHint, identities ...age.Identity) (Header, Trailer, error) {
	// Hashing runs on a goroutine of its own, so that it overlaps decryption and
	// decompression: the extents are copied into a small pool of buffers to get
	// there. A piece without data is the end: zeros up to offset.
	type piece struct {
		offset int64
		data   []byte
	}
	const buffers = 2 // one being hashed, one being filled
	free := make(chan []byte, buffers)
	for range buffers {
		free <- nil
	}
	pieces := make(chan piece, buffers)
	h := sha256.New()
	var hashed int64 // the logical stream is hashed up to here
	var hashErr error
	var tick <-chan time.Time
	if hint != nil {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		tick = t.C
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case p, ok := <-pieces:
				if !ok {
					return
				}
				if hashErr == nil {
					if p.offset < hashed {
						hashErr = fmt.Errorf("%w (at offset %d)", errAhead, p.offset)
					} else {
						hashZeros(h, p.offset-hashed)
						h.Write(p.data)
						hashed = p.offset + int64(len(p.data))
					}
				}
				if p.data != nil { // the last piece took no buffer
					free <- p.data
				}
			case <-tick:
				// from <= hashed: the last extent written has been hashed. (Once
				// zeros past it were hashed, any extent written later starts past
				// them: from then jumps beyond hashed until its piece arrives.)
				if from, to := hint.get(); hashErr == nil && from <= hashed && to > hashed {
					n := min(to-hashed, 16<<20) // stay responsive to pieces
					hashZeros(h, n)
					hashed += n
				}
			}
		}
	})
	// The hashing starts before the archive can be opened: while the archive is
	// too short to hold its first extent, the zeros the hint vouches for can
	// already be hashed.
	r, err := NewReader(src, identities...)
	if err != nil {
		close(pieces)
		wg.Wait()
		return Header{}, Trailer{}, err
	}
	defer r.Close()
	var pos int64
	err = func() error {
		defer func() { close(pieces); wg.Wait() }()
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			e, err := r.Next()
			if err == io.EOF {
				t, _ := r.Trailer()
				pieces <- piece{offset: t.SizeBytes}
				return nil
			}
			if err != nil {
				return err
			}
			buf := <-free
			if cap(buf) < len(e.Data) {
				buf = make([]byte, len(e.Data))
			}
			buf = buf[:len(e.Data)]
			copy(buf, e.Data)
			pieces <- piece{offset: e.Offset, data: buf}
			pos = e.Offset + int64(len(e.Data))
			if progress != nil {
				progress(pos)
			}
		}
	}()
	if err != nil {
		return r.Header(), Trailer{}, err
	}
	t, _ := r.Trailer()
	if hashErr != nil {
		return r.Header(), t, &DigestError{What: "archive content", Want: t.SHA256, Err: hashErr}
	}
	if progress != nil {
		progress(t.SizeBytes)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	if sum != t.SHA256 {
		return r.Header(), t, &DigestError{What: "archive content", Got: sum, Want: t.SHA256}
	}
	return r.Header(), t, nil
}
