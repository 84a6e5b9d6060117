package main

import (
	"fmt"
	"os"
)

// keyCmd is `wipestation key`.
type keyCmd struct {
	Show keyShowCmd `cmd:"" help:"Print the fingerprints of the workstation's certificate key and audit-log key (creating them on first use) and export their public halves."`
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
