package vmlab

import (
	"bytes"
	"strings"
	"testing"
)

func TestCpioNewc(t *testing.T) {
	t.Run("one file with its parent", func(t *testing.T) {
		got, err := cpioNewc([]File{{Path: "/a/b", Data: []byte("xyz"), Mode: 0o755}})
		if err != nil {
			t.Fatal(err)
		}
		// Each entry: 110-byte header, name + NUL padded to 4 (header included),
		// data padded to 4.
		want := "070701" + "00000001" + "000041ED" + "00000000" + "00000000" + "00000002" + "00000000" +
			"00000000" + "00000000" + "00000000" + "00000000" + "00000000" + "00000002" + "00000000" +
			"a\x00" + // 110+2 = 112, already aligned
			"070701" + "00000002" + "000081ED" + "00000000" + "00000000" + "00000001" + "00000000" +
			"00000003" + "00000000" + "00000000" + "00000000" + "00000000" + "00000004" + "00000000" +
			"a/b\x00" + "\x00\x00" + // 110+4 = 114, padded to 116
			"xyz\x00" +
			"070701" + "00000000" + "00000000" + "00000000" + "00000000" + "00000001" + "00000000" +
			"00000000" + "00000000" + "00000000" + "00000000" + "00000000" + "0000000B" + "00000000" +
			"TRAILER!!!\x00" + "\x00\x00\x00" // 110+11 = 121, padded to 124
		if string(got) != want {
			t.Errorf("archive\n got %q\nwant %q", got, want)
		}
	})
	t.Run("character device", func(t *testing.T) {
		got, err := cpioNewc([]File{{Path: "/console", CharDevice: &[2]uint32{5, 1}, Mode: 0o600}})
		if err != nil {
			t.Fatal(err)
		}
		hdr := string(got[:110])
		if mode := hdr[14:22]; mode != "00002180" {
			t.Errorf("mode %s, want 00002180 (S_IFCHR|0600)", mode)
		}
		if rdev := hdr[78:94]; rdev != "0000000500000001" {
			t.Errorf("rdev %s, want 5:1", rdev)
		}
	})
	for _, tc := range []struct {
		name  string
		files []File
		want  string
	}{
		{"relative path", []File{{Path: "bin/x"}}, "not a clean absolute path"},
		{"unclean path", []File{{Path: "/bin/../x"}}, "not a clean absolute path"},
		{"duplicate", []File{{Path: "/x"}, {Path: "/x"}}, "given twice"},
		{"file as parent", []File{{Path: "/x"}, {Path: "/x/y"}}, "not a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cpioNewc(tc.files)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
	t.Run("written as is", func(t *testing.T) {
		files := []File{{Path: "/init", Data: []byte("#!/bin/sh\n"), Mode: 0o755}}
		var buf bytes.Buffer
		if err := writeInitramfs(&buf, files); err != nil {
			t.Fatal(err)
		}
		want, _ := cpioNewc(files)
		if !bytes.Equal(buf.Bytes(), want) {
			t.Error("the written initramfs differs from the archive")
		}
	})
}
