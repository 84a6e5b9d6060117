package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

// recommendedID is the method choice "each device's own recommended method".
const recommendedID = ""

// methodChoice is one line of the method picker.
type methodChoice struct {
	ID    string // a catalogue method ID, or recommendedID
	Name  string
	Class string // "Purge", or "Clear/Purge" when the devices differ
	Note  string // why, or what it does
}

// runnable reports whether the engine can carry out r from the TUI: a Destroy
// "method" is a physical act, recorded with `wipestation destroy`.
func runnable(r devices.Recommendation) bool {
	return r.Class != devices.ClassDestroy
}

// recommended is the first recommendation of d the engine can run.
func recommended(d devices.Device) (devices.Recommendation, bool) {
	for _, r := range d.Recommendations {
		if runnable(r) {
			return r, true
		}
	}
	return devices.Recommendation{}, false
}

// hostOverwritable says whether the generic overwrite methods apply to d: disks and
// cards are written through the block layer; phones and discs have their own
// engines and only take what discovery recommends.
func hostOverwritable(d devices.Device) bool {
	return d.Kind == devices.KindDisk || d.Kind == devices.KindCard
}

// offered lists the methods d may be wiped with, in order: its own runnable
// recommendations (firmware methods appear only there, so only where the device
// supports them), then the catalogue's overwrite methods.
func offered(d devices.Device, catalogue []wipe.Method) []methodChoice {
	var out []methodChoice
	seen := map[string]bool{}
	for _, r := range d.Recommendations {
		if !runnable(r) || seen[r.Method] {
			continue
		}
		seen[r.Method] = true
		out = append(out, methodChoice{ID: r.Method, Name: methodName(r.Method, catalogue), Class: string(r.Class), Note: r.Reason.String()})
	}
	if !hostOverwritable(d) {
		return out
	}
	for _, m := range catalogue {
		if m.Engine != wipe.EngineOverwrite || seen[m.ID] {
			continue
		}
		seen[m.ID] = true
		out = append(out, methodChoice{ID: m.ID, Name: m.Name, Class: string(m.Class), Note: m.Description})
	}
	return out
}

// methodChoices is the picker for a set of devices. With one device it is the
// device's own list, recommended first. With several it starts with "each
// device's recommended method" and then lists the methods every one of them
// takes, the class merged across the devices.
func methodChoices(devs []devices.Device, catalogue []wipe.Method) []methodChoice {
	if len(devs) == 0 {
		return nil
	}
	if len(devs) == 1 {
		return offered(devs[0], catalogue)
	}
	var out []methodChoice
	classes := make([]string, 0, len(devs))
	all := true
	for _, d := range devs {
		r, ok := recommended(d)
		if !ok {
			all = false
			break
		}
		classes = append(classes, string(r.Class))
	}
	if all {
		out = append(out, methodChoice{ID: recommendedID, Name: "Recommended for each device", Class: mergeClasses(classes), Note: "the strongest method each device supports"})
	}
	lists := make([][]methodChoice, len(devs))
	for i, d := range devs {
		lists[i] = offered(d, catalogue)
	}
	for _, c := range lists[0] {
		if m, ok := findMethod(c.ID, catalogue); ok && m.Description != "" {
			c.Note = m.Description // the first device's reason may not hold for the others
		}
		classes := []string{c.Class}
		common := true
		for _, l := range lists[1:] {
			i := slices.IndexFunc(l, func(o methodChoice) bool { return o.ID == c.ID })
			if i < 0 {
				common = false
				break
			}
			classes = append(classes, l[i].Class)
		}
		if common {
			c.Class = mergeClasses(classes)
			out = append(out, c)
		}
	}
	return out
}

// bayModeChoices is the picker for bay mode, before any device is known: each
// device's recommended method, or one of the catalogue's overwrite methods.
func bayModeChoices(catalogue []wipe.Method) []methodChoice {
	out := []methodChoice{{ID: recommendedID, Name: "Recommended for each device", Class: "per device", Note: "the strongest method each device supports"}}
	for _, m := range catalogue {
		if m.Engine == wipe.EngineOverwrite {
			out = append(out, methodChoice{ID: m.ID, Name: m.Name, Class: string(m.Class), Note: m.Description})
		}
	}
	return out
}

// mergeClasses names the classes a choice has across devices: "Purge", or
// "Clear/Purge", weakest first.
func mergeClasses(classes []string) string {
	order := []devices.Class{devices.ClassOther, devices.ClassClear, devices.ClassPurge, devices.ClassDestroy}
	var out []string
	for _, c := range order {
		if slices.Contains(classes, string(c)) {
			out = append(out, string(c))
		}
	}
	for _, c := range classes {
		if !slices.Contains(out, c) && c != "" {
			out = append(out, c)
		}
	}
	return strings.Join(out, "/")
}

// methodName is the catalogue's name for id, or id itself.
func methodName(id string, catalogue []wipe.Method) string {
	if m, ok := findMethod(id, catalogue); ok && m.Name != "" {
		return m.Name
	}
	return id
}

func findMethod(id string, catalogue []wipe.Method) (wipe.Method, bool) {
	i := slices.IndexFunc(catalogue, func(m wipe.Method) bool { return m.ID == id })
	if i < 0 {
		return wipe.Method{}, false
	}
	return catalogue[i], true
}

// verifyLevel is the verification the technician picks, applied per method.
type verifyLevel int

// The verification levels.
const (
	verifyStandard verifyLevel = iota // overwrite: read back the last pass; firmware: NIST sampling
	verifyThorough                    // overwrite: read back every pass; firmware: read everything
	verifyOff                         // no read-back; the record says so
)

func (v verifyLevel) String() string {
	switch v {
	case verifyThorough:
		return "thorough"
	case verifyOff:
		return "off"
	default:
		return "standard"
	}
}

// describe says what the level does, for the options screen.
func (v verifyLevel) describe() string {
	switch v {
	case verifyThorough:
		return "read back every pass; after a firmware erase, read the whole medium"
	case verifyOff:
		return "no read-back: the certificate says the result was not verified"
	default:
		return "read back the last pass; after a firmware erase, NIST 800-88 sampling"
	}
}

// verifyMode is the engine's verification mode for level. What it means for each
// engine (the passes read back, NIST sampling or a full read after a firmware
// command) is the engine's to decide, in one place.
func verifyMode(level verifyLevel) wipe.VerifyMode {
	switch level {
	case verifyOff:
		return wipe.VerifyOff
	case verifyThorough:
		return wipe.VerifyAll
	default:
		return wipe.VerifyLast
	}
}

// plan is what the technician chose in the start wizard: the same for every device
// of one start (or for every device bay mode takes), except the asset tag.
type plan struct {
	method  string // a method ID, or recommendedID
	verify  verifyLevel
	blank   bool
	details wipe.JobDetails
	options wipe.Options
}

// jobFor builds the engine's job for d. It refuses only what the plan cannot
// express for d (no runnable recommendation, a method d does not take); every
// safety rule is the engine's, which checks again before the first write.
func jobFor(d devices.Device, p plan, assetTag string, catalogue []wipe.Method) (wipe.Job, error) {
	id := p.method
	if id == recommendedID {
		r, ok := recommended(d)
		if !ok {
			return wipe.Job{}, fmt.Errorf("no method to run on %s: %s", d.Path, destroyHint(d))
		}
		id = r.Method
	}
	if !slices.ContainsFunc(offered(d, catalogue), func(c methodChoice) bool { return c.ID == id }) {
		return wipe.Job{}, fmt.Errorf("method %s does not apply to %s", id, d.Path)
	}
	m, ok := findMethod(id, catalogue)
	if !ok {
		m = wipe.Method{ID: id, Engine: wipe.EngineFirmware}
	}
	opts := p.options
	opts.Verify = verifyMode(p.verify)
	opts.Blank = p.blank && m.Engine == wipe.EngineOverwrite
	details := p.details
	details.AssetTag = assetTag
	return wipe.Job{Device: d, Method: id, Options: opts, Details: details}, nil
}

// destroyHint says what to do with a device that has no runnable method.
func destroyHint(d devices.Device) string {
	for _, r := range d.Recommendations {
		if r.Class == devices.ClassDestroy {
			return "destroy it, then D records that"
		}
	}
	return "no method applies"
}

// noRecommendation says what the bay shows for a device without a runnable
// recommendation.
func noRecommendation(d devices.Device) string {
	if hostOverwritable(d) && !slices.ContainsFunc(d.Recommendations, func(r devices.Recommendation) bool { return r.Class == devices.ClassDestroy }) {
		return "no recommendation: pick an overwrite"
	}
	return destroyHint(d)
}

// bayModeTarget says whether bay mode may wipe d, a medium that was just
// inserted: only eligible, removable disks and cards with a medium in them.
// Anything else is left alone and the reason logged.
func bayModeTarget(d devices.Device) (bool, string) {
	switch {
	case !d.Eligible:
		return false, "ineligible: " + orDash(ineligibleReason(d))
	case !d.Removable:
		return false, "not removable"
	case !hostOverwritable(d):
		return false, fmt.Sprintf("bay mode does not wipe %s media", d.Kind)
	case d.SizeBytes <= 0:
		return false, "no medium"
	default:
		return true, ""
	}
}

// requiresVerify reports whether m's definition includes reading the result
// back, so that verification cannot be turned off for it.
func requiresVerify(m wipe.Method) bool {
	return m.RequiresVerify
}
