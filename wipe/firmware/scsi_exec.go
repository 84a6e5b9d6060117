package firmware

import (
	"context"
	"errors"
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
		polls, ended, err := r.pollSense(ctx, msg.FirmwareRequestSense, func(s sgio.Sense) bool { return s.ASC == 0x04 && s.ASCQ == 0x1B })
		if ended != nil {
			return r.fail(msg.FirmwareSanitizeFailed, fmt.Sprint(*ended))
		}
		if err == nil {
			r.detail(msg.FirmwareSCSIStatusPolled, polls)
		}
		return err
	}, nil
}

// errSenseEnded stops pollSense's loop on a sense that is neither progress nor done.
var errSenseEnded = errors.New("sense ended the poll")

// maxUnitAttentions is how many UNIT ATTENTION answers (a reset, a parameter
// change reported in passing) a poll skips; the next REQUEST SENSE tells the
// command's state.
const maxUnitAttentions = 8

// pollSense asks REQUEST SENSE every PollInterval while a long SCSI command with
// IMMED runs (inProgress recognises its "in progress" sense), reporting the
// progress indication, until NO SENSE. It returns the polls made and, when
// another sense ended the command, that sense (the caller says what failed).
// senseFailed is the sentence for a REQUEST SENSE that itself failed.
func (r *run) pollSense(ctx context.Context, senseFailed msg.ID, inProgress func(sgio.Sense) bool) (polls int, ended *sgio.Sense, err error) {
	attentions := 0
	err = r.poll(ctx, func() (bool, error) {
		polls++
		data := make([]byte, 252)
		rs := sgio.Request{CDB: sgio.RequestSense(252), Dir: sgio.DirFromDevice, Data: data, Timeout: 10 * time.Second}
		resp, err := r.drv.SCSI.Do(ctx, rs)
		if err == nil {
			err = resp.Err(rs.CDB)
		}
		if err != nil {
			return false, r.fail(senseFailed, err)
		}
		s, err := sgio.ParseSense(data)
		if err != nil {
			return false, r.fail(senseFailed, err)
		}
		switch {
		case inProgress(s):
			if p, ok := s.Progress(); ok {
				r.commandProgress(p)
			}
			return false, nil
		case s.Key == sgio.KeyNoSense && s.ASC == 0 && s.ASCQ == 0:
			r.commandProgress(1)
			return true, nil
		case s.Key == sgio.KeyUnitAttention && attentions < maxUnitAttentions:
			attentions++
			return false, nil
		}
		ended = &s
		return false, errSenseEnded
	})
	if errors.Is(err, errSenseEnded) {
		err = nil
	}
	return polls, ended, err
}
