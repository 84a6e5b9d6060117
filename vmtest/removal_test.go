package vmtest

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/internal/vmlab"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// TestRemovalMidWipe is issue 2's "a device removed mid-wipe": a batch wipe of a USB
// stick and two disks; once the stick's job reports progress, the host pulls the
// stick out (QMP device_del). The stick's job must end failed with a reason, never
// erased; the other two jobs must still finish erased and verified (their images
// are filled with 0xA5 before boot, so all zeros afterwards proves the writes); the
// exit code is 1.
func TestRemovalMidWipe(t *testing.T) {
	devs := vmlab.Pick("stick0", "sata0", "scsi0")
	for i := range devs {
		if devs[i].ID != "stick0" {
			devs[i].Fill = 0xA5
		}
	}
	run := vmlab.Boot(t, vmlab.Config{
		Devices:     devs,
		Wipestation: true,
		Triggers:    []vmlab.Trigger{{Mark: "unplug-stick", Unplug: "stick0"}},
		Script: `
S=$(ws_dev stick0) A=$(ws_dev sata0) B=$(ws_dev scsi0)
WS_TIMEOUT=240 ws_bg wipe wipestation wipe --method zero --yes --json "$S" "$A" "$B"
if ws_wait_output wipe 120 "\"device\": *\"$S\"" '"event": *"progress"'; then
	ws_mark unplug-stick
	ws_until 60 sh -c "! test -e /sys/block/${S#/dev/}" || echo "WSLOG $S still present"
else
	echo "WSLOG no progress from $S"
fi
ws_wait wipe
# Every job leaves its record; collect them by the paths the result events name.
ws_sh records 'for f in $(grep -o "\"record\": *\"[^\"]*\"" /tmp/ws.wipe.out | cut -d\" -f4); do cat "$f"; done'
ws_sh after 'ls /sys/block; dmesg | tail -n 30'
`,
	})

	if len(run.Unplugs) != 1 || run.Unplugs[0].Err != nil {
		t.Fatalf("the stick was not unplugged mid-wipe: %+v (did its job report progress?)", run.Unplugs)
	}
	res := run.Result(t, "wipe")
	if res.ExitCode != 1 {
		t.Errorf("wipe exit code %d, want 1 (a target failed); stderr: %s", res.ExitCode, res.Stderr)
	}
	results := wipeResults(t, res.Stdout)
	stick := results[run.Paths["stick0"]]
	switch {
	case stick.Status == "":
		t.Errorf("no result event for the unplugged stick %s:\n%s", run.Paths["stick0"], res.Stdout)
	case stick.Status != wipe.StatusFailed:
		t.Errorf("unplugged stick: status %q, want %q", stick.Status, wipe.StatusFailed)
	case strings.TrimSpace(stick.Reason) == "":
		t.Error("unplugged stick: failed without a reason")
	case stick.Verified:
		t.Error("unplugged stick: reported verified")
	}
	t.Logf("unplugged stick: %s: %s", stick.Status, stick.Reason)
	for _, id := range []string{"sata0", "scsi0"} {
		o := results[run.Paths[id]]
		if o.Status != wipe.StatusErased || !o.Verified {
			t.Errorf("%s (%s): status %q verified %v reason %q, want erased and verified despite the stick's removal",
				id, run.Paths[id], o.Status, o.Verified, o.Reason)
		}
		requireAllBytes(t, run, id, 0)
	}
	checkRecords(t, run, results)
	if t.Failed() {
		t.Logf("wipe stdout:\n%s\nstderr:\n%s\nafter:\n%s", res.Stdout, res.Stderr, run.Result(t, "after").Stdout)
	}
}

// checkRecords checks the job records the guest wrote: one per target, each with
// the status and reason its result event gave (a record is what a certificate is
// made from, so it must say the same).
func checkRecords(t *testing.T, run *vmlab.Run, results map[string]outcome) {
	t.Helper()
	res := run.Result(t, "records")
	dec := json.NewDecoder(bytes.NewReader(res.Stdout))
	records := map[string]wipe.Record{}
	for dec.More() {
		var rec wipe.Record
		if err := dec.Decode(&rec); err != nil {
			t.Fatalf("job records: %v\n%s", err, res.Stdout)
		}
		records[rec.Device.Path] = rec
	}
	for path, o := range results {
		rec, ok := records[path]
		switch {
		case !ok:
			t.Errorf("%s: no job record (stderr %s)", path, res.Stderr)
		case rec.Status != o.Status || msg.Text(rec.Reason) != o.Reason:
			t.Errorf("%s: record says %q (%s), result event %q (%s)", path, rec.Status, rec.Reason, o.Status, o.Reason)
		case rec.Schema != wipe.RecordSchema:
			t.Errorf("%s: record schema %q, want %q", path, rec.Schema, wipe.RecordSchema)
		}
	}
}
