package backup

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/mtp"
	"github.com/wipestation/wipestation/devices/mtp/mtptest"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// newFakePhone is a phone on mtptest (the bytes an MTP device answers) with two
// storages, folders and files.
func newFakePhone(t *testing.T) (*mtptest.Device, map[string][]byte) {
	t.Helper()
	d := mtptest.New(
		&mtptest.Storage{ID: 0x10001, Description: "Internal shared storage", Capacity: 64 << 20},
		&mtptest.Storage{ID: 0x20001, Description: "SD card", Capacity: 64 << 20})
	want := map[string][]byte{}
	dcim := d.Add(0x10001, mtp.ParentRoot, "DCIM", true, nil)
	cam := d.Add(0x10001, dcim, "Camera", true, nil)
	photo := content(21, segment{"random", 300<<10 + 7})
	d.Add(0x10001, cam, "IMG_0001.jpg", false, photo)
	want["Internal shared storage/DCIM/Camera/IMG_0001.jpg"] = photo
	notes := content(22, segment{"text", 5000})
	d.Add(0x10001, mtp.ParentRoot, "notes.txt", false, notes)
	want["Internal shared storage/notes.txt"] = notes
	d.Add(0x10001, mtp.ParentRoot, "empty", false, []byte{})
	want["Internal shared storage/empty"] = []byte{}
	d.Add(0x20001, mtp.ParentRoot, "Music", true, nil)
	zeros := make([]byte, 70<<10)
	d.Add(0x20001, mtp.ParentRoot, "zeros.bin", false, zeros)
	want["SD card/zeros.bin"] = zeros
	return d, want
}

// TestMTPRoundTrip backs a phone up through the wipe.Backuper interface and
// MTPPhones, over the MTP protocol as mtptest's device answers it, and restores it.
func TestMTPRoundTrip(t *testing.T) {
	keys := newKeys(t)
	phone, want := newFakePhone(t)
	var opened []string
	closed := 0
	open := func(ctx context.Context, node string) (*mtp.Conn, func() error, error) {
		opened = append(opened, node)
		return mtp.NewConn(phone, mtp.Options{}), func() error { closed++; return nil }, nil
	}
	b := New(Config{Now: fixedClock, Phones: MTPPhones(open)})
	info, err := b.Backup(context.Background(), wipeExecutionForPhone(testutil.ScratchDir(t), keys.recipient))
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if len(opened) != 1 || opened[0] != "/dev/bus/usb/001/004" || closed != 1 {
		t.Errorf("opened %v, closed %d times", opened, closed)
	}
	if phone.Commands[mtp.OpCloseSession] != 1 {
		t.Errorf("session closed %d times", phone.Commands[mtp.OpCloseSession])
	}
	out := filepath.Join(t.TempDir(), "restored")
	r := openArchive(t, info.Location, keys.identity)
	if _, err := RestoreFiles(context.Background(), r, out, nil); err != nil {
		t.Fatalf("restore: %v", err)
	}
	for p, data := range want {
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s: %d bytes, want %d", p, len(got), len(data))
		}
	}
	if fi, err := os.Stat(filepath.Join(out, "SD card", "Music")); err != nil || !fi.IsDir() {
		t.Errorf("empty folder not restored: %v", err)
	}
}

// TestMTPPhonesRefusesOtherPhones: an adb: or apple: phone cannot be read file by
// file, and its backup fails before anything is opened.
func TestMTPPhonesRefusesOtherPhones(t *testing.T) {
	open := func(ctx context.Context, node string) (*mtp.Conn, func() error, error) {
		t.Fatal("opened")
		return nil, nil, nil
	}
	for _, p := range []string{"adb:R58M1234", "apple:/dev/bus/usb/001/005"} {
		t.Run(p, func(t *testing.T) {
			_, err := MTPPhones(open)(context.Background(), devices.Device{Path: p})
			if err == nil || !strings.Contains(err.Error(), "only phones reached over MTP") {
				t.Fatalf("error %v", err)
			}
		})
	}
}

func TestMTPRefusals(t *testing.T) {
	keys := newKeys(t)
	tests := []struct {
		name    string
		change  func(d *mtptest.Device)
		wantMsg string
		// wantZH is what the error says in Traditional Chinese, every level of it.
		wantZH string
	}{
		{"name with a slash", func(d *mtptest.Device) { d.Add(0x10001, mtp.ParentRoot, "a/b", false, []byte("x")) }, `"a/b", which cannot be a file name`,
			`備份 mtp:x：列出檔案：列出 Internal shared storage：物件 0x8 的名稱為 "a/b"，不能作為檔名`},
		{"name dot dot", func(d *mtptest.Device) { d.Add(0x10001, mtp.ParentRoot, "..", false, []byte("x")) }, "cannot be a file name", "不能作為檔名"},
		{"4 GiB or more", func(d *mtptest.Device) {
			d.Add(0x10001, mtp.ParentRoot, "big.mp4", false, []byte("x"))
			d.Mangle = func(op uint16, tr [][]byte) [][]byte {
				if op == mtp.OpGetObjectInfo && len(tr) == 2 && bytes.Contains(tr[0], utf16("big.mp4")) {
					// CompressedSize sits after the 12-byte container header, storage and format.
					copy(tr[0][12+4+2+2:], []byte{0xff, 0xff, 0xff, 0xff})
				}
				return tr
			}
		}, "4 GiB or larger", "備份 mtp:x：列出檔案：Internal shared storage/big.mp4 為 4 GiB 以上"},
		{"unplugged midway", func(d *mtptest.Device) { d.GoneAfter = 12 }, "", "備份 mtp:x："},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			phone, _ := newFakePhone(t)
			tt.change(phone)
			conn := mtp.NewConn(phone, mtp.Options{ResponseWait: time.Second})
			if err := conn.OpenSession(context.Background(), 1); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			_, err := New(Config{Now: fixedClock}).BackupFiles(context.Background(), &MTPSource{Conn: conn}, devices.Device{Path: "mtp:x"}, Options{Dir: dir, Recipient: keys.recipient}, nil)
			if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("error %v, want one saying %q", err, tt.wantMsg)
			}
			if m := msg.Of(err); m.String() != err.Error() || !strings.Contains(m.In(msg.TraditionalChinese), tt.wantZH) {
				t.Errorf("error states %q in zh-TW, want %q", m.In(msg.TraditionalChinese), tt.wantZH)
			}
			if got := dirEntries(t, dir); len(got) > 0 {
				t.Errorf("backup folder holds %v", got)
			}
		})
	}
}

func utf16(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestParseMTPTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"20250601T120000", time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)},
		{"20250601T120000.5", time.Date(2025, 6, 1, 12, 0, 0, 500e6, time.UTC)},
		{"20250601T120000Z", time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)},
		{"20250601T120000+0800", time.Date(2025, 6, 1, 4, 0, 0, 0, time.UTC)},
		{"", time.Time{}},
		{"junk", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := parseMTPTime(tt.in); !got.Equal(tt.want) {
				t.Errorf("parseMTPTime(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func wipeExecutionForPhone(dir, recipient string) wipe.Execution {
	return wipe.Execution{Job: wipe.Job{
		Device:  devices.Device{Path: "mtp:/dev/bus/usb/001/004", Kind: devices.KindPhone, Transport: devices.TransportMTP, Serial: "FAKE0001", Model: "Phone"},
		Options: wipe.Options{BackupDir: dir, BackupRecipient: recipient},
	}}
}
