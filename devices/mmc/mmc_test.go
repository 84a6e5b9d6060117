package mmc_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices/mmc"
	"github.com/wipestation/wipestation/devices/mmc/mmctest"
)

var _ mmc.Transport = (*mmctest.Drive)(nil)

func TestCDBs(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want []byte
	}{
		// as `sg_raw /dev/sr0 46 01 00 00 00 00 00 00 08 00` would send
		{"GET CONFIGURATION current", mmc.GetConfigurationCDB(1, 0, 8), []byte{0x46, 1, 0, 0, 0, 0, 0, 0, 8, 0}},
		{"READ DISC INFORMATION", mmc.ReadDiscInformationCDB(34), []byte{0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0}},
		{"BLANK full immed", mmc.BlankCDB(mmc.BlankFull, true), []byte{0xA1, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
		{"BLANK minimal", mmc.BlankCDB(mmc.BlankMinimal, false), []byte{0xA1, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
		{"READ(10)", mmc.Read10CDB(0x12345678, 32), []byte{0x28, 0, 0x12, 0x34, 0x56, 0x78, 0, 0, 32, 0}},
		{"WRITE(10)", mmc.Write10CDB(16, 1), []byte{0x2A, 0, 0, 0, 0, 16, 0, 0, 1, 0}},
		{"READ CAPACITY", mmc.ReadCapacityCDB(), []byte{0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
		{"FORMAT UNIT", mmc.FormatUnitCDB(), []byte{0x04, 0x11, 0, 0, 0, 0}},
		{"FORMAT UNIT parameters DVD+RW", mmc.FormatParams(2295104, 0x26, 0), []byte{0, 0x82, 0, 8, 0x00, 0x23, 0x05, 0x40, 0x98, 0, 0, 0}},
		{"READ FORMAT CAPACITIES", mmc.ReadFormatCapacitiesCDB(252), []byte{0x23, 0, 0, 0, 0, 0, 0, 0, 252, 0}},
		{"REQUEST SENSE", mmc.RequestSenseCDB(18), []byte{0x03, 0, 0, 0, 18, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !bytes.Equal(tt.got, tt.want) {
				t.Errorf("= % x, want % x", tt.got, tt.want)
			}
		})
	}
}

func TestParseSense(t *testing.T) {
	tests := []struct {
		name string
		b    []byte
		want mmc.Sense
		ok   bool
	}{
		{"fixed, no medium", []byte{0x70, 0, 0x02, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x3A, 0x01, 0, 0, 0, 0}, mmc.Sense{Key: 2, ASC: 0x3A, ASCQ: 1}, true},
		{"fixed, progress 50%", []byte{0x70, 0, 0x02, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x04, 0x07, 0, 0x80, 0x80, 0x00}, mmc.Sense{Key: 2, ASC: 4, ASCQ: 7, Progress: 0x8000, HasProgress: true}, true},
		{"descriptor, progress", []byte{0x72, 0x02, 0x04, 0x08, 0, 0, 0, 8, 0x02, 0x06, 0, 0, 0x80, 0x40, 0x00, 0}, mmc.Sense{Key: 2, ASC: 4, ASCQ: 8, Progress: 0x4000, HasProgress: true}, true},
		{"garbage", []byte{0x12, 0x34}, mmc.Sense{}, false},
		{"empty", nil, mmc.Sense{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := mmc.ParseSense(tt.b)
			if ok != tt.ok || got != tt.want {
				t.Errorf("= %+v %v, want %+v %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseVolumeLabel(t *testing.T) {
	pvd := make([]byte, 2048)
	pvd[0] = 1
	copy(pvd[1:], "CD001")
	copy(pvd[40:], "BACKUP_2019                     ")
	if l, ok := mmc.ParseVolumeLabel(pvd); !ok || l != "BACKUP_2019" {
		t.Errorf("label = %q %v", l, ok)
	}
	if _, ok := mmc.ParseVolumeLabel(make([]byte, 2048)); ok {
		t.Error("label found in a zero sector")
	}
}

func drive(sim *mmctest.Drive) *mmc.Drive {
	return &mmc.Drive{T: sim, Poll: time.Millisecond, LongWait: 5 * time.Second}
}

func TestProbeProfiles(t *testing.T) {
	tests := []struct {
		name    string
		sim     *mmctest.Drive
		media   mmc.MediaClass
		erase   mmc.EraseKind
		blank   bool
		label   string
		profile string
	}{
		{"no disc", mmctest.New(0, 0, ""), mmc.MediaNone, mmc.EraseNone, false, "", "no disc"},
		{"CD-ROM", mmctest.New(0x08, 64, "INSTALL"), mmc.MediaROM, mmc.EraseNone, false, "INSTALL", "CD-ROM"},
		{"CD-R", mmctest.New(0x09, 64, "PHOTOS"), mmc.MediaWriteOnce, mmc.EraseNone, false, "PHOTOS", "CD-R"},
		{"CD-RW", mmctest.New(0x0A, 64, "RW"), mmc.MediaRewritable, mmc.EraseBlank, false, "RW", "CD-RW"},
		{"DVD-R", mmctest.New(0x11, 64, ""), mmc.MediaWriteOnce, mmc.EraseNone, false, "", "DVD-R"},
		{"DVD+R", mmctest.New(0x1B, 64, ""), mmc.MediaWriteOnce, mmc.EraseNone, false, "", "DVD+R"},
		{"DVD-RW", mmctest.New(0x14, 64, ""), mmc.MediaRewritable, mmc.EraseBlank, false, "", "DVD-RW (sequential)"},
		{"DVD+RW", mmctest.New(0x1A, 64, ""), mmc.MediaRewritable, mmc.EraseOverwrite, false, "", "DVD+RW"},
		{"DVD-RAM", mmctest.New(0x12, 64, ""), mmc.MediaRewritable, mmc.EraseOverwrite, false, "", "DVD-RAM"},
		{"BD-R", mmctest.New(0x41, 64, ""), mmc.MediaWriteOnce, mmc.EraseNone, false, "", "BD-R (sequential)"},
		{"BD-RE", mmctest.New(0x43, 64, ""), mmc.MediaRewritable, mmc.EraseOverwrite, false, "", "BD-RE"},
		{"BD-ROM", mmctest.New(0x40, 64, ""), mmc.MediaROM, mmc.EraseNone, false, "", "BD-ROM"},
		{"blank CD-RW", func() *mmctest.Drive { d := mmctest.New(0x0A, 0, ""); d.Status = mmc.DiscEmpty; return d }(), mmc.MediaRewritable, mmc.EraseBlank, true, "", "CD-RW"},
		{"unknown profile is treated as ROM", mmctest.New(0x50, 64, ""), mmc.MediaROM, mmc.EraseNone, false, "", "unknown profile 0x0050"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := drive(tt.sim).Probe(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if info.Media != tt.media || info.Erase != tt.erase || info.Blank != tt.blank || info.VolumeLabel != tt.label || info.ProfileName != tt.profile {
				t.Errorf("Probe = %+v", info)
			}
			if len(info.Errors) != 0 {
				t.Errorf("probe errors: %v", info.Errors)
			}
		})
	}
}

func TestBlank(t *testing.T) {
	tests := []struct {
		name         string
		setup        func(d *mmctest.Drive)
		wantErr      string
		wantProgress bool
		wantRequest  bool // REQUEST SENSE was needed for the progress
	}{
		{name: "progress in TEST UNIT READY", wantProgress: true},
		{name: "progress in REQUEST SENSE", setup: func(d *mmctest.Drive) { d.ProgressInRequestSense = true }, wantProgress: true, wantRequest: true},
		{name: "refused", setup: func(d *mmctest.Drive) { d.FailBlank = []byte{5, 0x24, 0} }, wantErr: "ILLEGAL REQUEST (5/24/00)"},
		{name: "fails while running", setup: func(d *mmctest.Drive) { d.FailAfterStart = true }, wantErr: "MEDIUM ERROR (3/31/00)"},
		{name: "drive disappears", setup: func(d *mmctest.Drive) { d.GoneAfter = 3 }, wantErr: "no such device"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := mmctest.New(0x0A, 64, "RW")
			if tt.setup != nil {
				tt.setup(sim)
			}
			var last float64
			var steps int
			err := drive(sim).Blank(context.Background(), mmc.BlankFull, func(f float64) { last = f; steps++ })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantProgress && (steps < 3 || last != 1) {
				t.Errorf("progress steps %d, last %v", steps, last)
			}
			if got := sim.Commands[0x03] > 0; got != tt.wantRequest {
				t.Errorf("REQUEST SENSE used = %v, want %v", got, tt.wantRequest)
			}
			if !bytes.Equal(sim.CDBs[0], mmc.BlankCDB(mmc.BlankFull, true)) {
				t.Errorf("first CDB = % x", sim.CDBs[0])
			}
			info, _ := drive(sim).Probe(context.Background())
			if !info.Blank {
				t.Errorf("after blank: %+v", info)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	sim := mmctest.New(0x1A, 64, "")
	if err := drive(sim).Format(context.Background(), 0x26, nil); err != nil {
		t.Fatal(err)
	}
	if sim.Commands[0x04] != 1 {
		t.Errorf("FORMAT UNIT sent %d times", sim.Commands[0x04])
	}
	if err := drive(sim).Format(context.Background(), 0x30, nil); err == nil || !strings.Contains(err.Error(), "no format of type 0x30") {
		t.Errorf("BD-RE format on DVD+RW = %v", err)
	}
}

func TestWaitReadyHonoursContext(t *testing.T) {
	sim := mmctest.New(0x0A, 64, "")
	sim.BusyPolls = 1 << 30
	d := &mmc.Drive{T: sim, Poll: 10 * time.Millisecond}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := d.Blank(ctx, mmc.BlankFull, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
}
