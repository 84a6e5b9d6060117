// Package memdisk is an in-memory block device for tests: a byte array behind the
// same ReadAt/WriteAt/Size/Sync/Alive surface an opened device has, with faults that
// can be injected at the byte boundary (bad ranges, transient errors, corruption on
// read-back, the device vanishing). It is a fake at the lowest boundary: the code
// under test runs unchanged on top of it.
package memdisk

import (
	"errors"
	"fmt"
	"sync"
	"syscall"
)

// ErrGone is what Alive reports once the disk has vanished.
var ErrGone = errors.New("memdisk: device removed")

type badRange struct {
	off, n int64
	err    error
}

// Disk is an in-memory device. It is safe for concurrent use.
type Disk struct {
	mu         sync.Mutex
	data       []byte
	badWrite   []badRange
	badRead    []badRange
	corrupt    []badRange // bytes inverted when read back
	failNext   int        // the next failNext requests fail with EIO
	vanishAt   int64      // after this many bytes written the disk vanishes; <0: never
	written    int64
	gone       bool
	goneErrno  syscall.Errno
	syncs      int
	writeCalls int
}

// New returns a zero-filled disk of size bytes.
func New(size int64) *Disk {
	return &Disk{data: make([]byte, size), vanishAt: -1, goneErrno: syscall.EIO}
}

// Size is the disk's size in bytes.
func (d *Disk) Size() int64 { return int64(len(d.data)) }

// Bytes returns the disk's contents (the live slice: read it only while nothing writes).
func (d *Disk) Bytes() []byte { return d.data }

// FailWrites makes every write request that touches [off, off+n) fail with EIO and
// write nothing, as a drive failing the command does.
func (d *Disk) FailWrites(off, n int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.badWrite = append(d.badWrite, badRange{off, n, syscall.EIO})
}

// FailReads makes every read request that touches [off, off+n) fail with EIO.
func (d *Disk) FailReads(off, n int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.badRead = append(d.badRead, badRange{off, n, syscall.EIO})
}

// Corrupt makes reads of [off, off+n) return the stored bytes inverted: a medium
// that does not hold what was written.
func (d *Disk) Corrupt(off, n int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.corrupt = append(d.corrupt, badRange{off: off, n: n})
}

// FailNext makes the next k requests (reads or writes) fail with EIO: a transient
// error that a retry gets past.
func (d *Disk) FailNext(k int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.failNext = k
}

// VanishAfter makes the disk disappear once n bytes have been written: every request
// afterwards fails with errno (EIO or ENODEV, as the kernel answers after an unplug)
// and Alive reports ErrGone.
func (d *Disk) VanishAfter(n int64, errno syscall.Errno) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.vanishAt, d.goneErrno = n, errno
}

// WriteCalls counts WriteAt calls, failed ones included.
func (d *Disk) WriteCalls() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.writeCalls
}

// Syncs counts Sync calls.
func (d *Disk) Syncs() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.syncs
}

func hit(rs []badRange, off, n int64) error {
	for _, r := range rs {
		if off < r.off+r.n && r.off < off+n {
			return r.err
		}
	}
	return nil
}

func (d *Disk) check(op string, off int64, n int) error {
	if off < 0 || off+int64(n) > int64(len(d.data)) {
		return fmt.Errorf("memdisk %s at %d+%d: %w", op, off, n, syscall.EINVAL)
	}
	if d.gone {
		return fmt.Errorf("memdisk %s: %w", op, d.goneErrno)
	}
	if d.failNext > 0 {
		d.failNext--
		return fmt.Errorf("memdisk %s: %w", op, syscall.EIO)
	}
	return nil
}

// WriteAt writes b at off, or fails as injected.
func (d *Disk) WriteAt(b []byte, off int64) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.writeCalls++
	if err := d.check("write", off, len(b)); err != nil {
		return 0, err
	}
	if err := hit(d.badWrite, off, int64(len(b))); err != nil {
		return 0, fmt.Errorf("memdisk write at %d: %w", off, err)
	}
	if d.vanishAt >= 0 && d.written+int64(len(b)) > d.vanishAt {
		d.gone = true
		return 0, fmt.Errorf("memdisk write: %w", d.goneErrno)
	}
	copy(d.data[off:], b)
	d.written += int64(len(b))
	return len(b), nil
}

// ReadAt reads into b from off, or fails as injected.
func (d *Disk) ReadAt(b []byte, off int64) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.check("read", off, len(b)); err != nil {
		return 0, err
	}
	if err := hit(d.badRead, off, int64(len(b))); err != nil {
		return 0, fmt.Errorf("memdisk read at %d: %w", off, err)
	}
	copy(b, d.data[off:])
	for _, c := range d.corrupt {
		for i := max(c.off, off); i < min(c.off+c.n, off+int64(len(b))); i++ {
			b[i-off] ^= 0xFF
		}
	}
	return len(b), nil
}

// Sync counts a flush; it fails once the disk has vanished.
func (d *Disk) Sync() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.syncs++
	if d.gone {
		return fmt.Errorf("memdisk sync: %w", d.goneErrno)
	}
	return nil
}

// Alive reports ErrGone once the disk has vanished.
func (d *Disk) Alive() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.gone {
		return ErrGone
	}
	return nil
}
