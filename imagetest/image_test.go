// Package imagetest boots the boot stick image that scripts/build-image makes, in
// QEMU under SeaBIOS (legacy BIOS) and OVMF (UEFI), from an emulated USB stick with
// an extra disk attached, and drives the TUI it starts through the serial console
// (docs/boot-stick.md).
//
// Cost: the first run builds the Debian root (mmdebstrap, a few minutes, network);
// later runs reuse it from the cache and spend about a minute assembling the image
// plus one to two minutes per boot under software emulation.
package imagetest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/internal/testutil"
)

const (
	// stickSerial and extraSerial tell the two disks apart on the TUI's screen.
	stickSerial = "WSSTICK0001"
	extraSerial = "WSEXTRA0001"
	// extraSize is small so that a wipe and its verification take seconds.
	extraSize = 32 << 20
	// bootTimeout bounds firmware, GRUB, kernel and systemd up to the TUI under
	// software emulation on a busy 2-core machine.
	bootTimeout = 5 * time.Minute
	ovmfCode    = "/usr/share/OVMF/OVMF_CODE_4M.fd"
	ovmfVars    = "/usr/share/OVMF/OVMF_VARS_4M.fd"
)

// firmware is one way the stick is booted.
type firmware struct {
	name string
	args func(dir string) ([]string, error)
}

var firmwares = []firmware{
	{name: "bios", args: func(string) ([]string, error) { return nil, nil }}, // QEMU's default: SeaBIOS
	{name: "uefi", args: func(dir string) ([]string, error) {
		vars := filepath.Join(dir, "OVMF_VARS.fd")
		data, err := os.ReadFile(ovmfVars)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(vars, data, 0o600); err != nil {
			return nil, err
		}
		return []string{
			"-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + ovmfCode,
			"-drive", "if=pflash,format=raw,unit=1,file=" + vars,
		}, nil
	}},
}

// TestBootStick builds the image once and boots a copy of it under each firmware:
// GRUB's menu appears on the serial console, its serial entry starts the TUI there,
// and the TUI lists the extra disk as eligible and the stick it booted from as not.
func TestBootStick(t *testing.T) {
	testutil.RequireRoot(t)
	testutil.RequireCommand(t, "qemu-system-x86_64", "tmux", "socat", "mmdebstrap", "mkfs.fat", "mcopy", "grub-mkimage")
	if _, err := os.Stat(ovmfCode); err != nil {
		testutil.Skip(t, "needs OVMF ("+ovmfCode+": the ovmf package, scripts/install-deps --test)")
	}
	image := buildImage(t)
	for _, fw := range firmwares {
		t.Run(fw.name, func(t *testing.T) {
			dir := t.TempDir()
			stick := filepath.Join(dir, "stick.img")
			copySparse(t, image, stick)
			vm := boot(t, fw, dir, stick)
			screen := vm.waitScreen(t, bootTimeout, "wipestation · Devices")
			screen = vm.waitScreen(t, time.Minute, extraSerial)
			screen = vm.waitScreen(t, time.Minute, stickSerial)
			t.Logf("%s: the TUI after %s:\n%s", fw.name, time.Since(vm.started).Round(time.Second), screen)
			if got := deviceVerdict(t, screen, extraSerial); strings.Contains(got, "NOT ELIGIBLE") {
				t.Errorf("the extra disk is not eligible: %q", got)
			}
			if got := deviceVerdict(t, screen, stickSerial); !strings.Contains(got, "NOT ELIGIBLE") {
				t.Errorf("the boot stick is offered: %q", got)
			}
		})
	}
}

// buildImage runs scripts/build-image into the test's scratch folder (the Debian
// root comes from the cache when it is there). A build that cannot run here (no
// network for the first build, a missing tool) skips with the script's words.
func buildImage(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "wipestation.img")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(root, "scripts", "build-image"), "--out", out)
	cmd.Dir = root
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	start := time.Now()
	if err := cmd.Run(); err != nil {
		testutil.Skip(t, fmt.Sprintf("scripts/build-image cannot build the image here (%v):\n%s", err, tail(log.String(), 20)))
	}
	t.Logf("scripts/build-image took %s: %s", time.Since(start).Round(time.Second), tail(log.String(), 1))
	return out
}

// vm is one running QEMU with its serial console in a tmux pane.
type vm struct {
	session string
	started time.Time
}

func boot(t *testing.T, fw firmware, dir, stick string) *vm {
	t.Helper()
	extra := filepath.Join(dir, "extra.img")
	if err := os.WriteFile(extra, bytes.Repeat([]byte("OLD-DATA"), extraSize/8), 0o600); err != nil {
		t.Fatal(err)
	}
	fwArgs, err := fw.args(dir)
	if err != nil {
		t.Fatal(err)
	}
	console := filepath.Join(dir, "console.sock")
	args := append([]string{
		"-machine", "q35", "-m", "1024", "-smp", "2", "-accel", "tcg,thread=multi", "-cpu", "max",
		"-nodefaults", "-display", "none", "-vga", "std",
		"-chardev", "socket,id=con,path=" + console + ",server=on,wait=off", "-serial", "chardev:con",
		"-device", "qemu-xhci,id=xhci",
		"-drive", "file=" + stick + ",format=raw,if=none,id=stick",
		"-device", "usb-storage,bus=xhci.0,drive=stick,serial=" + stickSerial + ",removable=on,bootindex=0",
		"-device", "virtio-scsi-pci,id=vscsi0",
		"-drive", "file=" + extra + ",format=raw,if=none,id=extra",
		"-device", "scsi-hd,bus=vscsi0.0,drive=extra,serial=" + extraSerial + ",vendor=WSTEST,product=EXTRA",
	}, fwArgs...)
	ctx, cancel := context.WithCancel(context.Background())
	qemu := exec.CommandContext(ctx, "qemu-system-x86_64", args...)
	var qemuLog bytes.Buffer
	qemu.Stdout, qemu.Stderr = &qemuLog, &qemuLog
	if err := qemu.Start(); err != nil {
		cancel()
		t.Fatalf("start qemu: %v", err)
	}
	done := make(chan struct{})
	go func() { qemu.Wait(); close(done) }()
	t.Cleanup(func() {
		cancel()
		<-done
		if t.Failed() {
			t.Logf("qemu: %s", qemuLog.String())
		}
	})

	v := &vm{session: fmt.Sprintf("wipestation-stick-%d-%s", os.Getpid(), fw.name), started: time.Now()}
	// The pane is an 80x24 terminal on the guest's serial port, reconnecting until
	// QEMU has made the socket.
	shell := fmt.Sprintf("while ! socat -,raw,echo=0 UNIX-CONNECT:%s 2>/dev/null; do sleep 0.2; done; sleep 600", console)
	tmux(t, "new-session", "-d", "-s", v.session, "-x", "80", "-y", "24", "-e", "LANG=C.UTF-8", shell)
	t.Cleanup(func() { exec.Command("tmux", "kill-session", "-t", v.session).Run() })

	// GRUB's menu: its "s" hotkey boots the entry that runs the TUI on ttyS0.
	v.waitScreen(t, 2*time.Minute, "serial console")
	tmux(t, "send-keys", "-t", v.session, "s")
	return v
}

// deviceVerdict is the line of the TUI's device list that carries serial: the
// one with its method or its NOT ELIGIBLE reason.
func deviceVerdict(t *testing.T, screen, serial string) string {
	t.Helper()
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, serial) {
			return strings.TrimSpace(line)
		}
	}
	t.Fatalf("no device with S/N %s on the screen:\n%s", serial, screen)
	return ""
}

func (v *vm) waitScreen(t *testing.T, timeout time.Duration, want ...string) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		screen := tmux(t, "capture-pane", "-p", "-t", v.session)
		for _, w := range want {
			if strings.Contains(screen, w) {
				return screen
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s the console shows none of %q:\n%s", timeout, want, screen)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func tmux(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("tmux", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("tmux %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// copySparse copies the image without allocating its holes.
func copySparse(t *testing.T, from, to string) {
	t.Helper()
	if out, err := exec.Command("cp", "--sparse=always", from, to).CombinedOutput(); err != nil {
		t.Fatalf("copy %s: %v: %s", from, err, out)
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
