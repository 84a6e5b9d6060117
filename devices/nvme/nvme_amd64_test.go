//go:build linux && amd64

package nvme

import (
	"testing"
	"unsafe"
)

func TestPassthruCmdSize(t *testing.T) {
	if got := unsafe.Sizeof(passthruCmd{}); got != 72 {
		t.Fatalf("sizeof(nvme_passthru_cmd) = %d, want 72", got)
	}
	if got := unsafe.Offsetof(passthruCmd{}.cdw10); got != 40 {
		t.Errorf("offsetof(cdw10) = %d, want 40", got)
	}
	if got := unsafe.Offsetof(passthruCmd{}.timeoutMS); got != 64 {
		t.Errorf("offsetof(timeout_ms) = %d, want 64", got)
	}
}
