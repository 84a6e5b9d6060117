package backup

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// syncEveryBytes is how much archive is written between two syncs while it is read
// back at the same time.
const syncEveryBytes = 32 << 20

// readBackFile is an archive being written that is read back while it grows. The
// writer syncs it every syncEveryBytes and drops the synced range from the page
// cache; only then may the reader read that range, so what the reader sees comes
// from the backup medium (where the system can drop pages), not from memory.
type readBackFile struct {
	f       *os.File
	mu      sync.Mutex
	cond    *sync.Cond
	written int64 // appended so far (writer only)
	durable int64 // synced and dropped: the reader may read up to here
	done    bool  // the writer finished (durable is final) or failed (err)
	err     error
}

func newReadBackFile(f *os.File) *readBackFile {
	g := &readBackFile{f: f}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// Write appends p; it is called by one writer only.
func (g *readBackFile) Write(p []byte) (int, error) {
	n, err := g.f.Write(p)
	g.written += int64(n)
	if err != nil {
		return n, err
	}
	if g.written-g.loadDurable() >= syncEveryBytes {
		if err := g.sync(); err != nil {
			return n, err
		}
	}
	return n, nil
}

func (g *readBackFile) loadDurable() int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.durable
}

// sync makes everything written durable and lets the reader at it.
func (g *readBackFile) sync() error {
	if err := g.f.Sync(); err != nil {
		return fmt.Errorf("sync archive: %w", err)
	}
	from := g.loadDurable()
	dropCacheRange(g.f, from, g.written-from)
	g.mu.Lock()
	g.durable = g.written
	g.mu.Unlock()
	g.cond.Broadcast()
	return nil
}

// finish ends the writing: with err nil after a last sync, so that the reader can
// read to the end; otherwise the reader fails with err.
func (g *readBackFile) finish(err error) error {
	if err == nil {
		err = g.sync()
	}
	g.mu.Lock()
	g.done, g.err = true, err
	g.mu.Unlock()
	g.cond.Broadcast()
	return err
}

// errWriterFailed is what the reader gets when the writing failed; the writer's
// own error is what the backup reports.
var errWriterFailed = errors.New("archive writing failed")

// reader returns an io.Reader of the archive from the start, which waits for the
// writer and returns io.EOF only after finish(nil) and the whole file was read.
func (g *readBackFile) reader() io.Reader { return &readBackReader{g: g} }

type readBackReader struct {
	g   *readBackFile
	pos int64
}

func (r *readBackReader) Read(p []byte) (int, error) {
	g := r.g
	g.mu.Lock()
	for r.pos >= g.durable && !g.done {
		g.cond.Wait()
	}
	durable, done, err := g.durable, g.done, g.err
	g.mu.Unlock()
	if err != nil {
		return 0, errWriterFailed
	}
	if r.pos >= durable && done {
		return 0, io.EOF
	}
	n, err := g.f.ReadAt(p[:min(int64(len(p)), durable-r.pos)], r.pos)
	r.pos += int64(n)
	if errors.Is(err, io.EOF) && n > 0 {
		err = nil
	}
	return n, err
}
