package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sync"

	"filippo.io/age"
)

// DigestError says that a logical stream's SHA-256 is not the one expected.
type DigestError struct {
	What      string // what was hashed, in words
	Got, Want [32]byte
}

func (e *DigestError) Error() string {
	return fmt.Sprintf("%s: SHA-256 %s, expected %s", e.What, hex.EncodeToString(e.Got[:]), hex.EncodeToString(e.Want[:]))
}

// Unwrap makes every DigestError an ErrDigestMismatch.
func (e *DigestError) Unwrap() error { return ErrDigestMismatch }

// Verify decrypts and decompresses the archive in src, rebuilds its logical stream
// (zero regions included) and checks its SHA-256 and size against the end record.
// progress, when not nil, is called with the logical bytes checked so far. It
// returns the header and the verified trailer.
func Verify(ctx context.Context, src io.Reader, progress func(doneBytes int64), identities ...age.Identity) (Header, Trailer, error) {
	r, err := NewReader(src, identities...)
	if err != nil {
		return Header{}, Trailer{}, err
	}
	defer r.Close()

	// Hashing runs on a goroutine of its own, so that it overlaps decryption and
	// decompression (which zstd runs on its goroutines): the extents are copied
	// into a small pool of buffers to get there.
	type piece struct {
		zeros int64 // zero bytes before data
		data  []byte
	}
	const buffers = 2 // one being hashed, one being filled
	free := make(chan []byte, buffers)
	for range buffers {
		free <- nil
	}
	pieces := make(chan piece, buffers)
	h := sha256.New()
	var wg sync.WaitGroup
	wg.Go(func() {
		for p := range pieces {
			hashZeros(h, p.zeros)
			if p.data != nil { // the last piece, zeros only, took no buffer
				h.Write(p.data)
				free <- p.data
			}
		}
	})
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
				pieces <- piece{zeros: t.SizeBytes - pos}
				return nil
			}
			if err != nil {
				return err
			}
			buf := <-free
			if cap(buf) < len(e.Data) {
				buf = make([]byte, len(e.Data), max(len(e.Data), readBufferBytes))
			}
			buf = buf[:len(e.Data)]
			copy(buf, e.Data)
			pieces <- piece{zeros: e.Offset - pos, data: buf}
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
