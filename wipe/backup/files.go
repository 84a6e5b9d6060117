package backup

import (
	"archive/tar"
	"context"
	"crypto/sha256"
	"io"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/wipestation/wipestation/msg"
)

// File is one entry of a phone's storage as its MTP client lists it.
type File struct {
	// Path is slash-separated and relative to the device's root, storage name
	// first ("Internal shared storage/DCIM/Camera/IMG_0001.jpg").
	Path    string
	Dir     bool
	Size    int64 // bytes; 0 for directories
	ModTime time.Time
}

// FileSource is a device whose files are backed up one by one (a phone over MTP).
// It is what the backup needs of an MTP client, nothing more.
type FileSource interface {
	// Files lists every file and directory, parents before their children.
	Files(ctx context.Context) ([]File, error)
	// Open returns the content of a file listed by Files; it must yield exactly
	// f.Size bytes.
	Open(ctx context.Context, f File) (io.ReadCloser, error)
}

// streamWriter turns a dense byte stream (a tar stream) into extents, hashing it.
type streamWriter struct {
	w   extentSink
	h   hashWriter
	buf []byte
	pos int64 // logical offset of buf[0]
}

func newStreamWriter(w extentSink) *streamWriter {
	return &streamWriter{w: w, h: sha256.New(), buf: make([]byte, 0, readBufferBytes)}
}

func (s *streamWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), cap(s.buf)-len(s.buf))
		s.buf = append(s.buf, p[:k]...)
		p = p[k:]
		if len(s.buf) == cap(s.buf) {
			if err := s.flush(); err != nil {
				return n - len(p), err
			}
		}
	}
	return n, nil
}

func (s *streamWriter) flush() error {
	s.h.Write(s.buf)
	if err := emitExtents(s.w, s.pos, s.buf); err != nil {
		return err
	}
	s.pos += int64(len(s.buf))
	s.buf = s.buf[:0]
	return nil
}

// Close flushes and returns the stream's size and SHA-256.
func (s *streamWriter) finish() (int64, [32]byte, error) {
	if err := s.flush(); err != nil {
		return 0, [32]byte{}, err
	}
	var sum [32]byte
	copy(sum[:], s.h.Sum(nil))
	return s.pos, sum, nil
}

// checkedPath returns p cleaned, or an error if it would leave the root.
func checkedPath(p string) (string, error) {
	c := path.Clean(strings.TrimPrefix(p, "/"))
	if c == "." || c == ".." || strings.HasPrefix(c, "../") || strings.ContainsRune(c, 0) {
		return "", msg.Errorf(msg.BackupUnsafePath, strconv.Quote(p))
	}
	return c, nil
}

// copyFiles writes every file of src as a tar stream (PAX, so long names and
// sub-second times survive) to w. progress, when not nil, gets the file bytes done
// and the total listed.
func copyFiles(ctx context.Context, src FileSource, w extentSink, progress func(done, total int64)) (int64, [32]byte, error) {
	files, err := src.Files(ctx)
	if err != nil {
		return 0, [32]byte{}, msg.Wrap(err, msg.BackupListFiles, err)
	}
	var total, done int64
	for _, f := range files {
		total += f.Size
	}
	sw := newStreamWriter(w)
	tw := tar.NewWriter(sw)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return 0, [32]byte{}, err
		}
		name, err := checkedPath(f.Path)
		if err != nil {
			return 0, [32]byte{}, msg.Wrap(err, msg.BackupFailed, f.Path, err)
		}
		hdr := &tar.Header{Name: name, ModTime: f.ModTime, Mode: 0o644, Size: f.Size, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if f.Dir {
			hdr.Name, hdr.Mode, hdr.Size, hdr.Typeflag = name+"/", 0o755, 0, tar.TypeDir
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return 0, [32]byte{}, msg.Wrap(err, msg.BackupFailed, f.Path, err)
		}
		if f.Dir {
			continue
		}
		if err := copyFile(ctx, src, f, tw); err != nil {
			return 0, [32]byte{}, msg.Wrap(err, msg.BackupFailed, f.Path, err)
		}
		done += f.Size
		if progress != nil {
			progress(done, total)
		}
	}
	if err := tw.Close(); err != nil {
		return 0, [32]byte{}, msg.Wrap(err, msg.BackupTar, err)
	}
	return sw.finish()
}

func copyFile(ctx context.Context, src FileSource, f File, w io.Writer) error {
	rc, err := src.Open(ctx, f)
	if err != nil {
		return err
	}
	defer rc.Close()
	n, err := io.Copy(w, io.LimitReader(rc, f.Size))
	if err != nil {
		return err
	}
	if n != f.Size {
		return msg.Errorf(msg.BackupFileShort, n, f.Size)
	}
	// One byte more than listed means the file changed under us as well.
	var one [1]byte
	if k, _ := rc.Read(one[:]); k > 0 {
		return msg.Errorf(msg.BackupFileLonger, f.Size)
	}
	return nil
}
