package firmware

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/ata"
	"github.com/wipestation/wipestation/devices/simdrive"
)

func TestRestoreHPA(t *testing.T) {
	const native = 1 << 25 // beyond 24 bits: needs descriptor sense through libata
	cases := []struct {
		name    string
		setup   func(d *simdrive.ATA)
		want    uint64
		wantErr error
	}{
		{"descriptor sense", func(d *simdrive.ATA) {}, native, nil},
		{"libata fixed sense", func(d *simdrive.ATA) { d.FixedSense, d.LegacyFixed = true, true }, native, nil},
		{"no hpa", func(d *simdrive.ATA) { d.HPA = false }, 0, ErrNoHPA},
		{"set max refused", func(d *simdrive.ATA) { d.FailOpcode = ata.OpSetMaxAddressExt }, 0, &ata.Error{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := &simdrive.ATA{Medium: simdrive.NewMedium(4<<20, 512, 1), Model: "HDD", Serial: "H", HPA: true, NativeSectors: native}
			tc.setup(d)
			got, err := RestoreHPA(context.Background(), d)
			if tc.wantErr != nil {
				var ae *ata.Error
				if !errors.Is(err, tc.wantErr) && !(errors.As(tc.wantErr, &ae) && errors.As(err, &ae)) {
					t.Fatalf("err %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %d %v, want %d", got, err, tc.want)
			}
			i := slices.Index(d.Commands, ata.OpSetMaxAddressExt)
			if i < 1 || d.Commands[i-1] != ata.OpReadNativeMaxExt {
				t.Errorf("SET MAX not right after READ NATIVE MAX: % X", d.Commands)
			}
			// The probe now sees the whole drive.
			dev := devices.Device{}
			devices.ProbeSCSI(context.Background(), d, &dev)
			if h := dev.Capabilities.HiddenArea; h == nil || h.Hidden() || h.AccessibleSectors != native {
				t.Errorf("after restore: %+v", h)
			}
		})
	}
}
