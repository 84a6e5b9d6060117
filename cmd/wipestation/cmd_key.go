package main

import "errors"

// keyCmd is `wipestation key`.
type keyCmd struct{}

// Run is not implemented yet.
func (c *keyCmd) Run(g *Globals) error {
	return errors.New("key: not implemented yet")
}
