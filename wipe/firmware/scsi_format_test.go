package firmware

import (
	"bytes"
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/sgio"
	"github.com/wipestation/wipestation/devices/simdrive"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// formatJob probes a simulated SAS disk, resolves scsi-format-unit through the
// policy, runs it and files the outcome into a record as the runner does.
func formatJob(ctx context.Context, t *testing.T, d *simdrive.SCSI, verify wipe.VerifyMode, progress func(wipe.Progress)) (wipe.Outcome, error, *wipe.Record) {
	t.Helper()
	dev := devices.Device{Path: "/dev/sim", Kind: devices.KindDisk, Transport: devices.TransportSAS, Rotational: true}
	devices.ProbeSCSI(ctx, d, &dev)
	e := New(OpenerFunc(func(x wipe.Execution) (Drive, error) {
		// The kernel's view of a 520-byte disk: no readable block device.
		return Drive{SCSI: d}, nil
	}))
	e.PollInterval = time.Millisecond
	e.Seed = 42
	res, err := wipe.Resolve(dev, "scsi-format-unit", "")
	if err != nil {
		t.Fatal(err)
	}
	res.Method.Class = res.Class
	out, err := e.Execute(ctx, wipe.Execution{
		Job:      wipe.Job{Device: dev, Method: "scsi-format-unit", Options: wipe.Options{Verify: verify}},
		Method:   res.Method,
		Progress: progress,
	})
	rec := &wipe.Record{Device: dev, Sanitization: wipe.Sanitization{MethodID: res.Method.ID, MethodName: res.Method.Name,
		Technique: res.Method.Technique, Class: res.Class}, Verification: wipe.Verification{Mode: "none"}}
	wipe.RecordOutcome(rec, out, err)
	return out, err, rec
}

func TestSCSIFormatUnit(t *testing.T) {
	const size = 4 << 20
	type result struct {
		status     wipe.Status
		reason     string // substring of the record's reason
		before     wipe.BlockGeometry
		after      *wipe.BlockGeometry
		si         bool
		formats    int  // FORMAT UNIT commands accepted by the drive
		modeSelect bool // a MODE SELECT was sent
		zeroed     bool // the medium reads as zeros afterwards
	}
	cases := []struct {
		name   string
		sector int
		setup  func(*simdrive.SCSI)
		verify wipe.VerifyMode
		want   result
	}{
		{name: "520-byte blocks with protection type 2, SI", sector: 520, setup: func(d *simdrive.SCSI) { d.Format.ProtectionType = 2 },
			want: result{status: wipe.StatusErased, before: wipe.BlockGeometry{LogicalBlockBytes: 520, LogicalBlocks: 8065, ProtectionType: 2},
				after: &wipe.BlockGeometry{LogicalBlockBytes: 512, LogicalBlocks: 8191}, si: true, formats: 1, modeSelect: true, zeroed: true}},
		{name: "528-byte blocks, the drive refuses SI", sector: 528, setup: func(d *simdrive.SCSI) { d.Format.NoSecurityInitialize = true },
			want: result{status: wipe.StatusErased, before: wipe.BlockGeometry{LogicalBlockBytes: 528, LogicalBlocks: 7943},
				after: &wipe.BlockGeometry{LogicalBlockBytes: 512, LogicalBlocks: 8191}, formats: 1, modeSelect: true, zeroed: true}},
		{name: "4160-byte blocks to 4096, full read-back", sector: 4160, verify: wipe.VerifyFull,
			want: result{status: wipe.StatusErased, before: wipe.BlockGeometry{LogicalBlockBytes: 4160, LogicalBlocks: 1008},
				after: &wipe.BlockGeometry{LogicalBlockBytes: 4096, LogicalBlocks: 1023}, si: true, formats: 1, modeSelect: true, zeroed: true}},
		{name: "already 512-byte blocks: no MODE SELECT", sector: 512,
			want: result{status: wipe.StatusErased, before: wipe.BlockGeometry{LogicalBlockBytes: 512, LogicalBlocks: 8192},
				after: &wipe.BlockGeometry{LogicalBlockBytes: 512, LogicalBlocks: 8192}, si: true, formats: 1, zeroed: true}},
		{name: "not verified (--verify off)", sector: 520, verify: wipe.VerifyOff,
			want: result{status: wipe.StatusUnverified, reason: "not read back", before: wipe.BlockGeometry{LogicalBlockBytes: 520, LogicalBlocks: 8065},
				after: &wipe.BlockGeometry{LogicalBlockBytes: 512, LogicalBlocks: 8191}, si: true, formats: 1, modeSelect: true, zeroed: true}},
		{name: "the format fails midway", sector: 520, setup: func(d *simdrive.SCSI) { d.Behavior.FailMidway = true },
			want: result{status: wipe.StatusFailed, reason: "unusable until it is formatted again", before: wipe.BlockGeometry{LogicalBlockBytes: 520, LogicalBlocks: 8065},
				si: true, formats: 1, modeSelect: true}},
		{name: "the drive formats without writing", sector: 520, setup: func(d *simdrive.SCSI) { d.Behavior.Lie = true },
			want: result{status: wipe.StatusFailed, reason: "did not write the pattern", before: wipe.BlockGeometry{LogicalBlockBytes: 520, LogicalBlocks: 8065},
				after: &wipe.BlockGeometry{LogicalBlockBytes: 512, LogicalBlocks: 8191}, si: true, formats: 1, modeSelect: true}},
		{name: "the drive refuses the block length", sector: 520, setup: func(d *simdrive.SCSI) { d.Format.BlockLengths = []uint32{520, 528} },
			want: result{status: wipe.StatusFailed, reason: "MODE SELECT(10) of 512-byte blocks was rejected: scsi command 55h: ILLEGAL REQUEST, ASC/ASCQ 26h/00h",
				before: wipe.BlockGeometry{LogicalBlockBytes: 520, LogicalBlocks: 8065}, modeSelect: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := simdrive.NewMedium(int64(size)/int64(tc.sector)*int64(tc.sector), tc.sector, 5)
			d := &simdrive.SCSI{Medium: m, Vendor: "HGST", Product: "HUS726T4TAL", Serial: "K4J1",
				Format: simdrive.ScsiFormat{Supported: true}, Behavior: simdrive.Behavior{Polls: 3}}
			if tc.setup != nil {
				tc.setup(d)
			}
			var progress []wipe.Progress
			out, err, rec := formatJob(context.Background(), t, d, tc.verify, func(p wipe.Progress) { progress = append(progress, p) })
			if err != nil {
				t.Fatalf("Execute: %v", err)
			}
			w := tc.want
			if rec.Status != w.status || !strings.Contains(msg.Text(rec.Reason), w.reason) {
				t.Fatalf("status %s (%q), want %s (%q)", rec.Status, msg.Text(rec.Reason), w.status, w.reason)
			}
			if rec.Sanitization.Class != devices.ClassClear {
				t.Errorf("class %s, want Clear", rec.Sanitization.Class)
			}
			ro := rec.Sanitization.Reformat
			if ro == nil {
				t.Fatal("no reformat in the record")
			}
			if ro.Before != w.before || (ro.After == nil) != (w.after == nil) || ro.After != nil && *ro.After != *w.after {
				t.Errorf("geometry %+v -> %+v, want %+v -> %+v", ro.Before, ro.After, w.before, w.after)
			}
			if !ro.SecurityInitializeRequested || ro.SecurityInitialize != w.si {
				t.Errorf("SI requested %v used %v, want used %v", ro.SecurityInitializeRequested, ro.SecurityInitialize, w.si)
			}
			formats := d.Formats()
			if len(formats) != w.formats {
				t.Fatalf("%d FORMAT UNIT accepted, want %d", len(formats), w.formats)
			}
			for _, f := range formats {
				if !f.Immed || f.FMTPINFO != 0 || f.ProtectionFieldUsage != 0 || !bytes.Equal(f.Pattern, []byte{0}) {
					t.Errorf("FORMAT UNIT sent %+v", f)
				}
			}
			if got := slices.Contains(d.Commands, sgio.OpModeSelect10); got != w.modeSelect {
				t.Errorf("MODE SELECT sent %v, want %v", got, w.modeSelect)
			}
			if w.zeroed && !bytes.Equal(m.Snapshot(), make([]byte, m.Size())) {
				t.Error("the medium does not read as zeros after the format")
			}
			if w.status == wipe.StatusErased {
				v := rec.Verification
				if !v.Verified || v.BytesRead == 0 || ro.Samples == 0 || (tc.verify == wipe.VerifyFull) != (v.BytesRead == m.Size()) ||
					!strings.Contains(v.Method.String(), "read through SG_IO READ(16) after the format; every byte must read as 00h") {
					t.Errorf("verification %+v, %d samples, medium %d bytes", v, ro.Samples, m.Size())
				}
				if !slices.ContainsFunc(progress, func(p wipe.Progress) bool {
					return p.Phase == wipe.PhaseCommand && p.BytesDone > 0 && p.BytesDone < p.BytesTotal
				}) {
					t.Error("no progress reported while formatting")
				}
				if ro.ProgressPolls != d.Behavior.Polls+1 {
					t.Errorf("%d polls, want %d", ro.ProgressPolls, d.Behavior.Polls+1)
				}
			}
			if w.status == wipe.StatusFailed && out.Verification.Verified {
				t.Error("a failed format verified")
			}
		})
	}
}

// TestSCSIFormatUnitSecurityInitialize: SI is asked for first; a drive that
// refuses it with INVALID FIELD IN PARAMETER LIST is formatted without, and
// only then.
func TestSCSIFormatUnitSecurityInitialize(t *testing.T) {
	for _, refuse := range []bool{false, true} {
		m := simdrive.NewMedium(1<<20/520*520, 520, 3)
		d := &simdrive.SCSI{Medium: m, Format: simdrive.ScsiFormat{Supported: true, NoSecurityInitialize: refuse}}
		_, err, rec := formatJob(context.Background(), t, d, wipe.VerifySampling, nil)
		if err != nil || rec.Status != wipe.StatusErased {
			t.Fatalf("refuse SI %v: %v %s %q", refuse, err, rec.Status, rec.Reason)
		}
		sent := 0
		for _, op := range d.Commands {
			if op == sgio.OpFormatUnit {
				sent++
			}
		}
		wantSent := 1
		if refuse {
			wantSent = 2 // refused with SI, then accepted without
		}
		if sent != wantSent || len(d.Formats()) != 1 || d.Formats()[0].SecurityInitialize == refuse {
			t.Errorf("refuse SI %v: %d FORMAT UNIT sent, accepted %+v", refuse, sent, d.Formats())
		}
	}
}

// TestSCSIFormatUnitRefused: a drive that does not take FORMAT UNIT, or whose
// support is unknown, is refused before anything is sent.
func TestSCSIFormatUnitRefused(t *testing.T) {
	cases := []struct {
		name  string
		setup func(*simdrive.SCSI)
		want  string
	}{
		{"not supported", func(d *simdrive.SCSI) { d.Format.Supported = false }, "FORMAT UNIT as not supported"},
		{"unknown", func(d *simdrive.SCSI) { d.NoReportOpcodes = true }, "support for FORMAT UNIT is unknown"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := &simdrive.SCSI{Medium: simdrive.NewMedium(1<<20/520*520, 520, 3), Format: simdrive.ScsiFormat{Supported: true}}
			tc.setup(d)
			dev := devices.Device{Path: "/dev/sim", Kind: devices.KindDisk, Transport: devices.TransportSAS}
			devices.ProbeSCSI(context.Background(), d, &dev)
			probed := len(d.Commands)
			e := New(OpenerFunc(func(wipe.Execution) (Drive, error) { return Drive{SCSI: d}, nil }))
			m, _ := wipe.LookupMethod("scsi-format-unit")
			_, err := e.Execute(context.Background(), wipe.Execution{Job: wipe.Job{Device: dev, Method: m.ID}, Method: m})
			var rf *devices.RefusalError
			if !errors.As(err, &rf) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want a refusal containing %q", err, tc.want)
			}
			if len(d.Commands) != probed {
				t.Errorf("commands sent after the refusal: % X", d.Commands[probed:])
			}
		})
	}
}

// TestSCSIFormatUnitInterrupted: cancelled while the drive formats, the job
// stops polling and says the format was sent and cannot be recalled; the record
// has the geometry from before and none after.
func TestSCSIFormatUnitInterrupted(t *testing.T) {
	m := simdrive.NewMedium(1<<20/520*520, 520, 3)
	d := &simdrive.SCSI{Medium: m, Format: simdrive.ScsiFormat{Supported: true}, Behavior: simdrive.Behavior{Polls: 1000}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	polls := 0
	out, err, rec := formatJob(ctx, t, d, wipe.VerifySampling, func(p wipe.Progress) {
		if p.Phase == wipe.PhaseCommand && p.BytesDone > 0 {
			if polls++; polls == 3 {
				cancel()
			}
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Execute: %v, want context.Canceled", err)
	}
	if out.Completed || rec.Status.Sanitized() || !strings.Contains(msg.Text(out.Reason), "cannot be recalled") {
		t.Errorf("completed %v, status %s, reason %q", out.Completed, rec.Status, msg.Text(out.Reason))
	}
	ro := rec.Sanitization.Reformat
	if ro == nil || ro.After != nil || ro.Before.LogicalBlockBytes != 520 {
		t.Errorf("reformat %+v", ro)
	}
}

// TestReformatter: --reformat's FORMAT UNIT on the job's target, without the
// read-back (the overwrite that follows verifies); it refuses a drive that does
// not take FORMAT UNIT and reports a failed format with what it did.
func TestReformatter(t *testing.T) {
	for _, tc := range []struct {
		name    string
		setup   func(*simdrive.SCSI)
		wantErr string
	}{
		{name: "520 to 512"},
		{name: "fails midway", setup: func(d *simdrive.SCSI) { d.Behavior.FailMidway = true }, wantErr: "unusable until it is formatted again"},
		{name: "not supported", setup: func(d *simdrive.SCSI) { d.Format.Supported = false }, wantErr: "FORMAT UNIT as not supported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &simdrive.SCSI{Medium: simdrive.NewMedium(1<<20/520*520, 520, 3), Format: simdrive.ScsiFormat{Supported: true, ProtectionType: 1},
				Behavior: simdrive.Behavior{Polls: 2}}
			if tc.setup != nil {
				tc.setup(d)
			}
			dev := devices.Device{Path: "/dev/sim", Kind: devices.KindDisk, Transport: devices.TransportSAS}
			devices.ProbeSCSI(context.Background(), d, &dev)
			f := Reformatter{Port: func(*os.File) SCSI { return d }, PollInterval: time.Millisecond}
			ro, err := f.Reformat(context.Background(), wipe.Execution{Job: wipe.Job{Device: dev, Method: "nist-clear"}})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := wipe.BlockGeometry{LogicalBlockBytes: 512, LogicalBlocks: 2047}
			if ro.After == nil || *ro.After != want || ro.Before.ProtectionType != 1 || !ro.SecurityInitialize || ro.Samples != 0 {
				t.Errorf("outcome %+v after %+v", ro, ro.After)
			}
			if slices.Contains(d.Commands, sgio.OpRead16) {
				t.Error("the reformatter read the medium back; the overwrite's verification does that")
			}
		})
	}
}

// TestSanitizeUnaddressableDisk: SANITIZE on a disk with 520-byte blocks, which
// the kernel shows as 0 bytes, is sampled and verified through READ(16).
func TestSanitizeUnaddressableDisk(t *testing.T) {
	m := simdrive.NewMedium(4<<20/520*520, 520, 9)
	d := &simdrive.SCSI{Medium: m, SanitizeBlock: true, Format: simdrive.ScsiFormat{Supported: true, ProtectionType: 2}, Behavior: simdrive.Behavior{Polls: 2}}
	if _, ok := UnaddressableMedium(context.Background(), d, 4096); ok {
		t.Error("a block device with a size is read through READ(16)")
	}
	medium, ok := UnaddressableMedium(context.Background(), d, 0)
	if !ok || medium.Size() != m.Size() || medium.SectorBytes() != 520 {
		t.Fatalf("medium %v %v", medium, ok)
	}
	dev := devices.Device{Path: "/dev/sim", Kind: devices.KindDisk, Transport: devices.TransportSAS, Rotational: true}
	devices.ProbeSCSI(context.Background(), d, &dev)
	e := New(OpenerFunc(func(wipe.Execution) (Drive, error) { return Drive{SCSI: d, Medium: medium}, nil }))
	e.PollInterval, e.Seed = time.Millisecond, 7
	res, err := wipe.Resolve(dev, "purge", "")
	if err != nil || res.Method.ID != "scsi-sanitize-block" {
		t.Fatalf("purge resolves to %+v (%v)", res.Method.ID, err)
	}
	res.Method.Class = res.Class
	out, err := e.Execute(context.Background(), wipe.Execution{Job: wipe.Job{Device: dev, Method: res.Method.ID}, Method: res.Method})
	if err != nil || !out.Completed || !out.Verification.Verified {
		t.Fatalf("err %v, completed %v, verified %v: %s", err, out.Completed, out.Verification.Verified, msg.Text(out.Reason))
	}
	if !slices.Contains(d.Commands, sgio.OpRead16) {
		t.Error("not read back through READ(16)")
	}
}
