package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
)

// listCmd is `wipestation list`.
type listCmd struct {
	JSON  bool `help:"Print a JSON array (with --watch: one JSON object per line). Fields: docs/list-json.md."`
	All   bool `help:"Also list virtual devices (loop devices)."`
	Watch bool `help:"Keep running and report media as they arrive and leave (kernel uevents; no udevd needed)."`
}

// Run lists the media on this machine.
func (c *listCmd) Run(ctx context.Context, g *Globals) error {
	return c.run(ctx, devices.HostSystem(), os.Stdout, os.Stderr)
}

// run is Run with the system and the outputs injected, for tests.
func (c *listCmd) run(ctx context.Context, sys devices.System, stdout, stderr io.Writer) error {
	if c.Watch {
		return c.watch(ctx, sys, stdout)
	}
	devs, err := sys.Discover(ctx)
	if err != nil {
		if len(devs) == 0 {
			return fmt.Errorf("list: %w", err)
		}
		// A partial answer (phones not reachable) is still worth printing.
		fmt.Fprintln(stderr, "wipestation: list:", err)
	}
	devs = c.filter(devs)
	if c.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(listedAll(devs))
	}
	return writeTable(stdout, devs)
}

// listed is a device as `list --json` prints it: the device's own fields, and
// next to each message (why it is not eligible, why a method is recommended)
// its English words, for scripts that read text (docs/list-json.md).
type listed struct {
	devices.Device
	IneligibleReason string                 `json:"ineligible_reason"`
	Recommendations  []listedRecommendation `json:"recommendations"`
}

type listedRecommendation struct {
	devices.Recommendation
	Reason        string      `json:"reason"`
	ReasonMessage msg.Message `json:"reason_message"`
}

func listedAll(devs []devices.Device) []listed {
	out := make([]listed, 0, len(devs))
	for _, d := range devs {
		out = append(out, listedOf(d))
	}
	return out
}

func listedOf(d devices.Device) listed {
	l := listed{Device: d, IneligibleReason: msg.Text(d.Ineligible), Recommendations: []listedRecommendation{}}
	for _, r := range d.Recommendations {
		l.Recommendations = append(l.Recommendations, listedRecommendation{Recommendation: r, Reason: r.Reason.String(), ReasonMessage: r.Reason})
	}
	return l
}

// listedEvent is a hot-plug event as `list --watch --json` prints it: its
// device is the same object `list --json` prints.
type listedEvent struct {
	Type   devices.EventType `json:"event"`
	Path   string            `json:"path,omitempty"`
	Device *listed           `json:"device,omitempty"`
}

// filter drops virtual devices unless --all.
func (c *listCmd) filter(devs []devices.Device) []devices.Device {
	out := []devices.Device{}
	for _, d := range devs {
		if d.Virtual && !c.All {
			continue
		}
		out = append(out, d)
	}
	return out
}

// watch prints one line per arrival and departure until ctx ends (Ctrl-C): JSON
// lines with --json, short readable lines without.
func (c *listCmd) watch(ctx context.Context, sys devices.System, stdout io.Writer) error {
	events, err := sys.Watch(ctx)
	if err != nil {
		return fmt.Errorf("list --watch: %w", err)
	}
	if err := c.printEvents(events, stdout); err != nil {
		return err
	}
	// The channel closes when ctx ends: an interrupted watch is the normal end.
	return ctx.Err()
}

// printEvents prints events until the channel closes or reports an error.
func (c *listCmd) printEvents(events <-chan devices.DeviceEvent, stdout io.Writer) error {
	enc := json.NewEncoder(stdout)
	// shown holds the paths reported so far, so that a departure is reported
	// only for what the user saw arrive (virtual devices are hidden without
	// --all, and a remove event carries no device to tell).
	shown := map[string]bool{}
	for ev := range events {
		if ev.Type == devices.EventError {
			return fmt.Errorf("list --watch: %w", ev.Err)
		}
		if ev.Type == devices.EventRemove {
			if !shown[ev.Path] {
				continue
			}
			delete(shown, ev.Path)
		} else {
			if ev.Device == nil || (ev.Device.Virtual && !c.All) {
				continue
			}
			shown[ev.Path] = true
		}
		if c.JSON {
			le := listedEvent{Type: ev.Type, Path: ev.Path}
			if ev.Device != nil {
				l := listedOf(*ev.Device)
				le.Device = &l
			}
			if err := enc.Encode(le); err != nil {
				return fmt.Errorf("list --watch: %w", err)
			}
			continue
		}
		switch ev.Type {
		case devices.EventRemove:
			fmt.Fprintf(stdout, "- %s\n", ev.Path)
		default:
			d := ev.Device
			mark := "+"
			if ev.Type == devices.EventChange {
				mark = "~"
			}
			fmt.Fprintf(stdout, "%s %s  %s %s  %s  %s  %s  %s\n", mark, d.Path, d.Kind, d.Transport,
				identity(*d), formatSize(d.SizeBytes), status(*d), topRecommendation(*d))
		}
	}
	return nil
}

// writeTable prints the readable listing: one line per medium.
func writeTable(w io.Writer, devs []devices.Device) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PATH\tKIND\tTRANSPORT\tVENDOR/MODEL\tSERIAL\tSIZE\tSTATUS\tRECOMMENDED")
	for _, d := range devs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			d.Path, d.Kind, dash(string(d.Transport)), dash(identity(d)), dash(serial(d)),
			formatSize(d.SizeBytes), status(d), topRecommendation(d))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("list: %w", err)
	}
	if len(devs) == 0 {
		fmt.Fprintln(w, "(no media found)")
	}
	return nil
}

// identity is "vendor model", without repeating a vendor the model starts with.
func identity(d devices.Device) string {
	if d.Vendor == "" || strings.HasPrefix(strings.ToLower(d.Model), strings.ToLower(d.Vendor)) {
		return d.Model
	}
	return strings.TrimSpace(d.Vendor + " " + d.Model)
}

// serial is the medium's serial or, when only the USB bridge has one, that
// serial marked as the bridge's.
func serial(d devices.Device) string {
	switch {
	case d.Serial != "":
		return d.Serial
	case d.BridgeSerial != "":
		return "bridge:" + d.BridgeSerial
	}
	return ""
}

// status is "eligible" or why not.
func status(d devices.Device) string {
	if d.Eligible {
		return "eligible"
	}
	if d.Ineligible == nil {
		return "refused"
	}
	return "refused: " + msg.Text(d.Ineligible)
}

// topRecommendation is the first recommended method with its class.
func topRecommendation(d devices.Device) string {
	if len(d.Recommendations) == 0 {
		return "-"
	}
	r := d.Recommendations[0]
	return fmt.Sprintf("%s (%s)", r.Method, r.Class)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// formatSize prints a size in decimal units, as drive labels do (a "500 GB"
// drive holds 500,107,862,016 bytes).
func formatSize(b int64) string {
	if b <= 0 {
		return "-"
	}
	units := []string{"B", "kB", "MB", "GB", "TB", "PB"}
	v := float64(b)
	i := 0
	for v >= 1000 && i < len(units)-1 {
		v /= 1000
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%d B", b)
	}
	return fmt.Sprintf("%.1f %s", v, units[i])
}
