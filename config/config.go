// Package config reads the workstation's TOML configuration file: the
// organization's defaults for the certificate (operator, validator, organization,
// standards cited, destination, classification), where certificates and records
// are filed, the certificate language and font, and the backup recipient.
//
// Unknown keys are errors naming the key, so that a typo never silently drops a
// setting. docs/config.md documents every key with an example file.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/wipestation/wipestation/wipe"
)

// DefaultPath is where the configuration is read from unless --config or
// $WIPESTATION_CONFIG names another file.
const DefaultPath = "/etc/wipestation/config.toml"

// Config is the configuration file. Every key is optional.
type Config struct {
	// Language of certificates: "en" or "zh-TW".
	Language string `toml:"language,omitempty"`
	// CertDir is where certificates are filed; RecordsDir where job records are
	// written; AuditLog the audit log file; KeyDir the workstation key's folder.
	CertDir    string `toml:"cert_dir,omitempty"`
	RecordsDir string `toml:"records_dir,omitempty"`
	AuditLog   string `toml:"audit_log,omitempty"`
	KeyDir     string `toml:"key_dir,omitempty"`
	// Font is the TrueType (.ttf) file certificates are set in.
	Font string `toml:"font,omitempty"`
	// BackupRecipient is the age public key that backups are encrypted to.
	BackupRecipient string `toml:"backup_recipient,omitempty"`

	Organization Organization `toml:"organization,omitempty"`
	Operator     Person       `toml:"operator,omitempty"`
	Validator    Person       `toml:"validator,omitempty"`
	Policy       Policy       `toml:"policy,omitempty"`
	Register     Register     `toml:"register,omitempty"`
}

// Register names the register this workstation sends its certificates to
// (docs/register.md). With no URL nothing is queued or sent.
type Register struct {
	// URL is the register's base URL: https://host:port.
	URL string `toml:"url,omitempty"`
	// TLSCA is a PEM file trusted for the register's TLS certificate instead of
	// the system's roots (the register's self-made tls-cert.pem).
	TLSCA string `toml:"tls_ca,omitempty"`
	// Outbox is the folder certificates wait in until the register has them.
	Outbox string `toml:"outbox,omitempty"`
}

// Organization is who runs the workstation; its name, location and phone fill in
// for the operator's and validator's when those are not given.
type Organization struct {
	Name     string `toml:"name,omitempty"`
	Location string `toml:"location,omitempty"`
	Phone    string `toml:"phone,omitempty"`
}

// Person is NIST SP 800-88 Appendix G's contact block.
type Person struct {
	Name         string `toml:"name,omitempty"`
	Title        string `toml:"title,omitempty"`
	Organization string `toml:"organization,omitempty"`
	Location     string `toml:"location,omitempty"`
	Phone        string `toml:"phone,omitempty"`
}

// Policy is what the organization's disposal policy says by default.
type Policy struct {
	// Standards are cited on every certificate, e.g. "NIST SP 800-88 Rev. 2",
	// "IEEE 2883-2022", "ISO/IEC 27001:2022 A.7.14"; none: DefaultStandards.
	Standards          []string `toml:"standards,omitempty"`
	Classification     string   `toml:"classification,omitempty"`
	PostClassification string   `toml:"post_classification,omitempty"`
	// Destination is one of "Internal Reuse", "External Reuse", "Recycling
	// Facility", "Manufacturer", "Other".
	Destination        string `toml:"destination,omitempty"`
	DestinationDetails string `toml:"destination_details,omitempty"`
	// DataBackedUp is "Yes", "No" or "Unknown"; BackupLocation where.
	DataBackedUp   string `toml:"data_backed_up,omitempty"`
	BackupLocation string `toml:"backup_location,omitempty"`
}

// Destinations are the values Appendix G allows for the media destination.
func Destinations() []string {
	return []string{"Internal Reuse", "External Reuse", "Recycling Facility", "Manufacturer", "Other"}
}

// Path returns the configuration file to read: flag (--config, which kong also
// fills from $WIPESTATION_CONFIG) when set, else DefaultPath. explicit is true
// when the file was named, in which case a missing file is an error.
func Path(flag string) (path string, explicit bool) {
	if flag != "" {
		return flag, true
	}
	return DefaultPath, false
}

// Load reads the file at path. A missing file is an empty configuration unless
// explicit; an unknown key or a bad value is an error naming it.
func Load(path string, explicit bool) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !explicit {
			return &Config{}, nil
		}
		return nil, fmt.Errorf("read config: %w", err)
	}
	c, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

// Parse decodes and checks a configuration.
func Parse(data []byte) (*Config, error) {
	var c Config
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		var strict *toml.StrictMissingError
		if errors.As(err, &strict) {
			var keys []string
			for _, e := range strict.Errors {
				keys = append(keys, strings.Join(e.Key(), "."))
			}
			return nil, fmt.Errorf("unknown key %s", strings.Join(keys, ", "))
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			if k := de.Key(); len(k) > 0 {
				return nil, fmt.Errorf("line %d column %d, key %s: %s", row, col, strings.Join(k, "."), de.Error())
			}
			return nil, fmt.Errorf("line %d column %d: %s", row, col, de.Error())
		}
		return nil, err
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return &c, nil
}

func (c *Config) check() error {
	switch c.Language {
	case "", "en", "zh-TW":
	default:
		return fmt.Errorf("language %q: want \"en\" or \"zh-TW\"", c.Language)
	}
	if d := c.Policy.Destination; d != "" && !contains(Destinations(), d) {
		return fmt.Errorf("policy.destination %q: want one of %s", d, strings.Join(Destinations(), ", "))
	}
	switch c.Policy.DataBackedUp {
	case "", "Yes", "No", "Unknown":
	default:
		return fmt.Errorf("policy.data_backed_up %q: want Yes, No or Unknown", c.Policy.DataBackedUp)
	}
	if u := c.Register.URL; u != "" {
		p, err := url.Parse(u)
		if err != nil || p.Scheme != "https" || p.Host == "" || (p.Path != "" && p.Path != "/") || p.RawQuery != "" || p.User != nil {
			return fmt.Errorf("register.url %q: want https://host[:port] (the register serves HTTPS only)", u)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Details merges the configuration's defaults under explicit: every field given
// in explicit (non-empty) wins; empty ones take the configuration's value. The
// organization's name, location and phone fill in for the operator's (and the
// validator's organization) when those are empty. A person's own title and phone
// belong to the person the configuration names: someone else named in explicit
// does not inherit them (the organization's phone still fills in).
func (c *Config) Details(explicit wipe.JobDetails) wipe.JobDetails {
	d := explicit
	set := func(dst *string, vals ...string) {
		for _, v := range vals {
			if *dst != "" {
				return
			}
			*dst = v
		}
	}
	// own is the configured person's title and phone when dst is that person.
	own := func(dst *wipe.Person, p Person) Person {
		set(&dst.Name, p.Name)
		if dst.Name != p.Name {
			return Person{}
		}
		return p
	}
	op, val := own(&d.Operator, c.Operator), own(&d.Validator, c.Validator)
	set(&d.Operator.Title, op.Title)
	set(&d.Operator.Organization, c.Operator.Organization, c.Organization.Name)
	set(&d.Operator.Location, c.Operator.Location, c.Organization.Location)
	set(&d.Operator.Phone, op.Phone, c.Organization.Phone)
	set(&d.Validator.Title, val.Title)
	set(&d.Validator.Organization, c.Validator.Organization)
	set(&d.Validator.Location, c.Validator.Location)
	set(&d.Validator.Phone, val.Phone)
	if d.Validator.Name != "" {
		set(&d.Validator.Organization, c.Organization.Name)
	}
	set(&d.Classification, c.Policy.Classification)
	set(&d.PostClassification, c.Policy.PostClassification)
	set(&d.Destination, c.Policy.Destination)
	set(&d.DestinationDetails, c.Policy.DestinationDetails)
	set(&d.DataBackedUp, c.Policy.DataBackedUp)
	set(&d.BackupLocation, c.Policy.BackupLocation)
	set(&d.Language, c.Language)
	if len(d.Standards) == 0 {
		d.Standards = append([]string(nil), c.Policy.Standards...)
	}
	if len(d.Standards) == 0 {
		d.Standards = append([]string(nil), DefaultStandards...)
	}
	return d
}

// DefaultStandards are cited when the configuration names none: the documents in
// force. NIST SP 800-88 Rev. 2 (September 2025) superseded Rev. 1 and defers the
// technique details, except cryptographic erase, to IEEE 2883-2022. The record's
// fields remain those of the sample certificate (Rev. 1 Appendix G).
var DefaultStandards = []string{"NIST SP 800-88 Rev. 2", "IEEE 2883-2022"}

// Remember keeps the people and policy choices of a finished job as the next
// job's defaults (the TUI calls it, then Save). Per-medium facts (asset tag,
// source, notes) are not kept.
func (c *Config) Remember(d wipe.JobDetails) {
	keep := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	// Another person does not inherit the title and phone of the one before.
	if d.Operator.Name != "" && d.Operator.Name != c.Operator.Name {
		c.Operator.Title, c.Operator.Phone = "", ""
	}
	if d.Validator.Name != "" && d.Validator.Name != c.Validator.Name {
		c.Validator.Title, c.Validator.Phone = "", ""
	}
	keep(&c.Operator.Name, d.Operator.Name)
	keep(&c.Operator.Title, d.Operator.Title)
	keep(&c.Operator.Organization, d.Operator.Organization)
	keep(&c.Operator.Location, d.Operator.Location)
	keep(&c.Operator.Phone, d.Operator.Phone)
	keep(&c.Validator.Name, d.Validator.Name)
	keep(&c.Validator.Title, d.Validator.Title)
	keep(&c.Validator.Organization, d.Validator.Organization)
	keep(&c.Validator.Location, d.Validator.Location)
	keep(&c.Validator.Phone, d.Validator.Phone)
	keep(&c.Policy.Classification, d.Classification)
	keep(&c.Policy.PostClassification, d.PostClassification)
	keep(&c.Policy.Destination, d.Destination)
	keep(&c.Policy.DestinationDetails, d.DestinationDetails)
	keep(&c.Language, d.Language)
}

// Save writes c to path atomically (a temporary file beside it, synced, then
// renamed), creating the folder (0755) when needed. The file is mode 0644.
func Save(path string, c *Config) error {
	data, err := toml.Marshal(c)
	if err != nil {
		return fmt.Errorf("encode config: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("save config: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("save config: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("save config: %w", err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("save config: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save config: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save config: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save config: %w", err)
	}
	return nil
}
