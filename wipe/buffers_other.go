//go:build !linux

package wipe

// alignedBuffers allocates count buffers of size bytes. Outside Linux there is no
// O_DIRECT path, so ordinary allocations do.
func alignedBuffers(count, size int) (bufs [][]byte, release func(), err error) {
	for range count {
		bufs = append(bufs, make([]byte, size))
	}
	return bufs, func() {}, nil
}
