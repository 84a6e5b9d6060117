package main

import (
	"os/exec"
	"testing"
	"time"
)

func TestDebVersion(t *testing.T) {
	day := time.Date(2026, 12, 8, 1, 2, 3, 0, time.UTC)
	tests := []struct {
		describe string
		want     string
	}{
		{"v1.2.0", "1.2.0"},
		{"1.2.0", "1.2.0"},
		{"v1.2.0-rc1", "1.2.0~rc1"},
		{"v1.2.0-3-g5504eb5a1b2c", "1.2.0+3.g5504eb5a1b2c"},
		{"v1.2.0-rc1-3-g5504eb5a1b2c", "1.2.0~rc1+3.g5504eb5a1b2c"},
		{"v1.2.0-dirty", "1.2.0+dirty"},
		{"v1.2.0-3-g5504eb5a1b2c-dirty", "1.2.0+3.g5504eb5a1b2c.dirty"},
		{"5504eb5a1b2c", "0.0.0+git20261208.5504eb5a1b2c"},
		{"5504eb5a1b2c-dirty", "0.0.0+git20261208.5504eb5a1b2c.dirty"},
	}
	for _, tt := range tests {
		got, err := debVersion(source{Version: tt.describe, Time: day})
		if err != nil || got != tt.want {
			t.Errorf("debVersion(%q) = %q, %v; want %q", tt.describe, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "release-one", "v1.2", "v1.2.0 ; rm"} {
		if got, err := debVersion(source{Version: bad, Time: day}); err == nil {
			t.Errorf("debVersion(%q) = %q, want an error", bad, got)
		}
	}
}

// The versions sort as the releases do, by dpkg's own comparison.
func TestDebVersionsSort(t *testing.T) {
	if _, err := exec.LookPath("dpkg"); err != nil {
		t.Skip("needs dpkg")
	}
	day := time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)
	pairs := [][2]string{ // {older, newer}
		{"abcdef123456", "v0.1.0-rc1"},
		{"v0.1.0-rc1", "v0.1.0"},
		{"v0.1.0", "v0.1.0-dirty"},
		{"v0.1.0", "v0.1.0-2-gabcdef123456"},
		{"v0.1.0-2-gabcdef123456", "v0.1.0-2-gabcdef123456-dirty"},
		{"v0.1.0-2-gabcdef123456", "v0.1.0-10-g123456abcdef"},
		{"v0.1.0-10-g123456abcdef", "v0.2.0-rc1"},
	}
	for _, p := range pairs {
		older, err := debVersion(source{Version: p[0], Time: day})
		if err != nil {
			t.Fatal(err)
		}
		newer, err := debVersion(source{Version: p[1], Time: day})
		if err != nil {
			t.Fatal(err)
		}
		if err := exec.Command("dpkg", "--compare-versions", older, "lt", newer).Run(); err != nil {
			t.Errorf("dpkg does not sort %s (%s) before %s (%s)", older, p[0], newer, p[1])
		}
	}
}
