//go:build !unix

package outbox

import (
	"context"
	"errors"
)

func lock(ctx context.Context, path string) (unlock func(), err error) {
	return nil, errors.New("file locking not supported on this system")
}
