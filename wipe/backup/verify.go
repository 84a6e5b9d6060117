package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

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
	h := sha256.New()
	var pos int64
	for {
		if err := ctx.Err(); err != nil {
			return r.Header(), Trailer{}, err
		}
		e, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return r.Header(), Trailer{}, err
		}
		hashZeros(h, e.Offset-pos)
		h.Write(e.Data)
		pos = e.Offset + int64(len(e.Data))
		if progress != nil {
			progress(pos)
		}
	}
	t, _ := r.Trailer()
	hashZeros(h, t.SizeBytes-pos)
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
