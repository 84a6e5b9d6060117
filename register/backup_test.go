package register

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/register/store"
	"github.com/wipestation/wipestation/register/store/storetest"
)

// backupFixture is a register with three certificates of two media from two
// workstations, and a record of what a search finds in it.
type backupFixture struct {
	h     *harness
	fonts *certificate.Fonts
	keys  []string
}

func newBackupFixture(t *testing.T, st store.Store) *backupFixture {
	fonts := testFonts(t)
	desk1, desk2 := selfSignedKey(t, "desk-1"), selfSignedKey(t, "desk-2")
	f := &backupFixture{fonts: fonts, keys: []string{desk1.Fingerprint(), desk2.Fingerprint()}}
	f.h = newHarnessOn(t, st, fonts, Workstations{Trusted: f.keys})
	for i, at := range []time.Time{testNow.Add(-50 * time.Hour), testNow.Add(-26 * time.Hour), testNow.Add(-time.Hour)} {
		key, host := []*certificate.Key{desk1, desk2, desk1}[i], []string{"desk-1", "desk-2", "desk-1"}[i]
		rec := jobRecord(fmt.Sprintf("WS-20261126-BACC%04d", i), []string{"SER-B1", "SER-B2", "SER-B1"}[i], host, at)
		if _, err := f.h.client(key).Push(ctx, issue(t, fonts, key, rec, at)); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// sameRegister fails unless got holds exactly what want holds: every search
// row and every PDF byte, and every certificate still verifies.
func sameRegister(t *testing.T, want, got store.Store, v *certificate.Verifier) {
	t.Helper()
	for _, q := range []store.Query{{}, {Serial: "SER-B1", ExactSerial: true}, {Workstation: "desk-2"}} {
		a, err1 := want.Search(ctx, q)
		b, err2 := got.Search(ctx, q)
		if err1 != nil || err2 != nil || len(a) == 0 || fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", b) {
			t.Errorf("search %+v after the restore:\n%+v (%v)\nbefore:\n%+v (%v)", q, b, err2, a, err1)
		}
	}
	n := 0
	err := want.Each(ctx, func(e *store.Entry) error {
		r, err := got.Get(ctx, e.CertificateID)
		if err != nil {
			return err
		}
		if string(r.PDF) != string(e.PDF) {
			return fmt.Errorf("%s: the PDF differs after the restore", e.CertificateID)
		}
		if _, err := v.Verify(r.PDF); err != nil {
			return fmt.Errorf("%s after the restore: %w", e.CertificateID, err)
		}
		n++
		return nil
	})
	if err != nil || n != 3 {
		t.Errorf("after the restore: %d certificates compared, %v", n, err)
	}
}

// pgTool is a PostgreSQL client program of the installed server's version.
func pgTool(t *testing.T, name string) string {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) == 0 {
		testutil.Skip(t, name+" is not installed (scripts/install-deps --test installs postgresql)")
	}
	slices.Sort(matches)
	return matches[len(matches)-1]
}

// The PostgreSQL backup as docs/register.md gives it: pg_dump of the
// register's database, restored with psql into a new database, which a
// register opens and searches as before.
func TestBackupAndRestorePostgres(t *testing.T) {
	srcURL := storetest.FreshSchema(t)
	src, err := store.OpenPostgres(ctx, srcURL)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	f := newBackupFixture(t, src)
	u, err := url.Parse(srcURL)
	if err != nil {
		t.Fatal(err)
	}
	schema := u.Query().Get("search_path")
	base := os.Getenv(storetest.PostgresEnv)
	dump := filepath.Join(t.TempDir(), "register.sql")
	out, err := exec.Command(pgTool(t, "pg_dump"), "--dbname="+base, "--schema="+schema, "--extension=pg_trgm",
		"--no-owner", "--file="+dump).CombinedOutput()
	if err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}

	// A fresh database, as after losing the server.
	var b [6]byte
	rand.Read(b[:])
	dbName := "restore_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE ` + dbName); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec(`DROP DATABASE IF EXISTS ` + dbName + ` WITH (FORCE)`) })
	target, _ := url.Parse(base)
	target.Path = "/" + dbName
	out, err = exec.Command(pgTool(t, "psql"), "--dbname="+target.String(), "--set=ON_ERROR_STOP=1", "--quiet", "--file="+dump).CombinedOutput()
	if err != nil {
		t.Fatalf("psql < dump: %v\n%s", err, out)
	}
	q := target.Query()
	q.Set("search_path", schema)
	target.RawQuery = q.Encode()
	restored, err := store.OpenPostgres(ctx, target.String())
	if err != nil {
		t.Fatalf("open the restored database: %v", err)
	}
	defer restored.Close()
	sameRegister(t, f.h.store, restored, f.h.srv.Verifier)
}

// The embedded database's online backup, restored into a new data folder.
func TestBackupAndRestoreSQLite(t *testing.T) {
	f := newBackupFixture(t, storetest.Open(t, "sqlite"))
	copyPath := filepath.Join(t.TempDir(), "backup.db")
	if err := store.BackupSQLite(ctx, f.h.store, copyPath); err != nil {
		t.Fatal(err)
	}
	if err := store.BackupSQLite(ctx, f.h.store, copyPath); err == nil {
		t.Error("a backup over an existing file")
	}
	dataDir := t.TempDir()
	b, err := os.ReadFile(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dataDir, store.SQLiteFile), b, 0o600); err != nil {
		t.Fatal(err)
	}
	restored, err := store.OpenSQLite(ctx, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	sameRegister(t, f.h.store, restored, f.h.srv.Verifier)
	if err := store.BackupSQLite(context.Background(), storetest.Open(t, "postgres"), filepath.Join(t.TempDir(), "x")); !errors.Is(err, store.ErrBackupPostgres) {
		t.Errorf("BackupSQLite of PostgreSQL: %v", err)
	}
}

// The export, pushed again into an empty register, gives the same register
// back: the last resort when no database backup is left.
func TestRestoreFromExport(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			f := newBackupFixture(t, storetest.Open(t, kind))
			dir := filepath.Join(t.TempDir(), "export")
			if _, err := Export(ctx, f.h.store, dir); err != nil {
				t.Fatal(err)
			}
			fresh := newHarness(t, kind, f.fonts, Workstations{Trusted: f.keys})
			files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
			if len(files) != 3 {
				t.Fatalf("exported %d files", len(files))
			}
			// Any enrolled key may push a file again: the certificate's own
			// signature is what is verified.
			key := selfSignedKey(t, "restorer")
			fresh.srv.Workstations.Trusted = append(fresh.srv.Workstations.Trusted, key.Fingerprint())
			for _, name := range files {
				pdf, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := fresh.client(key).Push(ctx, pdf); err != nil {
					t.Fatalf("push %s again: %v", name, err)
				}
			}
			// What the rows say of who pushed and when differs; the
			// certificates do not.
			for _, q := range []store.Query{{}, {Serial: "SER-B1", ExactSerial: true}} {
				a, _ := f.h.store.Search(ctx, q)
				b, _ := fresh.store.Search(ctx, q)
				if len(a) != len(b) {
					t.Fatalf("search %+v: %d rows before, %d after", q, len(a), len(b))
				}
				for i := range a {
					if a[i].CertificateID != b[i].CertificateID || a[i].PDFSHA256 != b[i].PDFSHA256 || a[i].RecordSHA256 != b[i].RecordSHA256 {
						t.Errorf("row %d: %s/%s before, %s/%s after", i, a[i].CertificateID, a[i].PDFSHA256, b[i].CertificateID, b[i].PDFSHA256)
					}
				}
			}
		})
	}
}
