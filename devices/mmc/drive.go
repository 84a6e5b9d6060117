package mmc

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Drive is an optical drive reached through a Transport. Not safe for concurrent
// use: one command at a time.
type Drive struct {
	T Transport
	// Timeout bounds each ordinary command; 0 means 30 s.
	Timeout time.Duration
	// Poll is the interval between progress polls while a blank or format runs;
	// 0 means 2 s. LongWait bounds such a wait; 0 means 4 h.
	Poll     time.Duration
	LongWait time.Duration
}

func (d *Drive) timeout() time.Duration {
	if d.Timeout <= 0 {
		return 30 * time.Second
	}
	return d.Timeout
}

// do runs one command and turns CHECK CONDITION into *CheckError.
func (d *Drive) do(ctx context.Context, name string, cdb []byte, dir Direction, data []byte) (int, error) {
	r, err := d.T.Do(ctx, cdb, dir, data, d.timeout())
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	switch r.Status {
	case StatusGood:
		return r.N, nil
	case StatusCheckCondition:
		s, ok := ParseSense(r.Sense)
		if !ok {
			return r.N, fmt.Errorf("%s: CHECK CONDITION without readable sense (% x)", name, r.Sense)
		}
		return r.N, &CheckError{Command: name, Sense: s}
	default:
		return r.N, fmt.Errorf("%s: SCSI status 0x%02x", name, r.Status)
	}
}

// senseOf returns the sense of a *CheckError.
func senseOf(err error) (Sense, bool) {
	var ce *CheckError
	if errors.As(err, &ce) {
		return ce.Sense, true
	}
	return Sense{}, false
}

// CurrentProfile asks GET CONFIGURATION for the current profile (0: no disc).
func (d *Drive) CurrentProfile(ctx context.Context) (uint16, error) {
	buf := make([]byte, 8)
	n, err := d.do(ctx, "GET CONFIGURATION", GetConfigurationCDB(1, 0, uint16(len(buf))), DirFromDevice, buf)
	if err != nil {
		if s, ok := senseOf(err); ok && s.NoMedium() {
			return 0, nil
		}
		return 0, err
	}
	return ParseCurrentProfile(buf[:n])
}

// DiscInformation reads READ DISC INFORMATION.
func (d *Drive) DiscInformation(ctx context.Context) (DiscInfo, error) {
	buf := make([]byte, 34)
	n, err := d.do(ctx, "READ DISC INFORMATION", ReadDiscInformationCDB(uint16(len(buf))), DirFromDevice, buf)
	if err != nil {
		return DiscInfo{}, err
	}
	return ParseDiscInformation(buf[:n])
}

// Capacity reads READ CAPACITY: the readable blocks and the block size.
func (d *Drive) Capacity(ctx context.Context) (uint64, uint32, error) {
	buf := make([]byte, 8)
	n, err := d.do(ctx, "READ CAPACITY", ReadCapacityCDB(), DirFromDevice, buf)
	if err != nil {
		return 0, 0, err
	}
	return ParseReadCapacity(buf[:n])
}

// Read reads len(buf)/blockSize blocks at lba.
func (d *Drive) Read(ctx context.Context, lba uint32, blockSize int, buf []byte) error {
	blocks := len(buf) / blockSize
	n, err := d.do(ctx, fmt.Sprintf("READ(10) lba %d", lba), Read10CDB(lba, uint16(blocks)), DirFromDevice, buf)
	if err != nil {
		return err
	}
	if n != len(buf) {
		return fmt.Errorf("READ(10) lba %d: %d of %d bytes", lba, n, len(buf))
	}
	return nil
}

// Write writes buf (whole blocks) at lba.
func (d *Drive) Write(ctx context.Context, lba uint32, blockSize int, buf []byte) error {
	blocks := len(buf) / blockSize
	_, err := d.do(ctx, fmt.Sprintf("WRITE(10) lba %d", lba), Write10CDB(lba, uint16(blocks)), DirToDevice, buf)
	return err
}

// Sync flushes the drive's write cache.
func (d *Drive) Sync(ctx context.Context) error {
	_, err := d.do(ctx, "SYNCHRONIZE CACHE", SynchronizeCacheCDB(), DirNone, nil)
	return err
}

// VolumeLabel reads the ISO 9660 volume identifier (sector 16), if there is one.
func (d *Drive) VolumeLabel(ctx context.Context) (string, error) {
	buf := make([]byte, 2048)
	if err := d.Read(ctx, 16, 2048, buf); err != nil {
		return "", err
	}
	label, _ := ParseVolumeLabel(buf)
	return label, nil
}

// Info is what Probe learned about the drive's disc.
type Info struct {
	Profile     uint16
	ProfileName string
	Media       MediaClass
	Erase       EraseKind
	Blank       bool
	Erasable    bool
	Blocks      uint64
	BlockSize   uint32
	VolumeLabel string
	// Errors lists the probes that failed (the rest is still filled in).
	Errors []string
}

// Probe identifies the disc: profile, class, blank, erasable, capacity and ISO
// 9660 label. It fails only when the profile cannot be read.
func (d *Drive) Probe(ctx context.Context) (Info, error) {
	prof, err := d.CurrentProfile(ctx)
	if err != nil {
		return Info{}, err
	}
	p := LookupProfile(prof)
	info := Info{Profile: prof, ProfileName: p.Name, Media: p.Media, Erase: p.Erase}
	if prof == 0 {
		return info, nil
	}
	if di, err := d.DiscInformation(ctx); err != nil {
		info.Errors = append(info.Errors, err.Error())
	} else {
		info.Blank = di.Status == DiscEmpty
		info.Erasable = di.Erasable
	}
	if info.Blank {
		return info, nil
	}
	if blocks, bs, err := d.Capacity(ctx); err != nil {
		info.Errors = append(info.Errors, err.Error())
	} else {
		info.Blocks, info.BlockSize = blocks, bs
	}
	if info.Blocks > 16 {
		if label, err := d.VolumeLabel(ctx); err != nil {
			info.Errors = append(info.Errors, err.Error())
		} else {
			info.VolumeLabel = label
		}
	}
	return info, nil
}

// WaitReady polls TEST UNIT READY (and REQUEST SENSE for the progress) until a
// running blank or format ends, reporting progress as a fraction 0..1.
func (d *Drive) WaitReady(ctx context.Context, progress func(float64)) error {
	poll := d.Poll
	if poll <= 0 {
		poll = 2 * time.Second
	}
	wait := d.LongWait
	if wait <= 0 {
		wait = 4 * time.Hour
	}
	deadline := time.Now().Add(wait)
	for {
		_, err := d.do(ctx, "TEST UNIT READY", TestUnitReadyCDB(), DirNone, nil)
		if err == nil {
			if progress != nil {
				progress(1)
			}
			return nil
		}
		s, ok := senseOf(err)
		if !ok || !s.InProgress() {
			return err
		}
		if !s.HasProgress {
			buf := make([]byte, 18)
			if n, rerr := d.do(ctx, "REQUEST SENSE", RequestSenseCDB(18), DirFromDevice, buf); rerr == nil {
				if rs, ok := ParseSense(buf[:n]); ok && rs.HasProgress {
					s = rs
				}
			}
		}
		if s.HasProgress && progress != nil {
			progress(float64(s.Progress) / 65536)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("drive still busy after %v (sense %x/%02x/%02x)", wait, s.Key, s.ASC, s.ASCQ)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}
}

// Blank runs BLANK of the given type with IMMED and waits for it to end. A
// blank cannot be recalled once the drive accepted it: on cancellation the
// wait stops and the drive goes on.
func (d *Drive) Blank(ctx context.Context, blankType byte, progress func(float64)) error {
	if _, err := d.do(ctx, "BLANK", BlankCDB(blankType, true), DirNone, nil); err != nil {
		return err
	}
	if err := d.WaitReady(ctx, progress); err != nil {
		return fmt.Errorf("BLANK: %w", err)
	}
	return nil
}

// Format runs FORMAT UNIT with formatType over the largest capacity READ FORMAT
// CAPACITIES offers for it, with IMMED, and waits for it to end.
func (d *Drive) Format(ctx context.Context, formatType byte, progress func(float64)) error {
	buf := make([]byte, 252)
	n, err := d.do(ctx, "READ FORMAT CAPACITIES", ReadFormatCapacitiesCDB(uint16(len(buf))), DirFromDevice, buf)
	if err != nil {
		return err
	}
	caps, err := ParseFormatCapacities(buf[:n])
	if err != nil {
		return err
	}
	var best *FormatCapacity
	for i := 1; i < len(caps); i++ { // the first is the current capacity, not a format type
		if caps[i].Type == formatType && (best == nil || caps[i].Blocks > best.Blocks) {
			best = &caps[i]
		}
	}
	if best == nil {
		return fmt.Errorf("FORMAT UNIT: the drive offers no format of type 0x%02x for this disc", formatType)
	}
	if _, err := d.do(ctx, "FORMAT UNIT", FormatUnitCDB(), DirToDevice, FormatParams(best.Blocks, formatType, best.Param)); err != nil {
		return err
	}
	if err := d.WaitReady(ctx, progress); err != nil {
		return fmt.Errorf("FORMAT UNIT: %w", err)
	}
	return nil
}
