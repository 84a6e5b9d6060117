package mtpclear

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"io"
)

// stream is the fill's cryptographic stream: AES-256-CTR under a key from
// crypto/rand, one counter block per file index, so any file can be regenerated
// for the read-back comparison.
type stream struct {
	block cipher.Block
}

func newStream(key []byte) (*stream, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return &stream{block: b}, nil
}

// reader returns the bytes of fill file i.
func (s *stream) reader(i uint64) io.Reader {
	iv := make([]byte, aes.BlockSize)
	binary.BigEndian.PutUint64(iv, i)
	return cipher.StreamReader{S: cipher.NewCTR(s.block, iv), R: zeros{}}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// comparer is an io.Writer that checks what it is given against the expected
// stream, counting mismatching bytes and keeping the first offsets.
type comparer struct {
	want       io.Reader
	buf        []byte
	off        int64
	mismatches int64
	first      []int64
}

func (c *comparer) Write(p []byte) (int, error) {
	if cap(c.buf) < len(p) {
		c.buf = make([]byte, len(p))
	}
	w := c.buf[:len(p)]
	if _, err := io.ReadFull(c.want, w); err != nil {
		return 0, err
	}
	if !bytes.Equal(w, p) {
		for i := range p {
			if p[i] != w[i] {
				c.mismatches++
				if len(c.first) < 8 {
					c.first = append(c.first, c.off+int64(i))
				}
			}
		}
	}
	c.off += int64(len(p))
	return len(p), nil
}
