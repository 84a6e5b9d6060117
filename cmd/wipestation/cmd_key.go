package main

import (
	"bufio"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wipestation/wipestation/certificate"
)

// keyCmd is `wipestation key`.
type keyCmd struct {
	Show    keyShowCmd    `cmd:"" help:"Print the fingerprints of the workstation's certificate key and audit-log key (creating them on first use) and export their public halves."`
	CSR     keyCSRCmd     `cmd:"" name:"csr" help:"Print a certificate request for the workstation key, for an organization's CA ('ca sign')."`
	Install keyInstallCmd `cmd:"" help:"Install the certificate chain an organization's CA issued for this workstation."`
}

// keyShowCmd is `wipestation key show [--export FILE]`.
type keyShowCmd struct {
	Export string `name:"export" placeholder:"FILE" help:"Write both public keys and the certificate (PEM) to FILE ('-' for standard output), for asset managers, 'cert verify --key' and 'log verify --key'."`
}

// Run prints the key's fingerprint and exports it.
func (c *keyShowCmd) Run(g *Globals) error {
	cfg, err := loadConfig(g)
	if err != nil {
		return err
	}
	key, err := workstationKey(cfg)
	if err != nil {
		return err
	}
	audit, err := auditKey(cfg)
	if err != nil {
		return err
	}
	export := append(key.PublicPEM(), audit.PublicPEM()...)
	if c.Export == "-" {
		_, err := os.Stdout.Write(export)
		return err
	}
	fmt.Printf("Workstation signing key (ECDSA P-256): signs certificates\n")
	fmt.Printf("  folder:       %s\n", keyDir(cfg))
	fmt.Printf("  fingerprint:  SHA256:%s\n", key.Fingerprint())
	fmt.Printf("  certificate:  %s, valid %s to %s\n", key.Cert.Subject, key.Cert.NotBefore.Format("2006-01-02"), key.Cert.NotAfter.Format("2006-01-02"))
	if len(key.Chain) > 1 {
		fmt.Printf("  issued by:    %s (%s)\n", key.Cert.Issuer, filepath.Join(keyDir(cfg), certificate.ChainFile))
	} else {
		fmt.Printf("  issued by:    itself (standalone workstation)\n")
	}
	if err := key.CheckValidity(time.Now()); err != nil {
		fmt.Printf("  WARNING:      %v\n", err)
	}
	fmt.Printf("Audit-log key (ECDSA P-256): signs audit log lines only\n")
	fmt.Printf("  fingerprint:  SHA256:%s\n", audit.Fingerprint())
	if c.Export != "" {
		if err := os.WriteFile(c.Export, export, 0o644); err != nil {
			return fmt.Errorf("export key: %w", err)
		}
		fmt.Printf("Exported both public keys to %s\n", c.Export)
	}
	return nil
}

// keyCSRCmd is `wipestation key csr [--token TOKEN]`.
type keyCSRCmd struct {
	Token string `name:"token" placeholder:"TOKEN" help:"Enrolment token from 'ca token' ('-' reads it from standard input, keeping it out of the shell history)."`
}

// Run prints a certificate request for the workstation key (creating the key on
// first use), for 'ca sign'.
func (c *keyCSRCmd) Run(g *Globals) error {
	cfg, err := loadConfig(g)
	if err != nil {
		return err
	}
	token := c.Token
	if token == "-" {
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return usagef("--token -: no token on standard input")
		}
		token = strings.TrimSpace(line)
	}
	key, err := workstationKey(cfg)
	if err != nil {
		return err
	}
	host, _ := os.Hostname()
	csr, err := certificate.NewCSR(key, host, cfg.Organization.Name, token)
	if err != nil {
		return usageError{msg: err.Error()}
	}
	if _, err := os.Stdout.Write(csr); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wipestation: certificate request for workstation %s, key SHA256:%s (the CA compares this fingerprint when no token is used)\n", host, key.Fingerprint())
	return nil
}

// keyInstallCmd is `wipestation key install CHAIN [--ca ROOT]`.
type keyInstallCmd struct {
	Chain string `arg:"" name:"chain" type:"existingfile" help:"The chain 'ca sign' printed for this workstation's request (PEM)."`
	CA    string `name:"ca" type:"existingfile" placeholder:"ROOT" help:"The organization's root certificate (ca-cert.pem), obtained apart from the chain file. Without it, the root inside the chain file is used."`
}

// Run checks and installs the issued certificate chain beside the key.
func (c *keyInstallCmd) Run(g *Globals) error {
	cfg, err := loadConfig(g)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(c.Chain)
	if err != nil {
		return usagef("chain: %v", err)
	}
	var roots *x509.CertPool
	if c.CA != "" {
		rootPEM, err := os.ReadFile(c.CA)
		if err != nil {
			return usagef("--ca %s: %v", c.CA, err)
		}
		if roots, err = certificate.ParseRoots(rootPEM); err != nil {
			return usagef("--ca %s: %v", c.CA, err)
		}
	}
	dir := keyDir(cfg)
	key, err := certificate.LoadKey(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return usagef("no workstation key in %s: make the request on this workstation with 'key csr'", dir)
	}
	if err != nil {
		return err
	}
	chain, err := certificate.InstallChain(dir, key, data, roots, time.Now())
	if err != nil {
		return fmt.Errorf("install %s: %w", c.Chain, err)
	}
	root := chain[len(chain)-1]
	fmt.Printf("Installed in %s\n", filepath.Join(dir, certificate.ChainFile))
	fmt.Printf("  certificate:  %s, valid %s to %s\n", chain[0].Subject, chain[0].NotBefore.Format("2006-01-02"), chain[0].NotAfter.Format("2006-01-02"))
	printRoot(root)
	return nil
}
