package mtpclear

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/mtp"
	"github.com/wipestation/wipestation/devices/mtp/mtptest"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// render states ms in lang, one per line.
func render(ms []msg.Message, lang string) string {
	lines := make([]string, len(ms))
	for i, m := range ms {
		lines[i] = m.In(lang)
	}
	return strings.Join(lines, "\n")
}

const storageID = 0x10001

func sys(serial string) devices.System {
	return devices.System{DevDir: "/dev", ADBServer: "-", Sys: fstest.MapFS{
		"bus/usb/devices/1-1/idVendor":               {Data: []byte("46f4\n")},
		"bus/usb/devices/1-1/idProduct":              {Data: []byte("0004\n")},
		"bus/usb/devices/1-1/serial":                 {Data: []byte(serial + "\n")},
		"bus/usb/devices/1-1/busnum":                 {Data: []byte("1\n")},
		"bus/usb/devices/1-1/devnum":                 {Data: []byte("4\n")},
		"bus/usb/devices/1-1:1.0/bInterfaceClass":    {Data: []byte("06\n")},
		"bus/usb/devices/1-1:1.0/bInterfaceSubClass": {Data: []byte("01\n")},
		"bus/usb/devices/1-1:1.0/bInterfaceProtocol": {Data: []byte("01\n")},
		"bus/usb/devices/1-1:1.0/interface":          {Data: []byte("MTP\n")},
	}}
}

var phone = devices.Device{Path: "mtp:/dev/bus/usb/001/004", Kind: devices.KindPhone, Transport: devices.TransportMTP,
	Serial: "SER1", USBVendorID: "46f4", USBProductID: "0004"}

// newPhone is a fake phone of 1 MiB holding a small tree of photos.
func newPhone() *mtptest.Device {
	// Like a real phone, it reports a capacity a little larger than what files can use.
	d := mtptest.New(&mtptest.Storage{ID: storageID, Description: "Internal shared storage", Capacity: 1 << 20, ReportedCapacity: 1<<20 + 64<<10})
	d.NoFolderDelete = true // so that deleting a folder before its contents fails the test
	dcim := d.Add(storageID, mtp.ParentRoot, "DCIM", true, nil)
	cam := d.Add(storageID, dcim, "Camera", true, nil)
	d.Add(storageID, cam, "IMG_0001.jpg", false, bytes.Repeat([]byte{0xAB}, 100<<10))
	d.Add(storageID, cam, "IMG_0002.jpg", false, bytes.Repeat([]byte{0xCD}, 50<<10))
	d.Add(storageID, dcim, "empty", true, nil)
	d.Add(storageID, mtp.ParentRoot, "notes.txt", false, []byte("secret"))
	return d
}

func executor(d *mtptest.Device, serial string) *Executor {
	return &Executor{
		System: sys(serial),
		Open: func(ctx context.Context, node string) (*mtp.Conn, func() error, error) {
			if node != "/dev/bus/usb/001/004" {
				return nil, nil, errors.New("wrong node " + node)
			}
			return mtp.NewConn(d, mtp.Options{Chunk: 16 << 10, ResponseWait: 100 * time.Millisecond}), func() error { return nil }, nil
		},
		FileSize:    256 << 10,
		MinFileSize: 1 << 10,
	}
}

func execution() wipe.Execution {
	return wipe.Execution{
		Job:    wipe.Job{Device: phone, Method: "mtp-clear"},
		Method: wipe.Method{ID: "mtp-clear", Name: "MTP clear", Engine: wipe.EngineMTP, Class: devices.ClassClear},
	}
}

func TestFullCycle(t *testing.T) {
	for _, late := range []int{0, 3} {
		t.Run(fmt.Sprintf("listed after %d commands", late), func(t *testing.T) { fullCycle(t, late) })
	}
}

func fullCycle(t *testing.T, late int) {
	d := newPhone()
	d.LateListing = late
	var phases []wipe.Phase
	x := execution()
	x.Progress = func(p wipe.Progress) {
		if len(phases) == 0 || phases[len(phases)-1] != p.Phase {
			phases = append(phases, p.Phase)
		}
	}
	out, err := executor(d, "SER1").Execute(context.Background(), x)
	if err != nil {
		t.Fatalf("Execute: %v (outcome %+v)", err, out)
	}
	if !out.Completed || !out.Verification.Verified || out.Verification.Mismatches != 0 {
		t.Errorf("outcome = %+v", out)
	}
	if left := d.Snapshot(); len(left) != 0 {
		t.Errorf("objects left on the phone: %+v", left)
	}
	// The fill reached the last KiB of the 1 MiB storage (the tree was deleted first).
	if out.BytesWritten < 1<<20-2<<10 || out.BytesWritten > 1<<20 {
		t.Errorf("bytes written = %d, want about 1 MiB", out.BytesWritten)
	}
	if out.Verification.BytesRead != out.BytesWritten {
		t.Errorf("read back %d, wrote %d", out.Verification.BytesRead, out.BytesWritten)
	}
	if d.Commands[mtp.OpDeleteObject] < 6 {
		t.Errorf("DeleteObject sent %d times", d.Commands[mtp.OpDeleteObject])
	}
	if out.Sanitization.Class != devices.ClassClear || out.Sanitization.MethodID != "mtp-clear" {
		t.Errorf("sanitization = %+v", out.Sanitization)
	}
	details := render(out.Sanitization.Details, msg.English)
	for _, want := range []string{"Deleted 3 files (153606 bytes) and 3 folders", "App data, system partitions", "factory reset", "the storage is full",
		`Storage "Internal shared storage" (0x00010001): reported`} {
		if !strings.Contains(details, want) {
			t.Errorf("details lack %q:\n%s", want, details)
		}
	}
	zh := render(out.Sanitization.Details, msg.TraditionalChinese)
	for _, want := range []string{"經由 MTP 刪除 3 個檔案（153606 位元組）及 3 個資料夾", "儲存空間已滿", "範圍："} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh-TW details lack %q:\n%s", want, zh)
		}
	}
	if m := out.Verification.Method; m.ID != msg.MTPVerifyMethod {
		t.Errorf("verification method %v", m)
	}
	if want := []wipe.Phase{wipe.PhaseCommand, wipe.PhaseWrite, wipe.PhaseVerify, wipe.PhaseCommand}; !equalPhases(phases, want) {
		t.Errorf("phases = %v, want %v", phases, want)
	}
}

func equalPhases(a, b []wipe.Phase) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestReportedFreeSpace(t *testing.T) {
	tests := []struct {
		name      string
		reported  uint64 // free space the phone claims
		capacity  uint64 // capacity the phone claims
		partial   bool
		trueCap   uint64
		minBytes  int64
		maxBytes  int64
		exception string
		detail    string
	}{
		// QEMU-like: the phone claims more free space than it has; Store_Full ends the fill.
		{name: "free space over-reported", reported: 8 << 20, minBytes: 1<<20 - 2<<10, maxBytes: 1 << 20, exception: "more free space"},
		// The phone claims less free space: the fill goes on to Store_Full.
		{name: "free space under-reported", reported: 300 << 10, minBytes: 1<<20 - 2<<10, maxBytes: 1 << 20, detail: "the storage is full"},
		// The phone claims less capacity: the fill stops there and the record says so.
		{name: "capacity under-reported", reported: 512 << 10, capacity: 512 << 10, minBytes: 512<<10 - 8, maxBytes: 512 << 10, detail: "without a Store_Full answer"},
		// A refused file leaves a partial copy behind: it is deleted.
		{name: "partial file kept by the phone", partial: true, trueCap: 1000 << 10, minBytes: 1000<<10 - 2<<10, maxBytes: 1000 << 10, exception: "partial copy was deleted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newPhone()
			d.Storages[0].ReportedFree = tt.reported
			if tt.capacity != 0 {
				d.Storages[0].ReportedCapacity = tt.capacity
			}
			d.KeepPartial = tt.partial
			if tt.trueCap != 0 {
				d.Storages[0].Capacity = tt.trueCap
			}
			out, err := executor(d, "SER1").Execute(context.Background(), execution())
			if err != nil || !out.Completed {
				t.Fatalf("Execute = %v, erased %v", err, out.Completed)
			}
			if out.BytesWritten < tt.minBytes || out.BytesWritten > tt.maxBytes {
				t.Errorf("bytes written = %d, want %d..%d", out.BytesWritten, tt.minBytes, tt.maxBytes)
			}
			if ex := render(out.Exceptions, msg.English); (tt.exception == "") != (ex == "") || !strings.Contains(ex, tt.exception) {
				t.Errorf("exceptions = %q, want %q", ex, tt.exception)
			}
			if det := render(out.Sanitization.Details, msg.English); !strings.Contains(det, tt.detail) {
				t.Errorf("details = %q, want %q", det, tt.detail)
			}
			if left := d.Snapshot(); len(left) != 0 {
				t.Errorf("objects left: %d", len(left))
			}
		})
	}
}

func TestFailures(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(d *mtptest.Device)
		serial string
		want   string
		// refusal: the runner must still find the safety rule's refusal.
		refusal bool
	}{
		{name: "unplugged while filling", setup: func(d *mtptest.Device) { d.GoneAfter = 20 }, want: "no such device"},
		{name: "unplugged while deleting", setup: func(d *mtptest.Device) { d.GoneAfter = 6 }, want: "no such device"},
		{name: "identity changed", serial: "OTHER", want: "identity changed", refusal: true},
		{name: "read-only storage", setup: func(d *mtptest.Device) { d.Storages[0].ReadOnly = true }, want: "read-only"},
		{
			name: "corrupted read-back",
			setup: func(d *mtptest.Device) {
				d.Mangle = func(op uint16, tr [][]byte) [][]byte {
					if op == mtp.OpGetObject && len(tr) == 2 {
						tr[0] = bytes.Clone(tr[0])
						tr[0][100] ^= 0xFF
					}
					return tr
				}
			},
			want: "differ from what was written",
		},
		{
			name: "wrong transaction ID",
			setup: func(d *mtptest.Device) {
				d.Mangle = func(op uint16, tr [][]byte) [][]byte {
					if op == mtp.OpDeleteObject {
						r := bytes.Clone(tr[len(tr)-1])
						r[8]++
						tr[len(tr)-1] = r
					}
					return tr
				}
			},
			want: "protocol error",
		},
		{
			name:  "silent phone",
			setup: func(d *mtptest.Device) { d.Mangle = func(op uint16, tr [][]byte) [][]byte { return nil } },
			want:  "no answer from the device",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newPhone()
			if tt.setup != nil {
				tt.setup(d)
			}
			serial := tt.serial
			if serial == "" {
				serial = "SER1"
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			out, err := executor(d, serial).Execute(ctx, execution())
			if err == nil || out.Completed {
				t.Fatalf("Execute = %v, erased %v; want failure", err, out.Completed)
			}
			if !strings.Contains(err.Error(), tt.want) || out.Reason == nil || out.Reason.String() != err.Error() {
				t.Errorf("err = %v (reason %v), want %q", err, out.Reason, tt.want)
			}
			// The error states its sentence, in both languages, and keeps what it wraps.
			if m, ok := msg.AsMessage(err); !ok || !strings.HasPrefix(m.String(), "mtp-clear") || !strings.HasPrefix(m.In(msg.TraditionalChinese), "mtp-clear") {
				t.Errorf("err %v states %v", err, m)
			}
			var re *devices.RefusalError
			if errors.As(err, &re) != tt.refusal {
				t.Errorf("err %v: refusal %v, want %v", err, re, tt.refusal)
			}
			if ctx.Err() != nil {
				t.Error("the job hung until the test's deadline")
			}
		})
	}
}

func TestCancel(t *testing.T) {
	d := newPhone()
	ctx, cancel := context.WithCancel(context.Background())
	x := execution()
	x.Progress = func(p wipe.Progress) {
		if p.Phase == wipe.PhaseWrite && p.BytesDone > 0 {
			cancel()
		}
	}
	out, err := executor(d, "SER1").Execute(ctx, x)
	if !errors.Is(err, context.Canceled) || out.Completed || out.Reason == nil || !strings.HasPrefix(out.Reason.String(), "cancelled: mtp-clear") {
		t.Errorf("Execute = %v, erased %v, reason %q", err, out.Completed, out.Reason)
	}
}

func TestNoZLP(t *testing.T) {
	for _, n := range []int64{500, 1012, 32 << 20, 4096, 1, 52} {
		if m := noZLP(n); (m+mtp.HeaderLen)%64 == 0 || m > n || n-m > 1 {
			t.Errorf("noZLP(%d) = %d", n, m)
		}
	}
}

// A phone that refuses to delete some objects (Android's protected folders): the
// rest is deleted, the free space filled and verified, and the job is not erased.
func TestRefusedDeletes(t *testing.T) {
	d := newPhone()
	d.NoFolderDelete = true
	android := d.Add(storageID, mtp.ParentRoot, "Android", true, nil)
	d.Add(storageID, android, "data.db", false, []byte("app data"))
	d.Protected = map[uint32]bool{android: true}
	out, err := executor(d, "SER1").Execute(context.Background(), execution())
	if err == nil || out.Completed || !strings.Contains(err.Error(), "refused to delete 1 objects") {
		t.Fatalf("Execute = %v, erased %v", err, out.Completed)
	}
	if ex := render(out.Exceptions, msg.English); !strings.Contains(ex, `"Android"`) || !strings.Contains(ex, "Object_WriteProtected") {
		t.Errorf("exceptions = %q", ex)
	}
	if !(out.BytesWritten > 1<<20-200<<10) || out.Verification.Mismatches != 0 || out.Verification.BytesRead != out.BytesWritten {
		t.Errorf("fill %d, read %d, mismatches %d", out.BytesWritten, out.Verification.BytesRead, out.Verification.Mismatches)
	}
	left := d.Snapshot()
	if len(left) != 1 || left[0].Handle != android {
		t.Errorf("left on the phone: %+v", left)
	}
}
