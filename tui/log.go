package tui

import (
	"time"
)

// maxLogLines bounds the log kept in memory; the audit log on disk is the record.
const maxLogLines = 2000

// logEntry is one line of the session log.
type logEntry struct {
	at   time.Time
	text string
	// detail is a line shown only on demand (a job's every pass).
	detail bool
}

// logView is the session's log: what was found, inserted, removed, started and
// how each job ended. It follows the tail unless scrolled back.
type logView struct {
	entries []logEntry
	verbose bool // detail lines are shown
	offset  int  // lines scrolled back from the tail
	width   int
	height  int
}

// SetSize sets the area the log renders into.
func (l *logView) SetSize(width, height int) { l.width, l.height = width, height }

func (l *logView) add(at time.Time, text string) { l.append(logEntry{at: at, text: text}) }

// addDetail logs a line shown only on demand.
func (l *logView) addDetail(at time.Time, text string) {
	l.append(logEntry{at: at, text: text, detail: true})
}

func (l *logView) append(e logEntry) {
	l.entries = append(l.entries, e)
	if len(l.entries) > maxLogLines {
		l.entries = l.entries[len(l.entries)-maxLogLines:]
	}
	if l.offset > 0 && (l.verbose || !e.detail) {
		l.offset++ // keep the lines the technician is reading in place
	}
}

func (l *logView) scroll(delta int) {
	// delta < 0 goes back in time.
	l.offset = max(0, min(len(l.shown())-l.height, l.offset-delta))
	l.offset = max(0, l.offset)
}

// shown are the entries the view shows: detail lines only on demand.
func (l *logView) shown() []logEntry {
	if l.verbose {
		return l.entries
	}
	out := make([]logEntry, 0, len(l.entries))
	for _, e := range l.entries {
		if !e.detail {
			out = append(out, e)
		}
	}
	return out
}

// View renders the entries that fit, newest last, long ones wrapped.
func (l *logView) View(s Styles) string {
	entries := l.shown()
	if len(entries) == 0 {
		return fitLines([]string{s.Dim.Render("Nothing yet.")}, l.width, l.height)
	}
	end := max(0, len(entries)-l.offset)
	var lines []string // built from the newest back
	for i := end - 1; i >= 0 && len(lines) < l.height; i-- {
		e := entries[i]
		stamp := "--:--:--"
		if !e.at.IsZero() {
			stamp = e.at.Format("15:04:05")
		}
		wrapped := wrap(e.text, l.width-9)
		entry := make([]string, len(wrapped))
		for j, w := range wrapped {
			entry[j] = "         " + w
			if j == 0 {
				entry[j] = s.Dim.Render(stamp) + " " + w
			}
		}
		lines = append(entry, lines...)
	}
	if len(lines) > l.height {
		lines = lines[len(lines)-l.height:]
	}
	return fitLines(lines, l.width, l.height)
}
