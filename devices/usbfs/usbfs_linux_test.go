//go:build linux

package usbfs

import (
	"errors"
	"os"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

func TestIoctlNumbers(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("numbers below are for 64-bit kernels")
	}
	tests := []struct {
		name string
		got  uintptr
		want uintptr
	}{
		{"USBDEVFS_BULK", ioctlBulk, 0xc0185502},
		{"USBDEVFS_CLAIMINTERFACE", ioctlClaimInterface, 0x8004550f},
		{"USBDEVFS_RELEASEINTERFACE", ioctlReleaseInterface, 0x80045510},
		{"USBDEVFS_CLEAR_HALT", ioctlClearHalt, 0x80045515},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("= %#x, want %#x", tt.got, tt.want)
			}
		})
	}
	if s := unsafe.Sizeof(bulkTransfer{}); s != 24 {
		t.Errorf("sizeof(usbdevfs_bulktransfer) = %d, want 24", s)
	}
}

func TestOpenMissing(t *testing.T) {
	_, err := Open("/dev/bus/usb/999/999")
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open(missing) = %v, want not exist", err)
	}
}

// stallDev stalls every transfer and records which endpoints were cleared.
type stallDev struct{ cleared []uint8 }

func (s *stallDev) Bulk(ep uint8, p []byte, timeout time.Duration) (int, error) {
	return 0, &os.PathError{Op: "USBDEVFS_BULK", Path: "x", Err: os.NewSyscallError("ioctl", syscall.EPIPE)}
}
func (s *stallDev) ClearHalt(ep uint8) error { s.cleared = append(s.cleared, ep); return nil }

func TestPipeClearsStall(t *testing.T) {
	d := &stallDev{}
	p := &Pipe{Dev: d, In: 0x81, Out: 0x02}
	if _, err := p.Write([]byte{1}); !errors.Is(err, syscall.EPIPE) {
		t.Errorf("Write = %v", err)
	}
	if _, err := p.Read(make([]byte, 512)); !errors.Is(err, syscall.EPIPE) {
		t.Errorf("Read = %v", err)
	}
	if len(d.cleared) != 2 || d.cleared[0] != 0x02 || d.cleared[1] != 0x81 {
		t.Errorf("cleared = %x, want [02 81]", d.cleared)
	}
}

func TestTimeoutErrorIsTimeout(t *testing.T) {
	err := error(&os.PathError{Op: "USBDEVFS_BULK", Path: "x", Err: os.NewSyscallError("ioctl(USBDEVFS_BULK)", syscall.ETIMEDOUT)})
	var to interface{ Timeout() bool }
	if !errors.As(err, &to) || !to.Timeout() {
		t.Error("ETIMEDOUT from usbfs does not read as a timeout; MTP would not wait through it")
	}
}

type goneDev struct{}

func (goneDev) Bulk(ep uint8, p []byte, timeout time.Duration) (int, error) {
	return 0, &os.PathError{Op: "USBDEVFS_BULK", Path: "x", Err: os.NewSyscallError("ioctl", syscall.ENODEV)}
}
func (goneDev) ClearHalt(ep uint8) error { return nil }

func TestPipeDisconnected(t *testing.T) {
	p := &Pipe{Dev: goneDev{}, In: 0x81, Out: 0x02}
	_, err := p.Read(make([]byte, 512))
	if !errors.Is(err, ErrDisconnected) || !errors.Is(err, syscall.ENODEV) {
		t.Errorf("Read = %v, want ErrDisconnected wrapping ENODEV", err)
	}
}
