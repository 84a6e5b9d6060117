// Package mmctest is a simulated MMC optical drive at the byte boundary: it
// parses the CDBs a Transport carries and answers with the data, status and
// sense bytes a drive would, for each disc profile, with long-running blanks and
// formats that report progress, and injectable failures.
package mmctest

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"sync"
	"time"

	"github.com/wipestation/wipestation/devices/mmc"
)

// BlockSize is the simulated disc's block size.
const BlockSize = 2048

// ErrGone is the transport error after the drive was disconnected.
var ErrGone = errors.New("no such device (simulated)")

// Drive is the simulated drive and its disc. Fields may be set before use; the
// methods are safe for concurrent use.
type Drive struct {
	mu sync.Mutex

	Profile  uint16 // 0: no disc
	Erasable bool
	Status   int    // READ DISC INFORMATION disc status
	Blocks   uint32 // readable blocks (0 when blank)
	// Capacity is the formatted capacity in blocks of rewritable random-access
	// media, and what a sequential disc returns to after a blank+write.
	Capacity uint32
	Data     map[uint32][]byte // written blocks; others read as zeros

	// BusyPolls is how many TEST UNIT READY polls a blank or format stays busy.
	BusyPolls int
	// ProgressInRequestSense puts the progress only in REQUEST SENSE (not in
	// the TEST UNIT READY sense).
	ProgressInRequestSense bool
	// FailBlank, FailFormat: the command is rejected with this sense (key, asc,
	// ascq); FailAfterStart makes the drive fail during the operation instead.
	FailBlank      []byte
	FailFormat     []byte
	FailAfterStart bool
	// BlankLeavesData makes a "successful" blank leave the disc readable.
	BlankLeavesData bool
	// ReadErrorLBA, when non-zero, makes READ(10) covering it a MEDIUM ERROR.
	ReadErrorLBA uint32
	// GoneAfter, when > 0, disconnects the drive at that command.
	GoneAfter int

	// Commands counts commands by opcode; CDBs keeps every CDB received.
	Commands map[byte]int
	CDBs     [][]byte
	busy     int
	busyFail bool
	total    int
	pending  func() // what a running blank or format does when it ends
}

// New returns a drive holding a disc of profile with blocks of data (every block
// filled with a non-zero pattern, an ISO 9660 label at sector 16).
func New(profile uint16, blocks uint32, label string) *Drive {
	d := &Drive{Profile: profile, Blocks: blocks, Capacity: blocks, Data: map[uint32][]byte{}, Commands: map[byte]int{}, Status: mmc.DiscComplete, BusyPolls: 3}
	p := mmc.LookupProfile(profile)
	d.Erasable = p.Media == mmc.MediaRewritable
	if p.Erase == mmc.EraseOverwrite {
		d.Status = mmc.DiscOther
	}
	for lba := uint32(0); lba < blocks; lba++ {
		d.Data[lba] = bytes.Repeat([]byte{byte(lba) | 1}, BlockSize)
	}
	if blocks > 16 {
		pvd := make([]byte, BlockSize)
		pvd[0] = 1
		copy(pvd[1:], "CD001")
		copy(pvd[40:72], bytes.Repeat([]byte{' '}, 32))
		copy(pvd[40:], label)
		d.Data[16] = pvd
	}
	if profile == 0 {
		d.Blocks, d.Capacity = 0, 0
	}
	return d
}

func check(key, asc, ascq byte) mmc.Result {
	s := make([]byte, 18)
	s[0], s[2], s[7], s[12], s[13] = 0x70, key, 10, asc, ascq
	return mmc.Result{Status: mmc.StatusCheckCondition, Sense: s}
}

func checkFrom(b []byte) mmc.Result { return check(b[0], b[1], b[2]) }

func (d *Drive) progressSense(key byte) []byte {
	s := make([]byte, 18)
	s[0], s[2], s[7], s[12], s[13] = 0x70, key, 10, 0x04, 0x07
	done := uint16(65536 * (d.BusyPolls - d.busy) / (d.BusyPolls + 1))
	s[15] = 0x80
	binary.BigEndian.PutUint16(s[16:], done)
	return s
}

// Do answers one CDB.
func (d *Drive) Do(ctx context.Context, cdb []byte, dir mmc.Direction, data []byte, timeout time.Duration) (mmc.Result, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.total++
	if d.GoneAfter > 0 && d.total >= d.GoneAfter {
		return mmc.Result{}, ErrGone
	}
	if d.Commands == nil {
		d.Commands = map[byte]int{}
	}
	d.Commands[cdb[0]]++
	d.CDBs = append(d.CDBs, bytes.Clone(cdb))
	op := cdb[0]
	if d.busy > 0 && op != 0x00 && op != 0x03 {
		return check(2, 0x04, 0x07), nil
	}
	switch op {
	case 0x00: // TEST UNIT READY
		if d.Profile == 0 {
			return check(2, 0x3A, 0), nil
		}
		if d.busy > 0 {
			d.busy--
			if d.ProgressInRequestSense {
				return check(2, 0x04, 0x07), nil
			}
			return mmc.Result{Status: mmc.StatusCheckCondition, Sense: d.progressSense(2)}, nil
		}
		if d.pending != nil {
			d.pending()
			d.pending = nil
			if d.busyFail {
				d.busyFail = false
				return check(3, 0x31, 0x00), nil // MEDIUM FORMAT CORRUPTED
			}
		}
		return mmc.Result{}, nil
	case 0x03: // REQUEST SENSE
		s := make([]byte, 18)
		s[0], s[7] = 0x70, 10
		if d.busy > 0 {
			s = d.progressSense(2)
		}
		return mmc.Result{N: copy(data, s)}, nil
	case 0x46: // GET CONFIGURATION
		if d.Profile == 0 {
			return check(2, 0x3A, 0), nil
		}
		h := make([]byte, 8)
		binary.BigEndian.PutUint32(h, 4)
		binary.BigEndian.PutUint16(h[6:], d.Profile)
		return mmc.Result{N: copy(data, h)}, nil
	case 0x51: // READ DISC INFORMATION
		if d.Profile == 0 {
			return check(2, 0x3A, 0), nil
		}
		b := make([]byte, 34)
		binary.BigEndian.PutUint16(b, 32)
		b[2] = byte(d.Status & 3)
		if d.Erasable {
			b[2] |= 0x10
		}
		return mmc.Result{N: copy(data, b)}, nil
	case 0x25: // READ CAPACITY
		if d.Profile == 0 {
			return check(2, 0x3A, 0), nil
		}
		b := make([]byte, 8)
		if d.Blocks > 0 {
			binary.BigEndian.PutUint32(b, d.Blocks-1)
		}
		binary.BigEndian.PutUint32(b[4:], BlockSize)
		return mmc.Result{N: copy(data, b)}, nil
	case 0x28: // READ(10)
		lba, n := binary.BigEndian.Uint32(cdb[2:]), uint32(binary.BigEndian.Uint16(cdb[7:]))
		if d.Profile == 0 {
			return check(2, 0x3A, 0), nil
		}
		if lba+n > d.Blocks {
			return check(5, 0x21, 0), nil // LOGICAL BLOCK ADDRESS OUT OF RANGE
		}
		if d.ReadErrorLBA != 0 && lba <= d.ReadErrorLBA && d.ReadErrorLBA < lba+n {
			return check(3, 0x11, 0), nil // UNRECOVERED READ ERROR
		}
		for i := uint32(0); i < n; i++ {
			blk := data[i*BlockSize : (i+1)*BlockSize]
			if b, ok := d.Data[lba+i]; ok {
				copy(blk, b)
			} else {
				clear(blk)
			}
		}
		return mmc.Result{N: int(n) * BlockSize}, nil
	case 0x2A: // WRITE(10)
		lba, n := binary.BigEndian.Uint32(cdb[2:]), uint32(binary.BigEndian.Uint16(cdb[7:]))
		if mmc.LookupProfile(d.Profile).Media != mmc.MediaRewritable {
			return check(5, 0x30, 0x05), nil // CANNOT WRITE MEDIUM - INCOMPATIBLE FORMAT
		}
		if lba+n > d.Capacity {
			return check(5, 0x21, 0), nil
		}
		for i := uint32(0); i < n; i++ {
			blk := data[i*BlockSize : (i+1)*BlockSize]
			if bytes.Count(blk, []byte{0}) == BlockSize {
				delete(d.Data, lba+i)
			} else {
				d.Data[lba+i] = bytes.Clone(blk)
			}
		}
		if lba+n > d.Blocks {
			d.Blocks = lba + n
		}
		return mmc.Result{N: int(n) * BlockSize}, nil
	case 0x35: // SYNCHRONIZE CACHE
		return mmc.Result{}, nil
	case 0xA1: // BLANK
		if mmc.LookupProfile(d.Profile).Erase != mmc.EraseBlank {
			return check(5, 0x20, 0), nil // INVALID COMMAND OPERATION CODE for this medium
		}
		if d.FailBlank != nil && !d.FailAfterStart {
			return checkFrom(d.FailBlank), nil
		}
		full := cdb[1]&7 == mmc.BlankFull
		d.busy = d.BusyPolls
		d.busyFail = d.FailAfterStart
		d.pending = func() {
			if d.BlankLeavesData || d.busyFail {
				return
			}
			d.Status = mmc.DiscEmpty
			d.Blocks = 0
			if full {
				d.Data = map[uint32][]byte{}
			}
		}
		return mmc.Result{}, nil
	case 0x23: // READ FORMAT CAPACITIES
		p := mmc.LookupProfile(d.Profile)
		b := make([]byte, 4, 20)
		desc := make([]byte, 8)
		binary.BigEndian.PutUint32(desc, d.Capacity)
		desc[4] = 2 // formatted media
		b = append(b, desc...)
		if p.FormatType != 0 {
			f := make([]byte, 8)
			binary.BigEndian.PutUint32(f, d.Capacity)
			f[4] = p.FormatType << 2
			b = append(b, f...)
		}
		b[3] = byte(len(b) - 4)
		return mmc.Result{N: copy(data, b)}, nil
	case 0x04: // FORMAT UNIT
		if mmc.LookupProfile(d.Profile).Erase != mmc.EraseOverwrite {
			return check(5, 0x30, 0x05), nil
		}
		if d.FailFormat != nil && !d.FailAfterStart {
			return checkFrom(d.FailFormat), nil
		}
		if len(data) < 12 || data[8]>>2 != mmc.LookupProfile(d.Profile).FormatType {
			return check(5, 0x26, 0), nil // INVALID FIELD IN PARAMETER LIST
		}
		d.busy = d.BusyPolls
		d.busyFail = d.FailAfterStart
		d.pending = func() { d.Blocks = d.Capacity } // a re-format leaves the old data readable
		return mmc.Result{}, nil
	default:
		return check(5, 0x20, 0), nil
	}
}
