package main

import "errors"

// backupCmd is `wipestation backup`.
type backupCmd struct{}

// Run is not implemented yet.
func (c *backupCmd) Run(g *Globals) error {
	return errors.New("backup: not implemented yet")
}
