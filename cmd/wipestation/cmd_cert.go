package main

import (
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/config"
	"github.com/wipestation/wipestation/wipe"
)

// certCmd is `wipestation cert`.
type certCmd struct {
	Verify certVerifyCmd `cmd:"" help:"Check certificate files: the signature, the signing key, and that the page matches the record inside."`
	List   certListCmd   `cmd:"" help:"Verify every certificate in a folder and print the register (for asset-management systems)."`
}

// certVerifyCmd is `wipestation cert verify FILE...`.
type certVerifyCmd struct {
	Files      []string `arg:"" name:"file" type:"existingfile" help:"Certificate PDFs to check."`
	TrustFlags `embed:""`
	JSON       bool `name:"json" help:"Print one JSON object per file."`
}

// TrustFlags name whom `cert verify` and `cert list` trust besides this
// workstation's own key.
type TrustFlags struct {
	Key []string `name:"key" type:"existingfile" placeholder:"PEM" help:"Also trust the key in this PEM file (from 'key show --export' on the issuing workstation). Repeatable."`
	CA  []string `name:"ca" type:"existingfile" placeholder:"ROOT" help:"Also trust every workstation an organization's root CA certificate (ca-cert.pem) enrolled, at the time it signed. Repeatable."`
}

// verifyResult is one line of `cert verify --json`.
type verifyResult struct {
	File          string `json:"file"`
	OK            bool   `json:"ok"`
	Problem       string `json:"problem,omitempty"`
	Error         string `json:"error,omitempty"`
	CertificateID string `json:"certificate_id,omitempty"`
	Status        string `json:"status,omitempty"`
	Erasure       bool   `json:"erasure"`
	Kind          string `json:"kind,omitempty"`
	RecordSHA256  string `json:"record_sha256,omitempty"`
	KeySHA256     string `json:"key_sha256,omitempty"`
	SigningTime   string `json:"signing_time,omitempty"`
	Layout        string `json:"layout,omitempty"`
	// Certified is false for certificates issued before they were certified
	// against changes (layout 1): cert verify still detects any change, PDF
	// viewers do not.
	Certified bool `json:"certified"`
}

// Run checks every file and exits 1 when any of them is not a good certificate.
func (c *certVerifyCmd) Run(g *Globals) error {
	cfg, err := loadConfig(g)
	if err != nil {
		return err
	}
	v, err := newVerifier(cfg, c.TrustFlags)
	if err != nil {
		return err
	}
	failed := 0
	enc := json.NewEncoder(os.Stdout)
	for _, path := range c.Files {
		res := verifyFile(v, path)
		if !res.OK {
			failed++
		}
		if c.JSON {
			enc.Encode(res)
			continue
		}
		if res.OK {
			fmt.Printf("OK   %s: %s %s (%s), record sha256:%s, signed %s by key %s%s\n",
				path, res.Kind, res.CertificateID, res.Status, res.RecordSHA256, res.SigningTime, res.KeySHA256, uncertifiedNote(res))
		} else {
			fmt.Printf("BAD  %s: %s\n", path, res.Error)
		}
	}
	if failed > 0 {
		return &exitStatus{code: exitFailed, err: fmt.Errorf("%d of %d files failed verification", failed, len(c.Files))}
	}
	return nil
}

// newVerifier trusts this workstation's key (when it has one), the keys in the
// --key files and the workstations the --ca roots enrolled, with the certificate
// font for the visible check. Nothing to trust, or a bad file, is a usage error.
func newVerifier(cfg *config.Config, trust TrustFlags) (*certificate.Verifier, error) {
	v, err := verifierOf(cfg, trust)
	if err == nil && len(v.Trusted) == 0 && v.Roots == nil {
		return nil, usagef("no key to trust: this workstation has no signing key in %s; pass --key FILE or --ca ROOT", keyDir(cfg))
	}
	return v, err
}

// verifierOf is newVerifier that may trust nothing yet: the register, which also
// trusts the workstations enrolled with a token.
func verifierOf(cfg *config.Config, trust TrustFlags) (*certificate.Verifier, error) {
	var trusted []string
	if k, err := certificate.LoadKey(keyDir(cfg)); err == nil {
		trusted = append(trusted, k.Fingerprint())
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, path := range trust.Key {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, usagef("--key %s: %v", path, err)
		}
		fps, err := certificate.ParseTrustedKeys(data)
		if err != nil {
			return nil, usagef("--key %s: %v", path, err)
		}
		trusted = append(trusted, fps...)
	}
	var roots *x509.CertPool
	if len(trust.CA) > 0 {
		var pemBytes []byte
		for _, path := range trust.CA {
			data, err := os.ReadFile(path)
			if err != nil {
				return nil, usagef("--ca %s: %v", path, err)
			}
			pemBytes = append(pemBytes, data...)
		}
		var err error
		if roots, err = certificate.ParseRoots(pemBytes); err != nil {
			return nil, usagef("--ca: %v", err)
		}
	}
	fonts, err := loadFonts(cfg)
	if err != nil {
		return nil, err
	}
	return &certificate.Verifier{Trusted: trusted, Roots: roots, Fonts: fonts}, nil
}

func verifyFile(v *certificate.Verifier, path string) verifyResult {
	res := verifyResult{File: path}
	got, err := v.VerifyFile(path)
	if err != nil {
		res.Error = err.Error()
		var ve *certificate.VerifyError
		if errors.As(err, &ve) {
			res.Problem = string(ve.Problem)
			res.KeySHA256 = ve.Signer
		}
		return res
	}
	res.OK = true
	res.CertificateID = got.Record.CertificateID
	res.Status = string(got.Record.Status)
	res.Erasure = got.Erasure
	res.Kind = string(got.Kind)
	res.RecordSHA256 = got.Digest
	res.KeySHA256 = got.Fingerprint
	if !got.SigningTime.IsZero() {
		res.SigningTime = got.SigningTime.Format(time.RFC3339)
	}
	res.Layout, res.Certified = got.Layout, got.Certified
	return res
}

// uncertifiedNote is what the OK line adds for a certificate that is not
// certified against changes.
func uncertifiedNote(res verifyResult) string {
	if res.Certified {
		return ""
	}
	return "; not certified against changes (an approval signature, as wipestation-layout/1 certificates have): cert verify detects any change, PDF viewers may not"
}

// certListCmd is `wipestation cert list`.
type certListCmd struct {
	CSV        bool   `name:"csv" xor:"format" help:"Print CSV with a header row."`
	JSON       bool   `name:"json" xor:"format" help:"Print a JSON array."`
	CertDir    string `name:"cert-dir" placeholder:"DIR" help:"Certificate folder (default: the config file's cert_dir)."`
	TrustFlags `embed:""`
	OnlyValid  bool `name:"only-valid" help:"List only the files that pass verification (the exit status still counts the others)."`
}

// Run verifies every certificate of the folder and prints the register. It
// exits 1 when any file is invalid (or shares its certificate ID with another).
func (c *certListCmd) Run(g *Globals) error {
	cfg, err := loadConfig(g)
	if err != nil {
		return err
	}
	dir := c.CertDir
	if dir == "" {
		dir = certDir(cfg)
	}
	v, err := newVerifier(cfg, c.TrustFlags)
	if err != nil {
		return err
	}
	entries, err := certificate.Register(dir, v)
	if err != nil {
		return err
	}
	invalid := 0
	shown := entries[:0:0]
	for _, e := range entries {
		if !e.Valid {
			invalid++
		}
		if e.Valid || !c.OnlyValid {
			shown = append(shown, e)
		}
	}
	if err := writeRegister(os.Stdout, shown, c.CSV, c.JSON); err != nil {
		return err
	}
	if invalid > 0 {
		return &exitStatus{code: exitFailed, err: fmt.Errorf("%d of %d certificate files in %s are invalid", invalid, len(entries), dir)}
	}
	return nil
}

func writeRegister(w io.Writer, entries []certificate.RegisterEntry, csv, asJSON bool) error {
	switch {
	case csv:
		return certificate.WriteCSV(w, entries)
	case asJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(entries)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DATE\tCERTIFICATE\tSERIAL\tMODEL\tASSET TAG\tMETHOD\tCLASS\tRESULT\tVERIFICATION\tKIND\tSIGNER\tVALID\tFILE")
	for _, e := range entries {
		valid := "valid"
		if !e.Valid {
			valid = "INVALID: " + e.Problem
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Date, e.CertificateID, e.Serial, e.Model,
			e.AssetTag, e.Method, e.Class, e.Result, e.Verification, e.Kind, shortFingerprint(e.Signer), valid, filepath.Base(e.File))
	}
	return tw.Flush()
}

// shortFingerprint is the first 16 hex digits of a key fingerprint, enough to
// tell a folder's keys apart in the table (CSV and JSON carry it whole).
func shortFingerprint(fp string) string {
	if len(fp) > 16 {
		return fp[:16]
	}
	return fp
}

// The helpers below resolve the certificate side of the configuration; the wipe
// command and the TUI use them too (newCertifier, openAuditLog).

// loadConfig reads the configuration file named by --config/$WIPESTATION_CONFIG,
// or the default one. A bad file is a usage error.
func loadConfig(g *Globals) (*config.Config, error) {
	path, explicit := config.Path(g.Config)
	c, err := config.Load(path, explicit)
	if err != nil {
		return nil, usageError{msg: err.Error()}
	}
	return c, nil
}

// stateDir is NAME under $WIPESTATION_STATE_DIR when that is set, else
// /var/lib/wipestation/NAME for root, else NAME under the XDG state folder
// ($XDG_STATE_HOME or ~/.local/state).
func stateDir(name string) string {
	if s := os.Getenv("WIPESTATION_STATE_DIR"); s != "" {
		return filepath.Join(s, name)
	}
	if os.Geteuid() == 0 {
		return filepath.Join("/var/lib/wipestation", name)
	}
	if s := os.Getenv("XDG_STATE_HOME"); s != "" {
		return filepath.Join(s, "wipestation", name)
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "state", "wipestation", name)
	}
	return name
}

func keyDir(c *config.Config) string {
	if c.KeyDir != "" {
		return c.KeyDir
	}
	return certificate.DefaultKeyDir(os.Geteuid(), os.Getenv)
}

func certDir(c *config.Config) string {
	if c.CertDir != "" {
		return c.CertDir
	}
	return stateDir("certificates")
}

func recordsDir(c *config.Config) string {
	if c.RecordsDir != "" {
		return c.RecordsDir
	}
	return stateDir("records")
}

func auditLogPath(c *config.Config) string {
	if c.AuditLog != "" {
		return c.AuditLog
	}
	return filepath.Join(recordsDir(c), certificate.DefaultAuditLogName)
}

// loadFonts loads the machine's certificate font. None installed (and none named)
// is not an error: English certificates then use the fonts built into the binary,
// and Traditional Chinese ones are refused (certificate.FontsFor).
func loadFonts(c *config.Config) (*certificate.Fonts, error) {
	path, err := certificate.FindFont(c.Font, os.Getenv)
	if errors.Is(err, certificate.ErrNoFont) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return certificate.LoadFonts(path)
}

// workstationKey loads the signing key, creating it on first use.
func workstationKey(c *config.Config) (*certificate.Key, error) {
	host, _ := os.Hostname()
	return certificate.LoadOrCreateKey(keyDir(c), host, c.Organization.Name, time.Now())
}

// newCertifier builds the Certifier that files certificates in dir (certDir(c)
// when empty), in lang (the config file's language when empty).
func newCertifier(c *config.Config, dir, lang string) (*certificate.Certifier, error) {
	key, err := workstationKey(c)
	if err != nil {
		return nil, err
	}
	// A certificate signed outside its key's validity would not verify against the
	// organization's root: refuse before any job rather than issue it.
	if err := key.CheckValidity(time.Now()); err != nil {
		return nil, err
	}
	fonts, err := loadFonts(c)
	if err != nil {
		return nil, err
	}
	if dir == "" {
		dir = certDir(c)
	}
	if lang == "" {
		lang = c.Language
	}
	// Up front: a certificate language this machine cannot draw refuses before any
	// job, never after a wipe.
	if _, err := certificate.FontsFor(fonts, lang); err != nil {
		return nil, usageError{msg: err.Error()}
	}
	return &certificate.Certifier{Key: key, Fonts: fonts, Language: lang, Dir: dir}, nil
}

// auditKey loads the audit-log signing key, creating it on first use.
func auditKey(c *config.Config) (*certificate.AuditKey, error) {
	return certificate.LoadOrCreateAuditKey(keyDir(c))
}

// openAuditLog opens the audit log, signing its lines with the audit-log key;
// certifier's records are digested exactly as its certificates embed them.
func openAuditLog(c *config.Config, certifier *certificate.Certifier) (*certificate.AuditLog, error) {
	key, err := auditKey(c)
	if err != nil {
		return nil, err
	}
	return certificate.OpenAuditLog(certificate.AuditLogConfig{Path: auditLogPath(c), Key: key, Records: certifier})
}

// certWiring is what `wipe` and the TUI plug into a Runner: Certify for
// wipe.RunnerConfig.Certify (it files the signed certificate or "not erased" report
// and returns its path), and Audit to append every event read from
// Runner.Events() (progress ticks are skipped).
type certWiring struct {
	Certifier *certificate.Certifier
	Certify   func(rec *wipe.Record, recordPath string) (string, error)
	Audit     *certificate.AuditLog
}

// newCertWiring loads the workstation key (creating it on first use) and the font,
// and opens the signed audit log. dir and lang are the --cert-dir and --lang flags
// (empty: the config file's values).
func newCertWiring(cfg *config.Config, dir, lang string) (*certWiring, error) {
	c, err := newCertifier(cfg, dir, lang)
	if err != nil {
		return nil, err
	}
	log, err := openAuditLog(cfg, c)
	if err != nil {
		return nil, err
	}
	return &certWiring{Certifier: c, Certify: c.Issue, Audit: log}, nil
}
