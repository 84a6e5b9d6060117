package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
	"github.com/wipestation/wipestation/wipe/phonereset"
)

// stepsExecutor stands in for the phone's executor at the Executor boundary: it
// reports the command phase with the platform's steps, then a wait tick.
type stepsExecutor struct{}

func (stepsExecutor) Execute(ctx context.Context, x wipe.Execution) (wipe.Outcome, error) {
	x.Progress(wipe.Progress{Phase: wipe.PhaseCommand, Pass: 1, Passes: 1, Message: phonereset.StepsMessage(x.Job.Device, 30*time.Minute, msg.English)})
	x.Progress(wipe.Progress{Phase: wipe.PhaseCommand, Pass: 1, Passes: 1})
	return wipe.Outcome{Completed: true, Verification: wipe.Verification{Mode: "other", Verified: true}}, nil
}

// TestPhaseMessagePrinted: `wipe` shows a phase's message (a phone's reset steps)
// as lines, and puts it in the JSON phase event.
func TestPhaseMessagePrinted(t *testing.T) {
	dev := devices.Device{Path: "mtp:/dev/bus/usb/001/007", Kind: devices.KindPhone, Transport: devices.TransportMTP, USBVendorID: "04e8"}
	steps := phonereset.Steps(dev)
	for _, asJSON := range []bool{false, true} {
		t.Run(map[bool]string{false: "text", true: "json"}[asJSON], func(t *testing.T) {
			var out bytes.Buffer
			b := batch{
				cfg: wipe.RunnerConfig{System: devices.HostSystem(), RecordsDir: filepath.Join(t.TempDir(), "records"),
					Executors: map[wipe.Engine]wipe.Executor{wipe.EnginePhone: stepsExecutor{}}},
				jobs: []wipe.Job{{Device: dev, Method: "phone-reset", Options: wipe.Options{Attestation: "I performed the factory reset on this phone"}}},
				json: asJSON,
				out:  &out,
			}
			b.run(t.Context())
			text := out.String()
			if !asJSON {
				for i, step := range steps {
					line := fmt.Sprintf("%s:   %d. %s\n", dev.Path, i+1, step)
					if !strings.Contains(text, line) {
						t.Errorf("step %d not printed as a line %q:\n%s", i+1, line, text)
					}
				}
				if strings.Index(text, "waits up to 30 minutes") > strings.Index(text, "ERASED") {
					t.Errorf("the steps come after the result:\n%s", text)
				}
				t.Log(text)
				return
			}
			var found bool
			for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
				var ev struct {
					Event   string `json:"event"`
					Phase   string `json:"phase"`
					Message string `json:"message"`
				}
				if err := json.Unmarshal([]byte(line), &ev); err != nil {
					t.Fatalf("not JSON: %q", line)
				}
				if ev.Message != "" {
					if ev.Event != "phase" || ev.Phase != "command" || !strings.Contains(ev.Message, "1. "+steps[0].String()) || found {
						t.Errorf("message in %q", line)
					}
					found = true
				}
			}
			if !found {
				t.Errorf("no phase event carries the steps:\n%s", text)
			}
		})
	}
}
