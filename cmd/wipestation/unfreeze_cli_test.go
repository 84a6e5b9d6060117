package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/wipe"
	"github.com/wipestation/wipestation/wipe/firmware"
)

// TestUnfreezeCLI: --unfreeze never suspends for more than one target (exit 2,
// nothing erased), and on a target that is not frozen it changes nothing.
func TestUnfreezeCLI(t *testing.T) {
	dir := testutil.ScratchDir(t)
	a, b := filepath.Join(dir, "a.img"), filepath.Join(dir, "b.img")
	for _, p := range []string{a, b} {
		os.WriteFile(p, bytes.Repeat([]byte{7}, 1<<20), 0o600)
	}
	records := filepath.Join(dir, "records")
	r := wipestation(t, "wipe", "--yes", "--allow-file", "--unfreeze", "--method", "zero", "--records-dir", records, a, b)
	if r.code != 2 || !strings.Contains(r.stderr, "--unfreeze") {
		t.Fatalf("two targets: exit %d, want 2; %s", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(a); bytes.Count(got, []byte{7}) != len(got) {
		t.Error("a refused --unfreeze touched the target")
	}
	r = wipestation(t, "wipe", "--yes", "--allow-file", "--unfreeze", "--method", "zero", "--records-dir", records, a)
	if r.code != 0 || !strings.Contains(r.stderr, "not suspending") {
		t.Fatalf("one unfrozen target: exit %d; %s %s", r.code, r.stdout, r.stderr)
	}
}

// TestUnfreezeFirst: the decision before the job, with a System whose sysfs
// writes are recorded (this machine is never suspended).
func TestUnfreezeFirst(t *testing.T) {
	frozen := wipe.Job{Method: "ata-secure-erase", Device: devices.Device{Path: "/dev/sdz", Transport: devices.TransportSATA,
		Capabilities: devices.Capabilities{ATA: &devices.ATACapabilities{SecuritySupported: true, SecurityFrozen: true}}}}
	cases := []struct {
		name      string
		job       wipe.Job
		procs     fstest.MapFS
		wantUsage bool
		suspended bool
	}{
		{name: "sole job", job: frozen, procs: fstest.MapFS{"7/comm": {Data: []byte("wipestation\n")}}, suspended: true},
		{name: "another wipestation runs jobs", job: frozen, procs: fstest.MapFS{"7/comm": {Data: []byte("wipestation\n")}, "9/comm": {Data: []byte("wipestation\n")}}, wantUsage: true},
		{name: "not frozen", job: wipe.Job{Method: "zero", Device: devices.Device{Path: "/dev/loop9", Transport: devices.TransportLoop}}, procs: fstest.MapFS{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var writes []string
			sys := devices.System{Sys: fstest.MapFS{"power/state": {Data: []byte("freeze mem\n")}}, Proc: tc.procs,
				SysWrite: func(name string, value []byte) error { writes = append(writes, name+"="+string(value)); return nil }}
			u := firmware.Unfreezer{System: sys, Self: 7, Probe: func(ctx context.Context, d *devices.Device) {
				d.Capabilities.ATA = &devices.ATACapabilities{SecuritySupported: true}
			}}
			jobs := []wipe.Job{tc.job}
			var out bytes.Buffer
			err := unfreezeFirst(context.Background(), u, jobs, &out)
			var ue usageError
			if errors.As(err, &ue) != tc.wantUsage {
				t.Fatalf("err %v, want usage error %v", err, tc.wantUsage)
			}
			suspended := strings.Contains(strings.Join(writes, " "), "power/state=mem")
			if suspended != tc.suspended {
				t.Errorf("suspended %v, want %v (writes %q)", suspended, tc.suspended, writes)
			}
			if tc.suspended && (jobs[0].Device.Capabilities.ATA.SecurityFrozen || !strings.Contains(out.String(), "no longer security-frozen") ||
				len(jobs[0].Options.Prepared) != 1 || !strings.Contains(jobs[0].Options.Prepared[0].String(), "suspended to RAM and resumed")) {
				t.Errorf("after the resume: %+v, %q, prepared %q", jobs[0].Device.Capabilities.ATA, out.String(), jobs[0].Options.Prepared)
			}
		})
	}
}
