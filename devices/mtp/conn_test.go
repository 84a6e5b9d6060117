package mtp_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices/mtp"
	"github.com/wipestation/wipestation/devices/mtp/mtptest"
)

var _ mtp.Bulk = (*mtptest.Device)(nil)

// recorder keeps the bytes written to the device, to check the command packets.
type recorder struct {
	mtp.Bulk
	writes [][]byte
}

func (r *recorder) Write(p []byte) (int, error) {
	r.writes = append(r.writes, bytes.Clone(p))
	return r.Bulk.Write(p)
}

func newDevice() *mtptest.Device {
	return mtptest.New(&mtptest.Storage{ID: 0x10001, Description: "Internal shared storage", Capacity: 1 << 20})
}

func open(t *testing.T, b mtp.Bulk, opt mtp.Options) *mtp.Conn {
	t.Helper()
	c := mtp.NewConn(b, opt)
	if err := c.OpenSession(context.Background(), 1); err != nil {
		t.Fatalf("OpenSession: %v", err)
	}
	return c
}

func TestCommandBytes(t *testing.T) {
	rec := &recorder{Bulk: newDevice()}
	c := open(t, rec, mtp.Options{})
	if _, err := c.ObjectHandles(context.Background(), 0x10001, 0, mtp.ParentRoot); err != nil {
		t.Fatal(err)
	}
	want := [][]byte{
		// OpenSession(1), transaction 1
		{0x10, 0, 0, 0, 1, 0, 0x02, 0x10, 1, 0, 0, 0, 1, 0, 0, 0},
		// GetObjectHandles(0x10001, 0, 0xffffffff), transaction 2
		{0x18, 0, 0, 0, 1, 0, 0x07, 0x10, 2, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff},
	}
	if len(rec.writes) != len(want) {
		t.Fatalf("%d writes, want %d", len(rec.writes), len(want))
	}
	for i := range want {
		if !bytes.Equal(rec.writes[i], want[i]) {
			t.Errorf("write %d = % x, want % x", i, rec.writes[i], want[i])
		}
	}
}

func TestObjectInfoRoundTrip(t *testing.T) {
	in := mtp.ObjectInfo{StorageID: 0x10001, Format: mtp.FormatAssociation, CompressedSize: 7, Parent: 3, AssociationTyp: 1, Filename: "照片 DCIM", ModDate: "20260101T120000"}
	out, err := mtp.ParseObjectInfo(mtp.AppendObjectInfo(nil, in))
	if err != nil {
		t.Fatal(err)
	}
	if out != in {
		t.Errorf("round trip = %+v, want %+v", out, in)
	}
	if _, err := mtp.ParseObjectInfo(mtp.AppendObjectInfo(nil, in)[:40]); err == nil {
		t.Error("truncated ObjectInfo parsed without error")
	}
}

func TestSessionCycle(t *testing.T) {
	ctx := context.Background()
	dev := newDevice()
	dcim := dev.Add(0x10001, mtp.ParentRoot, "DCIM", true, nil)
	dev.Add(0x10001, dcim, "a.jpg", false, []byte("jpeg bytes"))
	c := mtp.NewConn(dev, mtp.Options{Chunk: 1024})

	info, err := c.GetDeviceInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Manufacturer != "Fake" || info.Model != "Phone" || !info.Supports(mtp.OpSendObject) {
		t.Errorf("DeviceInfo = %+v", info)
	}
	if err := c.OpenSession(ctx, 1); err != nil {
		t.Fatal(err)
	}
	ids, err := c.StorageIDs(ctx)
	if err != nil || len(ids) != 1 || ids[0] != 0x10001 {
		t.Fatalf("StorageIDs = %v, %v", ids, err)
	}
	si, err := c.StorageInfo(ctx, ids[0])
	if err != nil || si.MaxCapacity != 1<<20 || si.Description != "Internal shared storage" {
		t.Fatalf("StorageInfo = %+v, %v", si, err)
	}
	root, err := c.ObjectHandles(ctx, ids[0], 0, mtp.ParentRoot)
	if err != nil || len(root) != 1 || root[0] != dcim {
		t.Fatalf("root handles = %v, %v", root, err)
	}
	oi, err := c.ObjectInfo(ctx, dcim)
	if err != nil || !oi.IsFolder() || oi.Filename != "DCIM" {
		t.Fatalf("ObjectInfo = %+v, %v", oi, err)
	}

	// A file bigger than several chunks, with a size that is an exact multiple of
	// the chunk once the header is added (the zero-length-packet corner).
	data := bytes.Repeat([]byte("0123456789abcdef"), 5*1024/16)
	data = data[:5*1024-mtp.HeaderLen]
	h, err := c.SendObjectInfo(ctx, ids[0], dcim, mtp.ObjectInfo{StorageID: ids[0], Format: mtp.FormatUndefined, CompressedSize: uint32(len(data)), Filename: "fill"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SendObject(ctx, bytes.NewReader(data), int64(len(data))); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	n, err := c.GetObject(ctx, h, &got)
	if err != nil || n != int64(len(data)) || !bytes.Equal(got.Bytes(), data) {
		t.Fatalf("GetObject = %d bytes, %v; equal %v", n, err, bytes.Equal(got.Bytes(), data))
	}
	// The transaction after an exactly-filled transfer still works.
	if err := c.DeleteObject(ctx, h); err != nil {
		t.Fatal(err)
	}
	if err := c.CloseSession(ctx); err != nil {
		t.Fatal(err)
	}
	if len(dev.Snapshot()) != 2 {
		t.Errorf("objects left = %d, want 2", len(dev.Snapshot()))
	}
}

func TestStoreFull(t *testing.T) {
	ctx := context.Background()
	dev := newDevice()
	c := open(t, dev, mtp.Options{})
	data := make([]byte, 2<<20)
	if _, err := c.SendObjectInfo(ctx, 0x10001, mtp.ParentRoot, mtp.ObjectInfo{StorageID: 0x10001, CompressedSize: uint32(len(data)), Filename: "big"}); err != nil {
		t.Fatal(err)
	}
	err := c.SendObject(ctx, bytes.NewReader(data), int64(len(data)))
	var re *mtp.ResponseError
	if !errors.As(err, &re) || re.Code != mtp.RespStoreFull {
		t.Fatalf("SendObject past capacity = %v, want Store_Full", err)
	}
	// A response error leaves the connection usable.
	if _, err := c.StorageIDs(ctx); err != nil {
		t.Errorf("after Store_Full: %v", err)
	}
}

// setTID rewrites the transaction ID of a container.
func setTID(b []byte, tid uint32) []byte {
	b = bytes.Clone(b)
	binary.LittleEndian.PutUint32(b[8:], tid)
	return b
}

func TestOddAnswers(t *testing.T) {
	tests := []struct {
		name    string
		mangle  func(op uint16, tr [][]byte) [][]byte
		gone    int
		wantErr string
		proto   bool // a *ProtocolError, and the connection refuses later calls
		resp    uint16
	}{
		{
			name:    "wrong transaction ID",
			mangle:  func(op uint16, tr [][]byte) [][]byte { tr[len(tr)-1] = setTID(tr[len(tr)-1], 99); return tr },
			wantErr: "answer for transaction 99, expected 2",
			proto:   true,
		},
		{
			name:    "short container",
			mangle:  func(op uint16, tr [][]byte) [][]byte { return [][]byte{tr[0][:7]} },
			wantErr: "short container: 7 bytes",
			proto:   true,
		},
		{
			name: "data phase shorter than declared",
			mangle: func(op uint16, tr [][]byte) [][]byte {
				d := bytes.Clone(tr[0])
				binary.LittleEndian.PutUint32(d, uint32(len(d)+100))
				return [][]byte{d, tr[1]}
			},
			wantErr: "protocol error",
			proto:   true,
		},
		{
			name: "unknown response code",
			mangle: func(op uint16, tr [][]byte) [][]byte {
				r := bytes.Clone(tr[len(tr)-1])
				binary.LittleEndian.PutUint16(r[6:], 0x2fff)
				return [][]byte{r}
			},
			wantErr: "unknown response 0x2fff",
			resp:    0x2fff,
		},
		{
			name: "unexpected container type",
			mangle: func(op uint16, tr [][]byte) [][]byte {
				r := bytes.Clone(tr[len(tr)-1])
				binary.LittleEndian.PutUint16(r[4:], mtp.TypeEvent)
				return [][]byte{r}
			},
			wantErr: "unexpected container type 4",
			proto:   true,
		},
		{
			name:    "silent device",
			mangle:  func(op uint16, tr [][]byte) [][]byte { return nil },
			wantErr: "no answer from the device",
		},
		{
			name:    "unplugged",
			gone:    2,
			wantErr: "no such device",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dev := newDevice()
			dev.Add(0x10001, mtp.ParentRoot, "x", false, []byte("x"))
			c := open(t, dev, mtp.Options{ResponseWait: 50 * time.Millisecond})
			dev.Mangle = tt.mangle
			dev.GoneAfter = tt.gone
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			start := time.Now()
			_, err := c.ObjectHandles(ctx, 0x10001, 0, mtp.ParentRoot)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
			if time.Since(start) > 2*time.Second {
				t.Errorf("took %v: must fail fast", time.Since(start))
			}
			var pe *mtp.ProtocolError
			if errors.As(err, &pe) != tt.proto {
				t.Errorf("ProtocolError = %v, want %v (err %v)", !tt.proto, tt.proto, err)
			}
			var re *mtp.ResponseError
			if tt.resp != 0 && (!errors.As(err, &re) || re.Code != tt.resp || re.Known()) {
				t.Errorf("err = %v, want unknown ResponseError 0x%04x", err, tt.resp)
			}
			if tt.proto {
				dev.Mangle = nil
				if _, err := c.StorageIDs(ctx); err == nil || !strings.Contains(err.Error(), "unusable") {
					t.Errorf("call after protocol error = %v, want refusal", err)
				}
			}
		})
	}
}

func TestCancelledContext(t *testing.T) {
	dev := newDevice()
	c := open(t, dev, mtp.Options{ResponseWait: time.Hour})
	dev.Mangle = func(op uint16, tr [][]byte) [][]byte { return nil }
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.StorageIDs(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
}

func TestZeroLengthPacket(t *testing.T) {
	tests := []struct {
		size int
		zlp  bool
	}{{500, true}, {501, false}, {1012, true}, {5, false}}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.size), func(t *testing.T) {
			rec := &recorder{Bulk: newDevice()}
			c := open(t, rec, mtp.Options{MaxPacket: 512})
			ctx := context.Background()
			if _, err := c.SendObjectInfo(ctx, 0x10001, mtp.ParentRoot, mtp.ObjectInfo{StorageID: 0x10001, CompressedSize: uint32(tt.size), Filename: "f"}); err != nil {
				t.Fatal(err)
			}
			n := len(rec.writes)
			if err := c.SendObject(ctx, bytes.NewReader(make([]byte, tt.size)), int64(tt.size)); err != nil {
				t.Fatal(err)
			}
			last := rec.writes[len(rec.writes)-1]
			sawZLP := len(rec.writes)-n == 3 && len(last) == 0
			if sawZLP != tt.zlp {
				t.Errorf("zero-length packet sent = %v, want %v (writes %d)", sawZLP, tt.zlp, len(rec.writes)-n)
			}
		})
	}
}
