//go:build !unix

package certificate

import (
	"errors"
	"os"
)

func lockFile(f *os.File) (unlock func(), err error) {
	return nil, errors.New("file locking not supported on this system")
}
