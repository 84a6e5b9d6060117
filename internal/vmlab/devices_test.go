package vmlab

import (
	"strings"
	"testing"
)

func TestDeviceArgs(t *testing.T) {
	m := map[string]media{}
	for _, d := range Desk() {
		m[d.ID] = media{image: "/img/" + d.ID, dir: "/dir/" + d.ID}
	}
	args, err := deviceArgs(Desk(), m)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Join(args, " ")
	for _, want := range []string{
		"-device ahci,id=ahci0 -device qemu-xhci,id=xhci,p2=8,p3=8 -device virtio-scsi-pci,id=vscsi0 ",
		"-device nvme,id=nvme0,serial=WSNVME0001 -device nvme-ns,bus=nvme0,drive=drv-nvme0,nsid=1",
		"ide-hd,id=sata0,drive=drv-sata0,bus=ahci0.0,serial=WSSATA0001,model=WS Test SATA SSD,wwn=0x5000c500a1b2c3d4,rotation_rate=1",
		"-drive if=none,file=/img/satacd0,id=drv-satacd0,format=raw,media=cdrom,readonly=on -device ide-cd,id=satacd0,drive=drv-satacd0,bus=ahci0.1,",
		"usb-storage,id=stick0,bus=xhci.0,drive=drv-stick0,serial=WSSTICK0001,removable=on",
		"usb-bot,id=bot0,bus=xhci.0,serial=WSBOTUSB01 -device scsi-hd,id=bot0-disk,bus=bot0.0,scsi-id=0,lun=0,drive=drv-bot0,vendor=Kingstn,product=DataTraveler WS,serial=WSBOTSCSI1",
		"usb-uas,id=uas0,bus=xhci.0,serial=WSUASUSB01 -device scsi-hd,id=uas0-disk,bus=uas0.0,",
		"scsi-hd,id=scsi0,bus=vscsi0.0,scsi-id=0,lun=0,drive=drv-scsi0,serial=WSSCSI0001,vendor=SEAGATE,product=ST4000NM WS,wwn=0x5000c500deadbeef",
		"scsi-cd,id=scsicd0,bus=vscsi0.0,scsi-id=1,lun=0,",
		"usb-mtp,id=phone0,bus=xhci.0,rootdir=/dir/phone0,readonly=off,desc=WS Test Phone,serial=WSPHONE0001",
	} {
		if !strings.Contains(line, want) {
			t.Errorf("QEMU arguments lack %q:\n%s", want, line)
		}
	}
	for _, tc := range []struct {
		name string
		devs []Device
		want string
	}{
		{"bad id", []Device{{ID: "a,b", Kind: KindNVMe}}, "letters, digits"},
		{"duplicate id", []Device{{ID: "a", Kind: KindNVMe}, {ID: "a", Kind: KindNVMe}}, "given twice"},
		{"unknown kind", []Device{{ID: "a", Kind: "floppy"}}, "unknown kind"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := deviceArgs(tc.devs, m); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

func TestQEMUOpt(t *testing.T) {
	if got := qemuOpt("usb-mtp", "desc", "a,b", "serial", "", "id", "x"); got != "usb-mtp,desc=a,,b,id=x" {
		t.Errorf("qemuOpt = %q", got)
	}
}

func TestDevicesScript(t *testing.T) {
	s := devicesScript(Pick("satacd0", "phone0", "bot0"), 30, 100)
	for _, want := range []string{
		"WS_SCRIPT_TIMEOUT=100\n",
		"\tsatacd0) ws_find_block 'WSSATACD01' '' 'QEMUDVD-ROM' ;;\n",
		"\tbot0) ws_find_block 'WSBOTSCSI1' 'WSBOTUSB01' 'DataTravelerWS' ;;\n",
		"\tphone0) ws_find_usb 'WSPHONE0001' ;;\n",
		"WS_DEVICE_IDS='satacd0 bot0 phone0'\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("devices script lacks %q:\n%s", want, s)
		}
	}
}
