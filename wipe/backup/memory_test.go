package backup

import (
	"context"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/testutil"
)

// synthDevice is a large device whose bytes are computed, not stored: random data
// (incompressible, zstd's worst case) where dataAt says so, zeros elsewhere.
type synthDevice struct{ size int64 }

func (d synthDevice) dataAt(off int64) bool { return off < d.size/2 || off >= d.size-3*mib }

func (d synthDevice) ReadAt(p []byte, off int64) (int, error) {
	for i := 0; i < len(p); {
		block := off + int64(i)
		n := min(len(p)-i, 4096-int(block%4096))
		if d.dataAt(block) {
			var seed [32]byte
			binary.LittleEndian.PutUint64(seed[:], uint64(block/4096))
			rand.NewChaCha8(seed).Read(p[i : i+n])
		} else {
			clear(p[i : i+n])
		}
		i += n
	}
	return len(p), nil
}

// TestBackupMemoryBounded: backing up a 512 MiB device, half of it random, keeps
// the heap under 64 MiB: memory does not grow with the device.
func TestBackupMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 512 MiB")
	}
	keys := newKeys(t)
	dev := synthDevice{size: 512 * mib}
	dir := testutil.ScratchDir(t)

	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	runtime.GC()
	base := read()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	})
	info, err := newTestBackuper().BackupImage(context.Background(), dev, dev.size, devices.Device{Path: "/dev/synth"}, Options{Dir: dir, Recipient: keys.recipient}, nil)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(info.Location)
	grew := int64(peak.Load()) - int64(base)
	t.Logf("heap grew by at most %.1f MiB backing up %d MiB", float64(grew)/mib, dev.size/mib)
	if grew > 64*mib {
		t.Errorf("heap grew by %.1f MiB, more than 64 MiB", float64(grew)/mib)
	}
}
