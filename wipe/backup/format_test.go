package backup

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/klauspost/compress/zstd"
)

func TestHeaderBytes(t *testing.T) {
	h := Header{Version: 1, Kind: KindImage, Metadata: Metadata{Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Tool: "wipestation", SizeBytes: 512}}
	b, err := appendHeader(nil, h)
	if err != nil {
		t.Fatal(err)
	}
	meta := `{"created":"2026-01-02T03:04:05Z","tool":"wipestation","tool_version":"","size_bytes":512,"device":{"path":""}}`
	want := "5753424b0d0a1a0a" + // magic "WSBK\r\n\x1a\n"
		"0001" + // version 1
		"01" + "00" + // kind image, flags
		hex.EncodeToString(binary.BigEndian.AppendUint32(nil, uint32(len(meta)))) +
		hex.EncodeToString([]byte(meta))
	if got := hex.EncodeToString(b); got != want {
		t.Errorf("header\n got %s\nwant %s", got, want)
	}
	back, err := readHeader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if back.Version != 1 || back.Kind != KindImage || !back.Metadata.Created.Equal(h.Metadata.Created) || back.Metadata.SizeBytes != 512 {
		t.Errorf("read back %+v", back)
	}
}

func TestRecordBytes(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"extent", appendExtentHead(nil, 0x0102030405, 4096), "01" + "0000000102030405" + "00001000"},
		{"end", appendEnd(nil, Trailer{SizeBytes: 1 << 30, Extents: 3, DataBytes: 12288, SHA256: [32]byte{0: 0xaa, 31: 0xbb}}),
			"02" + "0000000040000000" + "0000000000000003" + "0000000000003000" + "aa" + strings.Repeat("00", 30) + "bb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hex.EncodeToString(tt.got); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// seal wraps a plaintext backup stream the way archives are: zstd, then age.
func seal(t *testing.T, plain []byte, r age.Recipient) []byte {
	t.Helper()
	var out bytes.Buffer
	enc, err := age.Encrypt(&out, r)
	if err != nil {
		t.Fatal(err)
	}
	zw, err := zstd.NewWriter(enc)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(plain)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// stream builds a plaintext backup stream from parts.
type stream struct{ b []byte }

func newStream(t *testing.T, kind Kind, size int64) *stream {
	b, err := appendHeader(nil, Header{Version: FormatVersion, Kind: kind, Metadata: Metadata{SizeBytes: size}})
	if err != nil {
		t.Fatal(err)
	}
	return &stream{b: b}
}

func (s *stream) extent(off int64, data []byte) *stream {
	s.b = append(appendExtentHead(s.b, off, len(data)), data...)
	return s
}

func (s *stream) end(tr Trailer) *stream { s.b = appendEnd(s.b, tr); return s }
func (s *stream) raw(b ...byte) *stream  { s.b = append(s.b, b...); return s }

// TestReaderChecksFormat: a reader accepts a valid stream and names what is wrong
// with every invalid one.
func TestReaderChecksFormat(t *testing.T) {
	keys := newKeys(t)
	data := []byte("hello")
	image := append(make([]byte, 4096), data...)
	image = append(image, make([]byte, 4096-len(data))...)
	sum := sha256.Sum256(image)
	good := Trailer{SizeBytes: 8192, Extents: 1, DataBytes: 5, SHA256: sum}
	withVersion := func(v uint16) []byte {
		s := newStream(t, KindImage, 8192).extent(4096, data).end(good).b
		binary.BigEndian.PutUint16(s[8:10], v)
		return s
	}
	withByte := func(i int, v byte) []byte {
		s := newStream(t, KindImage, 8192).extent(4096, data).end(good).b
		s[i] = v
		return s
	}
	tests := []struct {
		name    string
		plain   []byte
		wantErr error // nil: valid
		wantMsg string
	}{
		{"valid", newStream(t, KindImage, 8192).extent(4096, data).end(good).b, nil, ""},
		{"valid empty", newStream(t, KindFiles, 0).end(Trailer{SHA256: sha256.Sum256(nil)}).b, nil, ""},
		{"not a backup", []byte("PK\x03\x04 a zip file, not a backup stream"), ErrCorrupt, "not a wipestation backup"},
		{"newer version", withVersion(2), ErrCorrupt, "format version 2"},
		{"unknown kind", withByte(10, 9), ErrCorrupt, "unknown archive kind 9"},
		{"unknown flags", withByte(11, 1), ErrCorrupt, "unknown header flags"},
		{"huge metadata", withByte(12, 0xff), ErrCorrupt, "metadata of"},
		{"overlapping extents", newStream(t, KindImage, 8192).extent(4096, data).extent(4097, data).end(good).b, ErrCorrupt, "overlaps"},
		{"extent beyond the image", newStream(t, KindImage, 8192).extent(8190, data).end(good).b, ErrCorrupt, "beyond the image size"},
		{"empty extent", newStream(t, KindImage, 8192).raw(appendExtentHead(nil, 0, 0)...).end(good).b, ErrCorrupt, "of 0 bytes"},
		{"end counts differ", newStream(t, KindImage, 8192).extent(4096, data).end(Trailer{SizeBytes: 8192, Extents: 2, DataBytes: 5, SHA256: sum}).b, ErrCorrupt, "counts 2 extents"},
		{"end size differs from header", newStream(t, KindImage, 8192).extent(4096, data).end(Trailer{SizeBytes: 16384, Extents: 1, DataBytes: 5, SHA256: sum}).b, ErrCorrupt, "the header 8192"},
		{"data after the end", newStream(t, KindImage, 8192).extent(4096, data).end(good).raw(0).b, ErrCorrupt, "data after the end record"},
		{"unknown record", newStream(t, KindImage, 8192).extent(4096, data).raw(0x7f).b, ErrCorrupt, "unknown record tag 0x7f"},
		{"no end record", newStream(t, KindImage, 8192).extent(4096, data).b, ErrTruncated, "ends before its end record"},
		{"cut inside an extent", newStream(t, KindImage, 8192).extent(4096, data).b[:len(newStream(t, KindImage, 8192).b)+extentHeadBytes+2], ErrTruncated, "ends before its end record"},
		{"wrong digest", newStream(t, KindImage, 8192).extent(4096, data).end(Trailer{SizeBytes: 8192, Extents: 1, DataBytes: 5}).b, ErrDigestMismatch, "SHA-256 " + hex.EncodeToString(sum[:])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, tr, err := Verify(context.Background(), bytes.NewReader(seal(t, tt.plain, keys.identity.Recipient())), nil, keys.identity)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("valid stream refused: %v", err)
				}
				if tr.SizeBytes == 8192 && tr.SHA256 != sum {
					t.Errorf("trailer %+v", tr)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not say %q", err, tt.wantMsg)
			}
		})
	}
}

// TestDamagedArchive: a real archive with a byte flipped anywhere, or cut short
// anywhere, is refused with an error that says so; a wrong key says that.
func TestDamagedArchive(t *testing.T) {
	keys := newKeys(t)
	data := content(5, mixedSegments...)
	info, _ := backupBytes(t, keys, data)
	archive, err := os.ReadFile(info.Location)
	if err != nil {
		t.Fatal(err)
	}
	n := len(archive)
	flip := func(i int) []byte {
		b := bytes.Clone(archive)
		b[i] ^= 0x01
		return b
	}
	other := newKeys(t)
	tests := []struct {
		name     string
		archive  []byte
		identity age.Identity
		wantErr  error
		wantMsg  string
	}{
		{"intact", archive, keys.identity, nil, ""},
		{"wrong identity", archive, other.identity, ErrWrongIdentity, "wrong key file"},
		{"flipped in the age version line", flip(3), keys.identity, ErrCorrupt, "archive damaged"},
		{"flipped in the header MAC", flip(bytes.Index(archive, []byte("\n---")) + 10), keys.identity, ErrCorrupt, "archive damaged"},
		{"flipped in the first payload chunk", flip(400), keys.identity, ErrCorrupt, "archive damaged"},
		{"flipped in the middle", flip(n / 2), keys.identity, ErrCorrupt, "archive damaged"},
		{"flipped in the last byte", flip(n - 1), keys.identity, ErrCorrupt, "archive damaged"},
		{"cut to the header", archive[:200], keys.identity, ErrTruncated, "ends before its end record"},
		{"cut in the middle", archive[:n/2], keys.identity, ErrCorrupt, "changed or cut short"},
		{"cut at a chunk boundary", archive[:bytes.Index(archive, []byte("\n---"))+1+48+16+(64<<10)+16], keys.identity, ErrTruncated, "ends before its end record"},
		{"last byte missing", archive[:n-1], keys.identity, ErrCorrupt, ""},
		{"empty file", nil, keys.identity, ErrCorrupt, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, tr, err := Verify(context.Background(), bytes.NewReader(tt.archive), nil, tt.identity)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("intact archive refused: %v", err)
				}
				if hex.EncodeToString(tr.SHA256[:]) != info.SHA256 {
					t.Errorf("digest %x, want %s", tr.SHA256, info.SHA256)
				}
				return
			}
			if err == nil {
				t.Fatal("damaged archive accepted")
			}
			if !errors.Is(err, tt.wantErr) && !(tt.wantErr == ErrCorrupt && errors.Is(err, ErrTruncated)) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not say %q", err, tt.wantMsg)
			}
		})
	}
}

// slowReader holds every read but the first (age's header) back, so that a
// read-back's head start on confirmed zeros happens before the archive's first
// extent (1 MiB, many reads) arrives.
type slowReader struct {
	r     io.Reader
	delay time.Duration
	reads int
}

func (s *slowReader) Read(p []byte) (int, error) {
	s.reads++
	if s.reads > 1 {
		time.Sleep(s.delay)
	}
	return s.r.Read(p)
}

// TestVerifyHeadStartIsChecked: zeros the copy pass vouched for are hashed ahead
// of the archive, and an archive that then holds data there fails the check.
func TestVerifyHeadStartIsChecked(t *testing.T) {
	keys := newKeys(t)
	data := content(40, segment{"zero", 3 * mib}, segment{"random", mib}, segment{"zero", mib})
	sum := sha256.Sum256(data)
	s := newStream(t, KindImage, int64(len(data))).extent(3*mib, data[3*mib:4*mib])
	archive := seal(t, s.end(Trailer{SizeBytes: int64(len(data)), Extents: 1, DataBytes: mib, SHA256: sum}).b, keys.identity.Recipient())
	tests := []struct {
		name     string
		from, to int64
		wantErr  bool
	}{
		{"no hint", 0, 0, false},
		{"zeros vouched for up to the extent", 0, 3 * mib, false},
		{"zeros vouched for past the extent", 0, 4 * mib, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hint := &zeroHint{}
			hint.set(tt.from, tt.to)
			src := &slowReader{r: bytes.NewReader(archive), delay: 20 * time.Millisecond}
			_, _, err := verify(context.Background(), src, nil, hint, keys.identity)
			if src.reads < 4 {
				t.Fatalf("the archive was read in %d reads: the test cannot hold the extent back", src.reads)
			}
			if tt.wantErr {
				if !errors.Is(err, errAhead) {
					t.Fatalf("error %v, want errAhead", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestPushMakesDataReadable: after Push, the bytes written so far already hold
// the extents given before it, and the whole archive (two zstd frames with a
// skippable frame between them) still reads back as one stream.
func TestPushMakesDataReadable(t *testing.T) {
	keys := newKeys(t)
	data := content(50, segment{"text", 5000})
	var out bytes.Buffer
	w, err := newArchiveWriter(&out, Header{Version: FormatVersion, Kind: KindImage, Metadata: Metadata{SizeBytes: 3 * mib}}, keys.identity.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteExtent(4096, data); err != nil {
		t.Fatal(err)
	}
	pushes := 0
	w.pushed = func() error { pushes++; return nil }
	if err := w.Push(); err != nil {
		t.Fatal(err)
	}
	snapshot := bytes.Clone(out.Bytes())
	if err := w.WriteExtent(2*mib, data); err != nil {
		t.Fatal(err)
	}
	full := make([]byte, 3*mib)
	copy(full[4096:], data)
	copy(full[2*mib:], data)
	if _, err := w.Finish(3*mib, sha256.Sum256(full)); err != nil {
		t.Fatal(err)
	}
	if pushes != 1 {
		t.Errorf("pushed hook called %d times", pushes)
	}

	r, err := NewReader(bytes.NewReader(snapshot), keys.identity)
	if err != nil {
		t.Fatalf("the archive as it was after Push cannot be opened: %v", err)
	}
	e, err := r.Next()
	if err != nil || e.Offset != 4096 || !bytes.Equal(e.Data, data) {
		t.Fatalf("after Push the first extent is not readable: %+v, %v", e.Offset, err)
	}
	if _, err := r.Next(); !errors.Is(err, ErrTruncated) {
		t.Errorf("reading past what was pushed: %v, want ErrTruncated", err)
	}
	r.Close()

	if _, tr, err := Verify(context.Background(), bytes.NewReader(out.Bytes()), nil, keys.identity); err != nil || tr.Extents != 2 {
		t.Fatalf("the whole archive: %+v, %v", tr, err)
	}
}
