package wipe

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/msg"
)

const loopBytes = 16 << 20

// collect drains events until n results have arrived.
func collect(t *testing.T, r *Runner, n int) []Event {
	t.Helper()
	var evs []Event
	timeout := time.After(2 * time.Minute)
	for n > 0 {
		select {
		case ev := <-r.Events():
			evs = append(evs, ev)
			if ev.Type == EventResult {
				n--
			}
		case <-timeout:
			t.Fatal("no result within 2 minutes")
		}
	}
	r.Wait()
	return evs
}

func resultOf(t *testing.T, evs []Event) Event {
	t.Helper()
	for _, ev := range evs {
		if ev.Type == EventResult {
			return ev
		}
	}
	t.Fatal("no result event")
	return Event{}
}

func newTestRunner(t *testing.T) (*Runner, string) {
	t.Helper()
	dir := filepath.Join(testutil.ScratchDir(t), "records")
	return NewRunner(RunnerConfig{System: devices.HostSystem(), RecordsDir: dir, ToolVersion: "test", Host: "testhost"}), dir
}

// checkRecordFile reads the record a result names and checks it is complete JSON
// equal to the event's record, with no temporary files left beside it.
func checkRecordFile(t *testing.T, ev Event, dir string) *Record {
	t.Helper()
	if filepath.Dir(ev.RecordPath) != dir {
		t.Fatalf("record %q not in %s", ev.RecordPath, dir)
	}
	b, err := os.ReadFile(ev.RecordPath)
	if err != nil {
		t.Fatal(err)
	}
	var rec Record
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatalf("record is not JSON: %v", err)
	}
	if rec.CertificateID != ev.Result.CertificateID || rec.Status != ev.Result.Status || rec.Schema != RecordSchema {
		t.Errorf("record file %+v differs from the event's", rec)
	}
	if rec.Tool != "wipestation" || rec.ToolVersion != "test" || rec.Host != "testhost" {
		t.Errorf("tool %q %q host %q", rec.Tool, rec.ToolVersion, rec.Host)
	}
	if _, off := rec.Started.Zone(); rec.Started.IsZero() || rec.Finished.Before(rec.Started) || !strings.Contains(string(b), `"started": "`) {
		t.Errorf("timestamps %v .. %v (zone offset %d)", rec.Started, rec.Finished, off)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") || strings.HasPrefix(e.Name(), ".") {
			t.Errorf("stray file in records folder: %s", e.Name())
		}
	}
	return &rec
}

func allBytes(t *testing.T, path string, b byte) bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(data, []byte{b}) == len(data)
}

func TestRunnerWipesALoopDevice(t *testing.T) {
	testutil.RequireRoot(t)
	l := testutil.NewLoopDevice(t, loopBytes)
	testutil.FillFile(t, l.BackingFile, 0x5A)
	r, dir := newTestRunner(t)
	if _, err := r.Start(t.Context(), Job{Device: devices.Device{Path: l.Path, Name: l.Name()}, Method: "one", Details: JobDetails{AssetTag: "A-1"}}); err != nil {
		t.Fatal(err)
	}
	evs := collect(t, r, 1)
	ev := resultOf(t, evs)
	rec := checkRecordFile(t, ev, dir)
	if rec.Status != StatusErased || !rec.Verification.Verified || rec.BytesWritten != loopBytes || rec.Verification.BytesRead != loopBytes {
		t.Fatalf("record: status %s (%s), verified %v, wrote %d, read %d", rec.Status, rec.Reason, rec.Verification.Verified, rec.BytesWritten, rec.Verification.BytesRead)
	}
	if rec.Sanitization.Class != devices.ClassClear || rec.Sanitization.Technique != "Overwrite" || rec.Details.AssetTag != "A-1" || rec.Device.SizeBytes != loopBytes {
		t.Errorf("sanitization %+v, details %+v", rec.Sanitization, rec.Details)
	}
	if !allBytes(t, l.BackingFile, 0xFF) {
		t.Error("the medium does not hold 0xFF everywhere")
	}
	// Start, the write and verify phases, a final progress tick, the result.
	var kinds []string
	for _, e := range evs {
		k := string(e.Type)
		if e.Progress != nil && e.Type == EventPhase {
			k += ":" + string(e.Progress.Phase)
		}
		if e.Type == EventProgress {
			continue
		}
		kinds = append(kinds, k)
	}
	if got := strings.Join(kinds, " "); got != "start phase:write phase:verify result" {
		t.Errorf("events %s", got)
	}
	last := evs[len(evs)-2]
	if last.Type != EventProgress || last.Progress.BytesDone != loopBytes || last.Progress.Phase != PhaseVerify {
		t.Errorf("the event before the result is not a final progress tick: %+v %+v", last, last.Progress)
	}
}

// TestPassesLandOnARealMedium runs methods through OpenForWipe on a loop device and
// checks the backing file after every pass.
func TestPassesLandOnARealMedium(t *testing.T) {
	testutil.RequireRoot(t)
	for _, id := range []string{"dod-3pass", "gutmann", "nist-usb"} {
		t.Run(id, func(t *testing.T) {
			l := testutil.NewLoopDevice(t, loopBytes+3*4096) // not a multiple of the request
			o, err := devices.HostSystem().OpenForWipe(l.Path, devices.Device{}, devices.OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer o.Close()
			m, _ := LookupMethod(id)
			plan, _ := buildPlan(m, Options{Verify: VerifyLast, Rounds: 1})
			e, err := newEngine(o, OnErrorContinue, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			passes := 0
			e.afterWrite = func(pp passPlan) {
				passes++
				got, err := os.ReadFile(l.BackingFile)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, expected(t, pp, o.SizeBytes)) {
					t.Errorf("after pass %d (%s) the backing file does not hold the pass", pp.Index, pp.Pass)
				}
			}
			if err := e.run(t.Context(), plan); err != nil {
				t.Fatal(err)
			}
			if passes != len(m.Passes) || e.res.Mismatches != 0 || len(e.res.Errors) != 0 {
				t.Errorf("%d passes, %d mismatches, errors %v", passes, e.res.Mismatches, e.res.Errors)
			}
		})
	}
}

// TestVerificationReadsTheMedium changes the backing file between the write and the
// read-back: the verification must see it, so it reads the medium, not memory.
func TestVerificationReadsTheMedium(t *testing.T) {
	testutil.RequireRoot(t)
	l := testutil.NewLoopDevice(t, loopBytes)
	o, err := devices.HostSystem().OpenForWipe(l.Path, devices.Device{}, devices.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	m, _ := LookupMethod("random")
	plan, _ := buildPlan(m, Options{Verify: VerifyLast, Rounds: 1})
	e, _ := newEngine(o, OnErrorContinue, nil, nil)
	offsets := []int64{0, 5<<20 + 17, loopBytes - 1}
	e.beforeVerify = func(passPlan) {
		f, err := os.OpenFile(l.BackingFile, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, off := range offsets {
			b := make([]byte, 1)
			f.ReadAt(b, off)
			b[0] ^= 0x01
			if _, err := f.WriteAt(b, off); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := e.run(t.Context(), plan); err != nil {
		t.Fatal(err)
	}
	if e.res.Mismatches != 3 || len(e.res.FirstMismatchOffsets) != 3 || e.res.FirstMismatchOffsets[1] != offsets[1] {
		t.Errorf("mismatches %d at %v, want 3 at %v", e.res.Mismatches, e.res.FirstMismatchOffsets, offsets)
	}
}

// flaky puts faults between the engine and a real opened device.
type flaky struct {
	*devices.Opened
	flipOnRead bool
	goneAfter  int64
	written    int64
}

func (f *flaky) WriteAt(b []byte, off int64) (int, error) {
	if f.goneAfter > 0 && f.written >= f.goneAfter {
		return 0, &os.PathError{Op: "write", Path: f.Path, Err: syscall.ENODEV}
	}
	n, err := f.Opened.WriteAt(b, off)
	f.written += int64(n)
	return n, err
}

func (f *flaky) ReadAt(b []byte, off int64) (int, error) {
	n, err := f.Opened.ReadAt(b, off)
	if f.flipOnRead && off == 0 && n > 0 {
		b[0] ^= 0xFF
	}
	return n, err
}

func TestRunnerOutcomes(t *testing.T) {
	testutil.RequireRoot(t)
	cases := []struct {
		name       string
		method     string
		opts       Options
		wrap       func(Target) Target
		prepare    func(t *testing.T, l *testutil.LoopDevice)
		status     Status
		verified   bool
		reasonHas  string
		exceptHas  string
		untouched  bool // the medium must still hold the 0x5A it was filled with
		bytesWrote int64
		sed        *devices.SEDCapabilities // what Level 0 Discovery said
	}{
		{name: "read-back that does not match", method: "zero", wrap: func(t Target) Target { return &flaky{Opened: t.(*devices.Opened), flipOnRead: true} },
			status: StatusFailed, reasonHas: "verification mismatch", exceptHas: "did not hold what was written", bytesWrote: loopBytes},
		{name: "device vanishes mid-wipe", method: "zero", wrap: func(t Target) Target { return &flaky{Opened: t.(*devices.Opened), goneAfter: 8 << 20} },
			status: StatusFailed, reasonHas: "disappeared", bytesWrote: 8 << 20},
		{name: "mounted", method: "zero", prepare: func(t *testing.T, l *testutil.LoopDevice) { testutil.MountExt4(t, l.Path) },
			status: StatusRefused, reasonHas: "mounted at"},
		{name: "purge of a device nothing can purge", method: AliasPurge,
			status: StatusRefused, reasonHas: "cannot be purged", untouched: true},
		{name: "firmware method without its engine", method: "nvme-format",
			status: StatusRefused, reasonHas: "needs the firmware engine", untouched: true},
		{name: "verify off refused for a method that includes it", method: "nist-clear", opts: Options{Verify: VerifyOff},
			status: StatusRefused, reasonHas: "--verify off", untouched: true},
		{name: "verify off", method: "zero", opts: Options{Verify: VerifyOff}, status: StatusUnverified, bytesWrote: loopBytes},
		{name: "read-only check finds data", method: "verify-zero", status: StatusFailed, reasonHas: "mismatch", exceptHas: "only read", untouched: true},
		{name: "overwrite of a locked self-encrypting drive", method: "zero", sed: &devices.SEDCapabilities{SSC: "Opal 2", LockingEnabled: true, Locked: true},
			status: StatusRefused, reasonHas: "locked self-encrypting drive (TCG Opal 2)", untouched: true},
		{name: "overwrite of an unlocked self-encrypting drive", method: "zero", sed: &devices.SEDCapabilities{SSC: "Opal 2", LockingEnabled: true},
			status: StatusErased, verified: true, bytesWrote: loopBytes},
		{name: "backup asked for without a backup engine", method: "zero", opts: Options{BackupDir: "/nonexistent"},
			status: StatusFailed, reasonHas: "nothing was erased", untouched: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := testutil.NewLoopDevice(t, loopBytes)
			testutil.FillFile(t, l.BackingFile, 0x5A)
			if c.prepare != nil {
				c.prepare(t, l)
			}
			r, dir := newTestRunner(t)
			r.wrapTarget = c.wrap
			dev := devices.Device{Path: l.Path, Capabilities: devices.Capabilities{SED: c.sed}}
			if _, err := r.Start(t.Context(), Job{Device: dev, Method: c.method, Options: c.opts}); err != nil {
				t.Fatal(err)
			}
			ev := resultOf(t, collect(t, r, 1))
			rec := checkRecordFile(t, ev, dir)
			if rec.Status != c.status || !strings.Contains(msg.Text(rec.Reason), c.reasonHas) {
				t.Errorf("status %s (%q), want %s with %q", rec.Status, rec.Reason, c.status, c.reasonHas)
			}
			if rec.Verification.Verified != c.verified {
				t.Errorf("verified %v", rec.Verification.Verified)
			}
			if c.exceptHas != "" && !strings.Contains(english(rec.Exceptions, "\n"), c.exceptHas) {
				t.Errorf("exceptions %q lack %q", rec.Exceptions, c.exceptHas)
			}
			if rec.BytesWritten != c.bytesWrote {
				t.Errorf("wrote %d bytes, want %d", rec.BytesWritten, c.bytesWrote)
			}
			if c.untouched && !allBytes(t, l.BackingFile, 0x5A) {
				t.Error("the medium was changed")
			}
		})
	}
}

func TestCancelEndsAbortedWithinASecond(t *testing.T) {
	testutil.RequireRoot(t)
	l := testutil.NewLoopDevice(t, 64<<20)
	r, dir := newTestRunner(t)
	id, err := r.Start(t.Context(), Job{Device: devices.Device{Path: l.Path}, Method: "gutmann"})
	if err != nil {
		t.Fatal(err)
	}
	var cancelled time.Time
	var result Event
	for result.Type != EventResult {
		ev := <-r.Events()
		if ev.Type == EventPhase && ev.Progress.Pass == 2 && cancelled.IsZero() {
			cancelled = time.Now()
			r.Cancel(id)
		}
		if ev.Type == EventResult {
			result = ev
		}
	}
	r.Wait()
	if d := time.Since(cancelled); d > time.Second {
		t.Errorf("the job ended %v after Cancel", d)
	}
	rec := checkRecordFile(t, result, dir)
	if rec.Status != StatusAborted || !strings.Contains(msg.Text(rec.Reason), "not erased") || rec.Verification.Verified {
		t.Errorf("status %s (%s)", rec.Status, rec.Reason)
	}
}

// fakeExecutor stands in for another helper's engine: it answers at the boundary
// the Runner hands over (an Execution) and checks what it was given.
type fakeExecutor struct {
	t          *testing.T
	wantTarget bool
	out        Outcome
	err        error
}

func (f fakeExecutor) Execute(ctx context.Context, x Execution) (Outcome, error) {
	if (x.Target != nil) != f.wantTarget {
		f.t.Errorf("target %v, want one: %v", x.Target, f.wantTarget)
	}
	x.Progress(Progress{Phase: PhaseCommand})
	return f.out, f.err
}

func TestRunnerDispatchesToExecutors(t *testing.T) {
	testutil.RequireRoot(t)
	checked := Verification{Mode: "other", Method: msg.Verbatim("looked"), Verified: true}
	cases := []struct {
		name      string
		method    string
		engine    Engine
		path      func(*testutil.LoopDevice) string
		exec      fakeExecutor
		status    Status
		class     devices.Class
		technique string
	}{
		{name: "firmware crypto erase", method: "nvme-sanitize-crypto", engine: EngineFirmware,
			exec:   fakeExecutor{wantTarget: true, out: Outcome{Completed: true, Verification: Verification{Mode: "sampling", Verified: true}}},
			status: StatusErased, class: devices.ClassPurge, technique: "Crypto Erase"},
		{name: "firmware command failed", method: "ata-sanitize-block", engine: EngineFirmware,
			exec:   fakeExecutor{wantTarget: true, err: errors.New("sanitize: ABORTED COMMAND")},
			status: StatusFailed, class: devices.ClassPurge, technique: "Block Erase"},
		{name: "executor refuses before touching the device", method: "ata-sanitize-crypto", engine: EngineFirmware,
			exec:   fakeExecutor{wantTarget: true, err: &devices.RefusalError{Path: "/dev/x", Reason: msg.Verbatim("drive is security-frozen"), Err: devices.ErrUnsupported}},
			status: StatusRefused, class: devices.ClassPurge, technique: "Crypto Erase"},
		{name: "executor refusal as a RefusalError", method: "phone-reset", engine: EnginePhone,
			path:   func(*testutil.LoopDevice) string { return "adb:R58M12345" },
			exec:   fakeExecutor{wantTarget: false, err: &devices.RefusalError{Path: "adb:R58M12345", Reason: msg.Verbatim("no attestation"), Err: devices.ErrNotDevice}},
			status: StatusRefused, class: devices.ClassClear, technique: "Other"},
		{name: "phone over MTP gets no block device", method: "mtp-clear", engine: EngineMTP,
			path:   func(*testutil.LoopDevice) string { return "mtp:/dev/bus/usb/001/004" },
			exec:   fakeExecutor{wantTarget: false, out: Outcome{Completed: true, Verification: checked}},
			status: StatusErased, class: devices.ClassOther, technique: "Overwrite"},
		{name: "completed without a check is unverified, never erased", method: "mtp-clear", engine: EngineMTP,
			path:   func(*testutil.LoopDevice) string { return "mtp:/dev/bus/usb/001/006" },
			exec:   fakeExecutor{wantTarget: false, out: Outcome{Completed: true}},
			status: StatusUnverified, class: devices.ClassOther, technique: "Overwrite"},
		{name: "a check that ran but failed is a failure with the executor's reason", method: "mtp-clear", engine: EngineMTP,
			path: func(*testutil.LoopDevice) string { return "mtp:/dev/bus/usb/001/007" },
			exec: fakeExecutor{wantTarget: false, out: Outcome{Completed: true, Reason: msg.Verbatim("3 files are still listed").Ptr(),
				Verification: Verification{Mode: "other"}}},
			status: StatusFailed, class: devices.ClassOther, technique: "Overwrite"},
		{name: "an inconclusive check is unverified", method: "phone-reset", engine: EnginePhone,
			path: func(*testutil.LoopDevice) string { return "adb:R58M77777" },
			exec: fakeExecutor{wantTarget: false, out: Outcome{Completed: true, Inconclusive: msg.Verbatim("no sign of a fresh reset").Ptr(),
				Verification: Verification{Mode: "other"}}},
			status: StatusUnverified, class: devices.ClassClear, technique: "Other"},
		{name: "an executor cannot raise the class the policy gives", method: "mtp-clear", engine: EngineMTP,
			path: func(*testutil.LoopDevice) string { return "mtp:/dev/bus/usb/001/005" },
			exec: fakeExecutor{wantTarget: false, out: Outcome{Completed: true, Verification: checked,
				Sanitization: Sanitization{Class: devices.ClassPurge}}},
			status: StatusErased, class: devices.ClassOther, technique: "Overwrite"},
		{name: "an executor may lower it", method: "phone-reset", engine: EnginePhone,
			path: func(*testutil.LoopDevice) string { return "adb:R58M99999" },
			exec: fakeExecutor{wantTarget: false, out: Outcome{Completed: true, Verification: checked,
				Sanitization: Sanitization{Class: devices.ClassOther, Technique: "Other"}}},
			status: StatusErased, class: devices.ClassOther, technique: "Other"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := testutil.NewLoopDevice(t, loopBytes)
			path := l.Path
			if c.path != nil {
				path = c.path(l)
			}
			c.exec.t = t
			r, dir := newTestRunner(t)
			r.cfg.Executors = map[Engine]Executor{c.engine: c.exec}
			if _, err := r.Start(t.Context(), Job{Device: devices.Device{Path: path}, Method: c.method}); err != nil {
				t.Fatal(err)
			}
			evs := collect(t, r, 1)
			rec := checkRecordFile(t, resultOf(t, evs), dir)
			if rec.Status != c.status || rec.Sanitization.Class != c.class || rec.Sanitization.Technique != c.technique {
				t.Errorf("status %s (%s), class %s, technique %s", rec.Status, rec.Reason, rec.Sanitization.Class, rec.Sanitization.Technique)
			}
			phase := false
			for _, ev := range evs {
				phase = phase || (ev.Type == EventPhase && ev.Progress.Phase == PhaseCommand)
			}
			if !phase {
				t.Error("the executor's phase change did not become a phase event")
			}
		})
	}
}

func TestParallelJobsAreIndependent(t *testing.T) {
	testutil.RequireRoot(t)
	good := testutil.NewLoopDevice(t, loopBytes)
	ro := testutil.NewLoopDevice(t, loopBytes, "--read-only")
	r, dir := newTestRunner(t)
	for _, p := range []string{good.Path, ro.Path} {
		if _, err := r.Start(t.Context(), Job{Device: devices.Device{Path: p}, Method: "random"}); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]Status{}
	names := map[string]bool{}
	for _, ev := range collect(t, r, 2) {
		if ev.Type == EventResult {
			got[ev.Device] = checkRecordFile(t, ev, dir).Status
			names[filepath.Base(ev.RecordPath)] = true
		}
	}
	if got[good.Path] != StatusErased || got[ro.Path] != StatusRefused || len(names) != 2 {
		t.Errorf("results %v, record files %v", got, names)
	}
}

// TestNoODirectIsRecorded wipes an image file on ramfs, which refuses O_DIRECT: the
// job falls back to the page cache and says so in the record.
func TestNoODirectIsRecorded(t *testing.T) {
	dir := testutil.MountRamfs(t)
	img := filepath.Join(dir, "disk.img")
	if err := os.WriteFile(img, bytes.Repeat([]byte{0x5A}, 3<<20+100), 0o600); err != nil {
		t.Fatal(err)
	}
	r, records := newTestRunner(t)
	if _, err := r.Start(t.Context(), Job{Device: devices.Device{Path: img}, Method: "zero", Options: Options{AllowFile: true}}); err != nil {
		t.Fatal(err)
	}
	rec := checkRecordFile(t, resultOf(t, collect(t, r, 1)), records)
	if rec.Status != StatusErased || !rec.Verification.Verified {
		t.Fatalf("status %s (%s)", rec.Status, rec.Reason)
	}
	if !strings.Contains(english(rec.Exceptions, "\n"), "does not support O_DIRECT") ||
		!strings.Contains(rec.Verification.Method.String(), "POSIX_FADV_DONTNEED") {
		t.Errorf("the fallback is not in the record: exceptions %q, verification %q", rec.Exceptions, rec.Verification.Method)
	}
	if !allBytes(t, img, 0) {
		t.Error("the image is not all zeros")
	}
}

// fakeBackup answers at the Backuper boundary.
type fakeBackup struct {
	err  error
	seen *bool
}

func (f fakeBackup) Backup(ctx context.Context, x Execution) (*BackupInfo, error) {
	*f.seen = x.Target != nil
	if f.err != nil {
		return nil, f.err
	}
	// The backup reads the device as it was, before anything is erased.
	b := make([]byte, 4096)
	if _, err := x.Target.ReadAt(b, 0); err != nil || b[0] != 0x5A {
		return nil, errors.New("the backup did not see the old data")
	}
	return &BackupInfo{Location: "/backups/x.age", SizeBytes: loopBytes, SHA256: "ab", Verified: true}, nil
}

func TestBackupAndCertify(t *testing.T) {
	testutil.RequireRoot(t)
	cases := []struct {
		name      string
		backupErr error
		status    Status
		backedUp  string
		untouched bool
	}{
		{"backup then wipe", nil, StatusErased, "Yes", false},
		{"a failed backup stops the job before anything is erased", errors.New("disk full"), StatusFailed, "Unknown", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := testutil.NewLoopDevice(t, loopBytes)
			testutil.FillFile(t, l.BackingFile, 0x5A)
			r, dir := newTestRunner(t)
			var sawTarget bool
			r.cfg.Backup = fakeBackup{err: c.backupErr, seen: &sawTarget}
			var certifiedWith string
			r.cfg.Certify = func(rec *Record, recordPath string) (string, error) {
				if _, err := os.Stat(recordPath); err != nil {
					t.Errorf("Certify called before the record was written: %v", err)
				}
				certifiedWith = recordPath
				return recordPath + ".pdf", nil
			}
			if _, err := r.Start(t.Context(), Job{Device: devices.Device{Path: l.Path}, Method: "zero", Options: Options{BackupDir: "/backups"}}); err != nil {
				t.Fatal(err)
			}
			ev := resultOf(t, collect(t, r, 1))
			rec := checkRecordFile(t, ev, dir)
			if rec.Status != c.status || rec.Details.DataBackedUp != c.backedUp || !sawTarget {
				t.Errorf("status %s (%s), data backed up %q, backup saw the device %v", rec.Status, rec.Reason, rec.Details.DataBackedUp, sawTarget)
			}
			if c.backupErr == nil && (rec.Backup == nil || rec.Details.BackupLocation != "/backups/x.age") {
				t.Errorf("backup %+v, location %q", rec.Backup, rec.Details.BackupLocation)
			}
			if certifiedWith != ev.RecordPath || ev.CertificatePath != ev.RecordPath+".pdf" {
				t.Errorf("certified %q, certificate %q for record %q", certifiedWith, ev.CertificatePath, ev.RecordPath)
			}
			if got := allBytes(t, l.BackingFile, 0x5A); got != c.untouched {
				t.Errorf("medium untouched: %v, want %v", got, c.untouched)
			}
		})
	}
}

// TestProgressIsOverallAcrossPasses checks that progress carries the whole job's
// bytes: on a three-pass method with verification the overall figure only grows,
// and the last tick is every write and read-back of every pass, done.
func TestProgressIsOverallAcrossPasses(t *testing.T) {
	testutil.RequireRoot(t)
	l := testutil.NewLoopDevice(t, loopBytes)
	r, _ := newTestRunner(t)
	if _, err := r.Start(t.Context(), Job{Device: devices.Device{Path: l.Path, Name: l.Name()}, Method: "dod-3pass", Options: Options{Verify: VerifyAll}}); err != nil {
		t.Fatal(err)
	}
	evs := collect(t, r, 1)
	if rec := resultOf(t, evs).Result; rec.Status != StatusErased {
		t.Fatalf("status %s: %s", rec.Status, rec.Reason)
	}
	var last *Progress
	passesSeen := map[int]bool{}
	for _, ev := range evs {
		p := ev.Progress
		if p == nil || p.Phase == PhaseBackup || p.Phase == PhaseCommand {
			continue
		}
		passesSeen[p.Pass] = true
		if p.OverallTotal != 6*loopBytes {
			t.Fatalf("%s event pass %d: overall total %d, want %d (three writes and three read-backs)", ev.Type, p.Pass, p.OverallTotal, 6*loopBytes)
		}
		if last != nil && p.OverallDone < last.OverallDone {
			t.Errorf("overall went back from %d to %d at pass %d", last.OverallDone, p.OverallDone, p.Pass)
		}
		last = p
	}
	if len(passesSeen) != 3 {
		t.Errorf("passes reported: %v", passesSeen)
	}
	if last == nil || last.OverallDone != last.OverallTotal {
		t.Errorf("the last progress is not the whole job done: %+v", last)
	}
}
