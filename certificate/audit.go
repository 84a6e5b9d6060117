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
	"errors"
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

// AuditScheme is the version ("v") of the lines this release writes: signed by the
// audit-log key. Lines without "v" are of the legacy scheme (signed by the
// certificate key); they are still read, and only before the first current line.
const AuditScheme = 2

// EventLogBreak is the event of a line that seals a break: bytes after the last
// good line that are not a line of the log (a torn append after a crash). Its data
// is an AuditBreakData.
const EventLogBreak = "log.break"

// maxAuditLine bounds one line (a job's result is a few hundred bytes; a larger
// line is not one this program wrote).
const maxAuditLine = 16 << 20

// AuditEntry is one line of the audit log, in this member order, with nothing
// else and no white space: {"v":2,"seq":..,"time":..,"prev":..,"event":..,
// "data":{..},"hash":..,"sig":..}. Hash is the SHA-256 (hex) of the line up to,
// not including, its ",\"hash\"" member, closed by "}"; Prev is the Hash of the
// entry before (empty on the first); Sig is the ECDSA signature (ASN.1, base64)
// over the 32 bytes of Hash by the audit-log key (the certificate key in the
// legacy scheme, which has no "v"). Data is JSON as encoding/json writes it: object
// members sorted, HTML characters escaped.
type AuditEntry struct {
	V     int             `json:"v,omitempty"`
	Seq   int64           `json:"seq"`
	Time  time.Time       `json:"time"`
	Prev  string          `json:"prev"`
	Event string          `json:"event"`
	Data  json.RawMessage `json:"data"`
	Hash  string          `json:"hash"`
	Sig   string          `json:"sig"`
}

// auditBody is the hashed part of a line, in the order it is written.
type auditBody struct {
	V     int             `json:"v,omitempty"`
	Seq   int64           `json:"seq"`
	Time  time.Time       `json:"time"`
	Prev  string          `json:"prev"`
	Event string          `json:"event"`
	Data  json.RawMessage `json:"data"`
}

// AuditBreakData is what a break line records about the bytes it seals.
type AuditBreakData struct {
	Line   int    `json:"line"`   // the first line of them (1-based)
	Offset int64  `json:"offset"` // their byte offset in the file
	Bytes  int64  `json:"bytes"`  // how many there are
	SHA256 string `json:"sha256"` // their SHA-256 (hex)
	// NewlineAdded says that they did not end in a newline and that one was
	// written after them, so that the break line starts a line of its own.
	NewlineAdded bool `json:"newline_added"`
}

// RecordEmbedder gives a record as its certificate embeds it (a Certifier).
type RecordEmbedder interface {
	EmbedRecord(rec *wipe.Record) (*Embedded, error)
}

// AuditLogConfig is what OpenAuditLog needs.
type AuditLogConfig struct {
	Path string
	Key  *AuditKey // signs every line; required
	// Records gives a result's record as its certificate embeds it, so that the
	// log's record_sha256 equals the certificate's: the Certifier that issues
	// them. Nil: as a Certifier without a default language would.
	Records RecordEmbedder
	Now     func() time.Time // time.Now when nil
}

// AuditLog appends events to a hash-chained, signed JSON lines file. Append is
// safe for concurrent use within a process (a mutex) and across processes (an
// exclusive lock on the file while its end is read and the next lines written);
// every line is synced to disk before Append returns.
type AuditLog struct {
	cfg AuditLogConfig
	mu  sync.Mutex
}

// OpenAuditLog returns the log at cfg.Path, creating its folder (0750) and the
// file (0640) when needed, so that a log that cannot be written is found before
// any job starts.
func OpenAuditLog(cfg AuditLogConfig) (*AuditLog, error) {
	if cfg.Key == nil {
		return nil, fmt.Errorf("audit log %s: no signing key", cfg.Path)
	}
	if err := os.MkdirAll(filepath.Dir(cfg.Path), 0o750); err != nil {
		return nil, fmt.Errorf("create audit log folder: %w", err)
	}
	f, err := os.OpenFile(cfg.Path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o640)
	if err != nil {
		return nil, fmt.Errorf("open audit log: %w", err)
	}
	f.Close()
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &AuditLog{cfg: cfg}, nil
}

// Path is the log's file.
func (l *AuditLog) Path() string { return l.cfg.Path }

// Append writes one event with its data (any JSON-encodable value) and returns
// the entry as written. When the file does not end with a good line (a torn
// append after a crash), the bytes after the last good line are first sealed by
// a break line (EventLogBreak) that records their place, length and digest: they
// stay where they are, and the chain goes on from the last good line.
func (l *AuditLog) Append(event string, data any) (AuditEntry, error) {
	raw, err := canonicalData(data)
	if err != nil {
		return AuditEntry{}, fmt.Errorf("audit %s: encode data: %w", event, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	f, err := os.OpenFile(l.cfg.Path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o640)
	if err != nil {
		return AuditEntry{}, fmt.Errorf("open audit log: %w", err)
	}
	defer f.Close()
	unlock, err := lockFile(f)
	if err != nil {
		return AuditEntry{}, fmt.Errorf("lock audit log %s: %w", l.cfg.Path, err)
	}
	defer unlock()

	st, err := f.Stat()
	if err != nil {
		return AuditEntry{}, fmt.Errorf("read audit log %s: %w", l.cfg.Path, err)
	}
	last, end, err := lastGoodLine(f, st.Size())
	if err != nil {
		return AuditEntry{}, fmt.Errorf("read audit log %s: %w", l.cfg.Path, err)
	}
	next := AuditEntry{V: AuditScheme, Seq: 1}
	if last != nil {
		next.Seq, next.Prev = last.Seq+1, last.Hash
	}
	var out []byte
	switch size := st.Size(); {
	case end == size:
	case end == size+1: // the last good line lacks only its newline
		out = append(out, '\n')
	default:
		seal, err := l.seal(f, end, size, next)
		if err != nil {
			return AuditEntry{}, err
		}
		out = append(out, seal.prefix...)
		out = append(out, seal.line...)
		next.Seq, next.Prev = seal.entry.Seq+1, seal.entry.Hash
	}
	e := next
	e.Time, e.Event, e.Data = l.cfg.Now(), event, raw
	line, err := l.encode(&e)
	if err != nil {
		return AuditEntry{}, err
	}
	out = append(out, line...)
	if _, err := f.Write(out); err != nil {
		return AuditEntry{}, fmt.Errorf("append audit log %s: %w", l.cfg.Path, err)
	}
	if err := f.Sync(); err != nil {
		return AuditEntry{}, fmt.Errorf("sync audit log %s: %w", l.cfg.Path, err)
	}
	return e, nil
}

// sealing is the break line that seals the bytes [start, size) of the file, and
// the newline to write before it when they lack one.
type sealing struct {
	prefix []byte
	line   []byte
	entry  AuditEntry
}

// seal makes the break line for the bytes from start (just after the last good
// line) to the end of the file. With no good line at all, only a single torn
// line is sealed: a file of several lines none of which is an audit entry is not
// an audit log, and nothing is appended to it.
func (l *AuditLog) seal(f *os.File, start, size int64, e AuditEntry) (*sealing, error) {
	lost := make([]byte, size-start)
	if _, err := f.ReadAt(lost, start); err != nil {
		return nil, fmt.Errorf("read audit log %s: %w", l.cfg.Path, err)
	}
	if start == 0 && bytes.IndexByte(bytes.TrimSuffix(lost, []byte("\n")), '\n') >= 0 {
		return nil, fmt.Errorf("audit log %s: no line of it is an audit entry; not appending to a file that may be something else", l.cfg.Path)
	}
	lines, err := countLines(f, start)
	if err != nil {
		return nil, fmt.Errorf("read audit log %s: %w", l.cfg.Path, err)
	}
	sum := sha256.Sum256(lost)
	d := AuditBreakData{Line: lines + 1, Offset: start, Bytes: int64(len(lost)), SHA256: hex.EncodeToString(sum[:]),
		NewlineAdded: lost[len(lost)-1] != '\n'}
	s := &sealing{}
	if d.NewlineAdded {
		s.prefix = []byte("\n")
	}
	if e.Data, err = canonicalData(d); err != nil {
		return nil, err
	}
	e.Time, e.Event = l.cfg.Now(), EventLogBreak
	if s.line, err = l.encode(&e); err != nil {
		return nil, err
	}
	s.entry = e
	return s, nil
}

// countLines counts the newlines in the first n bytes of f.
func countLines(f *os.File, n int64) (int, error) {
	count := 0
	buf := make([]byte, 64<<10)
	for off := int64(0); off < n; {
		m, err := f.ReadAt(buf[:min(int64(len(buf)), n-off)], off)
		count += bytes.Count(buf[:m], []byte("\n"))
		off += int64(m)
		if err != nil && !(errors.Is(err, io.EOF) && off >= n) {
			return count, err
		}
	}
	return count, nil
}

// encode fills e.Hash and e.Sig and returns the line with its newline.
func (l *AuditLog) encode(e *AuditEntry) ([]byte, error) {
	body, err := auditBodyBytes(*e)
	if err != nil {
		return nil, fmt.Errorf("audit %s: %w", e.Event, err)
	}
	sum := sha256.Sum256(body)
	e.Hash = hex.EncodeToString(sum[:])
	sig, err := ecdsa.SignASN1(rand.Reader, l.cfg.Key.Private, sum[:])
	if err != nil {
		return nil, fmt.Errorf("sign audit line: %w", err)
	}
	e.Sig = base64.StdEncoding.EncodeToString(sig)
	line, err := auditLineBytes(*e, body)
	if err != nil {
		return nil, err
	}
	return append(line, '\n'), nil
}

// auditBodyBytes is the hashed part of e's line.
func auditBodyBytes(e AuditEntry) ([]byte, error) {
	return json.Marshal(auditBody{V: e.V, Seq: e.Seq, Time: e.Time, Prev: e.Prev, Event: e.Event, Data: e.Data})
}

// auditLineBytes is e's canonical line (without its newline), given its body.
func auditLineBytes(e AuditEntry, body []byte) ([]byte, error) {
	hash, err := json.Marshal(e.Hash)
	if err != nil {
		return nil, err
	}
	sig, err := json.Marshal(e.Sig)
	if err != nil {
		return nil, err
	}
	line := append([]byte{}, bytes.TrimSuffix(body, []byte("}"))...)
	line = append(append(line, `,"hash":`...), hash...)
	line = append(append(line, `,"sig":`...), sig...)
	return append(line, '}'), nil
}

// canonicalData is v as a line's data: encoded, then parsed strictly and encoded
// again, so that object members are sorted however v was built.
func canonicalData(v any) (json.RawMessage, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	parsed, err := parseStrictJSON(raw)
	if err != nil {
		return nil, err
	}
	return json.Marshal(parsed)
}

// lastGoodLine finds the last good line of f (of size bytes), reading backwards
// from the end. It returns its entry (nil when there is none) and the offset just
// after its newline: size when the file ends with it; size+1 when it is the
// last line and lacks only its newline.
func lastGoodLine(f *os.File, size int64) (*AuditEntry, int64, error) {
	for n := int64(64 << 10); ; n *= 2 {
		start := max(0, size-n)
		buf := make([]byte, size-start)
		if _, err := f.ReadAt(buf, start); err != nil && !errors.Is(err, io.EOF) {
			return nil, 0, err
		}
		hi := len(buf) // candidate line is buf[lo:hi]; buf[hi] is its newline, if any
		if hi > 0 && buf[hi-1] == '\n' {
			hi--
		}
		for {
			lo := bytes.LastIndexByte(buf[:hi], '\n') + 1
			if lo == 0 && start > 0 {
				break // the line may begin before buf: read more
			}
			if e, err := decodeAuditLine(buf[lo:hi]); err == nil {
				return &e, start + int64(hi) + 1, nil
			}
			if lo == 0 {
				return nil, 0, nil
			}
			hi = lo - 1
		}
	}
}

// decodeAuditLine parses one line (without its newline) strictly: one JSON
// object, no duplicate member, no member but those of its scheme, all of them
// present, a non-empty signature, and the line byte for byte the canonical
// encoding of what was parsed, with a hash that matches. The signature is not
// checked here.
func decodeAuditLine(line []byte) (AuditEntry, error) {
	var e AuditEntry
	v, err := parseStrictJSON(line)
	if err != nil {
		return e, fmt.Errorf("not a JSON audit entry: %w", err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return e, errors.New("not a JSON audit entry: not an object")
	}
	members := []string{"seq", "time", "prev", "event", "data", "hash", "sig"}
	if ver, ok := obj["v"]; ok {
		if n, ok := ver.(json.Number); !ok || n.String() != fmt.Sprint(AuditScheme) {
			return e, fmt.Errorf("scheme version %v is not one this release knows", ver)
		}
		e.V = AuditScheme
		members = append(members, "v")
	}
	known := map[string]bool{}
	for _, m := range members {
		known[m] = true
		if _, ok := obj[m]; !ok {
			return e, fmt.Errorf("no %q member", m)
		}
	}
	for m := range obj {
		if !known[m] {
			return e, fmt.Errorf("unknown member %q", m)
		}
	}
	str := func(name string, dst *string) error {
		s, ok := obj[name].(string)
		if !ok {
			return fmt.Errorf("%q is not a string", name)
		}
		*dst = s
		return nil
	}
	var ts string
	for _, m := range []struct {
		name string
		dst  *string
	}{{"time", &ts}, {"prev", &e.Prev}, {"event", &e.Event}, {"hash", &e.Hash}, {"sig", &e.Sig}} {
		if err := str(m.name, m.dst); err != nil {
			return e, err
		}
	}
	seq, ok := obj["seq"].(json.Number)
	if !ok {
		return e, errors.New(`"seq" is not a number`)
	}
	if e.Seq, err = seq.Int64(); err != nil || e.Seq < 1 {
		return e, fmt.Errorf(`"seq" %s is not a positive integer`, seq)
	}
	if e.Time, err = time.Parse(time.RFC3339Nano, ts); err != nil {
		return e, fmt.Errorf(`"time": %w`, err)
	}
	if e.Sig == "" {
		return e, fmt.Errorf("seq %d: empty signature", e.Seq)
	}
	if e.Data, err = json.Marshal(obj["data"]); err != nil {
		return e, fmt.Errorf(`"data": %w`, err)
	}
	body, err := auditBodyBytes(e)
	if err != nil {
		return e, err
	}
	canonical, err := auditLineBytes(e, body)
	if err != nil {
		return e, err
	}
	if !bytes.Equal(canonical, line) {
		return e, fmt.Errorf("seq %d: not in canonical form (differs from byte %d on)", e.Seq, firstDifference(canonical, line))
	}
	sum := sha256.Sum256(body)
	if hex.EncodeToString(sum[:]) != e.Hash {
		return e, fmt.Errorf("edited: content does not match its hash (seq %d)", e.Seq)
	}
	return e, nil
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i + 1
		}
	}
	return min(len(a), len(b)) + 1
}

// parseStrictJSON parses one JSON value, numbers kept as written (json.Number),
// and fails on a duplicate object member or on anything after the value.
func parseStrictJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	v, err := parseStrictValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("data after the object")
	}
	return v, nil
}

func parseStrictValue(dec *json.Decoder) (any, error) {
	t, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t {
	case json.Delim('{'):
		obj := map[string]any{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			name := k.(string) // the decoder allows only a string here
			if _, dup := obj[name]; dup {
				return nil, fmt.Errorf("duplicate member %q", name)
			}
			if obj[name], err = parseStrictValue(dec); err != nil {
				return nil, err
			}
		}
		_, err := dec.Token() // '}'
		return obj, err
	case json.Delim('['):
		arr := []any{}
		for dec.More() {
			v, err := parseStrictValue(dec)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err := dec.Token() // ']'
		return arr, err
	}
	return t, nil
}

// AppendEvent records an event of a running job: start, phase and result events,
// and, for a result, the digest of its record as its certificate embeds it and
// where the record and certificate went. Progress ticks are not recorded (they
// carry nothing an auditor needs, and come several times a second).
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
		l.recordFacts(data, r, ev.CertificatePath)
		data["reason"] = r.Reason
		data["record_path"] = ev.RecordPath
		if ev.Err != "" {
			// What the exit code and the JSON result also say: the record or the
			// certificate could not be filed.
			data["error"] = ev.Err
		}
	}
	_, err := l.Append("job."+string(ev.Type), data)
	return err
}

// AppendDestroy records a destruction (`wipestation destroy`, the TUI's D) with
// its record's digest.
func (l *AuditLog) AppendDestroy(d Destruction, rec *wipe.Record, certificatePath string) error {
	data := map[string]any{"how": d.How, "witness": d.Witness, "operator": rec.Details.Operator.Name}
	l.recordFacts(data, rec, certificatePath)
	_, err := l.Append("destroy", data)
	return err
}

// recordFacts adds what every event with a record carries: its identity, outcome
// and digest. A record that cannot be embedded (an unknown language) is still
// logged, with the reason in place of the digest.
func (l *AuditLog) recordFacts(data map[string]any, rec *wipe.Record, certificatePath string) {
	data["certificate_id"] = rec.CertificateID
	data["status"] = rec.Status
	data["serial"] = rec.Device.Serial
	data["method"] = rec.Sanitization.MethodID
	data["certificate_path"] = certificatePath
	var e *Embedded
	var err error
	if l.cfg.Records != nil {
		e, err = l.cfg.Records.EmbedRecord(rec)
	} else {
		e, err = EmbedRecord(rec, "")
	}
	if err != nil {
		data["record_error"] = err.Error()
		return
	}
	data["record_sha256"] = e.Digest
}

// AuditError names the first line of a log that breaks the chain.
type AuditError struct {
	Line   int // 1-based line number in the file
	Reason string
}

func (e *AuditError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// AuditBreak is a run of bytes that are not lines of the log: sealed by a break
// line (a torn append after a crash, found by the next append), or, at the end
// of the file, not yet sealed.
type AuditBreak struct {
	Line     int    // first line (1-based)
	Lines    int    // how many lines they span
	Offset   int64  // byte offset in the file
	Bytes    int64  // their length (without a newline added when sealing)
	SHA256   string // their digest
	SealedBy int64  // seq of the break line; 0 when not sealed
	Why      string // why the first of them is not a good line
}

// AuditReport is what VerifyAuditLog found in a log whose every good line is
// chained and signed.
type AuditReport struct {
	Lines int   // lines in the file
	Seq   int64 // the last entry's sequence number
	// Head is the last entry's hash, to note down: removing lines from the end of
	// a log can only be noticed against a noted head.
	Head string
	// Legacy is how many entries, all at the start, are of the legacy scheme
	// (signed by the certificate key, before the audit-log key existed).
	Legacy int64
	Breaks []AuditBreak // sealed breaks, in order
	// Torn is the run of bytes at the end, cut short of a newline, that is not a
	// good line and not yet sealed (the next append seals it); nil when the log
	// ends with a good line.
	Torn *AuditBreak
}

// Intact reports whether every byte of the log is a good line: no break, sealed
// or not.
func (r *AuditReport) Intact() bool { return len(r.Breaks) == 0 && r.Torn == nil }

// VerifyAuditLog reads a whole log and checks every line: its canonical form and
// hash, its sequence number (one more than the entry before), its link to the
// entry before, and its signature (mandatory: by keys.Audit, or by keys.Legacy for
// the legacy lines at the start of an older log). Bytes that are not a good line
// are accepted only when the next line is a break line that seals exactly them;
// they are reported as breaks, and so is an unsealed run at the end that is cut
// short of a newline (a torn append). Anything else is an *AuditError naming the
// first bad line.
func VerifyAuditLog(r io.Reader, keys AuditKeys) (*AuditReport, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	rep := &AuditReport{}
	var run *AuditBreak // bad lines not yet sealed
	var lost []byte     // their bytes, newlines included
	var offset int64
	current := false // a line of the current scheme has been seen
	for {
		line, err := readAuditLine(br)
		if len(line) == 0 && errors.Is(err, io.EOF) {
			break
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return rep, fmt.Errorf("read audit log: %w", err)
		}
		rep.Lines++
		n, start := rep.Lines, offset
		offset += int64(len(line))
		content := bytes.TrimSuffix(line, []byte("\n"))

		e, bad := decodeAuditLine(content)
		if bad != nil {
			if run == nil {
				run = &AuditBreak{Line: n, Offset: start, Why: bad.Error()}
				lost = lost[:0]
			}
			run.Lines++
			lost = append(lost, line...)
			continue
		}
		if run != nil {
			if err := sealsExactly(e, run, lost); err != nil {
				return rep, &AuditError{Line: run.Line, Reason: run.Why}
			}
			rep.Breaks = append(rep.Breaks, *run)
			run = nil
		} else if e.Event == EventLogBreak {
			return rep, &AuditError{Line: n, Reason: fmt.Sprintf("seq %d seals a break, but no bytes before it are lost", e.Seq)}
		}
		switch {
		case e.Seq != rep.Seq+1:
			return rep, &AuditError{Line: n, Reason: fmt.Sprintf("sequence %d follows %d: lines removed or reordered", e.Seq, rep.Seq)}
		case e.Prev != rep.Head:
			return rep, &AuditError{Line: n, Reason: fmt.Sprintf("seq %d does not link to the entry before: lines removed or reordered", e.Seq)}
		}
		if reason := checkSignature(e, keys, current); reason != "" {
			return rep, &AuditError{Line: n, Reason: reason}
		}
		if e.V == AuditScheme {
			current = true
		} else {
			rep.Legacy++
		}
		rep.Seq, rep.Head = e.Seq, e.Hash
	}
	if run != nil {
		// Only a run cut short (no newline at its end) is what a crash mid-append
		// leaves; complete lines that are not good are bad lines.
		if bytes.HasSuffix(lost, []byte("\n")) {
			return rep, &AuditError{Line: run.Line, Reason: run.Why}
		}
		sum := sha256.Sum256(lost)
		run.Bytes, run.SHA256 = int64(len(lost)), hex.EncodeToString(sum[:])
		rep.Torn = run
	}
	return rep, nil
}

// readAuditLine returns the next line with its newline (none on a last line that
// lacks it).
func readAuditLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxAuditLine {
			return nil, fmt.Errorf("a line longer than %d bytes", maxAuditLine)
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return line, err
		}
	}
}

// sealsExactly checks that e is a break line for exactly the bytes of run, and
// fills in the run's length, digest and sealing line.
func sealsExactly(e AuditEntry, run *AuditBreak, lost []byte) error {
	if e.Event != EventLogBreak {
		return errors.New("not sealed")
	}
	var d AuditBreakData
	if err := json.Unmarshal(e.Data, &d); err != nil {
		return err
	}
	if d.NewlineAdded {
		lost = bytes.TrimSuffix(lost, []byte("\n"))
	}
	sum := sha256.Sum256(lost)
	digest := hex.EncodeToString(sum[:])
	if d.Line != run.Line || d.Offset != run.Offset || d.Bytes != int64(len(lost)) || d.SHA256 != digest {
		return errors.New("sealed bytes differ")
	}
	run.Bytes, run.SHA256, run.SealedBy = d.Bytes, d.SHA256, e.Seq
	return nil
}

// checkSignature returns why e's signature does not hold, or "".
func checkSignature(e AuditEntry, keys AuditKeys, afterCurrent bool) string {
	sum, _ := hex.DecodeString(e.Hash) // decodeAuditLine matched it to a SHA-256
	sig, err := base64.StdEncoding.DecodeString(e.Sig)
	if err != nil {
		return fmt.Sprintf("seq %d: signature is not base64", e.Seq)
	}
	key, which := keys.Audit, "the audit-log key"
	if e.V != AuditScheme {
		if afterCurrent {
			return fmt.Sprintf("seq %d: a legacy-scheme line after current ones (a downgrade)", e.Seq)
		}
		key, which = keys.Legacy, "the certificate key (legacy scheme)"
	}
	if key == nil {
		return fmt.Sprintf("seq %d: signed with %s, which was not given", e.Seq, which)
	}
	if !ecdsa.VerifyASN1(key, sum, sig) {
		return fmt.Sprintf("seq %d: signature not made by %s", e.Seq, which)
	}
	return ""
}
