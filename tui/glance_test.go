package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// The bay at a glance (issue 16): what a technician reads across the room at
// 80x24, and nothing changed by accident.

// Devices with Chinese text, one character outside the Basic Multilingual
// Plane (𡘙, U+21619), and with no serial.
var (
	zhStick = devices.Device{Path: "/dev/sde", Name: "sde", Kind: devices.KindDisk, Transport: devices.TransportUSB,
		Vendor: "金士頓", Model: "隨身碟 𡘙 64G", Serial: "金01𡘙", SizeBytes: 64023257088, Removable: true,
		BusPath: "pci-0000:00:14.0-usb-0:5:1.0", Eligible: true,
		Recommendations: []devices.Recommendation{{Method: "nist-usb", Class: devices.ClassClear, Reason: verbatim("USB 隨身碟：覆寫只達 Clear，Purge 需要實體銷毀，因為快閃記憶體的備用區塊無法從主機端覆寫到")}}}
	noSerial1 = devices.Device{Path: "/dev/sdf", Name: "sdf", Kind: devices.KindDisk, Transport: devices.TransportUSB,
		Vendor: "Generic", Model: "Flash Disk", SizeBytes: 8004304896, Removable: true, Eligible: true,
		Recommendations: []devices.Recommendation{{Method: "nist-usb", Class: devices.ClassClear, Reason: verbatim("USB flash")}}}
	noSerial2 = devices.Device{Path: "/dev/sdg", Name: "sdg", Kind: devices.KindDisk, Transport: devices.TransportUSB,
		Vendor: "Generic", Model: "Flash Disk", SizeBytes: 8004304896, Removable: true, Eligible: true,
		Recommendations: []devices.Recommendation{{Method: "nist-usb", Class: devices.ClassClear, Reason: verbatim("USB flash")}}}
	// systemVda is the workstation's own disk, with a reason longer than a line.
	systemVda = devices.Device{Path: "/dev/vda", Name: "vda", Kind: devices.KindDisk, Transport: devices.TransportVirtio,
		Vendor: "Virtio", Model: "Block Device", SizeBytes: 21474836480, BusPath: "pci-0000:00:05.0",
		Ineligible: verbatimPtr("vda holds /: the system disk, which the workstation runs from; it is never offered for erasure")}
	// loop is a loop device whose drive probes failed, as they do.
	loop = devices.Device{Path: "/dev/loop0", Name: "loop0", Kind: devices.KindDisk, Transport: devices.TransportLoop,
		SizeBytes: 16 << 20, Virtual: true, Eligible: true,
		Capabilities: devices.Capabilities{ProbeErrors: []string{"ata identify: SG_IO: inappropriate ioctl for device"}}}
)

// sticks are n USB sticks on one desk.
func sticks(n int) []devices.Device {
	var desk []devices.Device
	for i := range n {
		d := stick
		d.Path, d.Serial = fmt.Sprintf("/dev/sd%c", 'b'+i), fmt.Sprintf("SERIAL-%02d", i)
		desk = append(desk, d)
	}
	return desk
}

// jobThenNext erases the second device of the bay for customer source, then
// opens the job details for the first one.
func jobThenNext(h *harness, source string) {
	h.t.Helper()
	h.press("d", "down", "space", "w", "enter", "enter")
	for h.m.wizard.fields[h.m.wizard.field].key != fieldSource {
		h.press("enter")
	}
	h.typeText(source)
	h.press("enter", "enter", "enter")
	h.typeText("ERASE 1")
	h.press("enter")
	if n := len(h.runner.jobs()); n != 1 {
		h.t.Fatalf("started %d jobs", n)
	}
	h.press("d", "up", "space", "w", "enter", "enter")
}

// finishThree starts three jobs and ends them: the first failed with a long
// Chinese reason, the others erased.
func finishThree(h *harness, failed, erased1, erased2 devices.Device) {
	h.t.Helper()
	h.press("a", "w", "enter", "enter")
	for h.m.wizard.step == stepForm {
		h.press("enter")
	}
	h.typeText("ERASE 3")
	h.press("enter")
	h.event(resultEvent(failed, "job-1", wipe.StatusFailed, zhReason))
	h.event(resultEvent(erased1, "job-2", wipe.StatusErased, ""))
	h.event(resultEvent(erased2, "job-3", wipe.StatusErased, ""))
}

// gutmannPasses reports every write pass of a 35-pass job on path, then its result.
func gutmannPasses(h *harness, d devices.Device, jobID string) {
	h.t.Helper()
	for pass := 1; pass <= 35; pass++ {
		h.event(wipe.Event{Type: wipe.EventPhase, JobID: jobID, Device: d.Path, Progress: &wipe.Progress{Phase: wipe.PhaseWrite, Pass: pass, Passes: 35}})
	}
	h.event(resultEvent(d, jobID, wipe.StatusErased, ""))
}

// gutmannProgress is a 35-pass job on path at pass 4, a quarter into its write,
// three passes written and read back: 8% of the whole job.
func gutmannProgress(path, jobID string) wipe.Event {
	return overallEvent(path, jobID, wipe.PhaseWrite, 4, 35, 6, 8e9, 32e9)
}

// flat is the screen without its layout: every run of white space one space,
// so that text wrapped over lines reads as it was written.
func flat(screen string) string { return strings.Join(strings.Fields(screen), " ") }

// reachable reports whether text is on the screen in full, wrapped or not.
func reachable(screen, text string) bool {
	return strings.Contains(strings.Join(strings.Fields(screen), ""), strings.Join(strings.Fields(text), ""))
}

// column is the cell where sub starts on the first line of screen holding
// both key and sub, or -1.
func column(screen, key, sub string) int {
	for _, l := range strings.Split(screen, "\n") {
		if i := strings.Index(l, sub); i >= 0 && strings.Contains(l, key) {
			return ansi.StringWidth(l[:i])
		}
	}
	return -1
}

// TestOverallProgress: a job's row shows its percent of the whole job, not of
// the pass, with pass, phase, speed, elapsed, remaining and errors; the summary
// shows the total throughput; the bay shows the same overall percent.
func TestOverallProgress(t *testing.T) {
	h := newHarness(t, stick, nvme)
	startBoth(h)
	h.event(gutmannProgress(stick.Path, "job-2"))
	screen := h.screen()
	for _, want := range []string{"  8% ", "pass 4/35 write", "98.5 MB/s", "errors 0", "elapsed 33m50s", "left 5h45m", "Jobs: 2 running · total 98.5 MB/s"} {
		if !strings.Contains(screen, want) {
			t.Errorf("progress does not show %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "25%") {
		t.Errorf("the pass's percent is shown as the job's:\n%s", screen)
	}
	h.press("d")
	if screen := h.screen(); !strings.Contains(screen, "8% · write pass 4/35") {
		t.Errorf("the bay does not show the overall percent:\n%s", screen)
	}
}

// TestOverallFromPasses: an engine that counts one pass at a time still gives
// a percent of the whole job that only grows from pass to pass.
func TestOverallFromPasses(t *testing.T) {
	tests := []struct {
		pass, passes int
		done, total  int64
		want         int
	}{
		{1, 1, 50, 100, 50},
		{1, 4, 10, 100, 2},
		{2, 4, 0, 100, 25},
		{4, 4, 100, 100, 100},
	}
	for _, tt := range tests {
		f, ok := overall(&wipe.Progress{Pass: tt.pass, Passes: tt.passes, BytesDone: tt.done, BytesTotal: tt.total})
		if !ok || int(f*100) != tt.want {
			t.Errorf("pass %d/%d at %d/%d: %v %v, want %d%%", tt.pass, tt.passes, tt.done, tt.total, f, ok, tt.want)
		}
	}
	if _, ok := overall(&wipe.Progress{Phase: wipe.PhaseCommand, Pass: 1, Passes: 1}); ok {
		t.Error("a firmware command without byte counts has a percent")
	}
}

// TestCertificateIDVisible: every result shows its certificate ID in full,
// also for media without a serial, on the jobs screen and in the bay.
func TestCertificateIDVisible(t *testing.T) {
	h := newHarness(t, noSerial1, noSerial2)
	h.press("a", "w", "enter", "enter", "tab", "tab", "tab", "tab", "tab", "tab", "enter")
	h.typeText("ERASE 2")
	h.press("enter")
	h.event(resultEvent(noSerial1, "job-1", wipe.StatusErased, ""))
	h.event(resultEvent(noSerial2, "job-2", wipe.StatusFailed, "verification found 3 mismatching blocks"))
	for _, screen := range []string{"p", "d"} {
		h.press(screen)
		for _, d := range []devices.Device{noSerial1, noSerial2} {
			if id := testCertificateID(d); !strings.Contains(h.screen(), id) {
				t.Errorf("screen %s does not show %s's certificate ID %s:\n%s", screen, d.Path, id, h.screen())
			}
		}
	}
}

// TestResultScreen: enter on a result shows its record, the certificate's path
// and the reason in full.
func TestResultScreen(t *testing.T) {
	h := newHarness(t, stick, nvme)
	startBoth(h)
	reason := "verification found 12 mismatching blocks at byte offsets 4096, 8192 and 1048576 after the last pass; the drive may be remapping sectors it reports as written, so the medium is not erased"
	ev := resultEvent(nvme, "job-1", wipe.StatusFailed, reason)
	ev.Result.Exceptions = []msg.Message{verbatim("the native capacity of 1953525168 sectors was restored (volatile, until the drive's next power cycle), but the overwrite did not complete")}
	h.event(ev)
	h.event(resultEvent(stick, "job-2", wipe.StatusErased, ""))
	h.press("enter") // the batch is listed in bay order: the NVMe drive first
	if h.m.screen != screenResult {
		t.Fatalf("enter on a result did not open it:\n%s", h.screen())
	}
	screen := h.screen()
	for _, want := range []string{reason, ev.CertificatePath, ev.RecordPath, testCertificateID(nvme), ev.Result.Exceptions[0].String(), nvme.Serial} {
		if !reachable(screen, want) {
			t.Errorf("the result does not show %q in full:\n%s", want, screen)
		}
	}
	h.press("esc")
	if h.m.screen != screenJobs {
		t.Errorf("esc from the result went to screen %v", h.m.screen)
	}
}

// TestWidthsInCells: Chinese text (wide characters, one outside the BMP)
// takes two cells a character, and the columns after it stay in place.
func TestWidthsInCells(t *testing.T) {
	h := newHarness(t, zhStick, stick)
	h.press("a", "w", "enter", "enter", "enter", "enter")
	h.typeText("資產-𡘙01")
	h.press("enter")
	h.typeText("A-2")
	h.press("enter", "enter", "enter", "enter")
	confirm := h.screen()
	if a, b := column(confirm, zhStick.Path, "S/N"), column(confirm, stick.Path, "S/N"); a != b || a < 0 {
		t.Errorf("confirmation: S/N at cell %d after Chinese text, %d otherwise:\n%s", a, b, confirm)
	}
	h.typeText("ERASE 2")
	h.press("enter")
	jobs := h.screen()
	if a, b := column(jobs, zhStick.Path, "S/N"), column(jobs, stick.Path, "S/N"); a != b || a < 0 {
		t.Errorf("jobs: S/N at cell %d after Chinese text, %d otherwise:\n%s", a, b, jobs)
	}
	h.press("d")
	bay := h.screen()
	if a, b := column(bay, "S/N 金01𡘙", "running"), column(bay, "S/N "+stick.Serial, "running"); a != b || a < 0 {
		t.Errorf("bay: state at cell %d after a Chinese serial, %d otherwise:\n%s", a, b, bay)
	}
}

// TestCellHelpers checks padding, cutting and wrapping in terminal cells.
func TestCellHelpers(t *testing.T) {
	cells := []struct {
		in    string
		width int
		want  string
	}{
		{"abc", 5, "abc  "},
		{"陳𡘙明", 8, "陳𡘙明  "},
		{"陳𡘙明", 5, "陳𡘙~"}, // cut, and marked
		{"e\u0301te", 4, "e\u0301te "},
	}
	for _, tt := range cells {
		if got := cell(tt.in, tt.width); got != tt.want && ansi.Strip(got) != tt.want {
			t.Errorf("cell(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
	for _, text := range []string{
		"台北市立圖書館𡘙分館的資訊室退役硬碟，共十二顆，由陳𡘙明負責清除並交回資產管理組",
		"/var/lib/wipestation/certs/2026-12-07_no-serial_WS-20261207-0A1B2C3D4E.pdf is where it went",
		"short",
	} {
		lines := wrap(text, 20)
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > 20 {
				t.Errorf("wrap(%q) gave a line of %d cells: %q", text, w, l)
			}
		}
		if strings.Join(strings.Fields(strings.Join(lines, "")), "") != strings.Join(strings.Fields(text), "") {
			t.Errorf("wrap(%q) lost text: %q", text, lines)
		}
	}
	if got := wrap("/var/lib/wipestation/certs/2026_WS-20261207-0A1B2C3D4E.pdf", 30); !strings.HasPrefix(got[len(got)-1], "WS-20261207-0A1B2C3D4E") {
		t.Errorf("a path broke inside its certificate ID: %q", got)
	}
}

// TestChoiceFieldsNeedArrows: on a choice field, space, typed text, a scanned
// barcode with spaces and a paste change nothing; the arrows do.
func TestChoiceFieldsNeedArrows(t *testing.T) {
	h := newHarness(t, stick)
	h.press("w", "enter", "enter")
	for h.m.wizard.fields[h.m.wizard.field].key != fieldDestination {
		h.press("tab")
	}
	dest := func() string { return h.m.wizard.fields[h.m.wizard.field].value }
	h.typeText("ERASE 1")
	h.press("space")
	h.typeText("AB 12 34")
	h.send(tea.PasteMsg{Content: "X 9"})
	if got := dest(); got != "Recycling Facility" {
		t.Fatalf("destination changed to %q by typing", got)
	}
	h.press("right")
	if got := dest(); got != "Manufacturer" {
		t.Errorf("right gave %q, want the next destination", got)
	}
	h.press("left", "left")
	if got := dest(); got != "External Reuse" {
		t.Errorf("left twice gave %q", got)
	}
}

// TestConfirmationShowsCertificateFields: what goes on the certificate is on
// the confirmation: size, final zero pass, operator, customer, classification,
// destination.
func TestConfirmationShowsCertificateFields(t *testing.T) {
	h := newHarness(t, stick)
	h.press("w", "enter", "down", "right", "enter") // final zero pass
	for h.m.wizard.fields[h.m.wizard.field].key != fieldSource {
		h.press("enter")
	}
	h.typeText("台北市立圖書館𡘙分館")
	h.press("enter")
	h.typeText("Confidential")
	h.press("enter", "right", "enter")
	if h.m.wizard.step != stepConfirm {
		t.Fatalf("not at the confirmation:\n%s", h.screen())
	}
	screen := flat(h.screen())
	for _, want := range []string{"32.0 GB", "final zero pass yes", "operator Chen Mei-Ling (Acme Disposal)",
		"customer/source 台北市立圖書館𡘙分館", "classification Confidential", "destination Manufacturer"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the confirmation does not show %q:\n%s", want, h.screen())
		}
	}
}

// TestCarriedOver: the last job's customer is offered again, marked, and must
// be confirmed before the next job; the configured destination is not marked.
func TestCarriedOver(t *testing.T) {
	h := newHarness(t, nvme, stick)
	jobThenNext(h, "Finance PC-17")
	if !strings.Contains(h.screen(), "Finance PC-17 "+carriedMark) {
		t.Errorf("the carried-over customer is not marked:\n%s", h.screen())
	}
	if strings.Contains(h.screen(), "Recycling Facility > "+carriedMark) {
		t.Errorf("the configured destination is marked as carried over:\n%s", h.screen())
	}
	for range len(h.m.wizard.fields) - 1 {
		h.press("tab")
	}
	h.press("enter")
	if w := h.m.wizard; w.step != stepForm || w.fields[w.field].key != fieldSource || !strings.Contains(h.screen(), "enter keeps it") {
		t.Fatalf("went on without the carried-over customer confirmed:\n%s", h.screen())
	}
	h.press("enter") // keep it
	for h.m.wizard.step == stepForm {
		h.press("enter")
	}
	if !strings.Contains(flat(h.screen()), "customer/source Finance PC-17 ("+carriedNote+")") {
		t.Errorf("the confirmation does not say the customer was carried over:\n%s", h.screen())
	}
}

// TestOperatorRetyped: a different operator does not keep the configured
// person's title and phone; the same operator does.
func TestOperatorRetyped(t *testing.T) {
	for _, tt := range []struct {
		name, typed, title string
	}{
		{"another person", "陳𡘙明", ""},
		{"the same person", "", "Lab manager"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessWith(t, func(d *Deps) {
				d.Details.Operator.Title, d.Details.Operator.Phone = "Lab manager", "+886 2 1234 5678"
			}, stick)
			h.press("w", "enter", "enter")
			if tt.typed != "" {
				h.press("ctrl+u")
				h.typeText(tt.typed)
			}
			for h.m.wizard.step == stepForm {
				h.press("enter")
			}
			h.typeText("ERASE 1")
			h.press("enter")
			jobs := h.runner.jobs()
			if len(jobs) != 1 {
				t.Fatalf("started %d jobs", len(jobs))
			}
			if op := jobs[0].Details.Operator; op.Title != tt.title || (tt.title == "") != (op.Phone == "") {
				t.Errorf("operator %+v, want title %q", op, tt.title)
			}
		})
	}
}

// TestQuitInBayMode: q asks while bay mode is on.
func TestQuitInBayMode(t *testing.T) {
	h := newHarness(t, stick, nvme)
	armBayMode(h)
	h.press("q")
	if h.quit || h.m.dialog != dialogQuitBayMode {
		t.Fatalf("q with bay mode on: quit %v, dialog %v", h.quit, h.m.dialog)
	}
	h.press("n")
	if h.quit || h.m.bayPlan == nil {
		t.Fatal("no did not keep bay mode")
	}
	h.press("q", "y")
	if !h.quit {
		t.Error("yes did not quit")
	}
}

// TestInsertedBroughtIntoView: a medium inserted below the window is shown.
func TestInsertedBroughtIntoView(t *testing.T) {
	h := newHarness(t, sticks(12)...)
	in := card
	in.Path = "/dev/sdz"
	h.plug(in)
	lines := strings.Split(h.screen(), "\n")
	if !strings.Contains(strings.Join(lines[2:len(lines)-2], "\n"), "/dev/sdz") { // the bay, not the status line
		t.Errorf("the inserted medium is off-screen:\n%s", h.screen())
	}
}

// TestResultsPerJob: a device wiped twice has two results, and the erased
// count does not drop.
func TestResultsPerJob(t *testing.T) {
	h := newHarness(t, stick)
	for i := 1; i <= 2; i++ {
		h.press("d", "w", "enter", "enter")
		for h.m.wizard.step == stepForm {
			h.press("enter")
		}
		h.typeText("ERASE 1")
		h.press("enter")
		ev := resultEvent(stick, fmt.Sprintf("job-%d", i), wipe.StatusErased, "")
		ev.Result.CertificateID = fmt.Sprintf("WS-20261126-000000000%d", i)
		h.event(ev)
	}
	screen := h.screen()
	for _, want := range []string{"WS-20261126-0000000001", "WS-20261126-0000000002", "2 erased"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the jobs screen does not show %q:\n%s", want, screen)
		}
	}
}

// TestLogPerJob: the log has a line per job, not per pass; v shows every pass.
func TestLogPerJob(t *testing.T) {
	h := newHarness(t, stick, nvme)
	startBoth(h)
	gutmannPasses(h, stick, "job-2")
	h.press("l")
	if screen := h.screen(); strings.Contains(screen, "pass 35/35") || !strings.Contains(screen, "erased · "+testCertificateID(stick)) {
		t.Errorf("the log is not one line per job:\n%s", screen)
	}
	h.press("v")
	if screen := h.screen(); !strings.Contains(screen, "write pass 35/35") {
		t.Errorf("v does not show the passes:\n%s", screen)
	}
}

// TestErrorLeavesWithItsScreen: an error on the status line does not follow
// the technician to the next screen.
func TestErrorLeavesWithItsScreen(t *testing.T) {
	h := newHarness(t, systemDisk, stick)
	h.press("space") // the system disk
	if !strings.Contains(h.screen(), "cannot be selected") {
		t.Fatalf("no refusal:\n%s", h.screen())
	}
	h.press("p")
	if strings.Contains(h.screen(), "cannot be selected") {
		t.Errorf("the bay's error is still on the jobs screen:\n%s", h.screen())
	}
}

// TestLoopProbeErrors: a loop device's failed drive probes are not shown as
// warnings.
func TestLoopProbeErrors(t *testing.T) {
	h := newHarness(t, loop)
	h.press("i")
	if screen := h.screen(); strings.Contains(screen, "SG_IO") || strings.Contains(screen, "Probe error") {
		t.Errorf("a loop device shows probe errors:\n%s", screen)
	}
}

// TestLongTextReachable: a phone's address is not cut; a long ineligibility
// reason wraps in the bay; recommendation reasons are whole in the details,
// also at 120 columns; a status line cut short says where it is in full.
func TestLongTextReachable(t *testing.T) {
	h := newHarness(t, phone, systemVda, zhStick)
	screen := h.screen()
	if !strings.Contains(screen, phone.Path) {
		t.Errorf("the phone's address is cut:\n%s", screen)
	}
	if !reachable(screen, "NOT ELIGIBLE: "+ineligibleReason(systemVda)) {
		t.Errorf("the reason is cut:\n%s", screen)
	}
	for _, width := range []int{80, 120} {
		h.send(tea.WindowSizeMsg{Width: width, Height: 24})
		h.press("d", "i") // the bay is in path order: the stick first
		if screen := h.screen(); !reachable(screen, zhStick.Recommendations[0].Reason.String()) {
			t.Errorf("at %d columns the recommendation's reason is cut:\n%s", width, screen)
		}
		h.press("esc")
	}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.send(logMsg{text: "a status longer than the line it is on: " + strings.Repeat("陳𡘙明 ", 20), at: testTime.Add(time.Second)})
	lines := strings.Split(h.screen(), "\n")
	if status := lines[len(lines)-2]; !strings.HasSuffix(status, statusMore) {
		t.Errorf("a cut status line does not point to the log: %q", status)
	}
}

// TestHeaderAndBanner: a title too long for the header with the counts moves
// the counts to the next line; the bay mode banner always says how to stop.
func TestHeaderAndBanner(t *testing.T) {
	h := newHarness(t, phone, stick)
	h.send(tea.WindowSizeMsg{Width: 50, Height: 24})
	h.press("down", "i") // the phone, after the stick in path order
	top := strings.Join(strings.Split(h.screen(), "\n")[:2], "\n")
	for _, want := range []string{phone.Path, "2 devices"} {
		if !strings.Contains(top, want) {
			t.Errorf("the header does not show %q:\n%s", want, top)
		}
	}
	h.press("esc")
	for _, width := range []int{80, 60, 40} {
		h.send(tea.WindowSizeMsg{Width: width, Height: 24})
		armBayMode(h)
		if banner := strings.Split(h.screen(), "\n")[1]; !strings.Contains(banner, "b stops") || !strings.Contains(banner, "BAY MODE") {
			t.Errorf("at %d columns the banner is %q", width, banner)
		}
		h.press("b")
	}
}
