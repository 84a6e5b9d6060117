package firmware

import (
	"context"
	"time"

	"github.com/wipestation/wipestation/devices/sgio"
)

func (r *run) prepareSCSI(ctx context.Context) (func(context.Context) error, error) {
	if r.drv.SCSI == nil {
		return nil, r.fail("no SG_IO access to %s: SCSI commands cannot be sent", r.deviceName())
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
		r.detail("SCSI SANITIZE (48h) service action %02Xh %s, IMMED=1 AUSE=0, CDB % X%s", sa, name, cdb,
			map[bool]string{true: ", parameter list: 1 pass of pattern 00000000h, no inversion", false: ""}[params != nil])
		req := sgio.Request{CDB: cdb, Dir: sgio.DirNone, Timeout: 60 * time.Second}
		if params != nil {
			req.Dir, req.Data = sgio.DirToDevice, params
		}
		resp, err := r.drv.SCSI.Do(ctx, req)
		if err == nil {
			err = resp.Err(cdb)
		}
		if err != nil {
			return r.fail("SCSI SANITIZE was rejected: %v", err)
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
				return false, r.fail("REQUEST SENSE while sanitizing: %v", err)
			}
			s, err := sgio.ParseSense(data)
			if err != nil {
				return false, r.fail("REQUEST SENSE while sanitizing: %v", err)
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
			return false, r.fail("the sanitize failed: %s", s)
		})
		if err == nil {
			r.detail("REQUEST SENSE (03h) polled %d time(s) until no \"sanitize in progress\" (04h/1Bh) remained", polls)
		}
		return err
	}, nil
}
