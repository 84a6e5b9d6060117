// Package sgio speaks SCSI to a device through the Linux SG_IO ioctl: CDB builders
// (pure functions, tested byte by byte), sense decoding in fixed and descriptor
// formats, and ATA PASS-THROUGH(16) for ATA drives behind libata or a SAT bridge.
// The ioctl itself is made in one place, Device.Do (sgio_linux.go).
package sgio

import (
	"errors"
	"fmt"
	"time"
)

// Direction is sg_io_hdr.dxfer_direction.
type Direction int32

// The data directions (scsi/sg.h).
const (
	DirNone       Direction = -1 // SG_DXFER_NONE
	DirToDevice   Direction = -2 // SG_DXFER_TO_DEV
	DirFromDevice Direction = -3 // SG_DXFER_FROM_DEV
)

// SCSI status codes (SAM-5).
const (
	StatusGood           = 0x00
	StatusCheckCondition = 0x02
	StatusBusy           = 0x08
)

// Request is one SCSI command.
type Request struct {
	CDB []byte
	Dir Direction
	// Data is sent (DirToDevice) or filled (DirFromDevice).
	Data []byte
	// Timeout bounds the command in the kernel; it must be positive.
	Timeout time.Duration
}

// Response is what the device and the host adapter answered.
type Response struct {
	Status       uint8
	Sense        []byte
	HostStatus   uint16
	DriverStatus uint16
	// Resid is how many bytes of Data were not transferred.
	Resid int32
}

// TransportError is a command that did not reach the device or whose completion the
// host adapter reported as failed (host_status/driver_status, or a status that is
// neither GOOD nor CHECK CONDITION).
type TransportError struct {
	Opcode       uint8
	Status       uint8
	HostStatus   uint16
	DriverStatus uint16
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("scsi command %02Xh: status %02Xh host_status %04Xh driver_status %04Xh",
		e.Opcode, e.Status, e.HostStatus, e.DriverStatus)
}

// Err turns a response into nil, a *SenseError or a *TransportError. A CHECK
// CONDITION that only reports "ATA pass-through information available" (RECOVERED
// ERROR or NO SENSE with 00h/1Dh) is not an error.
func (r Response) Err(cdb []byte) error {
	op := uint8(0)
	if len(cdb) > 0 {
		op = cdb[0]
	}
	if r.HostStatus != 0 {
		return &TransportError{Opcode: op, Status: r.Status, HostStatus: r.HostStatus, DriverStatus: r.DriverStatus}
	}
	switch r.Status {
	case StatusGood:
		return nil
	case StatusCheckCondition:
		s, err := ParseSense(r.Sense)
		if err != nil {
			return &TransportError{Opcode: op, Status: r.Status, HostStatus: r.HostStatus, DriverStatus: r.DriverStatus}
		}
		if (s.Key == KeyNoSense || s.Key == KeyRecoveredError) && s.ASC == 0 && (s.ASCQ == 0x1D || s.ASCQ == 0) {
			return nil
		}
		return &SenseError{Opcode: op, Sense: s}
	default:
		return &TransportError{Opcode: op, Status: r.Status, HostStatus: r.HostStatus, DriverStatus: r.DriverStatus}
	}
}

// ErrNoRegisters says an ATA pass-through command completed without returning its
// result registers (a bridge that ignores CK_COND).
var ErrNoRegisters = errors.New("ata pass-through returned no result registers")
