package tui

import (
	"context"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

func TestSelection(t *testing.T) {
	desk := []devices.Device{systemDisk, stick, mounted, nvme}
	tests := []struct {
		name string
		keys []string
		want []string // selected paths
	}{
		{name: "one", keys: []string{"down", "down", "space"}, want: []string{stick.Path}},
		{name: "toggle off", keys: []string{"space", "space"}, want: nil},
		{name: "several", keys: []string{"space", "down", "down", "space"}, want: []string{nvme.Path, stick.Path}},
		{name: "system disk cannot be selected", keys: []string{"down", "space"}, want: nil},
		{name: "mounted cannot be selected", keys: []string{"down", "down", "down", "space"}, want: nil},
		{name: "all selects only the eligible", keys: []string{"a"}, want: []string{nvme.Path, stick.Path}},
		{name: "all twice clears", keys: []string{"a", "a"}, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, desk...)
			h.press(tt.keys...)
			var got []string
			for _, d := range h.m.bay.selection() {
				got = append(got, d.Path)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("selected %v, want %v", got, tt.want)
			}
		})
	}
}

// TestStartJobs walks the wizard as a technician does and checks exactly what
// the engine is asked to run.
func TestStartJobs(t *testing.T) {
	h := newHarness(t, systemDisk, stick, mounted, nvme)
	h.press("a", "w")
	h.press("down", "enter") // NIST 800-88 Clear on both
	h.press("right")         // verification: thorough
	h.press("down", "right") // final zero pass
	h.press("enter")
	h.press("ctrl+u")
	h.typeText("Wang Xiao-Ming")
	h.press("enter", "enter") // organization kept
	h.typeText("ASSET-0042")  // a barcode scanner: the tag, then enter
	h.press("enter")
	h.typeText("ASSET-0043")
	h.press("enter")
	h.typeText("Finance PC-17")
	h.press("enter")
	h.typeText("Confidential")
	h.press("enter", "left", "left", "enter") // destination: Internal Reuse -> confirm
	if len(h.runner.jobs()) != 0 {
		t.Fatal("jobs started before the confirmation")
	}
	h.typeText("ERASE 1")
	h.press("enter")
	if len(h.runner.jobs()) != 0 {
		t.Fatalf("jobs started on a wrong confirmation:\n%s", h.screen())
	}
	for range "ERASE 1" {
		h.press("backspace")
	}
	h.typeText("ERASE 2")
	h.press("enter")

	jobs := h.runner.jobs()
	if len(jobs) != 2 {
		t.Fatalf("started %d jobs, want 2:\n%s", len(jobs), h.screen())
	}
	slices.SortFunc(jobs, func(a, b wipe.Job) int { return strings.Compare(a.Device.Path, b.Device.Path) })
	for i, want := range []struct {
		path, tag string
	}{{nvme.Path, "ASSET-0042"}, {stick.Path, "ASSET-0043"}} {
		j := jobs[i]
		if j.Device.Path != want.path || j.Details.AssetTag != want.tag {
			t.Errorf("job %d: %s tagged %q, want %s tagged %q", i, j.Device.Path, j.Details.AssetTag, want.path, want.tag)
		}
		if j.Method != "nist-clear" || j.Options.Verify != wipe.VerifyAll || !j.Options.Blank {
			t.Errorf("job %s: method %s verify %s blank %v, want nist-clear, all, blank", j.Device.Path, j.Method, j.Options.Verify, j.Options.Blank)
		}
		d := j.Details
		if d.Operator.Name != "Wang Xiao-Ming" || d.Operator.Organization != "Acme Disposal" || d.Source != "Finance PC-17" ||
			d.Classification != "Confidential" || d.Destination != "Internal Reuse" {
			t.Errorf("job %s details: %+v", j.Device.Path, d)
		}
		if j.Device.Serial == "" {
			t.Errorf("job %s carries no identity to re-check", j.Device.Path)
		}
	}
	if len(h.saved) != 1 || h.saved[0].Operator.Name != "Wang Xiao-Ming" || h.saved[0].AssetTag != "" {
		t.Errorf("remembered %+v, want the details without an asset tag", h.saved)
	}
	if h.m.screen != screenJobs {
		t.Errorf("screen %v after start, want the jobs", h.m.screen)
	}

	// The next job starts from what was entered.
	h.event(resultEvent(stick, "job-2", wipe.StatusErased, ""))
	h.press("d", "down", "down", "space", "w", "enter", "enter")
	if got := h.m.wizard.fields[0].value; got != "Wang Xiao-Ming" {
		t.Errorf("operator offered %q the second time, want the remembered one", got)
	}
}

func TestRecommendedPerDevice(t *testing.T) {
	h := newHarness(t, stick, nvme)
	startBoth(h)
	got := map[string]wipe.Job{}
	for _, j := range h.runner.jobs() {
		got[j.Device.Path] = j
	}
	// The standard level for both: the engine reads "last" as NIST sampling after a
	// drive command and as the last pass read back after an overwrite.
	if j := got[nvme.Path]; j.Method != "nvme-sanitize-crypto" || j.Options.Verify != wipe.VerifyLast {
		t.Errorf("nvme: %s verify %s, want nvme-sanitize-crypto at the standard level", j.Method, j.Options.Verify)
	}
	if j := got[stick.Path]; j.Method != "nist-usb" || j.Options.Verify != wipe.VerifyLast {
		t.Errorf("stick: %s verify %s, want nist-usb reading back the last pass", j.Method, j.Options.Verify)
	}
}

func TestStartRefusedByEngine(t *testing.T) {
	h := newHarness(t, stick, nvme)
	h.runner.refuse[stick.Path] = &devices.RefusalError{Path: stick.Path, Reason: verbatim("mounted at /media/stick"), Err: devices.ErrMounted}
	h.press("a", "w", "enter", "enter", "tab", "tab", "tab", "tab", "tab", "tab", "enter")
	h.typeText("ERASE 2")
	h.press("enter")
	r := h.m.jobs.mustLatest(h.t, stick.Path)
	if r == nil || r.state != jobDone || r.status != wipe.StatusRefused || r.reason != "mounted at /media/stick" {
		t.Fatalf("refused job row %+v", r)
	}
	if !h.m.jobs.active(nvme.Path) {
		t.Error("the other device's job did not carry on")
	}
	if !strings.Contains(h.screen(), "REFUSED") {
		t.Errorf("refusal not shown:\n%s", h.screen())
	}
}

// TestBayMode checks that bay mode wipes only newly inserted, eligible, removable
// disks and cards, and only after the typed opt-in.
func TestBayMode(t *testing.T) {
	ineligibleStick := stick
	ineligibleStick.Path, ineligibleStick.Serial = "/dev/sde", "MOUNTEDSTICK"
	ineligibleStick.Eligible, ineligibleStick.Ineligible = false, verbatimPtr("mounted at /media/usb")
	phone := devices.Device{Path: "mtp:/dev/bus/usb/001/004", Kind: devices.KindPhone, Transport: devices.TransportMTP, Removable: true, Eligible: true, SizeBytes: 64e9,
		Recommendations: []devices.Recommendation{{Method: "mtp-clear", Class: devices.ClassClear}}}
	emptyReader := card
	emptyReader.Path, emptyReader.SizeBytes = "/dev/sdf", 0

	tests := []struct {
		name   string
		device devices.Device
		wipes  bool
	}{
		{name: "removable stick", device: stick, wipes: true},
		{name: "removable card", device: card, wipes: true},
		{name: "non-removable disk", device: usbDisk},
		{name: "system disk", device: systemDisk},
		{name: "ineligible removable", device: ineligibleStick},
		{name: "phone", device: phone},
		{name: "reader without a card", device: emptyReader},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, nvme)
			h.plug(tt.device)
			if n := len(h.runner.jobs()); n != 0 {
				t.Fatalf("a device was wiped before bay mode was armed")
			}
			h.unplug(tt.device.Path)
			armBayMode(h)
			h.plug(tt.device)
			jobs := h.runner.jobs()
			if !tt.wipes {
				if len(jobs) != 0 {
					t.Fatalf("bay mode wiped %s: %+v", tt.device.Path, jobs[0])
				}
				return
			}
			if len(jobs) != 1 || jobs[0].Device.Path != tt.device.Path || jobs[0].Method != tt.device.Recommendations[0].Method {
				t.Fatalf("bay mode started %+v, want one job on %s", jobs, tt.device.Path)
			}
			if jobs[0].Details.Operator.Name != "Chen Mei-Ling" {
				t.Errorf("bay mode job details %+v", jobs[0].Details)
			}
		})
	}

	t.Run("present before opt-in", func(t *testing.T) {
		h := newHarness(t, stick, card)
		armBayMode(h)
		h.send(devicesMsg{devices: []devices.Device{stick, card}, at: testTime}) // a rescan
		if n := len(h.runner.jobs()); n != 0 {
			t.Fatalf("bay mode wiped %d device(s) that were there before it was armed", n)
		}
	})
	t.Run("card inserted into a known reader", func(t *testing.T) {
		h := newHarness(t, emptyReader)
		armBayMode(h)
		inserted := emptyReader
		inserted.SizeBytes = 63864569856
		h.send(deviceMsg{device: inserted, action: HotplugChange, path: inserted.Path, at: testTime})
		if n := len(h.runner.jobs()); n != 1 {
			t.Fatalf("bay mode started %d jobs for a card inserted into a reader, want 1", n)
		}
	})
	t.Run("off again", func(t *testing.T) {
		h := newHarness(t, nvme)
		armBayMode(h)
		h.press("b")
		h.plug(stick)
		if n := len(h.runner.jobs()); n != 0 || h.m.bayPlan != nil {
			t.Fatalf("bay mode still on after b: %d jobs", n)
		}
	})
	t.Run("wrong phrase", func(t *testing.T) {
		h := newHarness(t, nvme)
		h.press("b", "enter", "enter", "enter", "enter", "enter", "enter", "enter")
		h.typeText("ERASE 1")
		h.press("enter")
		h.plug(stick)
		if n := len(h.runner.jobs()); n != 0 || h.m.bayPlan != nil {
			t.Fatalf("bay mode armed by a wrong phrase: %d jobs", n)
		}
	})
	t.Run("overwrite method where it applies", func(t *testing.T) {
		h := newHarness(t, nvme)
		h.press("b", "down", "enter", "enter", "enter", "enter", "enter", "enter", "enter") // Zero fill
		h.typeText(bayModePhrase)
		h.press("enter")
		h.plug(stick)
		if jobs := h.runner.jobs(); len(jobs) != 1 || jobs[0].Method != "zero" {
			t.Fatalf("bay mode started %+v, want zero on the stick", jobs)
		}
	})
}

func TestHotplug(t *testing.T) {
	h := newHarness(t, stick, nvme)
	h.press("a")
	h.plug(card)
	if _, ok := h.m.bay.device(card.Path); !ok {
		t.Fatal("inserted card not in the bay")
	}
	if len(h.m.bay.selected) != 2 {
		t.Errorf("hot-plug changed the selection: %v", h.m.bay.selected)
	}
	h.unplug(stick.Path)
	if _, ok := h.m.bay.device(stick.Path); ok {
		t.Fatal("removed stick still in the bay")
	}
	if h.m.bay.selected[stick.Path] {
		t.Error("removed stick still selected")
	}
	// A lookup that finds nothing is a removal.
	h.send(deviceMsg{path: card.Path, action: HotplugChange, err: &lookupError{}, at: testTime})
	if _, ok := h.m.bay.device(card.Path); ok {
		t.Error("card whose lookup found nothing is still in the bay")
	}
}

// TestWatcherStartup: the watcher first reports what is already there; those
// are not insertions (nothing is logged as inserted, bay mode could not act).
func TestWatcherStartup(t *testing.T) {
	m := New(context.Background(), Deps{
		Discover: func(context.Context) ([]devices.Device, error) { return []devices.Device{stick}, nil },
		Runner:   newFakeRunner(),
	})
	m.Update(deviceMsg{device: stick, action: HotplugAdd, path: stick.Path, at: testTime})
	if _, ok := m.bay.device(stick.Path); !ok {
		t.Fatal("the watcher's report is not in the bay")
	}
	for _, e := range m.log.entries {
		if strings.Contains(e.text, "inserted") {
			t.Errorf("logged %q before discovery answered", e.text)
		}
	}
	m.Update(devicesMsg{devices: []devices.Device{stick}, at: testTime})
	m.Update(deviceMsg{device: card, action: HotplugAdd, path: card.Path, at: testTime})
	if last := m.log.entries[len(m.log.entries)-1].text; !strings.Contains(last, card.Path+" inserted") {
		t.Errorf("a card inserted after discovery logged %q", last)
	}
}

// TestDestroy: D records a destruction after a typed attestation, through the
// injected Destroy, and shows its certificate; nothing reaches the Runner.
func TestDestroy(t *testing.T) {
	h := newHarness(t, disc, stick)
	if !strings.Contains(h.screen(), "destroy it, then D records that") {
		t.Errorf("the write-once disc does not point to D:\n%s", h.screen())
	}
	h.press("down", "D", "right", "enter") // disintegrate
	h.typeText("2 mm")
	h.press("enter")
	h.typeText("Lin Chia-Hao")
	h.press("enter", "enter") // operator from the config
	h.typeText("AT-0099")
	h.press("enter")
	h.typeText("DESTROY")
	h.press("enter")
	if len(h.destroyed) != 0 {
		t.Fatal("recorded before the attestation was typed exactly")
	}
	h.typeText("ED")
	h.press("enter")
	if len(h.destroyed) != 1 {
		t.Fatalf("recorded %d destructions, want 1", len(h.destroyed))
	}
	r := h.destroyed[0]
	if r.Device.Serial != disc.Serial || r.How != "disintegrate" || r.ParticleSize != "2 mm" || r.Witness != "Lin Chia-Hao" ||
		r.Details.Operator.Name != "Chen Mei-Ling" || r.Details.AssetTag != "AT-0099" {
		t.Errorf("request %+v", r)
	}
	if n := len(h.runner.jobs()); n != 0 {
		t.Errorf("a destruction started %d engine jobs", n)
	}
	if row := h.m.jobs.mustLatest(h.t, disc.Path); row == nil || row.status != wipe.StatusDestroyed || row.certPath == "" {
		t.Errorf("result row %+v", row)
	}
	t.Run("not while a job runs", func(t *testing.T) {
		h := newHarness(t, stick)
		h.press("w", "enter", "enter", "tab", "tab", "tab", "tab", "tab", "enter")
		h.typeText("ERASE 1")
		h.press("enter", "d", "D")
		if h.m.screen == screenDestroy {
			t.Error("destruction form opened for a device with a job running")
		}
	})
}

// TestPhoneReset: a method that rests on steps done by hand shows them and
// needs the technician's attestation, which goes to the engine with the job.
func TestPhoneReset(t *testing.T) {
	h := newHarness(t, phone)
	h.press("w", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter")
	if h.m.wizard == nil || h.m.wizard.step != stepForm || !strings.Contains(h.screen(), "type your attestation") {
		t.Fatalf("went on without an attestation:\n%s", h.screen())
	}
	h.typeText("I performed the factory reset on this phone")
	h.press("enter")
	if !strings.Contains(h.screen(), "By hand on "+phone.Path) || !strings.Contains(h.screen(), "Erase all data") {
		t.Errorf("the steps are not shown before the start:\n%s", h.screen())
	}
	h.typeText("ERASE 1")
	h.press("enter")
	jobs := h.runner.jobs()
	if len(jobs) != 1 || jobs[0].Method != "phone-reset" || jobs[0].Options.Attestation != "I performed the factory reset on this phone" {
		t.Fatalf("started %+v", jobs)
	}
	var logged int
	for _, e := range h.m.log.entries {
		if strings.Contains(e.text, "by hand, step") {
			logged++
		}
	}
	if logged != 4 {
		t.Errorf("logged %d steps, want 4", logged)
	}
	t.Run("no attestation for an overwrite", func(t *testing.T) {
		h := newHarness(t, stick)
		h.press("w", "enter", "enter")
		for _, f := range h.m.wizard.fields {
			if f.key == fieldAttestation {
				t.Fatal("an overwrite asks for an attestation")
			}
		}
	})
}

// TestPSIDRevert: a locked self-encrypting drive's recommended PSID revert asks
// for the PSID in the form, refuses a malformed one, and hands it to the engine.
func TestPSIDRevert(t *testing.T) {
	sed := devices.Device{Path: "/dev/sdc", Name: "sdc", Kind: devices.KindDisk, Transport: devices.TransportSATA,
		Vendor: "ATA", Model: "SIM SED", Serial: "SED-0001", SizeBytes: 256 << 30, Eligible: true,
		Capabilities: devices.Capabilities{ATA: &devices.ATACapabilities{NonRotating: true, TrustedComputing: true},
			SED: &devices.SEDCapabilities{SSC: "Opal 2", BaseComID: 0x07FE, LockingSupported: true, LockingEnabled: true,
				Locked: true, MediaEncryption: true, PSIDRevert: true}}}
	sed.Recommendations = devices.Recommend(sed)
	if sed.Recommendations[0].Method != "tcg-psid-revert" {
		t.Fatalf("recommendations %+v", sed.Recommendations)
	}
	h := newHarness(t, sed)
	h.press("i")
	if !strings.Contains(h.screen(), "TCG Opal 2 · locking enabled yes · locked YES") {
		t.Errorf("the details do not show the SED:\n%s", h.screen())
	}
	h.press("esc", "w", "enter", "enter")
	var last int
	for i, f := range h.m.wizard.fields {
		if f.key == fieldPSID {
			last = i
		}
	}
	if last == 0 {
		t.Fatalf("no PSID field: %+v", h.m.wizard.fields)
	}
	for h.m.wizard.field < len(h.m.wizard.fields)-1 {
		h.press("tab")
	}
	h.typeText("0123-4567")
	h.press("enter")
	if h.m.wizard.step != stepForm || !strings.Contains(h.screen(), "32 letters and digits") {
		t.Fatalf("a malformed PSID went on:\n%s", h.screen())
	}
	h.press("ctrl+u")
	h.typeText("0123456789ABCDEFGHIJKLMNOPQRSTUV")
	h.press("enter")
	h.typeText("ERASE 1")
	h.press("enter")
	jobs := h.runner.jobs()
	if len(jobs) != 1 || jobs[0].Options.PSID.Last4() != "STUV" {
		t.Fatalf("started %+v", jobs)
	}
	t.Run("no PSID field for an overwrite", func(t *testing.T) {
		h := newHarness(t, stick)
		h.press("w", "enter", "enter")
		for _, f := range h.m.wizard.fields {
			if f.key == fieldPSID {
				t.Fatal("an overwrite asks for a PSID")
			}
		}
	})
}

// TestJobsScroll: with more jobs than fit, the row under the cursor is shown.
func TestJobsScroll(t *testing.T) {
	h := newHarness(t, sticks(12)...)
	h.press("a", "w", "enter", "enter", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "enter")
	h.typeText("ERASE 12")
	h.press("enter")
	if n := len(h.runner.jobs()); n != 12 {
		t.Fatalf("started %d jobs", n)
	}
	for range 11 {
		h.press("down")
	}
	if !strings.Contains(h.screen(), "> /dev/sdm") || !strings.Contains(h.screen(), "SERIAL-11") {
		t.Errorf("the last job is not on screen:\n%s", h.screen())
	}
}

// TestRefreshAfterJob: after its job the device is looked up again, so the bay
// does not keep showing it as in use by that job.
func TestRefreshAfterJob(t *testing.T) {
	h := newHarness(t, stick)
	inUse := stick
	inUse.Eligible, inUse.Ineligible = false, verbatimPtr("in use")
	h.send(deviceMsg{device: inUse, action: HotplugChange, path: stick.Path, at: testTime})
	h.m.deps.Lookup = func(context.Context, string) (devices.Device, error) { return stick, nil }
	h.event(resultEvent(stick, "job-1", wipe.StatusErased, ""))
	if d, _ := h.m.bay.device(stick.Path); !d.Eligible {
		t.Errorf("the bay still shows %s as %q after its job", stick.Path, ineligibleReason(d))
	}
}

type lookupError struct{}

func (*lookupError) Error() string { return "lookup: no such device" }
func (*lookupError) Unwrap() error { return errNotExist }

var errNotExist = fs.ErrNotExist

// TestPulledDuringJob: a device pulled during its job ends as the engine reports
// it (failed); the other job carries on.
func TestPulledDuringJob(t *testing.T) {
	h := newHarness(t, stick, nvme)
	startBoth(h)
	h.event(progressEvent(stick.Path, "job-2", 1, 2, 8e9, 32017047552))
	h.unplug(stick.Path)
	if !h.m.jobs.active(stick.Path) {
		t.Fatal("the TUI ended the job itself; only the engine says how a job ended")
	}
	h.event(resultEvent(stick, "job-2", wipe.StatusFailed, "device removed"))
	h.event(progressEvent(nvme.Path, "job-1", 1, 1, 5e8, 1e12))
	if r := h.m.jobs.mustLatest(h.t, stick.Path); r.status != wipe.StatusFailed || r.reason != "device removed" {
		t.Errorf("pulled job: %+v", r)
	}
	if r := h.m.jobs.mustLatest(h.t, nvme.Path); r.state != jobRunning || r.progress.BytesDone != 5e8 {
		t.Errorf("other job: %+v", r)
	}
}

// TestQuit: quitting with jobs running asks first, cancels them on yes, and ends
// only when each has reported its (aborted) result.
func TestQuit(t *testing.T) {
	t.Run("idle quits at once", func(t *testing.T) {
		h := newHarness(t, stick)
		h.press("q")
		if !h.quit {
			t.Fatal("q did not quit")
		}
	})
	t.Run("no keeps the jobs", func(t *testing.T) {
		h := newHarness(t, stick, nvme)
		startBoth(h)
		h.press("q", "n")
		if h.quit || len(h.runner.cancelled) != 0 || h.m.quitting {
			t.Fatalf("quit %v, cancelled %v", h.quit, h.runner.cancelled)
		}
	})
	t.Run("yes cancels and waits", func(t *testing.T) {
		h := newHarness(t, stick, nvme)
		startBoth(h)
		h.press("ctrl+c")
		if h.m.dialog != dialogQuit {
			t.Fatal("ctrl+c with jobs running did not ask")
		}
		h.press("y")
		slices.Sort(h.runner.cancelled)
		if !slices.Equal(h.runner.cancelled, []string{"job-1", "job-2"}) {
			t.Fatalf("cancelled %v, want both jobs", h.runner.cancelled)
		}
		if h.quit {
			t.Fatal("quit before the jobs reported")
		}
		h.event(resultEvent(stick, "job-2", wipe.StatusAborted, "cancelled"))
		if h.quit {
			t.Fatal("quit with a job still running")
		}
		h.event(resultEvent(nvme, "job-1", wipe.StatusAborted, "cancelled"))
		if !h.quit {
			t.Fatal("did not quit after every job reported")
		}
	})
	t.Run("q types into a text field", func(t *testing.T) {
		h := newHarness(t, stick)
		h.press("w", "enter", "enter", "ctrl+u")
		h.typeText("qa")
		if h.quit || h.m.wizard.fields[0].value != "qa" {
			t.Fatalf("quit %v, field %q", h.quit, h.m.wizard.fields[0].value)
		}
	})
}

// TestMediumSwappedDuringWizard: a different medium at the same path is not
// wiped on the strength of the old selection.
func TestMediumSwappedDuringWizard(t *testing.T) {
	h := newHarness(t, stick)
	h.press("space", "w", "enter", "enter", "tab", "tab", "tab", "tab", "tab", "enter")
	other := stick
	other.Serial = "ANOTHERSTICK"
	h.unplug(stick.Path)
	h.plug(other)
	h.typeText("ERASE 1")
	h.press("enter")
	if n := len(h.runner.jobs()); n != 0 {
		t.Fatalf("started %d jobs on a swapped medium", n)
	}
	if !strings.Contains(h.screen(), "another medium") {
		t.Errorf("no reason shown:\n%s", h.screen())
	}
}

func TestCancelJob(t *testing.T) {
	h := newHarness(t, stick, nvme)
	startBoth(h)
	h.press("down", "x", "y")
	if !slices.Equal(h.runner.cancelled, []string{"job-2"}) {
		t.Fatalf("cancelled %v, want the stick's job", h.runner.cancelled)
	}
	if !h.m.jobs.mustLatest(h.t, stick.Path).cancelling || h.m.jobs.mustLatest(h.t, nvme.Path).cancelling {
		t.Error("wrong job marked cancelling")
	}
}

func TestMethodChoices(t *testing.T) {
	ids := func(cs []methodChoice) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	tests := []struct {
		name string
		devs []devices.Device
		want []string
	}{
		{name: "nvme: firmware first, then overwrites", devs: []devices.Device{nvme}, want: []string{"nvme-sanitize-crypto", "nist-clear", "zero", "nist-usb"}},
		{name: "stick: no firmware method it lacks", devs: []devices.Device{stick}, want: []string{"nist-usb", "zero", "nist-clear"}},
		{name: "several: per device, then the common ones", devs: []devices.Device{nvme, stick}, want: []string{recommendedID, "nist-clear", "zero", "nist-usb"}},
		{name: "phone: only its own", devs: []devices.Device{{Path: "mtp:x", Kind: devices.KindPhone, Recommendations: []devices.Recommendation{{Method: "mtp-clear", Class: devices.ClassClear}}}}, want: []string{"mtp-clear"}},
		{name: "write-once disc: nothing to run", devs: []devices.Device{{Path: "/dev/sr0", Kind: devices.KindOptical, Recommendations: []devices.Recommendation{{Method: "destroy", Class: devices.ClassDestroy}}}}, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(methodChoices(tt.devs, catalogue)); !slices.Equal(got, tt.want) {
				t.Errorf("choices %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("class merged across devices", func(t *testing.T) {
		cs := methodChoices([]devices.Device{nvme, stick}, catalogue)
		if cs[0].Class != "Clear/Purge" {
			t.Errorf("recommended class %q, want Clear/Purge", cs[0].Class)
		}
	})
}

// TestVerificationOff: "off" is offered only for plain overwrites; never for a
// method that includes verification or a firmware erase.
func TestVerificationOff(t *testing.T) {
	tests := []struct {
		name    string
		desk    []devices.Device
		keys    []string // from the bay to the method
		wantOff bool
	}{
		{name: "zero fill", desk: []devices.Device{stick}, keys: []string{"w", "down"}, wantOff: true},
		{name: "nist-usb includes verification", desk: []devices.Device{stick}, keys: []string{"w"}},
		{name: "firmware erase", desk: []devices.Device{nvme}, keys: []string{"w"}},
		{name: "recommended per device", desk: []devices.Device{stick, nvme}, keys: []string{"a", "w"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.desk...)
			h.press(tt.keys...)
			h.press("enter")
			sawOff := false
			for range 4 {
				h.press("right")
				sawOff = sawOff || h.m.wizard.verify == verifyOff
			}
			if sawOff != tt.wantOff {
				t.Errorf("off offered: %v, want %v", sawOff, tt.wantOff)
			}
		})
	}
}

func TestVerifyMode(t *testing.T) {
	for level, want := range map[verifyLevel]wipe.VerifyMode{verifyStandard: wipe.VerifyLast, verifyThorough: wipe.VerifyAll, verifyOff: wipe.VerifyOff} {
		if got := verifyMode(level); got != want {
			t.Errorf("%s: got %s, want %s", level, got, want)
		}
	}
}

// TestCommands runs the commands that do I/O against their dependencies.
func TestCommands(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hotplug := make(chan HotplugEvent, 2)
	events := make(chan wipe.Event, 1)
	runner := &fakeRunner{events: events, refuse: map[string]error{}}
	var looked []string
	m := New(ctx, Deps{
		Hotplug: hotplug,
		Lookup: func(_ context.Context, path string) (devices.Device, error) {
			looked = append(looked, path)
			return card, nil
		},
		Runner: runner,
		Now:    func() time.Time { return testTime },
	})
	hotplug <- HotplugEvent{Action: HotplugAdd, Path: card.Path}
	if msg, ok := m.waitForHotplug()().(deviceMsg); !ok || msg.device.Path != card.Path || !slices.Equal(looked, []string{card.Path}) || !msg.at.Equal(testTime) {
		t.Errorf("add: %+v after looking up %v", msg, looked)
	}
	hotplug <- HotplugEvent{Action: HotplugRemove, Path: stick.Path}
	if msg, ok := m.waitForHotplug()().(deviceGoneMsg); !ok || msg.path != stick.Path {
		t.Errorf("remove: %+v", msg)
	}
	hotplug <- HotplugEvent{Action: HotplugAdd, Path: nvme.Path, Device: &nvme}
	if msg, ok := m.waitForHotplug()().(deviceMsg); !ok || msg.device.Serial != nvme.Serial || len(looked) != 1 {
		t.Errorf("add with the device described: %+v, looked up %v", msg, looked)
	}
	hotplug <- HotplugEvent{Err: errors.New("netlink: closed")}
	if msg, ok := m.waitForHotplug()().(hotplugFailedMsg); !ok || msg.err == nil {
		t.Errorf("watch error: %+v", msg)
	}
	events <- wipe.Event{Type: wipe.EventStart, Device: stick.Path}
	if msg, ok := m.waitForEvent()().(engineEventMsg); !ok || msg.event.Device != stick.Path {
		t.Errorf("engine event: %+v", msg)
	}
	cancel()
	if msg := m.waitForEvent()(); msg != nil {
		t.Errorf("waiting after the context ended returned %+v", msg)
	}
	if msg := m.waitForHotplug()(); msg != nil {
		t.Errorf("waiting after the context ended returned %+v", msg)
	}
	if msg := m.startJobCmd(wipe.Job{Device: stick})().(jobStartedMsg); msg.jobID != "job-1" || msg.err != nil {
		t.Errorf("start: %+v", msg)
	}
	runner.refuse[nvme.Path] = errors.New("busy")
	if msg := m.startJobCmd(wipe.Job{Device: nvme})().(jobStartedMsg); msg.err == nil || !strings.Contains(msg.err.Error(), nvme.Path) {
		t.Errorf("refused start: %+v", msg)
	}
}

// TestViewIsAltScreen: the root returns the whole window on the alternate screen.
func TestViewIsAltScreen(t *testing.T) {
	h := newHarness(t, stick)
	var v tea.View = h.m.View()
	if !v.AltScreen {
		t.Error("view is not on the alternate screen")
	}
}

// TestColoursForAnyConsole: the styles use only the 16 ANSI colours, which a plain
// Linux console shows as they are.
func TestColoursForAnyConsole(t *testing.T) {
	h := newHarness(t, systemDisk, stick, mounted, nvme)
	startBoth(h)
	h.event(progressEvent(stick.Path, "job-2", 1, 2, 8e9, 32017047552))
	h.event(resultEvent(nvme, "job-1", wipe.StatusFailed, "verification failed"))
	for _, screen := range []string{"p", "d", "l", "?"} {
		h.press(screen)
		content := h.m.View().Content
		if strings.Contains(content, "38;2;") || strings.Contains(content, "38;5;") || strings.Contains(content, "48;2;") || strings.Contains(content, "48;5;") {
			t.Errorf("screen %s uses colours beyond the 16 ANSI ones: %q", screen, content)
		}
		if !strings.Contains(content, "\x1b[") {
			t.Errorf("screen %s has no styling at all", screen)
		}
	}
}

func TestSmallAndResizedWindow(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {40, 12}, {132, 43}, {20, 5}} {
		h := newHarness(t, systemDisk, stick, mounted, nvme)
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		startBoth(h)
		for _, screen := range []string{"p", "d", "l", "?", "enter"} {
			h.press(screen)
			lines := strings.Split(h.screen(), "\n")
			if len(lines) != size[1] {
				t.Errorf("%dx%d screen %s: %d lines", size[0], size[1], screen, len(lines))
			}
		}
	}
}

// TestPhaseMessage: what the engine asks of the technician while a job runs
// (a phone's reset steps, a restored hidden area) reaches the status line and,
// line by line, the log.
func TestPhaseMessage(t *testing.T) {
	h := newHarness(t, stick)
	h.event(wipe.Event{Type: wipe.EventPhase, JobID: "job-1", Device: stick.Path, Progress: &wipe.Progress{
		Phase: wipe.PhaseCommand, Pass: 1, Passes: 1,
		Message: "Restoring the native capacity\nthe HPA returns at the next power cycle"}})
	if !strings.Contains(h.m.status, "Restoring the native capacity") {
		t.Errorf("status %q", h.m.status)
	}
	var got []string
	for _, e := range h.m.log.entries {
		got = append(got, e.text)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"Restoring the native capacity", stick.Path + ": the HPA returns at the next power cycle"} {
		if !strings.Contains(all, want) {
			t.Errorf("log lacks %q:\n%s", want, all)
		}
	}
}
