package devices

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/internal/testutil"
)

func TestParseUevent(t *testing.T) {
	tests := []struct {
		name    string
		msg     string
		want    uevent
		wantErr bool
	}{
		{
			// Captured on the build machine while attaching a loop device.
			name: "loop change",
			msg:  "change@/devices/virtual/block/loop0\x00ACTION=change\x00DEVPATH=/devices/virtual/block/loop0\x00SUBSYSTEM=block\x00DISK_MEDIA_CHANGE=1\x00MAJOR=7\x00MINOR=0\x00DEVNAME=loop0\x00DEVTYPE=disk\x00DISKSEQ=71\x00SEQNUM=911\x00",
			want: uevent{Action: "change", DevPath: "/devices/virtual/block/loop0", Subsystem: "block", DevType: "disk", DevName: "loop0"},
		},
		{
			name: "usb stick disk add",
			msg:  "add@/devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb\x00ACTION=add\x00DEVPATH=/devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb\x00SUBSYSTEM=block\x00MAJOR=8\x00MINOR=16\x00DEVNAME=sdb\x00DEVTYPE=disk\x00DISKSEQ=9\x00SEQNUM=4242\x00",
			want: uevent{Action: "add", DevPath: "/devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb", Subsystem: "block", DevType: "disk", DevName: "sdb"},
		},
		{
			name: "usb device remove",
			msg:  "remove@/devices/pci0000:00/0000:00:14.0/usb2/2-3\x00ACTION=remove\x00DEVPATH=/devices/pci0000:00/0000:00:14.0/usb2/2-3\x00SUBSYSTEM=usb\x00MAJOR=189\x00MINOR=131\x00DEVNAME=bus/usb/002/004\x00DEVTYPE=usb_device\x00PRODUCT=46f4/4/0\x00TYPE=0/0/0\x00BUSNUM=002\x00DEVNUM=004\x00SEQNUM=4300\x00",
			want: uevent{Action: "remove", DevPath: "/devices/pci0000:00/0000:00:14.0/usb2/2-3", Subsystem: "usb", DevType: "usb_device", DevName: "bus/usb/002/004"},
		},
		{
			name: "no trailing NUL",
			msg:  "remove@/devices/virtual/block/loop1\x00ACTION=remove\x00DEVPATH=/devices/virtual/block/loop1\x00SUBSYSTEM=block",
			want: uevent{Action: "remove", DevPath: "/devices/virtual/block/loop1", Subsystem: "block"},
		},
		{name: "udevd message", msg: "libudev\x00\xfe\xed\xca\xfe\x28\x00\x00\x00", wantErr: true},
		{name: "empty", msg: "", wantErr: true},
		{name: "no @", msg: "add\x00ACTION=add\x00", wantErr: true},
		{name: "malformed field", msg: "add@/devices/x\x00ACTION=add\x00garbage\x00", wantErr: true},
		{name: "header disagrees", msg: "add@/devices/x\x00ACTION=remove\x00DEVPATH=/devices/x\x00", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseUevent([]byte(tc.msg))
			if tc.wantErr {
				if err == nil {
					t.Fatalf("parseUevent = %+v, want an error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseUevent: %v", err)
			}
			if got.Env["SUBSYSTEM"] != tc.want.Subsystem {
				t.Errorf("Env[SUBSYSTEM] = %q, want %q", got.Env["SUBSYSTEM"], tc.want.Subsystem)
			}
			got.Env = nil
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("parseUevent\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
	t.Run("udevd message is not a kernel uevent", func(t *testing.T) {
		if _, err := parseUevent([]byte("libudev\x00")); !errors.Is(err, errNotKernelUevent) {
			t.Errorf("err = %v, want errNotKernelUevent", err)
		}
	})
}

// TestWatchLoopDevice attaches a real loop device, waits for Watch to report it,
// then shrinks it to nothing (losetup -c on an emptied backing file: the kernel
// sends the same "change" a detach sends) and waits for the departure.
func TestWatchLoopDevice(t *testing.T) {
	testutil.RequireRoot(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	events, err := HostSystem().Watch(ctx)
	if err != nil {
		t.Fatalf("Watch: %v", err)
	}
	defer func() {
		cancel()
		for range events { // drain until the watcher closes the channel
		}
	}()

	// wait reads events until one for path of type typ arrives.
	wait := func(typ EventType, path string) DeviceEvent {
		t.Helper()
		for {
			select {
			case ev, ok := <-events:
				if !ok {
					t.Fatalf("channel closed while waiting for %s %s", typ, path)
				}
				if ev.Type == EventError {
					t.Fatalf("watch error: %v", ev.Err)
				}
				if ev.Path == path && (ev.Type == typ || (typ == EventAdd && ev.Type == EventChange)) {
					return ev
				}
			case <-ctx.Done():
				t.Fatalf("no %s event for %s: %v", typ, path, ctx.Err())
			}
		}
	}

	loop := testutil.NewLoopDevice(t, 8<<20)
	ev := wait(EventAdd, loop.Path)
	if ev.Device == nil || ev.Device.Transport != TransportLoop || ev.Device.SizeBytes != 8<<20 || !ev.Device.Virtual {
		t.Fatalf("add event device = %+v", ev.Device)
	}

	if err := os.Truncate(loop.BackingFile, 0); err != nil {
		t.Fatal(err)
	}
	testutil.Run(t, "losetup", "--set-capacity", loop.Path)
	wait(EventRemove, loop.Path)

	// A real attach and detach. testutil.NewLoopDevice detaches at the end of
	// the test and fails if that detach fails, so this one is attached here,
	// with a cleanup that only detaches what is still attached to our file.
	img := filepath.Join(testutil.ScratchDir(t), "detach.img")
	if err := os.WriteFile(img, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(img, 4<<20); err != nil {
		t.Fatal(err)
	}
	dev := strings.TrimSpace(testutil.Run(t, "losetup", "--find", "--show", img))
	if !strings.HasPrefix(dev, "/dev/loop") {
		t.Fatalf("losetup answered %q", dev)
	}
	detached := false
	t.Cleanup(func() {
		if !detached {
			testutil.Run(t, "losetup", "--detach", dev)
		}
	})
	if ev := wait(EventAdd, dev); ev.Device.SizeBytes != 4<<20 {
		t.Errorf("attached %s: size %d, want %d", dev, ev.Device.SizeBytes, 4<<20)
	}
	testutil.Run(t, "losetup", "--detach", dev)
	detached = true
	wait(EventRemove, dev)
}
