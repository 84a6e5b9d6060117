package firmware

import (
	"context"
	"slices"
	"testing"

	"github.com/wipestation/wipestation/devices/simdrive"
)

func TestPlanSampling(t *testing.T) {
	cases := []struct {
		name        string
		size        int64
		sector      int
		wantSamples int
	}{
		{"8 MiB, 512-byte sectors", 8 << 20, 512, 2002},
		{"1 TB, 4096-byte sectors", 1_000_204_886_016, 4096, 2002},
		{"odd size, remainder in the last subsection", 512 * 123457, 512, 2002},
		{"too small to split: read in full", 512 * 3000, 512, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			plan := PlanSampling(tc.size, tc.sector, 99)
			if len(plan) != tc.wantSamples {
				t.Fatalf("%d samples, want %d", len(plan), tc.wantSamples)
			}
			var covered int64
			for _, r := range plan {
				if r.Off%int64(tc.sector) != 0 || r.Len%int64(tc.sector) != 0 || r.Len <= 0 || r.Off+r.Len > tc.size {
					t.Fatalf("bad range %+v", r)
				}
				covered += r.Len
			}
			if covered*10 < tc.size {
				t.Errorf("covers %d of %d bytes: less than 10%%", covered, tc.size)
			}
			if plan[0].Off != 0 {
				t.Error("first LBA not sampled")
			}
			last := plan[len(plan)-1]
			if last.Off+last.Len != tc.size {
				t.Error("last LBA not sampled")
			}
			if tc.wantSamples != 2002 {
				return
			}
			sectors := tc.size / int64(tc.sector)
			subLen := sectors / Subsections * int64(tc.sector)
			for i := 0; i < Subsections; i++ {
				a, b := plan[1+2*i], plan[2+2*i]
				start := int64(i) * subLen
				end := start + subLen
				if i == Subsections-1 {
					end = tc.size
				}
				if a.Off < start || b.Off+b.Len > end {
					t.Fatalf("subsection %d [%d,%d): samples %+v %+v outside", i, start, end, a, b)
				}
				if a.Off+a.Len > b.Off {
					t.Fatalf("subsection %d: samples overlap %+v %+v", i, a, b)
				}
				if a.Len*100 < (end-start)*samplePercent {
					t.Fatalf("subsection %d: sample of %d bytes is less than 5%% of %d", i, a.Len, end-start)
				}
			}
			if slices.Equal(plan, PlanSampling(tc.size, tc.sector, 100)) {
				t.Error("a different seed chose the same samples")
			}
			if !slices.Equal(plan, PlanSampling(tc.size, tc.sector, 99)) {
				t.Error("the same seed chose different samples")
			}
		})
	}
}

func TestCompare(t *testing.T) {
	m := simdrive.NewMedium(1<<20, 512, 1)
	plan := PlanFull(m.Size(), 512)
	ctx := context.Background()
	before, _ := readSamples(ctx, m, plan, nil)

	same, _ := readSamples(ctx, m, plan, nil)
	if c := compare(before, same, Expectation{Changed: true}); len(c.mismatches) != 1 || c.unchanged != 1 {
		t.Errorf("unchanged medium: %+v", c)
	}
	m.Fill(0xFF, 1)
	ff, _ := readSamples(ctx, m, plan, nil)
	if c := compare(before, ff, Expectation{Values: []byte{0x00}}); len(c.mismatches) != 1 || c.unchanged != 0 {
		t.Errorf("FFh where 00h expected: %+v", c)
	}
	if c := compare(before, ff, Expectation{Values: []byte{0x00, 0xFF}}); len(c.mismatches) != 0 || c.uniformValue[0xFF] != 1 {
		t.Errorf("FFh accepted: %+v", c)
	}
	// Crypto erase on a partly blank medium: samples that held one repeated byte
	// before and after prove nothing and are counted, not failed.
	half := simdrive.NewMedium(1<<20, 512, 2)
	half.Fill(0, 0.5)
	hb, _ := readSamples(ctx, half, plan, nil)
	half.Fill(0, 0.5) // the blank half reads zeros again; the rest keeps its data
	ha, _ := readSamples(ctx, half, PlanFull(half.Size(), 512), nil)
	if c := compare(hb, ha, Expectation{Changed: true}); c.alreadyHeld != 0 || len(c.mismatches) != 1 {
		t.Errorf("1 MiB chunk, half blank: %+v", c)
	}
	small := []Range{{0, 4096}, {1 << 19, 4096}, {(1 << 20) - 4096, 4096}}
	hb, _ = readSamples(ctx, half, small, nil)
	half.Scramble(1)
	half.Fill(0, 0.5) // a crypto erase that deallocates the blank half
	ha, _ = readSamples(ctx, half, small, nil)
	if c := compare(hb, ha, Expectation{Changed: true}); c.alreadyHeld != 1 || len(c.mismatches) != 0 {
		t.Errorf("blank sample after crypto erase: %+v", c)
	}
	m.SetUnreadable()
	bad, _ := readSamples(ctx, m, plan, nil)
	if c := compare(before, bad, Expectation{Values: []byte{0x00}}); len(c.readErrors) != 1 {
		t.Errorf("read errors: %+v", c)
	}
}
