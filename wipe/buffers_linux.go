package wipe

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// alignedBuffers maps count page-aligned buffers of size bytes each (O_DIRECT needs
// aligned memory). release unmaps them; no buffer may be used afterwards.
func alignedBuffers(count, size int) (bufs [][]byte, release func(), err error) {
	mem, err := unix.Mmap(-1, 0, count*size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		return nil, nil, fmt.Errorf("mmap %d bytes: %w", count*size, err)
	}
	for i := range count {
		bufs = append(bufs, mem[i*size:(i+1)*size:(i+1)*size])
	}
	return bufs, func() { unix.Munmap(mem) }, nil
}
