package devices

import "context"

// Probe asks the device itself what it is and what it can do (ATA IDENTIFY, NVMe
// Identify, VPD pages, REPORT SUPPORTED OPERATION CODES, GET CONFIGURATION) and fills
// in d.Capabilities, and the serial, model and firmware where sysfs had none. A probe
// that fails or times out is noted in d.Capabilities.ProbeErrors; Probe never hangs.
//
// (Skeleton: the transport work fills this in.)
func (s System) Probe(ctx context.Context, d *Device) {}
