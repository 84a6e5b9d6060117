// Package storetest opens every kind of register store for tests: a fresh
// embedded SQLite database, and a fresh schema on the real PostgreSQL server
// named by WIPESTATION_TEST_POSTGRES (scripts/pg-test-server starts one).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/register/store"
)

// PostgresEnv names the PostgreSQL server tests use; scripts/test sets it.
const PostgresEnv = "WIPESTATION_TEST_POSTGRES"

// Kinds are the stores every store test runs against.
var Kinds = []string{"sqlite", "postgres"}

// Open returns a new, empty, migrated store of kind, closed when the test ends.
// Without a PostgreSQL server the postgres kind skips (testutil.Skip: a failure
// where skipping is disallowed).
func Open(t testing.TB, kind string) store.Store {
	t.Helper()
	ctx := context.Background()
	var s store.Store
	var err error
	switch kind {
	case "sqlite":
		s, err = store.OpenSQLite(ctx, t.TempDir())
	case "postgres":
		s, err = store.OpenPostgres(ctx, FreshSchema(t))
	default:
		t.Fatalf("unknown store kind %q", kind)
	}
	if err != nil {
		t.Fatalf("open %s store: %v", kind, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// FreshSchema makes an empty schema on the test server, dropped when the test
// ends, and returns a URL whose connections use it.
func FreshSchema(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		testutil.Skip(t, PostgresEnv+" is not set: run the tests through scripts/pg-test-server (scripts/test does) for a real PostgreSQL")
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("PostgreSQL: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("PostgreSQL at %s: create schema: %v", base, err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("pgx", base); err == nil {
			db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
