//go:build linux

package sgio

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ioctlSGIO is SG_IO (scsi/sg.h).
const ioctlSGIO = 0x2285

// senseBytes is the sense buffer size: enough for descriptor sense with an ATA
// Status Return descriptor and a sense-key-specific descriptor.
const senseBytes = 64

// sgIOHdr is struct sg_io_hdr (scsi/sg.h): 88 bytes on amd64.
type sgIOHdr struct {
	interfaceID    int32
	dxferDirection int32
	cmdLen         uint8
	mxSbLen        uint8
	iovecCount     uint16
	dxferLen       uint32
	dxferp         uintptr
	cmdp           uintptr
	sbp            uintptr
	timeout        uint32 // milliseconds
	flags          uint32
	packID         int32
	usrPtr         uintptr
	status         uint8
	maskedStatus   uint8
	msgStatus      uint8
	sbLenWr        uint8
	hostStatus     uint16
	driverStatus   uint16
	resid          int32
	duration       uint32
	info           uint32
}

// Device sends SCSI commands to an open block or sg device.
type Device struct {
	f *os.File
}

// New uses f (opened by the caller, who closes it) for SG_IO.
func New(f *os.File) *Device { return &Device{f: f} }

// Do sends req and waits for its completion. The kernel aborts the command after
// req.Timeout; ctx is checked before the command is issued (an issued SCSI command
// cannot be recalled). Do is safe for concurrent use.
func (d *Device) Do(ctx context.Context, req Request) (Response, error) {
	if err := ctx.Err(); err != nil {
		return Response{}, err
	}
	if req.Timeout <= 0 {
		return Response{}, errors.New("sg_io: a timeout is required")
	}
	if len(req.CDB) == 0 || len(req.CDB) > 255 {
		return Response{}, fmt.Errorf("sg_io: cdb of %d bytes", len(req.CDB))
	}
	sense := make([]byte, senseBytes)
	h := sgIOHdr{
		interfaceID:    'S',
		dxferDirection: int32(req.Dir),
		cmdLen:         uint8(len(req.CDB)),
		mxSbLen:        senseBytes,
		cmdp:           uintptr(unsafe.Pointer(&req.CDB[0])),
		sbp:            uintptr(unsafe.Pointer(&sense[0])),
		timeout:        uint32(min(req.Timeout.Milliseconds(), 1<<31)),
	}
	if req.Dir != DirNone && len(req.Data) > 0 {
		h.dxferLen = uint32(len(req.Data))
		h.dxferp = uintptr(unsafe.Pointer(&req.Data[0]))
	}
	var errno unix.Errno
	rc, err := d.f.SyscallConn()
	if err != nil {
		return Response{}, &os.PathError{Op: "ioctl", Path: d.f.Name(), Err: err}
	}
	cerr := rc.Control(func(fd uintptr) {
		_, _, errno = unix.Syscall(unix.SYS_IOCTL, fd, ioctlSGIO, uintptr(unsafe.Pointer(&h)))
	})
	runtime.KeepAlive(req.CDB)
	runtime.KeepAlive(req.Data)
	runtime.KeepAlive(sense)
	if cerr != nil {
		return Response{}, &os.PathError{Op: "ioctl", Path: d.f.Name(), Err: cerr}
	}
	if errno != 0 {
		return Response{}, &os.PathError{Op: "ioctl", Path: d.f.Name(), Err: os.NewSyscallError("ioctl(SG_IO)", errno)}
	}
	return Response{
		Status:       h.status,
		Sense:        sense[:h.sbLenWr],
		HostStatus:   h.hostStatus,
		DriverStatus: h.driverStatus,
		Resid:        h.resid,
	}, nil
}
