package devices

import (
	"context"
	"errors"
	"fmt"

	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wipestation/wipestation/devices/adb"
	"github.com/wipestation/wipestation/devices/mtp"
	"github.com/wipestation/wipestation/msg"
)

// Phone path prefixes: a phone's Path is "mtp:" or "apple:" followed by its usbfs
// node (/dev/bus/usb/BBB/DDD), or "adb:" followed by its ADB serial when ADB is
// all it offers. The usbfs node changes when the phone is plugged in again (the
// device number grows): `list` again after re-plugging.
const (
	PhonePathMTP   = "mtp:"
	PhonePathApple = "apple:"
	PhonePathADB   = "adb:"
)

// The USB interface classes of phones (USB-IF class codes; sanitization.md 9).
const (
	appleVendorID = "05ac"
)

// usbIface is one interface of a USB device as sysfs shows it.
type usbIface struct {
	class, subClass, protocol string // two hex digits each
	name                      string // the iInterface string, when the kernel read it
}

// usbDev is one USB device as sysfs shows it.
type usbDev struct {
	name                          string // sysfs name, e.g. 1-3.1
	vendorID, productID           string
	manufacturer, product, serial string
	busnum, devnum                int
	ifaces                        []usbIface
	busPath                       string
}

func readAttr(fsys fs.FS, dir, name string) string {
	b, err := fs.ReadFile(fsys, path.Join(dir, name))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// usbDevices reads every USB device (not hubs' interfaces, not root hubs) from
// bus/usb/devices in sysfs.
func usbDevices(fsys fs.FS) ([]usbDev, error) {
	const base = "bus/usb/devices"
	ents, err := fs.ReadDir(fsys, base)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil // no USB at all
		}
		return nil, fmt.Errorf("read %s: %w", base, err)
	}
	byName := map[string]*usbDev{}
	var names []string
	for _, e := range ents {
		n := e.Name()
		if strings.HasPrefix(n, "usb") || strings.Contains(n, ":") {
			continue
		}
		dir := path.Join(base, n)
		d := &usbDev{
			name:         n,
			vendorID:     readAttr(fsys, dir, "idVendor"),
			productID:    readAttr(fsys, dir, "idProduct"),
			manufacturer: readAttr(fsys, dir, "manufacturer"),
			product:      readAttr(fsys, dir, "product"),
			serial:       readAttr(fsys, dir, "serial"),
			busPath:      usbBusPath(fsys, dir, n),
		}
		d.busnum, _ = strconv.Atoi(readAttr(fsys, dir, "busnum"))
		d.devnum, _ = strconv.Atoi(readAttr(fsys, dir, "devnum"))
		byName[n] = d
		names = append(names, n)
	}
	for _, e := range ents {
		n := e.Name()
		devName, _, ok := strings.Cut(n, ":")
		if !ok {
			continue
		}
		d := byName[devName]
		if d == nil {
			continue
		}
		dir := path.Join(base, n)
		d.ifaces = append(d.ifaces, usbIface{
			class:    strings.ToLower(readAttr(fsys, dir, "bInterfaceClass")),
			subClass: strings.ToLower(readAttr(fsys, dir, "bInterfaceSubClass")),
			protocol: strings.ToLower(readAttr(fsys, dir, "bInterfaceProtocol")),
			name:     readAttr(fsys, dir, "interface"),
		})
	}
	sort.Strings(names)
	out := make([]usbDev, 0, len(names))
	for _, n := range names {
		out = append(out, *byName[n])
	}
	return out, nil
}

// usbBusPath names the port in udev's ID_PATH style (pci-0000:00:14.0-usb-0:3.1)
// when the sysfs link can be read, else usb-<sysfs name>; both stay the same while
// the phone stays in the same port.
func usbBusPath(fsys fs.FS, dir, name string) string {
	_, port, _ := strings.Cut(name, "-")
	target, err := fs.ReadLink(fsys, dir)
	if err == nil {
		parts := strings.Split(target, "/")
		pci := ""
		for _, p := range parts {
			if strings.Count(p, ":") == 2 && strings.Contains(p, ".") && !strings.Contains(p, "-") {
				pci = p // the last PCI function before the USB tree
			}
		}
		if pci != "" {
			return "pci-" + pci + "-usb-0:" + port
		}
	}
	return "usb-" + name
}

// phoneProtocols says what a USB device offers as a phone, or nothing.
func phoneProtocols(d usbDev) (protocols []string, mtpIface bool) {
	has := map[string]bool{}
	for _, it := range d.ifaces {
		switch {
		case it.class == "06" && it.subClass == "01" && it.protocol == "01":
			if strings.EqualFold(it.name, "MTP") {
				has["mtp"] = true
			} else {
				has["ptp"] = true
			}
		case strings.EqualFold(it.name, "MTP"):
			// Android often shows MTP as a vendor-specific (ff/ff/00) interface.
			has["mtp"] = true
		case it.class == "ff" && it.subClass == "42" && it.protocol == "01":
			has["adb"] = true
		}
	}
	if d.vendorID == appleVendorID && (len(has) > 0 || hasClass(d, "ff")) {
		has["apple"] = true
	}
	for _, p := range []string{"mtp", "ptp", "adb", "apple"} {
		if has[p] {
			protocols = append(protocols, p)
		}
	}
	return protocols, has["mtp"] || (has["ptp"] && !has["apple"])
}

func hasClass(d usbDev, class string) bool {
	for _, it := range d.ifaces {
		if it.class == class {
			return true
		}
	}
	return false
}

// MTPOpener opens an MTP connection to the phone at a usbfs node; close releases
// the interface. OpenMTP is the production one.
type MTPOpener func(ctx context.Context, node string) (c *mtp.Conn, close func() error, err error)

// DiscoverPhones lists phones and tablets attached over USB (MTP/PTP, ADB, Apple),
// read from the USB devices in sysfs and, where reachable, from the phone itself:
// the storages over MTP (briefly claiming the interface) and, with an adb server
// running and the phone authorized, model, OS version and encryption over ADB.
// What could not be asked is listed in Capabilities.ProbeErrors.
func (s System) DiscoverPhones(ctx context.Context) ([]Device, error) {
	return s.discoverPhones(ctx, OpenMTP, adb.Client{Addr: s.ADBServer})
}

// LookupPhone describes the phone at path (as DiscoverPhones reports it).
func (s System) LookupPhone(ctx context.Context, p string) (Device, error) {
	if !IsPhonePath(p) {
		return Device{}, fmt.Errorf("look up phone %s: not a phone path (mtp:, apple: or adb:)", p)
	}
	phones, err := s.DiscoverPhones(ctx)
	if err != nil {
		return Device{}, err
	}
	for _, d := range phones {
		if d.Path == p {
			return d, nil
		}
	}
	return Device{}, fmt.Errorf("look up phone %s: %w", p, ErrPhoneGone)
}

// ErrPhoneGone says the phone is no longer at its path (unplugged, or plugged in
// again with a new device number).
var ErrPhoneGone = errors.New("no phone at this path (unplugged or re-plugged: list again)")

// IsPhonePath reports whether p names a phone rather than a block device or file.
func IsPhonePath(p string) bool {
	return strings.HasPrefix(p, PhonePathMTP) || strings.HasPrefix(p, PhonePathApple) || strings.HasPrefix(p, PhonePathADB)
}

// PhoneNode returns the usbfs node of an mtp: or apple: phone path.
func PhoneNode(p string) (string, error) {
	for _, pre := range []string{PhonePathMTP, PhonePathApple} {
		if rest, ok := strings.CutPrefix(p, pre); ok && strings.Contains(rest, "/bus/usb/") {
			return rest, nil
		}
	}
	return "", msg.Errorf(msg.PhoneNoUSBNode, p)
}

func (s System) adbEnabled() bool { return s.ADBServer != "-" }

func (s System) discoverPhones(ctx context.Context, open MTPOpener, ac adb.Client) ([]Device, error) {
	usb, err := usbDevices(s.Sys)
	if err != nil {
		return nil, fmt.Errorf("discover phones: %w", err)
	}
	devDir := s.DevDir
	if devDir == "" {
		devDir = "/dev"
	}
	var adbStates map[string]adb.State
	var adbErr error
	adbAsked := false
	var out []Device
	type candidate struct {
		u            usbDev
		protocols    []string
		mtpReachable bool
	}
	var cands []candidate
	for _, u := range usb {
		protocols, mtpReachable := phoneProtocols(u)
		if len(protocols) > 0 {
			cands = append(cands, candidate{u, protocols, mtpReachable})
		}
	}
	for i, c := range cands {
		u, protocols, mtpReachable := c.u, c.protocols, c.mtpReachable
		// Each phone gets its share of the time left, so that one silent phone
		// cannot cost the others their storages and the caller its deadline.
		pctx, cancel := ctx, context.CancelFunc(func() {})
		if dl, ok := ctx.Deadline(); ok {
			share := time.Until(dl) / time.Duration(len(cands)-i)
			pctx, cancel = context.WithTimeout(ctx, share-share/10)
		}
		node := fmt.Sprintf("%s/bus/usb/%03d/%03d", devDir, u.busnum, u.devnum)
		d := Device{
			Name:         u.name,
			Kind:         KindPhone,
			Vendor:       u.manufacturer,
			Model:        u.product,
			Serial:       u.serial,
			USBVendorID:  u.vendorID,
			USBProductID: u.productID,
			BusPath:      u.busPath,
			Removable:    true,
			Eligible:     true,
			Capabilities: Capabilities{Phone: &PhoneCapabilities{
				Protocols: protocols, Manufacturer: u.manufacturer, Product: u.product, Encrypted: Unknown,
			}},
		}
		switch {
		case contains(protocols, "apple"):
			d.Transport, d.Path = TransportApple, PhonePathApple+node
		case mtpReachable:
			d.Transport, d.Path = TransportMTP, PhonePathMTP+node
		default:
			d.Transport, d.Path = TransportADB, PhonePathADB+u.serial
		}
		if mtpReachable && open != nil {
			s.probeMTP(pctx, &d, node, open)
		}
		if contains(protocols, "adb") && s.adbEnabled() {
			if !adbAsked {
				adbStates, adbErr = ac.Devices(pctx)
				adbAsked = true
			}
			s.probeADB(pctx, &d, ac, adbStates, adbErr)
		}
		cancel()
		d.Recommendations = Recommend(d)
		out = append(out, d)
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (s System) probeMTP(ctx context.Context, d *Device, node string, open MTPOpener) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	storages, err := ReadStorages(ctx, node, open)
	if err != nil {
		d.Capabilities.ProbeErrors = append(d.Capabilities.ProbeErrors, fmt.Sprintf("mtp storages: %v", err))
		return
	}
	d.Capabilities.Phone.Storages = storages
	for _, st := range storages {
		d.SizeBytes += int64(st.MaxBytes)
	}
}

// ReadStorages opens an MTP session on the phone at node and lists its storages
// with their capacities as the phone reports them.
func ReadStorages(ctx context.Context, node string, open MTPOpener) ([]PhoneStorage, error) {
	c, closeFn, err := open(ctx, node)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	if err := c.OpenSession(ctx, 1); err != nil {
		return nil, err
	}
	defer c.CloseSession(ctx) //nolint:errcheck // best effort; closing the node ends it anyway
	ids, err := c.StorageIDs(ctx)
	if err != nil {
		return nil, err
	}
	var out []PhoneStorage
	for _, id := range ids {
		si, err := c.StorageInfo(ctx, id)
		if err != nil {
			return out, err
		}
		desc := si.Description
		if desc == "" {
			desc = si.VolumeLabel
		}
		out = append(out, PhoneStorage{ID: id, Description: desc, MaxBytes: si.MaxCapacity, FreeBytes: si.FreeSpace})
	}
	return out, nil
}

func (s System) probeADB(ctx context.Context, d *Device, ac adb.Client, states map[string]adb.State, listErr error) {
	note := func(msg string) { d.Capabilities.ProbeErrors = append(d.Capabilities.ProbeErrors, msg) }
	if listErr != nil {
		note(fmt.Sprintf("adb: %v (start the server with `adb start-server` for model, OS version and encryption)", listErr))
		return
	}
	switch st, ok := states[d.Serial]; {
	case !ok:
		note("adb: the adb server does not list this phone")
		return
	case st == adb.StateUnauthorized:
		note("adb: phone has not authorized this computer (accept the USB debugging prompt on the phone)")
		return
	case st != adb.StateDevice:
		note(fmt.Sprintf("adb: phone is %s", st))
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	props, err := ac.Props(ctx, d.Serial)
	if err != nil {
		note(fmt.Sprintf("adb getprop: %v", err))
		return
	}
	ApplyAndroidProps(d, props)
}

// ApplyAndroidProps fills identity and encryption from getprop output.
func ApplyAndroidProps(d *Device, props map[string]string) {
	pc := d.Capabilities.Phone
	if m := props["ro.product.model"]; m != "" {
		d.Model = m
	}
	if m := props["ro.product.manufacturer"]; m != "" {
		d.Vendor = m
	}
	if v := props["ro.build.version.release"]; v != "" {
		pc.OSVersion = "Android " + v
	}
	if sn := props["ro.serialno"]; sn != "" && d.Serial == "" {
		d.Serial = sn
	}
	pc.Encrypted = AndroidEncryption(props)
}

// AndroidEncryption reads ro.crypto.state ("encrypted" or "unencrypted"); an
// absent property is unknown, never "no".
func AndroidEncryption(props map[string]string) Tristate {
	switch props["ro.crypto.state"] {
	case "encrypted":
		return Yes
	case "unencrypted":
		return No
	default:
		return Unknown
	}
}

// CheckPhone re-checks, from sysfs only (nothing is sent to the phone), that the
// phone at path is still the one that was selected: same USB vendor and product
// and same USB serial. It returns a *RefusalError wrapping ErrIdentity, or one
// saying the phone is gone.
func (s System) CheckPhone(p string, want Device) error {
	usb, err := usbDevices(s.Sys)
	if err != nil {
		return fmt.Errorf("check phone %s: %w", p, err)
	}
	devDir := s.DevDir
	if devDir == "" {
		devDir = "/dev"
	}
	for _, u := range usb {
		node := fmt.Sprintf("%s/bus/usb/%03d/%03d", devDir, u.busnum, u.devnum)
		matches := strings.TrimPrefix(strings.TrimPrefix(p, PhonePathMTP), PhonePathApple) == node ||
			(strings.HasPrefix(p, PhonePathADB) && u.serial != "" && p == PhonePathADB+u.serial)
		if !matches {
			continue
		}
		if u.vendorID != want.USBVendorID || u.productID != want.USBProductID || u.serial != want.Serial {
			return &RefusalError{Path: p, Reason: msg.New(msg.RefusalPhoneIdentity,
				u.vendorID+":"+u.productID, strconv.Quote(u.serial), want.USBVendorID+":"+want.USBProductID, strconv.Quote(want.Serial)), Err: ErrIdentity}
		}
		return nil
	}
	return &RefusalError{Path: p, Reason: msg.New(msg.RefusalPhoneGone), Err: ErrPhoneGone}
}

// FindUSB looks for the USB device with this vendor ID and serial in sysfs (any
// interfaces, any mode) and returns its usbfs node. Nothing is sent to it.
func (s System) FindUSB(vendorID, serial string) (node string, found bool, err error) {
	usb, err := usbDevices(s.Sys)
	if err != nil {
		return "", false, err
	}
	devDir := s.DevDir
	if devDir == "" {
		devDir = "/dev"
	}
	for _, u := range usb {
		if u.vendorID == vendorID && u.serial == serial && serial != "" {
			return fmt.Sprintf("%s/bus/usb/%03d/%03d", devDir, u.busnum, u.devnum), true, nil
		}
	}
	return "", false, nil
}
