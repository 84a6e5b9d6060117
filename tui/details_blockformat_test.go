package tui

import (
	"strings"
	"testing"

	"github.com/wipestation/wipestation/devices"
)

// TestDetailsBlockFormat: a SAS disk's block format is on the details screen, and
// one that Linux cannot use says it needs a reformat.
func TestDetailsBlockFormat(t *testing.T) {
	for _, tc := range []struct {
		f    devices.BlockFormat
		want string
		warn bool
	}{
		{devices.BlockFormat{LogicalBlockBytes: 520, LogicalBlocks: 2016, ProtectionType: 2, NeedsReformat: true, FormatUnit: devices.Yes},
			"2016 blocks of 520 bytes · protection type 2 · FORMAT UNIT yes", true},
		{devices.BlockFormat{LogicalBlockBytes: 512, LogicalBlocks: 2048, FormatUnit: devices.Unknown},
			"2048 blocks of 512 bytes · protection type 0 · FORMAT UNIT unknown", false},
	} {
		v := &detailsView{page: page{width: 200, height: 100}}
		f := tc.f
		v.show(devices.Device{Path: "/dev/sdb", Capabilities: devices.Capabilities{BlockFormat: &f}})
		text := strings.Join(v.lines(DefaultStyles()), "\n")
		if !strings.Contains(text, "Block format") || !strings.Contains(text, tc.want) {
			t.Errorf("details lack %q:\n%s", tc.want, text)
		}
		if got := strings.Contains(text, "NEEDS REFORMAT"); got != tc.warn {
			t.Errorf("needs-reformat warning %v, want %v", got, tc.warn)
		}
	}
}
