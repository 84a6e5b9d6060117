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
	"github.com/wipestation/wipestation/config"
	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

// jobDetailFlags are the NIST SP 800-88 Appendix G facts a technician types in.
// They override the config file's defaults (config.Config.Details); `wipe` can
// embed the same struct.
type jobDetailFlags struct {
	Operator           string   `name:"operator" placeholder:"NAME" help:"Person performing the sanitization."`
	OperatorTitle      string   `name:"operator-title" placeholder:"TITLE" help:"Operator's title."`
	Organization       string   `name:"organization" placeholder:"ORG" help:"Operator's organization."`
	Location           string   `name:"location" placeholder:"PLACE" help:"Where the work is done."`
	Phone              string   `name:"phone" placeholder:"PHONE" help:"Operator's phone."`
	Validator          string   `name:"validator" placeholder:"NAME" help:"Validator's name (leave empty to sign on paper)."`
	ValidatorTitle     string   `name:"validator-title" placeholder:"TITLE" help:"Validator's title."`
	AssetTag           string   `name:"asset-tag" placeholder:"TAG" help:"Media property (asset) number."`
	Source             string   `name:"source" placeholder:"TEXT" help:"Where the medium came from (user name or PC property number)."`
	Classification     string   `name:"classification" placeholder:"TEXT" help:"Classification of the data on the medium."`
	PostClassification string   `name:"post-classification" placeholder:"TEXT" help:"Classification after sanitization."`
	DataBackedUp       string   `name:"data-backed-up" placeholder:"Yes|No|Unknown" help:"Was the data backed up?"`
	BackupLocation     string   `name:"backup-location" placeholder:"TEXT" help:"Where the backup is."`
	Destination        string   `name:"destination" placeholder:"DEST" help:"Internal Reuse, External Reuse, Recycling Facility, Manufacturer or Other."`
	DestinationDetails string   `name:"destination-details" placeholder:"TEXT" help:"More about the destination."`
	Notes              string   `name:"notes" placeholder:"TEXT" help:"Notes printed on the certificate."`
	Lang               string   `name:"lang" placeholder:"en|zh-TW" help:"Certificate language."`
	Standard           []string `name:"standard" sep:"none" placeholder:"TEXT" help:"Standard or policy cited (repeatable; replaces the config file's list)."`
}

// details checks the flags and merges them over the config file's defaults.
func (f *jobDetailFlags) details(cfg *config.Config) (wipe.JobDetails, error) {
	switch f.Lang {
	case "", certificate.LangEnglish, certificate.LangTraditionalChinese:
	default:
		return wipe.JobDetails{}, usagef("--lang %q: want en or zh-TW", f.Lang)
	}
	switch f.DataBackedUp {
	case "", "Yes", "No", "Unknown":
	default:
		return wipe.JobDetails{}, usagef("--data-backed-up %q: want Yes, No or Unknown", f.DataBackedUp)
	}
	if f.Destination != "" && !containsString(config.Destinations(), f.Destination) {
		return wipe.JobDetails{}, usagef("--destination %q: want one of %s", f.Destination, strings.Join(config.Destinations(), ", "))
	}
	return cfg.Details(wipe.JobDetails{
		Operator: wipe.Person{Name: f.Operator, Title: f.OperatorTitle, Organization: f.Organization,
			Location: f.Location, Phone: f.Phone},
		Validator:          wipe.Person{Name: f.Validator, Title: f.ValidatorTitle},
		AssetTag:           f.AssetTag,
		Source:             f.Source,
		Classification:     f.Classification,
		PostClassification: f.PostClassification,
		DataBackedUp:       f.DataBackedUp,
		BackupLocation:     f.BackupLocation,
		Destination:        f.Destination,
		DestinationDetails: f.DestinationDetails,
		Notes:              f.Notes,
		Language:           f.Lang,
		Standards:          f.Standard,
	}), nil
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

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
	details, err := c.details(cfg)
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
	id, err := certificate.NewID(now, nil)
	if err != nil {
		return err
	}
	host, _ := os.Hostname()
	var note string
	if c.MediaType == "tape" {
		note = "magnetic tape"
	}
	rec, err := certificate.DestroyRecord(certificate.Destruction{
		Device: dev, Magnetic: magnetic, MediaNote: note, How: c.How, ParticleSize: c.ParticleSize, Witness: c.Witness,
		Details: details, ID: id, Time: now, Host: host, ToolVersion: version,
	})
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
	path, err := certifier.Issue(rec, "")
	if err != nil {
		return err
	}
	if log, err := openAuditLog(cfg, certifier.Key); err == nil {
		_, err = log.Append("destroy", map[string]any{
			"certificate_id": rec.CertificateID, "how": c.How, "serial": dev.Serial, "witness": c.Witness,
			"operator": details.Operator.Name, "certificate_path": path,
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "wipestation: audit log:", err)
		}
	} else {
		fmt.Fprintln(os.Stderr, "wipestation: audit log:", err)
	}
	fmt.Printf("%s: %s recorded as %s (%s); certificate %s\n", rec.CertificateID, describe(dev), rec.Status, rec.Sanitization.Class, path)
	return nil
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
