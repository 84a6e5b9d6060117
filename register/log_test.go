package register

import (
	"log"
	"testing"
)

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}

// testLogger sends the server's log to the test's.
func testLogger(t testing.TB) *log.Logger { return log.New(testWriter{t}, "", 0) }
