package tcg_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices/simdrive"
	"github.com/wipestation/wipestation/devices/tcg"
)

const label = "0123456789ABCDEFGHIJKLMNOPQRSTUV"

var psid = mustPSID(label)

func mustPSID(s string) tcg.PSID {
	p, err := tcg.ParsePSID(s)
	if err != nil {
		panic(err)
	}
	return p
}

// transports returns the three ways to a simulated SED on m.
func transports(sed *simdrive.SED, m *simdrive.Medium) map[string]tcg.Transport {
	return map[string]tcg.Transport{
		"ata pass-through": tcg.ATA{Port: &simdrive.ATA{Medium: m, SED: sed}},
		"libata scsi":      tcg.SCSI{Port: &simdrive.ATA{Medium: m, SED: sed}},
		"sas":              tcg.SCSI{Port: &simdrive.SCSI{Medium: m, SED: sed}},
		"nvme":             tcg.NVMe{Port: &simdrive.NVMe{Medium: m, SED: sed, NSID: 1}},
	}
}

func conn(t *testing.T, tr tcg.Transport) tcg.Conn {
	t.Helper()
	d, err := tcg.Discover(context.Background(), tr)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := d.Primary()
	if !ok {
		t.Fatalf("no SSC in %+v", d)
	}
	return tcg.Conn{T: tr, ComID: p.BaseComID, Poll: time.Millisecond, Wait: time.Second}
}

func TestPSIDRevertThroughEveryTransport(t *testing.T) {
	for name := range transports(nil, nil) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			m := simdrive.NewMedium(1<<20, 512, 7)
			sed := &simdrive.SED{Medium: m, PSID: label, BusyPolls: 2}
			sed.SetLocking(true, true)
			tr := transports(sed, m)[name]
			d, err := tcg.Discover(ctx, tr)
			if err != nil {
				t.Fatal(err)
			}
			if p, _ := d.Primary(); p.SSC != tcg.SSCOpal2 || d.Locking == nil || !d.Locking.Enabled || !d.Locking.Locked {
				t.Fatalf("discovery %+v", d)
			}
			if _, err := m.ReadAt(make([]byte, 512), 0); !errors.Is(err, simdrive.ErrDataProtect) {
				t.Fatalf("a locked medium read: %v", err)
			}
			c := conn(t, tr)
			s, err := c.StartPSIDSession(ctx, psid)
			if err != nil {
				t.Fatal(err)
			}
			before := m.Snapshot()
			if err := s.Revert(ctx); err != nil {
				t.Fatal(err)
			}
			if enabled, locked := sed.State(); enabled || locked {
				t.Errorf("after revert: enabled %v locked %v", enabled, locked)
			}
			if bytes.Equal(before, m.Snapshot()) {
				t.Error("the media key did not change")
			}
			d, _ = tcg.Discover(ctx, tr)
			if d.Locking.Enabled || d.Locking.Locked {
				t.Errorf("discovery after revert: %+v", d.Locking)
			}
		})
	}
}

func TestPSIDAttempts(t *testing.T) {
	ctx := context.Background()
	m := simdrive.NewMedium(1<<20, 512, 7)
	sed := &simdrive.SED{Medium: m, PSID: label, TryLimit: 3}
	sed.SetLocking(true, true)
	c := conn(t, tcg.SCSI{Port: &simdrive.SCSI{Medium: m, SED: sed}})
	for i := 0; i < 3; i++ {
		if _, err := c.StartPSIDSession(ctx, mustPSID("WRONGWRONGWRONGWRONGWRONGWRONG00")); !errors.Is(err, tcg.NotAuthorized) {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	if _, err := c.StartPSIDSession(ctx, psid); !errors.Is(err, tcg.AuthorityLockedOut) {
		t.Fatalf("after the try limit, the right PSID: %v", err)
	}
	sed.PowerCycle()
	s, err := c.StartPSIDSession(ctx, psid)
	if err != nil {
		t.Fatalf("after a power cycle: %v", err)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if enabled, locked := sed.State(); !enabled || !locked {
		t.Error("closing a session without Revert changed the locking")
	}
}

func TestNotAnSED(t *testing.T) {
	m := simdrive.NewMedium(1<<20, 512, 7)
	for name, tr := range transports(nil, m) {
		if _, err := tcg.Discover(context.Background(), tr); err == nil {
			t.Errorf("%s: discovery on a drive without TCG answered", name)
		}
	}
}

// TestNoResponse: a TPer that never has its answer ready ends the wait with
// ErrNoResponse instead of holding the job.
func TestNoResponse(t *testing.T) {
	m := simdrive.NewMedium(1<<20, 512, 7)
	sed := &simdrive.SED{Medium: m, PSID: label, BusyPolls: 1 << 30}
	c := conn(t, tcg.SCSI{Port: &simdrive.SCSI{Medium: m, SED: sed}})
	c.Wait = 20 * time.Millisecond
	start := time.Now()
	if _, err := c.StartPSIDSession(context.Background(), psid); !errors.Is(err, tcg.ErrNoResponse) {
		t.Fatalf("err %v, want ErrNoResponse", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("waited %s", d)
	}
}
