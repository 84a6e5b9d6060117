package devices

import "context"

// DiscoverPhones lists phones and tablets attached over USB (MTP/PTP, ADB, Apple),
// read from the USB devices in sysfs and, where reachable, from the phone itself.
//
// (Skeleton: the phone work fills this in.)
func (s System) DiscoverPhones(ctx context.Context) ([]Device, error) { return nil, nil }
