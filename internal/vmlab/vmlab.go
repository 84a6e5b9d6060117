// Package vmlab boots a throwaway QEMU virtual machine with emulated drives (NVMe,
// SATA, USB sticks, UAS, SCSI, CD-ROMs, an MTP phone) and runs a shell script in it,
// so that tests can exercise discovery, the kernel interfaces and real overwrites
// against a real Linux kernel on hardware the build machine does not have.
//
// Everything in the guest is throwaway: the media are sparse files on /dev/shm that
// the test creates and removes. The guest kernel and modules come from Debian's
// linux-image package (scripts/vm/fetch-kernel), the guest userland is
// busybox-static plus the static wipestation binary. See docs/vm-lab.md.
//
// One boot costs 15-30 s under software emulation, so a test runs many checks per
// boot: its script calls ws_run for each, and the results come back to the host on
// the guest's second serial port.
package vmlab

import (
	"bufio"
	"bytes"
	"context"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/internal/testutil"
)

// AccelEnv picks QEMU's accelerator: "tcg" (the default) or "kvm". /dev/kvm exists
// on the project's build machines but hangs a guest kernel, so software emulation
// is the default; a boot that hangs is caught by Config.Timeout either way.
const AccelEnv = "WIPESTATION_VM_ACCEL"

// Config is one boot of the lab.
type Config struct {
	// Devices are attached to the VM (see Desk and Pick).
	Devices []Device
	// Script is the guest shell script (busybox sh). It runs after every device has
	// appeared (or DeviceWait passed), with /ws/lib.sh loaded: ws_run NAME CMD...
	// records a result, ws_dev ID names a device's guest path, ws_mark NAME tells
	// the host to fire its triggers (see docs/vm-lab.md for the whole library).
	Script string
	// Wipestation builds the static wipestation binary (CGO_ENABLED=0) from this
	// module and puts it at /bin/wipestation in the guest.
	Wipestation bool
	// Files are extra files for the guest's initramfs.
	Files []File
	// HostBinaries are Debian programs of the host (by name, found in PATH, or by
	// absolute path) copied to /bin in the guest with the shared libraries and
	// the ELF interpreter ldd names, at their host paths: mdadm, dmsetup. A
	// missing one makes the lab unavailable (the test skips, naming it).
	HostBinaries []string
	// Triggers unplug devices while the guest runs.
	Triggers []Trigger
	// Timeout bounds the whole boot on the host (default 6 minutes); the guest
	// script gets this minus a margin.
	Timeout time.Duration
	// DeviceWait bounds the guest's wait for its devices (default 90 s).
	DeviceWait time.Duration
}

// Trigger unplugs a device (QMP device_del) at a chosen moment: After this long
// once the guest printed Mark with ws_mark (or after boot started, with no Mark).
type Trigger struct {
	Mark   string
	After  time.Duration
	Unplug string // the Device.ID to unplug
}

// Unplug says what a Trigger did.
type Unplug struct {
	ID  string
	At  time.Duration // since QEMU started
	Err error
}

// Run is a finished boot.
type Run struct {
	// Console is everything the guest printed on its console (ttyS0).
	Console string
	// Results are the guest's results in the order they came.
	Results []Result
	// ScriptExit is the exit code of the guest script.
	ScriptExit int
	// Paths maps each Device.ID to its guest path (/dev/sdb, /dev/nvme0n1,
	// /dev/bus/usb/001/004), as found after boot; missing devices are absent.
	Paths map[string]string
	// Marks says when the host saw each ws_mark, since QEMU started;
	// "devices-ready" is set by the lab itself.
	Marks map[string]time.Duration
	// Unplugs lists the device_del commands sent.
	Unplugs []Unplug
	// Elapsed is the whole boot, QEMU start to exit.
	Elapsed time.Duration
	// QEMUArgs is QEMU's command line, to reproduce a run by hand.
	QEMUArgs []string

	hostDirs map[string]string
	images   map[string]string
}

// Result returns the guest result with this name, or fails the test.
func (r *Run) Result(t testing.TB, name string) Result {
	t.Helper()
	for _, res := range r.Results {
		if res.Name == name {
			return res
		}
	}
	t.Fatalf("the guest sent no result %q (results: %s)", name, r.resultNames())
	return Result{}
}

func (r *Run) resultNames() string {
	names := make([]string, 0, len(r.Results))
	for _, res := range r.Results {
		names = append(names, res.Name)
	}
	return strings.Join(names, ", ")
}

// HostDir is the host folder behind a phone (usb-mtp rootdir).
func (r *Run) HostDir(id string) string { return r.hostDirs[id] }

// Image is the host file behind a disk or CD.
func (r *Run) Image(id string) string { return r.images[id] }

// env is what a boot needs from the host.
type env struct {
	qemu      string
	busybox   string
	kernelDir string
	root      string // the module's root folder
	font      string // the certificate font the guest's wipestation renders with
}

// Boot starts the VM, runs cfg.Script in it and returns when the guest powered off.
// It skips the test (testutil.Skip) when QEMU, busybox-static, genisoimage or the
// guest kernel are not available, and fails it when the guest does not finish in
// time, never hanging. On failure the QEMU command line and the console are logged.
func Boot(t testing.TB, cfg Config) *Run {
	t.Helper()
	e, err := findEnv(t.Context(), cfg)
	var unavailable *UnavailableError
	if errors.As(err, &unavailable) {
		testutil.Skip(t, err.Error())
	}
	if err != nil {
		t.Fatalf("vm lab: %v", err)
	}
	mount := func(dir string, sizeBytes int64) error {
		testutil.RequireRoot(t)
		unmount, err := mountTmpfs(dir, sizeBytes)
		if err != nil {
			return err
		}
		t.Cleanup(func() {
			if err := unmount(); err != nil {
				t.Error(err)
			}
		})
		return nil
	}
	run := &Run{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("vm lab: qemu-system-x86_64 %s", strings.Join(run.QEMUArgs, " "))
			t.Logf("vm lab: guest console:\n%s", run.Console)
		}
	})
	if err := start(t.Context(), e, cfg, testutil.ScratchDir(t), mount, run); err != nil {
		t.Fatalf("vm lab: %v", err)
	}
	for _, d := range cfg.Devices {
		if _, ok := run.Paths[d.ID]; !ok && !unplugged(run, d.ID) {
			t.Errorf("vm lab: device %s (%s, serial %s) never appeared in the guest", d.ID, d.Kind, d.Serial)
		}
	}
	t.Logf("vm lab: boot took %v (devices ready at %v)", run.Elapsed.Round(100*time.Millisecond),
		run.Marks["devices-ready"].Round(100*time.Millisecond))
	return run
}

// UnavailableError says the lab cannot run on this machine (a package or the
// guest kernel is missing); tests skip on it.
type UnavailableError struct{ Reason string }

func (e *UnavailableError) Error() string { return e.Reason }

// Start is Boot outside a test: it boots the VM with its media in scratch (an
// existing folder, preferably on tmpfs), runs the script and returns the run. The
// phones' tmpfs mounts (StorageBytes) are unmounted before it returns. The error is
// an *UnavailableError when the lab cannot run here; run is never nil, so that its
// console can be shown whatever happened.
func Start(ctx context.Context, cfg Config, scratch string) (run *Run, err error) {
	run = &Run{}
	e, err := findEnv(ctx, cfg)
	if err != nil {
		return run, err
	}
	var unmounts []func() error
	defer func() {
		for _, unmount := range unmounts {
			err = errors.Join(err, unmount())
		}
	}()
	mount := func(dir string, sizeBytes int64) error {
		if os.Geteuid() != 0 {
			return &UnavailableError{Reason: "a phone with StorageBytes needs root (a tmpfs mount)"}
		}
		unmount, err := mountTmpfs(dir, sizeBytes)
		if err == nil {
			unmounts = append(unmounts, unmount)
		}
		return err
	}
	return run, start(ctx, e, cfg, scratch, mount, run)
}

// mountTmpfs mounts a tmpfs of sizeBytes on dir (made if missing) and returns how
// to unmount it.
func mountTmpfs(dir string, sizeBytes int64) (unmount func() error, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("mount a tmpfs on %s: %w", dir, err)
	}
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d,mode=0755", sizeBytes), "wipestation-vm-phone", dir).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("mount a tmpfs on %s: %w: %s", dir, err, out)
	}
	return func() error {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			return fmt.Errorf("umount %s: %w: %s", dir, err, out)
		}
		return nil
	}, nil
}

// start does the work of Boot and Start, filling run as it goes.
func start(ctx context.Context, e env, cfg Config, scratch string, mount func(dir string, sizeBytes int64) error, run *Run) error {
	if cfg.Timeout == 0 {
		cfg.Timeout = 6 * time.Minute
	}
	if cfg.DeviceWait == 0 {
		cfg.DeviceWait = 90 * time.Second
	}
	run.Paths, run.Marks = map[string]string{}, map[string]time.Duration{}
	run.hostDirs, run.images = map[string]string{}, map[string]string{}

	md, err := prepareMedia(scratch, cfg.Devices, mount)
	if err != nil {
		return fmt.Errorf("media: %w", err)
	}
	for id, m := range md {
		if m.dir != "" {
			run.hostDirs[id] = m.dir
		} else {
			run.images[id] = m.image
		}
	}

	files, err := guestFiles(e, cfg, scratch)
	if err != nil {
		return fmt.Errorf("initramfs: %w", err)
	}
	initrd := filepath.Join(scratch, "initramfs.cpio")
	f, err := os.Create(initrd)
	if err != nil {
		return fmt.Errorf("initramfs: %w", err)
	}
	err = writeInitramfs(f, files)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("initramfs: %w", err)
	}

	devArgs, err := deviceArgs(cfg.Devices, md)
	if err != nil {
		return fmt.Errorf("devices: %w", err)
	}
	resultsFile := filepath.Join(scratch, "results")
	qmpSocket := filepath.Join(scratch, "qmp.sock")
	run.QEMUArgs = []string{
		"-machine", "q35", "-m", "1024", "-smp", "2",
		"-nodefaults", "-display", "none", "-no-reboot",
		"-kernel", filepath.Join(e.kernelDir, "vmlinuz"), "-initrd", initrd,
		"-append", "console=ttyS0 panic=-1 quiet loglevel=3 mitigations=off",
		"-serial", "stdio", "-serial", "file:" + resultsFile,
		"-qmp", "unix:" + qmpSocket + ",server=on,wait=off",
	}
	run.QEMUArgs = append(run.QEMUArgs, accelArgs()...)
	run.QEMUArgs = append(run.QEMUArgs, devArgs...)

	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	if err := boot(ctx, e.qemu, run.QEMUArgs, qmpSocket, cfg.Triggers, run); err != nil {
		return err
	}

	data, err := os.ReadFile(resultsFile)
	if err != nil {
		return fmt.Errorf("results: %w", err)
	}
	run.Results, run.ScriptExit, err = parseResults(data)
	if err != nil {
		return fmt.Errorf("results channel: %w", err)
	}
	for _, res := range run.Results {
		if res.Name != "ws-devices" {
			continue
		}
		for _, line := range strings.Split(string(res.Stdout), "\n") {
			if id, p, ok := strings.Cut(strings.TrimSpace(line), " "); ok {
				run.Paths[id] = p
			}
		}
	}
	if run.ScriptExit < 0 {
		return fmt.Errorf("the guest never finished its script (results so far: %s)", run.resultNames())
	}
	return nil
}

func unplugged(run *Run, id string) bool {
	for _, u := range run.Unplugs {
		if u.ID == id && u.Err == nil {
			return true
		}
	}
	return false
}

func accelArgs() []string {
	if os.Getenv(AccelEnv) == "kvm" {
		return []string{"-accel", "kvm", "-cpu", "host"}
	}
	return []string{"-accel", "tcg,thread=multi", "-cpu", "max"}
}

// boot runs QEMU until it exits, watching the console for marks and firing the
// triggers. It fills run's Console, Marks, Unplugs and Elapsed.
func boot(ctx context.Context, qemu string, args []string, qmpSocket string, triggers []Trigger, run *Run) error {
	cmd := exec.CommandContext(ctx, qemu, args...)
	cmd.WaitDelay = 5 * time.Second
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("qemu stdout: %w", err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start qemu: %w", err)
	}

	var mu sync.Mutex // guards run.Console, Marks, Unplugs and the QMP connection
	var console strings.Builder
	var qmp *qmpClient
	var wg sync.WaitGroup
	fire := func(tr Trigger) {
		defer wg.Done()
		if tr.After > 0 {
			select {
			case <-time.After(tr.After):
			case <-ctx.Done():
				return
			}
		}
		mu.Lock()
		defer mu.Unlock()
		u := Unplug{ID: tr.Unplug, At: time.Since(start)}
		if qmp == nil {
			qctx, qcancel := context.WithTimeout(ctx, 15*time.Second)
			qmp, u.Err = dialQMP(qctx, qmpSocket)
			qcancel()
		}
		if u.Err == nil {
			qctx, qcancel := context.WithTimeout(ctx, 15*time.Second)
			u.Err = qmp.deviceDel(qctx, tr.Unplug)
			qcancel()
		}
		fmt.Fprintf(&console, "[vmlab host: device_del %s at %v: %v]\n", tr.Unplug, u.At.Round(100*time.Millisecond), u.Err)
		run.Unplugs = append(run.Unplugs, u)
	}
	for _, tr := range triggers {
		if tr.Mark == "" {
			wg.Add(1)
			go fire(tr)
		}
	}

	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		mu.Lock()
		console.WriteString(line)
		console.WriteByte('\n')
		mark := ""
		if i := strings.Index(line, markMark); i >= 0 {
			mark = strings.Fields(line[i+len(markMark):] + " ")[0]
			run.Marks[mark] = time.Since(start)
		}
		mu.Unlock()
		for _, tr := range triggers {
			if mark != "" && tr.Mark == mark {
				wg.Add(1)
				go fire(tr)
			}
		}
	}
	io.Copy(io.Discard, stdout)
	waitErr := cmd.Wait()
	wg.Wait()
	run.Elapsed = time.Since(start)
	if qmp != nil {
		qmp.close()
	}
	run.Console = console.String()
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("the guest did not finish within its timeout (%v): %w", run.Elapsed.Round(time.Second), ctx.Err())
	case waitErr != nil:
		return fmt.Errorf("qemu: %w: %s", waitErr, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// guestFiles lists the initramfs: busybox, the modules in load order, /init, the
// guest library and script, the wipestation binary and the test's own files.
func guestFiles(e env, cfg Config, scratch string) ([]File, error) {
	busybox, err := os.ReadFile(e.busybox)
	if err != nil {
		return nil, fmt.Errorf("read busybox: %w", err)
	}
	order, err := os.ReadFile(filepath.Join(e.kernelDir, "modules.order"))
	if err != nil {
		return nil, fmt.Errorf("read module order: %w", err)
	}
	files := []File{
		{Path: "/init", Data: []byte(initScript), Mode: 0o755},
		{Path: "/bin/busybox", Data: busybox, Mode: 0o755},
		{Path: "/dev", Dir: true, Mode: 0o755},
		{Path: "/dev/console", CharDevice: &[2]uint32{5, 1}, Mode: 0o600},
		{Path: "/proc", Dir: true, Mode: 0o555},
		{Path: "/sys", Dir: true, Mode: 0o555},
		{Path: "/tmp", Dir: true, Mode: 0o1777},
	}
	var modules strings.Builder
	for _, name := range strings.Fields(string(order)) {
		ko, err := os.ReadFile(filepath.Join(e.kernelDir, "modules", name))
		if err != nil {
			return nil, fmt.Errorf("read module: %w", err)
		}
		files = append(files, File{Path: "/lib/modules/" + name, Data: ko, Mode: 0o644})
		modules.WriteString(name)
		if params := moduleParams(name); params != "" {
			modules.WriteString(" " + params)
		}
		modules.WriteByte('\n')
	}
	scriptTimeout := int((cfg.Timeout - cfg.DeviceWait - 60*time.Second) / time.Second)
	if scriptTimeout < 30 {
		scriptTimeout = 30
	}
	files = append(files,
		File{Path: "/ws/modules", Data: []byte(modules.String()), Mode: 0o644},
		File{Path: "/ws/lib.sh", Data: []byte(libScript + devicesScript(cfg.Devices, int(cfg.DeviceWait/time.Second), scriptTimeout)), Mode: 0o644},
		File{Path: "/ws/guest.sh", Data: []byte(". /ws/lib.sh\n" + cfg.Script + "\n"), Mode: 0o755},
	)
	if cfg.Wipestation {
		bin := filepath.Join(scratch, "wipestation")
		if err := buildWipestation(e.root, bin); err != nil {
			return nil, err
		}
		data, err := os.ReadFile(bin)
		if err != nil {
			return nil, fmt.Errorf("read wipestation binary: %w", err)
		}
		files = append(files, File{Path: "/bin/wipestation", Data: data, Mode: 0o755})
		font, err := os.ReadFile(e.font)
		if err != nil {
			return nil, fmt.Errorf("read the certificate font: %w", err)
		}
		files = append(files, File{Path: guestFont, Data: font, Mode: 0o644})
	}
	bins, err := hostBinaries(cfg.HostBinaries)
	if err != nil {
		return nil, err
	}
	files = append(files, bins...)
	return append(files, cfg.Files...), nil
}

// hostBinaries returns the guest files for host programs: each at /bin/NAME, and
// every shared library and ELF interpreter ldd names for any of them, once, at
// its host path.
func hostBinaries(names []string) ([]File, error) {
	var files []File
	seen := map[string]bool{}
	add := func(guest, host string, mode uint32) error {
		if seen[guest] {
			return nil
		}
		seen[guest] = true
		data, err := os.ReadFile(host)
		if err != nil {
			return fmt.Errorf("copy %s into the guest: %w", host, err)
		}
		files = append(files, File{Path: guest, Data: data, Mode: mode})
		return nil
	}
	for _, name := range names {
		bin, err := exec.LookPath(name)
		if err != nil {
			return nil, err
		}
		if err := add("/bin/"+filepath.Base(bin), bin, 0o755); err != nil {
			return nil, err
		}
		out, err := exec.Command("ldd", bin).Output()
		if err != nil {
			return nil, fmt.Errorf("ldd %s: %w", bin, err)
		}
		// Lines are "libx.so.1 => /lib/.../libx.so.1 (0x...)", or the
		// interpreter as "/lib64/ld-linux-x86-64.so.2 (0x...)"; the vDSO has no file.
		for _, line := range strings.Split(string(out), "\n") {
			f := strings.Fields(line)
			var lib string
			switch {
			case len(f) >= 3 && f[1] == "=>" && strings.HasPrefix(f[2], "/"):
				lib = f[2]
			case len(f) >= 1 && strings.HasPrefix(f[0], "/"):
				lib = f[0]
			default:
				continue
			}
			if err := add(filepath.Clean(lib), lib, 0o755); err != nil {
				return nil, err
			}
		}
	}
	return files, nil
}

// moduleParams returns a module's insmod parameters: usb-storage waits 1 s before
// scanning a new stick by default, which only slows the boot.
func moduleParams(name string) string {
	if name == "usb-storage.ko" {
		return "delay_use=0"
	}
	return ""
}

// buildWipestation builds the static binary the guest runs.
func buildWipestation(root, out string) error {
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = filepath.Join(goroot(), "bin", "go")
	}
	cmd := exec.Command(gobin, "build", "-o", out, "./cmd/wipestation")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=")
	if output, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build wipestation for the guest: %w: %s", err, output)
	}
	return nil
}

func goroot() string {
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		return strings.TrimSpace(string(out))
	}
	return "/usr/local/go"
}

// prepareMedia creates the devices' backing stores in scratch: sparse disk images,
// ISO 9660 discs (genisoimage) and phone folders (on a tmpfs of their own, made by
// mountStorage, when the device has StorageBytes).
func prepareMedia(scratch string, devs []Device, mountStorage func(dir string, sizeBytes int64) error) (map[string]media, error) {
	out := map[string]media{}
	for _, d := range devs {
		switch {
		case d.Kind == KindMTP:
			dir := filepath.Join(scratch, d.ID+"-storage")
			if d.StorageBytes > 0 {
				if err := mountStorage(dir, d.StorageBytes); err != nil {
					return nil, fmt.Errorf("storage of %s: %w", d.ID, err)
				}
			}
			if err := writeTree(dir, d.Files); err != nil {
				return nil, err
			}
			out[d.ID] = media{dir: dir}
		case d.IsOptical():
			src := filepath.Join(scratch, d.ID+"-disc")
			if err := writeTree(src, d.Files); err != nil {
				return nil, err
			}
			iso := filepath.Join(scratch, d.ID+".iso")
			cmd := exec.Command("genisoimage", "-quiet", "-V", d.VolumeLabel, "-R", "-J", "-o", iso, src)
			if output, err := cmd.CombinedOutput(); err != nil {
				return nil, fmt.Errorf("make the disc of %s: %w: %s", d.ID, err, output)
			}
			out[d.ID] = media{image: iso}
		default:
			img := filepath.Join(scratch, d.ID+".img")
			f, err := os.Create(img)
			if err != nil {
				return nil, fmt.Errorf("image of %s: %w", d.ID, err)
			}
			err = f.Truncate(d.SizeBytes)
			if err == nil && d.Fill != 0 {
				err = fill(f, d.SizeBytes, d.Fill)
			}
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return nil, fmt.Errorf("image of %s: %w", d.ID, err)
			}
			out[d.ID] = media{image: img}
		}
	}
	return out, nil
}

// fill writes b over the first sizeBytes of f.
func fill(f *os.File, sizeBytes int64, b byte) error {
	chunk := bytes.Repeat([]byte{b}, 1<<20)
	for off := int64(0); off < sizeBytes; off += int64(len(chunk)) {
		n := min(int64(len(chunk)), sizeBytes-off)
		if _, err := f.WriteAt(chunk[:n], off); err != nil {
			return fmt.Errorf("fill %s: %w", f.Name(), err)
		}
	}
	return nil
}

func writeTree(dir string, files map[string]string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("make %s: %w", dir, err)
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("make %s: %w", filepath.Dir(p), err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
	}
	return nil
}

// findEnv finds what a boot needs; an *UnavailableError names what is missing.
func findEnv(ctx context.Context, cfg Config) (env, error) {
	var e env
	var err error
	devs := cfg.Devices
	if cfg.Wipestation {
		// wipe issues a certificate for every job, so the guest needs the font.
		if e.font, err = certificate.FindFont("", os.Getenv); err != nil {
			return e, &UnavailableError{Reason: fmt.Sprintf("the guest's wipestation needs the certificate font: %v", err)}
		}
	}
	for _, name := range cfg.HostBinaries {
		if _, err := exec.LookPath(name); err != nil {
			return e, &UnavailableError{Reason: fmt.Sprintf("the guest needs the host's %s (scripts/install-deps --test installs it)", name)}
		}
	}
	if _, err := exec.LookPath("ldd"); err != nil && len(cfg.HostBinaries) > 0 {
		return e, &UnavailableError{Reason: "copying host programs into the guest needs ldd"}
	}
	if e.qemu, err = exec.LookPath("qemu-system-x86_64"); err != nil {
		return e, &UnavailableError{Reason: "the VM lab needs qemu-system-x86_64 (scripts/install-deps --test installs qemu-system-x86)"}
	}
	e.busybox = "/bin/busybox"
	if err := checkStatic(e.busybox); err != nil {
		return e, &UnavailableError{Reason: fmt.Sprintf("the VM lab needs a static /bin/busybox (package busybox-static): %v", err)}
	}
	for _, d := range devs {
		if d.IsOptical() {
			if _, err := exec.LookPath("genisoimage"); err != nil {
				return e, &UnavailableError{Reason: "the VM lab's CD-ROMs need genisoimage (scripts/install-deps --test installs it)"}
			}
		}
		if d.StorageBytes > 0 {
			for _, c := range []string{"mount", "umount"} {
				if _, err := exec.LookPath(c); err != nil {
					return e, &UnavailableError{Reason: "a phone's own storage needs " + c}
				}
			}
		}
	}
	if e.root, err = moduleRoot(); err != nil {
		return e, err
	}
	if e.kernelDir, err = fetchKernel(ctx, e.root); err != nil {
		return e, &UnavailableError{Reason: fmt.Sprintf("the VM lab cannot get its guest kernel from Debian's packages: %v", err)}
	}
	return e, nil
}

// checkStatic returns an error unless path is a statically linked ELF executable.
func checkStatic(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return errors.New("dynamically linked")
		}
	}
	return nil
}

// fetchKernel runs scripts/vm/fetch-kernel (a no-op when the cache is filled) and
// returns the kernel's cache folder.
func fetchKernel(ctx context.Context, root string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(root, "scripts", "vm", "fetch-kernel"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("scripts/vm/fetch-kernel: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	dir := lines[len(lines)-1]
	if _, err := os.Stat(filepath.Join(dir, "ready")); err != nil {
		return "", fmt.Errorf("scripts/vm/fetch-kernel answered %q: %w", dir, err)
	}
	return dir, nil
}

// moduleRoot walks up from the working directory to the folder holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find the module root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find the module root: no go.mod above the working directory")
		}
		dir = parent
	}
}
