package tui

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/tcg"
	"github.com/wipestation/wipestation/wipe"
)

// bayModePhrase is what a technician types to turn bay mode on.
const bayModePhrase = "AUTO ERASE"

// destinations are NIST SP 800-88 Appendix G's media destinations.
var destinations = []string{"", "Internal Reuse", "External Reuse", "Recycling Facility", "Manufacturer", "Other"}

// field is one line of the job details form: free text, or a fixed set of
// choices when choices is set.
type field struct {
	key     string // what it fills: see fieldOperator and friends, or assetKey(path)
	label   string
	value   string
	choices []string
	// carried: the value is the previous job's, not the configuration's; the
	// technician confirms it (enter on the field) or changes it before going on.
	carried, confirmed bool
}

// needsConfirming reports whether the field holds a value carried over from
// the previous job that the technician has not confirmed yet.
func (f field) needsConfirming() bool { return f.carried && !f.confirmed }

// carriedNote says that a value is carried over from the previous job;
// carriedMark marks it in the form, where room is short.
const (
	carriedNote = "carried over from the last job"
	carriedMark = "(carried over)"
)

// withOperator is details with the operator named name: a different person
// does not keep the title and phone of the one configured or typed before.
func withOperator(details wipe.JobDetails, name string) wipe.JobDetails {
	if name != details.Operator.Name {
		details.Operator.Title, details.Operator.Phone = "", ""
	}
	details.Operator.Name = name
	return details
}

// The keys of the job details fields.
const (
	fieldOperator       = "operator"
	fieldOrganization   = "organization"
	fieldSource         = "source"
	fieldClassification = "classification"
	fieldDestination    = "destination"
	fieldBackup         = "backup"
	fieldAttestation    = "attestation"
	fieldPSID           = "psid"
	assetPrefix         = "asset:"
)

func assetKey(path string) string { return assetPrefix + path }

// typeInto edits a free-text value with one key press: printable text is
// appended (a barcode scanner types this way), backspace deletes, ctrl+u clears.
// It reports whether the key was an edit.
func typeInto(value *string, msg tea.KeyPressMsg, k KeyMap) bool {
	switch {
	case msg.Code == tea.KeyBackspace:
		r := []rune(*value)
		if len(r) > 0 {
			*value = string(r[:len(r)-1])
		}
		return true
	case key.Matches(msg, k.Clear):
		*value = ""
		return true
	case msg.Text != "" && msg.Mod&^tea.ModShift == 0:
		*value += printable(msg.Text)
		return true
	}
	return false
}

// printable keeps what may go into a certificate field: no control characters.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// wizardStep is where the start wizard is.
type wizardStep int

// The wizard's steps, in order.
const (
	stepMethod wizardStep = iota
	stepOptions
	stepForm
	stepConfirm
)

// wizard collects a plan: method, verification, job details, confirmation. It
// either starts jobs on the selected devices or, in bay mode, arms the bay.
type wizard struct {
	step     wizardStep
	bayMode  bool
	targets  []devices.Device // the devices as they were when selected
	choices  []methodChoice
	method   int
	verify   verifyLevel
	blank    bool
	option   int // the focused line on the options step
	fields   []field
	field    int
	typed    string
	problem  string // why the last Enter did not go on
	width    int
	height   int
	catalog  []wipe.Method
	defaults wipe.JobDetails
	// configured are the details of the configuration, before any job: a
	// default that differs from them was carried over from the last job.
	configured wipe.JobDetails
	backup     bool
	// instructions gives the steps done by hand for a method on a device.
	instructions func(string, devices.Device) []string
}

// newWizard starts the wizard for targets (or for bay mode, with no targets).
func newWizard(targets []devices.Device, bayMode bool, catalogue []wipe.Method, defaults, configured wipe.JobDetails, backup bool,
	instructions func(string, devices.Device) []string) *wizard {
	w := &wizard{bayMode: bayMode, targets: targets, catalog: catalogue, defaults: defaults, configured: configured, backup: backup, instructions: instructions}
	if bayMode {
		w.choices = bayModeChoices(catalogue)
	} else {
		w.choices = methodChoices(targets, catalogue)
	}
	w.fields = []field{
		{key: fieldOperator, label: "Operator", value: defaults.Operator.Name},
		{key: fieldOrganization, label: "Organization", value: defaults.Operator.Organization},
	}
	for _, d := range targets {
		w.fields = append(w.fields, field{key: assetKey(d.Path), label: "Asset tag " + shortPath(d.Path, 14)})
	}
	// What describes the last job's media (whose they were, how classified,
	// where they went) is offered again, marked, to be confirmed.
	carried := func(value, configured string) bool { return value != "" && value != configured }
	w.fields = append(w.fields,
		field{key: fieldSource, label: "Customer/source", value: defaults.Source, carried: carried(defaults.Source, configured.Source)},
		field{key: fieldClassification, label: "Classification", value: defaults.Classification,
			carried: carried(defaults.Classification, configured.Classification)},
		field{key: fieldDestination, label: "Destination", value: defaults.Destination, choices: destinations,
			carried: carried(defaults.Destination, configured.Destination)},
	)
	if backup {
		w.fields = append(w.fields, field{key: fieldBackup, label: "Back up first to"})
	}
	return w
}

// SetSize sets the area the wizard renders into.
func (w *wizard) SetSize(width, height int) { w.width, w.height = width, height }

// phrase is what the technician must type to go ahead.
func (w *wizard) phrase() string {
	if w.bayMode {
		return bayModePhrase
	}
	return fmt.Sprintf("ERASE %d", len(w.targets))
}

// choice is the picked method.
func (w *wizard) choice() (methodChoice, bool) {
	if w.method < 0 || w.method >= len(w.choices) {
		return methodChoice{}, false
	}
	return w.choices[w.method], true
}

// overwrites reports whether the picked method writes passes from the host on at
// least one device, which is when a final zero pass means something.
func (w *wizard) overwrites() bool {
	c, ok := w.choice()
	if !ok {
		return false
	}
	if c.ID != recommendedID {
		m, ok := findMethod(c.ID, w.catalog)
		return ok && m.Engine == wipe.EngineOverwrite
	}
	if w.bayMode {
		return true
	}
	for _, d := range w.targets {
		if r, ok := recommended(d); ok {
			if m, ok := findMethod(r.Method, w.catalog); ok && m.Engine == wipe.EngineOverwrite {
				return true
			}
		}
	}
	return false
}

// plan is what the wizard collected; assetTags maps device path to asset tag.
func (w *wizard) plan(options wipe.Options) (plan, map[string]string) {
	c, _ := w.choice()
	p := plan{method: c.ID, verify: w.verify, blank: w.blank && w.overwrites(), details: w.defaults, options: options}
	tags := map[string]string{}
	for _, f := range w.fields {
		v := strings.TrimSpace(f.value)
		switch {
		case f.key == fieldOperator:
			p.details = withOperator(p.details, v)
		case f.key == fieldOrganization:
			p.details.Operator.Organization = v
		case f.key == fieldSource:
			p.details.Source = v
		case f.key == fieldClassification:
			p.details.Classification = v
		case f.key == fieldDestination:
			p.details.Destination = v
		case f.key == fieldBackup:
			p.options.BackupDir = v
		case f.key == fieldAttestation:
			p.options.Attestation = v
		case f.key == fieldPSID:
			p.options.PSID, _ = tcg.ParsePSID(v) // checked when the form was left
		case strings.HasPrefix(f.key, assetPrefix):
			tags[strings.TrimPrefix(f.key, assetPrefix)] = v
		}
	}
	return p, tags
}

// wizardAction is what a key press in the wizard asks the root to do.
type wizardAction int

// The wizard's answers to a key press.
const (
	wizardStay   wizardAction = iota
	wizardCancel              // leave the wizard
	wizardDone                // the phrase was typed: go ahead
)

// update handles a key press in the wizard.
func (w *wizard) update(msg tea.KeyPressMsg, k KeyMap) wizardAction {
	w.problem = ""
	if key.Matches(msg, k.Back) {
		if w.step == stepMethod {
			return wizardCancel
		}
		w.step--
		return wizardStay
	}
	switch w.step {
	case stepMethod:
		switch {
		case key.Matches(msg, k.Up):
			w.method = max(0, w.method-1)
		case key.Matches(msg, k.Down):
			w.method = min(len(w.choices)-1, w.method+1)
		case key.Matches(msg, k.Enter):
			if _, ok := w.choice(); !ok {
				w.problem = "no method applies to every selected device: select fewer devices"
				return wizardStay
			}
			w.step = stepOptions
			w.option = 0
			if !slices.Contains(w.levels(), w.verify) {
				w.verify = verifyStandard
			}
		}
	case stepOptions:
		lines := 1
		if w.overwrites() {
			lines = 2
		}
		switch {
		case key.Matches(msg, k.Enter):
			w.step = stepForm
			w.field = 0
			w.syncAttestation()
			w.syncPSID()
		case key.Matches(msg, k.Up), key.Matches(msg, k.Prev):
			w.option = max(0, w.option-1)
		case key.Matches(msg, k.Down), key.Matches(msg, k.Next):
			w.option = min(lines-1, w.option+1)
		case key.Matches(msg, k.Left), key.Matches(msg, k.Right):
			if w.option == 0 {
				w.verify = cycle(w.levels(), w.verify, key.Matches(msg, k.Left))
			} else {
				w.blank = !w.blank
			}
		}
	case stepForm:
		f := &w.fields[w.field]
		switch {
		case key.Matches(msg, k.Enter) && w.field == len(w.fields)-1:
			f.confirmed = true
			if i := slices.IndexFunc(w.fields, func(f field) bool { return f.key == fieldAttestation }); i >= 0 && strings.TrimSpace(w.fields[i].value) == "" {
				w.field = i
				w.problem = "this method rests on what you do by hand: type your attestation"
				return wizardStay
			}
			if why, i := w.psidProblem(); why != "" {
				w.field, w.problem = i, why
				return wizardStay
			}
			if i := slices.IndexFunc(w.fields, field.needsConfirming); i >= 0 {
				w.field = i
				w.problem = w.fields[i].label + " is " + carriedNote + ": enter keeps it, or change it"
				return wizardStay
			}
			w.step = stepConfirm
			w.typed = ""
		case key.Matches(msg, k.Enter):
			f.confirmed = true
			w.field = min(len(w.fields)-1, w.field+1)
		case key.Matches(msg, k.Next):
			w.field = min(len(w.fields)-1, w.field+1)
		case key.Matches(msg, k.Prev):
			w.field = max(0, w.field-1)
		case f.choices != nil && (key.Matches(msg, k.Left) || key.Matches(msg, k.Right)):
			f.value = cycle(f.choices, f.value, key.Matches(msg, k.Left))
			f.carried = false
		case f.choices == nil:
			if typeInto(&f.value, msg, k) {
				f.carried = false
			}
		}
	case stepConfirm:
		switch {
		case key.Matches(msg, k.Enter):
			if strings.TrimSpace(w.typed) == w.phrase() {
				return wizardDone
			}
			w.problem = fmt.Sprintf("type %s exactly, or esc to go back", w.phrase())
		default:
			typeInto(&w.typed, msg, k)
		}
	}
	return wizardStay
}

// cycle steps from cur to the next (or, back, the previous) of choices.
func cycle[T comparable](choices []T, cur T, back bool) T {
	i := max(0, slices.Index(choices, cur))
	if back {
		i += len(choices) - 1
	} else {
		i++
	}
	return choices[i%len(choices)]
}

// methods are the catalogue entries the picked choice runs, one per target in
// target order (bay mode, which has no targets yet: the picked method alone).
func (w *wizard) methods() []wipe.Method {
	c, ok := w.choice()
	if !ok {
		return nil
	}
	var ids []string
	switch {
	case c.ID != recommendedID && len(w.targets) == 0:
		ids = []string{c.ID}
	case c.ID != recommendedID:
		for range w.targets {
			ids = append(ids, c.ID)
		}
	default:
		for _, d := range w.targets {
			r, _ := recommended(d)
			ids = append(ids, r.Method)
		}
	}
	var out []wipe.Method
	for _, id := range ids {
		m, ok := findMethod(id, w.catalog)
		if !ok {
			m = wipe.Method{ID: id, Engine: wipe.EngineFirmware}
		}
		out = append(out, m)
	}
	return out
}

// steps are the steps done by hand for the picked method on each target that
// has any, keyed by device path, in target order.
func (w *wizard) steps() (paths []string, steps map[string][]string) {
	if w.instructions == nil {
		return nil, nil
	}
	steps = map[string][]string{}
	ms := w.methods()
	for i, d := range w.targets {
		if i >= len(ms) {
			break
		}
		if s := w.instructions(ms[i].ID, d); len(s) > 0 {
			paths = append(paths, d.Path)
			steps[d.Path] = s
		}
	}
	return paths, steps
}

// syncAttestation adds the attestation field when the picked method rests on
// steps done by hand, and removes it otherwise.
func (w *wizard) syncAttestation() {
	paths, _ := w.steps()
	i := slices.IndexFunc(w.fields, func(f field) bool { return f.key == fieldAttestation })
	switch {
	case len(paths) > 0 && i < 0:
		w.fields = append(w.fields, field{key: fieldAttestation, label: "Your attestation"})
	case len(paths) == 0 && i >= 0:
		w.fields = slices.Delete(w.fields, i, i+1)
	}
}

// syncPSID adds the PSID field when the picked method is the TCG PSID revert
// (the operator types or scans the PSID from the drive's label), and removes it
// otherwise.
func (w *wizard) syncPSID() {
	need := slices.ContainsFunc(w.methods(), func(m wipe.Method) bool { return m.ID == psidMethod })
	i := slices.IndexFunc(w.fields, func(f field) bool { return f.key == fieldPSID })
	switch {
	case need && i < 0:
		w.fields = append(w.fields, field{key: fieldPSID, label: "PSID (drive label)"})
	case !need && i >= 0:
		w.fields = slices.Delete(w.fields, i, i+1)
	}
}

// psidMethod is the method that needs the PSID field.
const psidMethod = "tcg-psid-revert"

// psidProblem says why the PSID field cannot be used, and which field to go
// back to: a PSID belongs to one drive, and a malformed one is never sent (each
// refused PSID spends one of the drive's few attempts).
func (w *wizard) psidProblem() (string, int) {
	i := slices.IndexFunc(w.fields, func(f field) bool { return f.key == fieldPSID })
	if i < 0 {
		return "", 0
	}
	if len(w.targets) != 1 {
		return "a PSID belongs to one drive: select the self-encrypting drive alone", i
	}
	if _, err := tcg.ParsePSID(w.fields[i].value); err != nil {
		return err.Error(), i
	}
	return "", 0
}

// levels are the verification levels the picked method allows: "off" only for
// plain overwrites, never for a method whose definition includes verification,
// a firmware erase (which the engine always checks), or bay mode's per-device
// methods (not known yet).
func (w *wizard) levels() []verifyLevel {
	ms := w.methods()
	off := len(ms) > 0
	for _, m := range ms {
		off = off && m.Engine == wipe.EngineOverwrite && !requiresVerify(m)
	}
	if c, _ := w.choice(); w.bayMode && c.ID == recommendedID {
		off = false
	}
	if off {
		return []verifyLevel{verifyStandard, verifyThorough, verifyOff}
	}
	return []verifyLevel{verifyStandard, verifyThorough}
}

// paste types pasted text into the focused field.
func (w *wizard) paste(text string) {
	text = strings.TrimRight(strings.ReplaceAll(text, "\r", ""), "\n")
	switch {
	case w.step == stepForm && w.fields[w.field].choices == nil:
		w.fields[w.field].value += printable(text)
		w.fields[w.field].carried = false
	case w.step == stepConfirm:
		w.typed += printable(text)
	}
}

// typing reports whether keys go into a text field (so that q types a q).
func (w *wizard) typing() bool {
	return w.step == stepConfirm || (w.step == stepForm && w.fields[w.field].choices == nil)
}

// title names the step for the header.
func (w *wizard) title() string {
	what := fmt.Sprintf("%d device", len(w.targets))
	if len(w.targets) != 1 {
		what += "s"
	}
	if w.bayMode {
		what = "bay mode"
	}
	switch w.step {
	case stepMethod:
		return "Method for " + what
	case stepOptions:
		return "Verification for " + what
	case stepForm:
		return "Job details for " + what
	default:
		return "Confirm " + what
	}
}

// View renders the current step.
func (w *wizard) View(s Styles) string {
	var lines []string
	switch w.step {
	case stepMethod:
		lines = w.methodView(s)
	case stepOptions:
		lines = w.optionsView(s)
	case stepForm:
		lines = w.formView(s)
	default:
		return fitLines(w.confirmView(s), w.width, w.height)
	}
	if w.problem != "" {
		lines = append(lines, "", s.Bad.Render(w.problem))
	}
	return fitLines(lines, w.width, w.height)
}

func (w *wizard) methodView(s Styles) []string {
	lines := []string{"Pick a method (recommended first):", ""}
	if len(w.choices) == 0 {
		return append(lines, s.Bad.Render("  No method applies to every selected device."))
	}
	// Two lines per method; keep the cursor in view.
	visible := max(1, (w.height-4)/2)
	offset := 0
	if w.method >= visible {
		offset = w.method - visible + 1
	}
	for i := offset; i < len(w.choices) && i < offset+visible; i++ {
		c := w.choices[i]
		pointer := "  "
		line := cell(c.Name, 30) + " " + cell(c.Class, 12)
		if i == w.method {
			pointer = "> "
			line = s.Cursor.Render(line)
		}
		line += " " + s.Dim.Render(cell(c.ID, 22))
		if i == 0 {
			line += s.OK.Render(" recommended")
		}
		lines = append(lines, pointer+line, "    "+s.Dim.Render(c.Note))
	}
	if !w.bayMode && len(w.targets) > 1 {
		lines = append(lines, "", s.Dim.Render("Firmware methods are listed only when every selected device supports them."))
	}
	return lines
}

func (w *wizard) optionsView(s Styles) []string {
	c, _ := w.choice()
	lines := []string{"Method: " + s.Accent.Render(c.Name) + " (" + c.Class + ")", ""}
	row := func(i int, label, value, note string) {
		pointer := "  "
		v := "< " + value + " >"
		if i == w.option {
			pointer = "> "
			v = s.Cursor.Render(v)
		}
		lines = append(lines, pointer+fmt.Sprintf("%-18s ", label)+v, "    "+s.Dim.Render(note))
	}
	row(0, "Verification", w.verify.String(), w.verify.describe())
	if w.overwrites() {
		blank := "no"
		if w.blank {
			blank = "yes"
		}
		row(1, "Final zero pass", blank, "write zeros after the method's passes (overwrite methods only)")
	}
	return append(lines, "", s.Dim.Render("←/→ change · enter continue · esc back"))
}

func (w *wizard) formView(s Styles) []string {
	lines := []string{"These go on the certificate. A barcode scanner can type the asset tags.", ""}
	visible := max(1, w.height-4)
	offset := 0
	if w.field >= visible {
		offset = w.field - visible + 1
	}
	for i := offset; i < len(w.fields) && i < offset+visible; i++ {
		f := w.fields[i]
		if f.key == fieldAttestation && f.value == "" && i != w.field {
			f.value = s.Dim.Render("e.g. I performed the factory reset on this phone")
		}
		value := f.value
		if f.choices != nil {
			value = "< " + orDash(value) + " >"
		}
		pointer := "  "
		if i == w.field {
			pointer = "> "
			if f.choices == nil {
				value += "_"
			}
			value = s.Accent.Render(value)
		}
		if f.carried {
			value += " " + s.Warn.Render(carriedMark)
		}
		lines = append(lines, pointer+s.Label.Render(cell(f.label, 24))+" "+value)
	}
	if w.fields[w.field].choices != nil {
		lines = append(lines, "", s.Dim.Render("←/→ change the choice; nothing typed changes it."))
	}
	return lines
}

func (w *wizard) confirmView(s Styles) []string {
	c, _ := w.choice()
	p, tags := w.plan(wipe.Options{})
	var lines []string
	if w.bayMode {
		lines = append(lines,
			s.Bad.Render("Bay mode erases every removable disk or card inserted from now on,"),
			s.Bad.Render("without asking again."),
			"",
			"Method: "+c.Name+" ("+c.Class+")",
		)
	} else {
		lines = append(lines, s.Bad.Render(fmt.Sprintf("ALL DATA on these %d device(s) will be destroyed:", len(w.targets))), "")
		shown := max(1, (w.height-12)/2)
		for i, d := range w.targets {
			if i == shown && len(w.targets) > shown+1 {
				lines = append(lines, fmt.Sprintf("  ... and %d more", len(w.targets)-shown))
				break
			}
			method := c.ID + " (" + c.Class + ")"
			if c.ID == recommendedID {
				if r, ok := recommended(d); ok {
					method = r.Method + " (" + string(r.Class) + ")"
				}
			}
			lines = append(lines,
				"  "+pathCell(d.Path, 14)+" "+cell(deviceTitle(d.Vendor, d.Model), 32)+" S/N "+orDash(d.Serial),
				"      "+sizeText(d)+" · asset tag "+orDash(tags[d.Path])+" · "+method)
		}
		lines = append(lines, "")
	}
	lines = append(lines, w.certificateLines(s, p)...)
	if p.details.Operator.Name == "" {
		lines = append(lines, s.Warn.Render("No operator: the certificate will not name who did this (esc to add one)."))
	}
	if w.bayMode {
		lines = append(lines, s.Dim.Render("Non-removable and ineligible devices are never touched."))
	}
	var steps []string
	paths, byPath := w.steps()
	for _, p := range paths {
		steps = append(steps, "", s.Label.Render("By hand on "+p+", after you start:"))
		steps = append(steps, stepLines(byPath[p], w.width)...)
	}
	// The prompt always shows: the steps give way when the window is short (the
	// log has them too).
	tail := []string{"", "Type " + s.Accent.Render(w.phrase()) + " and press enter (esc goes back):", "> " + s.Accent.Render(w.typed+"_")}
	if w.problem != "" {
		tail = append(tail, "", s.Bad.Render(w.problem))
	}
	if room := w.height - len(lines) - len(tail); len(steps) > room {
		steps = append(steps[:max(0, room-1)], s.Dim.Render("  ... the rest of the steps is in the log (l)"))
		if room <= 0 {
			steps = nil
		}
	}
	return append(append(lines, steps...), tail...)
}

// certificateLines are the job details and options that go on every
// certificate of the plan, each value in full; a value carried over from the
// last job says so.
func (w *wizard) certificateLines(s Styles, p plan) []string {
	carried := func(key, value string) string {
		value = orDash(value)
		if i := slices.IndexFunc(w.fields, func(f field) bool { return f.key == key }); i >= 0 && w.fields[i].carried {
			value += " " + s.Warn.Render("("+carriedNote+")")
		}
		return value
	}
	d := p.details
	parts := []string{"verification " + p.verify.String()}
	if w.overwrites() {
		zero := "no"
		if p.blank {
			zero = "yes"
		}
		parts = append(parts, "final zero pass "+zero)
	}
	parts = append(parts,
		"operator "+orDash(d.Operator.Name)+" ("+orDash(d.Operator.Organization)+")",
		"customer/source "+carried(fieldSource, d.Source),
		"classification "+carried(fieldClassification, d.Classification),
		"destination "+carried(fieldDestination, d.Destination),
	)
	lines := wrap(strings.Join(parts, " · "), w.width)
	if p.options.BackupDir != "" {
		lines = append(lines, "backed up first to "+p.options.BackupDir)
	}
	return lines
}

// stepLines numbers and wraps steps to width.
func stepLines(steps []string, width int) []string {
	var out []string
	for i, step := range steps {
		for j, l := range wrap(step, max(20, width-6)) {
			prefix := "      "
			if j == 0 {
				prefix = fmt.Sprintf("  %d. ", i+1)
			}
			out = append(out, prefix+l)
		}
	}
	return out
}
