package certificate

import (
	"testing"

	"github.com/wipestation/wipestation/internal/testutil"
)

func skip(t testing.TB, reason string) {
	t.Helper()
	testutil.Skip(t, reason)
}
