package devices

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/devices/simdrive"
)

// A SAS disk from a storage array: 520-byte blocks and protection type 2. The
// probe reads its block format from the drive, and the recommendation offers
// FORMAT UNIT (Clear) instead of a host overwrite that Linux cannot do.
func TestBlockFormatProbeAndRecommendation(t *testing.T) {
	cases := []struct {
		name       string
		sectors    int
		protection uint8
		supported  bool
		noRSOC     bool
		want       BlockFormat
		methods    []string
		note       bool
	}{
		{name: "520-byte blocks, type 2", sectors: 520, protection: 2, supported: true,
			want:    BlockFormat{LogicalBlockBytes: 520, LogicalBlocks: 2016, ProtectionType: 2, NeedsReformat: true, FormatUnit: Yes},
			methods: []string{"scsi-format-unit", "destroy"}, note: true},
		{name: "528-byte blocks, FORMAT UNIT not supported", sectors: 528,
			want:    BlockFormat{LogicalBlockBytes: 528, LogicalBlocks: 1985, NeedsReformat: true, FormatUnit: No},
			methods: []string{"destroy"}, note: true},
		{name: "512-byte blocks", sectors: 512, supported: true,
			want:    BlockFormat{LogicalBlockBytes: 512, LogicalBlocks: 2047, FormatUnit: Yes},
			methods: []string{"nist-clear", "scsi-format-unit", "destroy"}},
		{name: "4096-byte blocks, RSOC unanswered", sectors: 4096, supported: true, noRSOC: true,
			want:    BlockFormat{LogicalBlockBytes: 4096, LogicalBlocks: 255, FormatUnit: Unknown},
			methods: []string{"nist-clear", "destroy"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			size := int64(1<<20) / int64(tc.sectors) * int64(tc.sectors)
			if tc.sectors == 512 || tc.sectors == 4096 {
				size -= int64(tc.sectors)
			}
			s := &simdrive.SCSI{Medium: simdrive.NewMedium(size, tc.sectors, 1), Vendor: "HGST", Product: "HUS726T4TAL", Serial: "K4J1",
				NoReportOpcodes: tc.noRSOC, Format: simdrive.ScsiFormat{Supported: tc.supported, ProtectionType: tc.protection}}
			d := Device{Path: "/dev/sim", Kind: KindDisk, Transport: TransportSAS, Rotational: true}
			ProbeSCSI(context.Background(), s, &d)
			if d.Capabilities.BlockFormat == nil || *d.Capabilities.BlockFormat != tc.want {
				t.Fatalf("block format %+v, want %+v", d.Capabilities.BlockFormat, tc.want)
			}
			recs := Recommend(d)
			var got []string
			for _, r := range recs {
				got = append(got, r.Method)
				if r.Method == "scsi-format-unit" && r.Class != ClassClear {
					t.Errorf("scsi-format-unit class %s, want Clear", r.Class)
				}
			}
			if !slices.Equal(got, tc.methods) {
				t.Errorf("methods %v, want %v", got, tc.methods)
			}
			if has := strings.Contains(recs[0].Reason.String(), "host overwrite not offered"); has != tc.note {
				t.Errorf("reformat note present %v, want %v: %s", has, tc.note, recs[0].Reason)
			}
			err := Supports(d, "scsi-format-unit")
			if (err == nil) != slices.Contains(tc.methods, "scsi-format-unit") {
				t.Errorf("Supports: %v", err)
			}
		})
	}
}

// TestBlockFormatProbeScope: a disk behind a USB bridge is not asked its block
// format, and a disk without REPORT SUPPORTED OPERATION CODES is not asked twice.
func TestBlockFormatProbeScope(t *testing.T) {
	s := &simdrive.SCSI{Medium: simdrive.NewMedium(1<<20/520*520, 520, 1), Format: simdrive.ScsiFormat{Supported: true}}
	d := Device{Path: "/dev/sim", Kind: KindDisk, Transport: TransportUSB}
	ProbeSCSI(context.Background(), s, &d)
	if d.Capabilities.BlockFormat != nil {
		t.Errorf("USB disk: block format %+v, want not probed", d.Capabilities.BlockFormat)
	}
	s.NoReportOpcodes = true
	d = Device{Path: "/dev/sim", Kind: KindDisk, Transport: TransportSAS}
	ProbeSCSI(context.Background(), s, &d)
	if f := d.Capabilities.BlockFormat; f == nil || f.FormatUnit != Unknown || !f.NeedsReformat {
		t.Errorf("block format %+v", f)
	}
	n := 0
	for _, e := range d.Capabilities.ProbeErrors {
		if strings.Contains(e, "report supported operation codes") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d probe errors, want 1 (REPORT SUPPORTED OPERATION CODES once): %q", n, d.Capabilities.ProbeErrors)
	}
}
