//go:build linux

package firmware

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/sgio"
	"github.com/wipestation/wipestation/devices/simdrive"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// TestRestoreHiddenEndToEnd runs `wipe --restore-hidden` through the real Runner
// on a real loop device. The drive is a simulated ATA drive with an HPA, reached
// through the same SCSI transport the production restorer uses; the loop device
// is its block device as the kernel sees it. The kernel's rescan is the one
// simulated step: it asks the drive READ CAPACITY(16), as sd does, and gives the
// loop device that capacity (LOOP_SET_CAPACITY).
func TestRestoreHiddenEndToEnd(t *testing.T) {
	const accessible, native = 12288, 16384 // 6 MiB of 8 MiB
	cases := []struct {
		name      string
		hpa       bool
		rescans   bool // the "kernel" picks up the new capacity
		restore   bool
		written   int64
		covered   bool
		exception string
	}{
		{name: "restored and overwritten to the native end", hpa: true, rescans: true, restore: true, written: native * 512, covered: true},
		{name: "the kernel keeps the old capacity", hpa: true, restore: true, written: accessible * 512, exception: "still addresses"},
		{name: "without --restore-hidden", hpa: true, rescans: true, written: accessible * 512, exception: "hidden area NOT covered"},
		{name: "no hpa: nothing changes", restore: true, rescans: true, written: accessible * 512, covered: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			loop := testutil.NewLoopDevice(t, accessible*512)
			testutil.FillFile(t, loop.BackingFile, 0x5A)
			size := int64(accessible * 512)
			if tc.hpa {
				size = native * 512
			}
			drive := &simdrive.ATA{Medium: simdrive.NewMedium(size, 512, 7), Model: "SIM HDD", Serial: "HPA-1", HPA: tc.hpa, HPASectors: accessible}

			sys := devices.HostSystem()
			rescanned := false
			sys.SysWrite = func(name string, value []byte) error {
				if name != "class/block/"+loop.Name()+"/device/rescan" || string(value) != "1" {
					return errors.New("unexpected sysfs write " + name)
				}
				rescanned = true
				if !tc.rescans {
					return nil
				}
				cap16 := make([]byte, 32)
				resp, err := drive.Do(context.Background(), sgio.Request{CDB: sgio.ReadCapacity16(32), Dir: sgio.DirFromDevice, Data: cap16})
				if err != nil || resp.Err(nil) != nil {
					return errors.New("read capacity failed")
				}
				if err := os.Truncate(loop.BackingFile, int64(binary.BigEndian.Uint64(cap16)+1)*512); err != nil {
					return err
				}
				testutil.Run(t, "losetup", "--set-capacity", loop.Path)
				return nil
			}
			dev := devices.Device{Path: loop.Path, Name: loop.Name(), Kind: devices.KindDisk, Transport: devices.TransportSATA}
			if tc.hpa {
				devices.ProbeSCSI(context.Background(), drive, &dev)
				// The simulated drive's serial is not the loop device's: the
				// re-check before the first write could not read it again.
				dev.Serial = ""
			} else {
				dev.Transport, dev.Virtual = devices.TransportLoop, true
			}
			dn, sz, err := sys.CaptureIdentity(loop.Path)
			if err != nil {
				t.Fatal(err)
			}
			dev.DevNumber, dev.SizeBytes = dn, sz
			if tc.hpa && !dev.Capabilities.HiddenArea.Hidden() {
				t.Fatalf("the probe found no HPA: %+v %q", dev.Capabilities.HiddenArea, dev.Capabilities.ProbeErrors)
			}

			dir := filepath.Join(testutil.ScratchDir(t), "records")
			restorer := HiddenRestorer{Port: func(*os.File) SCSI { return drive }}
			r := wipe.NewRunner(wipe.RunnerConfig{System: sys, RecordsDir: dir, HiddenRestorer: restorer})
			if _, err := r.Start(t.Context(), wipe.Job{Device: dev, Method: "one", Options: wipe.Options{RestoreHidden: tc.restore}}); err != nil {
				t.Fatal(err)
			}
			var rec *wipe.Record
			timeout := time.After(2 * time.Minute)
			for rec == nil {
				select {
				case ev := <-r.Events():
					if ev.Type == wipe.EventResult {
						rec = ev.Result
					}
				case <-timeout:
					t.Fatal("no result")
				}
			}
			r.Wait()
			if rec.Status != wipe.StatusErased || !rec.Verification.Verified || rec.BytesWritten != tc.written || rec.Verification.BytesRead != tc.written {
				t.Fatalf("status %s (%s), verified %v, wrote %d, read %d; want %d", rec.Status, rec.Reason, rec.Verification.Verified,
					rec.BytesWritten, rec.Verification.BytesRead, tc.written)
			}
			if rescanned != (tc.restore && tc.hpa) {
				t.Errorf("rescanned %v", rescanned)
			}
			ex := strings.Join(msg.Texts(rec.Exceptions), "\n")
			if tc.exception == "" && strings.Contains(ex, "hidden area") || !strings.Contains(ex, tc.exception) {
				t.Errorf("exceptions %q, want %q", ex, tc.exception)
			}
			h := rec.Sanitization.HiddenArea
			switch {
			case !tc.hpa && h != nil:
				t.Errorf("a loop device got a hidden-area outcome %+v", h)
			case tc.hpa && (h == nil || h.Covered != tc.covered || h.NativeSectors != native || h.AccessibleSectors != accessible):
				t.Errorf("hidden area outcome %+v, want covered %v", h, tc.covered)
			}
			data, err := os.ReadFile(loop.BackingFile)
			if err != nil {
				t.Fatal(err)
			}
			if int64(bytes.Count(data[:tc.written], []byte{0xFF})) != tc.written {
				t.Error("the medium does not hold 0xFF up to where the job says it wrote")
			}
			if tc.covered && tc.hpa && !strings.Contains(strings.Join(msg.Texts(rec.Sanitization.Details), "\n"), "returns to its HPA of 12288 sectors at its next power cycle") {
				t.Errorf("the record does not say the restore is volatile: %q", rec.Sanitization.Details)
			}
			if tc.hpa && tc.restore {
				// Volatile: after a power cycle the drive hides the sectors again.
				drive.PowerCycle()
				again := devices.Device{}
				devices.ProbeSCSI(context.Background(), drive, &again)
				if h := again.Capabilities.HiddenArea; !h.Hidden() || h.AccessibleSectors != accessible {
					t.Errorf("after a power cycle: %+v", h)
				}
			}
		})
	}
}
