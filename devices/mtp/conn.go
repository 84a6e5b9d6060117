package mtp

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
)

// Container types (PIMA 15740 / USB Still Image Capture Device Definition D.7).
const (
	TypeCommand  uint16 = 1
	TypeData     uint16 = 2
	TypeResponse uint16 = 3
	TypeEvent    uint16 = 4
)

// HeaderLen is the size of a container header: length, type, code, transaction ID.
const HeaderLen = 12

// Bulk is the pair of bulk pipes to the device. Write is one bulk-OUT transfer and
// Read one bulk-IN transfer: Read returns when the device ends a transfer (a short
// or zero-length packet) or p is full. Both must return within a bounded time; a
// transfer that times out returns an error with a Timeout() bool method that says
// true. Implementations need not be safe for concurrent use.
type Bulk interface {
	Write(p []byte) (int, error)
	Read(p []byte) (int, error)
}

// Options tune a connection; the zero value is usable.
type Options struct {
	// Chunk is the size of each bulk transfer in bytes; it must be a multiple of
	// the endpoint's maximum packet size (1024 fits every USB speed). Default 256 KiB.
	Chunk int
	// ResponseWait bounds how long a transaction waits for the device's answer,
	// across transfer timeouts (a slow DeleteObject of a big folder). Default 60 s.
	ResponseWait time.Duration
	// MaxPacket is the bulk-OUT endpoint's maximum packet size. When a data phase
	// is an exact multiple of it, a zero-length transfer ends the phase, as USB
	// requires (the device could not tell the end otherwise). 0: never send one.
	// QEMU's usb-mtp takes any multiple of 64 bytes as "more to come": callers
	// that choose object sizes avoid those (see wipe/mtpclear).
	MaxPacket int
}

// Conn is an MTP connection over a Bulk. It is not safe for concurrent use: MTP
// runs one transaction at a time.
type Conn struct {
	b      Bulk
	opt    Options
	tid    uint32
	broken error // the protocol error that put the connection out of step
	buf    []byte
}

// NewConn returns a connection over b. It sends nothing until the first call.
func NewConn(b Bulk, opt Options) *Conn {
	if opt.Chunk <= 0 {
		opt.Chunk = 256 << 10
	}
	if opt.ResponseWait <= 0 {
		opt.ResponseWait = 60 * time.Second
	}
	return &Conn{b: b, opt: opt, buf: make([]byte, opt.Chunk)}
}

// dataOut is a data phase sent to the device: Size bytes read from R.
type dataOut struct {
	R    io.Reader
	Size int64
}

// response is the device's response container.
type response struct {
	Code   uint16
	Params []uint32
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// transact runs one transaction: command, optional data phase in either direction,
// response. A non-OK response is returned as *ResponseError; broken framing as
// *ProtocolError, after which the connection refuses further calls.
func (c *Conn) transact(ctx context.Context, op uint16, params []uint32, out *dataOut, in io.Writer) (response, error) {
	if c.broken != nil {
		return response{}, fmt.Errorf("%s: connection unusable after earlier error: %w", OpName(op), c.broken)
	}
	if err := ctx.Err(); err != nil {
		return response{}, fmt.Errorf("%s: %w", OpName(op), err)
	}
	if len(params) > 5 {
		return response{}, fmt.Errorf("%s: %d parameters, at most 5", OpName(op), len(params))
	}
	c.tid++
	cmd := make([]byte, HeaderLen, HeaderLen+4*len(params))
	putHeader(cmd, uint32(HeaderLen+4*len(params)), TypeCommand, op, c.tid)
	for _, p := range params {
		cmd = binary.LittleEndian.AppendUint32(cmd, p)
	}
	if err := c.write(cmd); err != nil {
		return response{}, c.fail(op, fmt.Errorf("send command: %w", err))
	}
	if out != nil {
		if err := c.sendData(ctx, op, out); err != nil {
			// The device may have refused the data (Store_Full) and stalled the
			// pipe: its response says why, so try to read it once.
			if resp, rerr := c.readResponse(ctx, op, nil); rerr == nil && resp.Code != RespOK {
				return resp, &ResponseError{Op: op, Code: resp.Code}
			}
			return response{}, c.fail(op, fmt.Errorf("send data: %w", err))
		}
	}
	resp, err := c.readResponse(ctx, op, in)
	if err != nil {
		return response{}, err
	}
	if resp.Code != RespOK {
		return resp, &ResponseError{Op: op, Code: resp.Code}
	}
	return resp, nil
}

// fail marks the connection broken when err leaves it out of step with the device.
func (c *Conn) fail(op uint16, err error) error {
	var pe *ProtocolError
	if !errors.As(err, &pe) {
		err = fmt.Errorf("%s: %w", OpName(op), err)
	}
	c.broken = err
	return err
}

func putHeader(b []byte, length uint32, typ, code uint16, tid uint32) {
	binary.LittleEndian.PutUint32(b[0:], length)
	binary.LittleEndian.PutUint16(b[4:], typ)
	binary.LittleEndian.PutUint16(b[6:], code)
	binary.LittleEndian.PutUint32(b[8:], tid)
}

func (c *Conn) write(p []byte) error {
	n, err := c.b.Write(p)
	if err != nil {
		return err
	}
	if n != len(p) {
		return fmt.Errorf("short bulk write: %d of %d bytes", n, len(p))
	}
	return nil
}

// sendData sends a data container: the header and the first bytes in one
// transfer, then the rest in chunks. The declared length is exactly Size: some
// devices (QEMU's usb-mtp) abort on a mismatch.
func (c *Conn) sendData(ctx context.Context, op uint16, out *dataOut) error {
	total := uint64(HeaderLen) + uint64(out.Size)
	length := uint32(0xFFFFFFFF)
	if total < 0xFFFFFFFF {
		length = uint32(total)
	}
	buf := c.buf
	putHeader(buf, length, TypeData, op, c.tid)
	fill := HeaderLen
	var sent int64
	for {
		want := len(buf) - fill
		if rem := out.Size - sent; int64(want) > rem {
			want = int(rem)
		}
		if want > 0 {
			n, err := io.ReadFull(out.R, buf[fill:fill+want])
			if err != nil {
				return fmt.Errorf("read source after %d of %d bytes: %w", sent+int64(n), out.Size, err)
			}
		}
		if err := c.write(buf[:fill+want]); err != nil {
			return err
		}
		sent += int64(want)
		fill = 0
		if sent >= out.Size {
			if c.opt.MaxPacket > 0 && (uint64(HeaderLen)+uint64(out.Size))%uint64(c.opt.MaxPacket) == 0 {
				if _, err := c.b.Write(nil); err != nil {
					return fmt.Errorf("zero-length packet: %w", err)
				}
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// read does one bulk-IN transfer, waiting through transfer timeouts until
// deadline or ctx ends.
func (c *Conn) read(ctx context.Context, deadline time.Time) (int, error) {
	for {
		n, err := c.b.Read(c.buf)
		if err == nil {
			return n, nil
		}
		if !isTimeout(err) {
			return 0, err
		}
		if cerr := ctx.Err(); cerr != nil {
			return 0, fmt.Errorf("%w (while waiting: %v)", cerr, err)
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("no answer from the device: %w", err)
		}
	}
}

// readResponse reads an optional data container (into in, or discarded) and then
// the response container.
func (c *Conn) readResponse(ctx context.Context, op uint16, in io.Writer) (response, error) {
	deadline := time.Now().Add(c.opt.ResponseWait)
	zlps := 0
	for {
		n, err := c.read(ctx, deadline)
		if err != nil {
			return response{}, c.fail(op, fmt.Errorf("read answer: %w", err))
		}
		if n == 0 {
			// A zero-length packet ending an earlier transfer that filled our
			// buffer exactly; a device that sends nothing else is broken.
			if zlps++; zlps > 3 {
				return response{}, c.fail(op, &ProtocolError{Op: op, Reason: "device sends only empty transfers"})
			}
			continue
		}
		p := c.buf[:n]
		if n < HeaderLen {
			return response{}, c.fail(op, &ProtocolError{Op: op, Reason: fmt.Sprintf("short container: %d bytes, a header is %d", n, HeaderLen)})
		}
		length := binary.LittleEndian.Uint32(p[0:])
		typ := binary.LittleEndian.Uint16(p[4:])
		code := binary.LittleEndian.Uint16(p[6:])
		tid := binary.LittleEndian.Uint32(p[8:])
		if tid != c.tid {
			return response{}, c.fail(op, &ProtocolError{Op: op, Reason: fmt.Sprintf("answer for transaction %d, expected %d", tid, c.tid)})
		}
		switch typ {
		case TypeData:
			if code != op {
				return response{}, c.fail(op, &ProtocolError{Op: op, Reason: fmt.Sprintf("data container for %s", OpName(code))})
			}
			if in == nil {
				in = io.Discard
			}
			if err := c.readData(ctx, op, length, p[HeaderLen:], in, deadline); err != nil {
				return response{}, err
			}
			deadline = time.Now().Add(c.opt.ResponseWait)
		case TypeResponse:
			if length < HeaderLen || length > HeaderLen+5*4 || length%4 != 0 || int(length) != n {
				return response{}, c.fail(op, &ProtocolError{Op: op, Reason: fmt.Sprintf("response container of %d bytes declares length %d", n, length)})
			}
			resp := response{Code: code}
			for i := HeaderLen; i < int(length); i += 4 {
				resp.Params = append(resp.Params, binary.LittleEndian.Uint32(p[i:]))
			}
			return resp, nil
		default:
			return response{}, c.fail(op, &ProtocolError{Op: op, Reason: fmt.Sprintf("unexpected container type %d", typ)})
		}
	}
}

// readData copies a data phase of declared length (header included) to w; first
// is the payload that came with the header. A length of 0xFFFFFFFF (4 GiB or
// more) ends with the first short transfer.
func (c *Conn) readData(ctx context.Context, op uint16, length uint32, first []byte, w io.Writer, deadline time.Time) error {
	unbounded := length == 0xFFFFFFFF
	if length < HeaderLen {
		return c.fail(op, &ProtocolError{Op: op, Reason: fmt.Sprintf("data container declares length %d", length)})
	}
	remaining := int64(length) - HeaderLen
	got := len(first)
	if !unbounded && int64(got) > remaining {
		return c.fail(op, &ProtocolError{Op: op, Reason: fmt.Sprintf("data container carries %d bytes, declares %d", got, remaining)})
	}
	if _, err := w.Write(first); err != nil {
		return fmt.Errorf("%s: write data: %w", OpName(op), err)
	}
	remaining -= int64(got)
	lastFull := got+HeaderLen == len(c.buf)
	// A short transfer ends the device's data phase (USB bulk semantics).
	if !unbounded && !lastFull && remaining > 0 {
		return c.fail(op, &ProtocolError{Op: op, Reason: fmt.Sprintf("data phase ended %d bytes early", remaining)})
	}
	for (unbounded && lastFull) || (!unbounded && remaining > 0) {
		if err := ctx.Err(); err != nil {
			return c.fail(op, err)
		}
		n, err := c.read(ctx, deadline)
		if err != nil {
			return c.fail(op, fmt.Errorf("read data (%d bytes still due): %w", remaining, err))
		}
		if !unbounded && int64(n) > remaining {
			return c.fail(op, &ProtocolError{Op: op, Reason: fmt.Sprintf("data phase longer than declared by %d bytes", int64(n)-remaining)})
		}
		if _, err := w.Write(c.buf[:n]); err != nil {
			return fmt.Errorf("%s: write data: %w", OpName(op), err)
		}
		remaining -= int64(n)
		lastFull = n == len(c.buf)
		if !unbounded && !lastFull && remaining > 0 {
			return c.fail(op, &ProtocolError{Op: op, Reason: fmt.Sprintf("data phase ended %d bytes early", remaining)})
		}
		deadline = time.Now().Add(c.opt.ResponseWait)
	}
	return nil
}

// GetDeviceInfo asks the device what it is; it works outside a session.
func (c *Conn) GetDeviceInfo(ctx context.Context) (DeviceInfo, error) {
	var b bytes.Buffer
	if _, err := c.transact(ctx, OpGetDeviceInfo, nil, nil, &b); err != nil {
		return DeviceInfo{}, err
	}
	return ParseDeviceInfo(b.Bytes())
}

// OpenSession opens session id (non-zero). Transaction IDs restart at 1 after it,
// as PIMA 15740 asks.
func (c *Conn) OpenSession(ctx context.Context, id uint32) error {
	c.tid = 0
	_, err := c.transact(ctx, OpOpenSession, []uint32{id}, nil, nil)
	return err
}

// CloseSession closes the open session.
func (c *Conn) CloseSession(ctx context.Context) error {
	_, err := c.transact(ctx, OpCloseSession, nil, nil, nil)
	return err
}

// StorageIDs lists the device's storages.
func (c *Conn) StorageIDs(ctx context.Context) ([]uint32, error) {
	var b bytes.Buffer
	if _, err := c.transact(ctx, OpGetStorageIDs, nil, nil, &b); err != nil {
		return nil, err
	}
	ids, err := parseU32s(b.Bytes())
	if err != nil {
		return nil, c.fail(OpGetStorageIDs, &ProtocolError{Op: OpGetStorageIDs, Reason: err.Error()})
	}
	return ids, nil
}

// StorageInfo describes one storage.
func (c *Conn) StorageInfo(ctx context.Context, id uint32) (StorageInfo, error) {
	var b bytes.Buffer
	if _, err := c.transact(ctx, OpGetStorageInfo, []uint32{id}, nil, &b); err != nil {
		return StorageInfo{}, err
	}
	return ParseStorageInfo(b.Bytes())
}

// ObjectHandles lists objects in storage (AllStorages for every one) with format
// (0 for any) under parent (ParentRoot for the root, 0 for the whole hierarchy
// where the device supports it).
func (c *Conn) ObjectHandles(ctx context.Context, storage uint32, format uint16, parent uint32) ([]uint32, error) {
	var b bytes.Buffer
	if _, err := c.transact(ctx, OpGetObjectHandles, []uint32{storage, uint32(format), parent}, nil, &b); err != nil {
		return nil, err
	}
	h, err := parseU32s(b.Bytes())
	if err != nil {
		return nil, c.fail(OpGetObjectHandles, &ProtocolError{Op: OpGetObjectHandles, Reason: err.Error()})
	}
	return h, nil
}

// ObjectInfo describes one object.
func (c *Conn) ObjectInfo(ctx context.Context, handle uint32) (ObjectInfo, error) {
	var b bytes.Buffer
	if _, err := c.transact(ctx, OpGetObjectInfo, []uint32{handle}, nil, &b); err != nil {
		return ObjectInfo{}, err
	}
	return ParseObjectInfo(b.Bytes())
}

// GetObject copies the object's bytes to w and returns how many arrived.
func (c *Conn) GetObject(ctx context.Context, handle uint32, w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	_, err := c.transact(ctx, OpGetObject, []uint32{handle}, nil, cw)
	return cw.n, err
}

// SendObjectInfo announces an object to be sent with SendObject and returns the
// handle the device gave it. info.CompressedSize must be the exact size.
func (c *Conn) SendObjectInfo(ctx context.Context, storage, parent uint32, info ObjectInfo) (uint32, error) {
	ds := AppendObjectInfo(nil, info)
	resp, err := c.transact(ctx, OpSendObjectInfo, []uint32{storage, parent}, &dataOut{R: bytes.NewReader(ds), Size: int64(len(ds))}, nil)
	if err != nil {
		return 0, err
	}
	if len(resp.Params) < 3 {
		return 0, c.fail(OpSendObjectInfo, &ProtocolError{Op: OpSendObjectInfo, Reason: fmt.Sprintf("response has %d parameters, want 3", len(resp.Params))})
	}
	return resp.Params[2], nil
}

// SendObject sends the bytes of the object announced by the last SendObjectInfo:
// exactly size bytes from r.
func (c *Conn) SendObject(ctx context.Context, r io.Reader, size int64) error {
	_, err := c.transact(ctx, OpSendObject, nil, &dataOut{R: r, Size: size}, nil)
	return err
}

// DeleteObject deletes one object (a folder only when the device allows it).
func (c *Conn) DeleteObject(ctx context.Context, handle uint32) error {
	_, err := c.transact(ctx, OpDeleteObject, []uint32{handle, 0}, nil, nil)
	return err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
