//go:build linux

package usbfs

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// bulkTransfer is struct usbdevfs_bulktransfer (linux/usbdevice_fs.h).
type bulkTransfer struct {
	Ep      uint32
	Len     uint32
	Timeout uint32 // milliseconds
	_       [unsafe.Sizeof(uintptr(0)) - 4]byte
	Data    unsafe.Pointer
}

// ioctl numbers from linux/usbdevice_fs.h: _IOWR('U', 2, bulktransfer),
// _IOR('U', 15, unsigned int), _IOR('U', 16, unsigned int), _IOR('U', 21, unsigned int).
var (
	ioctlBulk             = ioc(3, 'U', 2, unsafe.Sizeof(bulkTransfer{}))
	ioctlClaimInterface   = ioc(2, 'U', 15, 4)
	ioctlReleaseInterface = ioc(2, 'U', 16, 4)
	ioctlClearHalt        = ioc(2, 'U', 21, 4)
)

func ioc(dir, typ, nr, size uintptr) uintptr {
	return dir<<30 | size<<16 | typ<<8 | nr
}

// Device is an open usbfs device node. Its methods are safe for concurrent use
// on different endpoints; Close ends them.
type Device struct {
	f    *os.File
	path string
	desc Descriptors
}

// Open opens the usbfs node (/dev/bus/usb/BBB/DDD) for reading and writing and
// reads its descriptors. It sends nothing to the device.
func Open(path string) (*Device, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("open usb device %s: %w", path, err)
	}
	raw, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("read usb descriptors %s: %w", path, err)
	}
	desc, err := ParseDescriptors(raw)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &Device{f: f, path: path, desc: desc}, nil
}

// Descriptors returns the descriptors read at Open.
func (d *Device) Descriptors() Descriptors { return d.desc }

// Close releases the node (the kernel releases claimed interfaces).
func (d *Device) Close() error { return d.f.Close() }

func (d *Device) ioctl(name string, req uintptr, arg unsafe.Pointer) (int, error) {
	conn, err := d.f.SyscallConn()
	if err != nil {
		return 0, &os.PathError{Op: name, Path: d.path, Err: err}
	}
	var r uintptr
	var errno unix.Errno
	cerr := conn.Control(func(fd uintptr) {
		r, _, errno = unix.Syscall(unix.SYS_IOCTL, fd, req, uintptr(arg))
	})
	if cerr != nil {
		return 0, &os.PathError{Op: name, Path: d.path, Err: cerr}
	}
	if errno != 0 {
		return 0, &os.PathError{Op: name, Path: d.path, Err: os.NewSyscallError("ioctl("+name+")", errno)}
	}
	return int(r), nil
}

// Claim claims interface n for this process. It fails with EBUSY when a kernel
// driver holds the interface.
func (d *Device) Claim(n uint8) error {
	v := uint32(n)
	_, err := d.ioctl("USBDEVFS_CLAIMINTERFACE", ioctlClaimInterface, unsafe.Pointer(&v))
	return err
}

// Release gives interface n back.
func (d *Device) Release(n uint8) error {
	v := uint32(n)
	_, err := d.ioctl("USBDEVFS_RELEASEINTERFACE", ioctlReleaseInterface, unsafe.Pointer(&v))
	return err
}

// ClearHalt clears a stall on endpoint ep.
func (d *Device) ClearHalt(ep uint8) error {
	v := uint32(ep)
	_, err := d.ioctl("USBDEVFS_CLEAR_HALT", ioctlClearHalt, unsafe.Pointer(&v))
	return err
}

// Bulk runs one bulk transfer on endpoint ep (bit 7 set: IN, into p; else OUT,
// from p) and returns the bytes moved. It returns within timeout: a timed-out
// transfer's error has Timeout() true. ENODEV means the device is gone.
func (d *Device) Bulk(ep uint8, p []byte, timeout time.Duration) (int, error) {
	ms := timeout.Milliseconds()
	if ms <= 0 {
		ms = 1 // 0 would mean "wait forever" to the kernel
	}
	bt := bulkTransfer{Ep: uint32(ep), Len: uint32(len(p)), Timeout: uint32(ms)}
	var pin runtime.Pinner
	if len(p) > 0 {
		pin.Pin(&p[0])
		bt.Data = unsafe.Pointer(&p[0])
	}
	n, err := d.ioctl("USBDEVFS_BULK", ioctlBulk, unsafe.Pointer(&bt))
	pin.Unpin()
	return n, err
}

// ClaimBulk claims the first interface of the given class, subclass and protocol
// and returns a Pipe over its bulk endpoints, and the interface. Release it with
// Release(iface.Number) or by closing the device.
func (d *Device) ClaimBulk(class, subClass, protocol uint8, timeout time.Duration) (*Pipe, Interface, error) {
	it, in, out, err := d.desc.Find(class, subClass, protocol)
	if err != nil {
		return nil, Interface{}, fmt.Errorf("%s: %w", d.path, err)
	}
	if err := d.Claim(it.Number); err != nil {
		return nil, Interface{}, fmt.Errorf("claim interface %d of %s (another program or a kernel driver may hold it): %w", it.Number, d.path, err)
	}
	return &Pipe{Dev: d, In: in.Address, Out: out.Address, Timeout: timeout, OutMaxPacket: int(out.MaxPacket)}, it, nil
}
