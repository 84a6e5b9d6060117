package main

import (
	"context"
	"testing"

	"github.com/wipestation/wipestation/wipe"
)

func TestBatchExitCodePrecedence(t *testing.T) {
	ev := func(s wipe.Status, verified bool, mode, record string) *wipe.Event {
		return &wipe.Event{Result: &wipe.Record{Status: s, Verification: wipe.Verification{Verified: verified, Mode: mode}}, RecordPath: record}
	}
	erased := ev(wipe.StatusErased, true, "last-pass", "r.json")
	cases := []struct {
		name        string
		results     []*wipe.Event
		interrupted bool
		want        int
	}{
		{"all erased and verified", []*wipe.Event{erased, erased}, false, exitOK},
		{"not read back", []*wipe.Event{erased, ev(wipe.StatusUnverified, false, "none", "r.json")}, false, exitUnverified},
		{"refused beats unverified", []*wipe.Event{ev(wipe.StatusUnverified, false, "none", "r.json"), ev(wipe.StatusRefused, false, "none", "r.json")}, false, exitRefused},
		{"refused beats erased", []*wipe.Event{erased, ev(wipe.StatusRefused, false, "none", "r.json")}, false, exitRefused},
		{"a certificate that could not be issued is a failure", []*wipe.Event{{Result: erased.Result, RecordPath: "r.json", Err: "certificate: no font"}}, false, exitFailed},
		{"failed beats refused", []*wipe.Event{ev(wipe.StatusRefused, false, "none", "r.json"), ev(wipe.StatusFailed, false, "last-pass", "r.json")}, false, exitFailed},
		{"aborted beats failed", []*wipe.Event{ev(wipe.StatusFailed, false, "none", "r.json"), ev(wipe.StatusAborted, false, "none", "r.json")}, false, exitInterrupted},
		{"interrupted even if every job finished", []*wipe.Event{erased}, true, exitInterrupted},
		{"no record is a failure", []*wipe.Event{ev(wipe.StatusErased, true, "last-pass", "")}, false, exitFailed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			if c.interrupted {
				cancel()
			}
			if got := batchExitCode(ctx, c.results); got != c.want {
				t.Errorf("exit %d, want %d", got, c.want)
			}
		})
	}
}

// TestEveryStatusHasAnExitCode: a new status cannot be added without its code.
func TestEveryStatusHasAnExitCode(t *testing.T) {
	for _, st := range wipe.Statuses() {
		c, ok := statusExit[st]
		if _, ranked := exitRank[c]; !ok || !ranked {
			t.Errorf("status %s has no ranked exit code", st)
		}
		if (c == exitOK) != st.Sanitized() {
			t.Errorf("status %s exits %d", st, c)
		}
	}
}

func TestIsPhoneTarget(t *testing.T) {
	cases := map[string]bool{
		"mtp:/dev/bus/usb/001/004": true,
		"adb:R58M12345":            true,
		"apple:00008030-001":       true,
		"/dev/sdb":                 false,
		"./mtp:odd-file.img":       false,
		"disk.img":                 false,
		"http://x":                 false,
	}
	for target, want := range cases {
		t.Run(target, func(t *testing.T) {
			if got := isPhoneTarget(target); got != want {
				t.Errorf("isPhoneTarget(%q) = %v", target, got)
			}
		})
	}
}
