package vmtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/vmlab"
	"github.com/wipestation/wipestation/wipe"
)

// wipeEvent is one JSON line of `wipestation wipe --json`: wipe.Event, plus the flat
// result fields issue 2 names (status, verified, method, reason), which the CLI
// may print at the top level as well as inside the record.
type wipeEvent struct {
	wipe.Event
	Status   wipe.Status `json:"status"`
	Verified *bool       `json:"verified"`
	Reason   string      `json:"reason"`
	Method   string      `json:"method"`
}

// outcome is a job's result, from whichever of the two places the CLI put it.
type outcome struct {
	Status   wipe.Status
	Verified bool
	Reason   string
	Method   string
	Record   *wipe.Record
}

// wipeResults decodes the result events of a wipe --json run, by device path. Lines
// that are not JSON objects are an error: --json output is for machines.
func wipeResults(t *testing.T, stdout []byte) map[string]outcome {
	t.Helper()
	out := map[string]outcome{}
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var ev wipeEvent
		if err := json.Unmarshal(line, &ev); err != nil {
			t.Errorf("wipe --json printed a line that is not a JSON event: %q: %v", line, err)
			continue
		}
		if ev.Type != wipe.EventResult {
			continue
		}
		o := outcome{Status: ev.Status, Reason: ev.Reason, Method: ev.Method, Record: ev.Result}
		if ev.Verified != nil {
			o.Verified = *ev.Verified
		}
		if r := ev.Result; r != nil {
			if o.Status == "" {
				o.Status = r.Status
			}
			if o.Reason == "" && r.Reason != nil {
				o.Reason = r.Reason.String()
			}
			if o.Method == "" {
				o.Method = r.Sanitization.MethodID
			}
			if ev.Verified == nil {
				o.Verified = r.Verification.Verified
			}
		}
		if _, dup := out[ev.Device]; dup {
			t.Errorf("two result events for %s", ev.Device)
		}
		out[ev.Device] = o
	}
	return out
}

// listDevices decodes `wipestation list --json`.
func listDevices(t *testing.T, res vmlab.Result) []devices.Device {
	t.Helper()
	if res.ExitCode != 0 {
		t.Fatalf("wipestation list --json: exit %d, stderr %s", res.ExitCode, res.Stderr)
	}
	var list []devices.Device
	if err := json.Unmarshal(res.Stdout, &list); err != nil {
		t.Fatalf("wipestation list --json is not a JSON array of devices: %v\n%s", err, res.Stdout)
	}
	return list
}

// firstByteNot returns the offset of the first byte of the file that is not b, or -1.
func firstByteNot(path string, b byte) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	var off int64
	for {
		n, err := f.Read(buf)
		for i := 0; i < n; i++ {
			if buf[i] != b {
				return off + int64(i), nil
			}
		}
		off += int64(n)
		if err == io.EOF {
			return -1, nil
		}
		if err != nil {
			return 0, err
		}
	}
}

// requireAllBytes fails the test unless the host image behind a device holds only b.
func requireAllBytes(t *testing.T, run *vmlab.Run, id string, b byte) {
	t.Helper()
	off, err := firstByteNot(run.Image(id), b)
	switch {
	case err != nil:
		t.Errorf("%s: read its image: %v", id, err)
	case off >= 0:
		t.Errorf("%s: its image holds a byte other than %#02x at offset %d: the medium was not (fully) written", id, b, off)
	}
}

// describe is a device from list --json in one line, for failure messages.
func describe(d devices.Device) string {
	return fmt.Sprintf("%s kind=%s transport=%s vendor=%q model=%q serial=%q bridge_serial=%q",
		d.Path, d.Kind, d.Transport, d.Vendor, d.Model, d.Serial, d.BridgeSerial)
}

func trim(s string) string { return strings.TrimSpace(s) }
