package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/mtp"
	"github.com/wipestation/wipestation/msg"
)

// MTPConn is what a phone backup uses of an open MTP session (*mtp.Conn).
type MTPConn interface {
	StorageIDs(ctx context.Context) ([]uint32, error)
	StorageInfo(ctx context.Context, id uint32) (mtp.StorageInfo, error)
	ObjectHandles(ctx context.Context, storage uint32, format uint16, parent uint32) ([]uint32, error)
	ObjectInfo(ctx context.Context, handle uint32) (mtp.ObjectInfo, error)
	GetObject(ctx context.Context, handle uint32, w io.Writer) (int64, error)
}

// MTPSource is the FileSource of a phone over an open MTP session: every storage
// (named by its description) and the files and folders in it. Close, when set, is
// called by Close (it ends the session and releases the USB interface).
type MTPSource struct {
	Conn    MTPConn
	Closer  func() error
	handles map[string]uint32
}

// maxObjectInfoSize is ObjectInfo's way of saying 4 GiB or more (PIMA 15740 5.5.2).
const maxObjectInfoSize = 0xFFFFFFFF

// Files walks every storage depth first.
func (s *MTPSource) Files(ctx context.Context) ([]File, error) {
	s.handles = map[string]uint32{}
	ids, err := s.Conn.StorageIDs(ctx)
	if err != nil {
		return nil, msg.Wrap(err, msg.BackupListStorages, err)
	}
	var files []File
	seen := map[string]bool{}
	for _, id := range ids {
		si, err := s.Conn.StorageInfo(ctx, id)
		if err != nil {
			return nil, msg.Wrap(err, msg.BackupStorage, fmt.Sprintf("%#x", id), err)
		}
		name := pathElement(si.Description)
		if name == "" {
			name = pathElement(si.VolumeLabel)
		}
		if name == "" || seen[name] {
			name = fmt.Sprintf("storage-%08x", id)
		}
		seen[name] = true
		files = append(files, File{Path: name, Dir: true})
		if files, err = s.walk(ctx, id, mtp.ParentRoot, name, files); err != nil {
			return nil, err
		}
	}
	return files, nil
}

func (s *MTPSource) walk(ctx context.Context, storage, parent uint32, dir string, files []File) ([]File, error) {
	handles, err := s.Conn.ObjectHandles(ctx, storage, 0, parent)
	if err != nil {
		return nil, msg.Wrap(err, msg.BackupList, dir, err)
	}
	for _, h := range handles {
		info, err := s.Conn.ObjectInfo(ctx, h)
		if err != nil {
			return nil, msg.Wrap(err, msg.BackupListObject, dir, fmt.Sprintf("%#x", h), err)
		}
		el := pathElement(info.Filename)
		if el == "" || el != info.Filename {
			return nil, msg.Errorf(msg.BackupBadName, dir, fmt.Sprintf("%#x", h), strconv.Quote(info.Filename))
		}
		p := path.Join(dir, el)
		if _, dup := s.handles[p]; dup {
			return nil, msg.Errorf(msg.BackupDuplicateName, dir, strconv.Quote(el))
		}
		s.handles[p] = h
		f := File{Path: p, Dir: info.IsFolder(), ModTime: parseMTPTime(info.ModDate)}
		if !f.Dir {
			if info.CompressedSize == maxObjectInfoSize {
				return nil, msg.Errorf(msg.BackupTooLarge, p)
			}
			f.Size = int64(info.CompressedSize)
		}
		files = append(files, f)
		if f.Dir {
			if files, err = s.walk(ctx, storage, h, p, files); err != nil {
				return nil, err
			}
		}
	}
	return files, nil
}

// pathElement is s if it can be one element of a path, else "".
func pathElement(s string) string {
	s = strings.TrimSpace(s)
	if s == "." || s == ".." || strings.ContainsAny(s, "/\x00") {
		return ""
	}
	return s
}

// parseMTPTime reads a PTP DateTime string ("YYYYMMDDThhmmss", optionally with
// tenths ".s" and a "Z" or "+hhmm" suffix, PIMA 15740 5.3.5); without a zone it is
// the phone's local time, taken as UTC. An empty or unreadable date is the zero time.
func parseMTPTime(s string) time.Time {
	for _, layout := range []string{"20060102T150405Z0700", "20060102T150405.0Z0700", "20060102T150405Z", "20060102T150405.0Z", "20060102T150405", "20060102T150405.0"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// Open streams a file's bytes from the phone. The MTP session carries one
// transaction at a time: Close waits for the transfer to end.
func (s *MTPSource) Open(ctx context.Context, f File) (io.ReadCloser, error) {
	h, ok := s.handles[f.Path]
	if !ok {
		return nil, msg.Errorf(msg.BackupNotListed, f.Path)
	}
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, err := s.Conn.GetObject(ctx, h, pw)
		pw.CloseWithError(err)
	}()
	return &mtpReader{PipeReader: pr, done: done}, nil
}

type mtpReader struct {
	*io.PipeReader
	done chan struct{}
}

func (r *mtpReader) Close() error {
	r.PipeReader.Close()
	<-r.done
	return nil
}

// Close ends the session.
func (s *MTPSource) Close() error {
	if s.Closer == nil {
		return nil
	}
	return s.Closer()
}

// MTPPhones is the PhoneOpener for phones reached over MTP (paths mtp:/dev/bus/usb/...):
// it opens the phone with open (nil: devices.OpenMTP, usbfs) and opens a session;
// the source it returns closes both. Other phone paths (adb:, apple:) cannot be
// read file by file and fail the backup, so the job erases nothing.
func MTPPhones(open devices.MTPOpener) PhoneOpener {
	if open == nil {
		open = devices.OpenMTP
	}
	return func(ctx context.Context, dev devices.Device) (FileSource, error) {
		if !strings.HasPrefix(dev.Path, devices.PhonePathMTP) {
			return nil, msg.Errorf(msg.BackupOnlyMTP, dev.Path)
		}
		node, err := devices.PhoneNode(dev.Path)
		if err != nil {
			return nil, err
		}
		c, closeFn, err := open(ctx, node)
		if err != nil {
			return nil, msg.Wrap(err, msg.BackupOpen, dev.Path, err)
		}
		if err := c.OpenSession(ctx, 1); err != nil {
			var re *mtp.ResponseError
			if !errors.As(err, &re) || re.Code != mtp.RespSessionAlreadyOpen {
				closeFn()
				return nil, msg.Wrap(err, msg.BackupOpen, dev.Path, err)
			}
		}
		return &MTPSource{Conn: c, Closer: func() error {
			c.CloseSession(context.WithoutCancel(ctx)) //nolint:errcheck // closing the node ends the session anyway
			return closeFn()
		}}, nil
	}
}
