package tui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

// screen is what the body of the window shows.
type screen int

// The screens.
const (
	screenBay screen = iota
	screenDetails
	screenWizard
	screenJobs
	screenLog
	screenHelp
	screenDestroy
	screenResult
)

// dialog is a question that overlays the screen until it is answered.
type dialog int

// The dialogs.
const (
	dialogNone        dialog = iota
	dialogQuit               // jobs are running: quit and abort them?
	dialogCancelJob          // cancel the job under the cursor?
	dialogQuitBayMode        // bay mode is on: quit and stop erasing what is inserted?
)

// The window's fixed lines: header and rule above the body, status and help below.
const chromeLines = 4

// Model is the root of the TUI. It owns the screen and the children, routes
// messages, and is the only part that returns a tea.View.
type Model struct {
	ctx   context.Context
	deps  Deps
	clock func() time.Time

	styles Styles
	keys   KeyMap
	help   help.Model

	width, height int
	screen        screen
	dialog        dialog
	cancelRow     *jobRow // the job dialogCancelJob asks about

	bay     bayView
	jobs    jobsView
	details detailsView
	result  resultView
	log     logView
	wizard  *wizard
	destroy *destroyForm

	// details are the job details to offer next (remembered between jobs).
	defaults wipe.JobDetails
	// bayPlan is the armed bay mode, or nil.
	bayPlan *plan
	// quitting: the technician chose to quit; running jobs were cancelled and the
	// program ends when the last one has reported its result.
	quitting bool
	scanning bool
	// discovered: the first discovery has answered; until then hot-plug adds
	// are the watcher's report of what is already there, not insertions.
	discovered bool
	status     string
	statusBad  bool
	// register is the register's last reported state (RegisterStatus), or nil.
	register *RegisterStatus
}

// New returns the TUI over deps. Jobs run under ctx: cancelling it aborts them.
func New(ctx context.Context, deps Deps) *Model {
	clock := deps.Now
	if clock == nil {
		clock = time.Now
	}
	m := &Model{
		ctx:      ctx,
		deps:     deps,
		clock:    clock,
		styles:   DefaultStyles(),
		keys:     DefaultKeyMap(),
		help:     DefaultStyles().helpModel(),
		bay:      newBayView(),
		jobs:     newJobsView(),
		log:      logView{},
		defaults: deps.Details,
		scanning: deps.Discover != nil,
		// Without discovery, every hot-plug add is an insertion.
		discovered: deps.Discover == nil,
	}
	m.setSize(80, 24)
	return m
}

// Init discovers the media and starts listening to hot-plug and the engine.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.discoverCmd(), m.waitForHotplug(), m.waitForEvent())
}

func (m *Model) setSize(width, height int) {
	m.width, m.height = width, height
	body := max(1, height-chromeLines)
	m.bay.SetSize(width, body)
	m.jobs.SetSize(width, body)
	m.details.SetSize(width, body)
	m.result.SetSize(width, body)
	m.log.SetSize(width, body)
	if m.wizard != nil {
		m.wizard.SetSize(width, body)
	}
	if m.destroy != nil {
		m.destroy.SetSize(width, body)
	}
	m.help.SetWidth(width)
}

// busy reports whether path has a job that has not ended.
func (m *Model) busy(path string) bool { return m.jobs.active(path) }

// say sets the status line.
func (m *Model) say(bad bool, format string, args ...any) {
	m.status, m.statusBad = fmt.Sprintf(format, args...), bad
}

// note logs a line with the time a message brought, and shows it.
func (m *Model) note(at time.Time, bad bool, format string, args ...any) {
	m.say(bad, format, args...)
	m.log.add(at, m.status)
}

// Update routes a message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.setSize(msg.Width, msg.Height)
		return m, nil
	case RegisterStatus:
		m.register = &msg
		return m, nil
	case devicesMsg:
		m.scanning, m.discovered = false, true
		if msg.err != nil {
			m.note(msg.at, true, "discovery failed: %v", msg.err)
			return m, nil
		}
		m.bay.setAll(msg.devices)
		m.note(msg.at, false, "found %s, %d eligible", plural(len(msg.devices), "device"), m.bay.eligibleCount())
		return m, nil
	case deviceMsg:
		if msg.action == hotplugRefresh {
			m.deviceRefreshed(msg)
			return m, nil
		}
		return m, tea.Batch(m.deviceArrived(msg), m.waitForHotplug())
	case hotplugFailedMsg:
		m.note(msg.at, true, "media are no longer watched (%v): press r to scan", msg.err)
		return m, m.waitForHotplug()
	case deviceGoneMsg:
		m.deviceLeft(msg.path, msg.at)
		return m, m.waitForHotplug()
	case engineEventMsg:
		m.engineEvent(msg.event)
		var refresh tea.Cmd
		if msg.event.Type == wipe.EventResult && !m.quitting {
			refresh = m.refreshCmd(msg.event.Device)
		}
		return m, tea.Batch(m.waitForEvent(), m.quitIfDone(), refresh)
	case jobStartedMsg:
		r := m.jobs.started(msg)
		var cmd tea.Cmd
		switch {
		case msg.err != nil:
			m.note(msg.at, true, "%s not started: %s", msg.path, r.reason)
		case m.quitting:
			r.cancelling = true
			cmd = m.cancelJobCmd(r.path, r.jobID)
		}
		return m, tea.Batch(cmd, m.quitIfDone())
	case jobCancelledMsg:
		m.note(msg.at, false, "cancel sent to %s: it ends aborted", msg.path)
		return m, nil
	case detailsSavedMsg:
		if msg.err != nil {
			m.note(msg.at, true, "job details not remembered: %v", msg.err)
		}
		return m, nil
	case logMsg:
		m.note(msg.at, msg.bad, "%s", msg.text)
		return m, nil
	case tea.PasteMsg:
		switch {
		case m.dialog != dialogNone:
		case m.screen == screenWizard && m.wizard != nil:
			m.wizard.paste(msg.Content)
		case m.screen == screenDestroy && m.destroy != nil:
			m.destroy.paste(msg.Content)
		}
		return m, nil
	case destroyedMsg:
		r := msg.request
		method := "destroy (" + r.How + ")"
		if msg.certPath == "" {
			m.jobs.recorded(r.Device, method, wipe.StatusFailed, nil, "", "not recorded: "+fmt.Sprint(msg.err))
			m.note(msg.at, true, "%s: destruction not recorded: %v", r.Device.Path, msg.err)
			return m, nil
		}
		row := m.jobs.recorded(r.Device, method, wipe.StatusDestroyed, msg.record, msg.certPath, "")
		text := fmt.Sprintf("%s destroyed (%s) · %s", r.Device.Path, r.How, orDash(row.certificateID()))
		if msg.err != nil {
			row.filing = msg.err.Error()
			text += " · " + row.filing
		}
		m.note(msg.at, msg.err != nil, "%s", text)
		return m, nil
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

// deviceArrived updates the bay after a hot-plug add or change and, when bay mode
// is armed and a medium was newly inserted, starts its job.
func (m *Model) deviceArrived(msg deviceMsg) tea.Cmd {
	if msg.err != nil {
		if errors.Is(msg.err, fs.ErrNotExist) {
			m.deviceLeft(msg.path, msg.at)
			return nil
		}
		m.note(msg.at, true, "%s: %v", msg.path, msg.err)
		return nil
	}
	d := msg.device
	prev, existed := m.bay.upsert(d)
	if !m.discovered {
		return nil // the watcher's first report of what is already there
	}
	inserted := !existed || (prev.SizeBytes <= 0 && d.SizeBytes > 0) || prev.Serial != d.Serial
	if !inserted {
		return nil
	}
	// What was just plugged in is what the technician looks for next.
	m.bay.focus(d.Path)
	m.note(msg.at, false, "%s inserted: %s %s", d.Path, deviceTitle(d.Vendor, d.Model), formatBytes(d.SizeBytes))
	if m.bayPlan == nil {
		return nil
	}
	if m.busy(d.Path) {
		m.note(msg.at, true, "bay mode: %s already has a job", d.Path)
		return nil
	}
	if ok, why := bayModeTarget(d); !ok {
		m.note(msg.at, false, "bay mode: left %s alone (%s)", d.Path, why)
		return nil
	}
	job, err := jobFor(d, *m.bayPlan, "", m.deps.Methods)
	if err != nil {
		m.note(msg.at, true, "bay mode: %v", err)
		return nil
	}
	m.jobs.add([]wipe.Job{job}, true)
	m.note(msg.at, false, "bay mode: erasing %s with %s", d.Path, job.Method)
	return m.startJobCmd(job)
}

// deviceRefreshed updates the bay with a medium looked up after its job. A
// medium that went away meanwhile is the watcher's to report.
func (m *Model) deviceRefreshed(msg deviceMsg) {
	if msg.err != nil {
		return
	}
	if prev, ok := m.bay.device(msg.path); ok && prev.Serial == msg.device.Serial && prev.SizeBytes == msg.device.SizeBytes {
		m.bay.upsert(msg.device)
	}
}

// deviceLeft drops a medium that went away. Its job, if any, carries on in the
// engine, which reports it failed.
func (m *Model) deviceLeft(path string, at time.Time) {
	if _, ok := m.bay.remove(path); !ok {
		return
	}
	if m.busy(path) {
		m.note(at, true, "%s removed during its job", path)
		return
	}
	m.note(at, false, "%s removed", path)
}

// engineEvent records one engine event and logs what a technician must know.
func (m *Model) engineEvent(ev wipe.Event) {
	r := m.jobs.apply(ev)
	switch ev.Type {
	case wipe.EventStart:
		m.log.add(ev.Time, fmt.Sprintf("%s started (%s)", ev.Device, orDash(r.method)))
	case wipe.EventPhase:
		if p := ev.Progress; p != nil {
			// One line per job in the log; its passes are detail (v shows them).
			m.log.addDetail(ev.Time, fmt.Sprintf("%s %s pass %d/%d", ev.Device, p.Phase, p.Pass, p.Passes))
			// What the engine asks of the technician (a phone's reset steps, a
			// restored hidden area) goes to the log line by line and to the status
			// line, so that it is seen while the job waits.
			if p.Message != "" {
				lines := strings.Split(strings.TrimSpace(p.Message), "\n")
				m.note(ev.Time, false, "%s: %s (the log, l, has it all)", ev.Device, lines[0])
				for _, line := range lines[1:] {
					m.log.add(ev.Time, ev.Device+": "+line)
				}
			}
		}
	case wipe.EventResult:
		text := fmt.Sprintf("%s %s", ev.Device, r.status)
		if id := r.certificateID(); id != "" {
			text += " · " + id
		}
		if d := r.elapsed(); d > 0 {
			text += " · " + formatDuration(d)
		}
		if r.reason != "" {
			text += ": " + r.reason
		}
		if r.certPath != "" {
			text += " · " + r.certPath
		}
		if r.filing != "" {
			text += " · " + r.filing
		}
		m.note(ev.Time, !r.status.Sanitized() || r.filing != "", "%s", text)
	}
}

// quitIfDone ends the program once quitting and no job is left running.
func (m *Model) quitIfDone() tea.Cmd {
	if running, _ := m.jobs.counts(); m.quitting && running == 0 {
		return tea.Quit
	}
	return nil
}

// key handles a key press: dialogs first, then text fields, then the screen.
// scrollKey moves a scrolling view (details, log) by a line or a page of height
// lines for the up, down and page keys.
func scrollKey(msg tea.KeyPressMsg, k KeyMap, scroll func(lines int), height int) {
	switch {
	case key.Matches(msg, k.Up):
		scroll(-1)
	case key.Matches(msg, k.Down):
		scroll(1)
	case key.Matches(msg, k.PageUp):
		scroll(-height)
	case key.Matches(msg, k.PageDown):
		scroll(height)
	}
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch m.dialog {
	case dialogQuit, dialogQuitBayMode:
		switch {
		case key.Matches(msg, k.Yes):
			m.dialog = dialogNone
			return m.quitNow()
		case key.Matches(msg, k.No), key.Matches(msg, k.Quit):
			m.dialog = dialogNone
		}
		return nil
	case dialogCancelJob:
		m.dialog = dialogNone
		if r := m.cancelRow; key.Matches(msg, k.Yes) && r != nil && r.state != jobDone && r.jobID != "" {
			r.cancelling = true
			return m.cancelJobCmd(r.path, r.jobID)
		}
		return nil
	}
	if m.quitting {
		if msg.Keystroke() == "ctrl+c" {
			return tea.Quit
		}
		return nil
	}
	if msg.Keystroke() == "ctrl+c" {
		return m.requestQuit()
	}
	if m.screen == screenWizard && m.wizard != nil {
		return m.wizardKey(msg)
	}
	// An error is about the screen it was said on: it does not follow the
	// technician to the next one.
	before := m.screen
	defer func() {
		if m.screen != before && m.statusBad {
			m.status, m.statusBad = "", false
		}
	}()
	if m.screen == screenDestroy && m.destroy != nil {
		switch m.destroy.update(msg, m.keys) {
		case wizardCancel:
			m.destroy, m.screen = nil, screenBay
		case wizardDone:
			r := m.destroy.request()
			m.destroy, m.screen = nil, screenJobs
			return m.destroyCmd(r)
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.requestQuit()
	case key.Matches(msg, k.Help):
		m.screen = screenHelp
		return nil
	case key.Matches(msg, k.Log):
		m.screen = screenLog
		return nil
	case key.Matches(msg, k.Jobs):
		m.screen = screenJobs
		return nil
	case key.Matches(msg, k.Bay):
		m.screen = screenBay
		return nil
	}
	switch m.screen {
	case screenBay:
		return m.bayKey(msg)
	case screenDetails:
		m.pageKey(msg, screenBay, m.details.scroll, m.details.height)
	case screenJobs:
		switch {
		case key.Matches(msg, k.Back):
			m.screen = screenBay
		case key.Matches(msg, k.Up):
			m.jobs.move(-1)
		case key.Matches(msg, k.Down):
			m.jobs.move(1)
		case key.Matches(msg, k.Result):
			if r, ok := m.jobs.current(); ok && r.state == jobDone {
				m.result.show(r)
				m.screen = screenResult
			}
		case key.Matches(msg, k.CancelJob):
			if r, ok := m.jobs.current(); ok && r.state != jobDone {
				if r.jobID == "" {
					m.say(true, "%s has not started yet", r.path)
					return nil
				}
				m.dialog, m.cancelRow = dialogCancelJob, r
			}
		}
	case screenResult:
		m.pageKey(msg, screenJobs, m.result.scroll, m.result.height)
	case screenLog:
		switch {
		case key.Matches(msg, k.Back):
			m.screen = screenBay
		case key.Matches(msg, k.Verbose):
			m.log.verbose = !m.log.verbose
		default:
			scrollKey(msg, k, m.log.scroll, m.log.height)
		}
	case screenHelp:
		if key.Matches(msg, k.Back) || key.Matches(msg, k.Enter) {
			m.screen = screenBay
		}
	}
	return nil
}

// pageKey handles a key on a page of facts: esc or enter goes back, the rest
// scrolls.
func (m *Model) pageKey(msg tea.KeyPressMsg, back screen, scroll func(int), height int) {
	if key.Matches(msg, m.keys.Back) || key.Matches(msg, m.keys.Enter) {
		m.screen = back
		return
	}
	scrollKey(msg, m.keys, scroll, height)
}

func (m *Model) bayKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		m.bay.move(-1)
	case key.Matches(msg, k.Down):
		m.bay.move(1)
	case key.Matches(msg, k.PageUp):
		m.bay.move(-max(1, m.bay.height/2))
	case key.Matches(msg, k.PageDown):
		m.bay.move(max(1, m.bay.height/2))
	case key.Matches(msg, k.Select):
		if why := m.bay.toggle(m.busy); why != "" {
			m.say(true, "%s", why)
		}
	case key.Matches(msg, k.SelectAll):
		m.bay.toggleAll(m.busy)
	case key.Matches(msg, k.Details):
		if d, ok := m.bay.current(); ok {
			m.details.show(d)
			m.screen = screenDetails
		}
	case key.Matches(msg, k.Rescan):
		if cmd := m.discoverCmd(); cmd != nil {
			m.scanning = true
			m.say(false, "scanning...")
			return cmd
		}
	case key.Matches(msg, k.Wipe):
		targets := m.bay.selection()
		if len(targets) == 0 {
			if d, ok := m.bay.current(); ok && d.Eligible && !m.busy(d.Path) {
				targets = []devices.Device{d}
			}
		}
		if len(targets) == 0 {
			m.say(true, "select an eligible device first (space, or a for all)")
			return nil
		}
		m.openWizard(targets, false)
	case key.Matches(msg, k.Destroy):
		d, ok := m.bay.current()
		switch {
		case m.deps.Destroy == nil || len(m.deps.DestroyHows) == 0:
			m.say(true, "recording a destruction is not available here: use 'wipestation destroy'")
		case !ok:
		case m.busy(d.Path):
			m.say(true, "%s has a job running", d.Path)
		default:
			m.destroy = newDestroyForm(d, m.deps.DestroyHows, m.defaults)
			m.destroy.SetSize(m.width, max(1, m.height-chromeLines))
			m.screen = screenDestroy
		}
	case key.Matches(msg, k.BayMode):
		if m.bayPlan != nil {
			m.bayPlan = nil
			return logCmd(m.clock, false, "bay mode off")
		}
		m.openWizard(nil, true)
	}
	return nil
}

func (m *Model) openWizard(targets []devices.Device, bayMode bool) {
	m.wizard = newWizard(targets, bayMode, m.deps.Methods, m.defaults, m.deps.Details, m.deps.Options.BackupRecipient != "", m.deps.Instructions)
	m.wizard.SetSize(m.width, max(1, m.height-chromeLines))
	m.screen = screenWizard
}

// wizardKey hands a key to the wizard and acts on its answer.
func (m *Model) wizardKey(msg tea.KeyPressMsg) tea.Cmd {
	switch m.wizard.update(msg, m.keys) {
	case wizardCancel:
		m.wizard, m.screen = nil, screenBay
	case wizardDone:
		return m.launch()
	}
	return nil
}

// launch starts the jobs (or arms bay mode) the wizard describes.
func (m *Model) launch() tea.Cmd {
	w := m.wizard
	p, tags := w.plan(m.deps.Options)
	remembered := p.details
	remembered.AssetTag = ""
	if w.bayMode {
		m.bayPlan = &p
		m.defaults = remembered
		m.wizard, m.screen = nil, screenBay
		c, _ := w.choice()
		return tea.Batch(m.saveDetailsCmd(remembered), logCmd(m.clock, false, "bay mode on: new removable disks and cards are erased with "+c.Name))
	}
	var jobs []wipe.Job
	for _, d := range w.targets {
		now, ok := m.bay.device(d.Path)
		if !ok {
			w.problem = d.Path + " is gone: esc to go back"
			return nil
		}
		if now.Serial != d.Serial || now.SizeBytes != d.SizeBytes {
			w.problem = d.Path + " is another medium now: esc to go back and select again"
			return nil
		}
		if m.busy(d.Path) {
			w.problem = d.Path + " has a job running: esc to go back"
			return nil
		}
		job, err := jobFor(d, p, tags[d.Path], m.deps.Methods)
		if err != nil {
			w.problem = err.Error()
			return nil
		}
		jobs = append(jobs, job)
	}
	cmds := []tea.Cmd{m.saveDetailsCmd(remembered)}
	paths, steps := w.steps()
	for _, p := range paths {
		for i, step := range steps[p] {
			cmds = append(cmds, logCmd(m.clock, false, fmt.Sprintf("%s, by hand, step %d: %s", p, i+1, step)))
		}
	}
	m.jobs.add(jobs, false)
	for _, job := range jobs {
		delete(m.bay.selected, job.Device.Path)
		cmds = append(cmds, m.startJobCmd(job))
	}
	m.defaults = remembered
	m.wizard, m.screen = nil, screenJobs
	return tea.Batch(cmds...)
}

// requestQuit quits, or asks first when jobs are running or bay mode is on.
func (m *Model) requestQuit() tea.Cmd {
	if running, _ := m.jobs.counts(); running > 0 {
		m.dialog = dialogQuit
		return nil
	}
	if m.bayPlan != nil {
		m.dialog = dialogQuitBayMode
		return nil
	}
	return tea.Quit
}

// quitNow cancels every running job; the program ends when they have all
// reported (aborted, never erased).
func (m *Model) quitNow() tea.Cmd {
	m.quitting = true
	m.bayPlan = nil
	var cmds []tea.Cmd
	for _, r := range m.jobs.rows {
		if r.state != jobDone && r.jobID != "" {
			r.cancelling = true
			cmds = append(cmds, m.cancelJobCmd(r.path, r.jobID))
		}
	}
	cmds = append(cmds, m.quitIfDone())
	return tea.Batch(cmds...)
}

// logMsg is a log line for something the technician did, stamped by a command
// because Update does not read the clock.
type logMsg struct {
	text string
	bad  bool
	at   time.Time
}

func logCmd(clock func() time.Time, bad bool, text string) tea.Cmd {
	return func() tea.Msg { return logMsg{text: text, bad: bad, at: clock()} }
}

// View renders the whole window: header, rule or bay-mode banner, body, status
// line and help line, always exactly the window's size.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "wipestation"
	return v
}

// render is the window's text.
func (m *Model) render() string {
	s := m.styles
	bodyHeight := max(1, m.height-chromeLines)
	// The header is the screen's title and the counts; when both do not fit,
	// the counts take the rule's line.
	title := s.Title.Render("wipestation") + " · " + s.Header.Render(m.title())
	header := title + "   " + s.Dim.Render(m.counts())
	rule := s.Dim.Render(strings.Repeat("─", m.width))
	if ansi.StringWidth(header) > m.width {
		header = title
		rule = s.Dim.Render(m.counts() + " " + strings.Repeat("─", max(0, m.width-ansi.StringWidth(m.counts())-1)))
	}
	if m.bayPlan != nil {
		rule = s.BayMode.Render(m.bayBanner())
	}
	var body string
	switch {
	case m.dialog != dialogNone:
		body = m.dialogView(bodyHeight)
	case m.quitting:
		running, _ := m.jobs.counts()
		body = lipgloss.Place(m.width, bodyHeight, lipgloss.Center, lipgloss.Center,
			fmt.Sprintf("Stopping %d job(s): they end aborted.\nctrl+c again leaves at once.", running))
	default:
		switch m.screen {
		case screenDetails:
			body = m.details.View(s)
		case screenResult:
			body = m.result.View(s)
		case screenWizard:
			body = m.wizard.View(s)
		case screenDestroy:
			body = m.destroy.View(s)
		case screenJobs:
			body = m.jobs.View(s)
		case screenLog:
			body = m.log.View(s)
		case screenHelp:
			body = m.helpView(bodyHeight)
		default:
			body = m.bay.View(s, m.jobs.bayStatus, m.busy)
		}
	}
	// A status too long for its line says where it is in full.
	text := m.status
	if ansi.StringWidth(text) > m.width {
		text = fit(text, m.width-len(statusMore)) + statusMore
	}
	status := s.Status.Render(text)
	if m.statusBad {
		status = s.Bad.Render(text)
	}
	if m.register != nil {
		status = m.register.view(s) + "  " + status
	}
	lines := []string{header, rule}
	lines = append(lines, strings.Split(fitLines(strings.Split(body, "\n"), m.width, bodyHeight), "\n")...)
	lines = append(lines, status, s.Help.Render(m.help.ShortHelpView(m.shortHelp())))
	return fitLines(lines, m.width, m.height)
}

// statusMore ends a status line cut short: the log has every line in full.
const statusMore = " (l: log)"

// bayBanner is the bay mode line: the method and how to stop, in as many words
// as the width allows.
func (m *Model) bayBanner() string {
	c := m.bayPlan.method
	if c == recommendedID {
		c = "recommended method"
	}
	for _, text := range []string{
		" BAY MODE ON · inserted removable media are erased: " + c + " · b stops ",
		" BAY MODE ON · inserted media erased: " + c + " · b stops ",
		" BAY MODE · " + c + " · b stops ",
	} {
		if ansi.StringWidth(text) <= m.width {
			return cell(text, m.width)
		}
	}
	return fit(" BAY MODE · b stops ", m.width)
}

// title names the screen.
func (m *Model) title() string {
	switch m.screen {
	case screenDetails:
		return "Device " + m.details.device.Path
	case screenWizard:
		return m.wizard.title()
	case screenDestroy:
		return "Record destruction of " + m.destroy.device.Path
	case screenJobs:
		return "Progress and results"
	case screenResult:
		return "Result on " + m.result.row.path
	case screenLog:
		return "Log"
	case screenHelp:
		return "Keys"
	default:
		if m.scanning {
			return "Devices (scanning)"
		}
		return "Devices"
	}
}

// counts is the header's summary.
func (m *Model) counts() string {
	running, by := m.jobs.counts()
	parts := []string{plural(len(m.bay.devices), "device")}
	if n := len(m.bay.selected); n > 0 {
		parts = append(parts, fmt.Sprintf("%d selected", n))
	}
	if running > 0 {
		parts = append(parts, fmt.Sprintf("%d running", running))
	}
	if n := by[wipe.StatusErased]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d erased", n))
	}
	if n := by[wipe.StatusDestroyed]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d destroyed", n))
	}
	notErased := 0
	for st, n := range by {
		if !st.Sanitized() {
			notErased += n
		}
	}
	if notErased > 0 {
		parts = append(parts, fmt.Sprintf("%d not erased", notErased))
	}
	return strings.Join(parts, " · ")
}

// shortHelp is the help line for the current screen.
func (m *Model) shortHelp() []key.Binding {
	k := m.keys
	switch {
	case m.dialog != dialogNone:
		return []key.Binding{k.Yes, k.No}
	case m.quitting:
		return nil
	}
	switch m.screen {
	case screenWizard:
		switch m.wizard.step {
		case stepMethod:
			return []key.Binding{k.Up, k.Down, k.Enter, k.Back}
		case stepOptions:
			return []key.Binding{k.Up, k.Down, k.Right, k.Enter, k.Back}
		case stepForm:
			if m.wizard.typing() {
				return []key.Binding{k.Enter, k.Next, k.Prev, k.Clear, k.Back}
			}
			return []key.Binding{k.Enter, k.Next, k.Prev, k.Left, k.Back}
		default:
			return []key.Binding{k.Enter, k.Back}
		}
	case screenDestroy:
		if m.destroy.confirm {
			return []key.Binding{k.Enter, k.Back}
		}
		if m.destroy.fields[m.destroy.field].choices == nil {
			return []key.Binding{k.Enter, k.Next, k.Prev, k.Clear, k.Back}
		}
		return []key.Binding{k.Enter, k.Next, k.Prev, k.Left, k.Back}
	case screenJobs:
		return []key.Binding{k.Up, k.Down, k.Result, k.CancelJob, k.Bay, k.Log, k.Quit}
	case screenLog:
		return []key.Binding{k.Up, k.Down, k.Verbose, k.Back, k.Quit}
	case screenDetails, screenResult, screenHelp:
		return []key.Binding{k.Up, k.Down, k.Back, k.Quit}
	default:
		return k.ShortHelp()
	}
}

func (m *Model) dialogView(height int) string {
	var text string
	switch m.dialog {
	case dialogQuit:
		running, _ := m.jobs.counts()
		text = fmt.Sprintf("%d job(s) are still running.\n\nQuitting cancels them: they end ABORTED, not erased,\nand each gets a \"not erased\" report.\n\nQuit now? (y/N)", running)
	case dialogQuitBayMode:
		text = "Bay mode is on: media inserted after quitting\nare not erased.\n\nQuit now? (y/N)"
	case dialogCancelJob:
		text = fmt.Sprintf("Cancel the job on %s?\nIt ends ABORTED, not erased.\n\n(y/N)", m.cancelRow.path)
	}
	box := lipgloss.NewStyle().Border(lipgloss.NormalBorder()).Padding(0, 2).Render(text)
	return lipgloss.Place(m.width, height, lipgloss.Center, lipgloss.Center, box)
}

func (m *Model) helpView(height int) string {
	s := m.styles
	lines := strings.Split(m.help.FullHelpView(m.keys.FullHelp()), "\n")
	lines = append(lines, "",
		"Select devices with space (a: all eligible), then w: pick the method, the",
		"verification and the job details, and type the confirmation it asks for.",
		"Asset tags: scan the barcode into each device's field; the scanner's enter",
		"moves on to the next one.",
		"Bay mode (b): after typing "+s.Accent.Render(bayModePhrase)+", every removable disk or card",
		"inserted afterwards is erased hands-free with the chosen method.",
		"D records that the device under the cursor was physically destroyed and",
		"issues its Destroy certificate (a write-once disc, a failed drive).",
		s.Dim.Render("Ineligible devices (system disk, mounted, in use) can never be selected."),
	)
	return fitLines(lines, m.width, height)
}

// plural is "1 device" or "3 devices".
func plural(n int, what string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", what)
	}
	return fmt.Sprintf("%d %ss", n, what)
}
