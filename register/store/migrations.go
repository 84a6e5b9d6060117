package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// migration is one step of the schema. Steps are applied in order, each once,
// and never edited after release: a change is a new step. {{blob}} and {{id}}
// are spelled per dialect.
type migration struct {
	version int
	sql     string
	// only, when set, is the one dialect the step applies to; on the other
	// it is recorded as applied and does nothing.
	only string
}

// migrations is the register's whole schema history, for both databases.
// Times are UTC text in timeText's fixed-width form, so that they compare and
// sort as text the same way in SQLite and PostgreSQL.
var migrations = []migration{
	{version: 1, sql: `
CREATE TABLE certificates (
	certificate_id TEXT PRIMARY KEY,
	pdf            {{blob}} NOT NULL,
	pdf_sha256     TEXT NOT NULL,
	record_json    {{blob}} NOT NULL,
	record_sha256  TEXT NOT NULL,
	kind           TEXT NOT NULL,
	signer         TEXT NOT NULL,
	signing_time   TEXT NOT NULL,
	pushed_by      TEXT NOT NULL,
	serial         TEXT NOT NULL,
	asset_tag      TEXT NOT NULL,
	vendor         TEXT NOT NULL,
	model          TEXT NOT NULL,
	operator       TEXT NOT NULL,
	workstation    TEXT NOT NULL,
	started        TEXT NOT NULL,
	finished       TEXT NOT NULL,
	status         TEXT NOT NULL,
	class          TEXT NOT NULL,
	method         TEXT NOT NULL,
	received       TEXT NOT NULL
);
CREATE INDEX certificates_serial ON certificates (serial);
CREATE INDEX certificates_asset_tag ON certificates (asset_tag);
CREATE INDEX certificates_finished ON certificates (finished);
CREATE INDEX certificates_workstation ON certificates (workstation);
CREATE TABLE conflicts (
	id             {{id}},
	certificate_id TEXT NOT NULL,
	pdf_sha256     TEXT NOT NULL,
	stored_sha256  TEXT NOT NULL,
	signer         TEXT NOT NULL,
	pushed_by      TEXT NOT NULL,
	received       TEXT NOT NULL
);
CREATE TABLE users (
	name          TEXT PRIMARY KEY,
	role          TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	created       TEXT NOT NULL
);
CREATE TABLE sessions (
	token_sha256 TEXT PRIMARY KEY,
	user_name    TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
	csrf         TEXT NOT NULL,
	expires      TEXT NOT NULL
);
CREATE TABLE nonces (
	key_fingerprint TEXT NOT NULL,
	nonce           TEXT NOT NULL,
	expires         TEXT NOT NULL,
	PRIMARY KEY (key_fingerprint, nonce)
);
`},
	{version: 2, sql: `
ALTER TABLE certificates ADD COLUMN trust TEXT NOT NULL DEFAULT '';
ALTER TABLE certificates ADD COLUMN checked TEXT NOT NULL DEFAULT '';
ALTER TABLE certificates ADD COLUMN check_problem TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
CREATE TABLE enrolment_tokens (
	token_sha256    TEXT PRIMARY KEY,
	workstation     TEXT NOT NULL,
	created_by      TEXT NOT NULL,
	created         TEXT NOT NULL,
	expires         TEXT NOT NULL,
	used            TEXT NOT NULL DEFAULT '',
	key_fingerprint TEXT NOT NULL DEFAULT ''
);
CREATE TABLE workstations (
	key_fingerprint TEXT PRIMARY KEY,
	name            TEXT NOT NULL,
	enrolled        TEXT NOT NULL,
	enrolled_by     TEXT NOT NULL
);
`},
	// Searches list newest first: one index walked backwards gives the first
	// page without sorting the table, and a result or class narrows the walk.
	{version: 3, sql: `
CREATE INDEX certificates_finished_id ON certificates (finished, certificate_id);
CREATE INDEX certificates_status_finished ON certificates (status, finished);
CREATE INDEX certificates_class_finished ON certificates (class, finished);
CREATE INDEX certificates_status_class_finished ON certificates (status, class, finished);
`},
	// Serial and asset tag are searched by any part: trigram indexes find the
	// few matching rows of a million without reading them all (the benchmark
	// in store/bench_test.go). pg_trgm ships with PostgreSQL and is a trusted
	// extension: the database's owner may create it.
	{version: 4, only: "postgres", sql: `
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE INDEX certificates_serial_trgm ON certificates USING gin (LOWER(serial) public.gin_trgm_ops);
CREATE INDEX certificates_asset_tag_trgm ON certificates USING gin (LOWER(asset_tag) public.gin_trgm_ops);
`},
}

// migrate brings the schema up to the newest migration, in one transaction
// (both databases have transactional DDL), so that a failed step leaves the
// schema as it was.
func (s *sqlStore) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	if s.d.lock != "" {
		// Two servers starting on one database migrate one after the other.
		if _, err := tx.ExecContext(ctx, s.d.lock); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	current, err := schemaVersion(ctx, tx)
	if err != nil {
		return err
	}
	if newest := migrations[len(migrations)-1].version; current > newest {
		return fmt.Errorf("migrate: the database is at schema version %d, newer than this program's %d", current, newest)
	}
	for _, m := range migrations {
		if m.version <= current {
			continue
		}
		text := strings.NewReplacer("{{blob}}", s.d.blob, "{{id}}", s.d.id).Replace(m.sql)
		if m.only != "" && m.only != s.d.name {
			text = ""
		}
		for _, stmt := range strings.Split(text, ";") {
			if strings.TrimSpace(stmt) == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("migrate to version %d: %w", m.version, err)
			}
		}
		if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO schema_migrations (version, applied) VALUES (?, ?)`), m.version, timeText(s.now())); err != nil {
			return fmt.Errorf("migrate to version %d: %w", m.version, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: commit: %w", err)
	}
	return nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func schemaVersion(ctx context.Context, q querier) (int, error) {
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}
