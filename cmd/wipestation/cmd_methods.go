package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/wipestation/wipestation/wipe"
)

// methodsCmd is `wipestation methods`.
type methodsCmd struct {
	JSON bool `help:"Print the catalogue as JSON." name:"json"`
}

// methodJSON is one method as `methods --json` prints it (a stable interface).
type methodJSON struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Engine      wipe.Engine `json:"engine"`
	Class       string      `json:"class"`
	PassCount   int         `json:"pass_count"`
	Passes      []string    `json:"passes"`
	Verify      bool        `json:"requires_verify"`
	Description string      `json:"description"`
}

// Run prints the catalogue.
func (c *methodsCmd) Run(g *Globals) error {
	return printMethods(os.Stdout, c.JSON)
}

func printMethods(w io.Writer, asJSON bool) error {
	ms := wipe.Methods()
	if asJSON {
		out := make([]methodJSON, 0, len(ms))
		for _, m := range ms {
			j := methodJSON{ID: m.ID, Name: m.Name, Engine: m.Engine, Class: string(m.Class), PassCount: len(m.Passes), Passes: []string{}, Verify: m.RequiresVerify, Description: m.Description}
			for _, p := range m.Passes {
				j.Passes = append(j.Passes, p.String())
			}
			out = append(out, j)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tPASSES\tCLASS\tDESCRIPTION")
	for _, m := range ms {
		passes := fmt.Sprint(len(m.Passes))
		switch m.Engine {
		case wipe.EngineVerify:
			passes = "read"
		case wipe.EngineOverwrite:
		default:
			passes = string(m.Engine)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.ID, m.Name, passes, m.Class, m.Description)
	}
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", wipe.AliasPurge, "Purge (policy)", "-", "Purge", "The first Purge method recommended for each device; refuses a device that cannot be purged.")
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", wipe.AliasClear, "Clear (policy)", "-", "Clear", "The first Clear method recommended for each device.")
	return tw.Flush()
}
