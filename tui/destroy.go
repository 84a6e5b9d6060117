package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

// destroyPhrase is what a technician types to attest a destruction.
const destroyPhrase = "DESTROYED"

// The keys of the destruction form's fields.
const (
	fieldHow      = "how"
	fieldParticle = "particle"
	fieldWitness  = "witness"
	fieldAsset    = "asset"
)

// destroyForm records that one medium was physically destroyed: how, by whom,
// witnessed by whom, then a typed attestation. It writes nothing to the device.
type destroyForm struct {
	device   devices.Device
	fields   []field
	field    int
	confirm  bool
	typed    string
	problem  string
	defaults wipe.JobDetails
	width    int
	height   int
}

func newDestroyForm(d devices.Device, hows []string, defaults wipe.JobDetails) *destroyForm {
	return &destroyForm{device: d, defaults: defaults, fields: []field{
		{key: fieldHow, label: "Destroyed by", value: hows[0], choices: hows},
		{key: fieldParticle, label: "Particle size"},
		{key: fieldWitness, label: "Witness"},
		{key: fieldOperator, label: "Operator", value: defaults.Operator.Name},
		{key: fieldAsset, label: "Asset tag"},
	}}
}

// SetSize sets the area the form renders into.
func (f *destroyForm) SetSize(width, height int) { f.width, f.height = width, height }

// request is what the form collected.
func (f *destroyForm) request() DestroyRequest {
	r := DestroyRequest{Device: f.device, Details: f.defaults}
	for _, fl := range f.fields {
		v := strings.TrimSpace(fl.value)
		switch fl.key {
		case fieldHow:
			r.How = v
		case fieldParticle:
			r.ParticleSize = v
		case fieldWitness:
			r.Witness = v
		case fieldOperator:
			r.Details = withOperator(r.Details, v)
		case fieldAsset:
			r.Details.AssetTag = v
		}
	}
	return r
}

// update handles a key press; it answers wizardDone once the attestation is typed.
func (f *destroyForm) update(msg tea.KeyPressMsg, k KeyMap) wizardAction {
	f.problem = ""
	if key.Matches(msg, k.Back) {
		if !f.confirm {
			return wizardCancel
		}
		f.confirm = false
		return wizardStay
	}
	if f.confirm {
		if key.Matches(msg, k.Enter) {
			if strings.TrimSpace(f.typed) == destroyPhrase {
				return wizardDone
			}
			f.problem = fmt.Sprintf("type %s exactly, or esc to go back", destroyPhrase)
			return wizardStay
		}
		typeInto(&f.typed, msg, k)
		return wizardStay
	}
	fl := &f.fields[f.field]
	switch {
	case key.Matches(msg, k.Enter) && f.field == len(f.fields)-1:
		f.confirm, f.typed = true, ""
	case key.Matches(msg, k.Enter), key.Matches(msg, k.Next):
		f.field = min(len(f.fields)-1, f.field+1)
	case key.Matches(msg, k.Prev):
		f.field = max(0, f.field-1)
	case fl.choices != nil && (key.Matches(msg, k.Left) || key.Matches(msg, k.Right)):
		fl.value = cycle(fl.choices, fl.value, key.Matches(msg, k.Left))
	case fl.choices == nil:
		typeInto(&fl.value, msg, k)
	}
	return wizardStay
}

// paste types pasted text into the focused field.
func (f *destroyForm) paste(text string) {
	text = printable(strings.TrimRight(strings.ReplaceAll(text, "\r", ""), "\n"))
	switch {
	case f.confirm:
		f.typed += text
	case f.fields[f.field].choices == nil:
		f.fields[f.field].value += text
	}
}

// View renders the form or the attestation.
func (f *destroyForm) View(s Styles) string {
	d := f.device
	lines := []string{
		"Record that this medium was physically destroyed. Nothing is written to it.",
		"",
		fmt.Sprintf("  %s  %s  S/N %s  %s", d.Path, deviceTitle(d.Vendor, d.Model), orDash(d.Serial), formatBytes(d.SizeBytes)),
	}
	if o := d.Capabilities.Optical; o != nil {
		disc := fmt.Sprintf("  disc: %s (%s)", orDash(o.ProfileName), o.Media)
		if o.VolumeLabel != "" {
			disc += ", label " + o.VolumeLabel
		}
		lines = append(lines, disc)
	}
	lines = append(lines, "")
	for i, fl := range f.fields {
		value := fl.value
		if fl.choices != nil {
			value = "< " + orDash(value) + " >"
		}
		pointer := "  "
		if i == f.field && !f.confirm {
			pointer = "> "
			if fl.choices == nil {
				value += "_"
			}
			value = s.Accent.Render(value)
		}
		lines = append(lines, pointer+s.Label.Render(fmt.Sprintf("%-16s", fl.label))+" "+value)
	}
	if f.confirm {
		r := f.request()
		lines = append(lines, "",
			s.Bad.Render(fmt.Sprintf("You attest that %s was destroyed by %s.", d.Path, r.How)),
			"Type "+s.Accent.Render(destroyPhrase)+" and press enter (esc goes back):",
			"> "+s.Accent.Render(f.typed+"_"))
	}
	if f.problem != "" {
		lines = append(lines, "", s.Bad.Render(f.problem))
	}
	return fitLines(lines, f.width, f.height)
}
