package store_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/wipestation/wipestation/register/store"
)

func TestCountsFollowTheSearch(t *testing.T) {
	forEachStore(t, func(t *testing.T, s store.Store) {
		a := entry("WS-A", "SER-1", day)
		b := entry("WS-B", "SER-2", day.Add(time.Hour))
		c := entry("WS-C", "SER-3", day.Add(48*time.Hour))
		c.Workstation, c.Class = "desk-2", "Clear"
		d := entry("WS-D", "OTHER", day)
		for _, e := range []*store.Entry{a, b, c, d} {
			if _, err := s.Put(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Counts(ctx, store.Query{Serial: "SER", Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		want := "3 [{2026-11-26 2} {2026-11-28 1}] [{desk-1 2} {desk-2 1}] [{Purge 2} {Clear 1}]"
		if s := fmt.Sprint(got.Total, " ", got.ByDay, " ", got.ByWorkstation, " ", got.ByClass); s != want {
			t.Errorf("counts %s, want %s", s, want)
		}
		if got, err := s.Counts(ctx, store.Query{Serial: "' OR 1=1 --"}); err != nil || got.Total != 0 || len(got.ByDay) != 0 {
			t.Errorf("counts of an injection: %+v, %v", got, err)
		}
	})
}

func TestTrustAndChecksAreKept(t *testing.T) {
	forEachStore(t, func(t *testing.T, s store.Store) {
		e := entry("WS-T", "S", day)
		e.Trust = store.TrustCA
		if _, err := s.Put(ctx, e); err != nil {
			t.Fatal(err)
		}
		at := day.Add(72 * time.Hour)
		if err := s.SetCheck(ctx, "WS-T", store.Check{At: at, Problem: "modified after signing"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Search(ctx, store.Query{Serial: "S", ExactSerial: true})
		if err != nil || len(got) != 1 || got[0].Trust != store.TrustCA || !got[0].Checked.Equal(at) || got[0].CheckProblem != "modified after signing" {
			t.Fatalf("after a check: %+v, %v", got, err)
		}
		if err := s.SetCheck(ctx, "WS-none", store.Check{At: at}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("checking a missing certificate: %v", err)
		}
	})
}

func TestRolesDisablingAndSessions(t *testing.T) {
	forEachStore(t, func(t *testing.T, s store.Store) {
		if err := s.AddUser(ctx, store.User{Name: "ann", Role: store.Viewer, PasswordHash: "h", Created: day}); err != nil {
			t.Fatal(err)
		}
		if err := s.AddSession(ctx, store.Session{TokenSHA256: "tok", User: "ann", CSRF: "c", Expires: day.Add(time.Hour)}, day); err != nil {
			t.Fatal(err)
		}
		if err := s.SetRole(ctx, "ann", store.Manager); err != nil {
			t.Fatal(err)
		}
		if err := s.SetDisabled(ctx, "ann", true); err != nil {
			t.Fatal(err)
		}
		u, err := s.User(ctx, "ann")
		if err != nil || u.Role != store.Manager || !u.Disabled {
			t.Errorf("after edits: %+v, %v", u, err)
		}
		if _, err := s.Session(ctx, "tok", day); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a disabled account's session lives on: %v", err)
		}
		if err := s.SetDisabled(ctx, "ann", false); err != nil {
			t.Fatal(err)
		}
		if us, err := s.Users(ctx); err != nil || len(us) != 1 || us[0].Disabled {
			t.Errorf("enabled again: %+v, %v", us, err)
		}
		if err := s.SetRole(ctx, "bob", store.Viewer); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("role of a missing user: %v", err)
		}
	})
}

func TestEnrolmentTokensAreUsedOnce(t *testing.T) {
	forEachStore(t, func(t *testing.T, s store.Store) {
		tok := store.EnrolmentToken{TokenSHA256: "t1", Workstation: "desk-3", CreatedBy: "root", Created: day, Expires: day.Add(time.Hour)}
		if err := s.AddEnrolmentToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if err := s.AddEnrolmentToken(ctx, store.EnrolmentToken{TokenSHA256: "t2", Workstation: "desk-4", CreatedBy: "root", Created: day, Expires: day.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UseEnrolmentToken(ctx, "t2", "fp-late", day.Add(time.Hour)); !errors.Is(err, store.ErrTokenUsed) {
			t.Errorf("an expired token: %v", err)
		}
		w, err := s.UseEnrolmentToken(ctx, "t1", "fp-3", day.Add(time.Minute))
		if err != nil || w.Name != "desk-3" || w.KeyFingerprint != "fp-3" || w.EnrolledBy != "root" {
			t.Fatalf("enrol: %+v, %v", w, err)
		}
		if _, err := s.UseEnrolmentToken(ctx, "t1", "fp-other", day.Add(2*time.Minute)); !errors.Is(err, store.ErrTokenUsed) {
			t.Errorf("a token used twice: %v", err)
		}
		if _, err := s.UseEnrolmentToken(ctx, "nope", "fp-other", day); !errors.Is(err, store.ErrTokenUsed) {
			t.Errorf("an unknown token: %v", err)
		}
		ws, err := s.Workstations(ctx)
		if err != nil || len(ws) != 1 || ws[0].KeyFingerprint != "fp-3" || !ws[0].Enrolled.Equal(day.Add(time.Minute)) {
			t.Errorf("workstations %+v, %v", ws, err)
		}
	})
}
