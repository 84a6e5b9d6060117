package phonereset

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/adb/adbtest"
	"github.com/wipestation/wipestation/devices/mtp"
	"github.com/wipestation/wipestation/devices/mtp/mtptest"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// render states ms in lang, one per line.
func render(ms []msg.Message, lang string) string {
	lines := make([]string, len(ms))
	for i, m := range ms {
		lines[i] = m.In(lang)
	}
	return strings.Join(lines, "\n")
}

// swapFS is a sysfs whose contents the test changes while the job runs.
type swapFS struct {
	mu  sync.Mutex
	cur fstest.MapFS
}

func (s *swapFS) Open(name string) (fs.File, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur.Open(name)
}

func (s *swapFS) set(m fstest.MapFS) {
	s.mu.Lock()
	s.cur = m
	s.mu.Unlock()
}

func usb(vendor, serial, devnum string) fstest.MapFS {
	m := fstest.MapFS{}
	if serial == "" {
		return m
	}
	for k, v := range map[string]string{"idVendor": vendor, "idProduct": "6860", "serial": serial, "busnum": "1", "devnum": devnum} {
		m["bus/usb/devices/1-2/"+k] = &fstest.MapFile{Data: []byte(v + "\n")}
	}
	return m
}

// Restart modes of the phone during the job.
const (
	reboots  = "reboots" // leaves USB and comes back
	goneAway = "gone"    // leaves USB and never comes back
	stays    = "stays"   // never leaves USB
)

type scenario struct {
	vendor    string
	attest    string
	encrypted devices.Tristate
	// adb before and after the reset ("" = no adb server; "none" = the server
	// does not list the phone).
	adbBefore, adbAfter string
	// setup before and after: "user_setup_complete device_provisioned" as the
	// phone answers `settings get`; "" answers FAIL.
	setupBefore, setupAfter string
	accounts                string
	restart                 string
	// mtpBefore and mtpAfter are the files the shared storage lists over MTP
	// before and after the reset; -1 means MTP is not reachable. sameStorage
	// makes the phone after the restart the very same device (a reboot).
	mtpBefore, mtpAfter int
	sameStorage         bool
	// seen, when set, collects every progress report.
	seen *[]wipe.Progress
	// lang is the job's language ("" is English).
	lang string
}

// fakePhone is a phone's shared storage at the byte boundary, with the
// folders Android creates on every boot and files files in DCIM.
func fakePhone(files int) *mtptest.Device {
	phone := mtptest.New(&mtptest.Storage{ID: 0x10001, Description: "Internal shared storage", Capacity: 1 << 20})
	dcim := phone.Add(0x10001, mtp.ParentRoot, "DCIM", true, nil)
	phone.Add(0x10001, mtp.ParentRoot, "Download", true, nil)
	phone.Add(0x10001, mtp.ParentRoot, "Android", true, nil)
	for i := 0; i < files; i++ {
		phone.Add(0x10001, dcim, fmt.Sprintf("IMG_%04d.jpg", i), false, []byte("x"))
	}
	return phone
}

func adbList(state string) string {
	if state == "none" {
		return ""
	}
	return "R58M123\t" + state + "\n"
}

func setSetup(srv *adbtest.Server, setup string) {
	usc, dp := "FAIL:settings: no service", "FAIL:settings: no service"
	if f := strings.Fields(setup); len(f) == 2 {
		usc, dp = f[0]+"\n", f[1]+"\n"
	}
	srv.Set("shell:settings get secure user_setup_complete", usc)
	srv.Set("shell:settings get global device_provisioned", dp)
}

func runScenario(t *testing.T, sc scenario) (wipe.Outcome, error) {
	t.Helper()
	sysfs := &swapFS{cur: usb(sc.vendor, "R58M123", "7")}
	adbAddr := "-"
	var srv *adbtest.Server
	if sc.adbBefore != "" {
		srv = adbtest.Start(t, map[string]string{
			"host:devices":           adbList(sc.adbBefore),
			"host:transport:R58M123": "",
			"shell:getprop":          "[ro.crypto.state]: [encrypted]\n[ro.crypto.type]: [file]\n",
			"shell:dumpsys account":  sc.accounts,
		})
		setSetup(srv, sc.setupBefore)
		adbAddr = srv.Addr
	}
	phones := map[string]*mtptest.Device{}
	if sc.mtpBefore >= 0 {
		phones["/dev/bus/usb/001/007"] = fakePhone(sc.mtpBefore)
	}
	switch {
	case sc.sameStorage:
		phones["/dev/bus/usb/001/009"] = phones["/dev/bus/usb/001/007"]
	case sc.mtpAfter >= 0:
		phones["/dev/bus/usb/001/009"] = fakePhone(sc.mtpAfter)
	}
	e := &Executor{
		System: devices.System{Sys: sysfs, DevDir: "/dev", ADBServer: adbAddr},
		Open: func(ctx context.Context, node string) (*mtp.Conn, func() error, error) {
			phone := phones[node]
			if phone == nil {
				return nil, nil, errors.New("no MTP interface (charging only)")
			}
			return mtp.NewConn(phone, mtp.Options{}), func() error { return nil }, nil
		},
		Wait: 2 * time.Second,
		Poll: time.Millisecond,
	}
	polls := 0
	x := wipe.Execution{
		Job: wipe.Job{
			Device: devices.Device{Path: "mtp:/dev/bus/usb/001/007", Kind: devices.KindPhone, Transport: devices.TransportMTP,
				Serial: "R58M123", USBVendorID: sc.vendor, Capabilities: devices.Capabilities{Phone: &devices.PhoneCapabilities{Encrypted: sc.encrypted}}},
			Method:  "phone-reset",
			Options: wipe.Options{Attestation: sc.attest},
			Details: wipe.JobDetails{Language: sc.lang},
		},
		Method: wipe.Method{ID: "phone-reset", Name: "Phone factory reset", Engine: wipe.EnginePhone},
		Progress: func(p wipe.Progress) {
			if sc.seen != nil {
				*sc.seen = append(*sc.seen, p)
			}
			polls++
			if sc.restart == stays {
				return
			}
			switch polls {
			case 3:
				sysfs.set(usb(sc.vendor, "", ""))
				if srv != nil {
					srv.Set("host:devices", adbList(sc.adbAfter))
					setSetup(srv, sc.setupAfter)
				}
			case 6:
				if sc.restart == reboots {
					sysfs.set(usb(sc.vendor, "R58M123", "9"))
				}
			}
		},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return e.Execute(ctx, x)
}

// TestPhoneReset: the executor's outcome is verified (and erased) only on
// positive evidence of a freshly reset phone; without it, the class is at most
// Clear and the reason and details say what was seen and why it is not enough.
func TestPhoneReset(t *testing.T) {
	const attest = "I performed the factory reset on this phone"
	const (
		purge = devices.ClassPurge
		clear = devices.ClassClear
	)
	none := -1
	tests := []struct {
		name     string
		sc       scenario
		verified bool
		class    devices.Class
		// status is the job's, as the runner decides it from the outcome
		status wipe.Status
		reason string
		// details that must be in the record (the facts and their signs)
		details   []string
		exception string
	}{
		{
			name: "plain reboot: same files, set up, ADB still authorized",
			sc: scenario{vendor: "04e8", attest: attest, adbBefore: "device", adbAfter: "device", setupBefore: "1 1", setupAfter: "1 1",
				restart: reboots, mtpBefore: 3, sameStorage: true},
			class: clear, status: wipe.StatusFailed, reason: "evidence against it",
			details: []string{
				"Not evidence of a reset (restart): the phone left the USB bus and came back",
				"Evidence against a reset (setup-state): ADB reports the phone as set up after the restart (user_setup_complete=1 device_provisioned=1)",
				"Evidence against a reset (mtp-storage): the phone's storage still lists 3 files over MTP",
			},
			exception: "Not verified",
		},
		{
			name:  "plain reboot of an encrypted phone that shows nothing afterwards",
			sc:    scenario{vendor: "04e8", attest: attest, adbBefore: "device", adbAfter: "none", setupBefore: "1 1", restart: reboots, mtpBefore: none, mtpAfter: none},
			class: clear, status: wipe.StatusUnverified, reason: "nothing observed over USB shows a freshly reset phone",
			details: []string{
				"Android factory reset recorded as Clear at most, not Purge",
				"Not evidence of a reset (setup-state): ADB is off after the restart",
				"Not evidence of a reset (mtp-storage): MTP was not reachable after the restart",
			},
			exception: "Not verified",
		},
		{
			name:  "plain reboot, ADB unauthorized and storage empty as before",
			sc:    scenario{vendor: "04e8", attest: attest, encrypted: devices.Yes, adbBefore: "unauthorized", adbAfter: "unauthorized", restart: reboots, mtpBefore: 0, mtpAfter: 0},
			class: clear, status: wipe.StatusUnverified, reason: "nothing observed",
			details: []string{
				"Not evidence of a reset (setup-state): ADB answers but does not authorize this workstation",
				"Not evidence of a reset (mtp-storage): the shared storage lists no files over MTP, and listed none before the reset",
			},
		},
		{
			name: "reset: ADB shows the setup wizard not completed, encrypted",
			sc: scenario{vendor: "04e8", attest: attest, adbBefore: "device", adbAfter: "device", setupBefore: "1 1", setupAfter: "0 0",
				accounts: "Account {name=a@gmail.com, type=com.google}\n", restart: reboots, mtpBefore: none, mtpAfter: none},
			verified: true, class: purge, status: wipe.StatusErased,
			details:   []string{"Evidence of a fresh reset (setup-state): ADB reports the setup wizard not completed and the phone not provisioned after the restart (user_setup_complete=0 device_provisioned=0)"},
			exception: "Factory Reset Protection",
		},
		{
			name: "reset seen over ADB, encryption unknown: verified Clear",
			sc: scenario{vendor: "04e8", attest: attest, adbBefore: "unauthorized", adbAfter: "device", setupAfter: "0 0",
				restart: reboots, mtpBefore: none, mtpAfter: none},
			verified: true, class: clear, status: wipe.StatusErased, exception: "Recorded as Clear",
		},
		{
			name:  "never set up before: setup not completed after a reboot proves nothing",
			sc:    scenario{vendor: "04e8", attest: attest, adbBefore: "device", adbAfter: "device", setupBefore: "0 0", setupAfter: "0 0", restart: reboots, mtpBefore: none, mtpAfter: none},
			class: clear, status: wipe.StatusUnverified, reason: "nothing observed",
			details: []string{"as it was before the reset"},
		},
		{
			name:  "contradictory setup state",
			sc:    scenario{vendor: "04e8", attest: attest, adbBefore: "device", adbAfter: "device", setupBefore: "1 1", setupAfter: "0 1", restart: reboots, mtpBefore: none, mtpAfter: none},
			class: clear, status: wipe.StatusUnverified, reason: "nothing observed",
			details: []string{"ADB reports a contradictory setup state after the restart (user_setup_complete=0 device_provisioned=1)"},
		},
		{
			name:  "ADB still authorized, setup state unreadable",
			sc:    scenario{vendor: "04e8", attest: attest, adbBefore: "device", adbAfter: "device", setupBefore: "1 1", setupAfter: "", restart: reboots, mtpBefore: none, mtpAfter: none},
			class: clear, status: wipe.StatusFailed, reason: "ADB still accepts this workstation after the restart",
			details: []string{"Evidence against a reset (setup-state)"},
		},
		{
			name:     "reset seen over MTP: the files listed before are gone",
			sc:       scenario{vendor: "04e8", attest: attest, restart: reboots, mtpBefore: 3, mtpAfter: 0},
			verified: true, class: clear, status: wipe.StatusErased,
			details: []string{"Evidence of a fresh reset (mtp-storage): the shared storage listed 3 files over MTP before the reset and lists none after the restart"},
		},
		{
			name:  "empty storage after, not listed before",
			sc:    scenario{vendor: "04e8", attest: attest, encrypted: devices.Yes, restart: reboots, mtpBefore: none, mtpAfter: 0},
			class: clear, status: wipe.StatusUnverified, reason: "nothing observed",
			details: []string{"Not evidence of a reset (mtp-storage): the shared storage lists no files over MTP, and could not be listed before the reset"},
		},
		{
			name:  "contradictory signs: setup not completed, but the files are still there",
			sc:    scenario{vendor: "04e8", attest: attest, adbBefore: "device", adbAfter: "device", setupBefore: "1 1", setupAfter: "0 0", restart: reboots, mtpBefore: 3, sameStorage: true},
			class: clear, status: wipe.StatusFailed, reason: "evidence against it: the phone's storage still lists 3 files over MTP",
			details: []string{"Evidence of a fresh reset (setup-state)", "Evidence against a reset (mtp-storage)"},
		},
		{
			name:  "phone never comes back",
			sc:    scenario{vendor: "04e8", attest: attest, encrypted: devices.Yes, restart: goneAway, mtpBefore: 3, mtpAfter: 0},
			class: clear, status: wipe.StatusFailed, reason: "did not come back within 2s",
			details: []string{"Evidence against a reset (restart)"},
		},
		{
			name:  "phone never restarts",
			sc:    scenario{vendor: "04e8", attest: attest, restart: stays, mtpBefore: 3, mtpAfter: 0},
			class: clear, status: wipe.StatusFailed, reason: "did not leave the USB bus within 2s",
		},
		{
			name:  "iPhone: nothing can be observed",
			sc:    scenario{vendor: "05ac", attest: attest, encrypted: devices.Yes, restart: reboots, mtpBefore: none, mtpAfter: none},
			class: clear, status: wipe.StatusUnverified, reason: "nothing observed",
			details: []string{"iOS factory reset recorded as Clear at most", "Not evidence of a reset (setup-state): the setup state of an iPhone was not read"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runScenario(t, tt.sc)
			if err != nil {
				t.Fatalf("err = %v: an observation is an outcome, not an error", err)
			}
			why := ""
			for _, m := range []*msg.Message{out.Reason, out.Inconclusive} {
				if m != nil {
					why += m.String()
				}
			}
			if out.Verification.Verified != tt.verified || !out.Completed {
				t.Errorf("verified %v completed %v, want verified %v (reason %q)", out.Verification.Verified, out.Completed, tt.verified, why)
			}
			if tt.verified != (why == "") || !strings.Contains(why, tt.reason) {
				t.Errorf("reason %q, want %q", why, tt.reason)
			}
			rec := &wipe.Record{Sanitization: wipe.Sanitization{MethodID: "phone-reset", Class: devices.ClassPurge}, Verification: wipe.Verification{Mode: "none"}}
			wipe.RecordOutcome(rec, out, err)
			if rec.Status != tt.status {
				t.Errorf("status %s (%s), want %s", rec.Status, rec.Reason, tt.status)
			}
			if out.Sanitization.Class != tt.class {
				t.Errorf("class = %s, want %s", out.Sanitization.Class, tt.class)
			}
			if want := map[devices.Class]string{purge: "Crypto Erase", clear: "Other"}[tt.class]; out.Sanitization.Technique != want {
				t.Errorf("technique = %s, want %s", out.Sanitization.Technique, want)
			}
			details := render(out.Sanitization.Details, msg.English)
			for _, d := range tt.details {
				if !strings.Contains(details, d) {
					t.Errorf("details lack %q:\n%s", d, details)
				}
			}
			if !strings.Contains(details, tt.sc.attest) {
				t.Error("the attestation is not in the record")
			}
			if ex := render(out.Exceptions, msg.English); !strings.Contains(ex, tt.exception) {
				t.Errorf("exceptions = %q, want %q", ex, tt.exception)
			}
			if out.Verification.Mode != "other" || !strings.Contains(out.Verification.Method.String(), "observations: ") {
				t.Errorf("verification %+v", out.Verification)
			}
		})
	}
}

func TestNoAttestation(t *testing.T) {
	out, err := runScenario(t, scenario{vendor: "04e8", restart: reboots, mtpBefore: 3, mtpAfter: 0})
	var re *devices.RefusalError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "attestation") || out.Completed || out.Verification.Verified {
		t.Fatalf("err = %v, outcome %+v; want a refusal", err, out)
	}
}

func TestSteps(t *testing.T) {
	if s := Steps(devices.Device{USBVendorID: "05ac"}); !strings.Contains(render(s, msg.English), "Erase All Content and Settings") {
		t.Errorf("iOS steps = %v", s)
	}
	if s := Steps(devices.Device{USBVendorID: "18d1"}); !strings.Contains(render(s, msg.English), "Factory Reset Protection") {
		t.Errorf("Android steps = %v", s)
	}
}

// TestStepsShownBeforeTheWait: the first report of the job, before the phone is
// watched at all, is the command phase carrying the platform's steps; the
// reports of the wait carry none.
func TestStepsShownBeforeTheWait(t *testing.T) {
	for _, vendor := range []string{"04e8", "05ac"} {
		t.Run(vendor, func(t *testing.T) {
			var seen []wipe.Progress
			out, err := runScenario(t, scenario{vendor: vendor, attest: "I performed the factory reset on this phone", restart: reboots, mtpBefore: 3, mtpAfter: 0, seen: &seen})
			if err != nil || !out.Completed {
				t.Fatalf("err %v, outcome %+v", err, out)
			}
			if len(seen) < 2 || seen[0].Phase != wipe.PhaseCommand {
				t.Fatalf("progress %+v", seen)
			}
			shown := seen[0].Message
			steps := Steps(devices.Device{USBVendorID: vendor})
			for i, step := range steps {
				if !strings.Contains(shown, fmt.Sprintf("%d. %s", i+1, step)) {
					t.Errorf("step %d missing from the message %q", i+1, shown)
				}
			}
			if !strings.Contains(shown, "waits up to 2s") || strings.Count(shown, "\n") != len(steps) {
				t.Errorf("message %q", shown)
			}
			for _, p := range seen[1:] {
				if p.Message != "" {
					t.Errorf("a later report repeats a message: %+v", p)
				}
			}
		})
	}
}

// TestStepsInTheJobsLanguage: a job in Traditional Chinese shows the technician
// the steps in Chinese, and records them as messages all the same.
func TestStepsInTheJobsLanguage(t *testing.T) {
	var seen []wipe.Progress
	out, err := runScenario(t, scenario{vendor: "05ac", attest: "I performed the factory reset on this phone", restart: reboots, mtpBefore: -1, mtpAfter: -1, seen: &seen, lang: msg.TraditionalChinese})
	if err != nil || len(seen) == 0 {
		t.Fatalf("err %v, %d reports", err, len(seen))
	}
	shown := seen[0].Message
	for _, want := range []string{"原廠重設（iOS）", "最多等待 2s", "1. 取出 SIM 卡", "5. 不要重新設定手機"} {
		if !strings.Contains(shown, want) {
			t.Errorf("message %q lacks %q", shown, want)
		}
	}
	if got := render(out.Sanitization.Details, msg.English); !strings.Contains(got, "Step 3: Settings > General > Transfer or Reset iPhone") {
		t.Errorf("details %q", got)
	}
}
