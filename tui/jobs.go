package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/progress"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

// jobState is where a job is, as far as the TUI has heard.
type jobState int

// The job states.
const (
	jobStarting jobState = iota // Start sent, no answer yet
	jobRunning
	jobDone
)

// jobRow is one device's job: what the engine last reported about it.
type jobRow struct {
	path       string
	device     devices.Device
	jobID      string
	method     string
	bayMode    bool // started by bay mode
	state      jobState
	cancelling bool
	progress   *wipe.Progress
	status     wipe.Status
	reason     string
	recordPath string
	certPath   string
	// filing is what went wrong after the job: the record not written, the
	// certificate not issued, the audit log not appended.
	filing string
}

// jobsView is live progress and results, keyed by device path, in start order.
type jobsView struct {
	order  []string
	rows   map[string]*jobRow
	cursor int
	width  int
	height int
	bar    progress.Model
}

func newJobsView() jobsView {
	bar := progress.New(progress.WithFillCharacters('#', '.'), progress.WithoutPercentage(), progress.WithColors(lipgloss.Color("6")), progress.WithWidth(20))
	bar.EmptyColor = lipgloss.Color("8")
	return jobsView{rows: map[string]*jobRow{}, bar: bar}
}

// SetSize sets the area the jobs render into.
func (j *jobsView) SetSize(width, height int) { j.width, j.height = width, height }

// add starts rows for jobs being started, replacing finished ones on the same
// paths. The newest jobs go on top, in the order given, so that after a long
// shift the current batch is what the screen shows first.
func (j *jobsView) add(jobs []wipe.Job, bay bool) {
	var paths []string
	for _, job := range jobs {
		d := job.Device
		j.rows[d.Path] = &jobRow{path: d.Path, device: d, method: job.Method, bayMode: bay, state: jobStarting}
		paths = append(paths, d.Path)
	}
	j.order = slices.DeleteFunc(j.order, func(p string) bool { return slices.Contains(paths, p) })
	j.order = append(paths, j.order...)
	j.cursor = 0
}

// recorded adds a finished row that is not an engine job (a destruction).
func (j *jobsView) recorded(d devices.Device, method string, status wipe.Status, certPath, reason string) *jobRow {
	j.order = slices.DeleteFunc(j.order, func(p string) bool { return p == d.Path })
	j.order = append([]string{d.Path}, j.order...)
	r := &jobRow{path: d.Path, device: d, method: method, state: jobDone, status: status, certPath: certPath, reason: reason}
	j.rows[d.Path] = r
	j.cursor = 0
	return r
}

// active reports whether path has a job that has not ended.
func (j *jobsView) active(path string) bool {
	r, ok := j.rows[path]
	return ok && r.state != jobDone
}

// row returns the job on path, creating one for events of a job this view did not
// start (so that nothing the engine says is lost).
func (j *jobsView) row(path string) *jobRow {
	r, ok := j.rows[path]
	if !ok {
		r = &jobRow{path: path, device: devices.Device{Path: path}, state: jobRunning}
		j.rows[path] = r
		j.order = append(j.order, path)
	}
	return r
}

// started applies the Runner's answer to Start.
func (j *jobsView) started(msg jobStartedMsg) *jobRow {
	r := j.row(msg.path)
	if msg.err != nil {
		r.state, r.status, r.reason = jobDone, wipe.StatusFailed, msg.err.Error()
		var refusal *devices.RefusalError
		if errors.As(msg.err, &refusal) {
			r.status, r.reason = wipe.StatusRefused, refusal.Reason.String()
		}
		return r
	}
	r.jobID = msg.jobID
	if r.state == jobStarting {
		r.state = jobRunning
	}
	return r
}

// apply records one engine event.
func (j *jobsView) apply(ev wipe.Event) *jobRow {
	r := j.row(ev.Device)
	if ev.JobID != "" {
		r.jobID = ev.JobID
	}
	switch ev.Type {
	case wipe.EventStart:
		if r.state != jobDone {
			r.state = jobRunning
		}
	case wipe.EventPhase, wipe.EventProgress:
		if ev.Progress != nil && r.state != jobDone {
			p := *ev.Progress
			r.progress, r.state = &p, jobRunning
		}
	case wipe.EventResult:
		r.state = jobDone
		r.recordPath, r.certPath, r.filing = ev.RecordPath, ev.CertificatePath, ev.Err
		if rec := ev.Result; rec != nil {
			r.status, r.reason = rec.Status, ""
			if rec.Reason != nil {
				r.reason = rec.Reason.String()
			}
			if r.method == "" {
				r.method = rec.Sanitization.MethodID
			}
			if rec.Device.Path != "" && r.device.Model == "" {
				r.device = rec.Device
			}
		} else {
			r.status, r.reason = wipe.StatusFailed, "the engine reported no result"
		}
	}
	return r
}

// counts tallies the jobs by state and outcome.
func (j *jobsView) counts() (running int, byStatus map[wipe.Status]int) {
	byStatus = map[wipe.Status]int{}
	for _, r := range j.rows {
		if r.state == jobDone {
			byStatus[r.status]++
		} else {
			running++
		}
	}
	return running, byStatus
}

// summary is the overall line: how many run, how each ended, how much is done.
func (j *jobsView) summary(s Styles) string {
	running, by := j.counts()
	var done, total int64
	for _, r := range j.rows {
		if r.progress != nil && r.state != jobDone {
			done += r.progress.BytesDone
			total += r.progress.BytesTotal
		}
	}
	parts := []string{fmt.Sprintf("%d running", running)}
	for _, st := range wipe.Statuses() {
		if by[st] > 0 {
			parts = append(parts, statusStyle(s, st).Render(fmt.Sprintf("%d %s", by[st], st)))
		}
	}
	line := "Jobs: " + strings.Join(parts, " · ")
	if total > 0 {
		line += fmt.Sprintf(" · %s of %s (%d%%)", formatBytes(done), formatBytes(total), done*100/total)
	}
	return line
}

func statusStyle(s Styles, st wipe.Status) interface{ Render(...string) string } {
	switch {
	case st.Sanitized():
		return s.OK
	case st == wipe.StatusAborted || st == wipe.StatusUnverified:
		return s.Warn
	default:
		return s.Bad
	}
}

// bayStatus is the short state the bay shows next to a device with a job, or
// how its last job ended.
func (j *jobsView) bayStatus(path string) string {
	r, ok := j.rows[path]
	switch {
	case !ok:
		return ""
	case r.state == jobDone:
		return "last job: " + string(r.status)
	}
	switch {
	case r.state == jobStarting:
		return "starting"
	case r.progress == nil:
		return "running"
	case r.progress.BytesTotal <= 0:
		return string(r.progress.Phase)
	case r.progress.Passes > 1:
		return fmt.Sprintf("%s %d/%d %d%%", r.progress.Phase, r.progress.Pass, r.progress.Passes, r.progress.BytesDone*100/r.progress.BytesTotal)
	}
	return fmt.Sprintf("%s %d%%", r.progress.Phase, r.progress.BytesDone*100/r.progress.BytesTotal)
}

// current is the job under the cursor.
func (j *jobsView) current() (*jobRow, bool) {
	if j.cursor < 0 || j.cursor >= len(j.order) {
		return nil, false
	}
	return j.rows[j.order[j.cursor]], true
}

func (j *jobsView) move(delta int) {
	j.cursor = max(0, min(len(j.order)-1, j.cursor+delta))
}

// View renders the overall line, then three lines per job.
func (j *jobsView) View(s Styles) string {
	lines := []string{j.summary(s), ""}
	if len(j.order) == 0 {
		lines = append(lines, s.Dim.Render("  No jobs yet: select devices in the bay (d) and press w."))
		return fitLines(lines, j.width, j.height)
	}
	// Rows differ in height (a failure's reason may take two lines): render
	// them all, then show the window that ends with the cursor's row when it
	// would not fit from the top.
	var body []string
	var cursorEnd int
	for i, p := range j.order {
		body = append(body, j.rowView(s, j.rows[p], i == j.cursor)...)
		if i == j.cursor {
			cursorEnd = len(body)
		}
	}
	room := max(1, j.height-len(lines))
	if start := cursorEnd - room; start > 0 {
		body = body[start:]
	}
	return fitLines(append(lines, body...), j.width, j.height)
}

func (j *jobsView) rowView(s Styles, r *jobRow, isCursor bool) []string {
	pointer := "  "
	if isCursor {
		pointer = "> "
	}
	title := fmt.Sprintf("%-14s %-30s S/N %s", shortPath(r.path, 14), fit(deviceTitle(r.device.Vendor, r.device.Model), 30), orDash(r.device.Serial))
	if isCursor {
		title = s.Cursor.Render(fit(title, max(0, j.width-2)))
	}
	method := orDash(r.method)
	if r.bayMode {
		method += " (bay mode)"
	}
	indent := "    "
	switch r.state {
	case jobStarting:
		return []string{pointer + title, indent + "starting · " + method, ""}
	case jobRunning:
		p := r.progress
		if p == nil {
			return []string{pointer + title, indent + "running · " + method, ""}
		}
		state := fmt.Sprintf("%-7s pass %d/%d", p.Phase, p.Pass, p.Passes)
		if p.BytesTotal > 0 {
			pct := float64(p.BytesDone) / float64(p.BytesTotal)
			state += fmt.Sprintf("  %3d%% ", int(pct*100)) + j.bar.ViewAs(pct) + " " + formatBytes(p.BytesDone) + " of " + formatBytes(p.BytesTotal)
		} else {
			state += "  running on the device"
		}
		if r.cancelling {
			state = s.Warn.Render("cancelling ") + state
		}
		errs := fmt.Sprintf("errors %d", p.Errors)
		if p.Errors > 0 {
			errs = s.Bad.Render(errs)
		}
		var parts []string
		if p.RateBytesPerSecond > 0 {
			parts = append(parts, formatRate(p.RateBytesPerSecond))
		}
		if p.ETA > 0 {
			parts = append(parts, "ETA "+formatDuration(p.ETA))
		}
		detail := strings.Join(append(parts, errs, method), " · ")
		return []string{pointer + title, indent + state, indent + detail}
	default:
		st := statusStyle(s, r.status).Render(strings.ToUpper(string(r.status)))
		second := indent + st + " · " + method
		out := []string{pointer + title, second}
		if r.reason != "" {
			// The reason is what a technician acts on: up to two full lines.
			wrapped := strings.Split(ansi.Wordwrap(r.reason, max(10, j.width-len(indent)), " "), "\n")
			if len(wrapped) > 2 {
				wrapped = wrapped[:2]
			}
			for _, w := range wrapped {
				out = append(out, indent+s.Bad.Render(w))
			}
		}
		third := indent
		if r.filing != "" {
			third += s.Bad.Render(r.filing) + " · "
		}
		switch {
		case r.certPath != "" && r.status.Sanitized():
			third += "certificate " + r.certPath
		case r.certPath != "":
			third += "report " + r.certPath
		case r.recordPath != "":
			third += "record " + r.recordPath
		}
		return append(out, third)
	}
}
