package main

import "errors"

// tuiCmd is `wipestation tui`.
type tuiCmd struct{}

// Run is not implemented yet.
func (c *tuiCmd) Run(g *Globals) error {
	return errors.New("tui: not implemented yet")
}
