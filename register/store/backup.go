package store

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// ErrBackupPostgres is BackupSQLite's answer for a PostgreSQL store: its
// backup is pg_dump's (docs/register.md).
var ErrBackupPostgres = errors.New("the register is on PostgreSQL: back it up with pg_dump")

// BackupSQLite writes a consistent copy of the embedded database to path
// while the register runs (VACUUM INTO: one read transaction, so that
// uploads wait at most for the copy). path must not exist: nothing is
// overwritten. To restore, stop the register and put the copy in place of
// the data folder's register.db (removing its -wal and -shm files).
func BackupSQLite(ctx context.Context, st Store, path string) error {
	s, ok := st.(*sqlStore)
	if !ok || s.d.name != sqliteDialect.name {
		return ErrBackupPostgres
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("back up to %s: it exists; the backup never overwrites", path)
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	return nil
}
