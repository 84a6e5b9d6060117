//go:build linux

package firmware

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/sgio"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/wipe"
)

// TestTargetOpenerLoop: on a real block device the opener reads with O_DIRECT
// (bypassing the page cache), knows the size, offers SG_IO (which a loop device
// then refuses) and restores the descriptor's flags.
func TestTargetOpenerLoop(t *testing.T) {
	loop := testutil.NewLoopDevice(t, 4<<20)
	data := make([]byte, 4<<20)
	rand.Read(data)
	if err := os.WriteFile(loop.BackingFile, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(loop.Path, os.O_RDWR|unix.O_EXCL, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	before, _ := unix.FcntlInt(f.Fd(), unix.F_GETFL, 0)
	drv, err := TargetOpener{}.Open(wipe.Execution{Target: f, Job: wipe.Job{Device: devices.Device{Path: loop.Path, Name: loop.Name()}}})
	if err != nil {
		t.Fatal(err)
	}
	if drv.Medium.Size() != 4<<20 || drv.Medium.SectorBytes() != 512 || drv.SCSI == nil || drv.NVMe != nil {
		t.Fatalf("drive %+v", drv)
	}
	if fl, _ := unix.FcntlInt(f.Fd(), unix.F_GETFL, 0); fl&unix.O_DIRECT == 0 {
		t.Error("O_DIRECT not set")
	}
	samples, err := readSamples(context.Background(), drv.Medium, []Range{{Off: 1 << 20, Len: 4096}}, nil)
	if err != nil || samples[0].Err != nil {
		t.Fatalf("O_DIRECT read: %v %v", err, samples[0].Err)
	}
	want := make([]byte, 4096)
	copy(want, data[1<<20:])
	buf := alignedBuffer(4096)
	if _, err := drv.Medium.ReadAt(buf, 1<<20); err != nil || !bytes.Equal(buf, want) {
		t.Fatalf("read back: %v", err)
	}
	if _, err := drv.SCSI.Do(context.Background(), ataProbe()); err == nil {
		t.Error("SG_IO on a loop device succeeded")
	}
	if err := drv.Close(); err != nil {
		t.Fatal(err)
	}
	if fl, _ := unix.FcntlInt(f.Fd(), unix.F_GETFL, 0); fl != before {
		t.Errorf("flags %x after Close, want %x", fl, before)
	}
}

func ataProbe() sgio.Request {
	return sgio.Request{CDB: sgio.Inquiry(false, 0, 36), Dir: sgio.DirFromDevice, Data: make([]byte, 36), Timeout: time.Second}
}
