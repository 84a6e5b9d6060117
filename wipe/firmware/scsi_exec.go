package firmware

import (
	"context"
	"fmt"
	"time"

	"github.com/wipestation/wipestation/devices/sgio"
	"github.com/wipestation/wipestation/msg"
)

func (r *run) prepareSCSI(ctx context.Context) (func(context.Context) error, error) {
	if r.drv.SCSI == nil {
		return nil, r.fail(msg.FirmwareNoSGIOSCSI, r.deviceName())
	}
	var sa uint8
	var params []byte
	var name string
	switch r.s.act {
	case actSanitizeCrypto:
		sa, name, r.expect = sgio.SanitizeCryptoErase, "CRYPTOGRAPHIC ERASE", Expectation{Changed: true}
	case actSanitizeBlock:
		sa, name, r.expect = sgio.SanitizeBlockErase, "BLOCK ERASE", Expectation{Values: []byte{0x00, 0xFF}}
	case actSanitizeOverwrite:
		sa, name, r.expect = sgio.SanitizeOverwrite, "OVERWRITE", Expectation{Values: []byte{0x00}}
		params = sgio.SanitizeOverwriteParams(1, []byte{0, 0, 0, 0})
	}
	cdb := sgio.Sanitize(sa, false, uint16(len(params)))
	return func(ctx context.Context) error {
		id := msg.FirmwareSCSISanitize
		if params != nil {
			id = msg.FirmwareSCSISanitizeParams
		}
		r.detail(id, fmt.Sprintf("%02X", sa), name, fmt.Sprintf("% X", cdb))
		req := sgio.Request{CDB: cdb, Dir: sgio.DirNone, Timeout: 60 * time.Second}
		if params != nil {
			req.Dir, req.Data = sgio.DirToDevice, params
		}
		resp, err := r.drv.SCSI.Do(ctx, req)
		if err == nil {
			err = resp.Err(cdb)
		}
		if err != nil {
			return r.fail(msg.FirmwareRejected, "SCSI SANITIZE", err)
		}
		polls, attentions := 0, 0
		err = r.poll(ctx, func() (bool, error) {
			polls++
			data := make([]byte, 252)
			rs := sgio.Request{CDB: sgio.RequestSense(252), Dir: sgio.DirFromDevice, Data: data, Timeout: 10 * time.Second}
			resp, err := r.drv.SCSI.Do(ctx, rs)
			if err == nil {
				err = resp.Err(rs.CDB)
			}
			if err != nil {
				return false, r.fail(msg.FirmwareRequestSense, err)
			}
			s, err := sgio.ParseSense(data)
			if err != nil {
				return false, r.fail(msg.FirmwareRequestSense, err)
			}
			switch {
			case s.ASC == 0x04 && s.ASCQ == 0x1B:
				if p, ok := s.Progress(); ok {
					r.commandProgress(p)
				}
				return false, nil
			case s.Key == sgio.KeyNoSense && s.ASC == 0 && s.ASCQ == 0:
				r.commandProgress(1)
				return true, nil
			case s.Key == sgio.KeyUnitAttention && attentions < 8:
				// A reset or a parameter change reported in passing; the next
				// REQUEST SENSE tells the sanitize's state.
				attentions++
				return false, nil
			}
			return false, r.fail(msg.FirmwareSanitizeFailed, fmt.Sprint(s))
		})
		if err == nil {
			r.detail(msg.FirmwareSCSIStatusPolled, polls)
		}
		return err
	}, nil
}
