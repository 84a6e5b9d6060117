// Package mtptest is a fake MTP device at the byte boundary: it answers the bulk
// transfers a phone would, from an in-memory tree of storages, folders and files.
// Tests of devices/mtp and of the wipe executors drive it through the same Bulk
// interface the real usbfs pipes implement, and inject faults (wrong transaction
// IDs, short containers, unknown response codes, silence, unplugging).
package mtptest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"sort"
	"sync"

	"github.com/wipestation/wipestation/devices/mtp"
)

// ErrGone is what every transfer returns after the device was unplugged.
var ErrGone = errors.New("no such device (fake unplugged)")

// TimeoutError is what Read returns when the device has nothing to say.
type TimeoutError struct{}

func (TimeoutError) Error() string { return "bulk transfer timed out (fake)" }

// Timeout reports true: the transfer timed out.
func (TimeoutError) Timeout() bool { return true }

// Storage is one storage of the fake device.
type Storage struct {
	ID          uint32
	Description string
	// Capacity is the true space in bytes; a SendObject past it fails with
	// Store_Full. ReportedFree, when non-zero, is what GetStorageInfo claims
	// instead of the truth (QEMU's usb-mtp reports a wrong figure).
	Capacity     uint64
	ReportedFree uint64
	// ReportedCapacity, when non-zero, is the capacity GetStorageInfo claims.
	ReportedCapacity uint64
	ReadOnly         bool
}

// Object is a file or folder on the fake device.
type Object struct {
	Handle  uint32
	Storage uint32
	Parent  uint32 // mtp.ParentRoot at the top
	Name    string
	Folder  bool
	Data    []byte
}

// Device is the fake phone. Its exported fields may be changed between
// transactions (not during one); all methods are safe for concurrent use.
type Device struct {
	mu sync.Mutex

	Info     mtp.DeviceInfo
	Storages []*Storage
	Objects  map[uint32]*Object
	next     uint32

	// Mangle, when set, may rewrite the IN transfers (data, then response) the
	// device is about to send for op; returning none makes the device silent.
	Mangle func(op uint16, transfers [][]byte) [][]byte
	// GoneAfter, when > 0, unplugs the device when that many commands have
	// arrived: the command that reaches the count and every transfer after it
	// fail with ErrGone.
	GoneAfter int
	// KeepPartial keeps the bytes of a SendObject that hit Store_Full as a
	// truncated file, as some devices do.
	KeepPartial bool
	// NoFolderDelete makes DeleteObject refuse non-empty folders.
	NoFolderDelete bool
	// Protected objects are refused by DeleteObject (Object_WriteProtected).
	Protected map[uint32]bool
	// LateListing hides a newly sent object for this many commands, as QEMU's
	// usb-mtp does until its inotify watch fires.
	LateListing int
	hidden      map[uint32]int
	late        map[uint32]*Object

	// Commands counts the commands received, by operation.
	Commands map[uint16]int
	total    int
	gone     bool

	session uint32
	in      [][]byte // queued IN transfers
	// the command waiting for its data phase
	pendOp     uint16
	pendTID    uint32
	pendParams []uint32
	pendLen    int64 // declared data length (payload), -1 when no data phase
	pendData   []byte
	// object announced by SendObjectInfo
	announced *Object
	annSize   int64
}

// New returns a fake device with the given storages and the operations QEMU's
// usb-mtp supports.
func New(storages ...*Storage) *Device {
	return &Device{
		Info: mtp.DeviceInfo{
			StandardVersion: 100, VendorExtensionID: 6, VendorExtensionDesc: "microsoft.com: 1.0;",
			Operations: []uint16{mtp.OpGetDeviceInfo, mtp.OpOpenSession, mtp.OpCloseSession,
				mtp.OpGetStorageIDs, mtp.OpGetStorageInfo, mtp.OpGetObjectHandles, mtp.OpGetObjectInfo,
				mtp.OpGetObject, mtp.OpDeleteObject, mtp.OpSendObjectInfo, mtp.OpSendObject},
			Manufacturer: "Fake", Model: "Phone", DeviceVersion: "1.0", SerialNumber: "FAKE0001",
		},
		Storages: storages,
		Objects:  map[uint32]*Object{},
		next:     1,
		Commands: map[uint16]int{},
		pendLen:  -1,
	}
}

// Add puts a file (data non-nil or empty) or folder (folder true) under parent and
// returns its handle.
func (d *Device) Add(storage, parent uint32, name string, folder bool, data []byte) uint32 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.add(storage, parent, name, folder, data)
}

func (d *Device) add(storage, parent uint32, name string, folder bool, data []byte) uint32 {
	h := d.next
	d.next++
	d.Objects[h] = &Object{Handle: h, Storage: storage, Parent: parent, Name: name, Folder: folder, Data: data}
	return h
}

// Unplug makes every later transfer fail with ErrGone.
func (d *Device) Unplug() {
	d.mu.Lock()
	d.gone = true
	d.mu.Unlock()
}

// Snapshot returns copies of the objects now on the device, sorted by handle.
func (d *Device) Snapshot() []Object {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Object
	for _, o := range d.Objects {
		c := *o
		c.Data = bytes.Clone(o.Data)
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Handle < out[j].Handle })
	return out
}

// Used returns the bytes stored in storage.
func (d *Device) Used(storage uint32) uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.used(storage)
}

func (d *Device) used(storage uint32) uint64 {
	var n uint64
	for _, o := range d.Objects {
		if o.Storage == storage {
			n += uint64(len(o.Data))
		}
	}
	return n
}

func (d *Device) storage(id uint32) *Storage {
	for _, s := range d.Storages {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// Write takes one bulk-OUT transfer.
func (d *Device) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.gone {
		return 0, ErrGone
	}
	if d.pendLen >= 0 { // in a data phase
		if len(d.pendData) == 0 {
			if len(p) < mtp.HeaderLen || binary.LittleEndian.Uint16(p[4:]) != mtp.TypeData {
				d.finish(mtp.RespGeneralError, nil)
				return len(p), nil
			}
			declared := int64(binary.LittleEndian.Uint32(p[0:])) - mtp.HeaderLen
			d.pendLen = declared
			d.pendData = append(make([]byte, 0, declared+mtp.HeaderLen), p...)
		} else {
			d.pendData = append(d.pendData, p...)
		}
		if int64(len(d.pendData))-mtp.HeaderLen >= d.pendLen {
			d.dataDone()
		}
		return len(p), nil
	}
	if len(p) < mtp.HeaderLen || binary.LittleEndian.Uint16(p[4:]) != mtp.TypeCommand {
		return len(p), nil // ignored, as a device ignores garbage
	}
	d.total++
	if d.GoneAfter > 0 && d.total >= d.GoneAfter {
		d.gone = true
		return 0, ErrGone
	}
	op := binary.LittleEndian.Uint16(p[6:])
	d.Commands[op]++
	d.pendOp = op
	d.pendTID = binary.LittleEndian.Uint32(p[8:])
	d.pendParams = nil
	for i := mtp.HeaderLen; i+4 <= len(p); i += 4 {
		d.pendParams = append(d.pendParams, binary.LittleEndian.Uint32(p[i:]))
	}
	if op == mtp.OpSendObjectInfo || op == mtp.OpSendObject {
		d.pendLen = 0
		d.pendData = nil
		return len(p), nil
	}
	d.command()
	return len(p), nil
}

// Read gives (part of) the next queued IN transfer.
func (d *Device) Read(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.gone {
		return 0, ErrGone
	}
	if len(d.in) == 0 {
		return 0, TimeoutError{}
	}
	n := copy(p, d.in[0])
	if n < len(d.in[0]) {
		d.in[0] = d.in[0][n:]
	} else {
		d.in = d.in[1:]
	}
	return n, nil
}

func (d *Device) param(i int) uint32 {
	if i < len(d.pendParams) {
		return d.pendParams[i]
	}
	return 0
}

// finish queues the data (if any) and the response for the pending command.
func (d *Device) finish(code uint16, data []byte, params ...uint32) {
	var transfers [][]byte
	if data != nil {
		c := make([]byte, mtp.HeaderLen, mtp.HeaderLen+len(data))
		putHeader(c, uint32(mtp.HeaderLen+len(data)), mtp.TypeData, d.pendOp, d.pendTID)
		transfers = append(transfers, append(c, data...))
	}
	r := make([]byte, mtp.HeaderLen, mtp.HeaderLen+4*len(params))
	putHeader(r, uint32(mtp.HeaderLen+4*len(params)), mtp.TypeResponse, code, d.pendTID)
	for _, v := range params {
		r = binary.LittleEndian.AppendUint32(r, v)
	}
	transfers = append(transfers, r)
	if d.Mangle != nil {
		transfers = d.Mangle(d.pendOp, transfers)
	}
	d.in = append(d.in, transfers...)
	d.pendLen = -1
	d.pendData = nil
}

func putHeader(b []byte, length uint32, typ, code uint16, tid uint32) {
	binary.LittleEndian.PutUint32(b[0:], length)
	binary.LittleEndian.PutUint16(b[4:], typ)
	binary.LittleEndian.PutUint16(b[6:], code)
	binary.LittleEndian.PutUint32(b[8:], tid)
}

// command answers a command without a data-out phase.
func (d *Device) command() {
	op := d.pendOp
	for h, n := range d.hidden {
		if n <= 1 {
			delete(d.hidden, h)
			d.Objects[h] = d.late[h]
			delete(d.late, h)
		} else {
			d.hidden[h] = n - 1
		}
	}
	if op != mtp.OpGetDeviceInfo && op != mtp.OpOpenSession && d.session == 0 {
		d.finish(mtp.RespSessionNotOpen, nil)
		return
	}
	switch op {
	case mtp.OpGetDeviceInfo:
		d.finish(mtp.RespOK, mtp.AppendDeviceInfo(nil, d.Info))
	case mtp.OpOpenSession:
		if d.session != 0 {
			d.finish(mtp.RespSessionAlreadyOpen, nil, d.session)
			return
		}
		d.session = d.param(0)
		d.finish(mtp.RespOK, nil)
	case mtp.OpCloseSession:
		d.session = 0
		d.finish(mtp.RespOK, nil)
	case mtp.OpGetStorageIDs:
		var ids []uint32
		for _, s := range d.Storages {
			ids = append(ids, s.ID)
		}
		d.finish(mtp.RespOK, mtp.AppendU32s(nil, ids))
	case mtp.OpGetStorageInfo:
		s := d.storage(d.param(0))
		if s == nil {
			d.finish(mtp.RespInvalidStorageID, nil)
			return
		}
		free := s.Capacity - min(s.Capacity, d.used(s.ID))
		if s.ReportedFree != 0 {
			free = s.ReportedFree
		}
		capacity := s.Capacity
		if s.ReportedCapacity != 0 {
			capacity = s.ReportedCapacity
		}
		access := uint16(0)
		if s.ReadOnly {
			access = 1
		}
		d.finish(mtp.RespOK, mtp.AppendStorageInfo(nil, mtp.StorageInfo{
			StorageType: 3, FilesystemType: 2, AccessCapability: access,
			MaxCapacity: capacity, FreeSpace: free, FreeObjects: 0xFFFFFFFF,
			Description: s.Description, VolumeLabel: s.Description,
		}))
	case mtp.OpGetObjectHandles:
		storage, parent := d.param(0), d.param(2)
		var hs []uint32
		for _, o := range d.Objects {
			if storage != mtp.AllStorages && o.Storage != storage {
				continue
			}
			if parent != 0 && o.Parent != parent {
				continue
			}
			hs = append(hs, o.Handle)
		}
		sort.Slice(hs, func(i, j int) bool { return hs[i] < hs[j] })
		d.finish(mtp.RespOK, mtp.AppendU32s(nil, hs))
	case mtp.OpGetObjectInfo:
		o := d.Objects[d.param(0)]
		if o == nil {
			d.finish(mtp.RespInvalidObjectHandle, nil)
			return
		}
		d.finish(mtp.RespOK, mtp.AppendObjectInfo(nil, objectInfo(o)))
	case mtp.OpGetObject:
		o := d.Objects[d.param(0)]
		if o == nil || o.Folder {
			d.finish(mtp.RespInvalidObjectHandle, nil)
			return
		}
		d.finish(mtp.RespOK, bytes.Clone(o.Data))
	case mtp.OpDeleteObject:
		o := d.Objects[d.param(0)]
		if o == nil {
			d.finish(mtp.RespInvalidObjectHandle, nil)
			return
		}
		if s := d.storage(o.Storage); s != nil && s.ReadOnly {
			d.finish(mtp.RespStoreReadOnly, nil)
			return
		}
		if d.Protected[o.Handle] {
			d.finish(mtp.RespObjectWriteProtected, nil)
			return
		}
		if o.Folder && d.hasChildren(o.Handle) {
			if d.NoFolderDelete {
				d.finish(mtp.RespPartialDeletion, nil)
				return
			}
			d.deleteTree(o.Handle)
		}
		delete(d.Objects, o.Handle)
		d.finish(mtp.RespOK, nil)
	default:
		d.finish(mtp.RespOperationNotSupported, nil)
	}
}

func objectInfo(o *Object) mtp.ObjectInfo {
	info := mtp.ObjectInfo{StorageID: o.Storage, Format: mtp.FormatUndefined, CompressedSize: uint32(len(o.Data)), Parent: o.Parent, Filename: o.Name}
	if o.Parent == mtp.ParentRoot {
		info.Parent = 0
	}
	if o.Folder {
		info.Format = mtp.FormatAssociation
		info.AssociationTyp = 1
	}
	return info
}

func (d *Device) hasChildren(h uint32) bool {
	for _, o := range d.Objects {
		if o.Parent == h {
			return true
		}
	}
	return false
}

func (d *Device) deleteTree(h uint32) {
	for _, o := range d.Objects {
		if o.Parent == h {
			d.deleteTree(o.Handle)
			delete(d.Objects, o.Handle)
		}
	}
}

// dataDone answers a command whose data phase has fully arrived.
func (d *Device) dataDone() {
	payload := d.pendData[mtp.HeaderLen:]
	switch d.pendOp {
	case mtp.OpSendObjectInfo:
		if d.session == 0 {
			d.finish(mtp.RespSessionNotOpen, nil)
			return
		}
		info, err := mtp.ParseObjectInfo(payload)
		if err != nil {
			d.finish(mtp.RespInvalidParameter, nil)
			return
		}
		s := d.storage(d.param(0))
		if s == nil {
			d.finish(mtp.RespInvalidStorageID, nil)
			return
		}
		if s.ReadOnly {
			d.finish(mtp.RespStoreReadOnly, nil)
			return
		}
		parent := d.param(1)
		if parent == 0 {
			parent = mtp.ParentRoot
		}
		if parent != mtp.ParentRoot {
			if p := d.Objects[parent]; p == nil || !p.Folder {
				d.finish(mtp.RespInvalidParentObject, nil)
				return
			}
		}
		o := &Object{Handle: d.next, Storage: s.ID, Parent: parent, Name: info.Filename, Folder: info.Format == mtp.FormatAssociation}
		d.next++
		if o.Folder {
			d.Objects[o.Handle] = o
			d.finish(mtp.RespOK, nil, s.ID, parent, o.Handle)
			return
		}
		d.announced, d.annSize = o, int64(info.CompressedSize)
		d.finish(mtp.RespOK, nil, s.ID, parent, o.Handle)
	case mtp.OpSendObject:
		o := d.announced
		d.announced = nil
		if o == nil {
			d.finish(mtp.RespNoValidObjectInfo, nil)
			return
		}
		if int64(len(payload)) != d.annSize {
			d.finish(mtp.RespIncompleteTransfer, nil)
			return
		}
		s := d.storage(o.Storage)
		room := s.Capacity - min(s.Capacity, d.used(s.ID))
		if uint64(len(payload)) > room {
			if d.KeepPartial && room > 0 {
				o.Data = bytes.Clone(payload[:room])
				d.Objects[o.Handle] = o
			}
			d.finish(mtp.RespStoreFull, nil)
			return
		}
		o.Data = bytes.Clone(payload)
		if d.LateListing > 0 {
			if d.hidden == nil {
				d.hidden, d.late = map[uint32]int{}, map[uint32]*Object{}
			}
			d.hidden[o.Handle], d.late[o.Handle] = d.LateListing, o
		} else {
			d.Objects[o.Handle] = o
		}
		d.finish(mtp.RespOK, nil)
	}
}
