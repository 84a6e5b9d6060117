package firmware

import (
	"context"
	"fmt"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/nvme"
	"github.com/wipestation/wipestation/msg"
)

// formatTimeout bounds a synchronous Format NVM: half an hour plus 20 MB/s.
func formatTimeout(sizeBytes int64) time.Duration {
	return 30*time.Minute + time.Duration(sizeBytes/(20<<20))*time.Second
}

func (r *run) prepareNVMe(ctx context.Context) (func(context.Context) error, error) {
	d := r.drv.NVMe
	if d == nil {
		return nil, r.fail(msg.FirmwareNoNVMeAccess, r.deviceName())
	}
	idc := nvme.IdentifyController()
	if _, err := d.Admin(ctx, idc); err != nil {
		return nil, r.fail(msg.FirmwareIdentifyController, err)
	}
	ctrl, err := nvme.ParseController(idc.Data)
	if err != nil {
		return nil, r.fail(msg.FirmwareNothingSent, err)
	}
	idn := nvme.IdentifyNamespace(r.drv.NSID)
	if _, err := d.Admin(ctx, idn); err != nil {
		return nil, r.fail(msg.FirmwareIdentifyNamespace, r.drv.NSID, err)
	}
	ns, err := nvme.ParseNamespace(idn.Data)
	if err != nil {
		return nil, r.fail(msg.FirmwareNothingSent, err)
	}
	if err := r.recheck(devices.Capabilities{NVMe: devices.NVMeCapabilitiesOf(ctrl)}); err != nil {
		return nil, err
	}
	dealloc := []byte{0x00, 0xFF}
	switch ns.DeallocReads {
	case 1:
		dealloc = []byte{0x00}
	case 2:
		dealloc = []byte{0xFF}
	}

	wide := false // the command acts on every namespace of the controller
	var command func(context.Context) error
	switch r.s.act {
	case actFormat, actFormatCrypto:
		ses := uint8(nvme.SESUserData)
		if r.s.act == actFormatCrypto {
			ses = nvme.SESCryptoKeys
			r.expect = Expectation{Changed: true}
			wide = ctrl.FormatAllNS || ctrl.EraseAllNS
		} else {
			r.expect = Expectation{Values: dealloc}
			wide = ctrl.FormatAllNS || ctrl.EraseAllNS
		}
		timeout := formatTimeout(r.drv.Medium.Size())
		command = func(ctx context.Context) error {
			r.detail(msg.FirmwareFormatNVM, r.drv.NSID, int(ses), int(ns.FormatIndex), ns.LBABytes,
				fmt.Sprintf("%08X", nvme.FormatNVM(r.drv.NSID, ns.FormatIndex, ses, timeout).CDW10), timeout.String())
			r.commandProgress(0)
			if _, err := d.Admin(ctx, nvme.FormatNVM(r.drv.NSID, ns.FormatIndex, ses, timeout)); err != nil {
				return r.fail(msg.FirmwareFailed, "NVMe Format NVM", err)
			}
			r.commandProgress(1)
			return nil
		}
	default:
		wide = true
		var action uint8
		switch r.s.act {
		case actSanitizeCrypto:
			action, r.expect = nvme.SanitizeCryptoErase, Expectation{Changed: true}
		case actSanitizeBlock:
			action, r.expect = nvme.SanitizeBlockErase, Expectation{Values: dealloc}
		case actSanitizeOverwrite:
			action = nvme.SanitizeOverwrite
			r.expect = Expectation{Values: append([]byte{0x00}, dealloc...)}
		}
		command = func(ctx context.Context) error { return r.nvmeSanitize(ctx, action) }
	}
	if wide {
		list := nvme.ActiveNamespaces()
		if _, err := d.Admin(ctx, list); err != nil {
			return nil, r.fail(msg.FirmwareNamespaceList, err)
		}
		for _, id := range nvme.ParseNamespaceList(list.Data) {
			if id != r.drv.NSID {
				return nil, r.refuse(devices.ErrScope, msg.FirmwareOtherNamespace, id)
			}
		}
		r.exception(msg.FirmwareWholeController, r.drv.NSID)
	}
	return command, nil
}

func (r *run) nvmeSanitize(ctx context.Context, action uint8) error {
	d := r.drv.NVMe
	cmd := nvme.Sanitize(action, false, 1, 0)
	id := msg.FirmwareNVMeSanitize
	if action == nvme.SanitizeOverwrite {
		id = msg.FirmwareNVMeSanitizeOverwrite
	}
	r.detail(id, int(action), sanactName(action), fmt.Sprintf("%08X", cmd.CDW10))
	if _, err := d.Admin(ctx, cmd); err != nil {
		return r.fail(msg.FirmwareRejected, "NVMe Sanitize", err)
	}
	polls, never := 0, 0
	err := r.poll(ctx, func() (bool, error) {
		polls++
		lc := nvme.SanitizeStatusLog()
		if _, err := d.Admin(ctx, lc); err != nil {
			return false, r.fail(msg.FirmwareSanitizeLog, err)
		}
		st, err := nvme.ParseSanitizeStatus(lc.Data)
		if err != nil {
			return false, r.fail(msg.FirmwareSanitizeLog, err)
		}
		switch st.State {
		case nvme.SanitizeInProgress:
			r.commandProgress(st.Progress)
			return false, nil
		case nvme.SanitizeSucceeded, nvme.SanitizeSucceededNoDealloc:
			r.commandProgress(1)
			return true, nil
		case nvme.SanitizeFailed:
			return false, r.fail(msg.FirmwareNVMeSanitizeFailed)
		}
		never++
		if never > 5 {
			return false, r.fail(msg.FirmwareNVMeNeverStarted, int(st.State))
		}
		return false, nil
	})
	if err == nil {
		r.detail(msg.FirmwareNVMeStatusPolled, polls)
	}
	return err
}

// sanactName names a Sanitize action (SANACT) in words.
func sanactName(action uint8) msg.Message {
	switch action {
	case nvme.SanitizeBlockErase:
		return msg.New(msg.FirmwareSanactBlock)
	case nvme.SanitizeOverwrite:
		return msg.New(msg.FirmwareSanactOverwrite)
	case nvme.SanitizeCryptoErase:
		return msg.New(msg.FirmwareSanactCrypto)
	}
	return msg.Message{}
}
