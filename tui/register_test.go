package tui

import (
	"strings"
	"testing"
	"time"
)

// The footer shows what the outbox's sender last reported, and nothing of a
// register until it reports.
func TestFooterShowsTheRegister(t *testing.T) {
	h := newHarness(t)
	if strings.Contains(h.screen(), "register:") {
		t.Fatalf("a register in the footer before any was reported:\n%s", h.screen())
	}
	sent := time.Date(2026, 12, 8, 14, 3, 0, 0, time.UTC)
	for _, tt := range []struct {
		st   RegisterStatus
		want string
	}{
		{RegisterStatus{LastOK: sent}, "register: all sent last sent 14:03"},
		{RegisterStatus{Pending: 2, Refused: 1, LastError: "dial tcp: connection refused", LastOK: sent}, "register: 2 waiting 1 refused last try failed last sent 14:03"},
		{RegisterStatus{Pending: 1}, "register: 1 waiting"},
	} {
		h.send(tt.st)
		lines := strings.Split(h.screen(), "\n")
		if footer := lines[len(lines)-2]; !strings.HasPrefix(footer, tt.want) {
			t.Errorf("%+v: footer %q, want it to start %q", tt.st, footer, tt.want)
		}
	}
}
