package firmware

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/simdrive"
	"github.com/wipestation/wipestation/devices/tcg"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

const label = "0123456789ABCDEFGHIJKLMNOPQRSTUV"

func psid(t *testing.T, s string) tcg.PSID {
	t.Helper()
	p, err := tcg.ParsePSID(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// sedBus attaches sed to a simulated drive on one bus and probes it as
// discovery does.
type sedBus struct {
	name  string
	drive func(m *simdrive.Medium, sed *simdrive.SED) (SCSI, NVMe, devices.Transport)
}

var sedBuses = []sedBus{
	{"sata", func(m *simdrive.Medium, sed *simdrive.SED) (SCSI, NVMe, devices.Transport) {
		return &simdrive.ATA{Medium: m, Model: "SIM SED", Serial: "A1", NonRotating: true, SED: sed}, nil, devices.TransportSATA
	}},
	{"usb bridge", func(m *simdrive.Medium, sed *simdrive.SED) (SCSI, NVMe, devices.Transport) {
		return &simdrive.ATA{Medium: m, Model: "SIM SED", Serial: "A1", NonRotating: true, SED: sed}, nil, devices.TransportUSB
	}},
	{"sas", func(m *simdrive.Medium, sed *simdrive.SED) (SCSI, NVMe, devices.Transport) {
		return &simdrive.SCSI{Medium: m, Vendor: "SIM", Product: "SED", Serial: "S1", SED: sed}, nil, devices.TransportSAS
	}},
	{"nvme", func(m *simdrive.Medium, sed *simdrive.SED) (SCSI, NVMe, devices.Transport) {
		return nil, &simdrive.NVMe{Medium: m, Model: "SIM SED", Serial: "N1", NSID: 1, SED: sed}, devices.TransportNVMe
	}},
}

// sedJob discovers the drive, resolves tcg-psid-revert through the policy, runs
// it with p and files the outcome into a record as the runner does.
func sedJob(t *testing.T, b sedBus, m *simdrive.Medium, sed *simdrive.SED, p tcg.PSID, verify wipe.VerifyMode) (*wipe.Record, wipe.Outcome, error) {
	t.Helper()
	ctx := context.Background()
	scsi, nv, transport := b.drive(m, sed)
	d := devices.Device{Path: "/dev/sim", Kind: devices.KindDisk, Transport: transport, Eligible: true}
	if scsi != nil {
		devices.ProbeSCSI(ctx, scsi, &d)
	} else {
		devices.ProbeNVMe(ctx, nv, 1, &d)
	}
	method, _ := wipe.LookupMethod("tcg-psid-revert")
	class := method.Class
	if res, err := wipe.Resolve(d, "tcg-psid-revert", ""); err == nil {
		method, class = res.Method, res.Class
	}
	method.Class = class
	e := New(OpenerFunc(func(x wipe.Execution) (Drive, error) {
		return Drive{SCSI: scsi, NVMe: nv, NSID: 1, Medium: m}, nil
	}))
	e.PollInterval, e.Seed = time.Millisecond, 42
	out, err := e.Execute(ctx, wipe.Execution{
		Job:    wipe.Job{Device: d, Method: method.ID, Options: wipe.Options{Verify: verify, PSID: p}},
		Method: method,
	})
	rec := &wipe.Record{Device: d, Sanitization: wipe.Sanitization{MethodID: method.ID, Class: class, Technique: method.Technique},
		Verification: wipe.Verification{Mode: string(verify)}}
	wipe.RecordOutcome(rec, out, err)
	return rec, out, err
}

func TestPSIDRevert(t *testing.T) {
	wrong := "WRONG789ABCDEFGHIJKLMNOPQRSTUVXY"
	cases := []struct {
		name string
		// sed builds the drive's TCG side (nil: not an SED); spend makes that many
		// wrong attempts first, each a job of its own.
		sed     func(m *simdrive.Medium) *simdrive.SED
		spend   int
		psid    string
		verify  wipe.VerifyMode
		status  wipe.Status
		reason  string
		calls   []string // method:status
		erased  bool     // the medium no longer holds its data
		after   *wipe.TCGState
		locked  int // samples locked before
		refusal error
	}{
		{name: "not an SED", sed: func(*simdrive.Medium) *simdrive.SED { return nil }, psid: label,
			status: wipe.StatusRefused, reason: "not a self-encrypting drive", refusal: devices.ErrUnsupported},
		{name: "SED, locking never enabled", sed: sedState(false, false), psid: label, status: wipe.StatusErased,
			calls: []string{"StartSession:SUCCESS", "Revert:SUCCESS"}, erased: true, after: &wipe.TCGState{}},
		{name: "SED unlocked", sed: sedState(true, false), psid: label, status: wipe.StatusErased,
			calls: []string{"StartSession:SUCCESS", "Revert:SUCCESS"}, erased: true, after: &wipe.TCGState{}},
		{name: "SED locked", sed: sedState(true, true), psid: label, status: wipe.StatusUnverified,
			reason: "locked before the command", calls: []string{"StartSession:SUCCESS", "Revert:SUCCESS"},
			erased: true, after: &wipe.TCGState{}, locked: -1},
		{name: "wrong PSID", sed: sedState(true, true), psid: wrong, status: wipe.StatusFailed,
			reason: "NOT_AUTHORIZED", calls: []string{"StartSession:NOT_AUTHORIZED"}, locked: -1},
		{name: "attempts exhausted", sed: sedState(true, true), spend: 3, psid: label, status: wipe.StatusFailed,
			reason: "power-cycled", calls: []string{"StartSession:AUTHORITY_LOCKED_OUT"}, locked: -1},
		{name: "no PSID", sed: sedState(true, true), status: wipe.StatusRefused, reason: "--psid", refusal: ErrNoPSID},
		{name: "drive lies", sed: func(m *simdrive.Medium) *simdrive.SED {
			s := sedState(true, false)(m)
			s.Behavior.Lie = true
			return s
		}, psid: label, status: wipe.StatusFailed, reason: "still hold the data",
			calls: []string{"StartSession:SUCCESS", "Revert:SUCCESS"}, after: &wipe.TCGState{}},
		{name: "verify off", sed: sedState(true, false), psid: label, verify: wipe.VerifyOff, status: wipe.StatusUnverified,
			calls: []string{"StartSession:SUCCESS", "Revert:SUCCESS"}, erased: true, after: &wipe.TCGState{}},
		{name: "enterprise SSC", sed: func(m *simdrive.Medium) *simdrive.SED {
			return &simdrive.SED{Medium: m, Feature: tcg.FeatureEnterprise, PSID: label}
		}, psid: label, status: wipe.StatusRefused, reason: "defines no PSID", refusal: devices.ErrUnsupported},
	}
	for _, b := range sedBuses {
		for _, tc := range cases {
			t.Run(b.name+"/"+tc.name, func(t *testing.T) {
				m := simdrive.NewMedium(simSize, 512, 11)
				orig := m.Snapshot()
				sed := tc.sed(m)
				if sed != nil {
					sed.TryLimit = 3
				}
				for i := 0; i < tc.spend; i++ {
					rec, _, _ := sedJob(t, b, m, sed, psid(t, wrong), wipe.VerifySampling)
					if rec.Status != wipe.StatusFailed || !strings.Contains(msg.Text(rec.Reason), "NOT_AUTHORIZED") {
						t.Fatalf("wrong attempt %d: %s %s", i+1, rec.Status, msg.Text(rec.Reason))
					}
				}
				var p tcg.PSID
				if tc.psid != "" {
					p = psid(t, tc.psid)
				}
				verify := tc.verify
				if verify == "" {
					verify = wipe.VerifySampling
				}
				var calls0 int
				if sed != nil {
					calls0 = len(sed.Calls)
				}
				rec, out, err := sedJob(t, b, m, sed, p, verify)
				if rec.Status != tc.status || !strings.Contains(msg.Text(rec.Reason), tc.reason) {
					t.Fatalf("status %s (%q), want %s (%q)\nexceptions %q", rec.Status, msg.Text(rec.Reason), tc.status, tc.reason, msg.Texts(rec.Exceptions))
				}
				if tc.refusal != nil && !errors.Is(err, tc.refusal) {
					t.Errorf("refusal %v, want %v", err, tc.refusal)
				}
				if tc.status == wipe.StatusErased && rec.Sanitization.Class != devices.ClassPurge {
					t.Errorf("class %s, want Purge", rec.Sanitization.Class)
				}
				changed := !bytes.Equal(orig, m.Snapshot())
				if changed != tc.erased {
					t.Errorf("medium changed %v, want %v", changed, tc.erased)
				}
				o := rec.Sanitization.TCG
				if tc.calls == nil {
					if sed != nil && len(sed.Calls) != calls0 {
						t.Errorf("TCG methods sent: %q", sed.Calls[calls0:])
					}
					if o != nil && len(o.Calls) > 0 {
						t.Errorf("calls recorded: %+v", o.Calls)
					}
					return
				}
				if o == nil {
					t.Fatal("no tcg outcome in the record")
				}
				var got []string
				for _, c := range o.Calls {
					got = append(got, c.Method+":"+c.Status)
					if c.StatusCode == nil || c.At.IsZero() {
						t.Errorf("call %+v without status code or time", c)
					}
				}
				if !slices.Equal(got, tc.calls) {
					t.Errorf("calls %q, want %q", got, tc.calls)
				}
				if o.SSC != "Opal 2" || o.ComID != 0x07FE || !o.PSIDSupplied || o.PSIDLast4 != tc.psid[28:] || o.Transport == "" {
					t.Errorf("tcg outcome %+v", o)
				}
				if (o.After == nil) != (tc.after == nil) || (o.After != nil && *o.After != *tc.after) {
					t.Errorf("after %+v, want %+v", o.After, tc.after)
				}
				wantLocked := tc.locked
				if wantLocked < 0 {
					wantLocked = len(PlanSampling(simSize, 512, 42))
				}
				if o.SamplesLockedBefore != wantLocked {
					t.Errorf("samples locked before %d, want %d", o.SamplesLockedBefore, wantLocked)
				}
				js, err := json.Marshal(rec)
				if err != nil {
					t.Fatal(err)
				}
				if bytes.Contains(js, []byte(tc.psid[:28])) || strings.Contains(strings.Join(msg.Texts(rec.Exceptions), " ")+msg.Text(rec.Reason)+msg.Text(out.Inconclusive), tc.psid[:28]) {
					t.Error("the record holds the PSID")
				}
			})
		}
	}
}

func sedState(enabled, locked bool) func(m *simdrive.Medium) *simdrive.SED {
	return func(m *simdrive.Medium) *simdrive.SED {
		s := &simdrive.SED{Medium: m, PSID: label, BusyPolls: 1}
		s.SetLocking(enabled, locked)
		return s
	}
}

// TestPSIDAttemptsPerPowerCycle: a job never retries; after the drive's limit
// even the right PSID is refused until a power cycle, then it works.
func TestPSIDAttemptsPerPowerCycle(t *testing.T) {
	m := simdrive.NewMedium(simSize, 512, 11)
	sed := sedState(true, true)(m)
	sed.TryLimit = 2
	b := sedBuses[0]
	for i := 0; i < 2; i++ {
		sedJob(t, b, m, sed, psid(t, "WRONG789ABCDEFGHIJKLMNOPQRSTUVXY"), wipe.VerifySampling)
	}
	if got := len(sed.Calls); got != 2 {
		t.Fatalf("two jobs with a wrong PSID sent %d StartSessions: %q", got, sed.Calls)
	}
	rec, _, _ := sedJob(t, b, m, sed, psid(t, label), wipe.VerifySampling)
	if rec.Status != wipe.StatusFailed || !strings.Contains(msg.Text(rec.Reason), "AUTHORITY_LOCKED_OUT") {
		t.Fatalf("%s %s", rec.Status, msg.Text(rec.Reason))
	}
	sed.PowerCycle()
	rec, _, _ = sedJob(t, b, m, sed, psid(t, label), wipe.VerifySampling)
	if rec.Status != wipe.StatusUnverified || rec.Sanitization.TCG.After == nil || rec.Sanitization.TCG.After.Locked {
		t.Fatalf("after a power cycle: %s %s %+v", rec.Status, msg.Text(rec.Reason), rec.Sanitization.TCG)
	}
}

// TestPSIDRevertCoversHiddenArea: the revert replaces every range's key, so the
// sectors behind an HPA are covered (verification still reads the accessible ones).
func TestPSIDRevertCoversHiddenArea(t *testing.T) {
	m := simdrive.NewMedium(simSize, 512, 11)
	sed := sedState(true, false)(m)
	b := sedBus{"sata with HPA", func(m *simdrive.Medium, sed *simdrive.SED) (SCSI, NVMe, devices.Transport) {
		return &simdrive.ATA{Medium: m, Model: "SIM SED", Serial: "A1", NonRotating: true, SED: sed,
			HPA: true, HPASectors: simSize/512 - 2048}, nil, devices.TransportSATA
	}}
	rec, _, _ := sedJob(t, b, m, sed, psid(t, label), wipe.VerifySampling)
	h := rec.Sanitization.HiddenArea
	if rec.Status != wipe.StatusErased || h == nil || !h.Covered || h.NativeSectors == h.AccessibleSectors {
		t.Fatalf("%s %s hidden area %+v", rec.Status, msg.Text(rec.Reason), h)
	}
	if !containsText(rec.Exceptions, "covers the hidden sectors") {
		t.Errorf("exceptions %q", msg.Texts(rec.Exceptions))
	}
}
