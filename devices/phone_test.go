package devices

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wipestation/wipestation/devices/adb"
	"github.com/wipestation/wipestation/devices/adb/adbtest"
	"github.com/wipestation/wipestation/devices/mtp"
	"github.com/wipestation/wipestation/devices/mtp/mtptest"
)

// usbTree builds a sysfs bus/usb/devices tree: devices and their interfaces.
func usbTree(devs map[string]map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for dir, attrs := range devs {
		for k, v := range attrs {
			fsys["bus/usb/devices/"+dir+"/"+k] = &fstest.MapFile{Data: []byte(v + "\n")}
		}
	}
	return fsys
}

func phoneSys() fstest.MapFS {
	return usbTree(map[string]map[string]string{
		"usb1": {"idVendor": "1d6b", "idProduct": "0002"},
		// QEMU's usb-mtp, as vm-lab.md describes it
		"1-1":     {"idVendor": "46f4", "idProduct": "0004", "manufacturer": "QEMU", "product": "QEMU USB MTP", "serial": "MTPSER1", "busnum": "1", "devnum": "4"},
		"1-1:1.0": {"bInterfaceClass": "06", "bInterfaceSubClass": "01", "bInterfaceProtocol": "01", "interface": "MTP"},
		// An Android phone: MTP as vendor-specific class, plus ADB
		"1-2":     {"idVendor": "04e8", "idProduct": "6860", "manufacturer": "SAMSUNG", "product": "SAMSUNG_Android", "serial": "R58M123", "busnum": "1", "devnum": "7"},
		"1-2:1.0": {"bInterfaceClass": "ff", "bInterfaceSubClass": "ff", "bInterfaceProtocol": "00", "interface": "MTP"},
		"1-2:1.1": {"bInterfaceClass": "ff", "bInterfaceSubClass": "42", "bInterfaceProtocol": "01", "interface": "ADB Interface"},
		// An iPhone: PTP for photos and Apple's vendor interfaces
		"2-1":     {"idVendor": "05ac", "idProduct": "12a8", "manufacturer": "Apple Inc.", "product": "iPhone", "serial": "00008030001", "busnum": "2", "devnum": "3"},
		"2-1:1.0": {"bInterfaceClass": "06", "bInterfaceSubClass": "01", "bInterfaceProtocol": "01", "interface": "PTP"},
		"2-1:1.1": {"bInterfaceClass": "ff", "bInterfaceSubClass": "fe", "bInterfaceProtocol": "02"},
		// A phone in "charging only" mode with USB debugging on: ADB alone
		"3-1":     {"idVendor": "18d1", "idProduct": "4ee7", "manufacturer": "Google", "product": "Pixel 7", "serial": "ADBONLY1", "busnum": "3", "devnum": "2"},
		"3-1:1.0": {"bInterfaceClass": "ff", "bInterfaceSubClass": "42", "bInterfaceProtocol": "01", "interface": "ADB Interface"},
		// A USB stick: not a phone
		"2-2":     {"idVendor": "0781", "idProduct": "5567", "manufacturer": "SanDisk", "product": "Cruzer", "serial": "4C53", "busnum": "2", "devnum": "5"},
		"2-2:1.0": {"bInterfaceClass": "08", "bInterfaceSubClass": "06", "bInterfaceProtocol": "50"},
	})
}

func fakeOpener(devs map[string]*mtptest.Device) MTPOpener {
	return func(ctx context.Context, node string) (*mtp.Conn, func() error, error) {
		d, ok := devs[node]
		if !ok {
			return nil, nil, errors.New("permission denied (fake)")
		}
		return mtp.NewConn(d, mtp.Options{}), func() error { return nil }, nil
	}
}

func TestDiscoverPhones(t *testing.T) {
	fake := mtptest.New(&mtptest.Storage{ID: 0x10001, Description: "Internal shared storage", Capacity: 64 << 20})
	srv := adbtest.Start(t, map[string]string{
		"host:devices":           "R58M123\tdevice\n",
		"host:transport:R58M123": "",
		"shell:getprop":          "[ro.product.model]: [SM-G973F]\n[ro.product.manufacturer]: [samsung]\n[ro.build.version.release]: [12]\n[ro.crypto.state]: [encrypted]\n[ro.crypto.type]: [file]\n",
	})
	s := System{Sys: phoneSys(), DevDir: "/dev", ADBServer: srv.Addr}
	phones, err := s.discoverPhones(context.Background(), fakeOpener(map[string]*mtptest.Device{"/dev/bus/usb/001/004": fake}), adb.Client{Addr: srv.Addr})
	if err != nil {
		t.Fatal(err)
	}
	if len(phones) != 4 {
		t.Fatalf("found %d phones, want 4: %+v", len(phones), phones)
	}
	tests := []struct {
		name      string
		d         Device
		path      string
		transport Transport
		protocols string
		serial    string
		model     string
		encrypted Tristate
		storages  int
		probeErr  string
	}{
		{"qemu usb-mtp", phones[0], "mtp:/dev/bus/usb/001/004", TransportMTP, "mtp", "MTPSER1", "QEMU USB MTP", Unknown, 1, ""},
		{"android over mtp and adb", phones[1], "mtp:/dev/bus/usb/001/007", TransportMTP, "mtp,adb", "R58M123", "SM-G973F", Yes, 0, "permission denied"},
		{"iphone", phones[2], "apple:/dev/bus/usb/002/003", TransportApple, "ptp,apple", "00008030001", "iPhone", Unknown, 0, ""},
		{"adb only", phones[3], "adb:ADBONLY1", TransportADB, "adb", "ADBONLY1", "Pixel 7", Unknown, 0, "does not list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.d
			pc := d.Capabilities.Phone
			if d.Kind != KindPhone || d.Path != tt.path || d.Transport != tt.transport || d.Serial != tt.serial || d.Model != tt.model {
				t.Errorf("got kind %s path %s transport %s serial %s model %s", d.Kind, d.Path, d.Transport, d.Serial, d.Model)
			}
			if got := strings.Join(pc.Protocols, ","); got != tt.protocols {
				t.Errorf("protocols = %s, want %s", got, tt.protocols)
			}
			if pc.Encrypted != tt.encrypted {
				t.Errorf("encrypted = %s, want %s", pc.Encrypted, tt.encrypted)
			}
			if len(pc.Storages) != tt.storages {
				t.Errorf("storages = %+v", pc.Storages)
			}
			joined := strings.Join(d.Capabilities.ProbeErrors, "; ")
			if (tt.probeErr == "") != (joined == "") || !strings.Contains(joined, tt.probeErr) {
				t.Errorf("probe errors = %q, want %q", joined, tt.probeErr)
			}
		})
	}
	if st := phones[0].Capabilities.Phone.Storages; len(st) == 1 && (st[0].MaxBytes != 64<<20 || st[0].Description != "Internal shared storage") {
		t.Errorf("storage = %+v", st[0])
	}
	if phones[0].BusPath != "usb-1-1" {
		t.Errorf("bus path = %s", phones[0].BusPath)
	}
}

func TestDiscoverPhonesADBStates(t *testing.T) {
	tests := []struct {
		name    string
		devices string
		want    string
	}{
		{"unauthorized", "R58M123\tunauthorized\n", "has not authorized"},
		{"not listed", "", "does not list"},
		{"no server", "FAIL:cannot connect", "start the server"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := adbtest.Start(t, map[string]string{"host:devices": tt.devices})
			s := System{Sys: phoneSys(), DevDir: "/dev"}
			phones, err := s.discoverPhones(context.Background(), nil, adb.Client{Addr: srv.Addr})
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(phones[1].Capabilities.ProbeErrors, "; ")
			if !strings.Contains(got, tt.want) || phones[1].Capabilities.Phone.Encrypted != Unknown {
				t.Errorf("probe errors = %q (encrypted %s), want %q and unknown", got, phones[1].Capabilities.Phone.Encrypted, tt.want)
			}
		})
	}
}

func TestPhonePaths(t *testing.T) {
	tests := []struct {
		path string
		node string
		ok   bool
	}{
		{"mtp:/dev/bus/usb/001/004", "/dev/bus/usb/001/004", true},
		{"apple:/dev/bus/usb/002/003", "/dev/bus/usb/002/003", true},
		{"adb:R58M123", "", false},
		{"/dev/sdb", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			node, err := PhoneNode(tt.path)
			if (err == nil) != tt.ok || node != tt.node {
				t.Errorf("PhoneNode = %q, %v", node, err)
			}
		})
	}
	if IsPhonePath("/dev/sdb") || !IsPhonePath("adb:X") {
		t.Error("IsPhonePath wrong")
	}
}

// A silent phone costs the listing its storages, never the deadline.
func TestDiscoverPhonesSilentPhone(t *testing.T) {
	fake := mtptest.New(&mtptest.Storage{ID: 0x10001, Capacity: 1 << 20})
	fake.Mangle = func(op uint16, tr [][]byte) [][]byte { return nil }
	s := System{Sys: phoneSys(), DevDir: "/dev", ADBServer: "-"}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	phones, err := s.discoverPhones(ctx, fakeOpener(map[string]*mtptest.Device{"/dev/bus/usb/001/004": fake}), adb.Client{})
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > 500*time.Millisecond {
		t.Errorf("took %v, past the caller's deadline", time.Since(start))
	}
	if len(phones) != 4 || len(phones[0].Capabilities.ProbeErrors) == 0 {
		t.Errorf("phones %d, probe errors %v", len(phones), phones[0].Capabilities.ProbeErrors)
	}
}
