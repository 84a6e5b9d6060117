package devices

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// EventType says what happened to a device on the desk.
type EventType string

// The event types.
const (
	// EventAdd: a device arrived (or was there when watching started). Device
	// is filled in as Discover would list it.
	EventAdd EventType = "add"
	// EventChange: a known device changed (a disc was inserted, a loop device
	// was resized). Device is filled in again.
	EventChange EventType = "change"
	// EventRemove: a device left. Only Path is known.
	EventRemove EventType = "remove"
	// EventError: watching failed and has stopped; Err says why. It is the
	// last event before the channel closes.
	EventError EventType = "error"
)

// DeviceEvent is one change on the desk, as Watch reports it. Its JSON form is
// the line `wipestation list --watch --json` prints: {"event":"add","device":{...}}
// or {"event":"remove","path":"/dev/sdb"}.
type DeviceEvent struct {
	Type   EventType `json:"event"`
	Path   string    `json:"path,omitempty"`
	Device *Device   `json:"device,omitempty"`
	Err    error     `json:"-"`
}

// uevent is one kernel uevent, as the kernel broadcasts it on
// NETLINK_KOBJECT_UEVENT group 1: "ACTION@DEVPATH\0" followed by "KEY=VALUE\0"
// pairs (lib/kobject_uevent.c).
type uevent struct {
	Action    string // add, remove, change, bind, unbind, move, online, offline
	DevPath   string // /devices/pci0000:00/.../block/sdb, relative to /sys
	Subsystem string // block, usb, scsi, ...
	DevType   string // disk, partition, usb_device, usb_interface
	DevName   string // sdb (block devices), bus/usb/001/004 (USB devices)
	Env       map[string]string
}

// errNotKernelUevent marks a datagram that is not a kernel uevent (udevd's
// "libudev" messages, which a kernel-group socket does not normally receive).
var errNotKernelUevent = errors.New("not a kernel uevent")

// parseUevent decodes one uevent datagram.
func parseUevent(b []byte) (uevent, error) {
	fields := bytes.Split(bytes.TrimRight(b, "\x00"), []byte{0})
	if len(fields) == 0 || len(fields[0]) == 0 {
		return uevent{}, fmt.Errorf("parse uevent: %w: empty", errNotKernelUevent)
	}
	if bytes.HasPrefix(fields[0], []byte("libudev")) {
		return uevent{}, fmt.Errorf("parse uevent: %w: udevd message", errNotKernelUevent)
	}
	action, devpath, ok := strings.Cut(string(fields[0]), "@")
	if !ok || action == "" || !strings.HasPrefix(devpath, "/") {
		return uevent{}, fmt.Errorf("parse uevent: %w: header %q", errNotKernelUevent, fields[0])
	}
	ev := uevent{Env: make(map[string]string, len(fields)-1)}
	for _, f := range fields[1:] {
		k, v, ok := strings.Cut(string(f), "=")
		if !ok || k == "" {
			return uevent{}, fmt.Errorf("parse uevent %s: malformed field %q", devpath, f)
		}
		ev.Env[k] = v
	}
	ev.Action = ev.Env["ACTION"]
	ev.DevPath = ev.Env["DEVPATH"]
	if ev.Action == "" {
		ev.Action = action
	}
	if ev.DevPath == "" {
		ev.DevPath = devpath
	}
	if ev.Action != action || ev.DevPath != devpath {
		return uevent{}, fmt.Errorf("parse uevent %s: header %q disagrees with ACTION=%s DEVPATH=%s", devpath, fields[0], ev.Action, ev.DevPath)
	}
	ev.Subsystem = ev.Env["SUBSYSTEM"]
	ev.DevType = ev.Env["DEVTYPE"]
	ev.DevName = ev.Env["DEVNAME"]
	return ev, nil
}
