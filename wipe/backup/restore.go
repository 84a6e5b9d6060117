package backup

import (
	"archive/tar"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path"
	"time"
)

// RestoreImage writes the logical stream of the image archive r to dst, from
// offset 0, and checks its SHA-256 against the end record. When sparse is true, dst
// is known to read as zeros wherever nothing is written (a new sparse file) and the
// zero regions are skipped; otherwise they are written as zeros, so that nothing
// of what dst held before survives. It does not sync dst, nor read it back: see
// HashImage. progress, when not nil, gets the logical bytes done.
func RestoreImage(ctx context.Context, r *Reader, dst io.WriterAt, sparse bool, progress func(doneBytes int64)) (Trailer, error) {
	if k := r.Header().Kind; k != KindImage {
		return Trailer{}, fmt.Errorf("restore image: the archive holds %s, not a block device image", k)
	}
	h := sha256.New()
	var pos int64
	fill := func(end int64) error {
		n := end - pos
		hashZeros(h, n)
		if sparse {
			pos = end
			return nil
		}
		for pos < end {
			k := min(end-pos, int64(len(zeros)))
			if _, err := dst.WriteAt(zeros[:k], pos); err != nil {
				return fmt.Errorf("write zeros at %d: %w", pos, err)
			}
			pos += k
		}
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return Trailer{}, err
		}
		e, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Trailer{}, err
		}
		if err := fill(e.Offset); err != nil {
			return Trailer{}, err
		}
		h.Write(e.Data)
		if _, err := dst.WriteAt(e.Data, e.Offset); err != nil {
			return Trailer{}, fmt.Errorf("write %d bytes at %d: %w", len(e.Data), e.Offset, err)
		}
		pos = e.Offset + int64(len(e.Data))
		if progress != nil {
			progress(pos)
		}
	}
	t, _ := r.Trailer()
	if err := fill(t.SizeBytes); err != nil {
		return Trailer{}, err
	}
	if progress != nil {
		progress(pos)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	if sum != t.SHA256 {
		return t, &DigestError{What: "restored data", Got: sum, Want: t.SHA256}
	}
	return t, nil
}

// discardExtents is an extentSink that keeps nothing.
type discardExtents struct{}

func (discardExtents) WriteExtent(int64, []byte) error { return nil }

// HashImage reads sizeBytes of src in large aligned reads and returns their
// SHA-256: the read-back check of a restore, and `sha256sum` of a device in-process.
func HashImage(ctx context.Context, src io.ReaderAt, sizeBytes int64, progress func(doneBytes int64)) ([32]byte, error) {
	return copyImage(ctx, src, sizeBytes, discardExtents{}, progress, nil)
}

// RestoreFiles extracts the file archive r into dir, which must not exist or be
// empty, with the files' modification times, and checks the SHA-256 of the whole
// tar stream against the end record. Paths cannot leave dir (os.Root). A digest
// mismatch is reported after the files were written: they are then not to be
// trusted.
func RestoreFiles(ctx context.Context, r *Reader, dir string, progress func(doneBytes int64)) (Trailer, error) {
	if k := r.Header().Kind; k != KindFiles {
		return Trailer{}, fmt.Errorf("restore files: the archive holds a %s, not files", k)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Trailer{}, fmt.Errorf("restore files: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return Trailer{}, fmt.Errorf("restore files: %w", err)
	}
	if len(entries) > 0 {
		return Trailer{}, fmt.Errorf("restore files: %s is not empty", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return Trailer{}, fmt.Errorf("restore files: %w", err)
	}
	defer root.Close()

	s := NewStream(r)
	tr := tar.NewReader(s)
	type dirTime struct {
		name string
		t    time.Time
	}
	var dirs []dirTime
	var done int64
	for {
		if err := ctx.Err(); err != nil {
			return Trailer{}, err
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Trailer{}, fmt.Errorf("restore files: %w", err)
		}
		name, err := checkedPath(hdr.Name)
		if err != nil {
			return Trailer{}, fmt.Errorf("restore files: %w", err)
		}
		switch hdr.Typeflag {
		case tar.TypeDir:
			if err := root.MkdirAll(name, 0o755); err != nil {
				return Trailer{}, fmt.Errorf("restore %s: %w", name, err)
			}
			dirs = append(dirs, dirTime{name, hdr.ModTime})
		case tar.TypeReg:
			if d := path.Dir(name); d != "." {
				if err := root.MkdirAll(d, 0o755); err != nil {
					return Trailer{}, fmt.Errorf("restore %s: %w", name, err)
				}
			}
			if err := restoreFile(root, name, tr, hdr); err != nil {
				return Trailer{}, fmt.Errorf("restore %s: %w", name, err)
			}
			done += hdr.Size
			if progress != nil {
				progress(done)
			}
		default:
			return Trailer{}, fmt.Errorf("restore %s: unsupported entry type %q", name, hdr.Typeflag)
		}
	}
	// The tar stream's end blocks and anything after them are part of the digest.
	if _, err := io.Copy(io.Discard, s); err != nil {
		return Trailer{}, fmt.Errorf("restore files: %w", err)
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		if err := root.Chtimes(dirs[i].name, dirs[i].t, dirs[i].t); err != nil {
			return Trailer{}, fmt.Errorf("restore %s: %w", dirs[i].name, err)
		}
	}
	t, _ := r.Trailer()
	if sum := s.Sum(); sum != t.SHA256 {
		return t, &DigestError{What: "restored files", Got: sum, Want: t.SHA256}
	}
	return t, nil
}

func restoreFile(root *os.Root, name string, src io.Reader, hdr *tar.Header) error {
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, src)
	if err == nil && n != hdr.Size {
		err = fmt.Errorf("wrote %d bytes, the archive lists %d", n, hdr.Size)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return root.Chtimes(name, hdr.ModTime, hdr.ModTime)
}
