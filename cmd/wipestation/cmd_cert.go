package main

import "errors"

// certCmd is `wipestation cert`.
type certCmd struct{}

// Run is not implemented yet.
func (c *certCmd) Run(g *Globals) error {
	return errors.New("cert: not implemented yet")
}
