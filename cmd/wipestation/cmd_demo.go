package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

// demoCmd is `wipestation demo`: the whole flow on scratch image files, so that a
// newcomer without a spare drive can try it safely.
type demoCmd struct {
	Yes    bool   `short:"y" help:"Run the batch flow even from a terminal (no UI)."`
	Dir    string `help:"Scratch folder for the image files and records (default: a new folder on /dev/shm, else the temp folder)." placeholder:"DIR"`
	Keep   bool   `help:"Keep the scratch folder afterwards."`
	Method string `help:"Method to demonstrate (default: nist-clear)." default:"nist-clear" placeholder:"ID"`
	JSON   bool   `name:"json" help:"Print JSON lines like 'wipe --json'."`
}

// demoImages are the scratch "devices": sparse files, so they cost no disk space
// until written.
var demoImages = []struct {
	name      string
	sizeBytes int64
	serial    string
	model     string
}{
	{"demo-disk-1.img", 64 << 20, "DEMO-0001", "Demo image disk"},
	{"demo-disk-2.img", 64 << 20, "DEMO-0002", "Demo image disk"},
	{"demo-disk-3.img", 64 << 20, "DEMO-0003", "Demo image disk"},
}

// Run creates the images and wipes them.
func (c *demoCmd) Run(ctx context.Context, g *Globals) error {
	if _, ok := wipe.LookupMethod(c.Method); !ok {
		return usagef("unknown method %q for the demo; see 'wipestation methods'", c.Method)
	}
	dir := c.Dir
	if dir == "" {
		base := os.TempDir()
		if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
			base = "/dev/shm"
		}
		var err error
		if dir, err = os.MkdirTemp(base, "wipestation-demo-"); err != nil {
			return fmt.Errorf("demo scratch folder: %w", err)
		}
		if !c.Keep {
			defer os.RemoveAll(dir)
		}
	} else if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("demo scratch folder: %w", err)
	}
	var images []devices.Device
	for _, im := range demoImages {
		p := filepath.Join(dir, im.name)
		if err := makeSparse(p, im.sizeBytes); err != nil {
			return err
		}
		images = append(images, devices.Device{
			Path: p, Name: im.name, Kind: devices.KindDisk, Transport: devices.TransportFile,
			Vendor: "wipestation", Model: im.model, Serial: im.serial, SizeBytes: im.sizeBytes,
			LogicalSectorBytes: 512, PhysicalSectorBytes: 4096, Virtual: true, Eligible: true,
		})
	}
	cfg, err := loadConfig(g)
	if err != nil {
		return err
	}
	sys := devices.HostSystem()
	ws, err := newWorkstation(cfg, sys, workstationFlags{
		recordsDir: filepath.Join(dir, "records"),
		certDir:    filepath.Join(dir, "certificates"),
		noRegister: true,
	})
	if err != nil {
		return err
	}
	if !c.Yes && isTerminal(os.Stdin) && isTerminal(os.Stdout) {
		return tuiOnImages(ctx, ws, images)
	}
	fmt.Fprintf(os.Stderr, "demo: wiping %d image files in %s with %s (no real device is touched)\n", len(images), dir, c.Method)
	var jobs []wipe.Job
	for i, d := range images {
		jobs = append(jobs, wipe.Job{
			Device: d, Method: c.Method,
			Options: wipe.Options{Verify: wipe.VerifyLast, AllowFile: true},
			// The configuration's defaults fill in the rest, as for every job.
			Details: cfg.Details(wipe.JobDetails{AssetTag: fmt.Sprintf("DEMO-ASSET-%d", i+1), Operator: wipe.Person{Name: "Demo operator"},
				Destination: "Internal Reuse", Notes: "wipestation demo on a scratch image file"}),
		})
	}
	b := batch{cfg: ws.runner, jobs: jobs, json: c.JSON, out: os.Stdout, onEvent: ws.auditEvent}
	err = b.run(ctx)
	if c.Keep || c.Dir != "" {
		fmt.Fprintf(os.Stderr, "demo: images, records and certificates kept in %s\n", dir)
	} else {
		fmt.Fprintf(os.Stderr, "demo: scratch folder %s removed; run 'wipestation demo --keep' to look at the records and certificates\n", dir)
	}
	return err
}

// makeSparse creates (or truncates to) a sparse file of size bytes.
func makeSparse(p string, size int64) error {
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("demo image: %w", err)
	}
	if err := f.Truncate(size); err != nil {
		f.Close()
		return fmt.Errorf("demo image %s: %w", p, err)
	}
	return f.Close()
}
