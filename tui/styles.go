package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles is every look the TUI uses, in one place. The colours are the 16 ANSI
// colours, which a plain Linux console shows too; the renderer downsamples or
// drops them for terminals with fewer.
type Styles struct {
	Title    lipgloss.Style // the header's program name
	Header   lipgloss.Style // the header line
	BayMode  lipgloss.Style // the bay mode banner
	Cursor   lipgloss.Style // the row under the cursor
	Selected lipgloss.Style // a selected device's check box
	Dim      lipgloss.Style // secondary text
	Label    lipgloss.Style // field labels
	OK       lipgloss.Style // erased, ready
	Warn     lipgloss.Style // aborted, running, attention
	Bad      lipgloss.Style // failed, ineligible, refused
	Accent   lipgloss.Style // the current choice, the typed phrase
	Status   lipgloss.Style // the status line
	Help     lipgloss.Style // the short help line
	HelpKey  lipgloss.Style // a key in the help
	HelpDesc lipgloss.Style // what the key does
}

// DefaultStyles returns the workstation's look.
func DefaultStyles() Styles {
	return Styles{
		Title:    lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("6")),
		Header:   lipgloss.NewStyle().Bold(true),
		BayMode:  lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("0")).Background(lipgloss.Color("3")),
		Cursor:   lipgloss.NewStyle().Reverse(true),
		Selected: lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("6")),
		Dim:      lipgloss.NewStyle().Faint(true),
		Label:    lipgloss.NewStyle().Bold(true),
		OK:       lipgloss.NewStyle().Foreground(lipgloss.Color("2")),
		Warn:     lipgloss.NewStyle().Foreground(lipgloss.Color("3")),
		Bad:      lipgloss.NewStyle().Foreground(lipgloss.Color("1")).Bold(true),
		Accent:   lipgloss.NewStyle().Foreground(lipgloss.Color("6")).Bold(true),
		Status:   lipgloss.NewStyle().Foreground(lipgloss.Color("3")),
		Help:     lipgloss.NewStyle(),
		HelpKey:  lipgloss.NewStyle().Bold(true),
		HelpDesc: lipgloss.NewStyle().Faint(true),
	}
}

// helpModel is the bubbles help in these styles, with separators any console
// font has.
func (s Styles) helpModel() help.Model {
	h := help.New()
	h.ShortSeparator, h.Ellipsis = " · ", "~"
	h.Styles = help.Styles{
		Ellipsis:       s.HelpDesc,
		ShortKey:       s.HelpKey,
		ShortDesc:      s.HelpDesc,
		ShortSeparator: s.HelpDesc,
		FullKey:        s.HelpKey,
		FullDesc:       s.HelpDesc,
		FullSeparator:  s.HelpDesc,
	}
	return h
}
