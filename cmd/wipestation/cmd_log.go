package main

import "errors"

// logCmd is `wipestation log`.
type logCmd struct{}

// Run is not implemented yet.
func (c *logCmd) Run(g *Globals) error {
	return errors.New("log: not implemented yet")
}
