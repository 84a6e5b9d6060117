package certificate

import (
	"fmt"
	"strings"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// DestroyHows are the physical processes `wipestation destroy --how` records.
func DestroyHows() []string {
	return []string{"shred", "disintegrate", "incinerate", "pulverize", "degauss"}
}

// Destruction is what a technician states about a medium destroyed by hand or by
// machine. Nothing is written to the device: the record attests a physical act.
type Destruction struct {
	Device devices.Device // identity from discovery, or typed in
	// Magnetic says the medium stores data magnetically (hard disk, tape, floppy):
	// the only media that degaussing sanitizes.
	Magnetic bool
	// MediaNote describes, in the technician's words, a medium the device model
	// has no kind for (a tape); it is printed with the method details.
	MediaNote    string
	How          string // one of DestroyHows
	ParticleSize string // e.g. "2 mm", as measured or as the shredder is rated
	Witness      string
	Details      wipe.JobDetails
	ID           string
	Time         time.Time // when it was destroyed
	Host         string
	ToolVersion  string
}

// DestroyRecord builds the record of a destruction: status destroyed; class
// Destroy and technique "Destruct" (NIST SP 800-88 Rev. 1 2.5), except degaussing,
// which Rev. 1 counts as Purge for magnetic media and which is refused for any
// other medium (it leaves flash and optical data intact).
func DestroyRecord(d Destruction) (*wipe.Record, error) {
	verb := map[string]msg.ID{
		"shred": msg.DestroyShredded, "disintegrate": msg.DestroyDisintegrated, "incinerate": msg.DestroyIncinerated,
		"pulverize": msg.DestroyPulverized, "degauss": msg.DestroyDegaussed,
	}[d.How]
	if verb == "" {
		return nil, fmt.Errorf("destroy: unknown method %q (want one of %s)", d.How, strings.Join(DestroyHows(), ", "))
	}
	if d.ID == "" {
		return nil, fmt.Errorf("destroy: no certificate ID")
	}
	class, technique := devices.ClassDestroy, "Destruct"
	if d.How == "degauss" {
		if !d.Magnetic {
			return nil, fmt.Errorf("destroy: degaussing sanitizes only magnetic media (hard disks, tapes); it leaves flash and optical media readable: use shred, disintegrate, pulverize or incinerate")
		}
		class, technique = devices.ClassPurge, "Degauss"
	}
	what := msg.New(msg.DestroyDone, msg.New(verb))
	if d.ParticleSize != "" {
		what = msg.New(msg.DestroyParticleSize, msg.New(verb), d.ParticleSize)
	}
	details := []msg.Message{what}
	if d.How == "degauss" {
		details = append(details, msg.New(msg.DestroyDegaussPurge))
	}
	if d.MediaNote != "" {
		details = append(details, msg.New(msg.DestroyMediumStated, d.MediaNote))
	}
	details = append(details, msg.New(msg.DestroyNothingWritten))

	verification := wipe.Verification{Mode: "other", Method: msg.New(msg.DestroyAttestation)}
	if d.Witness != "" {
		verification.Method = msg.New(msg.DestroyWitnessed, d.Witness)
		verification.Verified = true
	}
	exceptions := []msg.Message{}
	if d.Device.Kind == devices.KindOptical && d.ParticleSize == "" && (d.How == "shred" || d.How == "disintegrate") {
		exceptions = append(exceptions, msg.New(msg.DestroyParticleNeeded))
	}
	standards := d.Details.Standards
	return &wipe.Record{
		Schema:        wipe.RecordSchema,
		CertificateID: d.ID,
		Status:        wipe.StatusDestroyed,
		Device:        d.Device,
		Details:       d.Details,
		Sanitization: wipe.Sanitization{
			Class: class, MethodID: "destroy-" + d.How, MethodName: "Physical destruction: " + d.How,
			Technique: technique, Details: details, Standards: standards,
		},
		Verification:    verification,
		Errors:          []wipe.RangeError{},
		Exceptions:      exceptions,
		Started:         d.Time,
		Finished:        d.Time,
		DurationSeconds: 0,
		Tool:            "wipestation",
		ToolVersion:     d.ToolVersion,
		Host:            d.Host,
	}, nil
}
