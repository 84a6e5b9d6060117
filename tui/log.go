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
}

// logView is the session's log: what was found, inserted, removed, started and
// how each job ended. It follows the tail unless scrolled back.
type logView struct {
	entries []logEntry
	offset  int // lines scrolled back from the tail
	width   int
	height  int
}

// SetSize sets the area the log renders into.
func (l *logView) SetSize(width, height int) { l.width, l.height = width, height }

func (l *logView) add(at time.Time, text string) {
	l.entries = append(l.entries, logEntry{at: at, text: text})
	if len(l.entries) > maxLogLines {
		l.entries = l.entries[len(l.entries)-maxLogLines:]
	}
	if l.offset > 0 {
		l.offset++ // keep the lines the technician is reading in place
	}
}

func (l *logView) scroll(delta int) {
	// delta < 0 goes back in time.
	l.offset = max(0, min(len(l.entries)-l.height, l.offset-delta))
	l.offset = max(0, l.offset)
}

// View renders the lines that fit, newest last.
func (l *logView) View(s Styles) string {
	end := len(l.entries) - l.offset
	start := max(0, end-l.height)
	var lines []string
	if len(l.entries) == 0 {
		lines = append(lines, s.Dim.Render("Nothing yet."))
	}
	for _, e := range l.entries[start:max(start, end)] {
		stamp := "--:--:--"
		if !e.at.IsZero() {
			stamp = e.at.Format("15:04:05")
		}
		lines = append(lines, s.Dim.Render(stamp)+" "+e.text)
	}
	return fitLines(lines, l.width, l.height)
}
