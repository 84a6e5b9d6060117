package usbfs

import (
	"errors"
	"testing"
)

// mtpDescriptors is laid out like what QEMU's usb-mtp (46f4:0004) shows through
// usbfs at high speed: one configuration, interface 0 of class 06/01/01 with a
// bulk IN, a bulk OUT and an interrupt IN endpoint.
var mtpDescriptors = []byte{
	// device: USB 2.0, class 0, ep0 64, 46f4:0004, strings 1/2/3, 1 configuration
	18, 1, 0x00, 0x02, 0, 0, 0, 64, 0xf4, 0x46, 0x04, 0x00, 0x00, 0x00, 1, 2, 3, 1,
	// configuration: total length 39, 1 interface
	9, 2, 39, 0, 1, 1, 0, 0xc0, 1,
	// interface 0, alt 0, 3 endpoints, class 06/01/01, iInterface 5
	9, 4, 0, 0, 3, 6, 1, 1, 5,
	// endpoint 0x81 bulk IN 512
	7, 5, 0x81, 2, 0x00, 0x02, 0,
	// endpoint 0x02 bulk OUT 512
	7, 5, 0x02, 2, 0x00, 0x02, 0,
	// endpoint 0x83 interrupt IN 8
	7, 5, 0x83, 3, 8, 0, 10,
}

func TestParseDescriptors(t *testing.T) {
	d, err := ParseDescriptors(mtpDescriptors)
	if err != nil {
		t.Fatal(err)
	}
	if d.Device.VendorID != 0x46f4 || d.Device.ProductID != 0x0004 || d.Device.SerialIx != 3 {
		t.Errorf("device descriptor = %+v", d.Device)
	}
	it, in, out, err := d.Find(6, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if it.Number != 0 || it.StringIx != 5 || in.Address != 0x81 || out.Address != 0x02 || in.MaxPacket != 512 {
		t.Errorf("Find = %+v %+v %+v", it, in, out)
	}
	if _, _, _, err := d.Find(0xff, 0x42, 1); !errors.Is(err, ErrNoInterface) {
		t.Errorf("Find(ADB) = %v, want ErrNoInterface", err)
	}
}

func TestParseDescriptorsBroken(t *testing.T) {
	tests := []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"not a device descriptor", append([]byte{18, 2}, mtpDescriptors[2:]...)},
		{"zero-length descriptor", append(append([]byte{}, mtpDescriptors[:18]...), 0, 4, 1)},
		{"descriptor past the end", append(append([]byte{}, mtpDescriptors[:18]...), 9, 4, 0)},
		{"short interface", append(append([]byte{}, mtpDescriptors[:18]...), 4, 4, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseDescriptors(tt.b); err == nil {
				t.Error("parsed without error")
			}
		})
	}
}
