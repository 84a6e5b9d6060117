package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/wipestation/wipestation/internal/testutil"
)

// openPTY returns the controller and the terminal side of a new pseudo-terminal.
func openPTY(t *testing.T) (controller, terminal *os.File) {
	t.Helper()
	c, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		testutil.Skip(t, "no pseudo-terminals here: "+err.Error())
	}
	if err := unix.IoctlSetPointerInt(int(c.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(c.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	term, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(); term.Close() })
	return c, term
}

func TestTypedConfirmationOnATerminal(t *testing.T) {
	testutil.RequireRoot(t)
	cases := []struct {
		name   string
		typed  func(l *testutil.LoopDevice) string
		code   int
		erased bool
	}{
		{"the device name typed", func(l *testutil.LoopDevice) string { return l.Name() + "\n" }, 0, true},
		{"something else typed", func(*testutil.LoopDevice) string { return "yes\n" }, 2, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := testutil.NewLoopDevice(t, 8<<20)
			testutil.FillFile(t, l.BackingFile, 0x5A)
			ctl, term := openPTY(t)
			cmd := exec.Command(binary, "wipe", "--method", "one", "--records-dir", filepath.Join(testutil.ScratchDir(t), "r"), l.Path)
			var out, errb bytes.Buffer
			cmd.Stdin, cmd.Stdout, cmd.Stderr = term, &out, &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			ctl.WriteString(c.typed(l))
			err := cmd.Wait()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			if code != c.code {
				t.Fatalf("exit %d, want %d; stdout %s; stderr %s", code, c.code, out.String(), errb.String())
			}
			if !strings.Contains(errb.String(), l.Path) || !strings.Contains(errb.String(), "Type the device names") {
				t.Errorf("the prompt does not name the device: %s", errb.String())
			}
			data, _ := os.ReadFile(l.BackingFile)
			if erased := bytes.Count(data, []byte{0xFF}) == len(data); erased != c.erased {
				t.Errorf("medium erased: %v, want %v", erased, c.erased)
			}
		})
	}
}
