package main

import "errors"

// destroyCmd is `wipestation destroy`.
type destroyCmd struct{}

// Run is not implemented yet.
func (c *destroyCmd) Run(g *Globals) error {
	return errors.New("destroy: not implemented yet")
}
