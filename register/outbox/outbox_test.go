package outbox_test

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/register"
	"github.com/wipestation/wipestation/register/outbox"
	"github.com/wipestation/wipestation/register/store"
	"github.com/wipestation/wipestation/register/store/storetest"
	"github.com/wipestation/wipestation/wipe"
)

var ctx = context.Background()

// desk is one workstation: its key, its outbox and its client of the register.
type desk struct {
	key    *certificate.Key
	outbox *outbox.Outbox
	fonts  *certificate.Fonts
}

func newDesk(t *testing.T, host string) *desk {
	t.Helper()
	path, err := certificate.FindFont("", os.Getenv)
	if err != nil {
		testutil.Skip(t, err.Error()+" (scripts/install-deps installs fonts-lxgw-wenkai)")
	}
	fonts, err := certificate.LoadFonts(path)
	if err != nil {
		t.Fatal(err)
	}
	key, err := certificate.LoadOrCreateKey(t.TempDir(), host, "Example Corp", time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	o, err := outbox.Open(filepath.Join(t.TempDir(), "outbox"))
	if err != nil {
		t.Fatal(err)
	}
	return &desk{key: key, outbox: o, fonts: fonts}
}

// record is a finished job's record on this desk.
func (d *desk) record(t *testing.T, serial string) *wipe.Record {
	t.Helper()
	finished := time.Now().Add(-time.Minute)
	id, err := wipe.NewCertificateID(finished)
	if err != nil {
		t.Fatal(err)
	}
	return &wipe.Record{
		Schema: wipe.RecordSchema, CertificateID: id, Status: wipe.StatusDestroyed,
		Device:       devices.Device{Path: "/dev/sdz", Kind: devices.KindDisk, Vendor: "ACME", Model: "Disk", Serial: serial, SizeBytes: 1 << 30},
		Details:      wipe.JobDetails{Operator: wipe.Person{Name: "Alex Chen"}, DataBackedUp: "No", Destination: "Recycling Facility"},
		Sanitization: wipe.Sanitization{Class: devices.ClassDestroy, MethodID: "destroy", MethodName: "Destroy", Technique: "Shred"},
		Errors:       []wipe.RangeError{}, Exceptions: []string{},
		Started: finished.Add(-time.Minute), Finished: finished, Tool: "wipestation", ToolVersion: "1.0.0", Host: "desk",
	}
}

// render signs rec's certificate at signedAt.
func (d *desk) render(t *testing.T, rec *wipe.Record, signedAt time.Time) []byte {
	t.Helper()
	doc, err := (&certificate.Certifier{Key: d.key, Fonts: d.fonts, Now: func() time.Time { return signedAt }}).Render(rec)
	if err != nil {
		t.Fatal(err)
	}
	return doc.PDF
}

// certify issues the certificate of a finished job on this desk and queues it,
// as a job does.
func (d *desk) certify(t *testing.T, serial string) (id string, pdf []byte) {
	t.Helper()
	rec := d.record(t, serial)
	pdf = d.render(t, rec, time.Now())
	if err := d.outbox.Enqueue(rec.CertificateID, pdf); err != nil {
		t.Fatal(err)
	}
	return rec.CertificateID, pdf
}

// registerFor serves a register on a store of kind that trusts the desks' keys.
func registerFor(t *testing.T, kind string, desks ...*desk) (*httptest.Server, store.Store) {
	t.Helper()
	st := storetest.Open(t, kind)
	var trusted []string
	for _, d := range desks {
		trusted = append(trusted, d.key.Fingerprint())
	}
	srv := &register.Server{
		Store:        st,
		Verifier:     &certificate.Verifier{Trusted: trusted, Fonts: desks[0].fonts},
		Workstations: register.Workstations{Trusted: trusted},
		Log:          testLogger(t),
	}
	ts := httptest.NewTLSServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, st
}

func (d *desk) client(ts *httptest.Server) *register.Client {
	return &register.Client{URL: ts.URL, Key: d.key, HTTP: ts.Client()}
}

func stored(t *testing.T, st store.Store) []store.Entry {
	t.Helper()
	got, err := st.Search(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func pendingIDs(t *testing.T, o *outbox.Outbox) []string {
	t.Helper()
	p, err := o.Pending()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range p {
		ids = append(ids, e.CertificateID)
	}
	return ids
}

// Two workstations queue certificates offline and flush them to one register;
// every certificate is stored once and both outboxes are empty; on the
// embedded database and on PostgreSQL.
func TestTwoWorkstationsFlushToOneRegister(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			a, b := newDesk(t, "desk-a"), newDesk(t, "desk-b")
			ids := map[string]bool{}
			for _, d := range []*desk{a, b} {
				for _, serial := range []string{"SER-1", "SER-2"} {
					id, _ := d.certify(t, serial)
					ids[id] = true
				}
			}
			ts, st := registerFor(t, kind, a, b)
			for _, d := range []*desk{a, b} {
				round, err := d.outbox.Flush(ctx, d.client(ts), ts.URL, time.Now)
				if err != nil {
					t.Fatal(err)
				}
				if n := round.Count(outbox.Stored); n != 2 {
					t.Errorf("round stored %d, want 2: %+v", n, round.Results)
				}
				if p := pendingIDs(t, d.outbox); len(p) != 0 {
					t.Errorf("still pending after the register stored them: %v", p)
				}
				s, err := d.outbox.Status()
				if err != nil {
					t.Fatal(err)
				}
				if s.LastOK.IsZero() || s.LastError != "" || s.URL != ts.URL {
					t.Errorf("status after a good round: %+v", s)
				}
			}
			got := stored(t, st)
			pushers := map[string]bool{}
			for _, e := range got {
				if !ids[e.CertificateID] {
					t.Errorf("register holds %s, which no desk queued", e.CertificateID)
				}
				pushers[e.PushedBy] = true
			}
			if len(got) != 4 || len(pushers) != 2 {
				t.Errorf("register holds %d certificates from %d workstations, want 4 from 2", len(got), len(pushers))
			}
		})
	}
}

// lostAnswer is a register whose answer never arrives: the request reaches it,
// then the connection drops (or the workstation crashes) before the entry is
// removed.
type lostAnswer struct{ outbox.Pusher }

func (l lostAnswer) Push(ctx context.Context, pdf []byte) (*register.UploadResult, error) {
	if _, err := l.Pusher.Push(ctx, pdf); err != nil {
		return nil, err
	}
	return nil, errors.New("connection reset by peer")
}

// A crash leaves a torn temporary file and an entry the register stored but
// never acknowledged: the next round never sends the torn file, sends the
// entry once more, and the register keeps it once.
func TestOutboxSurvivesACrash(t *testing.T) {
	d := newDesk(t, "desk-a")
	id, pdf := d.certify(t, "SER-CRASH")
	torn := filepath.Join(d.outbox.Dir, "pending", "."+id+"2.pdf.tmp-123")
	if err := os.WriteFile(torn, pdf[:len(pdf)/3], 0o640); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(torn, old, old)
	ts, st := registerFor(t, "sqlite", d)

	round, err := d.outbox.Flush(ctx, lostAnswer{d.client(ts)}, ts.URL, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if len(round.Results) != 1 || round.Results[0].Outcome != outbox.NotSent {
		t.Fatalf("round without an answer: %+v, want one entry not sent", round.Results)
	}
	// The process dies here; a new one opens the outbox.
	o, err := outbox.Open(d.outbox.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if p := pendingIDs(t, o); len(p) != 1 || p[0] != id {
		t.Fatalf("pending after the crash: %v, want [%s]", p, id)
	}
	s, _ := o.Status()
	if s.Pending[0].Attempts != 1 || !strings.Contains(s.LastError, "connection reset") {
		t.Errorf("status after the lost answer: %+v", s)
	}
	var sent atomic.Int32
	round, err = o.Flush(ctx, counting{d.client(ts), &sent}, ts.URL, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if len(round.Results) != 1 || round.Results[0].Outcome != outbox.AlreadyStored || sent.Load() != 1 {
		t.Errorf("second round: %+v (%d sent), want the entry sent once and already stored", round.Results, sent.Load())
	}
	if got := stored(t, st); len(got) != 1 || got[0].CertificateID != id {
		t.Errorf("register holds %d certificates, want %s once", len(got), id)
	}
	if p := pendingIDs(t, o); len(p) != 0 {
		t.Errorf("still pending: %v", p)
	}
	if _, err := os.Stat(torn); !os.IsNotExist(err) {
		t.Errorf("the torn temporary file is still there (%v)", err)
	}
}

type counting struct {
	outbox.Pusher
	n *atomic.Int32
}

func (c counting) Push(ctx context.Context, pdf []byte) (*register.UploadResult, error) {
	c.n.Add(1)
	return c.Pusher.Push(ctx, pdf)
}

// The register is down: the sender keeps the entries and backs off; it comes
// up on the same address: the sender flushes them.
func TestSenderWaitsForTheRegister(t *testing.T) {
	d := newDesk(t, "desk-a")
	id1, _ := d.certify(t, "SER-DOWN-1")
	id2, _ := d.certify(t, "SER-DOWN-2")

	// An address nobody listens on yet, and a client that will trust the
	// register's test certificate there.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	probe := httptest.NewTLSServer(http.NotFoundHandler())
	hc := probe.Client()
	probe.Close()
	url := "https://" + addr
	client := &register.Client{URL: url, Key: d.key, HTTP: hc}

	s := outbox.NewSender(d.outbox, client, url)
	s.Backoff = outbox.Backoff{Min: 20 * time.Millisecond, Max: 80 * time.Millisecond}
	s.Idle = time.Hour // only back-off and kicks start rounds here
	rounds := make(chan outbox.Status, 100)
	s.OnRound = func(st outbox.Status, err error) {
		if err != nil {
			t.Errorf("round: %v", err)
		}
		rounds <- st
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { s.Run(runCtx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	for i := 0; i < 3; i++ {
		st := <-rounds
		if len(st.Pending) != 2 || st.LastError == "" || !st.LastOK.IsZero() {
			t.Fatalf("round %d with the register down: %+v, want both pending and the error", i, st)
		}
	}

	// The register comes up on that address.
	ts := httptest.NewUnstartedServer(nil)
	ts.Listener, err = net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("the address %s was taken meanwhile: %v", addr, err)
	}
	st := storetest.Open(t, "sqlite")
	srv := &register.Server{Store: st, Verifier: &certificate.Verifier{Trusted: []string{d.key.Fingerprint()}, Fonts: d.fonts},
		Workstations: register.Workstations{Trusted: []string{d.key.Fingerprint()}}, Log: testLogger(t)}
	ts.Config.Handler = srv.Handler()
	ts.StartTLS()
	t.Cleanup(ts.Close)

	deadline := time.After(20 * time.Second)
	for {
		select {
		case got := <-rounds:
			if len(got.Pending) != 0 {
				continue
			}
			if got.LastError != "" || got.LastOK.IsZero() {
				t.Errorf("status after the flush: %+v", got)
			}
			ids := map[string]bool{}
			for _, e := range stored(t, st) {
				ids[e.CertificateID] = true
			}
			if len(ids) != 2 || !ids[id1] || !ids[id2] {
				t.Errorf("register holds %v, want %s and %s", ids, id1, id2)
			}
			return
		case <-deadline:
			t.Fatal("the sender did not flush the outbox once the register was up")
		}
	}
}

// Refusals for good go to refused/ with the register's reason and are not
// sent again; a server error leaves the entry pending.
func TestRefusedEntriesMoveAside(t *testing.T) {
	d, stranger := newDesk(t, "desk-a"), newDesk(t, "stranger")
	ts, st := registerFor(t, "sqlite", d)

	okRec := d.record(t, "SER-OK")
	okID := okRec.CertificateID
	d.outbox.Enqueue(okID, d.render(t, okRec, time.Now()))
	tamperedID, pdf := d.certify(t, "SER-TAMPERED")
	bad := append([]byte(nil), pdf...)
	bad[len(bad)/4] ^= 1
	if err := d.outbox.Enqueue(tamperedID, bad); err != nil {
		t.Fatal(err)
	}
	// The stranger's certificate, pushed with the desk's key: it verifies
	// against no trusted key.
	foreignID, foreign := stranger.certify(t, "SER-FOREIGN")
	d.outbox.Enqueue(foreignID, foreign)
	// And the stranger pushing its own: not an enrolled workstation.
	strangerID, _ := stranger.certify(t, "SER-STRANGER")

	round, err := d.outbox.Flush(ctx, d.client(ts), ts.URL, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if round.Count(outbox.Stored) != 1 || round.Count(outbox.Refused) != 2 {
		t.Errorf("round: %+v, want 1 stored and 2 refused", round.Results)
	}
	if _, err := stranger.outbox.Flush(ctx, stranger.client(ts), ts.URL, time.Now); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		o      *outbox.Outbox
		id     string
		status int
		says   string
	}{
		{d.outbox, tamperedID, http.StatusUnprocessableEntity, "modified after signing"},
		{d.outbox, foreignID, http.StatusUnprocessableEntity, "not trusted"},
		{stranger.outbox, strangerID, http.StatusUnauthorized, "not enrolled"},
	} {
		s, err := c.o.Status()
		if err != nil {
			t.Fatal(err)
		}
		var found *outbox.Refusal
		for i := range s.Refused {
			if s.Refused[i].CertificateID == c.id {
				found = &s.Refused[i]
			}
		}
		if found == nil {
			t.Errorf("%s is not in refused/: %+v", c.id, s)
			continue
		}
		if found.HTTPStatus != c.status || !strings.Contains(found.Reason+" "+found.Problem, c.says) || found.URL != ts.URL || found.Refused.IsZero() {
			t.Errorf("refusal of %s: %+v, want HTTP %d saying %q", c.id, found, c.status, c.says)
		}
		if _, err := os.Stat(found.Path); err != nil {
			t.Errorf("refused certificate's PDF: %v", err)
		}
		for _, e := range s.Pending {
			if e.CertificateID == c.id {
				t.Errorf("%s is refused and still pending", c.id)
			}
		}
	}

	// Not sent again: the next round has nothing to do.
	var sent atomic.Int32
	if _, err := d.outbox.Flush(ctx, counting{d.client(ts), &sent}, ts.URL, time.Now); err != nil || sent.Load() != 0 {
		t.Errorf("a later round sent %d certificates (%v), want none", sent.Load(), err)
	}
	if got := stored(t, st); len(got) != 1 || got[0].CertificateID != okID {
		t.Errorf("register holds %d certificates, want only %s", len(got), okID)
	}

	// A different file under a stored ID: refused as a duplicate (409).
	d.outbox.Enqueue(okID, d.render(t, okRec, time.Now().Add(time.Second)))
	round, _ = d.outbox.Flush(ctx, d.client(ts), ts.URL, time.Now)
	if round.Count(outbox.Refused) != 1 {
		t.Errorf("a second file under %s: %+v, want refused", okID, round.Results)
	}

	// A server error is no verdict: the entry stays pending.
	failing := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "database is locked", http.StatusInternalServerError)
	}))
	defer failing.Close()
	id5, _ := d.certify(t, "SER-5XX")
	round, _ = d.outbox.Flush(ctx, &register.Client{URL: failing.URL, Key: d.key, HTTP: failing.Client()}, failing.URL, time.Now)
	if round.Count(outbox.NotSent) != 1 {
		t.Errorf("HTTP 500: %+v, want not sent", round.Results)
	}
	if p := pendingIDs(t, d.outbox); len(p) != 1 || p[0] != id5 {
		t.Errorf("pending after HTTP 500: %v, want [%s]", p, id5)
	}

	// Once the cause is fixed, a person sends the refused ones again.
	n, err := d.outbox.Retry()
	if err != nil || n != 3 {
		t.Errorf("Retry: %d, %v; want 3 moved back", n, err)
	}
	if s, _ := d.outbox.Status(); len(s.Refused) != 0 || len(s.Pending) != 4 {
		t.Errorf("after Retry: %d refused, %d pending; want 0 and 4", len(s.Refused), len(s.Pending))
	}
}

func TestEnqueueRefusesNamesOutsideTheOutbox(t *testing.T) {
	o, err := outbox.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"", "../x", "a/b", ".hidden", "-flag", strings.Repeat("a", 200)} {
		if err := o.Enqueue(id, []byte("%PDF-")); err == nil {
			t.Errorf("Enqueue(%q) accepted", id)
		}
	}
	if p, _ := o.Pending(); len(p) != 0 {
		t.Errorf("pending: %+v", p)
	}
	// The same ID twice is one entry, the latest bytes.
	o.Enqueue("WS-1", []byte("one"))
	o.Enqueue("WS-1", []byte("two"))
	p, _ := o.Pending()
	if len(p) != 1 || p[0].Bytes != 3 {
		t.Fatalf("pending: %+v", p)
	}
	if b, _ := os.ReadFile(p[0].Path); string(b) != "two" {
		t.Errorf("entry holds %q, want the latest", b)
	}
}

func TestBackoffDelay(t *testing.T) {
	b := outbox.Backoff{Min: time.Second, Max: 8 * time.Second}
	for _, tt := range []struct {
		n        int
		rand     float64
		want     time.Duration
		whatItIs string
	}{
		{1, 0, 500 * time.Millisecond, "first retry, lowest draw"},
		{1, 0.999999, time.Second, "first retry, highest draw"},
		{2, 0.5, 1500 * time.Millisecond, "doubles"},
		{4, 0.999999, 8 * time.Second, "reaches the bound"},
		{40, 0.999999, 8 * time.Second, "never beyond it"},
		{40, 0, 4 * time.Second, "and never below half of it"},
	} {
		b.Rand = func() float64 { return tt.rand }
		if got := b.Delay(tt.n); got.Round(time.Millisecond) != tt.want {
			t.Errorf("%s: Delay(%d) = %v, want %v", tt.whatItIs, tt.n, got, tt.want)
		}
	}
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// testLogger sends the register's log to the test's.
func testLogger(t testing.TB) *log.Logger { return log.New(testWriter{t}, "", 0) }

// refuseAll is a pusher that must not be called.
type refuseAll struct{ t *testing.T }

func (r refuseAll) Push(context.Context, []byte) (*register.UploadResult, error) {
	r.t.Error("an empty outbox sent something")
	return nil, errors.New("unexpected")
}

// An idle round writes nothing, so that a boot stick's flash is not rewritten
// every minute; a round with something to say does.
func TestIdleRoundsWriteNothing(t *testing.T) {
	dir := t.TempDir()
	o, err := outbox.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "state.json")
	// A round that failed leaves its error; the next one (the entry gone
	// meanwhile) clears it, and the one after that has nothing to write.
	o.Enqueue("WS-1", []byte("%PDF-"))
	if _, err := o.Flush(ctx, unreachable{}, "https://register.example", time.Now); err != nil {
		t.Fatal(err)
	}
	if s, _ := o.Status(); s.LastError == "" || len(s.Pending) != 1 || s.Pending[0].Attempts != 1 {
		t.Fatalf("after a failed round: %+v", s)
	}
	os.Remove(filepath.Join(dir, "pending", "WS-1.pdf"))
	o.Flush(ctx, refuseAll{t}, "https://register.example", time.Now)
	if s, _ := o.Status(); s.LastError != "" || s.LastAttempt.IsZero() {
		t.Errorf("after the entry went: %+v", s)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(state, old, old)
	o.Flush(ctx, refuseAll{t}, "https://register.example", time.Now)
	if fi, err := os.Stat(state); err != nil || !fi.ModTime().Equal(old) {
		t.Errorf("an idle round rewrote state.json (%v)", err)
	}
}

type unreachable struct{}

func (unreachable) Push(context.Context, []byte) (*register.UploadResult, error) {
	return nil, errors.New("dial tcp 127.0.0.1:1: connect: connection refused")
}

// Putting a refused certificate back never replaces one queued again since.
func TestRetryKeepsTheNewerEntry(t *testing.T) {
	dir := t.TempDir()
	o, err := outbox.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "refused", "WS-2.pdf"), []byte("refused"), 0o640)
	os.WriteFile(filepath.Join(dir, "refused", "WS-2.json"), []byte(`{"http_status":401,"reason":"not enrolled"}`), 0o640)
	if s, _ := o.Status(); len(s.Refused) != 1 || s.Refused[0].HTTPStatus != 401 || s.Refused[0].Reason != "not enrolled" {
		t.Fatalf("refused: %+v", s.Refused)
	}
	o.Enqueue("WS-2", []byte("issued anew"))
	if n, err := o.Retry(); n != 1 || err != nil {
		t.Fatalf("Retry: %d, %v", n, err)
	}
	s, _ := o.Status()
	if len(s.Refused) != 0 || len(s.Pending) != 1 {
		t.Fatalf("after Retry: %+v", s)
	}
	if b, _ := os.ReadFile(s.Pending[0].Path); string(b) != "issued anew" {
		t.Errorf("pending holds %q, want the newer entry", b)
	}
}

// requeuing is a register that stores the certificate while the workstation
// queues the same ID anew (a certificate issued again).
type requeuing struct {
	outbox.Pusher
	o   *outbox.Outbox
	id  string
	pdf []byte
}

func (r requeuing) Push(ctx context.Context, pdf []byte) (*register.UploadResult, error) {
	res, err := r.Pusher.Push(ctx, pdf)
	r.o.Enqueue(r.id, r.pdf)
	return res, err
}

// An entry queued anew while the old one was on its way is not removed by the
// old one's answer.
func TestAnAnswerRemovesOnlyWhatWasSent(t *testing.T) {
	d := newDesk(t, "desk-a")
	rec := d.record(t, "SER-AGAIN")
	d.outbox.Enqueue(rec.CertificateID, d.render(t, rec, time.Now()))
	again := d.render(t, rec, time.Now().Add(time.Second))
	ts, _ := registerFor(t, "sqlite", d)
	round, err := d.outbox.Flush(ctx, requeuing{d.client(ts), d.outbox, rec.CertificateID, again}, ts.URL, time.Now)
	if err != nil || round.Count(outbox.Stored) != 1 {
		t.Fatalf("round: %+v, %v", round.Results, err)
	}
	p, _ := d.outbox.Pending()
	if len(p) != 1 {
		t.Fatalf("pending: %+v, want the entry queued anew", p)
	}
	if b, _ := os.ReadFile(p[0].Path); string(b) != string(again) {
		t.Error("the pending entry is not the one queued anew")
	}
}
