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
	"github.com/wipestation/wipestation/wipe"
)

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

type scenario struct {
	vendor    string
	attest    string
	encrypted devices.Tristate
	// adb before and after the reset ("" = no adb server)
	adbBefore, adbAfter string
	accounts            string
	restart             bool // the phone leaves and comes back
	filesAfter          int
	mtpAfter            bool
	// seen, when set, collects every progress report.
	seen *[]wipe.Progress
}

func runScenario(t *testing.T, sc scenario) (wipe.Outcome, error) {
	t.Helper()
	sysfs := &swapFS{cur: usb(sc.vendor, "R58M123", "7")}
	adbAddr := "-"
	var srv *adbtest.Server
	if sc.adbBefore != "" {
		srv = adbtest.Start(t, map[string]string{
			"host:devices":           sc.adbBefore,
			"host:transport:R58M123": "",
			"shell:getprop":          "[ro.crypto.state]: [encrypted]\n[ro.crypto.type]: [file]\n",
			"shell:dumpsys account":  sc.accounts,
		})
		adbAddr = srv.Addr
	}
	phone := mtptest.New(&mtptest.Storage{ID: 0x10001, Description: "Internal shared storage", Capacity: 1 << 20})
	dcim := phone.Add(0x10001, mtp.ParentRoot, "DCIM", true, nil)
	phone.Add(0x10001, mtp.ParentRoot, "Download", true, nil)
	for i := 0; i < sc.filesAfter; i++ {
		phone.Add(0x10001, dcim, "IMG.jpg", false, []byte("x"))
	}
	e := &Executor{
		System: devices.System{Sys: sysfs, DevDir: "/dev", ADBServer: adbAddr},
		Open: func(ctx context.Context, node string) (*mtp.Conn, func() error, error) {
			if !sc.mtpAfter {
				return nil, nil, errors.New("no MTP interface (charging only)")
			}
			if node != "/dev/bus/usb/001/009" {
				return nil, nil, errors.New("wrong node " + node)
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
		},
		Method: wipe.Method{ID: "phone-reset", Name: "Phone factory reset", Engine: wipe.EnginePhone},
		Progress: func(p wipe.Progress) {
			if sc.seen != nil {
				*sc.seen = append(*sc.seen, p)
			}
			polls++
			if !sc.restart {
				return
			}
			switch polls {
			case 3:
				sysfs.set(usb(sc.vendor, "", ""))
				if srv != nil {
					srv.Set("host:devices", sc.adbAfter)
				}
			case 6:
				sysfs.set(usb(sc.vendor, "R58M123", "9"))
			}
		},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return e.Execute(ctx, x)
}

func TestPhoneReset(t *testing.T) {
	const attest = "I performed the factory reset on this phone"
	tests := []struct {
		name      string
		sc        scenario
		erased    bool
		class     devices.Class
		wantErr   string
		refused   bool
		exception string
		observed  string
	}{
		{
			name:   "encrypted android with FRP warning",
			sc:     scenario{vendor: "04e8", attest: attest, adbBefore: "R58M123\tdevice\n", adbAfter: "", accounts: "Account {name=a@gmail.com, type=com.google}\n", restart: true, mtpAfter: true},
			erased: true, class: devices.ClassPurge, exception: "Factory Reset Protection", observed: "lists no files",
		},
		{
			name:   "android, encryption unknown",
			sc:     scenario{vendor: "04e8", attest: attest, restart: true},
			erased: true, class: devices.ClassClear, exception: "Recorded as Clear", observed: "came back",
		},
		{
			name:   "encrypted per selection, adb unauthorized after",
			sc:     scenario{vendor: "04e8", attest: attest, encrypted: devices.Yes, adbBefore: "R58M123\tunauthorized\n", adbAfter: "R58M123\tunauthorized\n", restart: true},
			erased: true, class: devices.ClassPurge, observed: "no longer authorizes",
		},
		{
			name:   "iphone",
			sc:     scenario{vendor: "05ac", attest: attest, restart: true},
			erased: true, class: devices.ClassClear, observed: "came back",
		},
		{
			name:    "no attestation",
			sc:      scenario{vendor: "04e8", restart: true},
			refused: true, wantErr: "attestation",
		},
		{
			name:    "phone never restarts",
			sc:      scenario{vendor: "04e8", attest: attest},
			wantErr: "not observed",
		},
		{
			name:    "adb still authorized afterwards",
			sc:      scenario{vendor: "04e8", attest: attest, adbBefore: "R58M123\tdevice\n", adbAfter: "R58M123\tdevice\n", restart: true},
			wantErr: "ADB still accepts", class: devices.ClassPurge,
		},
		{
			name:    "files still on the phone",
			sc:      scenario{vendor: "04e8", attest: attest, restart: true, mtpAfter: true, filesAfter: 2},
			wantErr: "still lists 2 files",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runScenario(t, tt.sc)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || out.Completed {
					t.Fatalf("err = %v, erased %v; want %q", err, out.Completed, tt.wantErr)
				}
				var re *devices.RefusalError
				if errors.As(err, &re) != tt.refused {
					t.Errorf("refusal = %v, want %v", !tt.refused, tt.refused)
				}
			} else if err != nil || !out.Completed || !out.Verification.Verified {
				t.Fatalf("err = %v, outcome %+v", err, out)
			}
			if tt.class != "" && out.Sanitization.Class != tt.class {
				t.Errorf("class = %s, want %s", out.Sanitization.Class, tt.class)
			}
			if tt.class == devices.ClassPurge && out.Sanitization.Technique != "Crypto Erase" {
				t.Errorf("technique = %s", out.Sanitization.Technique)
			}
			if ex := strings.Join(out.Exceptions, "\n"); !strings.Contains(ex, tt.exception) {
				t.Errorf("exceptions = %q, want %q", ex, tt.exception)
			}
			if !strings.Contains(out.Verification.Method, tt.observed) {
				t.Errorf("verification = %q, want %q", out.Verification.Method, tt.observed)
			}
			if tt.sc.attest != "" && !strings.Contains(strings.Join(out.Sanitization.Details, "\n"), tt.sc.attest) {
				t.Error("the attestation is not in the record")
			}
		})
	}
}

func TestSteps(t *testing.T) {
	if s := Steps(devices.Device{USBVendorID: "05ac"}); !strings.Contains(strings.Join(s, " "), "Erase All Content and Settings") {
		t.Errorf("iOS steps = %v", s)
	}
	if s := Steps(devices.Device{USBVendorID: "18d1"}); !strings.Contains(strings.Join(s, " "), "Factory Reset Protection") {
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
			out, err := runScenario(t, scenario{vendor: vendor, attest: "I performed the factory reset on this phone", restart: true, seen: &seen})
			if err != nil || !out.Completed {
				t.Fatalf("err %v, outcome %+v", err, out)
			}
			if len(seen) < 2 || seen[0].Phase != wipe.PhaseCommand {
				t.Fatalf("progress %+v", seen)
			}
			msg := seen[0].Message
			steps := Steps(devices.Device{USBVendorID: vendor})
			for i, step := range steps {
				if !strings.Contains(msg, fmt.Sprintf("%d. %s", i+1, step)) {
					t.Errorf("step %d missing from the message %q", i+1, msg)
				}
			}
			if !strings.Contains(msg, "waits up to 2s") || strings.Count(msg, "\n") != len(steps) {
				t.Errorf("message %q", msg)
			}
			for _, p := range seen[1:] {
				if p.Message != "" {
					t.Errorf("a later report repeats a message: %+v", p)
				}
			}
		})
	}
}
