package firmware

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/ata"
	"github.com/wipestation/wipestation/devices/simdrive"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

const simSize = 8 << 20 // 16384 sectors of 512 bytes: 1000 subsections of 16

// job runs method against a simulated drive: capabilities are probed from the
// drive by the production probe code, then the executor runs with the drive's
// transport injected.
func job(t *testing.T, method string, scsi SCSI, nv NVMe, m *simdrive.Medium, verify wipe.VerifyMode, rotational ...bool) (wipe.Outcome, error, []wipe.Progress) {
	t.Helper()
	ctx := context.Background()
	d := devices.Device{Path: "/dev/sim", Kind: devices.KindDisk, Rotational: len(rotational) > 0 && rotational[0]}
	if scsi != nil {
		d.Transport = devices.TransportSATA
		devices.ProbeSCSI(ctx, scsi, &d)
	}
	if nv != nil {
		d.Transport = devices.TransportNVMe
		devices.ProbeNVMe(ctx, nv, 1, &d)
	}
	e := New(OpenerFunc(func(x wipe.Execution) (Drive, error) {
		return Drive{SCSI: scsi, NVMe: nv, NSID: 1, Medium: m}, nil
	}))
	e.PollInterval = time.Millisecond
	e.Seed = 42
	var progress []wipe.Progress
	// The method as the runner hands it over: the catalogue entry with the class
	// the policy gives it on this device.
	res, err := wipe.Resolve(d, method, "")
	if err != nil {
		t.Fatal(err)
	}
	res.Method.Class = res.Class
	out, err := e.Execute(ctx, wipe.Execution{
		Job:      wipe.Job{Device: d, Method: method, Options: wipe.Options{Verify: verify}},
		Method:   res.Method,
		Progress: func(p wipe.Progress) { progress = append(progress, p) },
	})
	return out, err, progress
}

type want struct {
	erased, refused bool
	reason          string // substring of Reason
	detail          string // substring of some Details line
	exception       string // substring of some Exception
	class           devices.Class
}

func check(t *testing.T, out wipe.Outcome, err error, w want) {
	t.Helper()
	var rf *devices.RefusalError
	refused := errors.As(err, &rf)
	if err != nil && !refused {
		t.Fatalf("Execute error: %v", err)
	}
	erased := out.Completed && out.Verification.Verified
	reason := msg.Text(out.Reason)
	if refused {
		reason = err.Error()
		renders(t, "refusal", rf.Message())
	}
	if out.Reason != nil {
		renders(t, "reason", *out.Reason)
	}
	renders(t, "details", out.Sanitization.Details...)
	renders(t, "exceptions", out.Exceptions...)
	if !out.Verification.Method.IsZero() {
		renders(t, "verification method", out.Verification.Method)
	}
	if erased != w.erased || refused != w.refused {
		t.Fatalf("erased=%v refused=%v (reason %q), want erased=%v refused=%v\ndetails %q\nexceptions %q",
			erased, refused, reason, w.erased, w.refused, msg.Texts(out.Sanitization.Details), msg.Texts(out.Exceptions))
	}
	if !strings.Contains(reason, w.reason) {
		t.Errorf("reason %q does not contain %q", reason, w.reason)
	}
	if w.erased && out.Reason != nil {
		t.Errorf("erased with a reason: %q", msg.Text(out.Reason))
	}
	if w.detail != "" && !containsText(out.Sanitization.Details, w.detail) {
		t.Errorf("no detail contains %q: %q", w.detail, msg.Texts(out.Sanitization.Details))
	}
	if w.class != "" && out.Sanitization.Class != w.class {
		t.Errorf("class %q, want %q", out.Sanitization.Class, w.class)
	}
	if w.exception != "" && !containsText(out.Exceptions, w.exception) {
		t.Errorf("no exception contains %q: %q", w.exception, msg.Texts(out.Exceptions))
	}
}

func newATA(m *simdrive.Medium) *simdrive.ATA {
	return &simdrive.ATA{Medium: m, Model: "SIM SSD", Serial: "ATA123", Firmware: "1.0",
		SecuritySupported: true, EnhancedSupported: true, NormalMinutes: 2, EnhMinutes: 4,
		SanitizeCrypto: true, SanitizeBlock: true, SanitizeOverwrite: true, NonRotating: true}
}

func TestATA(t *testing.T) {
	cases := []struct {
		name   string
		method string
		setup  func(d *simdrive.ATA)
		want   want
		// unchangedMedium: the medium must still hold its data (refusals).
		unchangedMedium bool
		// commands the drive must not have received.
		notSent []uint8
		// rotational marks the device as a hard disk in sysfs.
		rotational bool
	}{
		{name: "secure erase", method: "ata-secure-erase", want: want{erased: true, detail: "SECURITY ERASE UNIT (F4h), PIO-out: normal erase"}},
		{name: "enhanced erase", method: "ata-secure-erase-enhanced", want: want{erased: true, detail: "enhanced erase", class: devices.ClassClear}},
		{name: "enhanced erase on a hard disk", method: "ata-secure-erase-enhanced", setup: func(d *simdrive.ATA) { d.NonRotating = false },
			rotational: true, want: want{erased: true, class: devices.ClassPurge}},
		{name: "enhanced unsupported", method: "ata-secure-erase-enhanced", setup: func(d *simdrive.ATA) { d.EnhancedSupported = false },
			want: want{refused: true, reason: "enhanced"}, unchangedMedium: true, notSent: []uint8{ata.OpSecuritySetPasswd}},
		{name: "security unsupported", method: "ata-secure-erase", setup: func(d *simdrive.ATA) { d.SecuritySupported = false },
			want: want{refused: true, reason: "security feature set"}, unchangedMedium: true, notSent: []uint8{ata.OpSecuritySetPasswd}},
		{name: "frozen", method: "ata-secure-erase", setup: func(d *simdrive.ATA) { d.Frozen = true },
			want: want{refused: true, reason: "suspend and resume"}, unchangedMedium: true, notSent: []uint8{ata.OpSecuritySetPasswd}},
		{name: "locked by someone else", method: "ata-secure-erase", setup: func(d *simdrive.ATA) { d.SetPassword("other", true) },
			want: want{refused: true, reason: "locked"}, unchangedMedium: true, notSent: []uint8{ata.OpSecuritySetPasswd}},
		{name: "password set by someone else", method: "ata-secure-erase", setup: func(d *simdrive.ATA) { d.SetPassword("other", false) },
			want: want{refused: true, reason: "already set"}, unchangedMedium: true, notSent: []uint8{ata.OpSecuritySetPasswd}},
		{name: "set password fails", method: "ata-secure-erase", setup: func(d *simdrive.ATA) { d.FailOpcode = ata.OpSecuritySetPasswd },
			want: want{reason: "SET PASSWORD failed"}, unchangedMedium: true},
		{name: "erase prepare fails", method: "ata-secure-erase", setup: func(d *simdrive.ATA) { d.FailOpcode = ata.OpSecurityErasePrep },
			want: want{reason: "ERASE PREPARE failed", exception: "password this job set was cleared"}, unchangedMedium: true},
		{name: "erase unit fails midway", method: "ata-secure-erase", setup: func(d *simdrive.ATA) { d.FailOpcode = ata.OpSecurityEraseUnit },
			want: want{reason: "ERASE UNIT failed", exception: "password this job set was cleared"}},
		{name: "erase unit fails and locks", method: "ata-secure-erase",
			setup: func(d *simdrive.ATA) { d.FailOpcode = ata.OpSecurityEraseUnit; d.LockOnFail = true },
			want:  want{reason: "ERASE UNIT failed", detail: "SECURITY UNLOCK (F2h)"}},
		{name: "erase unit lies", method: "ata-secure-erase", setup: func(d *simdrive.ATA) { d.Behavior.Lie = true },
			want: want{reason: "still hold the data"}},
		{name: "sanitize crypto", method: "ata-sanitize-crypto", setup: func(d *simdrive.ATA) { d.Behavior.Polls = 3 },
			want: want{erased: true, detail: "CRYPTO SCRAMBLE EXT: FEATURE 0011h, LBA 43727970h"}},
		{name: "sanitize block", method: "ata-sanitize-block", want: want{erased: true, detail: "BLOCK ERASE EXT"}},
		{name: "sanitize block leaving FFh", method: "ata-sanitize-block", setup: func(d *simdrive.ATA) { d.Behavior.BlockEraseValue = 0xFF },
			want: want{erased: true}},
		{name: "sanitize overwrite", method: "ata-sanitize-overwrite", want: want{erased: true, detail: "OVERWRITE EXT"}},
		{name: "sanitize via libata fixed sense", method: "ata-sanitize-block",
			setup: func(d *simdrive.ATA) { d.FixedSense = true; d.LegacyFixed = true; d.Behavior.Polls = 2 },
			want:  want{erased: true, detail: "D_SENSE=1"}},
		{name: "sanitize unsupported", method: "ata-sanitize-crypto",
			setup: func(d *simdrive.ATA) { d.SanitizeCrypto, d.SanitizeBlock, d.SanitizeOverwrite = false, false, false },
			want:  want{refused: true, reason: "word 59 bit 12"}, unchangedMedium: true, notSent: []uint8{ata.OpSanitize}},
		{name: "sanitize crypto only unsupported", method: "ata-sanitize-crypto", setup: func(d *simdrive.ATA) { d.SanitizeCrypto = false },
			want: want{refused: true, reason: "CRYPTO SCRAMBLE"}, unchangedMedium: true},
		{name: "sanitize fails midway", method: "ata-sanitize-block", setup: func(d *simdrive.ATA) { d.FailOpcode = ata.OpSanitize; d.Behavior.Polls = 2 },
			want: want{reason: "sanitize failed"}},
		{name: "sanitize lies", method: "ata-sanitize-crypto", setup: func(d *simdrive.ATA) { d.Behavior.Lie = true },
			want: want{reason: "still hold the data"}},
		{name: "scsi sanitize on an ATA drive", method: "scsi-sanitize-block",
			want: want{refused: true, reason: "use the ata-sanitize-* methods"}, unchangedMedium: true},
		{name: "bridge without SAT", method: "ata-sanitize-block", setup: func(d *simdrive.ATA) { d.NoSAT = true },
			want: want{refused: true, reason: "ATA capabilities are unknown"}, unchangedMedium: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := simdrive.NewMedium(simSize, 512, 7)
			orig := m.Snapshot()
			d := newATA(m)
			if tc.setup != nil {
				tc.setup(d)
			}
			out, err, progress := job(t, tc.method, d, nil, m, wipe.VerifySampling, tc.rotational)
			check(t, out, err, tc.want)
			if tc.unchangedMedium && !bytes.Equal(m.Snapshot(), orig) {
				t.Error("the medium changed although the job was refused")
			}
			for _, op := range tc.notSent {
				if slices.Contains(d.Commands, op) {
					t.Errorf("command %02Xh was sent: %X", op, d.Commands)
				}
			}
			// No simulated drive ends with the password this tool set.
			if enabled, locked := d.SecurityState(); (enabled || locked) && !strings.Contains(tc.name, "someone else") {
				t.Errorf("drive left with security enabled=%v locked=%v", enabled, locked)
			}
			if tc.want.erased {
				if out.Verification.Mode != "sampling" || out.Verification.BytesRead < simSize/10 {
					t.Errorf("verification %+v: want sampling of >= 10%%", out.Verification)
				}
				if !slices.ContainsFunc(progress, func(p wipe.Progress) bool { return p.Phase == wipe.PhaseVerify }) {
					t.Error("no verify progress")
				}
				partial := func(p wipe.Progress) bool {
					return p.Phase == wipe.PhaseCommand && p.BytesDone > 0 && p.BytesDone < p.BytesTotal
				}
				if d.Behavior.Polls > 1 && !slices.ContainsFunc(progress, partial) {
					t.Errorf("a long-running sanitize reported no progress: %+v", progress)
				}
			}
		})
	}
}

func newNVMe(m *simdrive.Medium) *simdrive.NVMe {
	return &simdrive.NVMe{Medium: m, Serial: "NVME01", Model: "SIM NVMe", Firmware: "2.0", NSID: 1,
		FormatSupported: true, DeallocReads: 1}
}

func TestNVMe(t *testing.T) {
	cases := []struct {
		name            string
		method          string
		setup           func(d *simdrive.NVMe)
		verify          wipe.VerifyMode
		want            want
		unchangedMedium bool
	}{
		// QEMU 7.2: Format yes (zeroes the namespace), FNA=0, SANICAP=0.
		{name: "format like QEMU", method: "nvme-format", want: want{erased: true, detail: "NVMe Format NVM (80h) NSID=1 SES=1 LBAF=0"}},
		{name: "format full verify", method: "nvme-format", verify: wipe.VerifyFull, want: want{erased: true}},
		{name: "format crypto refused like QEMU", method: "nvme-format-crypto", want: want{refused: true, reason: "FNA bit 2"}, unchangedMedium: true},
		{name: "sanitize refused like QEMU", method: "nvme-sanitize-crypto", want: want{refused: true, reason: "SANICAP bit 0"}, unchangedMedium: true},
		{name: "sanitize block refused like QEMU", method: "nvme-sanitize-block", want: want{refused: true, reason: "SANICAP bit 1"}, unchangedMedium: true},
		{name: "format unsupported", method: "nvme-format", setup: func(d *simdrive.NVMe) { d.FormatSupported = false },
			want: want{refused: true, reason: "OACS bit 1"}, unchangedMedium: true},
		{name: "format crypto", method: "nvme-format-crypto", setup: func(d *simdrive.NVMe) { d.CryptoFormat = true },
			want: want{erased: true, detail: "SES=2"}},
		{name: "format lies", method: "nvme-format", setup: func(d *simdrive.NVMe) { d.Behavior.Lie = true },
			want: want{reason: "still hold the data"}},
		{name: "format fails midway", method: "nvme-format", setup: func(d *simdrive.NVMe) { d.Behavior.FailMidway = true },
			want: want{reason: "Format NVM failed"}},
		{name: "sanitize crypto", method: "nvme-sanitize-crypto",
			setup: func(d *simdrive.NVMe) { d.SanitizeCrypto = true; d.Behavior.Polls = 4 },
			want:  want{erased: true, detail: "SANACT=4"}},
		{name: "sanitize block", method: "nvme-sanitize-block", setup: func(d *simdrive.NVMe) { d.SanitizeBlock = true },
			want: want{erased: true, detail: "SANACT=2"}},
		{name: "sanitize overwrite", method: "nvme-sanitize-overwrite", setup: func(d *simdrive.NVMe) { d.SanitizeOverwrite = true },
			want: want{erased: true, detail: "OWPASS=1"}},
		{name: "sanitize fails", method: "nvme-sanitize-block",
			setup: func(d *simdrive.NVMe) { d.SanitizeBlock = true; d.Behavior.FailMidway = true; d.Behavior.Polls = 2 },
			want:  want{reason: "SSTAT=3"}},
		{name: "sanitize lies", method: "nvme-sanitize-crypto", setup: func(d *simdrive.NVMe) { d.SanitizeCrypto = true; d.Behavior.Lie = true },
			want: want{reason: "still hold the data"}},
		{name: "sanitize with another namespace", method: "nvme-sanitize-block",
			setup: func(d *simdrive.NVMe) { d.SanitizeBlock = true; d.OtherNamespaces = []uint32{2} },
			want:  want{refused: true, reason: "namespace 2"}, unchangedMedium: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := simdrive.NewMedium(simSize, 512, 9)
			orig := m.Snapshot()
			d := newNVMe(m)
			if tc.setup != nil {
				tc.setup(d)
			}
			v := tc.verify
			if v == "" {
				v = wipe.VerifySampling
			}
			out, err, progress := job(t, tc.method, nil, d, m, v)
			check(t, out, err, tc.want)
			if tc.want.erased && d.Behavior.Polls > 1 && !slices.ContainsFunc(progress, func(p wipe.Progress) bool {
				return p.Phase == wipe.PhaseCommand && p.BytesDone > 0 && p.BytesDone < p.BytesTotal
			}) {
				t.Errorf("a long-running sanitize reported no progress")
			}
			if tc.unchangedMedium && !bytes.Equal(m.Snapshot(), orig) {
				t.Error("the medium changed although the job was refused")
			}
			if tc.want.refused && (slices.Contains(d.Commands, 0x80) || slices.Contains(d.Commands, 0x84)) {
				t.Errorf("a destructive command was sent: %X", d.Commands)
			}
			if v == wipe.VerifyFull && out.Completed && out.Verification.Verified && (out.Verification.Mode != "full" || out.Verification.BytesRead != simSize) {
				t.Errorf("full verification %+v", out.Verification)
			}
		})
	}
}

func TestSCSI(t *testing.T) {
	cases := []struct {
		name   string
		method string
		setup  func(d *simdrive.SCSI)
		want   want
	}{
		{name: "crypto", method: "scsi-sanitize-crypto", setup: func(d *simdrive.SCSI) { d.SanitizeCrypto = true; d.Behavior.Polls = 3 },
			want: want{erased: true, detail: "SANITIZE (48h) service action 03h"}},
		{name: "block", method: "scsi-sanitize-block", setup: func(d *simdrive.SCSI) { d.SanitizeBlock = true },
			want: want{erased: true}},
		{name: "overwrite", method: "scsi-sanitize-overwrite", setup: func(d *simdrive.SCSI) { d.SanitizeOverwrite = true },
			want: want{erased: true, detail: "parameter list"}},
		{name: "block then medium errors", method: "scsi-sanitize-block",
			setup: func(d *simdrive.SCSI) { d.SanitizeBlock = true; d.Behavior.UnreadableAfterBlockErase = true },
			want:  want{reason: "could not be read back"}},
		{name: "fails midway", method: "scsi-sanitize-overwrite",
			setup: func(d *simdrive.SCSI) { d.SanitizeOverwrite = true; d.Behavior.FailMidway = true; d.Behavior.Polls = 2 },
			want:  want{reason: "31h/03h"}},
		{name: "lies", method: "scsi-sanitize-block", setup: func(d *simdrive.SCSI) { d.SanitizeBlock = true; d.Behavior.Lie = true },
			want: want{reason: "still hold the data"}},
		{name: "unsupported like QEMU", method: "scsi-sanitize-crypto",
			want: want{refused: true, reason: "not supported"}},
		{name: "no report opcodes", method: "scsi-sanitize-block", setup: func(d *simdrive.SCSI) { d.SanitizeBlock = true; d.NoReportOpcodes = true },
			want: want{refused: true, reason: "unknown"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := simdrive.NewMedium(simSize, 512, 11)
			d := &simdrive.SCSI{Medium: m, Vendor: "SEAGATE", Product: "SIM SAS", Serial: "SAS1"}
			if tc.setup != nil {
				tc.setup(d)
			}
			out, err, progress := job(t, tc.method, d, nil, m, wipe.VerifySampling)
			check(t, out, err, tc.want)
			if tc.want.erased && d.Behavior.Polls > 1 && !slices.ContainsFunc(progress, func(p wipe.Progress) bool {
				return p.Phase == wipe.PhaseCommand && p.BytesDone > 0 && p.BytesDone < p.BytesTotal
			}) {
				t.Errorf("a long-running sanitize reported no progress")
			}
			if tc.want.refused && slices.Contains(d.Commands, 0x48) {
				t.Error("SANITIZE was sent although the job was refused")
			}
		})
	}
}

// TestBlankMedium: a drive that reads zeros before the command cannot show its effect.
func TestBlankMedium(t *testing.T) {
	m := simdrive.NewMedium(simSize, 512, 1)
	m.Fill(0, 1)
	out, err, _ := job(t, "nvme-format", nil, newNVMe(m), m, wipe.VerifySampling)
	check(t, out, err, want{reason: "cannot be shown"})
}

func TestHiddenAreaRecorded(t *testing.T) {
	m := simdrive.NewMedium(simSize, 512, 3)
	d := newATA(m)
	d.HPA, d.NativeSectors = true, simSize/512+2048
	out, err, _ := job(t, "ata-sanitize-block", d, nil, m, wipe.VerifySampling)
	check(t, out, err, want{erased: true, exception: "hidden area"})
	h := out.Sanitization.HiddenArea
	if h == nil || h.NativeSectors != simSize/512+2048 || h.AccessibleSectors != simSize/512 || !h.Covered {
		t.Fatalf("hidden area %+v", h)
	}
}

// TestHiddenAreaUnknownRecorded: an ATA drive whose native capacity could not be
// read says so, since a DCO could hide sectors the command does not reach.
func TestHiddenAreaUnknownRecorded(t *testing.T) {
	m := simdrive.NewMedium(simSize, 512, 3)
	d := newATA(m)
	d.HPA, d.FailOpcode = true, ata.OpReadNativeMaxExt
	out, err, _ := job(t, "ata-sanitize-block", d, nil, m, wipe.VerifySampling)
	check(t, out, err, want{erased: true, exception: "hidden area unknown"})
	if out.Sanitization.HiddenArea != nil {
		t.Errorf("unknown hidden area recorded as %+v", out.Sanitization.HiddenArea)
	}
}

func TestCancelWhileRunning(t *testing.T) {
	m := simdrive.NewMedium(simSize, 512, 5)
	d := newNVMe(m)
	d.SanitizeBlock, d.Behavior.Polls = true, 1<<30
	ctx, cancel := context.WithCancel(context.Background())
	dev := devices.Device{Path: "/dev/sim", Transport: devices.TransportNVMe}
	devices.ProbeNVMe(ctx, d, 1, &dev)
	e := New(OpenerFunc(func(x wipe.Execution) (Drive, error) { return Drive{NVMe: d, NSID: 1, Medium: m}, nil }))
	e.PollInterval = time.Millisecond
	// Cancel once the command is on the drive (not on a timer: under load the
	// sampling before it can take longer than any fixed delay).
	var once sync.Once
	progress := func(p wipe.Progress) {
		if p.Phase == wipe.PhaseCommand {
			once.Do(func() { go func() { time.Sleep(20 * time.Millisecond); cancel() }() })
		}
	}
	out, err := e.Execute(ctx, wipe.Execution{Job: wipe.Job{Device: dev}, Method: wipe.Method{ID: "nvme-sanitize-block"}, Progress: progress})
	if err == nil || out.Completed || !strings.Contains(msg.Text(out.Reason), "cannot be recalled") {
		t.Fatalf("err %v completed %v reason %q", err, out.Completed, msg.Text(out.Reason))
	}
}

// TestNoMedium: without a way to read the medium back nothing is sent.
func TestNoMedium(t *testing.T) {
	m := simdrive.NewMedium(simSize, 512, 1)
	d := newNVMe(m)
	dev := devices.Device{Path: "/dev/sim", Transport: devices.TransportNVMe}
	devices.ProbeNVMe(context.Background(), d, 1, &dev)
	e := New(OpenerFunc(func(x wipe.Execution) (Drive, error) { return Drive{NVMe: d, NSID: 1}, nil }))
	out, err := e.Execute(context.Background(), wipe.Execution{Job: wipe.Job{Device: dev}, Method: wipe.Method{ID: "nvme-format"}})
	if err != nil || out.Completed || !strings.Contains(msg.Text(out.Reason), "nothing was sent") || slices.Contains(d.Commands, 0x80) {
		t.Fatalf("err %v outcome %+v commands % X", err, out, d.Commands)
	}
}

// TestCatalogueHasSpecs: every firmware method `wipestation methods` lists has a
// command here, and every command here is in the catalogue.
func TestCatalogueHasSpecs(t *testing.T) {
	listed := map[string]bool{}
	for _, m := range wipe.Methods() {
		if m.Engine != wipe.EngineFirmware {
			continue
		}
		listed[m.ID] = true
		if _, ok := lookup(m.ID); !ok {
			t.Errorf("%s is in the catalogue but has no firmware spec", m.ID)
		}
	}
	for _, m := range specs {
		if !listed[m.ID] {
			t.Errorf("%s has a firmware spec but is not in the catalogue", m.ID)
		}
	}
	if len(listed) != 15 {
		t.Errorf("%d firmware methods in the catalogue, want 15", len(listed))
	}
}

// TestVerifyLevels: the engine decides what each level means for a drive command:
// last is NIST sampling, all reads the whole medium, off reads nothing and the
// outcome says so (never verified).
func TestVerifyLevels(t *testing.T) {
	for _, c := range []struct {
		verify    wipe.VerifyMode
		mode      string
		verified  bool
		bytesRead int64
	}{
		{wipe.VerifyLast, "sampling", true, -1},
		{wipe.VerifyAll, "full", true, simSize},
		{wipe.VerifyOff, "none", false, 0},
	} {
		t.Run(string(c.verify), func(t *testing.T) {
			m := simdrive.NewMedium(simSize, 512, 7)
			d := newNVMe(m)
			out, err, _ := job(t, "nvme-format", nil, d, m, c.verify)
			if err != nil || !out.Completed {
				t.Fatalf("err %v completed %v reason %q", err, out.Completed, out.Reason)
			}
			v := out.Verification
			if v.Mode != c.mode || v.Verified != c.verified || (c.bytesRead >= 0 && v.BytesRead != c.bytesRead) {
				t.Errorf("verification %+v, want mode %s verified %v bytes %d", v, c.mode, c.verified, c.bytesRead)
			}
			if !slices.Contains(d.Commands, 0x80) {
				t.Error("Format NVM was not sent")
			}
		})
	}
}
