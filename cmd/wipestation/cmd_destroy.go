package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

// destroyCmd is `wipestation destroy`.
type destroyCmd struct {
	Target       string `arg:"" name:"target" help:"The device path when the medium is attached, or '-' for a medium that is not."`
	How          string `name:"how" required:"" placeholder:"HOW" enum:"shred,disintegrate,incinerate,degauss,pulverize" help:"How it was destroyed: ${enum}."`
	ParticleSize string `name:"particle-size" placeholder:"SIZE" help:"Particle size of the remains (e.g. '2 mm')."`
	Witness      string `name:"witness" placeholder:"NAME" help:"Who witnessed the destruction."`
	Yes          bool   `name:"yes" short:"y" help:"Do not ask for confirmation."`
	CertDir      string `name:"cert-dir" placeholder:"DIR" help:"Certificate folder (default: the config file's cert_dir)."`

	Vendor    string `name:"vendor" placeholder:"TEXT" group:"Identity of a medium that is not attached" help:"Make / vendor."`
	Model     string `name:"model" placeholder:"TEXT" group:"Identity of a medium that is not attached" help:"Model number."`
	Serial    string `name:"serial" placeholder:"TEXT" group:"Identity of a medium that is not attached" help:"Serial number."`
	MediaType string `name:"media-type" placeholder:"TYPE" group:"Identity of a medium that is not attached" help:"hdd, ssd, nvme, usb, card, optical, phone, tape or other."`
	SizeBytes int64  `name:"size" placeholder:"BYTES" group:"Identity of a medium that is not attached" help:"Capacity in bytes."`

	jobDetailFlags `embed:""`
}

// Run records the destruction and issues its certificate. Nothing is written to
// the device.
func (c *destroyCmd) Run(ctx context.Context, g *Globals) error {
	cfg, err := loadConfig(g)
	if err != nil {
		return err
	}
	if len(c.AssetTag) > 1 {
		return usagef("destroy takes one --asset-tag, not %d", len(c.AssetTag))
	}
	details, err := c.details(cfg, 0)
	if err != nil {
		return err
	}
	dev, magnetic, err := c.identity(ctx)
	if err != nil {
		return err
	}
	if details.Operator.Name == "" {
		return usagef("--operator is required (or [operator] name in the config file): a destruction is attested by a person")
	}
	now := time.Now()
	id, err := wipe.NewCertificateID(now)
	if err != nil {
		return err
	}
	host, _ := os.Hostname()
	var note string
	if c.MediaType == "tape" {
		note = "magnetic tape"
	}
	d := certificate.Destruction{
		Device: dev, Magnetic: magnetic, MediaNote: note, How: c.How, ParticleSize: c.ParticleSize, Witness: c.Witness,
		Details: details, ID: id, Time: now, Host: host, ToolVersion: toolVersion(),
	}
	rec, err := certificate.DestroyRecord(d)
	if err != nil {
		return usageError{msg: err.Error()}
	}
	if !c.Yes {
		ok, err := confirm(fmt.Sprintf("Record that %s (serial %q) was destroyed by %s? [y/N] ", describe(dev), dev.Serial, c.How))
		if err != nil {
			return err
		}
		if !ok {
			return usagef("not confirmed; nothing recorded")
		}
	}
	certifier, err := newCertifier(cfg, c.CertDir, details.Language)
	if err != nil {
		return err
	}
	// Opened before the certificate is issued, so that a log that cannot be
	// written stops here with nothing recorded.
	log, err := openAuditLog(cfg, certifier)
	if err != nil {
		return err
	}
	link, err := newRegisterLink(cfg, certifier.Key)
	if err != nil {
		return err
	}
	path, err := link.queue(certifier.Issue)(rec, "")
	if err != nil && path == "" {
		return err
	}
	issueErr := err
	logErr := log.AppendDestroy(d, rec, path)
	fmt.Printf("%s: %s recorded as %s (%s); certificate %s\n", rec.CertificateID, describe(dev), rec.Status, rec.Sanitization.Class, path)
	link.lastRound(ctx)
	if logErr != nil {
		return errors.Join(issueErr, fmt.Errorf("certificate %s issued, but the audit log could not record it: %w", path, logErr))
	}
	return issueErr
}

// identity is the medium's identity: discovered when the target is an attached
// device (typed flags only fill what the device does not tell, and may not
// contradict it), typed in otherwise.
func (c *destroyCmd) identity(ctx context.Context) (devices.Device, bool, error) {
	typed := devices.Device{Vendor: c.Vendor, Model: c.Model, Serial: c.Serial, SizeBytes: c.SizeBytes}
	magnetic := false
	switch c.MediaType {
	case "":
	case "hdd":
		typed.Kind, typed.Rotational, magnetic = devices.KindDisk, true, true
	case "tape":
		// devices has no kind for tapes: the media type prints as "Other" and the
		// method details say "magnetic tape".
		typed.Rotational, magnetic = true, true
	case "ssd":
		typed.Kind, typed.Transport = devices.KindDisk, devices.TransportSATA
	case "nvme":
		typed.Kind, typed.Transport = devices.KindDisk, devices.TransportNVMe
	case "usb":
		typed.Kind, typed.Transport, typed.Removable = devices.KindDisk, devices.TransportUSB, true
	case "card":
		typed.Kind = devices.KindCard
	case "optical":
		typed.Kind = devices.KindOptical
	case "phone":
		typed.Kind = devices.KindPhone
	case "other":
	default:
		return devices.Device{}, false, usagef("--media-type %q: want hdd, ssd, nvme, usb, card, optical, phone, tape or other", c.MediaType)
	}
	if c.Target == "-" {
		if typed.Serial == "" && typed.Model == "" {
			return devices.Device{}, false, usagef("a medium that is not attached needs at least --serial or --model")
		}
		return typed, magnetic, nil
	}
	if _, err := os.Stat(c.Target); errors.Is(err, fs.ErrNotExist) {
		return devices.Device{}, false, usagef("%s: no such device; use '-' and --serial/--model for a medium that is not attached", c.Target)
	}
	dev, err := devices.HostSystem().Lookup(ctx, c.Target, false)
	if err != nil {
		return devices.Device{}, false, fmt.Errorf("identify %s: %w", c.Target, err)
	}
	for _, f := range []struct {
		name       string
		have, want *string
	}{
		{"--vendor", &dev.Vendor, &typed.Vendor}, {"--model", &dev.Model, &typed.Model}, {"--serial", &dev.Serial, &typed.Serial},
	} {
		switch {
		case *f.want == "":
		case *f.have == "":
			*f.have = *f.want
		case !strings.EqualFold(strings.TrimSpace(*f.have), strings.TrimSpace(*f.want)):
			return devices.Device{}, false, usagef("%s %q, but %s reports %q", f.name, *f.want, c.Target, *f.have)
		}
	}
	if dev.Kind == "" {
		dev.Kind, dev.Transport, dev.Removable = typed.Kind, typed.Transport, typed.Removable
	}
	if dev.SizeBytes == 0 {
		dev.SizeBytes = typed.SizeBytes
	}
	return dev, magnetic || dev.Rotational, nil
}

func describe(d devices.Device) string {
	parts := []string{}
	for _, s := range []string{d.Path, d.Vendor, d.Model} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return "the medium"
	}
	return strings.Join(parts, " ")
}

// confirm asks on the terminal; without one, --yes is required.
func confirm(question string) (bool, error) {
	st, err := os.Stdin.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false, usagef("standard input is not a terminal: pass --yes to confirm")
	}
	fmt.Print(question)
	line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
	answer := strings.ToLower(strings.TrimSpace(line))
	return answer == "y" || answer == "yes", nil
}
