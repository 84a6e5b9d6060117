package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"filippo.io/age"
	"golang.org/x/sys/unix"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
	"github.com/wipestation/wipestation/wipe/backup"
)

// backupCmd is `wipestation backup`: make, restore and check the archives that
// `wipe --backup` writes before erasing (docs/backup.md).
type backupCmd struct {
	Create  backupCreateCmd  `cmd:"" help:"Back up a device into an encrypted, verified archive (what wipe --backup does before erasing)."`
	Restore backupRestoreCmd `cmd:"" help:"Restore an archive onto a device or into an image file, or a phone's files into a folder, and check the digest."`
	Verify  backupVerifyCmd  `cmd:"" help:"Decrypt and decompress an archive and check its digest, writing nothing."`
}

// backupCreateCmd is `wipestation backup create DEVICE --to DIR --recipient AGE1...`.
type backupCreateCmd struct {
	Device    string `arg:"" help:"Block device to back up, a phone's mtp: path (its files), or with --allow-file an image file."`
	To        string `required:"" placeholder:"DIR" help:"Folder the archive is written into."`
	Recipient string `placeholder:"AGE1..." env:"WIPESTATION_BACKUP_RECIPIENT" help:"The organization's age public key (default: backup_recipient in the config file); the archive is encrypted to it and never written in plaintext."`
	AllowFile bool   `help:"Allow a regular image file as the source."`

	// phones opens mtp: phones; nil means backup.MTPPhones(nil) (usbfs). Tests
	// put mtptest's device here.
	phones backup.PhoneOpener
}

// Run backs the device up.
func (c *backupCreateCmd) Run(ctx context.Context, g *Globals) error {
	if c.Recipient == "" {
		cfg, err := loadConfig(g)
		if err != nil {
			return err
		}
		c.Recipient = cfg.BackupRecipient
	}
	if c.Recipient == "" {
		return usagef("%v", backup.ErrNoRecipient)
	}
	if _, err := backup.ParseRecipient(c.Recipient); err != nil {
		return usagef("%v", err)
	}
	host, _ := os.Hostname()
	b := backup.New(backup.Config{ToolVersion: toolVersion(), Host: host})
	opts := backup.Options{Dir: c.To, Recipient: c.Recipient}
	p := newByteProgress(os.Stderr, "backup")
	start := time.Now()
	var readBack time.Time // when the copy ended and only the read-back was left
	progress := func(done, total int64, pass int) {
		if pass == 2 && readBack.IsZero() {
			readBack = time.Now()
		}
		p.update(done, total, pass)
	}
	var info *wipe.BackupInfo
	var dev devices.Device
	var err error
	if devices.IsPhonePath(c.Device) {
		info, dev, err = c.backupPhone(ctx, b, opts, progress)
	} else {
		var f *os.File
		f, dev, err = openBackupSource(c.Device, c.AllowFile)
		if err != nil {
			return err
		}
		defer f.Close()
		size, serr := f.Seek(0, io.SeekEnd)
		if serr != nil {
			return fmt.Errorf("size of %s: %w", c.Device, serr)
		}
		dev.SizeBytes = size
		info, err = b.BackupImage(ctx, f, size, dev, opts, progress)
	}
	end := time.Now()
	p.done()
	if errors.Is(err, backup.ErrNoRecipient) {
		return usagef("%v", err)
	}
	if err != nil {
		return err
	}
	fmt.Printf("archive   %s\n", info.Location)
	if devices.IsPhonePath(dev.Path) {
		fmt.Printf("device    %s (its files: a tar stream of %d bytes)\n", dev.Path, info.SizeBytes)
		fmt.Printf("sha256    %s (of the tar stream)\n", info.SHA256)
	} else {
		fmt.Printf("device    %s (%d bytes)\n", dev.Path, info.SizeBytes)
		fmt.Printf("sha256    %s (of the whole device, zero regions included)\n", info.SHA256)
	}
	fmt.Printf("verified  yes: read back, decrypted, decompressed, digest matched\n")
	if fi, err := os.Stat(info.Location); err == nil {
		fmt.Printf("stored    %d bytes\n", fi.Size())
	}
	if readBack.IsZero() {
		readBack = end
	}
	fmt.Printf("time      %.3fs (copy %.3fs, then %.3fs to finish the read-back that runs alongside it)\n", end.Sub(start).Seconds(), readBack.Sub(start).Seconds(), end.Sub(readBack).Seconds())
	return nil
}

// backupPhone backs up the files of the phone at c.Device.
func (c *backupCreateCmd) backupPhone(ctx context.Context, b *backup.Backuper, opts backup.Options, progress backup.Progress) (*wipe.BackupInfo, devices.Device, error) {
	dev := devices.Device{Path: c.Device, Kind: devices.KindPhone, Transport: devices.TransportMTP}
	open := c.phones
	if open == nil {
		open = backup.MTPPhones(nil)
	}
	src, err := open(ctx, dev)
	if err != nil {
		return nil, dev, err
	}
	if cl, ok := src.(io.Closer); ok {
		defer cl.Close()
	}
	info, err := b.BackupFiles(ctx, src, dev, opts, progress)
	return info, dev, err
}

// openBackupSource opens path for reading: a block device exclusively (so nothing
// mounts or writes it through another open while it is read) and with O_DIRECT; an
// image file only with allowFile.
func openBackupSource(path string, allowFile bool) (*os.File, devices.Device, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, devices.Device{}, usagef("%v", err)
	}
	dev := devices.Device{Path: path, Name: filepath.Base(path)}
	switch {
	case fi.Mode().IsRegular():
		if !allowFile {
			return nil, dev, &devices.RefusalError{Path: path, Reason: msg.New(msg.BackupFileNotAllowed), Err: devices.ErrFileNotAllowed}
		}
		dev.Transport, dev.Virtual = devices.TransportFile, true
		f, err := os.Open(path)
		return f, dev, err
	case fi.Mode()&fs.ModeDevice != 0 && fi.Mode()&fs.ModeCharDevice == 0:
		f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_EXCL|syscall.O_DIRECT, 0)
		if errors.Is(err, syscall.EBUSY) {
			return nil, dev, &devices.RefusalError{Path: path, Reason: msg.New(msg.BackupInUse), Err: devices.ErrInUse}
		}
		if err != nil {
			return nil, dev, err
		}
		describeBlockDevice(devices.HostSystem().Sys, &dev)
		return f, dev, nil
	default:
		return nil, dev, usagef("%s is neither a block device nor an image file", path)
	}
}

// describeBlockDevice fills in what sysfs says about the device, for the archive's
// name and header (/sys/class/block/NAME/device/{vendor,model,serial}).
func describeBlockDevice(sys fs.FS, dev *devices.Device) {
	read := func(name string) string {
		b, err := fs.ReadFile(sys, "class/block/"+dev.Name+"/device/"+name)
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(b))
	}
	dev.Vendor, dev.Model, dev.Serial = read("vendor"), read("model"), read("serial")
}

// backupRestoreCmd is `wipestation backup restore ARCHIVE --identity KEYFILE --to TARGET`.
type backupRestoreCmd struct {
	Archive      string `arg:"" type:"existingfile" help:"The archive (.wsbk.age)."`
	Identity     string `required:"" type:"existingfile" placeholder:"KEYFILE" help:"The organization's age identity file (AGE-SECRET-KEY-1...)."`
	To           string `required:"" placeholder:"TARGET" help:"Block device (with --yes; the same safety checks as a wipe), image file (a new one, or an existing one with --allow-file --yes), or for a phone's files a new or empty folder."`
	AllowFile    bool   `help:"Allow an existing image file as the target."`
	Yes          bool   `help:"Replace the target's content without asking."`
	ExpectSHA256 string `name:"expect-sha256" placeholder:"HEX" help:"Also require this digest (the SHA-256 the certificate prints with the backup location)."`
}

// Run restores the archive.
func (c *backupRestoreCmd) Run(ctx context.Context, g *Globals) error {
	ids, err := readIdentities(c.Identity)
	if err != nil {
		return err
	}
	af, err := os.Open(c.Archive)
	if err != nil {
		return err
	}
	defer af.Close()
	r, err := backup.NewReader(af, ids...)
	if err != nil {
		return fmt.Errorf("open %s: %w", c.Archive, err)
	}
	defer r.Close()
	h := r.Header()
	p := newByteProgress(os.Stderr, "restore")
	var t backup.Trailer
	switch h.Kind {
	case backup.KindImage:
		t, err = c.restoreImage(ctx, r, p)
	case backup.KindFiles:
		if es, rerr := os.ReadDir(c.To); rerr == nil && len(es) > 0 {
			return usagef("%s is not empty: a phone's files are restored into a new or empty folder", c.To)
		} else if fi, serr := os.Stat(c.To); serr == nil && !fi.IsDir() {
			return usagef("%s is not a folder: a phone's files are restored into a new or empty folder", c.To)
		}
		t, err = backup.RestoreFiles(ctx, r, c.To, func(done int64) { p.update(done, 0, 1) })
		p.done()
		if err != nil {
			err = fmt.Errorf("restore %s into %s: %w (the folder's content is not a faithful copy of the backup)", c.Archive, c.To, err)
		}
	}
	if err != nil {
		return err
	}
	if err := checkExpected(c.ExpectSHA256, t); err != nil {
		return err
	}
	fmt.Printf("restored  %s from %s (%s of %s, backed up %s)\n", c.To, c.Archive, h.Kind, describeArchived(h), h.Metadata.Created.Format(time.RFC3339))
	fmt.Printf("size      %d bytes\n", t.SizeBytes)
	fmt.Printf("sha256    %s: matches the archive\n", hex.EncodeToString(t.SHA256[:]))
	return nil
}

// restoreTarget is what an image is restored into: an image file or a device
// opened through the wipe's safety checks.
type restoreTarget interface {
	io.WriterAt
	io.ReaderAt
	Sync() error
}

func (c *backupRestoreCmd) restoreImage(ctx context.Context, r *backup.Reader, p *byteProgress) (backup.Trailer, error) {
	size := r.Header().Metadata.SizeBytes
	fi, err := os.Stat(c.To)
	var dst restoreTarget
	var file *os.File       // when the target is a file
	var dev *devices.Opened // when it is a device
	sparse, created := false, false
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// A new file reads as zeros where nothing is written: only the data is
		// written, the zero regions stay holes.
		file, err = os.OpenFile(c.To, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return backup.Trailer{}, err
		}
		sparse, created = true, true
		if err := file.Truncate(size); err != nil {
			file.Close()
			os.Remove(c.To)
			return backup.Trailer{}, fmt.Errorf("size %s: %w", c.To, err)
		}
	case err != nil:
		return backup.Trailer{}, err
	case fi.Mode()&fs.ModeDevice != 0 && fi.Mode()&fs.ModeCharDevice == 0:
		if !c.Yes {
			return backup.Trailer{}, usagef("restoring onto %s replaces everything on it: add --yes", c.To)
		}
		// The same safety checks as a wipe: not the system disk, not mounted or
		// held, a whole device, writable, opened exclusively.
		dev, err = devices.HostSystem().OpenForWipe(c.To, devices.Device{}, devices.OpenOptions{Buffered: true})
		if err != nil {
			return backup.Trailer{}, err
		}
		if dev.SizeBytes < size {
			dev.Close()
			return backup.Trailer{}, &exitStatus{code: exitRefused, err: fmt.Errorf("refused %s: it holds %d bytes, the image %d", c.To, dev.SizeBytes, size)}
		}
		dst = dev
	case !fi.Mode().IsRegular():
		return backup.Trailer{}, usagef("%s is neither an image file nor a block device", c.To)
	case !c.AllowFile:
		return backup.Trailer{}, &devices.RefusalError{Path: c.To, Reason: msg.New(msg.BackupReplaceFileNotAllowed), Err: devices.ErrFileNotAllowed}
	case !c.Yes:
		return backup.Trailer{}, usagef("%s exists: add --yes to replace its content with the backup", c.To)
	default:
		file, err = os.OpenFile(c.To, os.O_RDWR, 0)
		if err != nil {
			return backup.Trailer{}, err
		}
	}
	if file != nil {
		dst = file
		defer file.Close()
	} else {
		defer dev.Close()
	}
	fail := func(err error) (backup.Trailer, error) {
		p.done()
		if created {
			file.Close()
			os.Remove(c.To)
			return backup.Trailer{}, fmt.Errorf("restore into %s: %w (the partial file was removed)", c.To, err)
		}
		return backup.Trailer{}, fmt.Errorf("restore into %s: %w (its content is not the backup)", c.To, err)
	}
	t, err := backup.RestoreImage(ctx, r, dst, sparse, func(done int64) { p.update(done, size, 1) })
	if err != nil {
		return fail(err)
	}
	if file != nil {
		if err := file.Truncate(size); err != nil {
			return fail(err)
		}
	}
	if err := dst.Sync(); err != nil {
		return fail(err)
	}
	// Read the target back, from the medium rather than the page cache, and check
	// it against the archive's digest.
	if dev != nil {
		if _, err := dev.DropCache(); err != nil {
			return fail(fmt.Errorf("read back: %w", err))
		}
	} else {
		_ = unix.Fadvise(int(file.Fd()), 0, 0, unix.FADV_DONTNEED) // advice only
	}
	sum, err := backup.HashImage(ctx, dst, size, func(done int64) { p.update(done, size, 2) })
	p.done()
	if err != nil {
		return fail(fmt.Errorf("read back: %w", err))
	}
	if sum != t.SHA256 {
		return fail(&backup.DigestError{What: "target read back", Got: sum, Want: t.SHA256})
	}
	if dev != nil && dev.SizeBytes > size {
		fmt.Fprintf(os.Stderr, "note: %s holds %d bytes more than the image; they were not written\n", c.To, dev.SizeBytes-size)
	}
	return t, nil
}

// backupVerifyCmd is `wipestation backup verify ARCHIVE --identity KEYFILE`.
type backupVerifyCmd struct {
	Archive      string `arg:"" type:"existingfile" help:"The archive (.wsbk.age)."`
	Identity     string `required:"" type:"existingfile" placeholder:"KEYFILE" help:"The organization's age identity file (AGE-SECRET-KEY-1...)."`
	ExpectSHA256 string `name:"expect-sha256" placeholder:"HEX" help:"Also require this digest (the SHA-256 the certificate prints with the backup location)."`
}

// Run checks the archive.
func (c *backupVerifyCmd) Run(ctx context.Context, g *Globals) error {
	ids, err := readIdentities(c.Identity)
	if err != nil {
		return err
	}
	f, err := os.Open(c.Archive)
	if err != nil {
		return err
	}
	defer f.Close()
	p := newByteProgress(os.Stderr, "verify")
	var size int64
	h, t, err := backup.Verify(ctx, f, func(done int64) { p.update(done, size, 1) }, ids...)
	p.done()
	if err != nil {
		return fmt.Errorf("verify %s: %w", c.Archive, err)
	}
	if err := checkExpected(c.ExpectSHA256, t); err != nil {
		return err
	}
	fmt.Printf("archive   %s: OK\n", c.Archive)
	fmt.Printf("content   %s of %s, backed up %s by %s %s\n", h.Kind, describeArchived(h), h.Metadata.Created.Format(time.RFC3339), h.Metadata.Tool, h.Metadata.ToolVersion)
	fmt.Printf("size      %d bytes (%d stored in %d extents)\n", t.SizeBytes, t.DataBytes, t.Extents)
	fmt.Printf("sha256    %s\n", hex.EncodeToString(t.SHA256[:]))
	return nil
}

func describeArchived(h backup.Header) string {
	d := h.Metadata.Device
	parts := []string{d.Path}
	for _, s := range []string{d.Vendor, d.Model, d.Serial} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

func checkExpected(want string, t backup.Trailer) error {
	if want == "" {
		return nil
	}
	got := hex.EncodeToString(t.SHA256[:])
	if !strings.EqualFold(strings.TrimSpace(want), got) {
		return fmt.Errorf("%w: the archive's SHA-256 is %s, --expect-sha256 said %s", backup.ErrDigestMismatch, got, want)
	}
	return nil
}

func readIdentities(path string) ([]age.Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("%v", err)
	}
	defer f.Close()
	ids, err := age.ParseIdentities(f)
	if err != nil {
		return nil, usagef("read identity %s: %v", path, err)
	}
	return ids, nil
}

// byteProgress draws one progress line on a terminal and nothing elsewhere.
type byteProgress struct {
	w     io.Writer
	what  string
	tty   bool
	start time.Time
	last  time.Time
	drawn bool
	pass  int
}

func newByteProgress(f *os.File, what string) *byteProgress {
	fi, err := f.Stat()
	tty := err == nil && fi.Mode()&fs.ModeCharDevice != 0
	return &byteProgress{w: f, what: what, tty: tty, start: time.Now()}
}

func (p *byteProgress) update(done, total int64, pass int) {
	if pass != p.pass {
		p.pass, p.start = pass, time.Now()
	}
	if !p.tty || time.Since(p.last) < 250*time.Millisecond {
		return
	}
	p.last = time.Now()
	step := map[int]string{1: p.what, 2: "read back"}[pass]
	rate := float64(done) / time.Since(p.start).Seconds() / 1e6
	if total > 0 {
		fmt.Fprintf(p.w, "\r%s: %d / %d MB (%.0f%%) %.0f MB/s   ", step, done/1e6, total/1e6, 100*float64(done)/float64(total), rate)
	} else {
		fmt.Fprintf(p.w, "\r%s: %d MB %.0f MB/s   ", step, done/1e6, rate)
	}
	p.drawn = true
}

func (p *byteProgress) done() {
	if p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}
