package testutil

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Terminal is a tmux session running a shell command: a real terminal for a TUI
// under test, read with capture-pane and typed into with send-keys. Each terminal
// has a tmux server of its own (tmux -L): a session that ends elsewhere (another
// test, another checkout) cannot take the shared server down under it.
type Terminal struct {
	t       testing.TB
	session string
}

// NewTerminal starts shell in a new tmux session of width x height (UTF-8), and
// kills it and its server when the test ends. The server and the session are
// named after the process and the test: one terminal per test.
func NewTerminal(t testing.TB, width, height int, shell string) *Terminal {
	t.Helper()
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, t.Name())
	term := &Terminal{t: t, session: fmt.Sprintf("wipestation-%d-%s", os.Getpid(), name)}
	term.tmux("new-session", "-d", "-s", term.session, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height),
		"-e", "LANG=C.UTF-8", shell)
	t.Cleanup(func() { exec.Command("tmux", "-L", term.session, "kill-server").Run() })
	return term
}

// Keys sends tmux key names ("Enter", "Space", "C-u", ...).
func (term *Terminal) Keys(keys ...string) {
	term.t.Helper()
	term.tmux(append([]string{"send-keys", "-t", term.session}, keys...)...)
}

// Text types s literally.
func (term *Terminal) Text(s string) {
	term.t.Helper()
	term.tmux("send-keys", "-t", term.session, "-l", s)
}

// Screen is what the terminal shows now.
func (term *Terminal) Screen() string {
	term.t.Helper()
	return term.tmux("capture-pane", "-p", "-t", term.session)
}

// WaitScreen polls the screen until it shows one of want, and returns it; after
// timeout the test fails with the screen.
func (term *Terminal) WaitScreen(timeout time.Duration, want ...string) string {
	term.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		screen := term.Screen()
		for _, w := range want {
			if strings.Contains(screen, w) {
				return screen
			}
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("after %s the screen shows none of %q:\n%s", timeout, want, screen)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (term *Terminal) tmux(args ...string) string {
	term.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", term.session}, args...)...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
