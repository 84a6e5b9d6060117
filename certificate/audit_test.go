package certificate

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wipestation/wipestation/wipe"
)

// testAuditKey is the fixed audit-log key in testdata/key.
func testAuditKey(t testing.TB) *AuditKey {
	t.Helper()
	k, err := LoadAuditKey("testdata/key")
	if err != nil {
		t.Fatalf("test audit key: %v", err)
	}
	return k
}

// testAuditKeys are the public keys of testdata/key.
func testAuditKeys(t testing.TB) AuditKeys {
	t.Helper()
	keys, err := LoadAuditKeys("testdata/key")
	if err != nil || keys.Audit == nil || keys.Legacy == nil {
		t.Fatalf("LoadAuditKeys = %+v, %v", keys, err)
	}
	return keys
}

func newTestLog(t *testing.T, path string) *AuditLog {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "log", "audit.jsonl")
	}
	var mu sync.Mutex
	n := 0
	l, err := OpenAuditLog(AuditLogConfig{Path: path, Key: testAuditKey(t), Now: func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		n++
		return fixedNow().Add(time.Duration(n) * time.Second)
	}})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func verifyFile(t *testing.T, path string, keys AuditKeys) (*AuditReport, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return VerifyAuditLog(f, keys)
}

func TestAuditAppendConcurrent(t *testing.T) {
	l := newTestLog(t, "")
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			if _, err := l.Append("job.phase", map[string]int{"n": i}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	rep, err := verifyFile(t, l.Path(), testAuditKeys(t))
	if err != nil || rep.Seq != 40 || len(rep.Head) != 64 || !rep.Intact() {
		t.Fatalf("VerifyAuditLog = %+v, %v", rep, err)
	}
	// A second AuditLog on the same file (another process) continues the chain.
	l2, _ := OpenAuditLog(AuditLogConfig{Path: l.Path(), Key: testAuditKey(t)})
	e, err := l2.Append("destroy", "x")
	if err != nil || e.Seq != 41 || e.Prev != rep.Head {
		t.Fatalf("Append from a second handle = %+v, %v", e, err)
	}
}

// TestAuditAppendProcesses: two processes appending at once (the TUI and a batch
// wipe) never interleave or fork the chain: the file lock holds.
func TestAuditAppendProcesses(t *testing.T) {
	if path := os.Getenv("WIPESTATION_AUDIT_HELPER"); path != "" {
		l := newTestLog(t, path)
		for i := range 50 {
			if _, err := l.Append("job.phase", map[string]any{"pid": os.Getpid(), "n": i}); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for range 2 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestAuditAppendProcesses$", "-test.count=1")
		cmd.Env = append(os.Environ(), "WIPESTATION_AUDIT_HELPER="+path)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, &out)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("helper %d: %v\n%s", i, err, outs[i])
		}
	}
	rep, err := verifyFile(t, path, testAuditKeys(t))
	if err != nil || rep.Seq != 100 || rep.Lines != 100 || !rep.Intact() {
		t.Fatalf("VerifyAuditLog = %+v, %v", rep, err)
	}
}

// TestAuditRecordDigest: the log's record_sha256 is the digest the certificate
// prints, for a job without a language of its own, and a destruction carries
// one too.
func TestAuditRecordDigest(t *testing.T) {
	c := &Certifier{Key: testKey(t), Fonts: testFonts(t), Language: LangTraditionalChinese}
	rec := erasedRecord()
	rec.Details.Language = ""
	doc, err := c.Render(rec)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	l, err := OpenAuditLog(AuditLogConfig{Path: path, Key: testAuditKey(t), Records: c})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.AppendEvent(wipe.Event{Type: wipe.EventResult, JobID: "j1", Result: rec, RecordPath: "/r.json", CertificatePath: "/c.pdf"}); err != nil {
		t.Fatal(err)
	}
	d := Destruction{Device: rec.Device, How: "shred", Witness: "Lin", Details: rec.Details, ID: "WS-20261126-AAAAAAAA", Time: fixedNow()}
	drec, err := DestroyRecord(d)
	if err != nil {
		t.Fatal(err)
	}
	ddoc, err := c.Render(drec)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.AppendDestroy(d, drec, "/d.pdf"); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	for i, want := range []struct{ event, digest string }{{"job.result", doc.Digest}, {"destroy", ddoc.Digest}} {
		var e AuditEntry
		if err := json.Unmarshal([]byte(lines[i]), &e); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Digest string `json:"record_sha256"`
		}
		json.Unmarshal(e.Data, &got)
		if e.Event != want.event || got.Digest != want.digest {
			t.Errorf("line %d: %s with record_sha256 %q, want %s with the certificate's %s", i+1, e.Event, got.Digest, want.event, want.digest)
		}
	}
}

func TestAuditAppendEvent(t *testing.T) {
	l := newTestLog(t, "")
	rec := erasedRecord()
	for _, ev := range []wipe.Event{
		{Type: wipe.EventStart, JobID: "j1", Device: "/dev/sdb"},
		{Type: wipe.EventProgress, JobID: "j1", Progress: &wipe.Progress{Phase: wipe.PhaseWrite}},
		{Type: wipe.EventPhase, JobID: "j1", Progress: &wipe.Progress{Phase: wipe.PhaseVerify, Pass: 1}},
		{Type: wipe.EventResult, JobID: "j1", Result: rec, RecordPath: "/r.json", CertificatePath: "/c.pdf"},
		{Type: wipe.EventResult, JobID: "j2", Result: rec, RecordPath: "/r2.json", Err: "certificate: no font"},
	} {
		if err := l.AppendEvent(ev); err != nil {
			t.Fatal(err)
		}
	}
	data, _ := os.ReadFile(l.Path())
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4 (progress ticks are not logged):\n%s", len(lines), data)
	}
	// A job whose certificate could not be issued says so in the log too, as its
	// exit code and JSON result do; a clean one carries no error member.
	if !strings.Contains(lines[3], `"error":"certificate: no font"`) || strings.Contains(lines[2], `"error"`) {
		t.Errorf("error members:\n%s\n%s", lines[2], lines[3])
	}
	if rep, err := verifyFile(t, l.Path(), testAuditKeys(t)); err != nil || !rep.Intact() {
		t.Errorf("the log with an error member does not verify: %+v %v", rep, err)
	}
	e, _ := EmbedRecord(rec, "")
	for _, want := range []string{`{"v":2,"seq":3,`, `"event":"job.result"`, `"certificate_id":"WS-20261126-7F3K9Q2M"`, `"record_sha256":"` + e.Digest + `"`} {
		if !strings.Contains(lines[2], want) {
			t.Errorf("result line lacks %s: %s", want, lines[2])
		}
	}
}

// signLine re-signs a forged line body with priv, as someone holding that key
// (or, for another key, someone writing a log from scratch) would.
func signLine(t *testing.T, e AuditEntry, priv *ecdsa.PrivateKey) string {
	t.Helper()
	body, err := auditBodyBytes(e)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	e.Hash = hex.EncodeToString(sum[:])
	sig, err := ecdsa.SignASN1(rand.Reader, priv, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	e.Sig = base64.StdEncoding.EncodeToString(sig)
	line, err := auditLineBytes(e, body)
	if err != nil {
		t.Fatal(err)
	}
	return string(line) + "\n"
}

func TestAuditVerifyDetects(t *testing.T) {
	l := newTestLog(t, "")
	var entries []AuditEntry
	for i := 1; i <= 5; i++ {
		e, err := l.Append("job.start", map[string]any{"job_id": fmt.Sprintf("j%d", i), "device": "/dev/sdb"})
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	data, _ := os.ReadFile(l.Path())
	lines := strings.SplitAfter(strings.TrimSuffix(string(data), "\n"), "\n")
	lines[len(lines)-1] += "\n"
	join := func(ls ...string) []byte { return []byte(strings.Join(ls, "")) }
	with := func(i int, line string) []byte {
		ls := append([]string{}, lines...)
		ls[i-1] = line
		return join(ls...)
	}
	edit := func(i int, old, new string) []byte {
		if !strings.Contains(lines[i-1], old) {
			t.Fatalf("line %d has no %q", i, old)
		}
		return with(i, strings.Replace(lines[i-1], old, new, 1))
	}
	tail := func(i int) string { return strings.TrimSuffix(lines[i-1], "}\n") } // up to the closing brace
	keys := testAuditKeys(t)
	other := otherKey(t)
	// A line re-hashed after an edit, keeping its old signature.
	rehashed := entries[2]
	rehashed.Data = json.RawMessage(`{"device":"/dev/sdb","job_id":"j9"}`)
	rehashedLine := signLine(t, rehashed, testAuditKey(t).Private)
	rehashedLine = strings.Replace(rehashedLine, `"sig":"`+strings.Split(rehashedLine, `"sig":"`)[1], `"sig":"`+entries[2].Sig+"\"}\n", 1)
	// A whole log written from scratch with another key.
	var scratch []string
	prev := ""
	for i := range 5 {
		e := AuditEntry{V: AuditScheme, Seq: int64(i + 1), Time: fixedNow(), Prev: prev, Event: "job.start", Data: json.RawMessage(`{"job_id":"x"}`)}
		line := signLine(t, e, other.Private)
		var parsed AuditEntry
		json.Unmarshal([]byte(line), &parsed)
		prev = parsed.Hash
		scratch = append(scratch, line)
	}
	// A legacy-scheme line (the certificate key) after current ones: a downgrade.
	legacy := AuditEntry{Seq: 6, Time: fixedNow(), Prev: entries[4].Hash, Event: "job.start", Data: json.RawMessage(`{}`)}
	downgrade := join(append(append([]string{}, lines...), signLine(t, legacy, testKey(t).Private))...)

	tests := []struct {
		name string
		log  []byte
		keys AuditKeys
		line int // 0: no error
		why  string
	}{
		{"intact", data, keys, 0, ""},
		{"edited data", bytes.Replace(data, []byte(`"j3"`), []byte(`"j9"`), 1), keys, 3, "edited"},
		{"re-hashed after an edit", with(3, rehashedLine), keys, 3, "signature not made by the audit-log key"},
		{"line removed", join(lines[0], lines[1], lines[3], lines[4]), keys, 3, "removed or reordered"},
		{"first line removed", join(lines[1], lines[2], lines[3], lines[4]), keys, 1, "removed or reordered"},
		{"lines swapped", join(lines[0], lines[2], lines[1], lines[3], lines[4]), keys, 2, "removed or reordered"},
		{"garbage line", join(lines[0], "not json\n", lines[1]), keys, 2, "not a JSON"},
		{"signed by another key", join(scratch...), keys, 1, "signature not made by the audit-log key"},
		{"no audit-log key given", data, AuditKeys{Legacy: keys.Legacy}, 1, "which was not given"},
		{"member appended after sig", with(2, tail(2)+`,"data":{"status":"erased"}}`+"\n"), keys, 2, `duplicate member "data"`},
		{"new member appended after sig", with(2, tail(2)+`,"status":"erased"}`+"\n"), keys, 2, `unknown member "status"`},
		{"member between hash and sig", edit(2, `","sig":"`, `","status":"erased","sig":"`), keys, 2, `unknown member "status"`},
		{"duplicate key", edit(2, `"event":"job.start"`, `"event":"job.start","event":"job.result"`), keys, 2, `duplicate member "event"`},
		{"duplicate key in data", edit(2, `"job_id":"j2"`, `"job_id":"j2","job_id":"j7"`), keys, 2, `duplicate member "job_id"`},
		{"data after the object", with(2, strings.TrimSuffix(lines[1], "\n")+`{"event":"job.result"}`+"\n"), keys, 2, "data after the object"},
		{"white space", edit(2, `"seq":2`, `"seq": 2`), keys, 2, "canonical"},
		{"escaped letter", edit(2, `"job_id"`, `"job\u005fid"`), keys, 2, "canonical"},
		{"members reordered", edit(2, `"v":2,"seq":2`, `"seq":2,"v":2`), keys, 2, "canonical"},
		{"signature removed", edit(1, `,"sig":"`+entries[0].Sig+`"`, ""), keys, 1, `no "sig" member`},
		{"signature empty", edit(1, entries[0].Sig, ""), keys, 1, "empty signature"},
		{"signature removed from every line", []byte(strings.Join(func() []string {
			var out []string
			for i, ln := range lines {
				out = append(out, strings.Replace(ln, `,"sig":"`+entries[i].Sig+`"`, "", 1))
			}
			return out
		}(), "")), keys, 1, `no "sig" member`},
		{"unknown scheme", edit(1, `"v":2`, `"v":3`), keys, 1, "scheme version 3"},
		{"legacy line after current ones", downgrade, keys, 6, "downgrade"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := VerifyAuditLog(bytes.NewReader(tt.log), tt.keys)
			if tt.line == 0 {
				if err != nil || rep.Seq != 5 || !rep.Intact() {
					t.Fatalf("VerifyAuditLog = %+v, %v", rep, err)
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

// TestAuditTornLine: a crash mid-append leaves a torn last line; the next append
// seals it with a break line and goes on, every event is logged, the torn bytes
// stay where they were, and verification reports the break.
func TestAuditTornLine(t *testing.T) {
	keys := testAuditKeys(t)
	type check struct {
		badBefore bool // complete lines: bad until sealed, not torn
		breaks    int
		torn      bool // an unsealed run at the end
		firstLine int
		lostBytes int64
	}
	tests := []struct {
		name   string
		damage func(t *testing.T, data []byte) []byte
		want   check
	}{
		{"cut mid-line", func(t *testing.T, data []byte) []byte { return data[:len(data)-40] }, check{breaks: 1, firstLine: 3}},
		{"only the newline missing", func(t *testing.T, data []byte) []byte { return data[:len(data)-1] }, check{}},
		{"zeros from a lost write", func(t *testing.T, data []byte) []byte { return append(data, make([]byte, 700)...) }, check{breaks: 1, firstLine: 4}},
		{"garbage with a newline", func(t *testing.T, data []byte) []byte { return append(data, "{\"seq\":4,\"trunc\n"...) }, check{badBefore: true, breaks: 1, firstLine: 4}},
		{"torn twice (crash while sealing)", func(t *testing.T, data []byte) []byte {
			return append(data[:len(data)-40], "\n{\"v\":2,\"seq\":3,\"ti"...)
		}, check{breaks: 1, firstLine: 3}},
		{"first line torn", func(t *testing.T, data []byte) []byte { return data[:30] }, check{breaks: 1, firstLine: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newTestLog(t, "")
			for i := range 3 {
				if _, err := l.Append("job.start", map[string]any{"job_id": fmt.Sprintf("j%d", i+1)}); err != nil {
					t.Fatal(err)
				}
			}
			data, _ := os.ReadFile(l.Path())
			damaged := tt.damage(t, data)
			if err := os.WriteFile(l.Path(), damaged, 0o640); err != nil {
				t.Fatal(err)
			}
			// Before the next append: the torn end is reported, not sealed.
			rep, err := verifyFile(t, l.Path(), keys)
			var ae *AuditError
			switch {
			case tt.want.badBefore:
				if !errors.As(err, &ae) || ae.Line != tt.want.firstLine {
					t.Fatalf("before the append: %+v, %v; want line %d bad", rep, err, tt.want.firstLine)
				}
			case err != nil || rep.Intact() != (tt.want.breaks == 0) || (rep.Torn != nil) != (tt.want.breaks > 0):
				t.Fatalf("before the append: %+v, %v", rep, err)
			case rep.Torn != nil && rep.Torn.Line != tt.want.firstLine:
				t.Fatalf("before the append: torn at %+v, want line %d", rep.Torn, tt.want.firstLine)
			}
			e, err := l.Append("job.result", map[string]any{"job_id": "j9"})
			if err != nil {
				t.Fatalf("Append after a torn line: %v", err)
			}
			after, _ := os.ReadFile(l.Path())
			if !bytes.HasPrefix(after, damaged) {
				t.Fatal("the torn bytes were not kept in place")
			}
			rep, err = verifyFile(t, l.Path(), keys)
			if err != nil {
				t.Fatalf("after the append: %v", err)
			}
			if rep.Torn != nil || len(rep.Breaks) != tt.want.breaks || rep.Intact() != (tt.want.breaks == 0) || rep.Seq != e.Seq || rep.Head != e.Hash {
				t.Fatalf("after the append: %+v (appended %+v)", rep, e)
			}
			if tt.want.breaks == 0 {
				return
			}
			b := rep.Breaks[0]
			// The lost bytes run from the start of the first bad line to where the
			// damaged file ended.
			wantOffset := int64(0)
			for _, ln := range bytes.SplitAfter(data, []byte("\n"))[:tt.want.firstLine-1] {
				wantOffset += int64(len(ln))
			}
			lost := damaged[wantOffset:]
			sum := sha256.Sum256(lost)
			if b.Offset != wantOffset || b.Bytes != int64(len(lost)) || b.SHA256 != hex.EncodeToString(sum[:]) || b.Line != tt.want.firstLine || b.SealedBy != e.Seq-1 {
				t.Errorf("break %+v; want line %d at offset %d, %d bytes, sealed by seq %d", b, tt.want.firstLine, wantOffset, len(lost), e.Seq-1)
			}
			// The chain goes on from the last good line: the break line links to it.
			var sealLine AuditEntry
			for _, ln := range bytes.Split(after, []byte("\n")) {
				if bytes.Contains(ln, []byte(`"event":"log.break"`)) {
					json.Unmarshal(ln, &sealLine)
				}
			}
			var d AuditBreakData
			json.Unmarshal(sealLine.Data, &d)
			if d.Offset != b.Offset || d.SHA256 != b.SHA256 || d.Line != b.Line {
				t.Errorf("break line records %+v, verification found %+v", d, b)
			}
		})
	}
}

// TestAuditNotALog: a file with several lines none of which is an audit entry
// (a misconfigured audit_log) is never appended to.
func TestAuditNotALog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "passwd")
	orig := []byte("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/usr/sbin/nologin\n")
	os.WriteFile(path, orig, 0o640)
	l := newTestLog(t, path)
	if _, err := l.Append("job.start", map[string]any{}); err == nil || !strings.Contains(err.Error(), "no line of it is an audit entry") {
		t.Fatalf("Append = %v", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, orig) {
		t.Error("the file was changed")
	}
}

// TestAuditLegacyLog: a log written by the release before audit-log keys (lines
// without "v", signed by the certificate key) still verifies, counted as legacy;
// appending to it goes on in the current scheme.
func TestAuditLegacyLog(t *testing.T) {
	keys := testAuditKeys(t)
	legacy, err := os.ReadFile("testdata/audit-legacy.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	os.WriteFile(path, legacy, 0o640)
	rep, err := verifyFile(t, path, keys)
	if err != nil || rep.Seq != 4 || rep.Legacy != 4 || !rep.Intact() {
		t.Fatalf("legacy log: %+v, %v", rep, err)
	}
	if _, err := verifyFile(t, path, AuditKeys{Audit: keys.Audit}); err == nil || !strings.Contains(err.Error(), "certificate key (legacy scheme), which was not given") {
		t.Errorf("legacy log without the certificate key: %v", err)
	}
	l := newTestLog(t, path)
	e, err := l.Append("job.start", map[string]any{"job_id": "j2"})
	if err != nil || e.Seq != 5 || e.V != AuditScheme {
		t.Fatalf("Append = %+v, %v", e, err)
	}
	rep, err = verifyFile(t, path, keys)
	if err != nil || rep.Seq != 5 || rep.Legacy != 4 {
		t.Fatalf("legacy log continued: %+v, %v", rep, err)
	}
	// The old forgeries are caught in legacy lines too.
	forged := bytes.Replace(legacy, []byte(`"sig":`), []byte(`"status":"erased","sig":`), 1)
	os.WriteFile(path, forged, 0o640)
	if _, err := verifyFile(t, path, keys); err == nil || !strings.Contains(err.Error(), "line 1: unknown member") {
		t.Errorf("forged legacy line: %v", err)
	}
}

func TestAuditKeyFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "key")
	k, err := LoadOrCreateAuditKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, AuditKeyFile): 0o600, filepath.Join(dir, AuditPublicFile): 0o644} {
		st, err := os.Stat(path)
		if err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: %v, %v; want mode %v", path, st, err, want)
		}
	}
	again, err := LoadOrCreateAuditKey(dir)
	if err != nil || again.Fingerprint() != k.Fingerprint() {
		t.Fatalf("second use: %v, %v", again, err)
	}
	cert, err := LoadOrCreateKey(dir, "desk-01", "", fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	if cert.Fingerprint() == k.Fingerprint() {
		t.Fatal("the audit-log key is the certificate key")
	}
	// The export carries both, and a document-signing reader finds only the
	// certificate key in it.
	export := append(cert.PublicPEM(), k.PublicPEM()...)
	fps, err := ParseTrustedKeys(export)
	if err != nil || len(fps) != 2 || fps[0] != cert.Fingerprint() || fps[1] != cert.Fingerprint() {
		t.Errorf("ParseTrustedKeys(export) = %v, %v; want the certificate key only", fps, err)
	}
	keys, err := ParseAuditKeys(export)
	if err != nil || keys.Audit == nil || !keys.Audit.Equal(k.Public()) || keys.Legacy == nil || !keys.Legacy.Equal(&cert.Private.PublicKey) {
		t.Errorf("ParseAuditKeys(export) = %+v, %v", keys, err)
	}
	fromDir, err := LoadAuditKeys(dir)
	if err != nil || !fromDir.Audit.Equal(k.Public()) || !fromDir.Legacy.Equal(&cert.Private.PublicKey) {
		t.Errorf("LoadAuditKeys = %+v, %v", fromDir, err)
	}
	if _, err := OpenAuditLog(AuditLogConfig{Path: filepath.Join(dir, "a.jsonl")}); err == nil {
		t.Error("an audit log without a signing key opened")
	}
}
