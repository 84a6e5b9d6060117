package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// dialect is what SQLite and PostgreSQL spell differently. Everything else is
// one query text for both.
type dialect struct {
	name   string
	blob   string // binary column type
	id     string // auto-numbered primary key column
	lock   string // taken before migrating, "" for none
	dollar bool   // placeholders are $1, $2, ... instead of ?
	// likeFolds: LIKE ignores ASCII case by itself (SQLite), which is all its
	// LOWER folds too, so the search leaves LOWER out and saves two calls a
	// row. PostgreSQL's LIKE is exact; its trigram indexes are on LOWER.
	likeFolds bool
}

var (
	sqliteDialect   = dialect{name: "sqlite", blob: "BLOB", id: "INTEGER PRIMARY KEY", likeFolds: true}
	postgresDialect = dialect{name: "postgres", blob: "BYTEA", id: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
		// Any fixed number: the register's migration lock.
		lock: "SELECT pg_advisory_xact_lock(774201)", dollar: true}
)

// rebind turns the ? placeholders of a query into the dialect's. Queries hold
// no literal question marks.
func (d dialect) rebind(q string) string {
	if !d.dollar {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

type sqlStore struct {
	db  *sql.DB
	d   dialect
	now func() time.Time
}

// SQLiteFile is the database file in the register's data folder.
const SQLiteFile = "register.db"

// OpenSQLite opens (creating when missing) the embedded database in dir and
// migrates it.
func OpenSQLite(ctx context.Context, dir string) (Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", dir, err)
	}
	path := filepath.Join(dir, SQLiteFile)
	// WAL lets searches read while a certificate is written; the busy timeout
	// waits for a writer instead of failing.
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// One writer at a time is SQLite's model; one connection avoids "database
	// is locked" between our own connections.
	db.SetMaxOpenConns(1)
	return open(ctx, db, sqliteDialect, path)
}

// OpenPostgres connects to the PostgreSQL database at url
// (postgres://user:password@host/db) and migrates it.
func OpenPostgres(ctx context.Context, url string) (Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL: %w", err)
	}
	return open(ctx, db, postgresDialect, "PostgreSQL")
}

// ErrDatabaseURL is Open's answer to a database URL that is not PostgreSQL's.
var ErrDatabaseURL = errors.New("not a postgres:// URL (the embedded database needs none)")

// Open opens the store a --database value names: a postgres:// or
// postgresql:// URL, else the embedded database in dataDir.
func Open(ctx context.Context, database, dataDir string) (Store, error) {
	if strings.HasPrefix(database, "postgres://") || strings.HasPrefix(database, "postgresql://") {
		return OpenPostgres(ctx, database)
	}
	if database != "" {
		return nil, fmt.Errorf("%w: %q", ErrDatabaseURL, database)
	}
	return OpenSQLite(ctx, dataDir)
}

func open(ctx context.Context, db *sql.DB, d dialect, what string) (Store, error) {
	s := &sqlStore{db: db, d: d, now: time.Now}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s: %w", what, err)
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return s, nil
}

// timeLayout is fixed-width UTC, so that text order is time order.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(timeLayout, s)
	return t
}

func (s *sqlStore) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return s.db.ExecContext(ctx, s.d.rebind(q), args...)
}

func (s *sqlStore) Close() error { return s.db.Close() }

func (s *sqlStore) SchemaVersion(ctx context.Context) (int, error) { return schemaVersion(ctx, s.db) }

const entryColumns = `certificate_id, pdf_sha256, record_json, record_sha256, kind, signer, signing_time, pushed_by,
	serial, asset_tag, vendor, model, operator, workstation, started, finished, status, class, method, received,
	trust, checked, check_problem`

func (s *sqlStore) Put(ctx context.Context, e *Entry) (Outcome, error) {
	res, err := s.exec(ctx, `INSERT INTO certificates (pdf, `+entryColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (certificate_id) DO NOTHING`,
		e.PDF, e.CertificateID, e.PDFSHA256, e.RecordJSON, e.RecordSHA256, e.Kind, e.Signer, timeText(e.SigningTime), e.PushedBy,
		e.Serial, e.AssetTag, e.Vendor, e.Model, e.Operator, e.Workstation, timeText(e.Started), timeText(e.Finished),
		e.Status, e.Class, e.Method, timeText(e.Received), string(e.Trust), timeText(e.Checked), e.CheckProblem)
	if err != nil {
		return "", fmt.Errorf("store certificate %s: %w", e.CertificateID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return "", fmt.Errorf("store certificate %s: %w", e.CertificateID, err)
	} else if n == 1 {
		return Stored, nil
	}
	var stored string
	err = s.db.QueryRowContext(ctx, s.d.rebind(`SELECT pdf_sha256 FROM certificates WHERE certificate_id = ?`), e.CertificateID).Scan(&stored)
	if err != nil {
		return "", fmt.Errorf("store certificate %s: %w", e.CertificateID, err)
	}
	if stored == e.PDFSHA256 {
		return AlreadyStored, nil
	}
	if _, err := s.exec(ctx, `INSERT INTO conflicts (certificate_id, pdf_sha256, stored_sha256, signer, pushed_by, received) VALUES (?, ?, ?, ?, ?, ?)`,
		e.CertificateID, e.PDFSHA256, stored, e.Signer, e.PushedBy, timeText(e.Received)); err != nil {
		return "", fmt.Errorf("record conflict for %s: %w", e.CertificateID, err)
	}
	return "", fmt.Errorf("certificate %s: %w (stored file sha256:%s, this file sha256:%s)", e.CertificateID, ErrConflict, stored, e.PDFSHA256)
}

type scanner interface{ Scan(dest ...any) error }

func scanEntry(r scanner, extra ...any) (Entry, error) {
	var e Entry
	var signing, started, finished, received, trust, checked string
	dest := append([]any{&e.CertificateID, &e.PDFSHA256, &e.RecordJSON, &e.RecordSHA256, &e.Kind, &e.Signer, &signing, &e.PushedBy,
		&e.Serial, &e.AssetTag, &e.Vendor, &e.Model, &e.Operator, &e.Workstation, &started, &finished,
		&e.Status, &e.Class, &e.Method, &received, &trust, &checked, &e.CheckProblem}, extra...)
	if err := r.Scan(dest...); err != nil {
		return e, err
	}
	e.SigningTime, e.Started, e.Finished, e.Received = parseTime(signing), parseTime(started), parseTime(finished), parseTime(received)
	e.Trust, e.Checked = Trust(trust), parseTime(checked)
	return e, nil
}

func (s *sqlStore) Get(ctx context.Context, id string) (*Entry, error) {
	row := s.db.QueryRowContext(ctx, s.d.rebind(`SELECT `+entryColumns+`, pdf FROM certificates WHERE certificate_id = ?`), id)
	var pdf []byte
	e, err := scanEntry(row, &pdf)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("certificate %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read certificate %s: %w", id, err)
	}
	e.PDF = pdf
	return &e, nil
}

func (s *sqlStore) Each(ctx context.Context, fn func(*Entry) error) error {
	// Page by ID rather than hold one long query open: SQLite has a single
	// connection, and fn may take its time writing files.
	const page = 100
	after := ""
	for {
		rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT `+entryColumns+`, pdf FROM certificates
			WHERE certificate_id > ? ORDER BY certificate_id LIMIT `+strconv.Itoa(page)), after)
		if err != nil {
			return fmt.Errorf("read certificates: %w", err)
		}
		var batch []Entry
		for rows.Next() {
			var pdf []byte
			e, err := scanEntry(rows, &pdf)
			if err != nil {
				rows.Close()
				return fmt.Errorf("read certificates: %w", err)
			}
			e.PDF = pdf
			batch = append(batch, e)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("read certificates: %w", err)
		}
		for i := range batch {
			if err := fn(&batch[i]); err != nil {
				return err
			}
		}
		if len(batch) < page {
			return nil
		}
		after = batch[len(batch)-1].CertificateID
	}
}

// likePattern matches s anywhere, with LIKE's wildcards in s taken literally.
// Case is folded by the database's LOWER on both sides, never here: SQLite's
// folds ASCII only, and a pattern folded further would miss the value's own
// spelling.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// filter is q's WHERE clause ("" for none) and its arguments.
func (d dialect) filter(q Query) (string, []any) {
	var where []string
	var args []any
	contains := func(col, v string) {
		if v != "" {
			if d.likeFolds {
				where = append(where, col+` LIKE ? ESCAPE '\'`)
			} else {
				where = append(where, "LOWER("+col+`) LIKE LOWER(?) ESCAPE '\'`)
			}
			args = append(args, likePattern(v))
		}
	}
	equal := func(col, v string) {
		if v != "" {
			where = append(where, col+" = ?")
			args = append(args, v)
		}
	}
	if q.ExactSerial {
		where, args = append(where, "serial = ?"), append(args, q.Serial)
	} else {
		contains("serial", q.Serial)
	}
	contains("asset_tag", q.AssetTag)
	contains("model", q.Model)
	contains("operator", q.Operator)
	contains("workstation", q.Workstation)
	equal("status", q.Status)
	equal("class", q.Class)
	if !q.From.IsZero() {
		where, args = append(where, "finished >= ?"), append(args, timeText(q.From))
	}
	if !q.To.IsZero() {
		where, args = append(where, "finished < ?"), append(args, timeText(q.To))
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

func (s *sqlStore) Search(ctx context.Context, q Query) ([]Entry, error) {
	where, args := s.d.filter(q)
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	text := `SELECT ` + entryColumns + ` FROM certificates` + where
	order := "finished"
	if s.d.name == sqliteDialect.name && (q.Serial != "" || q.AssetTag != "") {
		// A serial or asset tag matches few rows: reading the table once and
		// sorting those few beats walking the finished index through every
		// row to find them, which SQLite would choose (the unary + keeps it
		// from the index). PostgreSQL has trigram indexes for these.
		order = "+finished"
	}
	text += " ORDER BY " + order + " DESC, certificate_id DESC LIMIT " + strconv.Itoa(limit)
	rows, err := s.db.QueryContext(ctx, s.d.rebind(text), args...)
	if err != nil {
		return nil, fmt.Errorf("search certificates: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("search certificates: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search certificates: %w", err)
	}
	return out, nil
}

func (s *sqlStore) Conflicts(ctx context.Context) ([]Conflict, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT certificate_id, pdf_sha256, stored_sha256, signer, pushed_by, received FROM conflicts ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list conflicts: %w", err)
	}
	defer rows.Close()
	var out []Conflict
	for rows.Next() {
		var c Conflict
		var received string
		if err := rows.Scan(&c.CertificateID, &c.PDFSHA256, &c.StoredSHA256, &c.Signer, &c.PushedBy, &received); err != nil {
			return nil, fmt.Errorf("list conflicts: %w", err)
		}
		c.Received = parseTime(received)
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *sqlStore) AddUser(ctx context.Context, u User) error {
	res, err := s.exec(ctx, `INSERT INTO users (name, role, password_hash, created, disabled) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
		u.Name, string(u.Role), u.PasswordHash, timeText(u.Created), flag(u.Disabled))
	if err != nil {
		return fmt.Errorf("add user %s: %w", u.Name, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("add user %s: %w", u.Name, err)
	} else if n == 0 {
		return fmt.Errorf("user %s: %w", u.Name, ErrExists)
	}
	return nil
}

func (s *sqlStore) User(ctx context.Context, name string) (*User, error) {
	var u User
	var role, created string
	err := s.db.QueryRowContext(ctx, s.d.rebind(`SELECT name, role, password_hash, created, disabled FROM users WHERE name = ?`), name).
		Scan(&u.Name, &role, &u.PasswordHash, &created, &u.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("user %s: %w", name, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read user %s: %w", name, err)
	}
	u.Role, u.Created = Role(role), parseTime(created)
	return &u, nil
}

func (s *sqlStore) Users(ctx context.Context) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, role, created, disabled FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var role, created string
		if err := rows.Scan(&u.Name, &role, &created, &u.Disabled); err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		u.Role, u.Created = Role(role), parseTime(created)
		out = append(out, u)
	}
	return out, rows.Err()
}

func (s *sqlStore) AddSession(ctx context.Context, ss Session, now time.Time) error {
	// Forget sessions that have ended, on every login rather than on a timer,
	// by the server's clock (the one Session is asked with).
	if _, err := s.exec(ctx, `DELETE FROM sessions WHERE expires <= ?`, timeText(now)); err != nil {
		return fmt.Errorf("expire sessions: %w", err)
	}
	if _, err := s.exec(ctx, `INSERT INTO sessions (token_sha256, user_name, csrf, expires) VALUES (?, ?, ?, ?)`,
		ss.TokenSHA256, ss.User, ss.CSRF, timeText(ss.Expires)); err != nil {
		return fmt.Errorf("add session for %s: %w", ss.User, err)
	}
	return nil
}

func (s *sqlStore) Session(ctx context.Context, token string, now time.Time) (*Session, error) {
	var ss Session
	var expires string
	err := s.db.QueryRowContext(ctx, s.d.rebind(`SELECT token_sha256, user_name, csrf, expires FROM sessions WHERE token_sha256 = ? AND expires > ?`),
		token, timeText(now)).Scan(&ss.TokenSHA256, &ss.User, &ss.CSRF, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("session: %w", ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read session: %w", err)
	}
	ss.Expires = parseTime(expires)
	return &ss, nil
}

func (s *sqlStore) DeleteSession(ctx context.Context, token string) error {
	if _, err := s.exec(ctx, `DELETE FROM sessions WHERE token_sha256 = ?`, token); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

func (s *sqlStore) UseNonce(ctx context.Context, key, nonce string, now, expires time.Time) (bool, error) {
	// Forget nonces whose requests would now be refused for their date anyway.
	if _, err := s.exec(ctx, `DELETE FROM nonces WHERE expires < ?`, timeText(now)); err != nil {
		return false, fmt.Errorf("expire nonces: %w", err)
	}
	res, err := s.exec(ctx, `INSERT INTO nonces (key_fingerprint, nonce, expires) VALUES (?, ?, ?) ON CONFLICT (key_fingerprint, nonce) DO NOTHING`,
		key, nonce, timeText(expires))
	if err != nil {
		return false, fmt.Errorf("record nonce: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record nonce: %w", err)
	}
	return n == 1, nil
}
