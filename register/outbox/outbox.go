// Package outbox keeps a workstation's certificates on disk until the register
// has them (docs/register.md, "The outbox").
//
// After each job the certificate (the signed PDF, whose embedded record is the
// job's record) is filed in pending/ under its certificate ID, atomically: a
// crash leaves the old entry, the new one or a temporary file that is never
// sent, never half an entry. An entry leaves pending/ only when the register
// answered that it stored it (now or before, which makes sending twice
// harmless), or refused it for good: then it moves to refused/ beside the
// register's reason. Anything else (the register unreachable, a server error)
// leaves it where it is for the next try, however many days that takes.
package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/register"
	"github.com/wipestation/wipestation/register/store"
)

// The outbox's layout: DIR/pending/ID.pdf, DIR/refused/ID.pdf with
// DIR/refused/ID.json (the Refusal), DIR/state.json (the last round), DIR/lock.
const (
	pendingDir = "pending"
	refusedDir = "refused"
	stateFile  = "state.json"
	lockFile   = "lock"
)

// staleTemp is how old a temporary file must be before a round removes it: the
// remains of a crash in the middle of Enqueue (writing a certificate takes
// milliseconds, so no live writer is ever this slow).
const staleTemp = 10 * time.Minute

// Outbox is the folder certificates wait in for the register.
type Outbox struct {
	Dir string
}

// Open makes the outbox's folders (0750) when missing.
func Open(dir string) (*Outbox, error) {
	for _, d := range []string{pendingDir, refusedDir} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o750); err != nil {
			return nil, fmt.Errorf("open outbox %s: %w", dir, err)
		}
	}
	return &Outbox{Dir: dir}, nil
}

// checkID refuses a certificate ID that is not a plain file name: IDs are
// letters, digits and '-' (wipe.NewCertificateID), and one that is not must
// never name a file outside the outbox.
func checkID(id string) error {
	if id == "" || len(id) > 128 || strings.HasPrefix(id, ".") || strings.HasPrefix(id, "-") {
		return fmt.Errorf("certificate ID %q cannot name an outbox entry", id)
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return fmt.Errorf("certificate ID %q cannot name an outbox entry", id)
		}
	}
	return nil
}

func (o *Outbox) pendingPath(id string) string {
	return filepath.Join(o.Dir, pendingDir, id+".pdf")
}

// Enqueue files pdf, the certificate id, for the register. One entry per
// certificate ID: a second Enqueue of the same ID replaces the first (the same
// bytes, or a certificate issued again for the same job). It returns once the
// entry is on disk (file and folder synced).
func (o *Outbox) Enqueue(id string, pdf []byte) error {
	if err := checkID(id); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	if err := certificate.WriteFileAtomic(o.pendingPath(id), pdf, 0o640); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
}

// Entry is a certificate waiting for the register.
type Entry struct {
	CertificateID string    `json:"certificate_id"`
	Path          string    `json:"path"`
	Queued        time.Time `json:"queued"`
	Bytes         int64     `json:"bytes"`
	// Attempts and LastError are the tries so far that did not reach a verdict
	// (the register unreachable or failing).
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error,omitempty"`
}

// Refusal is a certificate the register refused for good, and why.
type Refusal struct {
	CertificateID string    `json:"certificate_id"`
	Path          string    `json:"path"` // the PDF, in refused/
	Refused       time.Time `json:"refused"`
	URL           string    `json:"url"`
	HTTPStatus    int       `json:"http_status"`
	// Reason is the register's answer; Problem its `cert verify` problem, when
	// the certificate did not verify.
	Reason  string `json:"reason"`
	Problem string `json:"problem,omitempty"`
}

// state is what the last rounds left: state.json.
type state struct {
	URL         string               `json:"url,omitempty"`
	LastAttempt time.Time            `json:"last_attempt,omitzero"`
	LastOK      time.Time            `json:"last_ok,omitzero"`
	LastError   string               `json:"last_error,omitempty"`
	Entries     map[string]entryTrys `json:"entries,omitempty"`
}

type entryTrys struct {
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error,omitempty"`
}

func (o *Outbox) readState() (state, error) {
	var s state
	data, err := os.ReadFile(filepath.Join(o.Dir, stateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("outbox state: %w", err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("outbox state %s: %w", filepath.Join(o.Dir, stateFile), err)
	}
	return s, nil
}

func (o *Outbox) writeState(s state) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("outbox state: %w", err)
	}
	return certificate.WriteFileAtomic(filepath.Join(o.Dir, stateFile), append(data, '\n'), 0o640)
}

// Pending lists the waiting certificates, oldest first.
func (o *Outbox) Pending() ([]Entry, error) {
	s, err := o.readState()
	if err != nil {
		return nil, err
	}
	return o.pending(s)
}

func (o *Outbox) pending(s state) ([]Entry, error) {
	des, err := os.ReadDir(filepath.Join(o.Dir, pendingDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // nothing was ever queued
	}
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	var out []Entry
	for _, de := range des {
		id, ok := strings.CutSuffix(de.Name(), ".pdf")
		if !ok || checkID(id) != nil || !de.Type().IsRegular() {
			continue // a temporary file, or nothing of ours
		}
		fi, err := de.Info()
		if err != nil {
			continue // gone meanwhile: sent by another process
		}
		t := s.Entries[id]
		out = append(out, Entry{CertificateID: id, Path: o.pendingPath(id), Queued: fi.ModTime().UTC(), Bytes: fi.Size(),
			Attempts: t.Attempts, LastError: t.LastError})
	}
	slices.SortStableFunc(out, func(a, b Entry) int {
		if c := a.Queued.Compare(b.Queued); c != 0 {
			return c
		}
		return strings.Compare(a.CertificateID, b.CertificateID)
	})
	return out, nil
}

// Refused lists the certificates the register refused, with its reasons.
func (o *Outbox) Refused() ([]Refusal, error) {
	dir := filepath.Join(o.Dir, refusedDir)
	des, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	var out []Refusal
	for _, de := range des {
		id, ok := strings.CutSuffix(de.Name(), ".pdf")
		if !ok || checkID(id) != nil {
			continue
		}
		r := Refusal{CertificateID: id, Path: filepath.Join(dir, de.Name())}
		if data, err := os.ReadFile(filepath.Join(dir, id+".json")); err == nil {
			json.Unmarshal(data, &r)
			r.CertificateID, r.Path = id, filepath.Join(dir, de.Name())
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b Refusal) int { return a.Refused.Compare(b.Refused) })
	return out, nil
}

// Status is the outbox as `register status` and the TUI's footer show it.
type Status struct {
	// URL is the register the last round sent to.
	URL         string    `json:"last_url,omitempty"`
	Pending     []Entry   `json:"pending"`
	Refused     []Refusal `json:"refused"`
	LastAttempt time.Time `json:"last_attempt,omitzero"`
	LastOK      time.Time `json:"last_ok,omitzero"`
	// LastError is why the last round left certificates pending ("" when it
	// reached a verdict on every one).
	LastError string `json:"last_error,omitempty"`
}

// Status reads the outbox.
func (o *Outbox) Status() (Status, error) {
	s, err := o.readState()
	if err != nil {
		return Status{}, err
	}
	st := Status{URL: s.URL, LastAttempt: s.LastAttempt, LastOK: s.LastOK, LastError: s.LastError,
		Pending: []Entry{}, Refused: []Refusal{}}
	p, err := o.pending(s)
	if err != nil {
		return st, err
	}
	r, err := o.Refused()
	if err != nil {
		return st, err
	}
	if p != nil {
		st.Pending = p
	}
	if r != nil {
		st.Refused = r
	}
	return st, nil
}

// Pusher sends one certificate; *register.Client is one. It returns the
// register's answer when it stored the certificate (now or before), a
// *register.PushError when it refused it, and any other error when it could not
// be asked.
type Pusher interface {
	Push(ctx context.Context, pdf []byte) (*register.UploadResult, error)
}

// Final tells whether a push error is the register's last word on that
// certificate: not an enrolled workstation (401, 403), another certificate under
// its ID (409), too large (413), or one that does not verify (422). Sending it
// again would be refused again; a person must act. Anything else (no answer, a
// server error, a rate limit) may pass later.
func Final(err error) bool {
	var pe *register.PushError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusConflict,
		http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
		return true
	}
	return false
}

// Outcome is what became of one entry in a round.
type Outcome string

// The outcomes of Flush.
const (
	Stored                = Outcome(store.Stored)
	AlreadyStored         = Outcome(store.AlreadyStored)
	Refused       Outcome = "refused"  // moved to refused/
	NotSent       Outcome = "not sent" // still pending
)

// Result is one entry's outcome in a round.
type Result struct {
	CertificateID string
	Outcome       Outcome
	// Err is the refusal (a *register.PushError) or why it was not sent.
	Err error
}

// Round is what one Flush did.
type Round struct {
	Results []Result
}

// Count is how many entries had outcome o.
func (r Round) Count(o Outcome) int {
	n := 0
	for _, res := range r.Results {
		if res.Outcome == o {
			n++
		}
	}
	return n
}

// Flush sends every pending certificate once, oldest first, and files each
// answer: stored (now or before) removes the entry, a final refusal moves it
// to refused/, anything else leaves it pending. When the register cannot be
// reached at all the round stops there: the rest stay pending, unsent. One
// round runs at a time across processes (a lock file); Flush waits for another
// one to end, or for ctx.
func (o *Outbox) Flush(ctx context.Context, p Pusher, url string, now func() time.Time) (Round, error) {
	var round Round
	unlock, err := lock(ctx, filepath.Join(o.Dir, lockFile))
	if err != nil {
		return round, fmt.Errorf("outbox %s: %w", o.Dir, err)
	}
	defer unlock()
	o.removeStaleTemps(now())
	s, err := o.readState()
	if err != nil {
		return round, err
	}
	entries, err := o.pending(s)
	if err != nil {
		return round, err
	}
	// An idle round with nothing new to say writes nothing: a boot stick's
	// flash is not rewritten every minute.
	changed := len(entries) > 0 || s.URL != url || s.LastError != "" || len(s.Entries) > 0
	if s.Entries == nil {
		s.Entries = map[string]entryTrys{}
	}
	s.URL, s.LastError = url, ""
	if len(entries) > 0 {
		s.LastAttempt = now().UTC()
	}
	unreachable := false
	for _, e := range entries {
		if unreachable || ctx.Err() != nil {
			round.Results = append(round.Results, Result{CertificateID: e.CertificateID, Outcome: NotSent, Err: errors.New("not tried: the register was not reached")})
			continue
		}
		res := o.send(ctx, p, url, e, now)
		round.Results = append(round.Results, res)
		switch res.Outcome {
		case Stored, AlreadyStored, Refused:
			delete(s.Entries, e.CertificateID)
			s.LastOK = now().UTC()
			if res.Err != nil && res.Outcome != Refused {
				// Answered, but the entry could not be removed: it stays, and
				// the next round's answer is "already stored".
				s.LastError = res.Err.Error()
			}
		case NotSent:
			t := s.Entries[e.CertificateID]
			t.Attempts++
			t.LastError = res.Err.Error()
			s.Entries[e.CertificateID] = t
			s.LastError = res.Err.Error()
			var pe *register.PushError
			unreachable = !errors.As(res.Err, &pe)
		}
	}
	// Forget the tries of entries that are gone (sent by another round).
	for id := range s.Entries {
		if !slices.ContainsFunc(entries, func(e Entry) bool { return e.CertificateID == id }) {
			delete(s.Entries, id)
		}
	}
	if !changed {
		return round, nil
	}
	if err := o.writeState(s); err != nil {
		return round, err
	}
	return round, nil
}

// send pushes one entry and files the answer.
func (o *Outbox) send(ctx context.Context, p Pusher, url string, e Entry, now func() time.Time) Result {
	res := Result{CertificateID: e.CertificateID, Outcome: NotSent}
	pdf, sent, err := readEntry(e.Path)
	if err != nil {
		res.Err = fmt.Errorf("outbox: %w", err)
		return res
	}
	up, err := p.Push(ctx, pdf)
	// A job may have queued the same ID anew while this one was on its way
	// (Enqueue renames a new file into place): the answer is not about that
	// one, which stays for the next round.
	if cur, serr := os.Stat(e.Path); serr == nil && !os.SameFile(sent, cur) {
		if err == nil {
			res.Outcome = Outcome(up.Outcome)
		}
		res.Err = err
		return res
	}
	switch {
	case err == nil:
		res.Outcome = Stored
		if up.Outcome == string(store.AlreadyStored) {
			res.Outcome = AlreadyStored
		}
		res.Err = o.remove(e.Path)
	case Final(err):
		res.Outcome, res.Err = Refused, err
		if ferr := o.refuse(e, url, err, now()); ferr != nil {
			res.Outcome, res.Err = NotSent, ferr
		}
	default:
		res.Err = err
	}
	return res
}

// readEntry reads the entry at path and returns it with the file it was read
// from.
func readEntry(path string) ([]byte, fs.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	data, err := io.ReadAll(f)
	return data, fi, err
}

// remove deletes an acknowledged entry; one already gone is fine.
func (o *Outbox) remove(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("outbox: %w", err)
	}
	return syncDir(filepath.Dir(path))
}

// refuse moves a refused entry to refused/, its reason written first: a crash
// between the two leaves it pending, to be refused again.
func (o *Outbox) refuse(e Entry, url string, err error, at time.Time) error {
	var pe *register.PushError
	errors.As(err, &pe)
	r := Refusal{CertificateID: e.CertificateID, Refused: at.UTC(), URL: url, HTTPStatus: pe.Status,
		Reason: pe.Result.Error, Problem: pe.Result.Problem}
	if r.Reason == "" {
		r.Reason = http.StatusText(pe.Status)
	}
	dir := filepath.Join(o.Dir, refusedDir)
	data, jerr := json.MarshalIndent(r, "", "  ")
	if jerr != nil {
		return fmt.Errorf("outbox: %w", jerr)
	}
	if err := certificate.WriteFileAtomic(filepath.Join(dir, e.CertificateID+".json"), append(data, '\n'), 0o640); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	if err := os.Rename(e.Path, filepath.Join(dir, e.CertificateID+".pdf")); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return err
	}
	return syncDir(filepath.Dir(e.Path))
}

// Retry moves every refused certificate back to pending/ (after a person fixed
// the cause: enrolled the workstation, set its clock) and returns how many.
func (o *Outbox) Retry() (int, error) {
	refused, err := o.Refused()
	if err != nil {
		return 0, err
	}
	for i, r := range refused {
		if _, err := os.Stat(o.pendingPath(r.CertificateID)); err == nil {
			// Queued again since (issued anew): the newer one stays.
			os.Remove(r.Path)
		} else if err := os.Rename(r.Path, o.pendingPath(r.CertificateID)); err != nil {
			return i, fmt.Errorf("outbox: %w", err)
		}
		if err := syncDir(filepath.Join(o.Dir, pendingDir)); err != nil {
			return i, err
		}
		os.Remove(filepath.Join(o.Dir, refusedDir, r.CertificateID+".json"))
	}
	return len(refused), syncDir(filepath.Join(o.Dir, refusedDir))
}

// removeStaleTemps deletes what a crash in the middle of a write left.
func (o *Outbox) removeStaleTemps(now time.Time) {
	for _, d := range []string{pendingDir, refusedDir, "."} {
		dir := filepath.Join(o.Dir, d)
		des, _ := os.ReadDir(dir)
		for _, de := range des {
			if !strings.HasPrefix(de.Name(), ".") || !strings.Contains(de.Name(), ".tmp-") {
				continue
			}
			if fi, err := de.Info(); err == nil && now.Sub(fi.ModTime()) > staleTemp {
				os.Remove(filepath.Join(dir, de.Name()))
			}
		}
	}
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("outbox: sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("outbox: sync %s: %w", dir, err)
	}
	return nil
}
