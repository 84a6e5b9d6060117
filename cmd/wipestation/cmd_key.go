package main

import (
	"fmt"
	"os"
)

// keyCmd is `wipestation key`.
type keyCmd struct {
	Show keyShowCmd `cmd:"" help:"Print the workstation key's fingerprint (creating the key on first use) and export its public half."`
}

// keyShowCmd is `wipestation key show [--export FILE]`.
type keyShowCmd struct {
	Export string `name:"export" placeholder:"FILE" help:"Write the public key and certificate (PEM) to FILE ('-' for standard output), for asset managers and 'cert verify --key'."`
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
	if c.Export == "-" {
		_, err := os.Stdout.Write(key.PublicPEM())
		return err
	}
	fmt.Printf("Workstation signing key (ECDSA P-256)\n")
	fmt.Printf("  folder:       %s\n", keyDir(cfg))
	fmt.Printf("  fingerprint:  SHA256:%s\n", key.Fingerprint())
	fmt.Printf("  certificate:  %s, valid %s to %s\n", key.Cert.Subject, key.Cert.NotBefore.Format("2006-01-02"), key.Cert.NotAfter.Format("2006-01-02"))
	if c.Export != "" {
		if err := os.WriteFile(c.Export, key.PublicPEM(), 0o644); err != nil {
			return fmt.Errorf("export key: %w", err)
		}
		fmt.Printf("  exported to:  %s\n", c.Export)
	}
	return nil
}
