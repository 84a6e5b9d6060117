//go:build linux

package nvme

import (
	"context"
	"errors"
	"os"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ioctl numbers (linux/nvme_ioctl.h).
const (
	ioctlAdminCmd = 0xC0484E41 // NVME_IOCTL_ADMIN_CMD
	ioctlID       = 0x4E40     // NVME_IOCTL_ID
)

// passthruCmd is struct nvme_passthru_cmd: 72 bytes.
type passthruCmd struct {
	opcode      uint8
	flags       uint8
	rsvd1       uint16
	nsid        uint32
	cdw2        uint32
	cdw3        uint32
	metadata    uint64
	addr        uint64
	metadataLen uint32
	dataLen     uint32
	cdw10       uint32
	cdw11       uint32
	cdw12       uint32
	cdw13       uint32
	cdw14       uint32
	cdw15       uint32
	timeoutMS   uint32
	result      uint32
}

// Device sends admin commands through an open NVMe controller (/dev/nvme0) or
// namespace block device (/dev/nvme0n1).
type Device struct{ f *os.File }

// New uses f, which the caller opened and closes.
func New(f *os.File) *Device { return &Device{f: f} }

func (d *Device) ioctl(req uintptr, arg unsafe.Pointer) (uintptr, error) {
	rc, err := d.f.SyscallConn()
	if err != nil {
		return 0, err
	}
	var r uintptr
	var errno unix.Errno
	if err := rc.Control(func(fd uintptr) {
		r, _, errno = unix.Syscall(unix.SYS_IOCTL, fd, req, uintptr(arg))
	}); err != nil {
		return 0, err
	}
	if errno != 0 {
		return 0, errno
	}
	return r, nil
}

// Admin sends cmd and returns the completion's DW0. A non-zero NVMe status is a
// *StatusError. ctx is checked before the command is issued; an issued admin
// command cannot be recalled and is bounded by cmd.Timeout in the kernel.
func (d *Device) Admin(ctx context.Context, cmd Command) (uint32, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if cmd.Timeout <= 0 {
		return 0, errors.New("nvme admin: a timeout is required")
	}
	p := passthruCmd{
		opcode: cmd.Opcode, nsid: cmd.NSID,
		cdw10: cmd.CDW10, cdw11: cmd.CDW11, cdw12: cmd.CDW12,
		cdw13: cmd.CDW13, cdw14: cmd.CDW14, cdw15: cmd.CDW15,
		timeoutMS: uint32(min(cmd.Timeout.Milliseconds(), 1<<31)),
	}
	if len(cmd.Data) > 0 {
		p.addr = uint64(uintptr(unsafe.Pointer(&cmd.Data[0])))
		p.dataLen = uint32(len(cmd.Data))
	}
	r, err := d.ioctl(ioctlAdminCmd, unsafe.Pointer(&p))
	runtime.KeepAlive(cmd.Data)
	if err != nil {
		var errno unix.Errno
		if errors.As(err, &errno) {
			err = os.NewSyscallError("ioctl(NVME_IOCTL_ADMIN_CMD)", errno)
		}
		return 0, &os.PathError{Op: "ioctl", Path: d.f.Name(), Err: err}
	}
	if r != 0 {
		return p.result, &StatusError{Opcode: cmd.Opcode, Status: uint16(r)}
	}
	return p.result, nil
}

// NamespaceID is NVME_IOCTL_ID: the namespace a namespace block device stands for.
func (d *Device) NamespaceID() (uint32, error) {
	r, err := d.ioctl(ioctlID, nil)
	if err != nil {
		return 0, &os.PathError{Op: "ioctl", Path: d.f.Name(), Err: os.NewSyscallError("ioctl(NVME_IOCTL_ID)", err)}
	}
	return uint32(r), nil
}
