package wipe

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePage is the size of a transparent huge page on the platforms we run on.
const hugePage = 2 << 20

// alignedBuffers maps count page-aligned buffers of size bytes each (O_DIRECT needs
// aligned memory). release unmaps them; no buffer may be used afterwards.
//
// The mapping starts on a huge-page boundary and asks for transparent huge pages:
// with O_DIRECT the kernel pins every page of a request for its duration, and
// pinning two 2 MiB pages costs far less than pinning 1024 small ones (and the TLB
// covers the buffers while they are generated and compared). Where the kernel gives
// no huge pages the buffers are ordinary pages.
func alignedBuffers(count, size int) (bufs [][]byte, release func(), err error) {
	total := count * size
	mem, err := unix.Mmap(-1, 0, total+hugePage, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		return nil, nil, fmt.Errorf("mmap %d bytes: %w", total+hugePage, err)
	}
	start := 0
	if a := addrOf(mem) % hugePage; a != 0 {
		start = int(hugePage - a)
	}
	use := mem[start : start+total : start+total]
	if total >= hugePage {
		_ = unix.Madvise(use, unix.MADV_HUGEPAGE) // advice only: without it, small pages
	}
	for i := range count {
		bufs = append(bufs, use[i*size:(i+1)*size:(i+1)*size])
	}
	return bufs, func() { unix.Munmap(mem) }, nil
}

func addrOf(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }
