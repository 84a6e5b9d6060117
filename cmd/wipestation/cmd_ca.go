package main

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/wipestation/wipestation/certificate"
)

// caCmd is `wipestation ca`: an organization's certificate authority, run on a
// machine apart from the workstations (docs/certificate.md, "An organization's
// trust").
type caCmd struct {
	Init  caInitCmd  `cmd:"" help:"Make an organization's root CA in a folder (never overwrites one)."`
	Sign  caSignCmd  `cmd:"" help:"Issue a workstation certificate for a request from 'key csr' and print the chain (PEM)."`
	Token caTokenCmd `cmd:"" help:"Print a single-use, expiring enrolment token for 'key csr --token'."`
}

// caDir is the flag every ca subcommand takes.
type caDir struct {
	Dir string `name:"dir" required:"" placeholder:"DIR" help:"The CA's folder (keep it offline and backed up: it holds the CA's private key)."`
}

func (d caDir) load() (*certificate.CA, error) {
	ca, err := certificate.LoadCA(d.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usagef("no CA in %s (make one with 'ca init')", d.Dir)
	}
	return ca, err
}

// caInitCmd is `wipestation ca init --dir DIR --org NAME`.
type caInitCmd struct {
	caDir
	Org string `name:"org" required:"" placeholder:"NAME" help:"The organization's name, as every workstation certificate will state it."`
}

// Run makes the CA.
func (c *caInitCmd) Run() error {
	ca, err := certificate.InitCA(c.Dir, c.Org, time.Now())
	if err != nil {
		return usageError{msg: err.Error()}
	}
	fmt.Printf("Organization CA (ECDSA P-384) made in %s\n", c.Dir)
	printRoot(ca.Cert)
	fmt.Printf("  give %s to the workstations ('key install --ca'), to auditors ('cert verify --ca') and to PDF readers\n", filepath.Join(ca.Dir, certificate.CACertFile))
	return nil
}

// printRoot prints what identifies a root certificate when it is handed over: the
// fingerprint to compare out of band (`openssl x509 -fingerprint -sha256` and PDF
// readers show the same digest).
func printRoot(root *x509.Certificate) {
	fmt.Printf("  root:         %s, valid %s to %s\n", root.Subject, root.NotBefore.Format("2006-01-02"), root.NotAfter.Format("2006-01-02"))
	fmt.Printf("  root SHA-256: %s\n", certificate.CertificateFingerprint(root))
}

// caSignCmd is `wipestation ca sign --dir DIR [--token] REQUEST`.
type caSignCmd struct {
	caDir
	Request string `arg:"" name:"request" type:"existingfile" help:"Certificate request (PEM) from 'key csr' on the workstation."`
	Token   bool   `name:"token" help:"Require the request to be made with an enrolment token of this CA ('ca token'), and burn the token."`
}

// Run issues the certificate and prints the chain on standard output.
func (c *caSignCmd) Run() error {
	data, err := os.ReadFile(c.Request)
	if err != nil {
		return usagef("request: %v", err)
	}
	if _, err := certificate.ParseCSR(data); err != nil {
		return usagef("%s: %v", c.Request, err)
	}
	ca, err := c.load()
	if err != nil {
		return err
	}
	chain, err := ca.Sign(data, c.Token, time.Now())
	if err != nil {
		return fmt.Errorf("%s: %w", c.Request, err)
	}
	if _, err := os.Stdout.Write(certificate.ChainPEM(chain)); err != nil {
		return err
	}
	fp, _ := certificate.Fingerprint(chain[0].PublicKey)
	fmt.Fprintf(os.Stderr, "wipestation: issued %q (%s), key SHA256:%s, serial %x, valid until %s\n",
		chain[0].Subject.CommonName, ca.Organization(), fp, chain[0].SerialNumber, chain[0].NotAfter.Format("2006-01-02"))
	return nil
}

// caTokenCmd is `wipestation ca token --dir DIR [--valid DURATION]`.
type caTokenCmd struct {
	caDir
	Valid time.Duration `name:"valid" default:"72h" help:"How long the token may be used (at most 720h)."`
}

// Run records a new token and prints it.
func (c *caTokenCmd) Run() error {
	if c.Valid <= 0 || c.Valid > certificate.MaxTokenValidity {
		return usagef("--valid %s: must be more than 0 and at most %s", c.Valid, certificate.MaxTokenValidity)
	}
	ca, err := c.load()
	if err != nil {
		return err
	}
	now := time.Now()
	tok, err := ca.NewToken(c.Valid, now)
	if err != nil {
		return err
	}
	fmt.Println(tok)
	fmt.Fprintf(os.Stderr, "wipestation: single-use enrolment token, valid until %s; on the workstation: wipestation key csr --token - > ws.csr\n",
		now.Add(c.Valid).Format(time.RFC3339))
	return nil
}
