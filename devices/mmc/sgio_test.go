package mmc

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices/sgio"
)

// port answers one SG_IO request with a fixed response.
type port struct {
	resp sgio.Response
	err  error
	got  sgio.Request
}

func (p *port) Do(ctx context.Context, req sgio.Request) (sgio.Response, error) {
	p.got = req
	return p.resp, p.err
}

func TestSGIOAdapter(t *testing.T) {
	noMedium := []byte{0x70, 0, 2, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x3A, 0, 0, 0, 0, 0}
	tests := []struct {
		name    string
		resp    sgio.Response
		err     error
		dir     Direction
		wantN   int
		wantErr bool
		status  byte
	}{
		{name: "good read with residue", resp: sgio.Response{Resid: 6}, dir: DirFromDevice, wantN: 2},
		{name: "check condition keeps sense", resp: sgio.Response{Status: 2, Sense: noMedium}, dir: DirNone, status: 2},
		{name: "host error", resp: sgio.Response{HostStatus: 7}, dir: DirNone, wantErr: true},
		{name: "busy", resp: sgio.Response{Status: 8}, dir: DirNone, wantErr: true},
		{name: "ioctl failed", err: errors.New("ioctl(SG_IO): no such device"), dir: DirNone, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &port{resp: tt.resp, err: tt.err}
			r, err := SGIO{Port: p}.Do(context.Background(), GetConfigurationCDB(1, 0, 8), tt.dir, make([]byte, 8), time.Second)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if err == nil && (r.N != tt.wantN || r.Status != tt.status) {
				t.Errorf("result = %+v", r)
			}
			if tt.dir == DirFromDevice && p.got.Dir != sgio.DirFromDevice {
				t.Errorf("direction = %d", p.got.Dir)
			}
		})
	}
	if p := (&port{resp: sgio.Response{Status: 2, Sense: noMedium}}); true {
		prof, err := (&Drive{T: SGIO{Port: p}}).CurrentProfile(context.Background())
		if err != nil || prof != 0 {
			t.Errorf("no medium through SG_IO: profile %d, %v", prof, err)
		}
	}
}
