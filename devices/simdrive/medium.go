// Package simdrive holds simulated drives for tests: an ATA drive behind a SAT
// layer, an NVMe controller and a SCSI disk, each answering at the byte level of
// the real transports (CDBs and sense data through sgio.Request/Response, NVMe
// admin commands and status codes), backed by an in-memory medium so that
// verification reads real data. The code under test talks to them exactly as it
// talks to /dev/sdX and /dev/nvme0n1; only the bytes coming back are simulated.
//
// A drive can support or refuse each command, be frozen or locked, run long with
// progress, fail midway, or lie (report success and erase nothing). Any of them
// can be a self-encrypting drive (SED: TCG Level 0 Discovery, the PSID session and
// Revert behind the bus's security protocol commands).
package simdrive

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
)

// ErrMediumError is what reading an unreadable sector returns (MEDIUM ERROR,
// unrecovered read error), like a drive after BLOCK ERASE until the LBA is written.
var ErrMediumError = errors.New("medium error: unrecovered read error")

// ErrDataProtect is what reading a locked self-encrypting drive returns (DATA
// PROTECT, access denied: the locking range is locked).
var ErrDataProtect = errors.New("data protect: the locking range is locked")

// Medium is an in-memory disk. It is safe for concurrent use.
type Medium struct {
	mu          sync.Mutex
	data        []byte
	sectorBytes int
	unreadable  bool
	locked      bool
	rng         *rand.Rand
}

// NewMedium returns a zero-filled medium of sizeBytes (a multiple of sectorBytes)
// filled with pseudo-random "user data" from seed.
func NewMedium(sizeBytes int64, sectorBytes int, seed uint64) *Medium {
	m := &Medium{data: make([]byte, sizeBytes), sectorBytes: sectorBytes,
		rng: rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15))}
	m.scramble(0, int64(len(m.data)))
	return m
}

func (m *Medium) scramble(from, to int64) {
	for i := from; i < to; i += 8 {
		v := m.rng.Uint64()
		for j := int64(0); j < 8 && i+j < to; j++ {
			m.data[i+j] = byte(v >> (8 * j))
		}
	}
}

// ReadAt reads like a block device: whole sectors, or ErrMediumError.
func (m *Medium) ReadAt(p []byte, off int64) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if off%int64(m.sectorBytes) != 0 || len(p)%m.sectorBytes != 0 {
		return 0, fmt.Errorf("read at %d length %d: not sector aligned", off, len(p))
	}
	if m.locked {
		return 0, ErrDataProtect
	}
	if m.unreadable {
		return 0, ErrMediumError
	}
	if off >= int64(len(m.data)) {
		return 0, errors.New("read beyond the end of the medium")
	}
	n := copy(p, m.data[off:])
	if n < len(p) {
		return n, errors.New("short read at the end of the medium")
	}
	return n, nil
}

// Size is the medium's size in bytes.
func (m *Medium) Size() int64 { return int64(len(m.data)) }

// SectorBytes is the logical sector size.
func (m *Medium) SectorBytes() int { return m.sectorBytes }

// Fill sets every byte to b, up to fraction (0..1] of the medium.
func (m *Medium) Fill(b byte, fraction float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	end := int64(float64(len(m.data)) * fraction)
	for i := int64(0); i < end; i++ {
		m.data[i] = b
	}
	m.unreadable = false
}

// Scramble replaces the contents with fresh pseudo-random bytes (what reads return
// after a crypto erase: the old key's data decrypted with a new key), up to fraction.
func (m *Medium) Scramble(fraction float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.scramble(0, int64(float64(len(m.data))*fraction))
	m.unreadable = false
}

// SetUnreadable makes every read fail with ErrMediumError until the next Fill/Scramble.
func (m *Medium) SetUnreadable() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.unreadable = true
}

// Snapshot copies the contents (for assertions).
func (m *Medium) Snapshot() []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]byte(nil), m.data...)
}

// Behavior is how a drive carries out a sanitize/format/erase it supports.
type Behavior struct {
	// Polls is how many status polls a long-running operation stays in progress.
	Polls int
	// FailMidway erases half the medium and then reports failure.
	FailMidway bool
	// Lie reports success and leaves the data in place (QEMU's SCSI FORMAT UNIT).
	Lie bool
	// UnreadableAfterBlockErase makes reads fail with MEDIUM ERROR after a block erase.
	UnreadableAfterBlockErase bool
	// BlockEraseValue is what a block erase leaves (00h by default).
	BlockEraseValue byte
}

// effect applies an erase of kind to m per b: "zero", "block", "crypto", "overwrite".
func (b Behavior) effect(m *Medium, kind string, pattern byte) {
	fraction := 1.0
	if b.Lie {
		return
	}
	if b.FailMidway {
		fraction = 0.5
	}
	switch kind {
	case "crypto":
		m.Scramble(fraction)
	case "block":
		m.Fill(b.BlockEraseValue, fraction)
		if b.UnreadableAfterBlockErase && !b.FailMidway {
			m.SetUnreadable()
		}
	case "overwrite":
		m.Fill(pattern, fraction)
	default:
		m.Fill(0, fraction)
	}
}

func (m *Medium) setLocked(locked bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.locked = locked
}
