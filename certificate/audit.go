package certificate

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/wipestation/wipestation/wipe"
)

// DefaultAuditLogName is the audit log's file name in the records folder.
const DefaultAuditLogName = "audit.jsonl"

// AuditEntry is one line of the audit log. Hash is the SHA-256 (hex) of the line
// as written up to, not including, its ",\"hash\"" member, and Prev is the Hash of
// the line before (empty on the first line), so that editing, removing or
// reordering a line breaks the chain. Sig, when the log is signed, is the
// workstation key's ECDSA signature (ASN.1, base64) over Hash.
type AuditEntry struct {
	Seq   int64           `json:"seq"`
	Time  time.Time       `json:"time"`
	Prev  string          `json:"prev"`
	Event string          `json:"event"`
	Data  json.RawMessage `json:"data"`
	Hash  string          `json:"hash"`
	Sig   string          `json:"sig,omitempty"`
}

// auditBody is the hashed part of a line, in the order it is written.
type auditBody struct {
	Seq   int64           `json:"seq"`
	Time  time.Time       `json:"time"`
	Prev  string          `json:"prev"`
	Event string          `json:"event"`
	Data  json.RawMessage `json:"data"`
}

// AuditLog appends events to a hash-chained JSON lines file. Append is safe for
// concurrent use within a process (a mutex) and across processes (an exclusive
// lock on the file while the last line is read and the next one written); every
// line is synced to disk before Append returns.
type AuditLog struct {
	path string
	key  *Key // signs each line when set
	now  func() time.Time
	mu   sync.Mutex
}

// OpenAuditLog returns the log at path, creating its directory (0750) when needed.
// key, when not nil, signs every line; now is the clock (time.Now when nil).
func OpenAuditLog(path string, key *Key, now func() time.Time) (*AuditLog, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("create audit log folder: %w", err)
	}
	if now == nil {
		now = time.Now
	}
	return &AuditLog{path: path, key: key, now: now}, nil
}

// Path is the log's file.
func (l *AuditLog) Path() string { return l.path }

// Append writes one event with its data (any JSON-encodable value) and returns
// the entry as written.
func (l *AuditLog) Append(event string, data any) (AuditEntry, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return AuditEntry{}, fmt.Errorf("audit %s: encode data: %w", event, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	f, err := os.OpenFile(l.path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o640)
	if err != nil {
		return AuditEntry{}, fmt.Errorf("open audit log: %w", err)
	}
	defer f.Close()
	unlock, err := lockFile(f)
	if err != nil {
		return AuditEntry{}, fmt.Errorf("lock audit log %s: %w", l.path, err)
	}
	defer unlock()

	last, err := lastLine(f)
	if err != nil {
		return AuditEntry{}, fmt.Errorf("read audit log %s: %w", l.path, err)
	}
	e := AuditEntry{Seq: 1, Time: l.now(), Event: event, Data: raw}
	if last != nil {
		var prev AuditEntry
		if err := json.Unmarshal(last, &prev); err != nil {
			return AuditEntry{}, fmt.Errorf("audit log %s: last line unreadable: %w", l.path, err)
		}
		e.Seq, e.Prev = prev.Seq+1, prev.Hash
	}
	line, err := l.encode(&e)
	if err != nil {
		return AuditEntry{}, err
	}
	if _, err := f.Write(line); err != nil {
		return AuditEntry{}, fmt.Errorf("append audit log %s: %w", l.path, err)
	}
	if err := f.Sync(); err != nil {
		return AuditEntry{}, fmt.Errorf("sync audit log %s: %w", l.path, err)
	}
	return e, nil
}

// encode fills e.Hash (and e.Sig) and returns the line with its newline.
func (l *AuditLog) encode(e *AuditEntry) ([]byte, error) {
	body, err := json.Marshal(auditBody{Seq: e.Seq, Time: e.Time, Prev: e.Prev, Event: e.Event, Data: e.Data})
	if err != nil {
		return nil, fmt.Errorf("audit %s: %w", e.Event, err)
	}
	sum := sha256.Sum256(body)
	e.Hash = hex.EncodeToString(sum[:])
	line := bytes.TrimSuffix(body, []byte("}"))
	line = fmt.Appendf(line, `,"hash":%q`, e.Hash)
	if l.key != nil {
		sig, err := ecdsa.SignASN1(rand.Reader, l.key.Private, sum[:])
		if err != nil {
			return nil, fmt.Errorf("sign audit line: %w", err)
		}
		e.Sig = base64.StdEncoding.EncodeToString(sig)
		line = fmt.Appendf(line, `,"sig":%q`, e.Sig)
	}
	return append(line, "}\n"...), nil
}

// lastLine returns the last non-empty line of f, reading backwards from the end.
func lastLine(f *os.File) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	end := st.Size()
	var tail []byte
	const chunk = 4096
	for pos := end; pos > 0; {
		n := min(int64(chunk), pos)
		pos -= n
		buf := make([]byte, n)
		if _, err := f.ReadAt(buf, pos); err != nil {
			return nil, err
		}
		tail = append(buf, tail...)
		trimmed := bytes.TrimRight(tail, "\n")
		if i := bytes.LastIndexByte(trimmed, '\n'); i >= 0 {
			return trimmed[i+1:], nil
		}
		if pos == 0 && len(trimmed) > 0 {
			return trimmed, nil
		}
	}
	return nil, nil
}

// AppendEvent records an event of a running job: start, phase and result events,
// and, for a result, the record's digest and where the record and certificate
// went. Progress ticks are not recorded (they carry nothing an auditor needs, and
// come several times a second).
func (l *AuditLog) AppendEvent(ev wipe.Event) error {
	if ev.Type == wipe.EventProgress {
		return nil
	}
	data := map[string]any{"job_id": ev.JobID, "device": ev.Device, "time": ev.Time}
	if ev.Progress != nil {
		data["phase"] = ev.Progress.Phase
		data["pass"] = ev.Progress.Pass
	}
	if r := ev.Result; r != nil {
		canonical, err := CanonicalRecord(r)
		if err != nil {
			return err
		}
		data["certificate_id"] = r.CertificateID
		data["status"] = r.Status
		data["reason"] = r.Reason
		data["serial"] = r.Device.Serial
		data["method"] = r.Sanitization.MethodID
		data["record_sha256"] = RecordDigest(canonical)
		data["record_path"] = ev.RecordPath
		data["certificate_path"] = ev.CertificatePath
	}
	_, err := l.Append("job."+string(ev.Type), data)
	return err
}

// AuditError names the first line of a log that breaks the chain.
type AuditError struct {
	Line   int // 1-based line number in the file
	Reason string
}

func (e *AuditError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// VerifyAuditLog reads a whole log and checks every line: its hash, its sequence
// number (one more than the line before), its link to the line before, and, when
// trusted fingerprints are given, its signature. It returns the number of lines
// and the last hash (to note down: removing lines from the end of a log can only
// be noticed against a noted head), or an *AuditError naming the first bad line.
// With pub set, every line must carry a valid signature by that key.
func VerifyAuditLog(r io.Reader, pub *ecdsa.PublicKey) (lines int64, head string, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var prev string
	var seq int64
	n := 0
	for sc.Scan() {
		n++
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			return seq, prev, &AuditError{Line: n, Reason: "empty line"}
		}
		var e AuditEntry
		if err := json.Unmarshal(line, &e); err != nil {
			return seq, prev, &AuditError{Line: n, Reason: "not a JSON audit entry: " + err.Error()}
		}
		i := bytes.LastIndex(line, []byte(`,"hash":"`))
		if i < 0 {
			return seq, prev, &AuditError{Line: n, Reason: "no hash"}
		}
		body := append(append([]byte{}, line[:i]...), '}')
		sum := sha256.Sum256(body)
		switch {
		case hex.EncodeToString(sum[:]) != e.Hash:
			return seq, prev, &AuditError{Line: n, Reason: fmt.Sprintf("edited: content does not match its hash (seq %d)", e.Seq)}
		case e.Seq != seq+1:
			return seq, prev, &AuditError{Line: n, Reason: fmt.Sprintf("sequence %d follows %d: lines removed or reordered", e.Seq, seq)}
		case e.Prev != prev:
			return seq, prev, &AuditError{Line: n, Reason: fmt.Sprintf("seq %d does not link to the line before: lines removed or reordered", e.Seq)}
		}
		if pub != nil {
			sig, err := base64.StdEncoding.DecodeString(e.Sig)
			if err != nil || !ecdsa.VerifyASN1(pub, sum[:], sig) {
				return seq, prev, &AuditError{Line: n, Reason: fmt.Sprintf("seq %d: signature missing or not made by the workstation key", e.Seq)}
			}
		}
		seq, prev = e.Seq, e.Hash
	}
	if err := sc.Err(); err != nil {
		return seq, prev, fmt.Errorf("read audit log: %w", err)
	}
	return seq, prev, nil
}
