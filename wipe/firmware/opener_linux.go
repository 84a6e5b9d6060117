//go:build linux

package firmware

import (
	"fmt"
	"os"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/nvme"
	"github.com/wipestation/wipestation/devices/sgio"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// TargetOpener reaches the job's Target (opened exclusively by the Runner): NVMe
// admin commands for NVMe namespaces, SG_IO otherwise, and reads with O_DIRECT set
// on the same descriptor (restored by Close).
type TargetOpener struct{}

// Open implements Opener.
func (TargetOpener) Open(x wipe.Execution) (Drive, error) {
	f := x.Target
	if f == nil {
		return Drive{}, msg.Errorf(msg.FirmwareNoTarget)
	}
	fd := int(f.Fd())
	var size uint64
	if _, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), unix.BLKGETSIZE64, uintptr(unsafe.Pointer(&size))); errno != 0 {
		return Drive{}, &os.PathError{Op: "ioctl", Path: f.Name(), Err: os.NewSyscallError("ioctl(BLKGETSIZE64)", errno)}
	}
	sector, err := unix.IoctlGetInt(fd, unix.BLKSSZGET)
	if err != nil {
		return Drive{}, &os.PathError{Op: "ioctl", Path: f.Name(), Err: os.NewSyscallError("ioctl(BLKSSZGET)", err)}
	}
	flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	if err != nil {
		return Drive{}, &os.PathError{Op: "fcntl", Path: f.Name(), Err: err}
	}
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_SETFL, flags|unix.O_DIRECT); err != nil {
		return Drive{}, &os.PathError{Op: "fcntl(O_DIRECT)", Path: f.Name(), Err: err}
	}
	d := Drive{
		Medium: directMedium{f: f, size: int64(size), sector: sector},
		Close: func() error {
			_, err := unix.FcntlInt(uintptr(fd), unix.F_SETFL, flags)
			return err
		},
	}
	dev := x.Job.Device
	if dev.Transport == devices.TransportNVMe || strings.HasPrefix(dev.Name, "nvme") ||
		strings.HasPrefix(f.Name(), "/dev/nvme") {
		n := nvme.New(f)
		nsid, err := n.NamespaceID()
		if err != nil {
			d.Close()
			return Drive{}, fmt.Errorf("namespace of %s: %w", f.Name(), err)
		}
		d.NVMe, d.NSID = n, nsid
		return d, nil
	}
	d.SCSI = sgio.New(f)
	return d, nil
}

// directMedium reads the target with O_DIRECT.
type directMedium struct {
	f      *os.File
	size   int64
	sector int
}

func (m directMedium) ReadAt(p []byte, off int64) (int, error) { return m.f.ReadAt(p, off) }
func (m directMedium) Size() int64                             { return m.size }
func (m directMedium) SectorBytes() int                        { return m.sector }
