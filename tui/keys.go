package tui

import "charm.land/bubbles/v2/key"

// KeyMap is every key the TUI answers to, in one place; the help view lists it.
type KeyMap struct {
	Up, Down, PageUp, PageDown key.Binding
	Select, SelectAll          key.Binding
	Details                    key.Binding
	Wipe                       key.Binding
	BayMode                    key.Binding
	Jobs, Bay, Log, Help       key.Binding
	Rescan                     key.Binding
	Destroy                    key.Binding
	CancelJob                  key.Binding
	Result, Verbose            key.Binding
	Enter, Back                key.Binding
	Next, Prev, Left, Right    key.Binding
	Clear                      key.Binding
	Yes, No                    key.Binding
	Quit                       key.Binding
}

// DefaultKeyMap returns the workstation's keys. Every action works with plain
// keys (no function keys or mouse) so that any console can drive it.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:  key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Select:    key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "select")),
		SelectAll: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "all")),
		Details:   key.NewBinding(key.WithKeys("enter", "i"), key.WithHelp("enter/i", "details")),
		Wipe:      key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "wipe")),
		BayMode:   key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "bay mode")),
		Jobs:      key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "progress")),
		Bay:       key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "devices")),
		Log:       key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "log")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Rescan:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rescan")),
		Destroy:   key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "record destruction")),
		CancelJob: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "cancel job")),
		Result:    key.NewBinding(key.WithKeys("enter", "i"), key.WithHelp("enter", "result")),
		Verbose:   key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "every pass")),
		Enter:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "continue")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Next:      key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next")),
		Prev:      key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("⇧tab/↑", "previous")),
		Left:      key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "change")),
		// A choice changes only by an arrow: space and letters are what a
		// barcode scanner or a typist sends to a text field.
		Right: key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "change")),
		Clear: key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "clear")),
		Yes:   key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		No:    key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n", "no")),
		Quit:  key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// ShortHelp is the bay's one-line help.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Select, k.SelectAll, k.Wipe, k.BayMode, k.Jobs, k.Help, k.Quit}
}

// FullHelp is the help view, one column per group.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Select, k.SelectAll, k.Details, k.Rescan, k.Destroy},
		{k.Wipe, k.BayMode, k.Jobs, k.Result, k.CancelJob, k.Bay, k.Log, k.Verbose, k.Help, k.Quit},
		{k.Enter, k.Back, k.Next, k.Prev, k.Right, k.Clear},
	}
}
