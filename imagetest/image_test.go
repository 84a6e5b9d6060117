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
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/internal/testutil"
)

const (
	// stickSerial and extraSerial tell the two disks apart on the TUI's screen.
	stickSerial = "WSSTICK0001"
	extraSerial = "WSEXTRA0001"
	hotSerial   = "WSHOTPLUG01"
	// extraSize is small so that a wipe and its verification take seconds.
	extraSize = 32 << 20
	oldData   = "OLD-DATA"
	// bootTimeout bounds firmware, GRUB, kernel and systemd up to the TUI under
	// software emulation on a busy 2-core machine.
	bootTimeout = 5 * time.Minute
	ovmfCode    = "/usr/share/OVMF/OVMF_CODE_4M.fd"
	ovmfVars    = "/usr/share/OVMF/OVMF_VARS_4M.fd"
	// Debian's Secure Boot firmware with Microsoft's keys enrolled (the keys that
	// sign shim), enforcing: an unsigned loader or kernel does not start.
	ovmfSecureCode = "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd"
	ovmfSecureVars = "/usr/share/OVMF/OVMF_VARS_4M.ms.fd"
)

// firmware is one way the stick is booted.
type firmware struct {
	name string
	args func(dir string) ([]string, error)
}

// secureBoot is OVMF with Microsoft's keys enrolled, enforcing Secure Boot.
var secureBoot = firmware{name: "uefi-secure-boot", args: func(dir string) ([]string, error) {
	args, err := ovmf(dir, ovmfSecureCode, ovmfSecureVars, "q35,smm=on")
	return append(args, "-global", "driver=cfi.pflash01,property=secure,value=on"), err
}}

var firmwares = []firmware{
	{name: "bios", args: func(string) ([]string, error) { return []string{"-machine", "q35"}, nil }}, // QEMU's default: SeaBIOS
	{name: "uefi", args: func(dir string) ([]string, error) { return ovmf(dir, ovmfCode, ovmfVars, "q35") }},
	secureBoot,
}

// ovmf boots with the firmware code and a fresh copy of its variable store.
func ovmf(dir, code, varsTemplate, machine string) ([]string, error) {
	vars := filepath.Join(dir, "OVMF_VARS.fd")
	data, err := os.ReadFile(varsTemplate)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(vars, data, 0o600); err != nil {
		return nil, err
	}
	return []string{
		"-machine", machine,
		"-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + code,
		"-drive", "if=pflash,format=raw,unit=1,file=" + vars,
	}, nil
}

// TestBootStick builds the image once and boots one stick under each firmware in
// turn, as a technician would carry it from machine to machine: GRUB's menu
// appears on the serial console, its serial entry starts the TUI there, and the TUI
// lists the extra disk as eligible and the stick it booted from as not. On the
// first boot the extra disk is wiped through the TUI; after each power-off the
// certificate is read back from the stick's data partition (debugfs, nothing
// mounted), so the later boots show that it survives them. On the later boots a
// USB stick is plugged in while the TUI runs and must appear as eligible; on the second boot
// bay mode is armed first and erases the stick by itself, and its row shows the certificate
// ID. Last, a stick with a tampered GRUB must not boot under Secure Boot.
func TestBootStick(t *testing.T) {
	testutil.RequireRoot(t)
	testutil.RequireCommand(t, "qemu-system-x86_64", "tmux", "socat", "mmdebstrap", "mkfs.fat", "mcopy", "grub-mkimage", "debugfs", "sfdisk", "pdftotext")
	for _, f := range []string{ovmfCode, ovmfVars, ovmfSecureCode, ovmfSecureVars} {
		if _, err := os.Stat(f); err != nil {
			testutil.Skip(t, "needs OVMF ("+f+": the ovmf package, scripts/install-deps --test)")
		}
	}
	dir := t.TempDir()
	stick := buildImage(t, dir)
	var cert, bayCert string // the certificates' text, once the wipe and bay mode have issued them
	for i, fw := range firmwares {
		if !t.Run(fw.name, func(t *testing.T) {
			vm := boot(t, fw, dir, stick)
			vm.serialEntry(t)
			screen := vm.term.WaitScreen(bootTimeout, "wipestation · Devices")
			screen = vm.term.WaitScreen(time.Minute, extraSerial)
			screen = vm.term.WaitScreen(time.Minute, stickSerial)
			t.Logf("%s: the TUI after %s:\n%s", fw.name, time.Since(vm.started).Round(time.Second), screen)
			if got := deviceVerdict(t, screen, extraSerial); strings.Contains(got, "NOT ELIGIBLE") {
				t.Errorf("the extra disk is not eligible: %q", got)
			}
			if got := deviceVerdict(t, screen, stickSerial); !strings.Contains(got, "NOT ELIGIBLE") {
				t.Fatalf("the boot stick is offered: %q", got)
			}
			switch i {
			case 0:
				vm.wipeFirstDevice(t)
			case 1:
				vm.bayMode(t)
				vm.plugStick(t, dir, hotSerial)
				vm.bayModeErased(t, dir, hotSerial)
			default:
				vm.plugStick(t, dir, hotSerial)
			}
			vm.powerOff(t)
			got := certificateTexts(t, dir, stick)
			switch {
			case i == 0:
				if data, err := os.ReadFile(filepath.Join(dir, "extra.img")); err != nil || bytes.Contains(data, []byte(oldData)) {
					t.Errorf("the extra disk still holds its old data (%v)", err)
				}
				if len(got) != 1 || !strings.Contains(got[0], extraSerial) {
					t.Fatalf("want one certificate naming the wiped disk %s:\n%s", extraSerial, got)
				}
				cert = got[0]
			case i == 1:
				if len(got) != 2 || !slices.Contains(got, cert) {
					t.Fatalf("want the first boot's certificate and bay mode's:\n%s", got)
				}
				bayCert = got[slices.IndexFunc(got, func(c string) bool { return c != cert })]
				if !strings.Contains(bayCert, hotSerial) {
					t.Fatalf("bay mode's certificate does not name the stick %s:\n%s", hotSerial, bayCert)
				}
			case len(got) != 2 || !slices.Contains(got, cert) || !slices.Contains(got, bayCert):
				t.Fatalf("after the %s boot the data partition holds other certificates:\n%s", fw.name, got)
			}
		}) {
			return // each boot builds on the one before
		}
	}
	t.Run("secure-boot-refuses-tampered-grub", func(t *testing.T) { tamperedGRUBRefused(t, dir, stick) })
}

// tamperedGRUBRefused is the control for the Secure Boot boot: the same stick with
// one byte of GRUB changed does not start under the enforcing firmware (shim
// refuses it), so that boot did run with Secure Boot enforced.
func tamperedGRUBRefused(t *testing.T, dir, stick string) {
	esp := fmt.Sprintf("%s@@%d", stick, partitionOffset(t, stick, "EFI system"))
	grub := filepath.Join(dir, "grubx64.efi")
	mtools := func(args ...string) {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env = append(os.Environ(), "MTOOLS_SKIP_CHECK=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v: %s", strings.Join(args, " "), err, out)
		}
	}
	mtools("mcopy", "-i", esp, "::/EFI/BOOT/grubx64.efi", grub)
	data, err := os.ReadFile(grub)
	if err != nil {
		t.Fatal(err)
	}
	const inCode = 0x3000 // past the PE headers, inside .text: covered by the signature
	data[inCode] ^= 0xff
	if err := os.WriteFile(grub, data, 0o600); err != nil {
		t.Fatal(err)
	}
	mtools("mcopy", "-o", "-i", esp, grub, "::/EFI/BOOT/grubx64.efi")

	// Shim's refusal comes seconds after power-on, drawn where an 80x24 terminal
	// cannot show it: it is read from the console's log.
	vm := boot(t, secureBoot, dir, stick)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		log, _ := os.ReadFile(vm.consoleLog)
		if bytes.Contains(log, []byte("Verification failed")) && bytes.Contains(log, []byte("Security Violation")) {
			return
		}
		if bytes.Contains(log, []byte("serial console")) || time.Now().After(deadline) {
			t.Fatalf("the tampered GRUB was not refused; the console printed:\n%s", log)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// buildImage runs scripts/build-image into the test's scratch folder (the Debian
// root comes from the cache when it is there). A build that cannot run here (no
// network for the first build, a missing tool) skips with the script's words.
func buildImage(t *testing.T, dir string) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "wipestation.img")
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
	term       *testutil.Terminal // the guest's serial console
	started    time.Time
	qmpSocket  string        // QEMU's QMP socket
	consoleLog string        // all the serial console printed
	exited     chan struct{} // closed when QEMU has exited
}

func boot(t *testing.T, fw firmware, dir, stick string) *vm {
	t.Helper()
	extra := filepath.Join(dir, "extra.img")
	if _, err := os.Stat(extra); err != nil {
		if err := os.WriteFile(extra, bytes.Repeat([]byte(oldData), extraSize/len(oldData)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	fwArgs, err := fw.args(dir)
	if err != nil {
		t.Fatal(err)
	}
	console := filepath.Join(dir, "console.sock")
	qmp := filepath.Join(dir, "qmp.sock")
	consoleLog := filepath.Join(dir, fw.name+"-console.log")
	if err := os.Remove(consoleLog); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err) // an earlier boot's log must not be read as this one's
	}
	args := append([]string{
		"-m", "1024", "-smp", "2", "-accel", "tcg,thread=multi", "-cpu", "max",
		"-nodefaults", "-display", "none", "-vga", "std",
		// The log keeps what the console printed before the terminal connected.
		"-chardev", "socket,id=con,path=" + console + ",server=on,wait=off,logfile=" + consoleLog, "-serial", "chardev:con",
		"-qmp", "unix:" + qmp + ",server=on,wait=off",
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
	v := &vm{started: time.Now(), qmpSocket: qmp, consoleLog: consoleLog, exited: done}
	t.Cleanup(func() {
		cancel()
		<-done
		if t.Failed() {
			t.Logf("qemu: %s", qemuLog.String())
		}
	})

	// The pane is an 80x24 terminal on the guest's serial port, reconnecting until
	// QEMU has made the socket.
	shell := fmt.Sprintf("while ! socat -,raw,echo=0 UNIX-CONNECT:%s 2>/dev/null; do sleep 0.2; done; sleep 600", console)
	v.term = testutil.NewTerminal(t, 80, 24, shell)
	return v
}

// serialEntry waits for GRUB's menu and presses its "s" hotkey: the entry that
// runs the TUI on ttyS0.
func (v *vm) serialEntry(t *testing.T) {
	t.Helper()
	v.term.WaitScreen(2*time.Minute, "serial console")
	v.term.Keys("s")
}

// wipeFirstDevice wipes the one eligible device (the extra disk: the stick it
// booted from cannot be selected, and which of the two the kernel names sda
// varies) with the keys a technician presses, as cmd/wipestation's end-to-end
// test does, and waits for the result.
func (v *vm) wipeFirstDevice(t *testing.T) {
	t.Helper()
	keys, text := v.term.Keys, v.term.Text
	keys("a", "w")
	v.term.WaitScreen(30*time.Second, "Pick a method")
	keys("Enter")
	v.term.WaitScreen(30*time.Second, "Verification")
	keys("Enter")
	v.term.WaitScreen(30*time.Second, "Job details")
	keys("C-u")
	text("Stick Operator")
	keys("Enter", "C-u")
	text("Stick Org")
	keys("Enter")
	text("STICK-ASSET-1")
	keys("Enter", "Enter", "Enter", "Enter")
	v.term.WaitScreen(30*time.Second, "Type ERASE 1")
	text("ERASE 1")
	keys("Enter")
	screen := v.term.WaitScreen(5*time.Minute, "ERASED", "FAILED", "REFUSED", "ABORTED")
	if !strings.Contains(screen, "ERASED") {
		t.Fatalf("the wipe did not end erased:\n%s", screen)
	}
	t.Logf("after the wipe:\n%s", screen)
}

// bayMode arms bay mode with each device's recommended method, with the keys a
// technician presses, and waits for its banner.
func (v *vm) bayMode(t *testing.T) {
	t.Helper()
	v.term.Keys("b")
	v.term.WaitScreen(30*time.Second, "Pick a method")
	for range 12 { // method, verification, then each field of the job details
		if strings.Contains(v.term.Screen(), "Type AUTO ERASE") {
			break
		}
		v.term.Keys("Enter")
		time.Sleep(time.Second)
	}
	v.term.WaitScreen(30*time.Second, "Type AUTO ERASE")
	v.term.Text("AUTO ERASE")
	v.term.Keys("Enter")
	v.term.WaitScreen(30*time.Second, "BAY MODE ON")
}

// bayModeErased waits for bay mode's job on the stick with serial to end, and
// checks what a technician reads at 80x24: the row's overall percent while it
// runs, then ERASED with the certificate ID on the progress screen and in the
// bay, and the stick's old bytes gone.
func (v *vm) bayModeErased(t *testing.T, dir, serial string) {
	t.Helper()
	v.term.Keys("p")
	screen := v.term.WaitScreen(5*time.Minute, "ERASED", "FAILED", "REFUSED", "ABORTED", "% ")
	t.Logf("bay mode's job:\n%s", screen)
	screen = v.term.WaitScreen(5*time.Minute, "ERASED", "FAILED", "REFUSED", "ABORTED")
	t.Logf("bay mode's result:\n%s", screen)
	id := regexp.MustCompile(`ERASED · certificate (WS-\d{8}-[0-9A-F]{10}) · \S+ \(bay mode\)`).FindStringSubmatch(screen)
	if id == nil {
		t.Fatalf("bay mode's result does not show ERASED with its certificate ID:\n%s", screen)
	}
	v.term.Keys("d")
	screen = v.term.WaitScreen(30*time.Second, "wipestation · Devices")
	if got := deviceVerdict(t, screen, serial); !strings.Contains(got, id[1]) {
		t.Errorf("the bay does not show the certificate ID %s on the stick's row: %q", id[1], got)
	}
	if data, err := os.ReadFile(filepath.Join(dir, serial+".img")); err != nil || bytes.Contains(data, []byte(oldData)) {
		t.Errorf("the stick still holds its old data (%v)", err)
	}
}

// powerOff presses the virtual power button (ACPI, as on a desk) and waits for
// the guest to shut down and QEMU to exit.
func (v *vm) powerOff(t *testing.T) {
	t.Helper()
	v.qmp(t, `{"execute":"system_powerdown"}`)
	select {
	case <-v.exited:
	case <-time.After(3 * time.Minute):
		t.Fatalf("the guest did not power off within 3 minutes:\n%s", v.term.Screen())
	}
}

// plugStick plugs a USB stick with serial into the running guest (QMP) and waits
// for the TUI to list it as eligible.
func (v *vm) plugStick(t *testing.T, dir, serial string) {
	t.Helper()
	img := filepath.Join(dir, serial+".img")
	if err := os.WriteFile(img, bytes.Repeat([]byte(oldData), extraSize/len(oldData)), 0o600); err != nil {
		t.Fatal(err)
	}
	v.qmp(t,
		fmt.Sprintf(`{"execute":"blockdev-add","arguments":{"node-name":"hot0","driver":"raw","file":{"driver":"file","filename":%q}}}`, img),
		fmt.Sprintf(`{"execute":"device_add","arguments":{"driver":"usb-storage","bus":"xhci.0","drive":"hot0","id":"hot0dev","serial":%q,"removable":true}}`, serial))
	screen := v.term.WaitScreen(time.Minute, serial)
	if got := deviceVerdict(t, screen, serial); strings.Contains(got, "NOT ELIGIBLE") {
		t.Errorf("the stick plugged in while the TUI runs is not eligible: %q", got)
	}
}

// qmp sends commands to QEMU's monitor, one after the other, each answered before
// the next.
func (v *vm) qmp(t *testing.T, commands ...string) {
	t.Helper()
	conn, err := net.Dial("unix", v.qmpSocket)
	if err != nil {
		t.Fatalf("qmp: %v", err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(conn)
	r.ReadString('\n') // greeting
	for _, cmd := range append([]string{`{"execute":"qmp_capabilities"}`}, commands...) {
		if _, err := fmt.Fprintln(conn, cmd); err != nil {
			t.Fatalf("qmp %s: %v", cmd, err)
		}
		for { // events (POWERDOWN) may come before the reply
			reply, err := r.ReadString('\n')
			if err != nil || strings.Contains(reply, `"error"`) {
				t.Fatalf("qmp %s: %q %v", cmd, reply, err)
			}
			if strings.Contains(reply, `"return"`) {
				break
			}
		}
	}
}

// certificateTexts reads the certificates from the stick's data partition
// (debugfs on the image file: nothing is mounted) and returns their text
// (pdftotext).
func certificateTexts(t *testing.T, dir, stick string) []string {
	t.Helper()
	offset := partitionOffset(t, stick, "WSDATA")
	out := filepath.Join(dir, fmt.Sprintf("certificates-%d", time.Now().UnixNano()))
	if err := os.Mkdir(out, 0o700); err != nil {
		t.Fatal(err)
	}
	fs := fmt.Sprintf("%s?offset=%d", stick, offset)
	if b, err := exec.Command("debugfs", "-R", "rdump /certificates "+out, fs).CombinedOutput(); err != nil {
		t.Fatalf("debugfs rdump: %v: %s", err, b)
	}
	var pdfs []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".pdf") {
			pdfs = append(pdfs, p)
		}
		return nil
	})
	var texts []string
	for _, pdf := range pdfs {
		text, err := exec.Command("pdftotext", pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", pdf, err)
		}
		texts = append(texts, string(text))
	}
	return texts
}

// partitionOffset is the byte offset of the partition called name in the image.
func partitionOffset(t *testing.T, image, name string) int64 {
	t.Helper()
	b, err := exec.Command("sfdisk", "--json", image).Output()
	if err != nil {
		t.Fatalf("sfdisk --json %s: %v", image, err)
	}
	var table struct {
		PartitionTable struct {
			SectorSize int64 `json:"sectorsize"`
			Partitions []struct {
				Start int64  `json:"start"`
				Name  string `json:"name"`
			} `json:"partitions"`
		} `json:"partitiontable"`
	}
	if err := json.Unmarshal(b, &table); err != nil {
		t.Fatalf("sfdisk --json: %v", err)
	}
	for _, p := range table.PartitionTable.Partitions {
		if p.Name == name {
			return p.Start * table.PartitionTable.SectorSize
		}
	}
	t.Fatalf("no partition %q in %s: %s", name, image, b)
	return 0
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

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
