package devices

import "context"

// Discover lists every medium on the machine with identity, capabilities,
// eligibility and recommendations.
//
// (Skeleton: the discovery work fills this in.)
func (s System) Discover(ctx context.Context) ([]Device, error) { return nil, nil }

// Lookup describes the one medium at path (a block device, a phone path from
// Discover, or an image file when allowFile is set).
//
// (Skeleton: the discovery work fills this in.)
func (s System) Lookup(ctx context.Context, path string, allowFile bool) (Device, error) {
	return Device{Path: path}, nil
}
