package firmware

import (
	"context"
	"fmt"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/nvme"
)

// formatTimeout bounds a synchronous Format NVM: half an hour plus 20 MB/s.
func formatTimeout(sizeBytes int64) time.Duration {
	return 30*time.Minute + time.Duration(sizeBytes/(20<<20))*time.Second
}

func (r *run) prepareNVMe(ctx context.Context) (func(context.Context) error, error) {
	d := r.drv.NVMe
	if d == nil {
		return nil, r.fail("no NVMe admin access to %s", r.deviceName())
	}
	idc := nvme.IdentifyController()
	if _, err := d.Admin(ctx, idc); err != nil {
		return nil, r.fail("NVMe Identify Controller before the command: %v; nothing was sent", err)
	}
	ctrl, err := nvme.ParseController(idc.Data)
	if err != nil {
		return nil, r.fail("%v; nothing was sent", err)
	}
	idn := nvme.IdentifyNamespace(r.drv.NSID)
	if _, err := d.Admin(ctx, idn); err != nil {
		return nil, r.fail("NVMe Identify Namespace %d before the command: %v; nothing was sent", r.drv.NSID, err)
	}
	ns, err := nvme.ParseNamespace(idn.Data)
	if err != nil {
		return nil, r.fail("%v; nothing was sent", err)
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
			r.detail("NVMe Format NVM (80h) NSID=%d SES=%d LBAF=%d (the current format, %d-byte blocks) PI=0 MSET=0, CDW10=%08Xh, timeout %s",
				r.drv.NSID, ses, ns.FormatIndex, ns.LBABytes, nvme.FormatNVM(r.drv.NSID, ns.FormatIndex, ses, timeout).CDW10, timeout)
			r.commandProgress(0)
			if _, err := d.Admin(ctx, nvme.FormatNVM(r.drv.NSID, ns.FormatIndex, ses, timeout)); err != nil {
				return r.fail("NVMe Format NVM failed: %v", err)
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
			return nil, r.fail("the command acts on every namespace, but the active namespace list could not be read: %v; nothing was sent", err)
		}
		for _, id := range nvme.ParseNamespaceList(list.Data) {
			if id != r.drv.NSID {
				return nil, r.refuse(devices.ErrScope, "the command would also erase namespace %d of the same controller, which was not selected and not checked for safety", id)
			}
		}
		r.exception("the command acts on the whole controller; it has no namespace but %d", r.drv.NSID)
	}
	return command, nil
}

func (r *run) nvmeSanitize(ctx context.Context, action uint8) error {
	d := r.drv.NVMe
	cmd := nvme.Sanitize(action, false, 1, 0)
	r.detail("NVMe Sanitize (84h) SANACT=%d (%s) AUSE=0 NDAS=0%s, CDW10=%08Xh",
		action, map[uint8]string{2: "block erase", 3: "overwrite", 4: "crypto erase"}[action],
		map[bool]string{true: " OWPASS=1 pattern 00000000h", false: ""}[action == nvme.SanitizeOverwrite], cmd.CDW10)
	if _, err := d.Admin(ctx, cmd); err != nil {
		return r.fail("NVMe Sanitize was rejected: %v", err)
	}
	polls, never := 0, 0
	err := r.poll(ctx, func() (bool, error) {
		polls++
		lc := nvme.SanitizeStatusLog()
		if _, err := d.Admin(ctx, lc); err != nil {
			return false, r.fail("reading the Sanitize Status log: %v", err)
		}
		st, err := nvme.ParseSanitizeStatus(lc.Data)
		if err != nil {
			return false, r.fail("%v", err)
		}
		switch st.State {
		case nvme.SanitizeInProgress:
			r.commandProgress(st.Progress)
			return false, nil
		case nvme.SanitizeSucceeded, nvme.SanitizeSucceededNoDealloc:
			r.commandProgress(1)
			return true, nil
		case nvme.SanitizeFailed:
			return false, r.fail("the sanitize failed (Sanitize Status log SSTAT=3); the controller stays in sanitize failure mode until a sanitize completes or Exit Failure Mode is sent")
		}
		never++
		if never > 5 {
			return false, r.fail("after Sanitize the log reports no sanitize ever started (SSTAT=%d)", st.State)
		}
		return false, nil
	})
	if err == nil {
		r.detail("Get Log Page (02h) LID=81h Sanitize Status polled %d time(s) until SSTAT reported success", polls)
	}
	return err
}

var _ = fmt.Sprint
