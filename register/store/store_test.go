package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/wipestation/wipestation/register/store"
	"github.com/wipestation/wipestation/register/store/storetest"
)

var ctx = context.Background()

// forEachStore runs test against a fresh store of every kind.
func forEachStore(t *testing.T, test func(t *testing.T, s store.Store)) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) { test(t, storetest.Open(t, kind)) })
	}
}

var day = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

func entry(id, serial string, finished time.Time) *store.Entry {
	return &store.Entry{
		CertificateID: id, PDF: []byte("%PDF-" + id), PDFSHA256: "sha-" + id,
		RecordJSON: []byte(`{"certificate_id":"` + id + `"}`), RecordSHA256: "rec-" + id,
		Kind: "certificate of sanitization", Signer: "signer", SigningTime: finished, PushedBy: "desk-1",
		Serial: serial, AssetTag: "EX-" + serial, Vendor: "Samsung", Model: "SSD 980 PRO", Operator: "Alex Chen",
		Workstation: "desk-1", Started: finished.Add(-time.Hour), Finished: finished,
		Status: "erased", Class: "Purge", Method: "nvme-sanitize-crypto", Received: finished.Add(time.Minute),
	}
}

func TestMigrationsRunOnceAndReopen(t *testing.T) {
	openers := map[string]func(t *testing.T) func() (store.Store, error){
		"sqlite": func(t *testing.T) func() (store.Store, error) {
			dir := t.TempDir()
			return func() (store.Store, error) { return store.OpenSQLite(ctx, dir) }
		},
		"postgres": func(t *testing.T) func() (store.Store, error) {
			url := storetest.FreshSchema(t)
			return func() (store.Store, error) { return store.OpenPostgres(ctx, url) }
		},
	}
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			open := openers[kind](t)
			for range 2 {
				s, err := open()
				if err != nil {
					t.Fatal(err)
				}
				if v, err := s.SchemaVersion(ctx); err != nil || v != 4 {
					t.Errorf("schema version %d, %v; want 4", v, err)
				}
				s.Close()
			}
		})
	}
}

func TestOpenRefusesANonPostgresURL(t *testing.T) {
	if _, err := store.Open(ctx, "mysql://x", t.TempDir()); !errors.Is(err, store.ErrDatabaseURL) {
		t.Fatalf("a mysql:// database: %v, want ErrDatabaseURL", err)
	}
}

func TestPutIsIdempotentAndRefusesConflicts(t *testing.T) {
	forEachStore(t, func(t *testing.T, s store.Store) {
		e := entry("WS-1", "S1", day)
		for i, want := range []store.Outcome{store.Stored, store.AlreadyStored} {
			got, err := s.Put(ctx, e)
			if err != nil || got != want {
				t.Fatalf("put #%d: %q, %v; want %q", i+1, got, err, want)
			}
		}
		other := entry("WS-1", "S1", day)
		other.PDF, other.PDFSHA256 = []byte("%PDF-different"), "sha-different"
		if _, err := s.Put(ctx, other); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("a different file with a stored ID: %v, want ErrConflict", err)
		}
		got, err := s.Get(ctx, "WS-1")
		if err != nil || string(got.PDF) != "%PDF-WS-1" {
			t.Fatalf("the stored file changed: %v %q", err, got.PDF)
		}
		cs, err := s.Conflicts(ctx)
		if err != nil || len(cs) != 1 || cs[0].PDFSHA256 != "sha-different" || cs[0].StoredSHA256 != "sha-WS-1" {
			t.Fatalf("conflicts %+v, %v", cs, err)
		}
		all, err := s.Search(ctx, store.Query{})
		if err != nil || len(all) != 1 {
			t.Fatalf("%d certificates stored (%v), want 1", len(all), err)
		}
	})
}

func TestGetReturnsEverythingStored(t *testing.T) {
	forEachStore(t, func(t *testing.T, s store.Store) {
		want := entry("WS-2", "S2", day)
		if _, err := s.Put(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, "WS-2")
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprintf("%+v", *got) != fmt.Sprintf("%+v", *want) {
			t.Errorf("read back\n%+v\nwant\n%+v", *got, *want)
		}
		if _, err := s.Get(ctx, "WS-none"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing certificate: %v", err)
		}
	})
}

func TestSearch(t *testing.T) {
	forEachStore(t, func(t *testing.T, s store.Store) {
		a := entry("WS-A", "SER-100", day)
		b := entry("WS-B", "SER-100", day.Add(48*time.Hour)) // the same medium wiped again
		c := entry("WS-C", "SER-1000", day.Add(24*time.Hour))
		c.Operator, c.Model, c.Workstation, c.Status, c.Class, c.AssetTag = "Åsa Öberg 王小明", "WD Blue", "desk-2", "failed", "Clear", "EX-50%_off"
		for _, e := range []*store.Entry{a, b, c} {
			if _, err := s.Put(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			name string
			q    store.Query
			want string
		}{
			{"all, newest first", store.Query{}, "WS-B WS-C WS-A"},
			{"serial contains", store.Query{Serial: "ser-100"}, "WS-B WS-C WS-A"},
			{"history: exact serial", store.Query{Serial: "SER-100", ExactSerial: true}, "WS-B WS-A"},
			{"asset tag", store.Query{AssetTag: "EX-50%_"}, "WS-C"},
			{"like wildcards are literal", store.Query{AssetTag: "%"}, "WS-C"},
			{"model", store.Query{Model: "blue"}, "WS-C"},
			{"operator", store.Query{Operator: "alex"}, "WS-B WS-A"},
			{"operator, non-ASCII as written", store.Query{Operator: "Åsa Ö"}, "WS-C"},
			{"operator, Chinese", store.Query{Operator: "王小明"}, "WS-C"},
			{"workstation", store.Query{Workstation: "desk-2"}, "WS-C"},
			{"status", store.Query{Status: "failed"}, "WS-C"},
			{"class", store.Query{Class: "Purge"}, "WS-B WS-A"},
			{"date range", store.Query{From: day.Add(time.Hour), To: day.Add(47 * time.Hour)}, "WS-C"},
			{"limit", store.Query{Limit: 1}, "WS-B"},
			{"sql injection is a literal", store.Query{Serial: "' OR '1'='1"}, ""},
			{"quote in exact serial", store.Query{Serial: "x'; DROP TABLE certificates; --", ExactSerial: true}, ""},
		}
		for _, tt := range tests {
			got, err := s.Search(ctx, tt.q)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			ids := ""
			for i, e := range got {
				if i > 0 {
					ids += " "
				}
				ids += e.CertificateID
				if e.PDF != nil {
					t.Errorf("%s: search returned the PDF of %s", tt.name, e.CertificateID)
				}
			}
			if ids != tt.want {
				t.Errorf("%s: got %q, want %q", tt.name, ids, tt.want)
			}
		}
	})
}

func TestUsersSessionsNonces(t *testing.T) {
	forEachStore(t, func(t *testing.T, s store.Store) {
		u := store.User{Name: "ann", Role: store.Manager, PasswordHash: "$argon2id$x", Created: day}
		if err := s.AddUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if err := s.AddUser(ctx, u); !errors.Is(err, store.ErrExists) {
			t.Errorf("second ann: %v, want ErrExists", err)
		}
		got, err := s.User(ctx, "ann")
		if err != nil || got.Role != store.Manager || got.PasswordHash != u.PasswordHash {
			t.Errorf("user %+v, %v", got, err)
		}
		if _, err := s.User(ctx, "bob"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown user: %v", err)
		}
		if err := s.AddSession(ctx, store.Session{TokenSHA256: "tok", User: "ann", CSRF: "c", Expires: day.Add(time.Hour)}, day); err != nil {
			t.Fatal(err)
		}
		if ss, err := s.Session(ctx, "tok", day); err != nil || ss.User != "ann" || ss.CSRF != "c" {
			t.Errorf("session %+v, %v", ss, err)
		}
		if _, err := s.Session(ctx, "tok", day.Add(time.Hour)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("expired session: %v", err)
		}
		if err := s.DeleteSession(ctx, "tok"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, "tok", day); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted session: %v", err)
		}
		for i, want := range []bool{true, false} {
			if fresh, err := s.UseNonce(ctx, "key", "n1", day, day.Add(time.Minute)); err != nil || fresh != want {
				t.Errorf("nonce use #%d: %v, %v; want %v", i+1, fresh, err, want)
			}
		}
		if fresh, _ := s.UseNonce(ctx, "other key", "n1", day, day.Add(time.Minute)); !fresh {
			t.Error("another key's nonce counted as a replay")
		}
	})
}

func TestEachVisitsEveryCertificateOnce(t *testing.T) {
	forEachStore(t, func(t *testing.T, s store.Store) {
		const n = 230 // more than one page
		for i := range n {
			if _, err := s.Put(ctx, entry(fmt.Sprintf("WS-%04d", i), "S", day)); err != nil {
				t.Fatal(err)
			}
		}
		seen := map[string]bool{}
		err := s.Each(ctx, func(e *store.Entry) error {
			if seen[e.CertificateID] || string(e.PDF) != "%PDF-"+e.CertificateID {
				t.Errorf("%s: seen before %v, PDF %q", e.CertificateID, seen[e.CertificateID], e.PDF)
			}
			seen[e.CertificateID] = true
			return nil
		})
		if err != nil || len(seen) != n {
			t.Fatalf("visited %d of %d: %v", len(seen), n, err)
		}
		stop := errors.New("stop")
		visits := 0
		if err := s.Each(ctx, func(*store.Entry) error { visits++; return stop }); !errors.Is(err, stop) || visits != 1 {
			t.Errorf("fn's error: %v after %d visits", err, visits)
		}
	})
}
