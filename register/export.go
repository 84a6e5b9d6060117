package register

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/register/store"
)

// ExportResult counts what Export did.
type ExportResult struct {
	Written   int // new files
	Unchanged int // already there with the same bytes
}

// Export writes every stored certificate into dir as it was received, named
// as the workstation filed it (certificate.FileName), so that `cert verify`
// and `cert list` check the folder like any other. A file already there with
// the same bytes is left alone; one with other bytes is an error, never
// overwritten.
func Export(ctx context.Context, st store.Store, dir string) (ExportResult, error) {
	var res ExportResult
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return res, fmt.Errorf("export: create %s: %w", dir, err)
	}
	err := st.Each(ctx, func(e *store.Entry) error {
		path := filepath.Join(dir, certificate.FileName(recordForName(e)))
		old, err := os.ReadFile(path)
		switch {
		case err == nil && bytes.Equal(old, e.PDF):
			res.Unchanged++
			return nil
		case err == nil:
			return fmt.Errorf("export %s: %s already holds a different file", e.CertificateID, path)
		case !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("export %s: %w", e.CertificateID, err)
		}
		if err := writeNew(path, e.PDF, 0o644); err != nil {
			return fmt.Errorf("export %s: %w", e.CertificateID, err)
		}
		res.Written++
		return nil
	})
	return res, err
}
