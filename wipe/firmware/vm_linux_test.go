//go:build linux

package firmware

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/ata"
	"github.com/wipestation/wipestation/devices/sgio"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// TestVM runs only inside the throwaway QEMU VM (docs/purge.md): the vmlab harness
// builds this package's test binary (go test -c), boots it in the guest and sets
//
//	WIPESTATION_VM=1
//	WIPESTATION_VM_NVME=/dev/nvme0n1         the emulated NVMe namespace
//	WIPESTATION_VM_REFUSE="/dev/sda /dev/sdb" disks every ATA/SCSI method must refuse
//
// It fills the NVMe namespace with random data, checks QEMU's capabilities (Format
// yes, crypto erase no, Sanitize no), runs nvme-format and expects it to be erased
// and verified, and expects every other firmware method to be refused up front.
// It writes only to a device whose controller says it is QEMU's.
func TestVM(t *testing.T) {
	if os.Getenv("WIPESTATION_VM") == "" {
		t.Skip("runs only inside the throwaway QEMU VM (WIPESTATION_VM=1, see docs/purge.md)")
	}
	ctx := context.Background()
	sys := devices.HostSystem()
	if path := os.Getenv("WIPESTATION_VM_NVME"); path != "" {
		t.Run("nvme", func(t *testing.T) { vmNVMe(ctx, t, sys, path) })
	}
	for _, path := range strings.Fields(os.Getenv("WIPESTATION_VM_REFUSE")) {
		t.Run("refuse "+path, func(t *testing.T) { vmRefuse(ctx, t, sys, path) })
	}
}

// vmExecute runs method on d as the runner would hand it over; a refusal comes
// back as the error (a *devices.RefusalError).
func vmExecute(ctx context.Context, t *testing.T, d devices.Device, method string, target *os.File) (wipe.Outcome, error) {
	t.Helper()
	e := New(TargetOpener{})
	e.PollInterval = 100 * time.Millisecond
	res, err := wipe.Resolve(d, method, "")
	if err != nil {
		t.Fatal(err)
	}
	res.Method.Class = res.Class
	out, err := e.Execute(ctx, wipe.Execution{
		Job:    wipe.Job{Device: d, Method: method, Options: wipe.Options{Verify: wipe.VerifySampling}},
		Method: res.Method,
		Target: target,
	})
	var rf *devices.RefusalError
	if err != nil && !errors.As(err, &rf) {
		t.Fatalf("%s: %v", method, err)
	}
	t.Logf("%s: completed=%v err=%v reason=%q details=%q verification=%+v exceptions=%q",
		method, out.Completed, err, out.Reason, out.Sanitization.Details, out.Verification, out.Exceptions)
	return out, err
}

func vmNVMe(ctx context.Context, t *testing.T, sys devices.System, path string) {
	d := devices.Device{Path: path, Name: strings.TrimPrefix(path, "/dev/"), Transport: devices.TransportNVMe}
	sys.Probe(ctx, &d)
	c := d.Capabilities.NVMe
	if c == nil {
		t.Fatalf("no NVMe capabilities: %q", d.Capabilities.ProbeErrors)
	}
	if !strings.Contains(d.Model, "QEMU") {
		t.Fatalf("model %q: not QEMU's NVMe, refusing to write to it", d.Model)
	}
	if want := (devices.NVMeCapabilities{FormatSupported: true}); *c != want {
		t.Errorf("capabilities %+v, want %+v (QEMU 7.2: Format yes, FNA 0, SANICAP 0)", *c, want)
	}
	f, err := os.OpenFile(path, os.O_RDWR|unix.O_EXCL, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	size, err := f.Seek(0, 2)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1<<20)
	for off := int64(0); off < size; off += int64(len(buf)) {
		rand.Read(buf)
		if _, err := f.WriteAt(buf[:min(int64(len(buf)), size-off)], off); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}

	out, err := vmExecute(ctx, t, d, "nvme-format", f)
	if err != nil || !out.Completed || !out.Verification.Verified || out.Verification.Mismatches != 0 {
		t.Errorf("nvme-format: err %v completed=%v verified=%v reason %q", err, out.Completed, out.Verification.Verified, out.Reason)
	}
	if !slices.ContainsFunc(msg.Texts(out.Sanitization.Details), func(s string) bool { return strings.HasPrefix(s, "NVMe Format NVM (80h) NSID=1 SES=1 LBAF=0") }) {
		t.Errorf("details %q", out.Sanitization.Details)
	}
	if out.Verification.Mode != "sampling" {
		t.Errorf("verification mode %q", out.Verification.Mode)
	}
	for method, reason := range map[string]string{
		"nvme-format-crypto":      "FNA bit 2",
		"nvme-sanitize-crypto":    "SANICAP bit 0",
		"nvme-sanitize-block":     "SANICAP bit 1",
		"nvme-sanitize-overwrite": "SANICAP bit 2",
	} {
		_, err := vmExecute(ctx, t, d, method, f)
		if !errors.Is(err, devices.ErrUnsupported) || !strings.Contains(err.Error(), reason) {
			t.Errorf("%s: %v, want a refusal with %q", method, err, reason)
		}
	}
}

func vmRefuse(ctx context.Context, t *testing.T, sys devices.System, path string) {
	d := devices.Device{Path: path, Name: strings.TrimPrefix(path, "/dev/")}
	sys.Probe(ctx, &d)
	t.Logf("%s: model %q serial %q firmware %q capabilities ata=%+v scsi=%+v hidden=%+v optical=%+v errors=%q", path, d.Model, d.Serial,
		d.Firmware, d.Capabilities.ATA, d.Capabilities.SCSI, d.Capabilities.HiddenArea, d.Capabilities.Optical, d.Capabilities.ProbeErrors)
	if d.Capabilities.ATA != nil {
		vmATASense(ctx, t, path)
	}
	for _, s := range specs {
		if s.Family == FamilyNVMe {
			continue
		}
		// No target: a refusal must come before anything is opened or sent.
		out, err := vmExecute(ctx, t, d, s.ID, nil)
		var rf *devices.RefusalError
		if !errors.As(err, &rf) || out.Completed {
			t.Errorf("%s on %s: err %v completed=%v reason %q", s.ID, path, err, out.Completed, out.Reason)
		}
	}
}

// vmATASense checks, on a real libata disk, that D_SENSE can be switched on and
// that an aborted ATA command then returns its registers in descriptor format
// (QEMU aborts SANITIZE STATUS EXT: status 41h or 51h, error 04h).
func vmATASense(ctx context.Context, t *testing.T, path string) {
	f, err := os.OpenFile(path, os.O_RDONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dev := sgio.New(f)
	// libata's default: fixed-format sense (the 6.1 layout, VALID clear).
	cmd := ata.SanitizeStatus()
	resp, err := dev.Do(ctx, sgio.ATARequest(cmd))
	if err != nil {
		t.Fatal(err)
	}
	regs, err := sgio.ATAResult(cmd, resp)
	t.Logf("SANITIZE STATUS EXT on %s before D_SENSE: sense % X, registers %+v, %v", path, resp.Sense, regs, err)
	var ae *ata.Error
	if !errors.As(err, &ae) || !ae.Aborted() {
		t.Errorf("fixed format: want an ATA abort, got %v (sense % X)", err, resp.Sense)
	}
	if err := devices.EnableDescriptorSense(ctx, dev); err != nil {
		t.Fatalf("D_SENSE: %v", err)
	}
	resp, err = dev.Do(ctx, sgio.ATARequest(cmd))
	if err != nil {
		t.Fatal(err)
	}
	regs, err = sgio.ATAResult(cmd, resp)
	t.Logf("SANITIZE STATUS EXT on %s: sense % X, registers %+v, %v", path, resp.Sense, regs, err)
	if !errors.As(err, &ae) || !ae.Aborted() || regs.Truncated || resp.Sense[0]&0x7F != 0x72 {
		t.Errorf("want an ATA abort in descriptor-format sense, got %v (sense % X)", err, resp.Sense)
	}
}
