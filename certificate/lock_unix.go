//go:build unix

package certificate

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive advisory lock on f (flock), so that two wipestation
// processes (the TUI and a batch wipe) never interleave audit log lines.
func lockFile(f *os.File) (unlock func(), err error) {
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, os.NewSyscallError("flock", err)
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }, nil
}
