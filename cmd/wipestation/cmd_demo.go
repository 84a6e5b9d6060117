package main

import "errors"

// demoCmd is `wipestation demo`.
type demoCmd struct{}

// Run is not implemented yet.
func (c *demoCmd) Run(g *Globals) error {
	return errors.New("demo: not implemented yet")
}
