package main

import "errors"

// listCmd is `wipestation list`.
type listCmd struct{}

// Run is not implemented yet.
func (c *listCmd) Run(g *Globals) error {
	return errors.New("list: not implemented yet")
}
