package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"

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

// jobRow is one job: what the engine last reported about it. A device wiped
// twice has two rows.
type jobRow struct {
	path       string
	device     devices.Device
	jobID      string
	method     string
	bayMode    bool // started by bay mode
	state      jobState
	cancelling bool
	progress   *wipe.Progress
	// startedAt is when the engine said the job started; lastAt the time of
	// its latest event, so that elapsed time is as of the last report.
	startedAt, lastAt time.Time
	status            wipe.Status
	reason            string
	record            *wipe.Record // the finished job's record, when there is one
	recordPath        string
	certPath          string
	// filing is what went wrong after the job: the record not written, the
	// certificate not issued, the audit log not appended.
	filing string
}

// certificateID is the ID on the job's certificate or report, or "".
func (r *jobRow) certificateID() string {
	if r.record == nil {
		return ""
	}
	return r.record.CertificateID
}

// elapsed is how long the job ran, as of its latest report.
func (r *jobRow) elapsed() time.Duration {
	if r.record != nil && r.record.DurationSeconds > 0 {
		return time.Duration(r.record.DurationSeconds * float64(time.Second))
	}
	if r.startedAt.IsZero() || r.lastAt.Before(r.startedAt) {
		return 0
	}
	return r.lastAt.Sub(r.startedAt)
}

// overall is how much of the whole job is done, every pass counted, from 0 to
// 1; ok is false when the engine reports no byte counts (a firmware command).
func overall(p *wipe.Progress) (fraction float64, ok bool) {
	switch {
	case p == nil:
		return 0, false
	case p.OverallTotal > 0:
		return min(1, float64(p.OverallDone)/float64(p.OverallTotal)), true
	case p.BytesTotal <= 0:
		return 0, false
	}
	// An engine that does not count the whole job: its passes are equal parts.
	passes, pass := max(1, p.Passes), max(1, p.Pass)
	f := (float64(min(pass, passes)-1) + float64(p.BytesDone)/float64(p.BytesTotal)) / float64(passes)
	return min(1, f), true
}

// jobsView is live progress and results, one row per job, newest first.
type jobsView struct {
	rows   []*jobRow
	cursor int
	width  int
	height int
	bar    progress.Model
}

func newJobsView() jobsView {
	bar := progress.New(progress.WithFillCharacters('#', '.'), progress.WithoutPercentage(), progress.WithColors(lipgloss.Color("6")), progress.WithWidth(20))
	bar.EmptyColor = lipgloss.Color("8")
	return jobsView{bar: bar}
}

// SetSize sets the area the jobs render into.
func (j *jobsView) SetSize(width, height int) { j.width, j.height = width, height }

// add starts rows for jobs being started. The newest jobs go on top, in the
// order given, so that after a long shift the current batch is what the screen
// shows first; earlier results stay below.
func (j *jobsView) add(jobs []wipe.Job, bay bool) {
	var rows []*jobRow
	for _, job := range jobs {
		d := job.Device
		rows = append(rows, &jobRow{path: d.Path, device: d, method: job.Method, bayMode: bay, state: jobStarting})
	}
	j.rows = append(rows, j.rows...)
	j.cursor = 0
}

// recorded adds a finished row that is not an engine job (a destruction).
func (j *jobsView) recorded(d devices.Device, method string, status wipe.Status, rec *wipe.Record, certPath, reason string) *jobRow {
	r := &jobRow{path: d.Path, device: d, method: method, state: jobDone, status: status, record: rec, certPath: certPath, reason: reason}
	if rec != nil {
		r.startedAt, r.lastAt = rec.Started, rec.Finished
	}
	j.rows = append([]*jobRow{r}, j.rows...)
	j.cursor = 0
	return r
}

// latest is the newest row of path.
func (j *jobsView) latest(path string) (*jobRow, bool) {
	for _, r := range j.rows {
		if r.path == path {
			return r, true
		}
	}
	return nil, false
}

// activeRow is the job on path that has not ended.
func (j *jobsView) activeRow(path string) (*jobRow, bool) {
	for _, r := range j.rows {
		if r.path == path && r.state != jobDone {
			return r, true
		}
	}
	return nil, false
}

// active reports whether path has a job that has not ended.
func (j *jobsView) active(path string) bool {
	_, ok := j.activeRow(path)
	return ok
}

// row returns the job an event is about: by job ID, else the job on its path
// that has not ended; it creates one for events of a job this view did not
// start (so that nothing the engine says is lost).
func (j *jobsView) row(path, jobID string) *jobRow {
	if jobID != "" {
		for _, r := range j.rows {
			if r.jobID == jobID && r.path == path {
				return r
			}
		}
	}
	if r, ok := j.activeRow(path); ok && (jobID == "" || r.jobID == "") {
		return r
	}
	r := &jobRow{path: path, device: devices.Device{Path: path}, state: jobRunning, jobID: jobID}
	j.rows = append(j.rows, r)
	return r
}

// started applies the Runner's answer to Start.
func (j *jobsView) started(msg jobStartedMsg) *jobRow {
	r := j.row(msg.path, "")
	if msg.err != nil {
		r.state, r.status, r.reason = jobDone, wipe.StatusFailed, msg.err.Error()
		var refusal *devices.RefusalError
		if errors.As(msg.err, &refusal) {
			r.status, r.reason = wipe.StatusRefused, refusal.Reason.String()
		}
		return r
	}
	r.jobID = msg.jobID
	if r.startedAt.IsZero() {
		r.startedAt, r.lastAt = msg.at, msg.at
	}
	if r.state == jobStarting {
		r.state = jobRunning
	}
	return r
}

// apply records one engine event.
func (j *jobsView) apply(ev wipe.Event) *jobRow {
	r := j.row(ev.Device, ev.JobID)
	if ev.JobID != "" {
		r.jobID = ev.JobID
	}
	if !ev.Time.IsZero() {
		if r.startedAt.IsZero() || ev.Type == wipe.EventStart {
			r.startedAt = ev.Time
		}
		r.lastAt = ev.Time
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
			r.record = rec
			r.status, r.reason = rec.Status, recordReason(rec)
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

// counts tallies the jobs by state and outcome: every job that ended counts
// once, so a device wiped twice counts twice.
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

// summary is the overall line: how many run, how each ended, and the total
// throughput of the running jobs.
func (j *jobsView) summary(s Styles) string {
	running, by := j.counts()
	var rate float64
	for _, r := range j.rows {
		if r.progress != nil && r.state != jobDone {
			rate += r.progress.RateBytesPerSecond
		}
	}
	parts := []string{fmt.Sprintf("%d running", running)}
	for _, st := range wipe.Statuses() {
		if by[st] > 0 {
			parts = append(parts, statusStyle(s, st).Render(fmt.Sprintf("%d %s", by[st], st)))
		}
	}
	if rate > 0 {
		parts = append(parts, "total "+formatRate(rate))
	}
	return "Jobs: " + strings.Join(parts, " · ")
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
	r, ok := j.latest(path)
	switch {
	case !ok:
		return ""
	case r.state == jobDone:
		if id := r.certificateID(); id != "" {
			return string(r.status) + " · " + id
		}
		return "last job " + string(r.status)
	case r.state == jobStarting:
		return "starting"
	case r.progress == nil:
		return "running"
	}
	p := r.progress
	f, ok := overall(p)
	if !ok {
		if d := r.elapsed(); d > 0 {
			return fmt.Sprintf("%s · %s", p.Phase, formatDuration(d))
		}
		return string(p.Phase)
	}
	state := fmt.Sprintf("%d%% · %s", int(f*100), p.Phase)
	if p.Passes > 1 {
		state += fmt.Sprintf(" pass %d/%d", p.Pass, p.Passes)
	}
	return state
}

// current is the job under the cursor.
func (j *jobsView) current() (*jobRow, bool) {
	if j.cursor < 0 || j.cursor >= len(j.rows) {
		return nil, false
	}
	return j.rows[j.cursor], true
}

func (j *jobsView) move(delta int) {
	j.cursor = max(0, min(len(j.rows)-1, j.cursor+delta))
}

// View renders the overall line, then three lines per job (a failure's reason
// takes more).
func (j *jobsView) View(s Styles) string {
	lines := []string{j.summary(s), ""}
	if len(j.rows) == 0 {
		lines = append(lines, s.Dim.Render("  No jobs yet: select devices in the bay (d) and press w."))
		return fitLines(lines, j.width, j.height)
	}
	// Rows differ in height: render them all, then show the window that ends
	// with the cursor's row when it would not fit from the top.
	var body []string
	var cursorEnd int
	for i, r := range j.rows {
		body = append(body, j.rowView(s, r, i == j.cursor)...)
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

// rowIndent is where a job's second and third lines start.
const rowIndent = "    "

func (j *jobsView) rowView(s Styles, r *jobRow, isCursor bool) []string {
	pointer := "  "
	if isCursor {
		pointer = "> "
	}
	title := pathCell(r.path, 14) + " " + cell(deviceTitle(r.device.Vendor, r.device.Model), 30) + " S/N " + orDash(r.device.Serial)
	if isCursor {
		title = s.Cursor.Render(fit(title, max(0, j.width-2)))
	}
	method := orDash(r.method)
	if r.bayMode {
		method += " (bay mode)"
	}
	switch r.state {
	case jobStarting:
		return []string{pointer + title, rowIndent + "starting · " + method, ""}
	case jobRunning:
		return append([]string{pointer + title}, j.progressLines(s, r, method)...)
	}
	return append([]string{pointer + title}, j.resultLines(s, r, method)...)
}

// progressLines are a running job's two lines: overall percent and bar, pass
// and phase, speed and errors; then elapsed, remaining and the method.
func (j *jobsView) progressLines(s Styles, r *jobRow, method string) []string {
	p := r.progress
	if p == nil {
		return []string{rowIndent + "running · " + method, ""}
	}
	var first string
	if f, ok := overall(p); ok {
		first = fmt.Sprintf("%3d%% ", int(f*100)) + j.bar.ViewAs(f) + " "
	}
	first += fmt.Sprintf("pass %d/%d %-7s", p.Pass, p.Passes, p.Phase)
	if r.cancelling {
		first = s.Warn.Render("cancelling ") + first
	}
	if p.RateBytesPerSecond > 0 {
		first += " " + formatRate(p.RateBytesPerSecond)
	}
	errs := fmt.Sprintf("errors %d", p.Errors)
	if p.Errors > 0 {
		errs = s.Bad.Render(errs)
	}
	first += " · " + errs
	second := []string{"elapsed " + formatDuration(r.elapsed())}
	switch {
	case p.ETA > 0:
		second = append(second, "left "+formatDuration(p.ETA))
	case p.BytesTotal <= 0:
		second = append(second, "running on the device")
	}
	if p.BytesTotal > 0 {
		second = append(second, fmt.Sprintf("pass %s of %s", formatBytes(p.BytesDone), formatBytes(p.BytesTotal)))
	}
	second = append(second, method)
	return []string{rowIndent + first, rowIndent + strings.Join(second, " · ")}
}

// resultLines are a finished job's lines: status, certificate ID and method;
// the reason (at most two lines, in full on the result screen); where the
// certificate, report or record is.
func (j *jobsView) resultLines(s Styles, r *jobRow, method string) []string {
	doc := "report"
	if r.status.Sanitized() {
		doc = "certificate"
	}
	if r.certPath == "" {
		doc = "record"
	}
	first := []string{statusStyle(s, r.status).Render(strings.ToUpper(string(r.status)))}
	if id := r.certificateID(); id != "" {
		first = append(first, doc+" "+s.Accent.Render(id))
	}
	first = append(first, method)
	if d := r.elapsed(); d > 0 {
		first = append(first, formatDuration(d))
	}
	out := []string{rowIndent + strings.Join(first, " · ")}
	if r.reason != "" {
		wrapped := wrap(r.reason, j.width-len(rowIndent))
		if len(wrapped) > 2 {
			wrapped = append(wrapped[:1], fit(wrapped[1], j.width-len(rowIndent)-len(moreHint))+moreHint)
		}
		for _, w := range wrapped {
			out = append(out, rowIndent+s.Bad.Render(w))
		}
	}
	last := rowIndent
	if r.filing != "" {
		last += s.Bad.Render(r.filing) + " · "
	}
	switch {
	case r.certPath != "":
		last += shortPath(r.certPath, max(10, j.width-ansi.StringWidth(last)))
	case r.recordPath != "":
		last += shortPath(r.recordPath, max(10, j.width-ansi.StringWidth(last)))
	}
	return append(out, last)
}

// moreHint ends a text cut short where the whole of it is one key away.
const moreHint = " (enter: all)"
