package certificate

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/simdrive"
	"github.com/wipestation/wipestation/devices/tcg"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
	"github.com/wipestation/wipestation/wipe/firmware"
)

// TestPSIDRevertCertificate runs tcg-psid-revert on simulated drives in each
// state, files the outcome as the runner does, renders it in both languages and
// reads the page back with pdftotext: the drive's TCG state before and after, the
// methods and their statuses are on it, the PSID is not (only its last four).
func TestPSIDRevertCertificate(t *testing.T) {
	testutil.RequireCommand(t, "pdftotext")
	const label = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
	cases := []struct {
		name            string
		enabled, locked bool
		psid            string
		status          wipe.Status
		en, zh          []string
	}{
		{name: "unlocked", enabled: true, psid: label, status: wipe.StatusErased,
			en: []string{"Self-encrypting drive (TCG)", "Opal 2, ComID 07FEh", "before: locking enabled, unlocked; after: locking not enabled",
				"ending STUV; TCG methods: StartSession (PSID): SUCCESS; Revert: SUCCESS"},
			zh: []string{"自我加密磁碟 (TCG)", "執行前：已啟用鎖定，未鎖定；執行後：未啟用鎖定", "末四碼 STUV", "TCG PSID 還原"}},
		{name: "locked", enabled: true, locked: true, psid: label, status: wipe.StatusUnverified,
			en: []string{"before: locked; after: locking not enabled", "samples were locked before the command"},
			zh: []string{"執行前：已鎖定", "在指令前處於鎖定狀態而無法讀取"}},
		{name: "wrong PSID", enabled: true, locked: true, psid: "WRONG789ABCDEFGHIJKLMNOPQRSTUVXY", status: wipe.StatusFailed,
			en: []string{"StartSession (PSID): NOT_AUTHORIZED", "did not accept the PSID", "after: not read"},
			zh: []string{"磁碟不接受此 PSID", "NOT_AUTHORIZED"}},
	}
	c := testCertifier(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			m := simdrive.NewMedium(8<<20, 512, 7)
			sed := &simdrive.SED{Medium: m, PSID: label}
			sed.SetLocking(tc.enabled, tc.locked)
			n := &simdrive.NVMe{Medium: m, Serial: "NVME01", Model: "SIM SED", NSID: 1, SED: sed}
			d := devices.Device{Path: "/dev/nvme0n1", Name: "nvme0n1", Kind: devices.KindDisk, Transport: devices.TransportNVMe, Eligible: true}
			devices.ProbeNVMe(ctx, n, 1, &d)
			res, err := wipe.Resolve(d, "tcg-psid-revert", "")
			if err != nil {
				t.Fatal(err)
			}
			method := res.Method
			method.Class = res.Class
			e := firmware.New(firmware.OpenerFunc(func(wipe.Execution) (firmware.Drive, error) {
				return firmware.Drive{NVMe: n, NSID: 1, Medium: m}, nil
			}))
			e.PollInterval, e.Seed = time.Millisecond, 42
			p, err := tcg.ParsePSID(tc.psid)
			if err != nil {
				t.Fatal(err)
			}
			out, err := e.Execute(ctx, wipe.Execution{
				Job:    wipe.Job{Device: d, Method: method.ID, Options: wipe.Options{Verify: wipe.VerifySampling, PSID: p}},
				Method: method,
			})
			for _, lang := range []string{LangEnglish, LangTraditionalChinese} {
				rec := chineseRecord()
				rec.Details.Language = lang
				rec.Device = d
				rec.Sanitization = wipe.Sanitization{MethodID: method.ID, MethodName: method.Name, Technique: method.Technique, Class: method.Class}
				rec.Verification, rec.Exceptions, rec.Errors = wipe.Verification{Mode: "none"}, []msg.Message{}, []wipe.RangeError{}
				wipe.RecordOutcome(rec, out, err)
				if rec.Status != tc.status {
					t.Fatalf("status %s (%v), want %s", rec.Status, rec.Reason, tc.status)
				}
				doc, rerr := c.Render(rec)
				if rerr != nil {
					t.Fatal(rerr)
				}
				text := string(pdftotext(t, doc.PDF, "-raw"))
				flat := strings.Join(strings.Fields(text), " ")
				want := tc.en
				if lang == LangTraditionalChinese {
					want = tc.zh
					flat = strings.Join(strings.Fields(text), "")
				}
				for _, w := range want {
					if lang == LangTraditionalChinese {
						w = strings.Join(strings.Fields(w), "")
					}
					if !strings.Contains(flat, w) {
						t.Errorf("%s page lacks %q:\n%s", lang, w, text)
					}
				}
				if bytes.Contains(doc.PDF, []byte(tc.psid[:28])) || strings.Contains(text, tc.psid[:28]) {
					t.Errorf("%s: the PSID is in the PDF", lang)
				}
				if os.Getenv("SED_DUMP") != "" {
					t.Log(string(pdftotext(t, doc.PDF, "-layout")))
				}
				// An erased job fits one page; a report with a reason and exceptions
				// may take a second for them and the signatures.
				if pages, perr := pagesContent(doc.PDF); perr != nil || len(pages) > 2 || (tc.status == wipe.StatusErased && len(pages) != 1) {
					t.Errorf("%s: %d pages (%v)", lang, len(pages), perr)
				}
			}
		})
	}
}
