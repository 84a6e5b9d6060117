package mmc

import (
	"context"
	"fmt"
	"time"

	"github.com/wipestation/wipestation/devices/sgio"
)

// SCSIPort sends one SCSI command: *sgio.Device on a drive's node.
type SCSIPort interface {
	Do(ctx context.Context, req sgio.Request) (sgio.Response, error)
}

// SGIO adapts a SCSIPort (the SG_IO transport) to Transport. A host adapter
// error, or a status other than GOOD and CHECK CONDITION, is a transport error;
// CHECK CONDITION is returned with its sense for the MMC layer to decode.
type SGIO struct {
	Port SCSIPort
}

var _ Transport = SGIO{}

// Do sends cdb through SG_IO.
func (s SGIO) Do(ctx context.Context, cdb []byte, dir Direction, data []byte, timeout time.Duration) (Result, error) {
	d := sgio.DirNone
	switch dir {
	case DirFromDevice:
		d = sgio.DirFromDevice
	case DirToDevice:
		d = sgio.DirToDevice
	}
	resp, err := s.Port.Do(ctx, sgio.Request{CDB: cdb, Dir: d, Data: data, Timeout: timeout})
	if err != nil {
		return Result{}, err
	}
	if resp.HostStatus != 0 || (resp.Status != StatusGood && resp.Status != StatusCheckCondition) {
		return Result{}, fmt.Errorf("cdb %02Xh: status %02Xh host_status %04Xh driver_status %04Xh", cdb[0], resp.Status, resp.HostStatus, resp.DriverStatus)
	}
	n := 0
	if dir != DirNone {
		n = max(len(data)-int(resp.Resid), 0)
	}
	return Result{N: n, Status: resp.Status, Sense: resp.Sense}, nil
}
