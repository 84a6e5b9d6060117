package devices

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// System is the running system the safety rules and discovery read from. Tests point
// its file systems at captured trees; production uses HostSystem.
type System struct {
	Sys  fs.FS // the sysfs root, normally os.DirFS("/sys")
	Proc fs.FS // the procfs root, normally os.DirFS("/proc")
	// DevDir is where device nodes live, normally "/dev".
	DevDir string
	// ADBServer is the adb server's address for phone queries ("" means
	// 127.0.0.1:5037; "-" turns ADB queries off).
	ADBServer string
}

// HostSystem is the machine this process runs on.
func HostSystem() System {
	return System{Sys: os.DirFS("/sys"), Proc: os.DirFS("/proc"), DevDir: "/dev"}
}

// The reasons a target is refused. A RefusalError wraps exactly one of them, so
// callers test with errors.Is.
var (
	ErrSystemDisk     = errors.New("system disk")
	ErrMounted        = errors.New("mounted")
	ErrSwap           = errors.New("in use as swap")
	ErrHeld           = errors.New("held by another device") // LVM, MD, dm-crypt
	ErrPartition      = errors.New("a partition, not a whole device")
	ErrReadOnly       = errors.New("read-only")
	ErrInUse          = errors.New("in use") // O_EXCL open failed with EBUSY
	ErrNotDevice      = errors.New("not a block device")
	ErrIdentity       = errors.New("identity changed since selection")
	ErrFileNotAllowed = errors.New("image files are targets only in demo mode or with --allow-file")
)

// RefusalError says why a safety rule refused a target. Reason is the human wording
// shown to a technician ("mounted at /data").
type RefusalError struct {
	Path   string
	Reason string
	Err    error // one of the Err* sentinels above
}

func (e *RefusalError) Error() string {
	return fmt.Sprintf("refused %s: %s", e.Path, e.Reason)
}

func (e *RefusalError) Unwrap() error { return e.Err }

// CheckEligible applies every safety rule to the block device or image file at path
// and returns nil or a *RefusalError naming the first rule that refuses it. This is
// the one place the rules live: discovery shows its answer, and every write path
// goes through OpenForWipe, which calls it again right before opening.
//
// (Skeleton: the engine work fills this in.)
func (s System) CheckEligible(path string, allowFile bool) error { return nil }
