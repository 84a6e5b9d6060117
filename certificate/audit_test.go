package certificate

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wipestation/wipestation/wipe"
)

func newTestLog(t *testing.T, key *Key) *AuditLog {
	t.Helper()
	n := 0
	l, err := OpenAuditLog(filepath.Join(t.TempDir(), "log", "audit.jsonl"), key, func() time.Time {
		n++
		return fixedNow().Add(time.Duration(n) * time.Second)
	})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestAuditAppendConcurrent(t *testing.T) {
	key := testKey(t)
	l := newTestLog(t, key)
	var mu sync.Mutex // the test clock is not safe for concurrent use
	now := l.now
	l.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now() }
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			if _, err := l.Append("job.phase", map[string]int{"n": i}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	f, _ := os.Open(l.Path())
	defer f.Close()
	n, head, err := VerifyAuditLog(f, &key.Private.PublicKey)
	if err != nil || n != 40 || len(head) != 64 {
		t.Fatalf("VerifyAuditLog = %d, %q, %v", n, head, err)
	}
	// A second AuditLog on the same file (another process) continues the chain.
	l2, _ := OpenAuditLog(l.Path(), key, nil)
	e, err := l2.Append("destroy", "x")
	if err != nil || e.Seq != 41 || e.Prev != head {
		t.Fatalf("Append from a second handle = %+v, %v", e, err)
	}
}

func TestAuditAppendEvent(t *testing.T) {
	l := newTestLog(t, nil)
	rec := erasedRecord()
	for _, ev := range []wipe.Event{
		{Type: wipe.EventStart, JobID: "j1", Device: "/dev/sdb"},
		{Type: wipe.EventProgress, JobID: "j1", Progress: &wipe.Progress{Phase: wipe.PhaseWrite}},
		{Type: wipe.EventPhase, JobID: "j1", Progress: &wipe.Progress{Phase: wipe.PhaseVerify, Pass: 1}},
		{Type: wipe.EventResult, JobID: "j1", Result: rec, RecordPath: "/r.json", CertificatePath: "/c.pdf"},
	} {
		if err := l.AppendEvent(ev); err != nil {
			t.Fatal(err)
		}
	}
	data, _ := os.ReadFile(l.Path())
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3 (progress ticks are not logged):\n%s", len(lines), data)
	}
	canonical, _ := CanonicalRecord(rec)
	for _, want := range []string{`"event":"job.result"`, `"certificate_id":"WS-20261126-7F3K9Q2M"`, `"record_sha256":"` + RecordDigest(canonical) + `"`} {
		if !strings.Contains(lines[2], want) {
			t.Errorf("result line lacks %s: %s", want, lines[2])
		}
	}
}

func TestAuditVerifyDetects(t *testing.T) {
	key := testKey(t)
	l := newTestLog(t, key)
	for i := 1; i <= 5; i++ {
		if _, err := l.Append("job.start", map[string]any{"job_id": fmt.Sprintf("j%d", i), "device": "/dev/sdb"}); err != nil {
			t.Fatal(err)
		}
	}
	data, _ := os.ReadFile(l.Path())
	lines := strings.SplitAfter(strings.TrimSuffix(string(data), "\n"), "\n")
	lines[len(lines)-1] += "\n"
	join := func(ls ...string) []byte { return []byte(strings.Join(ls, "")) }
	other := otherKey(t)

	tests := []struct {
		name string
		log  []byte
		pub  *Key
		line int // 0: no error
		why  string
	}{
		{"intact", data, key, 0, ""},
		{"intact without key", data, nil, 0, ""},
		{"edited data", bytes.Replace(data, []byte(`"j3"`), []byte(`"j9"`), 1), nil, 3, "edited"},
		{"edited hash too", []byte(strings.Replace(string(data), lines[2], strings.Replace(lines[2], `"j3"`, `"j9"`, 1), 1)), nil, 3, "edited"},
		{"line removed", join(lines[0], lines[1], lines[3], lines[4]), nil, 3, "removed or reordered"},
		{"first line removed", join(lines[1], lines[2], lines[3], lines[4]), nil, 1, "removed or reordered"},
		{"lines swapped", join(lines[0], lines[2], lines[1], lines[3], lines[4]), nil, 2, "removed or reordered"},
		{"signed by another key", data, other, 1, "signature"},
		{"garbage line", join(lines[0], "not json\n", lines[1]), nil, 2, "not a JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pub = (*Key)(nil)
			pub = tt.pub
			var err error
			var n int64
			if pub != nil {
				n, _, err = VerifyAuditLog(bytes.NewReader(tt.log), &pub.Private.PublicKey)
			} else {
				n, _, err = VerifyAuditLog(bytes.NewReader(tt.log), nil)
			}
			if tt.line == 0 {
				if err != nil || n != 5 {
					t.Fatalf("VerifyAuditLog = %d, %v", n, err)
				}
				return
			}
			var ae *AuditError
			if !errors.As(err, &ae) || ae.Line != tt.line || !strings.Contains(ae.Reason, tt.why) {
				t.Fatalf("VerifyAuditLog = %v, want line %d: %s", err, tt.line, tt.why)
			}
		})
	}
}
