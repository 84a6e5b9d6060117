package wipe

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/testutil"
)

// fakeRestorer answers at the HiddenRestorer boundary; growTo plays the drive and
// the kernel together: the image file takes the size the "rescan" would find.
type fakeRestorer struct {
	native uint64
	err    error
	growTo int64
	called *bool
}

func (f fakeRestorer) RestoreHidden(ctx context.Context, x Execution) (uint64, error) {
	*f.called = true
	if x.Target == nil {
		return 0, errors.New("no target")
	}
	if f.growTo > 0 {
		if err := os.Truncate(x.Target.Name(), f.growTo); err != nil {
			return 0, err
		}
	}
	return f.native, f.err
}

func TestRestoreHiddenRunnerLogic(t *testing.T) {
	const sector = 512
	const accessible, native = 2048, 2560
	hpa := &devices.HiddenArea{NativeSectors: native, AccessibleSectors: accessible, HPA: true}
	cases := []struct {
		name       string
		area       *devices.HiddenArea
		restore    bool
		restorer   fakeRestorer
		status     Status
		written    int64
		covered    bool
		called     bool
		exception  string // "" : no hidden-area exception at all
		detail     string
		untouched  bool // the image still holds its old data
		finalBytes int64
	}{
		{name: "restored", area: hpa, restore: true, restorer: fakeRestorer{native: native, growTo: native * sector},
			status: StatusErased, written: native * sector, covered: true, called: true, detail: "next power cycle", finalBytes: native * sector},
		{name: "not asked", area: hpa, restorer: fakeRestorer{native: native, growTo: native * sector},
			status: StatusErased, written: accessible * sector, exception: "run again with --restore-hidden", finalBytes: accessible * sector},
		{name: "restore fails", area: hpa, restore: true, restorer: fakeRestorer{err: errors.New("SET MAX ADDRESS EXT aborted")},
			status: StatusErased, written: accessible * sector, called: true, exception: "restoring the native capacity failed: SET MAX ADDRESS EXT aborted", finalBytes: accessible * sector},
		{name: "kernel keeps the old size", area: hpa, restore: true, restorer: fakeRestorer{native: native},
			status: StatusErased, written: accessible * sector, called: true, exception: "still addresses 1048576 bytes", finalBytes: accessible * sector},
		{name: "size not the one expected", area: hpa, restore: true, restorer: fakeRestorer{native: native, growTo: 3000 * sector},
			status: StatusRefused, called: true, exception: "nothing was written", untouched: true, finalBytes: 3000 * sector},
		{name: "dco only", area: &devices.HiddenArea{NativeSectors: native, AccessibleSectors: accessible, DCO: true}, restore: true,
			restorer: fakeRestorer{native: native, growTo: native * sector},
			status:   StatusErased, written: accessible * sector, exception: "Device Configuration Overlay (DCO), which --restore-hidden does not undo", finalBytes: accessible * sector},
		{name: "hpa restored, dco beyond", area: &devices.HiddenArea{NativeSectors: 3072, AccessibleSectors: accessible, HPA: true, DCO: true}, restore: true,
			restorer: fakeRestorer{native: native, growTo: native * sector},
			status:   StatusErased, written: native * sector, called: true, exception: "sectors 2560 to 3071 are removed by a Device Configuration Overlay", detail: "volatile SET MAX ADDRESS EXT", finalBytes: native * sector},
		{name: "no hidden sectors", area: &devices.HiddenArea{NativeSectors: accessible, AccessibleSectors: accessible}, restore: true,
			restorer: fakeRestorer{native: native, growTo: native * sector},
			status:   StatusErased, written: accessible * sector, covered: true, finalBytes: accessible * sector},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			img := filepath.Join(testutil.ScratchDir(t), "disk.img")
			if err := os.WriteFile(img, bytes.Repeat([]byte{0x5A}, accessible*sector), 0o600); err != nil {
				t.Fatal(err)
			}
			called := false
			tc.restorer.called = &called
			dir := filepath.Join(testutil.ScratchDir(t), "records")
			r := NewRunner(RunnerConfig{System: devices.HostSystem(), RecordsDir: dir, ToolVersion: "test", Host: "testhost", HiddenRestorer: tc.restorer})
			d := devices.Device{Path: img, Capabilities: devices.Capabilities{HiddenArea: tc.area}}
			if _, err := r.Start(t.Context(), Job{Device: d, Method: "one", Options: Options{AllowFile: true, RestoreHidden: tc.restore}}); err != nil {
				t.Fatal(err)
			}
			rec := checkRecordFile(t, resultOf(t, collect(t, r, 1)), dir)
			if rec.Status != tc.status || rec.BytesWritten != tc.written {
				t.Fatalf("status %s (%s), wrote %d; want %s, %d", rec.Status, rec.Reason, rec.BytesWritten, tc.status, tc.written)
			}
			if called != tc.called {
				t.Errorf("restorer called %v, want %v", called, tc.called)
			}
			if tc.status == StatusErased {
				h := rec.Sanitization.HiddenArea
				if h == nil || h.Covered != tc.covered || h.NativeSectors != tc.area.NativeSectors || h.AccessibleSectors != tc.area.AccessibleSectors {
					t.Errorf("hidden area outcome %+v, want covered %v", h, tc.covered)
				}
				if !rec.Verification.Verified || rec.Verification.BytesRead != tc.written {
					t.Errorf("verified %v, read %d", rec.Verification.Verified, rec.Verification.BytesRead)
				}
			}
			ex := english(rec.Exceptions, "\n")
			if tc.exception == "" && strings.Contains(ex, "hidden area") {
				t.Errorf("unexpected hidden-area exception: %q", ex)
			}
			if !strings.Contains(ex, tc.exception) {
				t.Errorf("exceptions %q, want %q", ex, tc.exception)
			}
			if !strings.Contains(english(rec.Sanitization.Details, "\n"), tc.detail) {
				t.Errorf("details %q, want %q", rec.Sanitization.Details, tc.detail)
			}
			data, err := os.ReadFile(img)
			if err != nil {
				t.Fatal(err)
			}
			if int64(len(data)) != tc.finalBytes {
				t.Errorf("image is %d bytes, want %d", len(data), tc.finalBytes)
			}
			if tc.untouched {
				if bytes.Count(data[:accessible*sector], []byte{0x5A}) != accessible*sector {
					t.Error("the image was written although the job was refused")
				}
			} else if bytes.Count(data[:tc.written], []byte{0xFF}) != int(tc.written) {
				t.Error("the written range does not hold 0xFF")
			}
		})
	}
}

func TestHiddenAreaUnknownIsRecorded(t *testing.T) {
	cases := []struct {
		name string
		dev  devices.Device
		want string // "" : nothing recorded
	}{
		{"ata drive, hpa probe failed", devices.Device{Transport: devices.TransportSATA, Capabilities: devices.Capabilities{
			ATA: &devices.ATACapabilities{}, ProbeErrors: []string{"ata read native max address ext (HPA): aborted", "scsi vpd: x"}}},
			"hidden area unknown: the drive's native capacity could not be read (ata read native max address ext (HPA): aborted)"},
		{"usb bridge without sat", devices.Device{Transport: devices.TransportUSB}, "hidden area unknown"},
		{"sata, not probed", devices.Device{Transport: devices.TransportSATA}, "hidden area unknown"},
		{"nvme", devices.Device{Transport: devices.TransportNVMe}, ""},
		{"loop", devices.Device{Transport: devices.TransportLoop, Virtual: true}, ""},
		{"image file", devices.Device{Transport: devices.TransportFile}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			j := &jobRun{r: &Runner{}, job: Job{Device: tc.dev}, rec: &Record{Device: tc.dev}}
			j.recordHidden(hiddenResult{}, false)
			ex := english(j.rec.Exceptions, "\n")
			if j.rec.Sanitization.HiddenArea != nil {
				t.Errorf("an unknown hidden area got an outcome: %+v", j.rec.Sanitization.HiddenArea)
			}
			if tc.want == "" && ex != "" || !strings.Contains(ex, tc.want) {
				t.Errorf("exceptions %q, want %q", ex, tc.want)
			}
		})
	}
}

// TestRestoredButNotReached: when the overwrite stops before the restored
// sectors, the record does not count them as covered.
func TestRestoredButNotReached(t *testing.T) {
	const accessible, native = 4 << 20, 6 << 20
	img := filepath.Join(testutil.ScratchDir(t), "disk.img")
	if err := os.WriteFile(img, bytes.Repeat([]byte{0x5A}, accessible), 0o600); err != nil {
		t.Fatal(err)
	}
	called := false
	dir := filepath.Join(testutil.ScratchDir(t), "records")
	r := NewRunner(RunnerConfig{System: devices.HostSystem(), RecordsDir: dir, ToolVersion: "test", Host: "testhost",
		HiddenRestorer: fakeRestorer{native: native / 512, growTo: native, called: &called}})
	// The device disappears once the accessible part has been written.
	r.wrapTarget = func(t Target) Target { return &flaky{Opened: t.(*devices.Opened), goneAfter: accessible} }
	d := devices.Device{Path: img, Capabilities: devices.Capabilities{HiddenArea: &devices.HiddenArea{NativeSectors: native / 512, AccessibleSectors: accessible / 512, HPA: true}}}
	if _, err := r.Start(t.Context(), Job{Device: d, Method: "one", Options: Options{AllowFile: true, RestoreHidden: true}}); err != nil {
		t.Fatal(err)
	}
	rec := checkRecordFile(t, resultOf(t, collect(t, r, 1)), dir)
	if rec.Status != StatusFailed || !called || rec.BytesWritten != accessible {
		t.Fatalf("status %s (%s), restorer called %v, wrote %d", rec.Status, rec.Reason, called, rec.BytesWritten)
	}
	if h := rec.Sanitization.HiddenArea; h == nil || h.Covered {
		t.Errorf("hidden area outcome %+v", h)
	}
	if ex := english(rec.Exceptions, "\n"); !strings.Contains(ex, "restored (volatile, until the drive's next power cycle), but the overwrite did not complete") {
		t.Errorf("exceptions %q", ex)
	}
}

// TestPreparedIsRecorded: what was done to the device before the job (wipe
// --unfreeze) is in the record.
func TestPreparedIsRecorded(t *testing.T) {
	img := filepath.Join(testutil.ScratchDir(t), "disk.img")
	if err := os.WriteFile(img, make([]byte, 1<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	r, dir := newTestRunner(t)
	note := "before the job, the workstation was suspended to RAM and resumed"
	if _, err := r.Start(t.Context(), Job{Device: devices.Device{Path: img}, Method: "zero", Options: Options{AllowFile: true, Prepared: verbatims(note)}}); err != nil {
		t.Fatal(err)
	}
	rec := checkRecordFile(t, resultOf(t, collect(t, r, 1)), dir)
	if rec.Status != StatusErased || !strings.Contains(english(rec.Sanitization.Details, "\n"), note) {
		t.Errorf("status %s, details %q", rec.Status, rec.Sanitization.Details)
	}
}
