package backup

import (
	"bufio"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"filippo.io/age"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// Extension ends every archive's file name.
const Extension = ".wsbk.age"

// PhoneOpener returns the file source of a phone reached over MTP (or another file
// transport). It is how the MTP client is wired in without this package knowing it.
// A source that is also an io.Closer is closed when the backup ends.
type PhoneOpener func(ctx context.Context, dev devices.Device) (FileSource, error)

// Config wires a Backuper.
type Config struct {
	// ToolVersion and Host go into each archive's header.
	ToolVersion string
	Host        string
	// Phones opens phones (Execution.Target nil); nil means phones cannot be backed
	// up and such a job fails before anything is erased.
	Phones PhoneOpener
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Backuper writes one verified, encrypted archive per device. It implements
// wipe.Backuper and is safe for concurrent use: each call has its own state.
type Backuper struct {
	cfg Config
}

// New returns a Backuper wired by cfg.
func New(cfg Config) *Backuper {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Backuper{cfg: cfg}
}

// Options say where an archive goes and to whom it is encrypted.
type Options struct {
	Dir       string // the folder the archive is written into
	Recipient string // the organization's age X25519 recipient (age1...)
}

// Backup implements wipe.Backuper: it backs up x.Target (a block device or, with
// --allow-file, an image file) or, when Target is nil, the phone x.Job.Device,
// into x.Job.Options.BackupDir, and returns only after the archive was read back
// and its digest matched. On any error nothing is left behind but the error, which
// says why; the job must then not erase anything.
func (b *Backuper) Backup(ctx context.Context, x wipe.Execution) (*wipe.BackupInfo, error) {
	opts := Options{Dir: x.Job.Options.BackupDir, Recipient: x.Job.Options.BackupRecipient}
	progress := func(done, total int64, pass int) {}
	if x.Progress != nil {
		progress = progressReporter(x.Progress, b.cfg.Now)
	}
	dev := x.Job.Device
	// Refuse what cannot be done before touching the device.
	if _, err := checkOptions(opts); err != nil {
		return nil, msg.Wrap(err, msg.BackupFailed, dev.Path, err)
	}
	if x.Target != nil {
		size, err := x.Target.Seek(0, io.SeekEnd)
		if err != nil {
			return nil, msg.Wrap(err, msg.BackupSize, dev.Path, err)
		}
		if dev.SizeBytes != 0 && size != dev.SizeBytes {
			return nil, msg.Errorf(msg.BackupSizeChanged, dev.Path, size, dev.SizeBytes)
		}
		return b.BackupImage(ctx, x.Target, size, dev, opts, progress)
	}
	if b.cfg.Phones == nil {
		return nil, msg.Errorf(msg.BackupNoTransport, dev.Path, string(dev.Transport))
	}
	src, err := b.cfg.Phones(ctx, dev)
	if err != nil {
		return nil, msg.Wrap(err, msg.BackupFailed, dev.Path, err)
	}
	if c, ok := src.(io.Closer); ok {
		defer c.Close()
	}
	return b.BackupFiles(ctx, src, dev, opts, progress)
}

// Progress receives a backup's progress: bytes done of total in pass 1 (copy) or 2
// (read back and check).
type Progress func(doneBytes, totalBytes int64, pass int)

// progressReporter turns byte counts into wipe.Progress snapshots, at most every
// 200 ms and always at the end of a pass.
func progressReporter(report func(wipe.Progress), now func() time.Time) Progress {
	var mu sync.Mutex
	var start, last time.Time
	curPass := 0
	return func(done, total int64, pass int) {
		mu.Lock()
		defer mu.Unlock()
		t := now()
		if pass != curPass {
			curPass, start, last = pass, t, time.Time{}
		}
		if done < total && t.Sub(last) < 200*time.Millisecond {
			return
		}
		last = t
		p := wipe.Progress{Phase: wipe.PhaseBackup, Pass: pass, Passes: 2, BytesDone: done, BytesTotal: total}
		if el := t.Sub(start).Seconds(); el > 0 {
			p.RateBytesPerSecond = float64(done) / el
			if p.RateBytesPerSecond > 0 && total > done {
				p.ETA = time.Duration(float64(total-done) / p.RateBytesPerSecond * float64(time.Second))
			}
		}
		report(p)
	}
}

// checkOptions refuses a backup that cannot be made, before anything is read.
func checkOptions(opts Options) (*age.X25519Recipient, error) {
	rcpt, err := ParseRecipient(opts.Recipient)
	if err != nil {
		return nil, err
	}
	if opts.Dir == "" {
		return nil, msg.Errorf(msg.BackupNoFolder)
	}
	fi, err := os.Stat(opts.Dir)
	if err != nil {
		return nil, msg.Wrap(err, msg.BackupFolder, err)
	}
	if !fi.IsDir() {
		return nil, msg.Errorf(msg.BackupNotFolder, opts.Dir)
	}
	return rcpt, nil
}

// BackupImage backs up sizeBytes of src, the content of dev, into an archive in
// opts.Dir, reads it back and checks it, and returns where it is. src is read with
// ReadAt in aligned 4 MiB reads, so an O_DIRECT descriptor works.
func (b *Backuper) BackupImage(ctx context.Context, src io.ReaderAt, sizeBytes int64, dev devices.Device, opts Options, progress Progress) (*wipe.BackupInfo, error) {
	if progress == nil {
		progress = func(int64, int64, int) {}
	}
	h := b.header(KindImage, dev, sizeBytes)
	return b.write(ctx, dev, opts, h, progress, func(w *archiveWriter, hint *zeroHint) (int64, [32]byte, error) {
		sum, err := copyImage(ctx, src, sizeBytes, w, func(done int64) { progress(done, sizeBytes, 1) }, hint)
		if err != nil {
			return 0, sum, msg.Wrap(err, msg.BackupRead, dev.Path, err)
		}
		return sizeBytes, sum, nil
	})
}

// BackupFiles backs up every file of src, the storage of dev, as a tar stream.
func (b *Backuper) BackupFiles(ctx context.Context, src FileSource, dev devices.Device, opts Options, progress Progress) (*wipe.BackupInfo, error) {
	if progress == nil {
		progress = func(int64, int64, int) {}
	}
	h := b.header(KindFiles, dev, 0)
	return b.write(ctx, dev, opts, h, progress, func(w *archiveWriter, _ *zeroHint) (int64, [32]byte, error) {
		return copyFiles(ctx, src, w, func(done, total int64) { progress(done, total, 1) })
	})
}

func (b *Backuper) header(kind Kind, dev devices.Device, sizeBytes int64) Header {
	return Header{Version: FormatVersion, Kind: kind, Metadata: Metadata{
		Created:        b.cfg.Now().UTC(),
		Tool:           "wipestation",
		ToolVersion:    b.cfg.ToolVersion,
		Host:           b.cfg.Host,
		SizeBytes:      sizeBytes,
		ZeroBlockBytes: zeroBlockBytes,
		Device: DeviceInfo{
			Path: dev.Path, Name: dev.Name, Kind: string(dev.Kind), Transport: string(dev.Transport),
			Vendor: dev.Vendor, Model: dev.Model, Serial: dev.Serial, SizeBytes: dev.SizeBytes,
			LogicalSectorBytes: dev.LogicalSectorBytes, PhysicalSectorBytes: dev.PhysicalSectorBytes,
		},
	}}
}

// write makes one archive: a temporary file encrypted to the organization and to
// a key made for this backup alone, filled by fill, synced and read back with that
// key (as it grows) and checked, then renamed to its final name. The key is forgotten when write
// returns, so the workstation cannot read the archive again.
func (b *Backuper) write(ctx context.Context, dev devices.Device, opts Options, h Header, progress Progress, fill func(*archiveWriter, *zeroHint) (int64, [32]byte, error)) (info *wipe.BackupInfo, err error) {
	defer func() {
		if err != nil {
			err = msg.Wrap(err, msg.BackupFailed, dev.Path, err)
		}
	}()
	org, err := checkOptions(opts)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	check, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, msg.Wrap(err, msg.BackupMakeKey, err)
	}
	name := archiveName(b.cfg.Now(), dev)
	tmp, err := os.CreateTemp(opts.Dir, "."+strings.TrimSuffix(name, Extension)+".*.partial")
	if err != nil {
		return nil, msg.Wrap(err, msg.BackupCreate, err)
	}
	tmpName := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()

	// The archive is read back while it is written: the writer syncs it in
	// segments and drops each synced segment from the page cache, and the check
	// reads only synced segments. So the check reads the backup medium, and its
	// time hides behind the copy's instead of following it.
	rb := newReadBackFile(tmp)
	bw := bufio.NewWriterSize(rb, 1<<20)
	w, err := newArchiveWriter(bw, h, org, check.Recipient())
	if err != nil {
		return nil, err
	}
	w.pushed = func() error {
		if err := bw.Flush(); err != nil {
			return msg.Wrap(err, msg.BackupWrite, tmpName, err)
		}
		return rb.sync()
	}
	type checked struct {
		t   Trailer
		err error
	}
	var copied atomic.Int64 // the logical size once the copy is done, else -1
	copied.Store(-1)
	result := make(chan checked, 1)
	hint := &zeroHint{}
	go func() {
		_, t, err := verify(ctx, bufio.NewReaderSize(rb.reader(), 1<<20), func(done int64) {
			if total := copied.Load(); total >= 0 {
				progress(done, total, 2)
			}
		}, hint, check)
		result <- checked{t, err}
	}()
	// stop ends the writing (err nil: completely) and waits for the check.
	stop := func(err error) (checked, error) {
		err = rb.finish(err)
		c := <-result
		return c, err
	}

	sizeBytes, sum, err := fill(w, hint)
	if err != nil {
		w.Abort()
		stop(err)
		return nil, err
	}
	if _, err := w.Finish(sizeBytes, sum); err != nil {
		stop(err)
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		stop(err)
		return nil, msg.Wrap(err, msg.BackupWrite, tmpName, err)
	}
	copied.Store(sizeBytes)
	c, err := stop(nil)
	if err != nil {
		return nil, msg.Wrap(err, msg.BackupWrite, tmpName, err)
	}
	if c.err != nil {
		return nil, msg.Wrap(c.err, msg.BackupReadBack, tmpName, c.err)
	}
	if c.t.SHA256 != sum || c.t.SizeBytes != sizeBytes {
		derr := &DigestError{What: "archive read back", Got: c.t.SHA256, Want: sum}
		return nil, msg.Wrap(derr, msg.BackupReadBack, tmpName, derr)
	}
	progress(sizeBytes, sizeBytes, 2)
	if err := tmp.Close(); err != nil {
		return nil, msg.Wrap(err, msg.BackupClose, tmpName, err)
	}
	final, err := renameNoReplace(tmpName, opts.Dir, name)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(final)
	if err != nil {
		abs = final
	}
	return &wipe.BackupInfo{Location: abs, SizeBytes: sizeBytes, SHA256: hex.EncodeToString(sum[:]), Verified: true}, nil
}

// archiveName is date_serial_model.wsbk.age, sortable by time: a UTC timestamp, then
// the medium's serial (or kernel name) and model, reduced to safe characters.
func archiveName(t time.Time, dev devices.Device) string {
	id := dev.Serial
	if id == "" {
		id = dev.Name
	}
	if id == "" {
		id = filepath.Base(dev.Path)
	}
	parts := []string{t.UTC().Format("20060102T150405Z"), safeName(id)}
	if m := safeName(dev.Model); m != "" {
		parts = append(parts, m)
	}
	return strings.Join(parts, "_") + Extension
}

func safeName(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
		if b.Len() >= 40 {
			break
		}
	}
	return strings.Trim(b.String(), "-.")
}

// renameNoReplace moves tmp to name in dir without replacing an existing archive
// (adding -2, -3 ... before the extension), syncs the folder, and returns the final
// path.
func renameNoReplace(tmp, dir, name string) (string, error) {
	base := strings.TrimSuffix(name, Extension)
	for i := 1; i < 1000; i++ {
		final := filepath.Join(dir, name)
		if i > 1 {
			final = filepath.Join(dir, fmt.Sprintf("%s-%d%s", base, i, Extension))
		}
		err := renameExclusive(tmp, final)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", msg.Wrap(err, msg.BackupRename, final, err)
		}
		if d, err := os.Open(dir); err == nil {
			err = d.Sync()
			d.Close()
			if err != nil {
				return "", msg.Wrap(err, msg.BackupSyncFolder, dir, err)
			}
		}
		return final, nil
	}
	return "", msg.Errorf(msg.BackupTooMany, name)
}
