// Package usbfs talks to USB devices through Linux usbfs (/dev/bus/usb/BBB/DDD):
// it reads the descriptors, claims an interface and runs bulk transfers with
// bounded timeouts, in pure Go (no libusb, no cgo). The descriptor parser is
// portable; the device calls are Linux-only, with stubs elsewhere.
package usbfs

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Descriptor types (USB 2.0 table 9-5).
const (
	descDevice    = 1
	descConfig    = 2
	descInterface = 4
	descEndpoint  = 5
)

// DeviceDescriptor is the standard device descriptor (USB 2.0 9.6.1).
type DeviceDescriptor struct {
	USBVersion     uint16
	Class          uint8
	SubClass       uint8
	Protocol       uint8
	MaxPacket0     uint8
	VendorID       uint16
	ProductID      uint16
	DeviceVersion  uint16
	ManufacturerIx uint8 // string descriptor indexes
	ProductIx      uint8
	SerialIx       uint8
	NumConfigs     uint8
}

// Endpoint is one endpoint of an interface.
type Endpoint struct {
	Address   uint8 // bit 7 set for IN
	Attrs     uint8 // bits 1:0: 0 control, 1 isochronous, 2 bulk, 3 interrupt
	MaxPacket uint16
}

// In reports whether the endpoint sends data to the host.
func (e Endpoint) In() bool { return e.Address&0x80 != 0 }

// Bulk reports whether the endpoint is a bulk endpoint.
func (e Endpoint) Bulk() bool { return e.Attrs&3 == 2 }

// Interface is one interface (alternate setting) of a configuration.
type Interface struct {
	Number    uint8
	Alternate uint8
	Class     uint8
	SubClass  uint8
	Protocol  uint8
	StringIx  uint8 // iInterface
	Endpoints []Endpoint
}

// Descriptors is what usbfs gives when the device node is read: the device
// descriptor and every configuration's interfaces.
type Descriptors struct {
	Device     DeviceDescriptor
	Interfaces []Interface
}

// ErrNoInterface says the device has no interface of the requested class.
var ErrNoInterface = errors.New("no matching interface")

// ParseDescriptors decodes the bytes read from a usbfs device node.
func ParseDescriptors(b []byte) (Descriptors, error) {
	var d Descriptors
	if len(b) < 18 || b[0] < 18 || b[1] != descDevice {
		return d, fmt.Errorf("parse usb descriptors: no device descriptor (%d bytes)", len(b))
	}
	d.Device = DeviceDescriptor{
		USBVersion:     binary.LittleEndian.Uint16(b[2:]),
		Class:          b[4],
		SubClass:       b[5],
		Protocol:       b[6],
		MaxPacket0:     b[7],
		VendorID:       binary.LittleEndian.Uint16(b[8:]),
		ProductID:      binary.LittleEndian.Uint16(b[10:]),
		DeviceVersion:  binary.LittleEndian.Uint16(b[12:]),
		ManufacturerIx: b[14],
		ProductIx:      b[15],
		SerialIx:       b[16],
		NumConfigs:     b[17],
	}
	rest := b[b[0]:]
	var cur *Interface
	for len(rest) >= 2 {
		l := int(rest[0])
		if l < 2 || l > len(rest) {
			return d, fmt.Errorf("parse usb descriptors: descriptor of length %d with %d bytes left", l, len(rest))
		}
		p := rest[:l]
		switch p[1] {
		case descInterface:
			if l < 9 {
				return d, fmt.Errorf("parse usb descriptors: interface descriptor of %d bytes", l)
			}
			d.Interfaces = append(d.Interfaces, Interface{Number: p[2], Alternate: p[3], Class: p[5], SubClass: p[6], Protocol: p[7], StringIx: p[8]})
			cur = &d.Interfaces[len(d.Interfaces)-1]
		case descEndpoint:
			if l < 7 {
				return d, fmt.Errorf("parse usb descriptors: endpoint descriptor of %d bytes", l)
			}
			if cur != nil {
				cur.Endpoints = append(cur.Endpoints, Endpoint{Address: p[2], Attrs: p[3], MaxPacket: binary.LittleEndian.Uint16(p[4:]) & 0x7ff})
			}
		case descConfig:
			cur = nil
		}
		rest = rest[l:]
	}
	return d, nil
}

// Find returns the first interface with the class, subclass and protocol given,
// and its bulk IN and bulk OUT endpoints.
func (d Descriptors) Find(class, subClass, protocol uint8) (iface Interface, in, out Endpoint, err error) {
	for _, it := range d.Interfaces {
		if it.Class != class || it.SubClass != subClass || it.Protocol != protocol {
			continue
		}
		var haveIn, haveOut bool
		for _, e := range it.Endpoints {
			if !e.Bulk() {
				continue
			}
			if e.In() && !haveIn {
				in, haveIn = e, true
			} else if !e.In() && !haveOut {
				out, haveOut = e, true
			}
		}
		if haveIn && haveOut {
			return it, in, out, nil
		}
	}
	return Interface{}, Endpoint{}, Endpoint{}, fmt.Errorf("interface %02x/%02x/%02x with bulk in and out: %w", class, subClass, protocol, ErrNoInterface)
}
