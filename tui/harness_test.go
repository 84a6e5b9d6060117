package tui

import (
	"context"
	"flag"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// testTime is the clock every test runs at.
var testTime = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

// fakeRunner is the engine's boundary as the TUI sees it: it records what it was
// asked to start and cancel. Its event channel is closed, so the TUI's waiting
// command returns at once; tests deliver engine events as messages.
type fakeRunner struct {
	mu        sync.Mutex
	started   []wipe.Job
	cancelled []string
	refuse    map[string]error
	events    chan wipe.Event
	// guard is called on every call; the harness uses it to catch I/O done
	// inside Update.
	guard func(call string)
}

func newFakeRunner() *fakeRunner {
	ch := make(chan wipe.Event)
	close(ch)
	return &fakeRunner{events: ch, refuse: map[string]error{}}
}

func (f *fakeRunner) Start(ctx context.Context, job wipe.Job) (string, error) {
	if f.guard != nil {
		f.guard("Runner.Start")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.refuse[job.Device.Path]; err != nil {
		return "", err
	}
	f.started = append(f.started, job)
	return fmt.Sprintf("job-%d", len(f.started)), nil
}

func (f *fakeRunner) Cancel(jobID string) {
	if f.guard != nil {
		f.guard("Runner.Cancel")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cancelled = append(f.cancelled, jobID)
}

func (f *fakeRunner) Events() <-chan wipe.Event { return f.events }

func (f *fakeRunner) jobs() []wipe.Job {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]wipe.Job(nil), f.started...)
}

var _ Runner = (*wipe.Runner)(nil)

// harness drives a Model the way the tea.Program does: it runs every command the
// model returns and feeds the messages back, until nothing is left to run.
type harness struct {
	t      *testing.T
	m      *Model
	runner *fakeRunner
	saved  []wipe.JobDetails
	quit   bool
	// destroyed are the destructions recorded through Deps.Destroy.
	destroyed []DestroyRequest
	// updating is set while Update runs: a dependency called then is I/O in
	// Update, which the design forbids.
	updating bool
}

// guard fails the test when a dependency is called from inside Update.
func (h *harness) guard(call string) {
	if h.updating {
		h.t.Errorf("%s called inside Update: I/O belongs in commands", call)
	}
}

// update calls Update with the guard armed.
func (h *harness) update(msg tea.Msg) tea.Cmd {
	h.updating = true
	defer func() { h.updating = false }()
	_, cmd := h.m.Update(msg)
	return cmd
}

// catalogue is a small method catalogue like the engine's.
var catalogue = []wipe.Method{
	{ID: "zero", Name: "Zero fill", Engine: wipe.EngineOverwrite, Class: devices.ClassClear, Description: "one pass of zeros"},
	{ID: "nist-clear", Name: "NIST 800-88 Clear", Engine: wipe.EngineOverwrite, Class: devices.ClassClear, Description: "one random pass, verified", RequiresVerify: true},
	{ID: "nist-usb", Name: "NIST Clear for flash", Engine: wipe.EngineOverwrite, Class: devices.ClassClear, Description: "pattern, then its complement", RequiresVerify: true},
	{ID: "verify-zero", Name: "Check zeros", Engine: wipe.EngineVerify, Class: devices.ClassOther, Description: "read-only"},
	{ID: "nvme-sanitize-crypto", Name: "NVMe Sanitize crypto erase", Engine: wipe.EngineFirmware, Class: devices.ClassPurge},
	{ID: "ata-sanitize-block", Name: "ATA Sanitize block erase", Engine: wipe.EngineFirmware, Class: devices.ClassPurge},
	{ID: "tcg-psid-revert", Name: "TCG PSID revert (crypto erase)", Engine: wipe.EngineFirmware, Class: devices.ClassPurge},
	{ID: "phone-reset", Name: "Guided phone factory reset", Engine: wipe.EnginePhone, Class: devices.ClassClear, Description: "a factory reset done on the phone, attested"},
}

// Devices on the test desk.
var (
	systemDisk = devices.Device{Path: "/dev/sda", Name: "sda", Kind: devices.KindDisk, Transport: devices.TransportSATA,
		Vendor: "ATA", Model: "Samsung SSD 860 EVO", Serial: "S3Z9NB0K123456A", SizeBytes: 500107862016,
		BusPath: "pci-0000:00:1f.2-ata-1.0", Ineligible: verbatimPtr("system disk"),
		Recommendations: []devices.Recommendation{{Method: "ata-sanitize-block", Class: devices.ClassPurge, Reason: verbatim("SANITIZE BLOCK ERASE supported")}}}
	stick = devices.Device{Path: "/dev/sdb", Name: "sdb", Kind: devices.KindDisk, Transport: devices.TransportUSB,
		Vendor: "SanDisk", Model: "Ultra Fit", Serial: "4C530001230816", SizeBytes: 32017047552, Removable: true,
		BusPath: "pci-0000:00:14.0-usb-0:3:1.0", Eligible: true,
		Recommendations: []devices.Recommendation{{Method: "nist-usb", Class: devices.ClassClear, Reason: verbatim("USB flash: overwrite is Clear; Purge needs destruction")}}}
	mounted = devices.Device{Path: "/dev/sdc", Name: "sdc", Kind: devices.KindDisk, Transport: devices.TransportSATA,
		Vendor: "WDC", Model: "WD10EZEX", Serial: "WD-WCC6Y0123456", SizeBytes: 1000204886016, Rotational: true,
		BusPath: "pci-0000:00:1f.2-ata-2.0", Ineligible: verbatimPtr("mounted at /data"),
		Recommendations: []devices.Recommendation{{Method: "nist-clear", Class: devices.ClassClear, Reason: verbatim("HDD: one overwrite pass is Clear")}}}
	nvme = devices.Device{Path: "/dev/nvme0n1", Name: "nvme0n1", Kind: devices.KindDisk, Transport: devices.TransportNVMe,
		Model: "Samsung SSD 970 EVO Plus 1TB", Serial: "S4EWNX0R654321", SizeBytes: 1000204886016,
		BusPath: "pci-0000:01:00.0-nvme-1", Eligible: true,
		Capabilities: devices.Capabilities{NVMe: &devices.NVMeCapabilities{FormatSupported: true, SanitizeCrypto: true}},
		Recommendations: []devices.Recommendation{
			{Method: "nvme-sanitize-crypto", Class: devices.ClassPurge, Reason: verbatim("Sanitize crypto erase supported (SANICAP)")},
			{Method: "nist-clear", Class: devices.ClassClear, Reason: verbatim("overwrite reaches user-addressable blocks only")},
		}}
	// usbDisk is eligible but not removable (a USB enclosure that says removable=0).
	usbDisk = devices.Device{Path: "/dev/sdd", Name: "sdd", Kind: devices.KindDisk, Transport: devices.TransportUAS,
		Vendor: "Seagate", Model: "Expansion HDD", Serial: "NAAB1234", SizeBytes: 2000398934016, Rotational: true,
		BusPath: "pci-0000:00:14.0-usb-0:4:1.0", Eligible: true,
		Recommendations: []devices.Recommendation{{Method: "nist-clear", Class: devices.ClassClear, Reason: verbatim("HDD: one overwrite pass is Clear")}}}
	// phone is an Android phone over MTP.
	phone = devices.Device{Path: "mtp:/dev/bus/usb/001/004", Name: "1-4", Kind: devices.KindPhone, Transport: devices.TransportMTP,
		Vendor: "Google", Model: "Pixel 7", Serial: "28121FDH2000AB", USBVendorID: "18d1", Removable: true, Eligible: true,
		Recommendations: []devices.Recommendation{{Method: "phone-reset", Class: devices.ClassClear, Reason: verbatim("encryption unknown: a factory reset is Clear")}}}
	// disc is a CD-R in an optical drive: write-once, so destruction only.
	disc = devices.Device{Path: "/dev/sr0", Name: "sr0", Kind: devices.KindOptical, Transport: devices.TransportSATA,
		Vendor: "HL-DT-ST", Model: "DVDRAM GH24NSD1", Serial: "K9ZF4HG1234", SizeBytes: 734003200, Removable: true, Eligible: true,
		Capabilities:    devices.Capabilities{Optical: &devices.OpticalCapabilities{Profile: 0x09, ProfileName: "CD-R", Media: devices.MediaWriteOnce}},
		Recommendations: []devices.Recommendation{{Method: "destroy", Class: devices.ClassDestroy, Reason: verbatim("write-once disc: cannot be overwritten")}}}
	card = devices.Device{Path: "/dev/mmcblk0", Name: "mmcblk0", Kind: devices.KindCard, Transport: devices.TransportMMC,
		Vendor: "SD", Model: "SC64G", Serial: "0x1234abcd", SizeBytes: 63864569856, Removable: true,
		BusPath: "pci-0000:00:14.0-usb-0:2:1.0", Eligible: true,
		Recommendations: []devices.Recommendation{{Method: "nist-usb", Class: devices.ClassClear, Reason: verbatim("flash card: overwrite is Clear")}}}
)

// newHarness builds the model over fakes with desk as the discovered devices,
// runs Init and sizes the window to 80x24.
func newHarness(t *testing.T, desk ...devices.Device) *harness {
	t.Helper()
	return newHarnessWith(t, nil, desk...)
}

// newHarnessWith is newHarness with change applied to the dependencies first.
func newHarnessWith(t *testing.T, change func(*Deps), desk ...devices.Device) *harness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	h := &harness{t: t, runner: newFakeRunner()}
	h.runner.guard = h.guard
	hotplug := make(chan HotplugEvent)
	close(hotplug)
	deps := Deps{
		Discover: func(context.Context) ([]devices.Device, error) {
			h.guard("Discover")
			return desk, nil
		},
		Lookup: func(_ context.Context, path string) (devices.Device, error) {
			h.guard("Lookup")
			return devices.Device{}, fmt.Errorf("lookup %s: not on the test desk", path)
		},
		Hotplug: hotplug,
		Runner:  h.runner,
		Methods: catalogue,
		Details: wipe.JobDetails{Operator: wipe.Person{Name: "Chen Mei-Ling", Organization: "Acme Disposal"}, Destination: "Recycling Facility"},
		SaveDetails: func(d wipe.JobDetails) error {
			h.guard("SaveDetails")
			h.saved = append(h.saved, d)
			return nil
		},
		Now: func() time.Time {
			h.guard("the clock")
			return testTime
		},
		Destroy: func(_ context.Context, r DestroyRequest) (*wipe.Record, string, error) {
			h.guard("Destroy")
			h.destroyed = append(h.destroyed, r)
			rec := &wipe.Record{CertificateID: fmt.Sprintf("WS-20261126-D%09d", len(h.destroyed)), Status: wipe.StatusDestroyed, Device: r.Device, Details: r.Details}
			return rec, "/var/lib/wipestation/certs/2026-11-26_" + r.Device.Serial + "_" + rec.CertificateID + ".pdf", nil
		},
		DestroyHows: []string{"shred", "disintegrate", "incinerate", "degauss", "pulverize"},
		Instructions: func(method string, d devices.Device) []string {
			if method != "phone-reset" {
				return nil
			}
			return []string{
				"Remove the SIM card and any SD card (a memory card is separate media: wipe or destroy it on its own).",
				"Settings > Accounts: remove every Google account, or Factory Reset Protection will lock the next user out.",
				"Settings > System > Reset options > Erase all data (factory reset); confirm with the PIN. The phone restarts.",
				"Keep the USB cable connected: the workstation watches the phone restart and come back.",
			}
		},
	}
	if change != nil {
		change(&deps)
	}
	h.m = New(ctx, deps)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.updating = true
	initCmd := h.m.Init()
	h.updating = false
	h.run(initCmd)
	return h
}

// run executes cmd and every command that follows from it.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			h.t.Fatal("commands keep coming: a loop in the model")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
			h.quit = true
		default:
			queue = append(queue, h.update(msg))
		}
	}
}

// send delivers messages as the program would, running what they return.
func (h *harness) send(msgs ...tea.Msg) {
	h.t.Helper()
	for _, msg := range msgs {
		h.run(h.update(msg))
	}
}

// press sends key presses by name: "space", "enter", "esc", "up", "down", "tab",
// "shift+tab", "ctrl+c", "backspace", "left", "right", or one character.
func (h *harness) press(names ...string) {
	h.t.Helper()
	for _, name := range names {
		h.send(keyPress(name))
	}
}

func keyPress(name string) tea.KeyPressMsg {
	switch name {
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	}
	r := []rune(name)
	if len(r) != 1 {
		panic("unknown key " + name)
	}
	return tea.KeyPressMsg{Code: r[0], Text: name}
}

// typeText types s one key at a time, as a person or a barcode scanner does.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		if r == ' ' {
			h.send(keyPress("space"))
			continue
		}
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// plug delivers a hot-plug insertion of d, as Lookup would describe it.
func (h *harness) plug(d devices.Device) {
	h.t.Helper()
	h.send(deviceMsg{device: d, action: HotplugAdd, path: d.Path, at: testTime})
}

// unplug delivers a hot-plug removal.
func (h *harness) unplug(path string) {
	h.t.Helper()
	h.send(deviceGoneMsg{path: path, at: testTime})
}

// event delivers an engine event.
func (h *harness) event(ev wipe.Event) {
	h.t.Helper()
	if ev.Time.IsZero() {
		ev.Time = testTime
	}
	h.send(engineEventMsg{event: ev})
}

// screen is the rendered window without colour.
func (h *harness) screen() string {
	return ansi.Strip(h.m.View().Content)
}

// golden compares the screen with testdata/<test name>.golden and checks that
// it fills the window exactly.
func (h *harness) golden() {
	h.t.Helper()
	got := h.screen()
	lines := strings.Split(got, "\n")
	if len(lines) != h.m.height {
		h.t.Errorf("screen has %d lines, want %d", len(lines), h.m.height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > h.m.width {
			h.t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, w, h.m.width, l)
		}
	}
	// The help line is never cut: each screen's keys fit the window.
	full := h.m.help
	full.SetWidth(0)
	if w := ansi.StringWidth(full.ShortHelpView(h.m.shortHelp())); w > h.m.width {
		h.t.Errorf("the help line needs %d cells, more than %d", w, h.m.width)
	}
	path := filepath.Join("testdata", filepath.FromSlash(h.t.Name())+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			h.t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			h.t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		h.t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if got != string(want) {
		h.t.Errorf("screen differs from %s (run with -update if the change is intended):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// testRate is the throughput test jobs report.
const testRate = 98.5e6

// progressEvent is a write-phase progress report, sent as long after the job
// started as writing done bytes of each pass so far takes at testRate. It
// carries no overall figures, as an engine that does not count them.
func progressEvent(path, jobID string, pass, passes int, done, total int64) wipe.Event {
	sofar := float64(int64(pass-1)*total+done) / testRate
	return wipe.Event{Type: wipe.EventProgress, JobID: jobID, Device: path, Time: testTime.Add(time.Duration(sofar) * time.Second),
		Progress: &wipe.Progress{
			Phase: wipe.PhaseWrite, Pass: pass, Passes: passes, BytesDone: done, BytesTotal: total,
			RateBytesPerSecond: testRate, ETA: time.Duration(float64(int64(passes-pass+1)*total-done)/testRate) * time.Second,
		}}
}

// overallEvent is progress from the built-in engine, which counts the whole
// job: passes writes and as many read-backs of total bytes each, of which
// doneSteps whole steps and done bytes of the current one are done.
func overallEvent(path, jobID string, phase wipe.Phase, pass, passes, doneSteps int, done, total int64) wipe.Event {
	ev := progressEvent(path, jobID, pass, passes, done, total)
	p := ev.Progress
	p.Phase = phase
	p.OverallTotal = int64(2*passes) * total
	p.OverallDone = int64(doneSteps)*total + done
	p.ETA = time.Duration(float64(p.OverallTotal-p.OverallDone)/testRate) * time.Second
	ev.Time = testTime.Add(time.Duration(float64(p.OverallDone)/testRate) * time.Second)
	return ev
}

// testCertificateID is the certificate ID of a test job on d.
func testCertificateID(d devices.Device) string {
	return fmt.Sprintf("WS-20261126-%010X", crc32.ChecksumIEEE([]byte(d.Path+d.Serial)))
}

// resultEvent is a finished job: its record, and its certificate named as the
// certifier names them (date, serial, certificate ID).
func resultEvent(d devices.Device, jobID string, status wipe.Status, reason string) wipe.Event {
	id := testCertificateID(d)
	who := d.Serial
	if who == "" {
		who = "no-serial"
	}
	rec := &wipe.Record{CertificateID: id, Status: status, Reason: reasonOf(reason), Device: d,
		Verification: wipe.Verification{Verified: status == wipe.StatusErased},
		Started:      testTime, Finished: testTime.Add(12*time.Minute + 4*time.Second), DurationSeconds: 12*60 + 4,
		Details: wipe.JobDetails{Operator: wipe.Person{Name: "Chen Mei-Ling", Organization: "Acme Disposal"}, Destination: "Recycling Facility"},
	}
	return wipe.Event{Type: wipe.EventResult, JobID: jobID, Device: d.Path, Time: rec.Finished, Result: rec,
		RecordPath:      "/var/lib/wipestation/records/20261126T100000Z_" + who + "_" + id + ".json",
		CertificatePath: "/var/lib/wipestation/certs/2026-11-26_" + who + "_" + id + ".pdf",
	}
}

// mustLatest is the newest job row of path; the test fails without one.
func (j *jobsView) mustLatest(t *testing.T, path string) *jobRow {
	t.Helper()
	r, ok := j.latest(path)
	if !ok {
		t.Fatalf("no job row for %s", path)
	}
	return r
}
