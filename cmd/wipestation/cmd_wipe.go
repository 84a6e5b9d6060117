package main

import "errors"

// wipeCmd is `wipestation wipe`.
type wipeCmd struct{}

// Run is not implemented yet.
func (c *wipeCmd) Run(g *Globals) error {
	return errors.New("wipe: not implemented yet")
}
