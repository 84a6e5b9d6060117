package devices

import (
	"context"
	"testing"

	"github.com/wipestation/wipestation/devices/mmc"
	"github.com/wipestation/wipestation/devices/mmc/mmctest"
)

func TestProbeOptical(t *testing.T) {
	tests := []struct {
		name  string
		sim   *mmctest.Drive
		media MediaClass
		label string
	}{
		{"CD-ROM in the VM's drive", mmctest.New(0x08, 300, "WIPESTATION_TEST"), MediaROM, "WIPESTATION_TEST"},
		{"DVD+R", mmctest.New(0x1B, 300, "ARCHIVE"), MediaWriteOnce, "ARCHIVE"},
		{"BD-RE", mmctest.New(0x43, 300, ""), MediaRewritable, ""},
		{"empty drive", mmctest.New(0, 0, ""), MediaNone, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			oc, errs, err := ProbeOptical(context.Background(), tt.sim)
			if err != nil || len(errs) != 0 {
				t.Fatalf("ProbeOptical: %v %v", err, errs)
			}
			if oc.Media != tt.media || oc.VolumeLabel != tt.label {
				t.Errorf("= %+v", oc)
			}
		})
	}
	// The two enums must keep the same spelling.
	for _, m := range []mmc.MediaClass{mmc.MediaNone, mmc.MediaROM, mmc.MediaWriteOnce, mmc.MediaRewritable} {
		switch MediaClass(m) {
		case MediaNone, MediaROM, MediaWriteOnce, MediaRewritable:
		default:
			t.Errorf("mmc.MediaClass %q has no devices.MediaClass", m)
		}
	}
}
