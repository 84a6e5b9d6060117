package wipe

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
)

func TestDecide(t *testing.T) {
	refusal := &devices.RefusalError{Path: "/dev/sdz", Reason: msg.Verbatim("mounted at /data"), Err: devices.ErrMounted}
	written := Facts{Completed: true, CheckPlanned: true, CheckPassed: true, Class: devices.ClassClear}
	with := func(change func(*Facts)) Facts {
		f := written
		change(&f)
		return f
	}
	cases := []struct {
		name      string
		facts     Facts
		status    Status
		verified  bool
		class     devices.Class
		reasonHas string
		exceptHas string
	}{
		{name: "written and read back", facts: written, status: StatusErased, verified: true, class: devices.ClassClear},
		{name: "not read back is not erased", facts: with(func(f *Facts) { f.CheckPlanned, f.CheckPassed = false, false }),
			status: StatusUnverified, class: devices.ClassClear, reasonHas: "not read back", exceptHas: "not verified"},
		{name: "a check that passed but was never planned proves nothing", facts: with(func(f *Facts) { f.CheckPlanned = false }),
			status: StatusUnverified, class: devices.ClassClear},
		{name: "planned check that did not run to its end", facts: with(func(f *Facts) { f.CheckPassed = false }),
			status: StatusFailed, class: devices.ClassClear, reasonHas: "did not prove"},
		{name: "inconclusive check", facts: with(func(f *Facts) { f.CheckPassed, f.Inconclusive = false, msg.Verbatim("no sign of a fresh reset").Ptr() }),
			status: StatusUnverified, class: devices.ClassClear, reasonHas: "no sign of a fresh reset"},
		{name: "inconclusive but a range failed", facts: with(func(f *Facts) {
			f.CheckPassed, f.Inconclusive = false, msg.Verbatim("no sign").Ptr()
			f.Errors = []RangeError{{Offset: 0, Length: 512, Phase: "write", Pass: 1, Err: "EIO"}}
		}), status: StatusFailed, class: devices.ClassClear, exceptHas: "pass 1 write error at bytes 0-511"},
		{name: "one unwritten range", facts: with(func(f *Facts) {
			f.Errors = []RangeError{{Offset: 4096, Length: 4096, Phase: "write", Pass: 1, Err: "EIO"}}
		}), status: StatusFailed, class: devices.ClassClear, reasonHas: "1 ranges", exceptHas: "bytes 4096-8191"},
		{name: "an unreadable range in the read-back voids the verification", facts: with(func(f *Facts) {
			f.Errors = []RangeError{{Offset: 0, Length: 512, Phase: "verify", Pass: 1, Err: "EIO"}}
		}), status: StatusFailed, verified: false, class: devices.ClassClear},
		{name: "mismatch", facts: with(func(f *Facts) { f.Mismatches, f.FirstMismatchAt, f.CompareBlock = 2, 8192, 4096 }),
			status: StatusFailed, class: devices.ClassClear, reasonHas: "2 blocks", exceptHas: "first at byte 8192"},
		{name: "incomplete", facts: with(func(f *Facts) { f.Completed, f.Progress = false, msg.Verbatim("1 of 3 passes written").Ptr() }),
			status: StatusFailed, class: devices.ClassClear, reasonHas: "1 of 3 passes written"},
		{name: "failure wins over a passing check", facts: with(func(f *Facts) { f.Failure = msg.Verbatim("the device disappeared mid-job").Ptr() }),
			status: StatusFailed, class: devices.ClassClear, reasonHas: "disappeared"},
		{name: "cancelled", facts: with(func(f *Facts) { f.Cancelled = true }),
			status: StatusAborted, class: devices.ClassClear, reasonHas: "not erased"},
		{name: "refused", facts: Facts{Refusal: refusal, Class: devices.ClassClear},
			status: StatusRefused, class: devices.ClassClear, reasonHas: "mounted at /data"},
		{name: "the executor may lower the class", facts: with(func(f *Facts) { f.Class, f.ObservedClass = devices.ClassPurge, devices.ClassClear }),
			status: StatusErased, verified: true, class: devices.ClassClear},
		{name: "the executor cannot raise it", facts: with(func(f *Facts) { f.ObservedClass = devices.ClassPurge }),
			status: StatusErased, verified: true, class: devices.ClassClear},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := Decide(c.facts)
			if v.Status != c.status || v.Verified != c.verified || v.Class != c.class {
				t.Errorf("got %s verified=%v class %s (%q), want %s verified=%v class %s", v.Status, v.Verified, v.Class, v.Reason, c.status, c.verified, c.class)
			}
			if !strings.Contains(msg.Text(v.Reason), c.reasonHas) || (v.Status == StatusErased) != (v.Reason == nil) {
				t.Errorf("reason %q, want one containing %q (and none exactly when erased)", v.Reason, c.reasonHas)
			}
			if c.exceptHas != "" && !strings.Contains(english(v.Exceptions, "\n"), c.exceptHas) {
				t.Errorf("exceptions %q lack %q", v.Exceptions, c.exceptHas)
			}
			rec := Record{Errors: c.facts.Errors, Verification: Verification{Mismatches: c.facts.Mismatches}}
			v.apply(&rec)
			if why := rec.Contradiction(); why != nil {
				t.Errorf("the verdict contradicts its own facts: %s", why)
			}
		})
	}
}

// imageJob runs one job on a fresh image file (no root needed) and returns its
// result event.
func imageJob(t *testing.T, method string, opts Options, wrap func(Target) Target, certify func(*Record, string) (string, error)) (Event, string) {
	t.Helper()
	dir := t.TempDir()
	img := filepath.Join(dir, "disk.img")
	if err := os.WriteFile(img, []byte(strings.Repeat("\x5a", 16<<20)), 0o600); err != nil {
		t.Fatal(err)
	}
	r := NewRunner(RunnerConfig{System: devices.HostSystem(), RecordsDir: filepath.Join(dir, "records"), Certify: certify})
	r.wrapTarget = wrap
	opts.AllowFile = true
	if _, err := r.Start(t.Context(), Job{Device: devices.Device{Path: img}, Method: method, Options: opts}); err != nil {
		t.Fatal(err)
	}
	return resultOf(t, collect(t, r, 1)), img
}

// TestRunnerVerdictOnImages is the runner's verdict on real I/O without root: every
// output reads the record's status, so the record is what is checked here.
func TestRunnerVerdictOnImages(t *testing.T) {
	cases := []struct {
		name     string
		method   string
		opts     Options
		wrap     func(Target) Target
		status   Status
		verified bool
		mode     string
	}{
		{name: "verified", method: "zero", status: StatusErased, verified: true, mode: "last-pass"},
		{name: "verify off", method: "zero", opts: Options{Verify: VerifyOff}, status: StatusUnverified, mode: "none"},
		{name: "sampling is no read-back of an overwrite", method: "random", opts: Options{Verify: VerifySampling}, status: StatusUnverified, mode: "none"},
		{name: "every pass", method: "dod-3pass", opts: Options{Verify: VerifyAll}, status: StatusErased, verified: true, mode: "all-passes"},
		{name: "mismatch", method: "zero", wrap: func(t Target) Target { return &flaky{Opened: t.(*devices.Opened), flipOnRead: true} },
			status: StatusFailed, mode: "last-pass"},
		{name: "device gone", method: "one", wrap: func(t Target) Target { return &flaky{Opened: t.(*devices.Opened), goneAfter: 8 << 20} },
			status: StatusFailed, mode: "last-pass"},
		{name: "method needs verification", method: "nist-clear", opts: Options{Verify: VerifyOff}, status: StatusRefused, mode: "none"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev, _ := imageJob(t, c.method, c.opts, c.wrap, nil)
			rec := ev.Result
			if rec.Status != c.status || rec.Verification.Verified != c.verified || rec.Verification.Mode != c.mode {
				t.Errorf("status %s verified=%v mode %q (%q), want %s verified=%v mode %q", rec.Status, rec.Verification.Verified,
					rec.Verification.Mode, rec.Reason, c.status, c.verified, c.mode)
			}
			var onDisk Record
			b, err := os.ReadFile(ev.RecordPath)
			if err == nil {
				err = json.Unmarshal(b, &onDisk)
			}
			if err != nil || onDisk.Status != rec.Status || onDisk.Verification.Verified != rec.Verification.Verified {
				t.Errorf("record file disagrees with the event: %v %+v", err, onDisk)
			}
		})
	}
}

func TestRunnerRejectsUnknownOptions(t *testing.T) {
	r := NewRunner(RunnerConfig{System: devices.HostSystem(), RecordsDir: t.TempDir()})
	for _, opts := range []Options{{Verify: "quick"}, {OnError: "ignore"}, {Rounds: -1}} {
		if _, err := r.Start(t.Context(), Job{Device: devices.Device{Path: "/nonexistent"}, Method: "zero", Options: opts}); err == nil {
			t.Errorf("%+v: started", opts)
		}
	}
}

type panicky struct{}

func (panicky) Execute(ctx context.Context, x Execution) (Outcome, error) {
	panic("boom in the executor")
}

// TestPanicsStayInTheirJob: a panic in an executor or in the certificate fails only
// that job, after its record is written; a job beside it ends erased.
func TestPanicsStayInTheirJob(t *testing.T) {
	dir := t.TempDir()
	img := filepath.Join(dir, "disk.img")
	if err := os.WriteFile(img, make([]byte, 4<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	certify := func(rec *Record, path string) (string, error) {
		if rec.Details.Operator.Name == "panic" {
			panic("boom in the certificate")
		}
		return path + ".pdf", nil
	}
	r := NewRunner(RunnerConfig{System: devices.HostSystem(), RecordsDir: filepath.Join(dir, "records"), Certify: certify,
		Executors: map[Engine]Executor{EngineMTP: panicky{}}})
	jobs := []Job{
		{Device: devices.Device{Path: "mtp:/dev/bus/usb/001/009"}, Method: "mtp-clear"},
		{Device: devices.Device{Path: img}, Method: "zero", Options: Options{AllowFile: true}, Details: JobDetails{Operator: Person{Name: "panic"}}},
		{Device: devices.Device{Path: img + ".2"}, Method: "zero", Options: Options{AllowFile: true}},
	}
	if err := os.WriteFile(img+".2", make([]byte, 4<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	byPath := map[string]Event{}
	for _, j := range jobs {
		if _, err := r.Start(t.Context(), j); err != nil {
			t.Fatal(err)
		}
	}
	for _, ev := range collect(t, r, len(jobs)) {
		if ev.Type == EventResult {
			byPath[ev.Device] = ev
		}
	}
	if ev := byPath[jobs[0].Device.Path]; ev.Result.Status != StatusFailed || !strings.Contains(msg.Text(ev.Result.Reason), "boom in the executor") || ev.RecordPath == "" {
		t.Errorf("executor panic: %s %q record %q", ev.Result.Status, ev.Result.Reason, ev.RecordPath)
	}
	if ev := byPath[img]; ev.Result.Status != StatusErased || ev.RecordPath == "" || ev.CertificatePath != "" || !strings.Contains(ev.Err, "boom in the certificate") {
		t.Errorf("certificate panic: %s record %q certificate %q err %q", ev.Result.Status, ev.RecordPath, ev.CertificatePath, ev.Err)
	}
	if ev := byPath[img+".2"]; ev.Result.Status != StatusErased || ev.CertificatePath == "" || ev.Err != "" {
		t.Errorf("the job beside them: %s certificate %q err %q", ev.Result.Status, ev.CertificatePath, ev.Err)
	}
}

func TestStatusSanitized(t *testing.T) {
	for _, s := range Statuses() {
		want := s == StatusErased || s == StatusDestroyed
		if s.Sanitized() != want {
			t.Errorf("%s.Sanitized() = %v", s, s.Sanitized())
		}
	}
}

func TestNewCertificateID(t *testing.T) {
	id, err := NewCertificateID(time.Date(2026, 11, 26, 23, 30, 0, 0, time.FixedZone("CST", 8*3600)))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^WS-20261126-[0-9A-F]{10}$`).MatchString(id) {
		t.Errorf("NewCertificateID = %q", id)
	}
}

func TestJobValidateText(t *testing.T) {
	ok := Job{Details: JobDetails{Operator: Person{Name: "林𡘙"}, AssetTag: "資產-😀-\x1b[31m"}}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid text refused: %v", err)
	}
	bad := Job{Details: JobDetails{Operator: Person{Name: "Chen \xff"}}}
	if err := bad.Validate(); !errors.Is(err, ErrInvalidJob) || !strings.Contains(err.Error(), "operator name") {
		t.Errorf("invalid UTF-8: %v", err)
	}
}

// panicOnRead panics in the read-back, which runs in the engine's helper goroutine.
type panicOnRead struct{ *devices.Opened }

func (p panicOnRead) ReadAt(b []byte, off int64) (int, error) { panic("boom in the read-back") }

// TestPanicInHelperGoroutine: a panic in a goroutine the engine starts fails the
// job with a record, instead of ending the process.
func TestPanicInHelperGoroutine(t *testing.T) {
	ev, _ := imageJob(t, "zero", Options{}, func(t Target) Target { return panicOnRead{t.(*devices.Opened)} }, nil)
	if ev.Result.Status != StatusFailed || !strings.Contains(msg.Text(ev.Result.Reason), "boom in the read-back") || ev.RecordPath == "" {
		t.Errorf("status %s (%q), record %q", ev.Result.Status, ev.Result.Reason, ev.RecordPath)
	}
}
