package certificate

import (
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

// TestClaimsFollowTheRecord: the page says what the record shows, no more. An
// image file is not called a demo, a backup is "Yes" only when the job made and
// verified it, and a destruction is not "Passed" on a look at the remains.
func TestClaimsFollowTheRecord(t *testing.T) {
	en := english()
	if got := en.describeMedia(devices.Device{Kind: devices.KindDisk, Transport: devices.TransportFile, SizeBytes: 4 << 20}); got != "Image file, 4.2 MB" {
		t.Errorf("image file media type = %q, want %q", got, "Image file, 4.2 MB")
	}

	backup := func(stated, location string, b *wipe.BackupInfo) *wipe.Record {
		r := erasedRecord()
		r.Details.DataBackedUp, r.Details.BackupLocation, r.Backup = stated, location, b
		return r
	}
	for _, tt := range []struct {
		name          string
		rec           *wipe.Record
		want, wantLoc string
	}{
		{"verified backup by the job", backup("Yes", "", &wipe.BackupInfo{Location: "/srv/b/1.age", SHA256: "ab12", SizeBytes: 1000, Verified: true}),
			"Yes", "/srv/b/1.age, SHA-256 ab12, 1.0 kB"},
		{"unverified backup by the job", backup("", "", &wipe.BackupInfo{Location: "/srv/b/1.age"}), "A copy was made; not verified", "/srv/b/1.age"},
		{"operator says Yes, no evidence", backup("Yes", "NAS //backup", nil), "Unknown (stated Yes; no backup in the job record)", "NAS //backup (as stated; not checked)"},
		{"operator says No", backup("No", "", nil), "No", ""},
		{"nothing said", backup("", "", nil), "Unknown", ""},
		{"Unknown", backup("Unknown", "", nil), "Unknown", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, loc := en.backup(tt.rec)
			if got != tt.want || loc != tt.wantLoc {
				t.Errorf("backup = %q, %q; want %q, %q", got, loc, tt.want, tt.wantLoc)
			}
		})
	}

	for _, tt := range []struct {
		witness, result, banner string
	}{
		{"Jordan Lee", "Remains visually inspected by the witness; the medium was not read back", "Visually inspected"},
		{"", "Not verified: technician's attestation only; the medium was not read back", "Visually inspected"},
	} {
		rec, err := DestroyRecord(Destruction{Device: erasedRecord().Device, How: "degauss", Magnetic: true, Witness: tt.witness,
			ID: "WS-20261126-DEGAUSS0", Time: fixedNow()})
		if err != nil {
			t.Fatal(err)
		}
		if got := en.verificationResult(rec); got != tt.result {
			t.Errorf("witness %q: verification result %q, want %q", tt.witness, got, tt.result)
		}
		if got := en.verified(rec); got != tt.banner {
			t.Errorf("witness %q: banner word %q, want %q", tt.witness, got, tt.banner)
		}
	}
}
