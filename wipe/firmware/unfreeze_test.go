package firmware

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

// fakeSystem is a System whose sysfs and procfs are maps and whose sysfs writes
// are recorded: these tests never suspend the machine they run on.
func fakeSystem(states string, procs map[string]string, writes *[]string, failWrite string) devices.System {
	sys := fstest.MapFS{"power/state": {Data: []byte(states + "\n")}}
	proc := fstest.MapFS{}
	for pid, comm := range procs {
		proc[pid+"/comm"] = &fstest.MapFile{Data: []byte(comm + "\n")}
	}
	return devices.System{Sys: sys, Proc: proc, SysWrite: func(name string, value []byte) error {
		*writes = append(*writes, name+"="+string(value))
		if name == failWrite {
			return errors.New("write refused")
		}
		return nil
	}}
}

func frozenJob(method string, transport devices.Transport) wipe.Job {
	return wipe.Job{Method: method, Device: devices.Device{Path: "/dev/sdz", Transport: transport, Capabilities: devices.Capabilities{
		ATA: &devices.ATACapabilities{SecuritySupported: true, SecurityFrozen: true, EnhancedEraseSupported: true, SanitizeSupported: true, SanitizeBlockErase: true}}}}
}

func TestUnfreezeNeeded(t *testing.T) {
	cases := []struct {
		name string
		job  wipe.Job
		want bool
	}{
		{"frozen, security erase", frozenJob("ata-secure-erase", devices.TransportSATA), true},
		{"frozen, enhanced security erase", frozenJob("ata-secure-erase-enhanced", devices.TransportSATA), true},
		{"frozen, sanitize is not blocked", frozenJob("ata-sanitize-block", devices.TransportSATA), false},
		{"frozen, host overwrite", frozenJob("zero", devices.TransportSATA), false},
		{"not frozen", wipe.Job{Method: "ata-secure-erase", Device: devices.Device{Capabilities: devices.Capabilities{ATA: &devices.ATACapabilities{SecuritySupported: true}}}}, false},
		{"not ata", wipe.Job{Method: "ata-secure-erase", Device: devices.Device{Transport: devices.TransportLoop}}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Needed(tc.job); got != tc.want {
				t.Errorf("Needed = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestUnfreezeCheck(t *testing.T) {
	cases := []struct {
		name      string
		job       wipe.Job
		jobs      int
		states    string
		procs     map[string]string
		noWriter  bool
		wantError string // "" : allowed
	}{
		{name: "sole job, nothing else running", job: frozenJob("ata-secure-erase", devices.TransportSATA), jobs: 1, states: "freeze mem disk",
			procs: map[string]string{"1": "systemd", "100": "wipestation", "200": "bash"}},
		{name: "other targets in this run", job: frozenJob("ata-secure-erase", devices.TransportSATA), jobs: 3, states: "freeze mem disk",
			wantError: "interrupt the other 2 jobs"},
		{name: "another wipestation running", job: frozenJob("ata-secure-erase", devices.TransportSATA), jobs: 1, states: "freeze mem disk",
			procs: map[string]string{"100": "wipestation", "4242": "wipestation"}, wantError: "pid 4242"},
		{name: "no suspend to RAM", job: frozenJob("ata-secure-erase", devices.TransportSATA), jobs: 1, states: "freeze",
			wantError: "cannot suspend to RAM"},
		{name: "usb bridge", job: frozenJob("ata-secure-erase", devices.TransportUSB), jobs: 1, states: "freeze mem disk",
			wantError: "replug"},
		{name: "no sysfs writer", job: frozenJob("ata-secure-erase", devices.TransportSATA), jobs: 1, states: "freeze mem disk", noWriter: true,
			wantError: "cannot write /sys"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var writes []string
			sys := fakeSystem(tc.states, tc.procs, &writes, "")
			if tc.noWriter {
				sys.SysWrite = nil
			}
			err := Unfreezer{System: sys, Self: 100}.Check(tc.job, tc.jobs)
			var ur *devices.RefusalError
			switch {
			case tc.wantError == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.wantError != "" && (!errors.As(err, &ur) || !strings.Contains(err.Error(), tc.wantError)):
				t.Fatalf("err %v, want a refusal saying %q", err, tc.wantError)
			}
			if len(writes) > 0 {
				t.Errorf("Check wrote to sysfs: %q", writes)
			}
		})
	}
}

func TestUnfreeze(t *testing.T) {
	cases := []struct {
		name      string
		answers   []*devices.ATACapabilities // what each probe after the resume finds
		failWrite string
		wantError string
		wantAlarm bool
	}{
		{name: "unfrozen after the resume", answers: []*devices.ATACapabilities{{SecuritySupported: true}}, wantAlarm: true},
		{name: "drive comes back late", answers: []*devices.ATACapabilities{nil, nil, {SecuritySupported: true}}, wantAlarm: true},
		{name: "frozen again", answers: []*devices.ATACapabilities{{SecuritySupported: true, SecurityFrozen: true}}, wantError: "still security-frozen", wantAlarm: true},
		{name: "never comes back", answers: []*devices.ATACapabilities{nil}, wantError: "did not answer ATA IDENTIFY", wantAlarm: true},
		{name: "no rtc alarm", answers: []*devices.ATACapabilities{{SecuritySupported: true}}, failWrite: "class/rtc/rtc0/wakealarm"},
		{name: "suspend refused", failWrite: "power/state", wantError: "suspend: write refused", wantAlarm: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var writes []string
			sys := fakeSystem("freeze mem disk", nil, &writes, tc.failWrite)
			probes := 0
			u := Unfreezer{System: sys, Settle: 50 * time.Millisecond, Poll: time.Millisecond,
				Probe: func(ctx context.Context, d *devices.Device) {
					if !slices.Contains(writes, "power/state=mem") {
						t.Error("probed before the suspend")
					}
					a := tc.answers[min(probes, len(tc.answers)-1)]
					probes++
					if a != nil {
						d.Capabilities.ATA = a
					}
				}}
			job := frozenJob("ata-secure-erase", devices.TransportSATA)
			err := u.Unfreeze(context.Background(), &job.Device)
			if tc.wantError == "" && err != nil || tc.wantError != "" && (err == nil || !strings.Contains(err.Error(), tc.wantError)) {
				t.Fatalf("err %v, want %q", err, tc.wantError)
			}
			if err == nil && job.Device.Capabilities.ATA.SecurityFrozen {
				t.Error("the device still says frozen")
			}
			last := writes[len(writes)-1]
			if last != "power/state=mem" {
				t.Errorf("writes %q: the suspend is not the last", writes)
			}
			if tc.wantAlarm && (len(writes) != 3 || writes[1] != "class/rtc/rtc0/wakealarm=+10") {
				t.Errorf("writes %q: no wake alarm before the suspend", writes)
			}
		})
	}
}
