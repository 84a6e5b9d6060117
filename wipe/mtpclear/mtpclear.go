// Package mtpclear is the executor of Engine "mtp" (method mtp-clear): it clears
// a phone's user-accessible storage over MTP. It deletes every object in every
// storage (children before their folders), fills the free space with files of a
// cryptographic stream until the phone says it is full (or the reported free
// space is used), reads every fill file back and compares, deletes them, and
// confirms that the storage lists no object.
//
// What it cannot do, and the record says so: MTP reaches only the shared
// storage. App data, system partitions and the phone's reserved areas are not
// reached; a Purge needs the phone's own factory reset on an encrypted phone.
package mtpclear

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/mtp"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// Executor clears phones over MTP. The zero value is not usable: set System.
type Executor struct {
	// System is where the phone's identity is re-checked (sysfs) before the first
	// delete.
	System devices.System
	// Open opens the MTP connection; nil means devices.OpenMTP (usbfs).
	Open devices.MTPOpener
	// FileSize is the size of each fill file in bytes; 0 means 32 MiB. Smaller
	// files are tried when the phone says it is full, down to MinFileSize
	// (0 means 4 KiB), so that the fill reaches the last free bytes.
	FileSize    int64
	MinFileSize int64
	// Rand is the key source; nil means crypto/rand.
	Rand io.Reader
}

var _ wipe.Executor = (*Executor)(nil)

// fillFile is one file of the fill.
type fillFile struct {
	index   uint64
	storage uint32
	handle  uint32
	size    int64
}

// run is the state of one job.
type run struct {
	e        *Executor
	x        wipe.Execution
	c        *mtp.Conn
	out      wipe.Outcome
	stream   *stream
	progress wipe.Progress

	deletedFiles, deletedFolders int
	deletedBytes                 int64
	fills                        []fillFile
	// refused are the objects the phone would not delete (handle -> what it said).
	refused map[uint32]string
}

func (r *run) report() {
	if r.x.Progress != nil {
		r.x.Progress(r.progress)
	}
}

func (r *run) phase(p wipe.Phase, total int64) {
	r.progress.Phase = p
	r.progress.BytesDone = 0
	r.progress.BytesTotal = total
	r.report()
}

func (r *run) add(n int64) {
	r.progress.BytesDone += n
	r.report()
}

// Execute runs mtp-clear on the phone at x.Job.Device.Path (an mtp: path; x.Target
// is nil). It returns the outcome as far as it got and, when the job did not end
// erased, an error saying why.
func (e *Executor) Execute(ctx context.Context, x wipe.Execution) (wipe.Outcome, error) {
	r := &run{e: e, x: x, refused: map[uint32]string{}}
	r.progress.Pass, r.progress.Passes = 1, 1
	r.out.Sanitization = wipe.Sanitization{
		Class:      devices.ClassClear,
		MethodID:   x.Method.ID,
		MethodName: x.Method.Name,
		Technique:  "Overwrite",
	}
	r.out.Verification = wipe.Verification{Mode: "other", Method: msg.New(msg.MTPVerifyMethod)}
	err := r.do(ctx)
	r.details()
	if err != nil {
		r.out.Completed = false
		r.out.Reason = msg.Of(err).Ptr()
		if ctx.Err() != nil {
			r.out.Reason = msg.New(msg.OutcomeCancelledBecause, err).Ptr()
		}
		return r.out, err
	}
	return r.out, nil
}

// mtpStorageID prints a storage ID as the MTP specification writes it.
func mtpStorageID(id uint32) string { return fmt.Sprintf("0x%08x", id) }

func (r *run) do(ctx context.Context) error {
	dev := r.x.Job.Device
	node, err := devices.PhoneNode(dev.Path)
	if err != nil {
		return msg.Wrap(err, msg.MTPFailed, dev.Path, err)
	}
	if err := r.e.System.CheckPhone(dev.Path, dev); err != nil {
		return msg.Wrap(err, msg.MTPCheckFailed, err)
	}
	key := make([]byte, 32)
	src := r.e.Rand
	if src == nil {
		src = rand.Reader
	}
	if _, err := io.ReadFull(src, key); err != nil {
		return msg.Wrap(err, msg.MTPMakeKeyFailed, dev.Path, err)
	}
	if r.stream, err = newStream(key); err != nil {
		return err
	}
	clear(key)

	open := r.e.Open
	if open == nil {
		open = devices.OpenMTP
	}
	c, closeFn, err := open(ctx, node)
	if err != nil {
		return msg.Wrap(err, msg.MTPFailed, dev.Path, err)
	}
	defer closeFn()
	r.c = c
	if err := c.OpenSession(ctx, 1); err != nil {
		var re *mtp.ResponseError
		if !errors.As(err, &re) || re.Code != mtp.RespSessionAlreadyOpen {
			return msg.Wrap(err, msg.MTPFailed, dev.Path, err)
		}
	}
	defer c.CloseSession(context.WithoutCancel(ctx)) //nolint:errcheck // closing the node ends the session anyway

	ids, err := c.StorageIDs(ctx)
	if err != nil {
		return msg.Wrap(err, msg.MTPFailed, dev.Path, err)
	}
	if len(ids) == 0 {
		return msg.Errorf(msg.MTPNoStorage, dev.Path)
	}
	infos := map[uint32]mtp.StorageInfo{}
	for _, id := range ids {
		si, err := c.StorageInfo(ctx, id)
		if err != nil {
			return msg.Wrap(err, msg.MTPFailed, dev.Path, err)
		}
		if si.AccessCapability != 0 {
			return msg.Errorf(msg.MTPStorageReadOnly, dev.Path, strconv.Quote(si.Description), mtpStorageID(id))
		}
		infos[id] = si
	}

	// 1. Delete every object, files before their folders.
	r.phase(wipe.PhaseCommand, 0)
	for _, id := range ids {
		if err := r.deleteTree(ctx, id, mtp.ParentRoot); err != nil {
			return msg.Wrap(err, msg.MTPDeleteFailed, dev.Path, err)
		}
		if err := r.checkEmpty(ctx, id); err != nil {
			return msg.Wrap(err, msg.MTPAfterDeleteFailed, dev.Path, err)
		}
	}

	// 2. Fill the free space.
	for _, id := range ids {
		si, err := c.StorageInfo(ctx, id)
		if err != nil {
			return msg.Wrap(err, msg.MTPFailed, dev.Path, err)
		}
		if err := r.fill(ctx, id, infos[id], si); err != nil {
			return msg.Wrap(err, msg.MTPFillFailed, dev.Path, err)
		}
	}

	// 3. Read back and compare.
	var total int64
	for _, f := range r.fills {
		total += f.size
	}
	r.phase(wipe.PhaseVerify, total)
	for _, f := range r.fills {
		if err := r.verify(ctx, f); err != nil {
			return msg.Wrap(err, msg.MTPVerifyFailed, dev.Path, err)
		}
	}

	// 4. Delete the fill and confirm every storage is empty.
	r.phase(wipe.PhaseCommand, 0)
	for _, f := range r.fills {
		if err := r.c.DeleteObject(ctx, f.handle); err != nil {
			return msg.Wrap(err, msg.MTPDeleteFillFailed, dev.Path, f.index, err)
		}
	}
	// Anything else listed now (a partial fill file the phone listed late) goes too,
	// and the record says so.
	before := r.deletedFiles + r.deletedFolders
	for _, id := range ids {
		if err := r.deleteTree(ctx, id, mtp.ParentRoot); err != nil {
			return msg.Wrap(err, msg.MTPFinalDeleteFailed, dev.Path, err)
		}
	}
	if n := r.deletedFiles + r.deletedFolders - before; n > 0 {
		r.out.Exceptions = append(r.out.Exceptions, msg.New(msg.MTPListedLate, n))
	}
	for _, id := range ids {
		if err := r.checkEmpty(ctx, id); err != nil {
			return msg.Wrap(err, msg.MTPFinalCheckFailed, dev.Path, err)
		}
	}
	if r.out.Verification.Mismatches > 0 {
		return msg.Errorf(msg.MTPMismatch, dev.Path, r.out.Verification.Mismatches)
	}
	if len(r.refused) > 0 {
		names := make([]string, 0, len(r.refused))
		for _, n := range r.refused {
			names = append(names, n)
		}
		sort.Strings(names)
		if len(names) > 10 {
			names = append(names[:10], "...")
		}
		r.out.Exceptions = append(r.out.Exceptions, msg.New(msg.MTPRefused, len(r.refused), strings.Join(names, ", ")))
		return msg.Errorf(msg.MTPRefusedObjects, dev.Path, len(r.refused))
	}
	r.out.Verification.Verified = true
	r.out.Completed = true
	return nil
}

// deleteTree deletes every object under parent in storage, depth first.
func (r *run) deleteTree(ctx context.Context, storage, parent uint32) error {
	handles, err := r.c.ObjectHandles(ctx, storage, 0, parent)
	if err != nil {
		return err
	}
	for _, h := range handles {
		info, err := r.c.ObjectInfo(ctx, h)
		if err != nil {
			return err
		}
		if info.IsFolder() {
			if err := r.deleteTree(ctx, storage, h); err != nil {
				return err
			}
		}
		if err := r.c.DeleteObject(ctx, h); err != nil {
			if refusal(err) {
				// Go on with the rest: the job will not end erased, but
				// everything the phone allows is still deleted and overwritten.
				r.refused[h] = fmt.Sprintf("%q (%s)", info.Filename, err)
				continue
			}
			return fmt.Errorf("%q: %w", info.Filename, err)
		}
		if info.IsFolder() {
			r.deletedFolders++
		} else {
			r.deletedFiles++
			if info.CompressedSize != 0xFFFFFFFF {
				r.deletedBytes += int64(info.CompressedSize)
			}
		}
		r.progress.BytesDone++ // objects, not bytes, while deleting
		r.report()
	}
	return nil
}

// refusal reports whether a DeleteObject error is the phone declining to delete
// that object (as opposed to the connection failing).
func refusal(err error) bool {
	var re *mtp.ResponseError
	if !errors.As(err, &re) {
		return false
	}
	switch re.Code {
	case mtp.RespAccessDenied, mtp.RespObjectWriteProtected, mtp.RespStoreReadOnly, mtp.RespPartialDeletion, mtp.RespGeneralError:
		return true
	}
	return false
}

// withoutRefused drops the objects the phone refused to delete from a listing.
func (r *run) withoutRefused(hs []uint32) []uint32 {
	out := hs[:0:0]
	for _, h := range hs {
		if _, ok := r.refused[h]; !ok {
			out = append(out, h)
		}
	}
	return out
}

// checkEmpty confirms that storage lists no object, at the root and, where the
// phone supports it, in the whole hierarchy (objects it refused to delete aside:
// they are reported on their own).
func (r *run) checkEmpty(ctx context.Context, storage uint32) error {
	root, err := r.c.ObjectHandles(ctx, storage, 0, mtp.ParentRoot)
	if err != nil {
		return err
	}
	root = r.withoutRefused(root)
	if len(root) > 0 {
		return msg.Errorf(msg.MTPRootNotEmpty, mtpStorageID(storage), len(root))
	}
	all, err := r.c.ObjectHandles(ctx, storage, 0, 0)
	var re *mtp.ResponseError
	if errors.As(err, &re) {
		return nil // the phone does not list the whole hierarchy; the root is empty
	}
	if err != nil {
		return err
	}
	all = r.withoutRefused(all)
	if len(all) > 0 {
		return msg.Errorf(msg.MTPNotEmpty, mtpStorageID(storage), len(all))
	}
	return nil
}

// noZLP shrinks a size so that the data container (12-byte header plus the file)
// is never a multiple of 64 bytes: the last transfer then ends with a short
// packet on every USB speed, and no zero-length packet is needed. QEMU's usb-mtp
// takes any transfer that is a multiple of 64 bytes as "more to come" and aborts
// when the next command arrives instead.
func noZLP(n int64) int64 {
	if (n+mtp.HeaderLen)%64 == 0 {
		return n - 1
	}
	return n
}

// awaitObject waits until the phone lists the object it just received: QEMU's
// usb-mtp adds a new file to its list only when its inotify watch fires, a
// moment after SendObject answered.
func (r *run) awaitObject(ctx context.Context, h uint32) (mtp.ObjectInfo, error) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		info, err := r.c.ObjectInfo(ctx, h)
		var re *mtp.ResponseError
		if err == nil || !errors.As(err, &re) || re.Code != mtp.RespInvalidObjectHandle || time.Now().After(deadline) {
			return info, err
		}
		select {
		case <-ctx.Done():
			return info, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// fill writes fill files to storage until the phone says it is full or the free
// space it reported is used.
func (r *run) fill(ctx context.Context, storage uint32, before, si mtp.StorageInfo) error {
	size := r.e.FileSize
	if size <= 0 {
		size = 32 << 20
	}
	minSize := r.e.MinFileSize
	if minSize <= 0 {
		minSize = 4 << 10
	}
	// The fill goes on until the phone answers Store_Full, bounded by the capacity
	// it reports: the reported free space is not always true (QEMU's usb-mtp), and
	// filling past the capacity would be a runaway.
	limit := int64(si.MaxCapacity)
	if limit <= 0 {
		limit = int64(si.FreeSpace)
	}
	total := int64(si.FreeSpace)
	if si.FreeSpace > si.MaxCapacity {
		total = limit
		r.out.Exceptions = append(r.out.Exceptions, msg.New(msg.MTPFreeOverCapacity, strconv.Quote(si.Description), si.FreeSpace, si.MaxCapacity))
	}
	r.phase(wipe.PhaseWrite, total)
	var written int64
	var stop msg.Message
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if written >= limit {
			// Everything the phone reports was written; whether it has more than it
			// reports cannot be known over MTP, so the record says how it ended.
			stop = msg.New(msg.MTPStopCapacity, limit)
			break
		}
		if r.progress.BytesTotal < written {
			r.progress.BytesTotal = limit
		}
		n := noZLP(min(size, limit-written))
		if n <= 0 {
			stop = msg.New(msg.MTPStopReached)
			break
		}
		f := fillFile{index: uint64(len(r.fills)), storage: storage, size: n}
		name := fmt.Sprintf("wipestation-fill-%06d.bin", f.index)
		h, err := r.c.SendObjectInfo(ctx, storage, mtp.ParentRoot, mtp.ObjectInfo{
			StorageID: storage, Format: mtp.FormatUndefined, CompressedSize: uint32(n), Filename: name,
		})
		if err == nil {
			f.handle = h
			err = r.c.SendObject(ctx, &progressReader{r: io.LimitReader(r.stream.reader(f.index), n), run: r}, n)
			if err != nil {
				// The bytes that did get through may be left as a partial file.
				r.progress.BytesDone = written
				// A partial copy listed later is caught by the final pass.
				if r.c.DeleteObject(ctx, h) == nil {
					r.out.Exceptions = append(r.out.Exceptions, msg.New(msg.MTPPartialDeleted, name, err))
				}
			}
		}
		if full(err) {
			if size = n / 2; size < minSize {
				stop = msg.New(msg.MTPStopFull, err, n)
				break
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		info, err := r.awaitObject(ctx, h)
		if err != nil {
			return msg.Wrap(err, msg.MTPAfterSending, name, err)
		}
		if info.CompressedSize != uint32(n) {
			return msg.Errorf(msg.MTPSizeMismatch, name, info.CompressedSize, n)
		}
		r.fills = append(r.fills, f)
		written += n
		r.out.BytesWritten += n
		if n < size {
			size = n
		}
	}
	r.out.Sanitization.Details = append(r.out.Sanitization.Details, msg.New(msg.MTPStorage,
		strconv.Quote(si.Description), mtpStorageID(storage), before.FreeSpace, before.MaxCapacity, si.FreeSpace, written, countFor(r.fills, storage), stop))
	return nil
}

func countFor(fills []fillFile, storage uint32) int {
	n := 0
	for _, f := range fills {
		if f.storage == storage {
			n++
		}
	}
	return n
}

// full reports whether err is the phone saying there is no room.
func full(err error) bool {
	var re *mtp.ResponseError
	return errors.As(err, &re) && (re.Code == mtp.RespStoreFull || re.Code == mtp.RespObjectTooLarge)
}

type progressReader struct {
	r   io.Reader
	run *run
	t   time.Time
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.run.progress.BytesDone += int64(n)
	if time.Since(p.t) > 200*time.Millisecond {
		p.t = time.Now()
		p.run.report()
	}
	return n, err
}

func (r *run) verify(ctx context.Context, f fillFile) error {
	cmp := &comparer{want: r.stream.reader(f.index)}
	n, err := r.c.GetObject(ctx, f.handle, cmp)
	r.out.Verification.BytesRead += n
	r.out.Verification.Mismatches += cmp.mismatches
	for _, off := range cmp.first {
		if len(r.out.Verification.FirstMismatchOffsets) < 8 {
			// Offsets are within the fill file; the record says so in Method.
			r.out.Verification.FirstMismatchOffsets = append(r.out.Verification.FirstMismatchOffsets, off)
		}
	}
	r.add(n)
	if err != nil {
		return msg.Wrap(err, msg.MTPFillFileFailed, f.index, err)
	}
	if n != f.size {
		r.out.Verification.Mismatches += f.size - n
		r.out.Errors = append(r.out.Errors, wipe.RangeError{Offset: 0, Length: f.size, Phase: "verify", Pass: 1,
			Err: msg.New(msg.MTPShortRead, f.index, n, f.size).String()})
	}
	return nil
}

// details writes the record's account of what was done, whatever the outcome.
func (r *run) details() {
	d := []msg.Message{msg.New(msg.MTPDeleted, r.deletedFiles, r.deletedBytes, r.deletedFolders)}
	d = append(d, r.out.Sanitization.Details...)
	d = append(d, msg.New(msg.MTPFillData), msg.New(msg.MTPScope), msg.New(msg.MTPPurgeNeedsReset))
	r.out.Sanitization.Details = d
}
