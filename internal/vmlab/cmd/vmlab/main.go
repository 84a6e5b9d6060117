// Command vmlab boots the throwaway VM lab (internal/vmlab) with the emulated desk
// and runs a shell script in the guest, for trying things by hand:
//
//	scripts/vm/run 'wipestation list'
//	scripts/vm/run -devices nvme0,stick0 'ws_run l wipestation list --json'
//
// The guest script's own output appears on the console; results recorded with
// ws_run are printed after it. Everything in the guest is throwaway: the media are
// sparse files in a scratch folder on /dev/shm, removed afterwards.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/wipestation/wipestation/internal/vmlab"
)

func main() {
	os.Exit(run())
}

func run() int {
	devs := flag.String("devices", "all", "comma-separated lab device IDs, or all: "+ids(vmlab.Desk()))
	timeout := flag.Duration("timeout", 5*time.Minute, "bound on the whole boot")
	noBinary := flag.Bool("no-wipestation", false, "do not build wipestation into the guest")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: vmlab [flags] 'guest shell script'\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		return 2
	}
	cfg := vmlab.Config{Script: flag.Arg(0), Wipestation: !*noBinary, Timeout: *timeout}
	if *devs == "all" {
		cfg.Devices = vmlab.Desk()
	} else {
		cfg.Devices = vmlab.Pick(strings.Split(*devs, ",")...)
		if len(cfg.Devices) != len(strings.Split(*devs, ",")) {
			fmt.Fprintf(os.Stderr, "vmlab: unknown device in %q; the desk has %s\n", *devs, ids(vmlab.Desk()))
			return 2
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	scratch, err := os.MkdirTemp("/dev/shm", "wipestation-vmlab-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "vmlab:", err)
		return 1
	}
	defer os.RemoveAll(scratch)

	r, err := vmlab.Start(ctx, cfg, scratch)
	fmt.Print(r.Console)
	for _, res := range r.Results {
		fmt.Printf("--- %s (exit %d)\n%s", res.Name, res.ExitCode, res.Stdout)
		if len(res.Stderr) > 0 {
			fmt.Printf("--- %s stderr\n%s", res.Name, res.Stderr)
		}
	}
	var unavailable *vmlab.UnavailableError
	switch {
	case errors.As(err, &unavailable):
		fmt.Fprintln(os.Stderr, "vmlab: cannot run here:", err)
		return 1
	case err != nil:
		fmt.Fprintln(os.Stderr, "vmlab:", err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "vmlab: boot took %v, devices ready at %v\n",
		r.Elapsed.Round(100*time.Millisecond), r.Marks["devices-ready"].Round(100*time.Millisecond))
	return r.ScriptExit
}

func ids(devs []vmlab.Device) string {
	var out []string
	for _, d := range devs {
		out = append(out, d.ID+" ("+string(d.Kind)+")")
	}
	return strings.Join(out, ", ")
}
