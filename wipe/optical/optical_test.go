package optical

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/mmc"
	"github.com/wipestation/wipestation/devices/mmc/mmctest"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

func run(t *testing.T, sim *mmctest.Drive, sel *devices.OpticalCapabilities) (wipe.Outcome, error, []wipe.Progress) {
	t.Helper()
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e := &Executor{Transport: func(*os.File) mmc.Transport { return sim }, Poll: time.Millisecond, LongWait: 5 * time.Second, ChunkBlocks: 7}
	var progress []wipe.Progress
	x := wipe.Execution{
		Job:      wipe.Job{Device: devices.Device{Path: "/dev/sr0", Kind: devices.KindOptical, Capabilities: devices.Capabilities{Optical: sel}}, Method: "optical-blank"},
		Method:   wipe.Method{ID: "optical-blank", Name: "Optical blank", Engine: wipe.EngineOptical, Class: devices.ClassOther},
		Target:   f,
		Progress: func(p wipe.Progress) { progress = append(progress, p) },
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := e.Execute(ctx, x)
	return out, err, progress
}

func TestRewritable(t *testing.T) {
	tests := []struct {
		name    string
		profile uint16
		mode    string
		written int64
	}{
		{"CD-RW is blanked", 0x0A, "other", 0},
		{"DVD-RW is blanked", 0x14, "other", 0},
		{"DVD+RW is formatted and overwritten", 0x1A, "full", 100 * 2048},
		{"BD-RE is formatted and overwritten", 0x43, "full", 100 * 2048},
		{"DVD-RAM is overwritten", 0x12, "full", 100 * 2048},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := mmctest.New(tt.profile, 100, "OLD")
			out, err, progress := run(t, sim, nil)
			if err != nil || !out.Completed || !out.Verification.Verified {
				t.Fatalf("Execute = %v, outcome %+v", err, out)
			}
			if out.Sanitization.Class != devices.ClassOther || out.Sanitization.Technique != "Other" {
				t.Errorf("sanitization = %+v", out.Sanitization)
			}
			if !strings.Contains(strings.Join(texts(out.Sanitization.Details), " "), "destroy the disc") || len(out.Exceptions) == 0 {
				t.Errorf("the record does not say NIST does not count this: %v", texts(out.Sanitization.Details))
			}
			renders(t, append(append(out.Sanitization.Details, out.Exceptions...), out.Verification.Method)...)
			if out.Verification.Mode != tt.mode || out.BytesWritten != tt.written {
				t.Errorf("verification %s, written %d", out.Verification.Mode, out.BytesWritten)
			}
			if len(sim.Data) != 0 {
				t.Errorf("%d blocks still hold data", len(sim.Data))
			}
			if len(progress) < 3 {
				t.Errorf("only %d progress reports", len(progress))
			}
		})
	}
}

func TestRefused(t *testing.T) {
	tests := []struct {
		name    string
		profile uint16
		want    string
	}{
		{"CD-ROM", 0x08, "read-only disc (CD-ROM): cannot be erased; use `wipestation destroy /dev/sr0 --how shred`"},
		{"CD-R", 0x09, "write-once disc (CD-R): cannot be erased; use `wipestation destroy /dev/sr0 --how shred`"},
		{"DVD+R", 0x1B, "write-once disc (DVD+R)"},
		{"BD-R", 0x41, "write-once disc (BD-R (sequential))"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := mmctest.New(tt.profile, 100, "OLD")
			out, err, _ := run(t, sim, nil)
			var re *devices.RefusalError
			if !errors.As(err, &re) || !errors.Is(err, devices.ErrReadOnly) || out.Completed {
				t.Fatalf("err = %v, want a refusal", err)
			}
			if !strings.Contains(re.Reason.String(), tt.want) {
				t.Errorf("reason = %q, want %q", re.Reason, tt.want)
			}
			renders(t, re.Reason)
			if out.Reason == nil || out.Reason.String() != re.Reason.String() {
				t.Errorf("outcome reason %v, want the refusal's", out.Reason)
			}
			if sim.Commands[0xA1]+sim.Commands[0x04]+sim.Commands[0x2A] != 0 {
				t.Error("a write command reached a disc that was refused")
			}
		})
	}
}

func TestFailures(t *testing.T) {
	tests := []struct {
		name  string
		sim   func() *mmctest.Drive
		sel   *devices.OpticalCapabilities
		want  string
		isRef bool
	}{
		{"no disc", func() *mmctest.Drive { return mmctest.New(0, 0, "") }, nil, "no disc", false},
		{"blank refused", func() *mmctest.Drive { d := mmctest.New(0x0A, 100, ""); d.FailBlank = []byte{5, 0x24, 0}; return d }, nil, "ILLEGAL REQUEST", false},
		{"blank fails while running", func() *mmctest.Drive { d := mmctest.New(0x0A, 100, ""); d.FailAfterStart = true; return d }, nil, "MEDIUM ERROR", false},
		{"blank leaves data", func() *mmctest.Drive { d := mmctest.New(0x0A, 100, ""); d.BlankLeavesData = true; return d }, nil, "not empty", false},
		{"unreadable block after overwrite", func() *mmctest.Drive { d := mmctest.New(0x1A, 100, ""); d.ReadErrorLBA = 50; return d }, nil, "read-back", false},
		{"drive gone mid-overwrite", func() *mmctest.Drive { d := mmctest.New(0x43, 100, ""); d.GoneAfter = 15; return d }, nil, "no such device", false},
		{"disc swapped", func() *mmctest.Drive { return mmctest.New(0x0A, 100, "NEW") }, &devices.OpticalCapabilities{Profile: 0x0A, ProfileName: "CD-RW", VolumeLabel: "OLD"}, "the disc changed", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err, _ := run(t, tt.sim(), tt.sel)
			if err == nil || out.Completed || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, erased %v; want %q", err, out.Completed, tt.want)
			}
			var re *devices.RefusalError
			if errors.As(err, &re) != tt.isRef {
				t.Errorf("refusal = %v, want %v", !tt.isRef, tt.isRef)
			}
			if !tt.isRef && out.Reason == nil {
				t.Error("no reason recorded")
			}
			if out.Reason != nil {
				renders(t, *out.Reason)
			}
			if re != nil {
				renders(t, re.Reason)
			}
		})
	}
}

// A selection probed without the volume label (the transport probe does not read
// it) still matches the same disc.
func TestSelectionWithoutLabel(t *testing.T) {
	out, err, _ := run(t, mmctest.New(0x0A, 100, "OLD"), &devices.OpticalCapabilities{Profile: 0x0A, ProfileName: "CD-RW"})
	if err != nil || !out.Completed {
		t.Fatalf("Execute = %v, erased %v", err, out.Completed)
	}
}

// texts are ms in English.
func texts(ms []msg.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.String()
	}
	return out
}

// renders fails t when a message does not render in every language (empty, a
// placeholder left, an identifier the catalogue lacks) or when its Chinese is
// the English unchanged; a verbatim argument (the drive's error) is allowed.
func renders(t *testing.T, ms ...msg.Message) {
	t.Helper()
	for _, m := range ms {
		for _, lang := range msg.Languages() {
			if s := m.In(lang); s == "" || strings.Contains(s, "{") || strings.HasPrefix(s, "[") {
				t.Errorf("%s in %s: %q", m.ID, lang, s)
			}
		}
		if m.In(msg.TraditionalChinese) == m.String() {
			t.Errorf("%s: zh-TW is the English %q", m.ID, m.String())
		}
	}
}

// TestWordingKept: the sentences read word for word as earlier records did.
func TestWordingKept(t *testing.T) {
	for _, c := range []struct {
		got  msg.Message
		want string
	}{
		{msg.New(msg.OpticalDisc, "CD-RW", "000a", uint64(100), `"OLD"`),
			`Disc: CD-RW (profile 0x000a), 100 blocks of 2048 bytes readable before, volume label "OLD".`},
		{msg.New(msg.OpticalCancelled, msg.Errorf(msg.OpticalNoDisc, "/dev/sr0")),
			"cancelled: optical-blank /dev/sr0: no disc in the drive (a blank or format the drive accepted goes on)"},
		{NotSanitization(), "NIST SP 800-88 counts neither blanking nor overwriting as Clear or Purge for optical media: destroy the disc (shred or disintegrate) where sanitization is required."},
	} {
		if s := c.got.String(); s != c.want {
			t.Errorf("%s\n got %q\nwant %q", c.got.ID, s, c.want)
		}
		renders(t, c.got)
	}
}
