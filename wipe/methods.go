package wipe

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
)

// Method is one entry of the catalogue (`wipestation methods`).
type Method struct {
	// ID is the stable name scripts and records use.
	ID     string `json:"id"`
	Name   string `json:"name"`
	Engine Engine `json:"engine"`
	// Technique is NIST SP 800-88 Appendix G's "Method Used" for this method.
	Technique string `json:"technique"`
	// Class is the method's nominal NIST SP 800-88 class. The class a record
	// carries comes from devices.Recommend for that device when it names the method
	// (a host overwrite is never more than Clear).
	Class devices.Class `json:"class"`
	// Passes are the overwrite passes (EngineOverwrite) or the pattern to compare
	// with (EngineVerify); empty for methods other engines carry out.
	Passes []Pass `json:"passes"`
	// RequiresVerify marks methods whose definition includes reading the last pass
	// back: `--verify off` is refused for them.
	RequiresVerify bool   `json:"requires_verify,omitempty"`
	Description    string `json:"description"`
}

// The techniques, in the words of NIST SP 800-88 Appendix G.
const (
	TechniqueOverwrite   = "Overwrite"
	TechniqueBlockErase  = "Block Erase"
	TechniqueCryptoErase = "Crypto Erase"
	TechniqueDegauss     = "Degauss"
	TechniqueDestruct    = "Destruct"
	TechniqueOther       = "Other"
)

// Pass is one overwrite pass: a repeating pattern, or the cryptographic stream.
type Pass struct {
	// Pattern repeats from the first byte of the device: byte i holds
	// Pattern[i%len(Pattern)], so multi-byte patterns stay in phase across
	// requests.
	Pattern []byte `json:"pattern,omitempty"`
	// Random passes write an AES-128-CTR keystream keyed per pass from crypto/rand.
	Random bool `json:"random,omitempty"`
	// Shuffle marks passes whose order is permuted per job (Gutmann's 27 fixed
	// patterns): each run of consecutive Shuffle passes is shuffled as one group,
	// and the order actually used goes into the record.
	Shuffle bool `json:"shuffle,omitempty"`
}

// String says in words what the pass writes ("0x00", "0x92 0x49 0x24", "random").
func (p Pass) String() string { return p.Message().String() }

// Message states what the pass writes: the random stream, or its bytes.
func (p Pass) Message() msg.Message {
	if p.Random {
		return msg.New(msg.OverwriteRandomPass)
	}
	parts := make([]string, len(p.Pattern))
	for i, b := range p.Pattern {
		parts[i] = fmt.Sprintf("0x%02X", b)
	}
	return msg.New(msg.OverwritePattern, strings.Join(parts, " "))
}

// The policy aliases: resolved per device from devices.Recommend.
const (
	AliasPurge = "purge"
	AliasClear = "clear"
)

func fixed(b ...byte) Pass    { return Pass{Pattern: b} }
func shuffled(b ...byte) Pass { return Pass{Pattern: b, Shuffle: true} }

var random = Pass{Random: true}

// Methods returns the whole catalogue in display order. Each call returns a fresh
// copy, so callers may not change the catalogue for others.
func Methods() []Method {
	gutmann := []Pass{random, random, random, random}
	gutmann = append(gutmann,
		shuffled(0x55), shuffled(0xAA),
		shuffled(0x92, 0x49, 0x24), shuffled(0x49, 0x24, 0x92), shuffled(0x24, 0x92, 0x49))
	for b := 0x00; b <= 0xFF; b += 0x11 {
		gutmann = append(gutmann, shuffled(byte(b)))
	}
	gutmann = append(gutmann,
		shuffled(0x92, 0x49, 0x24), shuffled(0x49, 0x24, 0x92), shuffled(0x24, 0x92, 0x49),
		shuffled(0x6D, 0xB6, 0xDB), shuffled(0xB6, 0xDB, 0x6D), shuffled(0xDB, 0x6D, 0xB6),
		random, random, random, random)

	return []Method{
		{ID: "zero", Name: "Zero fill", Engine: EngineOverwrite, Technique: TechniqueOverwrite, Class: devices.ClassClear,
			Passes:      []Pass{fixed(0x00)},
			Description: "One pass of 0x00."},
		{ID: "one", Name: "One fill", Engine: EngineOverwrite, Technique: TechniqueOverwrite, Class: devices.ClassClear,
			Passes:      []Pass{fixed(0xFF)},
			Description: "One pass of 0xFF."},
		{ID: "random", Name: "Random fill", Engine: EngineOverwrite, Technique: TechniqueOverwrite, Class: devices.ClassClear,
			Passes:      []Pass{random},
			Description: "One pass of a cryptographic stream (AES-128-CTR, key from crypto/rand)."},
		{ID: "nist-clear", Name: "NIST 800-88 Clear", Engine: EngineOverwrite, Technique: TechniqueOverwrite, Class: devices.ClassClear,
			Passes: []Pass{random}, RequiresVerify: true,
			Description: "One random pass, then the whole medium read back: NIST SP 800-88 Clear (Rev. 1 names one fixed-value pass; a random pass is at least as strong)."},
		{ID: "nist-usb", Name: "NIST 800-88 Clear for flash sticks and cards", Engine: EngineOverwrite, Technique: TechniqueOverwrite, Class: devices.ClassClear,
			Passes: []Pass{fixed(0x55), fixed(0xAA)}, RequiresVerify: true,
			Description: "NIST SP 800-88 Clear for USB sticks and memory cards: 0x55, then its complement 0xAA, then read back."},
		{ID: "dod-3pass", Name: "DoD 5220.22-M (E), 3 passes", Engine: EngineOverwrite, Technique: TechniqueOverwrite, Class: devices.ClassClear,
			Passes: []Pass{fixed(0x00), fixed(0xFF), random}, RequiresVerify: true,
			Description: "0x00, its complement 0xFF, random; verify. Legacy policy scheme."},
		{ID: "dod-7pass", Name: "DoD 5220.22-M ECE, 7 passes", Engine: EngineOverwrite, Technique: TechniqueOverwrite, Class: devices.ClassClear,
			Passes:      []Pass{fixed(0x00), fixed(0xFF), random, fixed(0x96), fixed(0x00), fixed(0xFF), random},
			Description: "DoD (E) three passes, one pass of 0x96, DoD (E) again. Legacy policy scheme."},
		{ID: "gutmann", Name: "Gutmann, 35 passes", Engine: EngineOverwrite, Technique: TechniqueOverwrite, Class: devices.ClassClear,
			Passes:      gutmann,
			Description: "4 random, Gutmann's 27 fixed patterns in a per-job random order, 4 random. Obsolete on modern drives; offered for policies that name it."},
		{ID: "schneier", Name: "Schneier, 7 passes", Engine: EngineOverwrite, Technique: TechniqueOverwrite, Class: devices.ClassClear,
			Passes:      []Pass{fixed(0xFF), fixed(0x00), random, random, random, random, random},
			Description: "0xFF, 0x00, then 5 random passes."},
		{ID: "hmg-is5-baseline", Name: "HMG IS5 Baseline", Engine: EngineOverwrite, Technique: TechniqueOverwrite, Class: devices.ClassClear,
			Passes: []Pass{fixed(0x00)}, RequiresVerify: true,
			Description: "One pass of 0x00, verified."},
		{ID: "hmg-is5-enhanced", Name: "HMG IS5 Enhanced", Engine: EngineOverwrite, Technique: TechniqueOverwrite, Class: devices.ClassClear,
			Passes: []Pass{fixed(0x00), fixed(0xFF), random}, RequiresVerify: true,
			Description: "0x00, 0xFF, random; verified."},
		{ID: "vsitr", Name: "BSI VSITR, 7 passes", Engine: EngineOverwrite, Technique: TechniqueOverwrite, Class: devices.ClassClear,
			Passes:      []Pass{fixed(0x00), fixed(0xFF), fixed(0x00), fixed(0xFF), fixed(0x00), fixed(0xFF), fixed(0xAA)},
			Description: "0x00 and 0xFF alternating three times, then 0xAA."},
		{ID: "ops-ii", Name: "RCMP TSSIT OPS-II, 7 passes", Engine: EngineOverwrite, Technique: TechniqueOverwrite, Class: devices.ClassClear,
			Passes: []Pass{fixed(0x00), fixed(0xFF), fixed(0x00), fixed(0xFF), fixed(0x00), fixed(0xFF), random}, RequiresVerify: true,
			Description: "0x00 and 0xFF alternating three times, then random; verified."},
		{ID: "verify-zero", Name: "Check for zeros", Engine: EngineVerify, Technique: TechniqueOther, Class: devices.ClassOther,
			Passes:      []Pass{fixed(0x00)},
			Description: "Read-only: reads the whole medium and checks every byte is 0x00. Writes nothing."},
		{ID: "verify-one", Name: "Check for ones", Engine: EngineVerify, Technique: TechniqueOther, Class: devices.ClassOther,
			Passes:      []Pass{fixed(0xFF)},
			Description: "Read-only: reads the whole medium and checks every byte is 0xFF. Writes nothing."},

		// Drive firmware commands (carried out by the firmware executor).
		{ID: "ata-secure-erase", Name: "ATA Security Erase (normal)", Engine: EngineFirmware, Technique: TechniqueOverwrite, Class: devices.ClassClear,
			Description: "ATA SECURITY ERASE UNIT, normal mode (ACS-3). Clear; on flash only Clear."},
		{ID: "ata-secure-erase-enhanced", Name: "ATA Security Erase (enhanced)", Engine: EngineFirmware, Technique: TechniqueOverwrite, Class: devices.ClassPurge,
			Description: "ATA SECURITY ERASE UNIT, enhanced mode (ACS-3)."},
		{ID: "ata-sanitize-crypto", Name: "ATA Sanitize Crypto Scramble", Engine: EngineFirmware, Technique: TechniqueCryptoErase, Class: devices.ClassPurge,
			Description: "ATA SANITIZE CRYPTO SCRAMBLE EXT: the drive changes its internal encryption key."},
		{ID: "ata-sanitize-block", Name: "ATA Sanitize Block Erase", Engine: EngineFirmware, Technique: TechniqueBlockErase, Class: devices.ClassPurge,
			Description: "ATA SANITIZE BLOCK ERASE EXT: the drive erases every flash block."},
		{ID: "ata-sanitize-overwrite", Name: "ATA Sanitize Overwrite", Engine: EngineFirmware, Technique: TechniqueOverwrite, Class: devices.ClassPurge,
			Description: "ATA SANITIZE OVERWRITE EXT: the drive overwrites every sector, hidden areas included."},
		{ID: "nvme-format", Name: "NVMe Format (user data erase)", Engine: EngineFirmware, Technique: TechniqueBlockErase, Class: devices.ClassClear,
			Description: "NVMe Format NVM with SES=1 (user data erase)."},
		{ID: "nvme-format-crypto", Name: "NVMe Format (crypto erase)", Engine: EngineFirmware, Technique: TechniqueCryptoErase, Class: devices.ClassPurge,
			Description: "NVMe Format NVM with SES=2 (cryptographic erase)."},
		{ID: "nvme-sanitize-crypto", Name: "NVMe Sanitize Crypto Erase", Engine: EngineFirmware, Technique: TechniqueCryptoErase, Class: devices.ClassPurge,
			Description: "NVMe Sanitize, action crypto erase."},
		{ID: "nvme-sanitize-block", Name: "NVMe Sanitize Block Erase", Engine: EngineFirmware, Technique: TechniqueBlockErase, Class: devices.ClassPurge,
			Description: "NVMe Sanitize, action block erase."},
		{ID: "nvme-sanitize-overwrite", Name: "NVMe Sanitize Overwrite", Engine: EngineFirmware, Technique: TechniqueOverwrite, Class: devices.ClassPurge,
			Description: "NVMe Sanitize, action overwrite."},
		{ID: "scsi-sanitize-crypto", Name: "SCSI Sanitize Cryptographic Erase", Engine: EngineFirmware, Technique: TechniqueCryptoErase, Class: devices.ClassPurge,
			Description: "SCSI SANITIZE (48h), service action cryptographic erase."},
		{ID: "scsi-sanitize-block", Name: "SCSI Sanitize Block Erase", Engine: EngineFirmware, Technique: TechniqueBlockErase, Class: devices.ClassPurge,
			Description: "SCSI SANITIZE (48h), service action block erase."},
		{ID: "scsi-sanitize-overwrite", Name: "SCSI Sanitize Overwrite", Engine: EngineFirmware, Technique: TechniqueOverwrite, Class: devices.ClassPurge,
			Description: "SCSI SANITIZE (48h), service action overwrite."},

		// Phones and optical discs.
		{ID: "mtp-clear", Name: "Phone storage clear over MTP", Engine: EngineMTP, Technique: TechniqueOverwrite, Class: devices.ClassOther,
			Description: "Deletes every file in the phone's shared storage over MTP and fills the free space; app data is out of reach."},
		{ID: "phone-reset", Name: "Guided phone factory reset", Engine: EnginePhone, Technique: TechniqueOther, Class: devices.ClassClear,
			Description: "A factory reset done on the phone, with the technician's attestation and what the phone reports."},
		{ID: "optical-blank", Name: "Blank a rewritable disc", Engine: EngineOptical, Technique: TechniqueOther, Class: devices.ClassOther,
			Description: "Full blank or format of a rewritable CD/DVD/BD. Not Clear or Purge under NIST: destruction remains the compliant route."},
	}
}

// LookupMethod returns the catalogue entry with this ID.
func LookupMethod(id string) (Method, bool) {
	for _, m := range Methods() {
		if m.ID == id {
			return m, true
		}
	}
	return Method{}, false
}

// MethodIDs lists every ID the CLI accepts, the policy aliases first.
func MethodIDs() []string {
	ids := []string{AliasPurge, AliasClear}
	for _, m := range Methods() {
		ids = append(ids, m.ID)
	}
	return ids
}

// Resolution is a method chosen for one device, with the class the record carries.
type Resolution struct {
	Method Method
	// Class is the class the standards give this method on this device.
	Class devices.Class
	// Reason is the recommendation's reason, when one applied.
	Reason msg.Message
	// Fallback, when set, says the requested class was explicitly downgraded.
	Fallback *msg.Message
}

// ErrNoMethod says a policy alias ("purge", "clear") has no method for a device;
// a *devices.RefusalError wraps it.
var ErrNoMethod = errors.New("no method of the requested class applies")

func noMethod(alias string, d devices.Device, reason msg.Message) error {
	return &devices.RefusalError{Path: d.Path, Err: ErrNoMethod, Reason: msg.New(msg.RefusalNoMethod, msg.New(aliasWord(alias)), reason)}
}

// aliasWord is the verb of a policy alias, for refusals.
func aliasWord(alias string) msg.ID {
	if alias == AliasPurge {
		return msg.MethodPurgeVerb
	}
	return msg.MethodClearVerb
}

// Resolve turns a requested method ID (a catalogue ID or one of the aliases "purge"
// and "clear") into the method to run on d, with the class the record carries.
//
// "purge" takes the first Purge recommendation of devices.Recommend(d); when there
// is none it refuses, never downgrading silently, unless fallback is "clear", in
// which case the first Clear recommendation runs and Resolution.Fallback says so.
// "clear" takes the first Clear recommendation. A catalogue ID runs as asked; its
// class is the recommendation's for that method when there is one, else the
// method's nominal class. A host overwrite is never more than Clear.
func Resolve(d devices.Device, requested, fallback string) (Resolution, error) {
	return resolveFrom(devices.Recommend(d), d, requested, fallback)
}

// resolveFrom is Resolve with the device's recommendations given.
func resolveFrom(recs []devices.Recommendation, d devices.Device, requested, fallback string) (Resolution, error) {
	switch requested {
	case AliasPurge, AliasClear:
		want := devices.ClassPurge
		if requested == AliasClear {
			want = devices.ClassClear
		}
		if res, ok := firstOfClass(recs, want); ok {
			return res, nil
		}
		reason := noMethodReason(d, recs, want)
		if requested == AliasPurge && fallback == AliasClear {
			res, ok := firstOfClass(recs, devices.ClassClear)
			if !ok {
				return Resolution{}, noMethod(AliasClear, d, noMethodReason(d, recs, devices.ClassClear))
			}
			res.Fallback = msg.New(msg.MethodFallbackClear, d.Path, reason, res.Method.ID).Ptr()
			return res, nil
		}
		return Resolution{}, noMethod(requested, d, reason)
	}
	m, ok := LookupMethod(requested)
	if !ok {
		return Resolution{}, fmt.Errorf("unknown method %q (valid: %s)", requested, strings.Join(MethodIDs(), ", "))
	}
	res := Resolution{Method: m, Class: m.Class}
	if i := slices.IndexFunc(recs, func(r devices.Recommendation) bool { return r.Method == m.ID }); i >= 0 {
		res.Class, res.Reason = recs[i].Class, recs[i].Reason
	}
	res.Class = capClass(m, res.Class)
	return res, nil
}

func firstOfClass(recs []devices.Recommendation, want devices.Class) (Resolution, bool) {
	for _, r := range recs {
		if r.Class != want {
			continue
		}
		m, ok := LookupMethod(r.Method)
		if !ok || capClass(m, r.Class) != want {
			continue
		}
		return Resolution{Method: m, Class: want, Reason: r.Reason}, true
	}
	return Resolution{}, false
}

// capClass keeps a host overwrite at Clear at most: NIST SP 800-88 never counts a
// host overwrite as Purge, and on a stick or card it is Clear at best.
func capClass(m Method, c devices.Class) devices.Class {
	if (m.Engine == EngineOverwrite || m.Engine == EngineVerify) && c == devices.ClassPurge {
		return devices.ClassClear
	}
	return c
}

func noMethodReason(d devices.Device, recs []devices.Recommendation, want devices.Class) msg.Message {
	if len(recs) == 0 {
		return msg.New(msg.OutcomeNoMethod)
	}
	var have []string
	for _, r := range recs {
		have = append(have, fmt.Sprintf("%s (%s)", r.Method, r.Class))
	}
	return msg.New(msg.MethodNoneOfClass, want, strings.Join(have, ", "))
}
