package certificate

import (
	"bytes"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

func TestCanonicalRecord(t *testing.T) {
	rec := erasedRecord()
	rec.Details.Notes = "a <b> & c"
	b, err := CanonicalRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.HasSuffix(b, []byte("\n")) || !bytes.Contains(b, []byte("a <b> & c")) {
		t.Errorf("canonical form must be compact, unescaped, without newline: %s", b)
	}
	if RecordDigest(b) != RecordDigest(append([]byte{}, b...)) || len(RecordDigest(b)) != 64 {
		t.Error("digest")
	}
}

func TestIsErasure(t *testing.T) {
	mod := func(f func(r *wipe.Record)) *wipe.Record { r := erasedRecord(); f(r); return r }
	tests := []struct {
		name string
		rec  *wipe.Record
		want bool
	}{
		{"erased and verified", erasedRecord(), true},
		{"destroyed", mod(func(r *wipe.Record) { r.Status = wipe.StatusDestroyed; r.Verification = wipe.Verification{} }), true},
		{"failed", failedRecord(), false},
		{"aborted", mod(func(r *wipe.Record) { r.Status = wipe.StatusAborted }), false},
		{"refused", mod(func(r *wipe.Record) { r.Status = wipe.StatusRefused }), false},
		{"erased with a range error", mod(func(r *wipe.Record) { r.Errors = []wipe.RangeError{{}} }), false},
		{"erased with mismatches", mod(func(r *wipe.Record) { r.Verification.Mismatches = 1 }), false},
		{"erased unverified", mod(func(r *wipe.Record) { r.Verification.Verified = false }), false},
		{"unknown status", mod(func(r *wipe.Record) { r.Status = "maybe" }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, why := IsErasure(tt.rec); got != tt.want {
				t.Errorf("IsErasure = %v (%s), want %v", got, why, tt.want)
			}
		})
	}
}

func TestFileName(t *testing.T) {
	tests := []struct {
		name, serial, want string
	}{
		{"plain", "S5GXNF0R123456A", "2026-11-26_S5GXNF0R123456A_WS-20261126-7F3K9Q2M.pdf"},
		{"spaces and slashes", " WD-WCC 4E/12 ", "2026-11-26_WD-WCC-4E-12_WS-20261126-7F3K9Q2M.pdf"},
		{"no serial", "", "2026-11-26_no-serial_WS-20261126-7F3K9Q2M.pdf"},
		{"path traversal", "../../etc", "2026-11-26_etc_WS-20261126-7F3K9Q2M.pdf"},
		{"chinese", "序號12", "2026-11-26_12_WS-20261126-7F3K9Q2M.pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := erasedRecord()
			r.Device.Serial = tt.serial
			if got := FileName(r); got != tt.want {
				t.Errorf("FileName = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDestroyRecord(t *testing.T) {
	base := Destruction{Device: devices.Device{Serial: "X1", Kind: devices.KindDisk, Rotational: true}, ID: "WS-1", Time: fixedNow()}
	with := func(f func(d *Destruction)) Destruction { d := base; f(&d); return d }
	tests := []struct {
		name      string
		d         Destruction
		class     devices.Class
		technique string
		verified  bool
		wantErr   string
		detail    string
	}{
		{"shred witnessed", with(func(d *Destruction) { d.How, d.Witness, d.ParticleSize = "shred", "Lin", "2 mm" }),
			devices.ClassDestroy, "Destruct", true, "", "Shredded to a particle size of 2 mm."},
		{"incinerate alone", with(func(d *Destruction) { d.How = "incinerate" }), devices.ClassDestroy, "Destruct", false, "", "Incinerated."},
		{"degauss magnetic", with(func(d *Destruction) { d.How, d.Magnetic = "degauss", true }), devices.ClassPurge, "Degauss", false, "", "Degaussed."},
		{"degauss flash refused", with(func(d *Destruction) { d.How = "degauss" }), "", "", false, "only magnetic media", ""},
		{"unknown how", with(func(d *Destruction) { d.How = "microwave" }), "", "", false, "unknown method", ""},
		{"no id", with(func(d *Destruction) { d.How, d.ID = "shred", "" }), "", "", false, "no certificate ID", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := DestroyRecord(tt.d)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("DestroyRecord = %v, want error %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s := rec.Sanitization
			if rec.Status != wipe.StatusDestroyed || s.Class != tt.class || s.Technique != tt.technique || rec.Verification.Verified != tt.verified {
				t.Errorf("record %s %s %s verified=%v", rec.Status, s.Class, s.Technique, rec.Verification.Verified)
			}
			if s.Details[0].String() != tt.detail || rec.BytesWritten != 0 {
				t.Errorf("details %q", s.Details)
			}
			if ok, _ := IsErasure(rec); !ok {
				t.Error("a destruction record is not a certificate")
			}
		})
	}
}
