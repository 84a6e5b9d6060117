package firmware

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"unsafe"

	"github.com/wipestation/wipestation/msg"
)

// Range is a byte range of the medium; Off and Len are multiples of the sector size.
type Range struct {
	Off, Len int64
}

// The NIST SP 800-88 Rev. 1 section 4.7 sampling parameters.
const (
	// Subsections is how many equal parts the address space is split into.
	Subsections = 1000
	// SamplesPerSubsection pseudorandom, non-overlapping samples are read in each.
	SamplesPerSubsection = 2
	// samplePercent is the share of its subsection each sample covers (two samples:
	// at least 10% of the medium in all).
	samplePercent = 5
	// fullChunkBytes is the unit full verification hashes.
	fullChunkBytes = 1 << 20
	// readBytes is the largest single read.
	readBytes = 1 << 20
)

// PlanSampling returns the samples NIST SP 800-88 section 4.7 asks for on a medium
// of sizeBytes: Subsections equal parts, two pseudorandom non-overlapping samples in
// each covering at least 5% of it, plus the first and the last LBA. seed makes the
// choice reproducible (it is recorded). A medium too small to split that way is
// read in full. The ranges are in ascending order.
func PlanSampling(sizeBytes int64, sectorBytes int, seed uint64) []Range {
	sb := int64(sectorBytes)
	sectors := sizeBytes / sb
	if sectors < Subsections*SamplesPerSubsection*2 {
		return PlanFull(sizeBytes, sectorBytes)
	}
	rng := rand.New(rand.NewPCG(seed, seed^0xA0761D6478BD642F))
	out := []Range{{Off: 0, Len: sb}}
	subLen := sectors / Subsections
	for i := int64(0); i < Subsections; i++ {
		start := i * subLen
		length := subLen
		if i == Subsections-1 {
			length = sectors - start // the last part takes the remainder
		}
		n := (length*samplePercent + 99) / 100 // sectors per sample, rounded up
		// Two non-overlapping samples: pick two points in the free space and
		// place the samples after them, so every ordered pair is equally likely.
		free := length - 2*n
		a, b := rng.Int64N(free+1), rng.Int64N(free+1)
		if a > b {
			a, b = b, a
		}
		out = append(out,
			Range{Off: (start + a) * sb, Len: n * sb},
			Range{Off: (start + b + n) * sb, Len: n * sb})
	}
	out = append(out, Range{Off: (sectors - 1) * sb, Len: sb})
	return out
}

// PlanFull covers the whole medium in chunks.
func PlanFull(sizeBytes int64, sectorBytes int) []Range {
	chunk := int64(fullChunkBytes) / int64(sectorBytes) * int64(sectorBytes)
	var out []Range
	for off := int64(0); off < sizeBytes; off += chunk {
		out = append(out, Range{Off: off, Len: min(chunk, sizeBytes-off)})
	}
	return out
}

// Sample is what one range held: only a digest is kept, never the data.
type Sample struct {
	Range
	Digest [sha256.Size]byte
	// Uniform is set when every byte of the range had the same Value.
	Uniform bool
	Value   byte
	// Err is a read error; Digest and Uniform are then meaningless.
	Err error
}

// alignedBuffer returns n bytes aligned for O_DIRECT (4096 covers every logical
// block size Linux supports).
func alignedBuffer(n int) []byte {
	const align = 4096
	b := make([]byte, n+align)
	off := int((align - uintptr(unsafe.Pointer(&b[0]))%align) % align)
	return b[off : off+n]
}

// readSamples reads every range through m and digests it. progress gets the bytes
// read so far. It stops early only when ctx is cancelled.
func readSamples(ctx context.Context, m Medium, ranges []Range, progress func(int64)) ([]Sample, error) {
	buf := alignedBuffer(readBytes)
	out := make([]Sample, len(ranges))
	var done int64
	for i, r := range ranges {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		s := Sample{Range: r, Uniform: true}
		h := sha256.New()
		first := true
		for off := r.Off; off < r.Off+r.Len; {
			n := min(int64(len(buf)), r.Off+r.Len-off)
			p := buf[:n]
			if _, err := m.ReadAt(p, off); err != nil {
				s.Err = fmt.Errorf("read %d bytes at %d: %w", n, off, err)
				break
			}
			h.Write(p)
			if first {
				s.Value, first = p[0], false
			}
			if s.Uniform && (p[0] != s.Value || !bytes.Equal(p[1:], p[:n-1])) {
				s.Uniform = false
			}
			off += n
			done += n
		}
		if s.Err == nil {
			copy(s.Digest[:], h.Sum(nil))
		} else {
			s.Uniform = false
		}
		out[i] = s
		if progress != nil {
			progress(done)
		}
	}
	return out, nil
}

// Expectation is what the medium must read as after the command.
type Expectation struct {
	// Changed: every sample must differ from what it held before (crypto erase,
	// and erases whose content the drive does not define).
	Changed bool
	// Values: every sample must be uniform, one of these bytes (zeros, the
	// overwrite pattern, the deterministic value of a block erase).
	Values []byte
}

// Message states the expectation, as the record's verification method repeats it.
func (e Expectation) Message() msg.Message {
	if e.Changed {
		return msg.New(msg.FirmwareExpectChanged)
	}
	var values any
	for i, v := range e.Values {
		hex := fmt.Sprintf("%02Xh", v)
		if i == 0 {
			values = hex
		} else {
			values = msg.New(msg.FirmwareOr, values, hex)
		}
	}
	return msg.New(msg.FirmwareExpectValues, values)
}

// String is the expectation in English, for logs and test failures.
func (e Expectation) String() string { return e.Message().String() }

// comparison is the verdict of comparing after with before.
type comparison struct {
	mismatches []Range // samples that do not hold what they must
	readErrors []Sample
	unchanged  int // mismatching samples identical to before
	// alreadyHeld counts samples whose change cannot be shown: they held the
	// expected value before the command, or (crypto erase) one repeated byte
	// before and after.
	alreadyHeld  int
	bytesRead    int64
	uniformValue map[byte]int
}

func compare(before, after []Sample, want Expectation) comparison {
	c := comparison{uniformValue: map[byte]int{}}
	for i, a := range after {
		b := before[i]
		if a.Err != nil {
			c.readErrors = append(c.readErrors, a)
			continue
		}
		c.bytesRead += a.Len
		same := b.Err == nil && a.Digest == b.Digest
		ok := false
		if want.Changed && same && b.Uniform {
			// A sample that held no data (one repeated byte: deallocated or never
			// written) and reads the same after a crypto erase that deallocates
			// proves nothing either way: it is counted, not failed.
			c.alreadyHeld++
			continue
		}
		if want.Changed {
			ok = !same
		} else if a.Uniform && bytes.IndexByte(want.Values, a.Value) >= 0 {
			ok = true
			c.uniformValue[a.Value]++
			if same {
				c.alreadyHeld++
			}
		}
		if !ok {
			c.mismatches = append(c.mismatches, a.Range)
			if same {
				c.unchanged++
			}
		}
	}
	return c
}
