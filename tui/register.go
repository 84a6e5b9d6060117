package tui

import (
	"fmt"
	"strings"
	"time"
)

// RegisterStatus is the register's state for the footer: certificates waiting
// in the outbox, refused ones, the last time one was sent, and whether the
// last try failed. cmd/wipestation sends one to the program after every round
// of the outbox's sender; without one the footer says nothing of a register.
type RegisterStatus struct {
	Pending, Refused int
	// LastOK is when the register last answered (in the zone to show).
	LastOK time.Time
	// LastError is why the last round left certificates waiting ("" if none).
	LastError string
}

// view is the footer's text of the register's state.
func (r RegisterStatus) view(s Styles) string {
	parts := []string{"register:"}
	switch {
	case r.Pending == 0 && r.Refused == 0:
		parts = append(parts, s.OK.Render("all sent"))
	case r.Pending > 0:
		parts = append(parts, s.Warn.Render(fmt.Sprintf("%d waiting", r.Pending)))
	}
	if r.Refused > 0 {
		parts = append(parts, s.Bad.Render(fmt.Sprintf("%d refused", r.Refused)))
	}
	if r.LastError != "" {
		parts = append(parts, s.Warn.Render("last try failed"))
	}
	if !r.LastOK.IsZero() {
		parts = append(parts, s.Dim.Render("last sent "+r.LastOK.Format("15:04")))
	}
	return strings.Join(parts, " ")
}
