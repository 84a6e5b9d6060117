// Package optical is the executor of Engine "optical" (method optical-blank): a
// full BLANK of a sequential rewritable disc (CD-RW, DVD-RW), or a format and a
// zero overwrite of every block of a random-access one (DVD+RW, DVD-RAM, BD-RE),
// then a read-back to confirm nothing of the old data is readable.
//
// NIST SP 800-88 counts neither as Clear or Purge for optical media: the record
// says so (class Other) and recommends destruction. Write-once and ROM discs are
// refused with the way to a Destroy certificate.
package optical

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/mmc"
	"github.com/wipestation/wipestation/devices/sgio"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// Executor blanks rewritable discs.
type Executor struct {
	// Transport makes the MMC transport over the drive node the runner opened;
	// nil means SG_IO (devices/sgio). Tests put a simulated drive here.
	Transport func(f *os.File) mmc.Transport
	// Poll is the progress poll interval while the drive blanks or formats
	// (0: 2 s); LongWait bounds that wait (0: 4 h).
	Poll     time.Duration
	LongWait time.Duration
	// ChunkBlocks is the number of 2048-byte blocks per WRITE/READ (0: 32).
	ChunkBlocks int
}

var _ wipe.Executor = (*Executor)(nil)

// NotSanitization is what every optical record says, in its details and exceptions.
func NotSanitization() msg.Message { return msg.New(msg.OpticalNotSanitization) }

// RefuseReason is the refusal for a disc that cannot be erased.
func RefuseReason(info mmc.Info, path string) msg.Message {
	id := msg.OpticalRefuseReadOnly
	if info.Media == mmc.MediaWriteOnce {
		id = msg.OpticalRefuseWriteOnce
	}
	return msg.New(id, info.ProfileName, path)
}

// failed is an error of the job that states a catalogue sentence and wraps the
// error among its arguments (so the runner still sees a device that is gone).
func failed(id msg.ID, args ...any) error {
	var wrapped error
	for _, a := range args {
		if err, ok := a.(error); ok {
			wrapped = err
		}
	}
	return msg.Wrap(wrapped, id, args...)
}

// Execute blanks the disc in the drive x.Target.
func (e *Executor) Execute(ctx context.Context, x wipe.Execution) (wipe.Outcome, error) {
	out := wipe.Outcome{Sanitization: wipe.Sanitization{
		Class: devices.ClassOther, MethodID: x.Method.ID, MethodName: x.Method.Name, Technique: "Other",
	}}
	path := x.Job.Device.Path
	fail := func(err error) (wipe.Outcome, error) {
		out.Completed = false
		out.Reason = msg.Of(err).Ptr()
		if ctx.Err() != nil {
			out.Reason = msg.New(msg.OpticalCancelled, err).Ptr()
		}
		out.Sanitization.Details = append(out.Sanitization.Details, NotSanitization())
		return out, err
	}
	if x.Target == nil {
		return fail(failed(msg.OpticalNotOpened, path))
	}
	var t mmc.Transport = mmc.SGIO{Port: sgio.New(x.Target)}
	if e.Transport != nil {
		t = e.Transport(x.Target)
	}
	drive := &mmc.Drive{T: t, Poll: e.Poll, LongWait: e.LongWait}
	info, err := drive.Probe(ctx)
	if err != nil {
		return fail(failed(msg.OpticalProbe, path, err))
	}
	if want := x.Job.Device.Capabilities.Optical; want != nil && (want.Profile != info.Profile || (want.VolumeLabel != "" && want.VolumeLabel != info.VolumeLabel)) {
		return out, &devices.RefusalError{Path: path, Err: devices.ErrIdentity, Reason: msg.New(msg.OpticalDiscChanged,
			info.ProfileName, strconv.Quote(info.VolumeLabel), want.ProfileName, strconv.Quote(want.VolumeLabel))}
	}
	switch info.Media {
	case mmc.MediaNone:
		return fail(failed(msg.OpticalNoDisc, path))
	case mmc.MediaROM, mmc.MediaWriteOnce:
		reason := RefuseReason(info, path)
		out.Reason = reason.Ptr()
		return out, &devices.RefusalError{Path: path, Reason: reason, Err: devices.ErrReadOnly}
	}
	oldBlocks := info.Blocks
	if info.BlockSize != 0 && info.BlockSize != 2048 {
		return fail(failed(msg.OpticalBlockSize, path, int(info.BlockSize)))
	}
	out.Sanitization.Details = append(out.Sanitization.Details, msg.New(msg.OpticalDisc,
		info.ProfileName, fmt.Sprintf("%04x", info.Profile), oldBlocks, strconv.Quote(info.VolumeLabel)))

	progress := func(phase wipe.Phase, total int64) func(float64) {
		return func(f float64) {
			if x.Progress != nil {
				x.Progress(wipe.Progress{Phase: phase, Pass: 1, Passes: 1, BytesDone: int64(f * float64(total)), BytesTotal: total})
			}
		}
	}
	total := int64(oldBlocks) * 2048
	switch info.Erase {
	case mmc.EraseBlank:
		progress(wipe.PhaseCommand, total)(0)
		if err := drive.Blank(ctx, mmc.BlankFull, progress(wipe.PhaseCommand, total)); err != nil {
			return fail(failed(msg.OpticalFailed, path, err))
		}
		out.Sanitization.Details = append(out.Sanitization.Details, msg.New(msg.OpticalBlank))
		if err := e.verifyBlank(ctx, drive, oldBlocks, &out, progress(wipe.PhaseVerify, 1)); err != nil {
			return fail(failed(msg.OpticalVerify, path, err))
		}
	case mmc.EraseOverwrite:
		p := mmc.LookupProfile(info.Profile)
		if p.FormatType != 0 {
			progress(wipe.PhaseCommand, total)(0)
			if err := drive.Format(ctx, p.FormatType, progress(wipe.PhaseCommand, total)); err != nil {
				return fail(failed(msg.OpticalFailed, path, err))
			}
			out.Sanitization.Details = append(out.Sanitization.Details, msg.New(msg.OpticalFormat, fmt.Sprintf("%02X", p.FormatType)))
		}
		if err := e.overwrite(ctx, drive, &out, x.Progress); err != nil {
			return fail(failed(msg.OpticalFailed, path, err))
		}
	default:
		return fail(failed(msg.OpticalCannotBlank, path, info.ProfileName))
	}
	out.Sanitization.Details = append(out.Sanitization.Details, NotSanitization())
	out.Exceptions = append(out.Exceptions, NotSanitization())
	out.Verification.Verified = true
	out.Completed = true
	return out, nil
}

// verifyBlank confirms the disc now reads as blank: READ DISC INFORMATION says
// empty, READ CAPACITY reports nothing readable, and reads at the first, label,
// middle and last of the old blocks fail.
func (e *Executor) verifyBlank(ctx context.Context, d *mmc.Drive, oldBlocks uint64, out *wipe.Outcome, progress func(float64)) error {
	out.Verification.Mode = "other"
	out.Verification.Method = msg.New(msg.OpticalVerifyBlank)
	di, err := d.DiscInformation(ctx)
	if err != nil {
		return err
	}
	if di.Status != mmc.DiscEmpty {
		return msg.Errorf(msg.OpticalNotEmpty, int(di.Status))
	}
	buf := make([]byte, 2048)
	lbas := []uint64{0, 16}
	if oldBlocks > 0 {
		lbas = append(lbas, oldBlocks/2, oldBlocks-1)
	}
	for i, lba := range lbas {
		progress(float64(i) / float64(len(lbas)))
		err := d.Read(ctx, uint32(lba), 2048, buf)
		if err == nil {
			out.Verification.Mismatches++
			out.Verification.BytesRead += 2048
			out.Verification.FirstMismatchOffsets = append(out.Verification.FirstMismatchOffsets, int64(lba)*2048)
			continue
		}
		var ce *mmc.CheckError
		if !errors.As(err, &ce) {
			return err // the drive itself failed, not the read of a blank disc
		}
	}
	progress(1)
	if out.Verification.Mismatches > 0 {
		return msg.Errorf(msg.OpticalStillReadable, out.Verification.Mismatches, len(lbas))
	}
	return nil
}

// overwrite writes zeros to every block READ CAPACITY reports, syncs, and reads
// the whole disc back, comparing with zeros.
func (e *Executor) overwrite(ctx context.Context, d *mmc.Drive, out *wipe.Outcome, report func(wipe.Progress)) error {
	blocks, bs, err := d.Capacity(ctx)
	if err != nil {
		return err
	}
	if bs != 2048 || blocks == 0 || blocks > 1<<32-1 {
		return msg.Errorf(msg.OpticalCapacity, blocks, int(bs))
	}
	chunk := e.ChunkBlocks
	if chunk <= 0 {
		chunk = 32
	}
	total := int64(blocks) * 2048
	zero := make([]byte, chunk*2048)
	prog := func(phase wipe.Phase, done int64) {
		if report != nil {
			report(wipe.Progress{Phase: phase, Pass: 1, Passes: 1, BytesDone: done, BytesTotal: total})
		}
	}
	for lba := uint64(0); lba < blocks; lba += uint64(chunk) {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(uint64(chunk), blocks-lba)
		if err := d.Write(ctx, uint32(lba), 2048, zero[:n*2048]); err != nil {
			out.Errors = append(out.Errors, wipe.RangeError{Offset: int64(lba) * 2048, Length: int64(n) * 2048, Phase: "write", Pass: 1, Err: err.Error()})
			return err
		}
		out.BytesWritten += int64(n) * 2048
		prog(wipe.PhaseWrite, out.BytesWritten)
	}
	if err := d.Sync(ctx); err != nil {
		return err
	}
	out.Sanitization.Details = append(out.Sanitization.Details, msg.New(msg.OpticalWriteZeros, blocks, total))
	out.Verification.Mode = "full"
	out.Verification.Method = msg.New(msg.OpticalVerifyZeros)
	buf := make([]byte, chunk*2048)
	for lba := uint64(0); lba < blocks; lba += uint64(chunk) {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(uint64(chunk), blocks-lba)
		b := buf[:n*2048]
		if err := d.Read(ctx, uint32(lba), 2048, b); err != nil {
			out.Errors = append(out.Errors, wipe.RangeError{Offset: int64(lba) * 2048, Length: int64(n) * 2048, Phase: "verify", Pass: 1, Err: err.Error()})
			out.Verification.Mismatches += int64(n)
			continue
		}
		out.Verification.BytesRead += int64(len(b))
		if !bytes.Equal(b, zero[:len(b)]) {
			for i := 0; i < int(n); i++ {
				if !bytes.Equal(b[i*2048:(i+1)*2048], zero[:2048]) {
					out.Verification.Mismatches++
					if len(out.Verification.FirstMismatchOffsets) < 8 {
						out.Verification.FirstMismatchOffsets = append(out.Verification.FirstMismatchOffsets, int64(lba+uint64(i))*2048)
					}
				}
			}
		}
		prog(wipe.PhaseVerify, out.Verification.BytesRead)
	}
	if out.Verification.Mismatches > 0 || len(out.Errors) > 0 {
		return msg.Errorf(msg.OpticalReadBackFailed, out.Verification.Mismatches)
	}
	return nil
}
