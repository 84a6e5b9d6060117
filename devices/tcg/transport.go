package tcg

import (
	"context"
	"fmt"
	"time"

	"github.com/wipestation/wipestation/devices/ata"
	"github.com/wipestation/wipestation/devices/nvme"
	"github.com/wipestation/wipestation/devices/sgio"
)

// Transport carries IF-SEND and IF-RECV (Core 3.3.4) to the drive: buffers are
// multiples of BlockBytes.
type Transport interface {
	IFSend(ctx context.Context, protocol uint8, comID uint16, data []byte) error
	IFRecv(ctx context.Context, protocol uint8, comID uint16, buf []byte) error
	// Name says which command carries them ("SCSI SECURITY PROTOCOL IN/OUT").
	Name() string
}

// SCSIPort sends one SCSI command (SG_IO, or a simulated drive).
type SCSIPort interface {
	Do(ctx context.Context, req sgio.Request) (sgio.Response, error)
}

// NVMePort sends one NVMe admin command.
type NVMePort interface {
	Admin(ctx context.Context, cmd nvme.Command) (uint32, error)
}

// commandTimeout bounds one IF-SEND or IF-RECV.
const commandTimeout = 30 * time.Second

// SCSI carries IF-SEND/IF-RECV in SCSI SECURITY PROTOCOL OUT/IN: SAS and SCSI
// drives, and ATA drives on Linux libata, which translates them into TRUSTED
// SEND/RECEIVE (it refuses TRUSTED commands inside ATA PASS-THROUGH unless booted
// with libata.allow_tpm=1).
type SCSI struct{ Port SCSIPort }

// Name implements Transport.
func (SCSI) Name() string { return "SCSI SECURITY PROTOCOL IN/OUT (A2h/B5h)" }

// IFSend implements Transport.
func (s SCSI) IFSend(ctx context.Context, protocol uint8, comID uint16, data []byte) error {
	return scsiDo(ctx, s.Port, sgio.Request{CDB: sgio.SecurityProtocolOut(protocol, comID, uint32(len(data))),
		Dir: sgio.DirToDevice, Data: data, Timeout: commandTimeout})
}

// IFRecv implements Transport.
func (s SCSI) IFRecv(ctx context.Context, protocol uint8, comID uint16, buf []byte) error {
	return scsiDo(ctx, s.Port, sgio.Request{CDB: sgio.SecurityProtocolIn(protocol, comID, uint32(len(buf))),
		Dir: sgio.DirFromDevice, Data: buf, Timeout: commandTimeout})
}

func scsiDo(ctx context.Context, p SCSIPort, req sgio.Request) error {
	resp, err := p.Do(ctx, req)
	if err != nil {
		return err
	}
	return resp.Err(req.CDB)
}

// ATA carries IF-SEND/IF-RECV in ATA TRUSTED SEND/RECEIVE inside ATA
// PASS-THROUGH(16): ATA drives behind a SAT bridge (USB).
type ATA struct{ Port SCSIPort }

// Name implements Transport.
func (ATA) Name() string { return "ATA TRUSTED SEND/RECEIVE (5Eh/5Ch) via ATA PASS-THROUGH(16)" }

// IFSend implements Transport.
func (a ATA) IFSend(ctx context.Context, protocol uint8, comID uint16, data []byte) error {
	return a.do(ctx, ata.TrustedSend(protocol, comID, data))
}

// IFRecv implements Transport.
func (a ATA) IFRecv(ctx context.Context, protocol uint8, comID uint16, buf []byte) error {
	return a.do(ctx, ata.TrustedReceive(protocol, comID, buf))
}

func (a ATA) do(ctx context.Context, cmd ata.Command) error {
	if len(cmd.Data)%BlockBytes != 0 {
		return fmt.Errorf("ata trusted command of %d bytes: not whole 512-byte blocks", len(cmd.Data))
	}
	_, err := sgio.SendATA(ctx, a.Port, cmd)
	return err
}

// NVMe carries IF-SEND/IF-RECV in NVMe Security Send/Receive.
type NVMe struct{ Port NVMePort }

// Name implements Transport.
func (NVMe) Name() string { return "NVMe Security Send/Receive (81h/82h)" }

// IFSend implements Transport.
func (n NVMe) IFSend(ctx context.Context, protocol uint8, comID uint16, data []byte) error {
	_, err := n.Port.Admin(ctx, nvme.SecuritySend(protocol, comID, data))
	return err
}

// IFRecv implements Transport.
func (n NVMe) IFRecv(ctx context.Context, protocol uint8, comID uint16, buf []byte) error {
	_, err := n.Port.Admin(ctx, nvme.SecurityReceive(protocol, comID, buf))
	return err
}
