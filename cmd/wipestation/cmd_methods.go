package main

import "errors"

// methodsCmd is `wipestation methods`.
type methodsCmd struct{}

// Run is not implemented yet.
func (c *methodsCmd) Run(g *Globals) error {
	return errors.New("methods: not implemented yet")
}
