package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// dayLength is the length of a timeText's date part (YYYY-MM-DD).
const dayLength = 10

// Counts reads the matching rows once: on PostgreSQL grouped by each of the
// three keys (GROUPING SETS); on SQLite, which has no grouping sets, grouped
// by all three together and summed here.
func (s *sqlStore) Counts(ctx context.Context, q Query) (Counts, error) {
	where, args := s.d.filter(q)
	day := fmt.Sprintf("SUBSTR(finished, 1, %d)", dayLength)
	// GROUPING's bits, first argument highest: 1 where a column is not grouped.
	const all, byDay, byWorkstation, byClass = 0, 0b011, 0b101, 0b110
	text := `SELECT 0, ` + day + `, workstation, class, COUNT(*) FROM certificates` + where + ` GROUP BY 2, 3, 4`
	if s.d.name == postgresDialect.name {
		text = `SELECT GROUPING(` + day + `, workstation, class), ` + day + `, workstation, class, COUNT(*)
		FROM certificates` + where + ` GROUP BY GROUPING SETS ((` + day + `), (workstation), (class))`
	}
	rows, err := s.db.QueryContext(ctx, s.d.rebind(text), args...)
	if err != nil {
		return Counts{}, fmt.Errorf("count certificates: %w", err)
	}
	defer rows.Close()
	days, stations, classes := map[string]int{}, map[string]int{}, map[string]int{}
	total := 0
	for rows.Next() {
		var set, n int
		var d, w, k sql.NullString
		if err := rows.Scan(&set, &d, &w, &k, &n); err != nil {
			return Counts{}, fmt.Errorf("count certificates: %w", err)
		}
		if set == all || set == byDay {
			days[d.String] += n
		}
		if set == all || set == byWorkstation {
			stations[w.String] += n
		}
		if set == all || set == byClass {
			classes[k.String] += n
			total += n
		}
	}
	if err := rows.Err(); err != nil {
		return Counts{}, fmt.Errorf("count certificates: %w", err)
	}
	c := Counts{Total: total, ByDay: countsOf(days), ByWorkstation: countsOf(stations), ByClass: countsOf(classes)}
	slices.SortFunc(c.ByDay, func(a, b Count) int { return strings.Compare(a.Key, b.Key) })
	mostFirst := func(a, b Count) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return strings.Compare(a.Key, b.Key)
	}
	slices.SortFunc(c.ByWorkstation, mostFirst)
	slices.SortFunc(c.ByClass, mostFirst)
	return c, nil
}

func countsOf(m map[string]int) []Count {
	var out []Count
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	return out
}

// flag is a boolean column's value (INTEGER in both databases).
func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// affected fails with ErrNotFound when res changed no row.
func affected(res sql.Result, err error, what string) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return nil
}

func (s *sqlStore) SetCheck(ctx context.Context, id string, c Check) error {
	res, err := s.exec(ctx, `UPDATE certificates SET checked = ?, check_problem = ? WHERE certificate_id = ?`, timeText(c.At), c.Problem, id)
	return affected(res, err, "record the check of certificate "+id)
}

func (s *sqlStore) SetRole(ctx context.Context, name string, role Role) error {
	res, err := s.exec(ctx, `UPDATE users SET role = ? WHERE name = ?`, string(role), name)
	return affected(res, err, "set the role of "+name)
}

func (s *sqlStore) SetDisabled(ctx context.Context, name string, disabled bool) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("disable %s: %w", name, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE users SET disabled = ? WHERE name = ?`), flag(disabled), name)
	if err := affected(res, err, "disable "+name); err != nil {
		return err
	}
	if disabled {
		if _, err := tx.ExecContext(ctx, s.d.rebind(`DELETE FROM sessions WHERE user_name = ?`), name); err != nil {
			return fmt.Errorf("end the sessions of %s: %w", name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("disable %s: %w", name, err)
	}
	return nil
}

func (s *sqlStore) AddEnrolmentToken(ctx context.Context, t EnrolmentToken) error {
	if _, err := s.exec(ctx, `INSERT INTO enrolment_tokens (token_sha256, workstation, created_by, created, expires) VALUES (?, ?, ?, ?, ?)`,
		t.TokenSHA256, t.Workstation, t.CreatedBy, timeText(t.Created), timeText(t.Expires)); err != nil {
		return fmt.Errorf("add an enrolment token for %s: %w", t.Workstation, err)
	}
	return nil
}

func (s *sqlStore) UseEnrolmentToken(ctx context.Context, token, fp string, now time.Time) (*Workstation, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("enrol: %w", err)
	}
	defer tx.Rollback()
	// One UPDATE both checks and spends the token, so that two requests racing
	// with one token cannot both enrol.
	res, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE enrolment_tokens SET used = ?, key_fingerprint = ?
		WHERE token_sha256 = ? AND used = '' AND expires > ?`), timeText(now), fp, token, timeText(now))
	if err := affected(res, err, "enrol"); err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, ErrTokenUsed
		}
		return nil, err
	}
	var w Workstation
	if err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT workstation, created_by FROM enrolment_tokens WHERE token_sha256 = ?`), token).
		Scan(&w.Name, &w.EnrolledBy); err != nil {
		return nil, fmt.Errorf("enrol: %w", err)
	}
	w.KeyFingerprint, w.Enrolled = fp, now
	if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO workstations (key_fingerprint, name, enrolled, enrolled_by) VALUES (?, ?, ?, ?)
		ON CONFLICT (key_fingerprint) DO NOTHING`), fp, w.Name, timeText(now), w.EnrolledBy); err != nil {
		return nil, fmt.Errorf("enrol %s: %w", w.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("enrol %s: %w", w.Name, err)
	}
	return &w, nil
}

func (s *sqlStore) Workstations(ctx context.Context) ([]Workstation, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key_fingerprint, name, enrolled, enrolled_by FROM workstations ORDER BY name, key_fingerprint`)
	if err != nil {
		return nil, fmt.Errorf("list workstations: %w", err)
	}
	defer rows.Close()
	var out []Workstation
	for rows.Next() {
		var w Workstation
		var enrolled string
		if err := rows.Scan(&w.KeyFingerprint, &w.Name, &enrolled, &w.EnrolledBy); err != nil {
			return nil, fmt.Errorf("list workstations: %w", err)
		}
		w.Enrolled = parseTime(enrolled)
		out = append(out, w)
	}
	return out, rows.Err()
}
