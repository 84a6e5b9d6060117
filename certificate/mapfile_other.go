//go:build !unix

package certificate

import "os"

// mapFile reads the font file where mapping is not available.
func mapFile(path string) ([]byte, error) { return os.ReadFile(path) }
