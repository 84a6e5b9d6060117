package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/config"
	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/tui"
	"github.com/wipestation/wipestation/wipe"
)

var _ tui.Runner = (*auditedRunner)(nil)

func TestRequireTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	err = requireTerminal(r, w)
	var usage usageError
	if !errors.As(err, &usage) || exitCode(err) != exitUsage {
		t.Fatalf("without a terminal: %v (exit %d), want a usage error", err, exitCode(err))
	}
}

func TestHotplugEvents(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := make(chan devices.DeviceEvent, 4)
	d := devices.Device{Path: "/dev/sdz"}
	in <- devices.DeviceEvent{Type: devices.EventAdd, Path: d.Path, Device: &d}
	in <- devices.DeviceEvent{Type: devices.EventChange, Path: d.Path, Device: &d}
	in <- devices.DeviceEvent{Type: devices.EventRemove, Path: d.Path}
	in <- devices.DeviceEvent{Type: devices.EventError, Err: errors.New("socket closed")}
	close(in)
	var got []tui.HotplugEvent
	for ev := range hotplugEvents(ctx, in) {
		got = append(got, ev)
	}
	want := []tui.HotplugAction{tui.HotplugAdd, tui.HotplugChange, tui.HotplugRemove, ""}
	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d: %+v", len(got), len(want), got)
	}
	for i, ev := range got {
		if ev.Action != want[i] {
			t.Errorf("event %d: action %q, want %q", i, ev.Action, want[i])
		}
	}
	if got[0].Device == nil || got[0].Device.Path != d.Path || got[3].Err == nil {
		t.Errorf("device or error lost: %+v", got)
	}
}

// TestAuditedRunnerKeepsAuditing: events that arrive after the TUI has gone (the
// aborted results of jobs cancelled on quit) are still written to the audit log.
func TestAuditedRunnerKeepsAuditing(t *testing.T) {
	dir := t.TempDir()
	target := dir + "/disk.img"
	writeFile(t, target, string(make([]byte, 1<<20)))
	r := wipe.NewRunner(wipe.RunnerConfig{RecordsDir: dir + "/records"})
	var seen []wipe.EventType
	a := audited(r, func(ev wipe.Event) error {
		seen = append(seen, ev.Type)
		if ev.Type == wipe.EventResult {
			return errors.New("disk full")
		}
		return nil
	})
	close(a.gone) // the TUI is gone before the job even starts
	job := wipe.Job{Device: devices.Device{Path: target, Kind: devices.KindDisk, Transport: devices.TransportFile, SizeBytes: 1 << 20, Eligible: true},
		Method: "zero", Options: wipe.Options{AllowFile: true}}
	if _, err := r.Start(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	r.Wait()
	close(a.stop)
	select {
	case <-a.finished:
	case <-time.After(10 * time.Second):
		t.Fatal("the audit forwarder did not finish")
	}
	if len(seen) == 0 || seen[len(seen)-1] != wipe.EventResult {
		t.Fatalf("audited %v, want the result last", seen)
	}
}

// TestAuditedRunnerMarksResult: an event that could not be logged is named on its
// job's result, which the TUI shows.
func TestAuditedRunnerMarksResult(t *testing.T) {
	dir := t.TempDir()
	target := dir + "/disk.img"
	writeFile(t, target, string(make([]byte, 1<<20)))
	r := wipe.NewRunner(wipe.RunnerConfig{RecordsDir: dir + "/records"})
	a := audited(r, func(ev wipe.Event) error {
		if ev.Type == wipe.EventStart {
			return errors.New("disk full")
		}
		return nil
	})
	job := wipe.Job{Device: devices.Device{Path: target, Kind: devices.KindDisk, Transport: devices.TransportFile, SizeBytes: 1 << 20, Eligible: true},
		Method: "zero", Options: wipe.Options{AllowFile: true}}
	if _, err := r.Start(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	for ev := range a.Events() {
		if ev.Type != wipe.EventResult {
			continue
		}
		if !strings.Contains(ev.Err, "start event not logged: disk full") {
			t.Errorf("result error %q: the unlogged start event is not named", ev.Err)
		}
		break
	}
	close(a.gone)
	r.Wait()
	close(a.stop)
	<-a.finished
}

func TestInstructions(t *testing.T) {
	phone := devices.Device{Path: "mtp:/dev/bus/usb/001/004", Kind: devices.KindPhone, USBVendorID: "18d1"}
	if steps := instructions("phone-reset", phone); len(steps) == 0 {
		t.Error("phone-reset shows no steps")
	}
	if steps := instructions("nist-clear", devices.Device{Path: "/dev/sdb"}); steps != nil {
		t.Errorf("an overwrite shows steps: %q", steps)
	}
}

// TestRecordDestruction: the TUI's D issues a signed Destroy certificate and an
// audit line through the same workstation as `wipestation destroy`.
func TestRecordDestruction(t *testing.T) {
	if _, err := certificate.FindFont("", os.Getenv); err != nil {
		testutil.Skip(t, err.Error())
	}
	dir := t.TempDir()
	cfg := &config.Config{CertDir: filepath.Join(dir, "certs"), RecordsDir: filepath.Join(dir, "records"),
		KeyDir: filepath.Join(dir, "key"), AuditLog: filepath.Join(dir, "audit.jsonl")}
	w, err := newWorkstation(cfg, devices.HostSystem(), workstationFlags{})
	if err != nil {
		t.Fatal(err)
	}
	disc := devices.Device{Path: "/dev/sr9", Kind: devices.KindOptical, Vendor: "HL-DT-ST", Model: "DVDRAM", Serial: "K9ZF4HG1234", SizeBytes: 734003200,
		Capabilities: devices.Capabilities{Optical: &devices.OpticalCapabilities{ProfileName: "CD-R", Media: devices.MediaWriteOnce}}}
	req := tui.DestroyRequest{Device: disc, How: "shred", ParticleSize: "2 mm", Witness: "Lin Chia-Hao",
		Details: wipe.JobDetails{Operator: wipe.Person{Name: "Chen Mei-Ling"}, AssetTag: "AT-0099"}}

	noOperator := req
	noOperator.Details.Operator.Name = ""
	if _, path, err := w.recordDestruction(context.Background(), noOperator); err == nil || path != "" {
		t.Errorf("without an operator: %q, %v; want a refusal", path, err)
	}

	rec, path, err := w.recordDestruction(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if rec == nil || rec.CertificateID == "" || !strings.Contains(filepath.Base(path), rec.CertificateID) {
		t.Errorf("record %+v does not name the certificate %s", rec, path)
	}
	data, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(data), "%PDF-") {
		t.Fatalf("certificate %s: %v", path, err)
	}
	audit, err := os.ReadFile(cfg.AuditLog)
	if err != nil || !strings.Contains(string(audit), `"destroy"`) || !strings.Contains(string(audit), disc.Serial) {
		t.Errorf("audit log %q: %v", audit, err)
	}
}
