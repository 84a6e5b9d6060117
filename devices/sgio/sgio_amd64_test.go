//go:build linux && amd64

package sgio

import (
	"testing"
	"unsafe"
)

func TestSGIOHdrSize(t *testing.T) {
	if got := unsafe.Sizeof(sgIOHdr{}); got != 88 {
		t.Fatalf("sizeof(sg_io_hdr) = %d, want 88", got)
	}
	if got := unsafe.Offsetof(sgIOHdr{}.timeout); got != 40 {
		t.Errorf("offsetof(timeout) = %d, want 40", got)
	}
	if got := unsafe.Offsetof(sgIOHdr{}.status); got != 64 {
		t.Errorf("offsetof(status) = %d, want 64", got)
	}
	if got := unsafe.Offsetof(sgIOHdr{}.usrPtr); got != 56 {
		t.Errorf("offsetof(usr_ptr) = %d, want 56", got)
	}
}
