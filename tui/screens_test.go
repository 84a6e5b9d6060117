package tui

import (
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

// TestScreens renders every screen and state at 80x24 and compares it with its
// golden file (testdata/TestScreens/<case>.golden; -update rewrites them).
func TestScreens(t *testing.T) {
	desk := []devices.Device{systemDisk, stick, mounted, nvme}
	tests := []struct {
		name  string
		desk  []devices.Device
		steps func(h *harness)
	}{
		{name: "empty_bay"},
		{name: "mixed_devices", desk: desk},
		{name: "selection", desk: desk, steps: func(h *harness) {
			h.press("space", "down", "down", "space")
		}},
		{name: "ineligible_refused", desk: desk, steps: func(h *harness) {
			h.press("down", "space") // the system disk
		}},
		{name: "details", desk: desk, steps: func(h *harness) {
			h.press("enter")
		}},
		{name: "details_ineligible", desk: desk, steps: func(h *harness) {
			h.press("down", "down", "down", "i")
		}},
		{name: "method_single", desk: desk, steps: func(h *harness) {
			h.press("w")
		}},
		{name: "method_several", desk: desk, steps: func(h *harness) {
			h.press("a", "w")
		}},
		{name: "verification", desk: desk, steps: func(h *harness) {
			h.press("down", "down", "space", "w", "enter")
		}},
		{name: "job_details", desk: desk, steps: func(h *harness) {
			h.press("a", "w", "enter", "enter", "enter", "enter")
			h.typeText("ASSET-0042")
		}},
		{name: "confirmation", desk: desk, steps: func(h *harness) {
			h.press("a", "w", "enter", "enter")
			h.press("enter", "enter")
			h.typeText("ASSET-0042")
			h.press("enter")
			h.typeText("ASSET-0043")
			h.press("enter", "enter", "enter", "enter")
			h.typeText("ERASE")
		}},
		{name: "confirmation_wrong", desk: desk, steps: func(h *harness) {
			h.press("a", "w", "enter", "enter", "tab", "tab", "tab", "tab", "tab", "tab", "enter")
			h.typeText("ERASE 1")
			h.press("enter")
		}},
		{name: "progress", desk: desk, steps: func(h *harness) {
			startBoth(h)
			h.event(progressEvent(stick.Path, "job-2", 1, 2, 8e9, 32017047552))
			h.event(wipe.Event{Type: wipe.EventPhase, JobID: "job-1", Device: nvme.Path, Progress: &wipe.Progress{Phase: wipe.PhaseCommand, Pass: 1, Passes: 1}})
		}},
		{name: "hotplug_add", desk: desk, steps: func(h *harness) {
			h.plug(card)
		}},
		{name: "hotplug_remove", desk: desk, steps: func(h *harness) {
			h.unplug(stick.Path)
		}},
		{name: "pulled_during_job", desk: desk, steps: func(h *harness) {
			startBoth(h)
			h.event(progressEvent(stick.Path, "job-2", 1, 2, 8e9, 32017047552))
			h.unplug(stick.Path)
			h.event(resultEvent(stick, "job-2", wipe.StatusFailed, "device removed during write pass 1 at 8.0 GB"))
			h.event(progressEvent(nvme.Path, "job-1", 1, 1, 5e8, 1000204886016))
		}},
		{name: "finished", desk: desk, steps: func(h *harness) {
			startBoth(h)
			h.event(resultEvent(stick, "job-2", wipe.StatusErased, ""))
			h.event(resultEvent(nvme, "job-1", wipe.StatusErased, ""))
		}},
		{name: "failed", desk: desk, steps: func(h *harness) {
			startBoth(h)
			h.event(resultEvent(stick, "job-2", wipe.StatusErased, ""))
			h.event(resultEvent(nvme, "job-1", wipe.StatusFailed, "verification found 12 mismatching blocks"))
		}},
		{name: "certificate_not_issued", desk: desk, steps: func(h *harness) {
			startBoth(h)
			ev := resultEvent(stick, "job-2", wipe.StatusErased, "")
			ev.CertificatePath, ev.Err = "", "certificate: no font for zh-TW"
			h.event(ev)
		}},
		{name: "bay_after_jobs", desk: desk, steps: func(h *harness) {
			startBoth(h)
			h.event(progressEvent(stick.Path, "job-2", 2, 2, 16e9, 32017047552))
			h.press("d")
		}},
		{name: "bay_after_results", desk: desk, steps: func(h *harness) {
			startBoth(h)
			h.event(resultEvent(stick, "job-2", wipe.StatusErased, ""))
			h.event(resultEvent(nvme, "job-1", wipe.StatusFailed, "verification failed"))
			h.press("d")
		}},
		{name: "bay_mode_confirm", desk: desk, steps: func(h *harness) {
			h.press("b", "enter", "enter", "enter", "enter", "enter", "enter", "enter")
			h.typeText("AUTO")
		}},
		{name: "bay_mode_on", desk: desk, steps: func(h *harness) {
			armBayMode(h)
			h.plug(usbDisk)
			h.plug(card)
		}},
		{name: "destroy_form", desk: []devices.Device{disc, stick}, steps: func(h *harness) {
			h.press("down", "D", "right", "enter")
			h.typeText("2 mm")
			h.press("enter")
			h.typeText("Lin Chia-Hao")
		}},
		{name: "destroy_confirm", desk: []devices.Device{disc, stick}, steps: func(h *harness) {
			h.press("down", "D", "enter", "enter", "enter", "enter")
			h.typeText("AT-0099")
			h.press("enter")
			h.typeText("DESTR")
		}},
		{name: "destroyed", desk: []devices.Device{disc, stick}, steps: func(h *harness) {
			h.press("down", "D", "enter", "enter", "enter", "enter", "enter")
			h.typeText("DESTROYED")
			h.press("enter")
		}},
		{name: "phone_attestation", desk: []devices.Device{phone}, steps: func(h *harness) {
			h.press("w", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter")
		}},
		{name: "phone_confirm", desk: []devices.Device{phone}, steps: func(h *harness) {
			h.press("w", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter")
			h.typeText("I performed the factory reset on this phone")
			h.press("enter")
		}},
		{name: "quit_dialog", desk: desk, steps: func(h *harness) {
			startBoth(h)
			h.press("q")
		}},
		{name: "quitting", desk: desk, steps: func(h *harness) {
			startBoth(h)
			h.press("q", "y")
		}},
		{name: "log", desk: desk, steps: func(h *harness) {
			startBoth(h)
			h.event(resultEvent(stick, "job-2", wipe.StatusErased, ""))
			h.press("l")
		}},
		{name: "help", desk: desk, steps: func(h *harness) {
			h.press("?")
		}},

		// The bay at a glance (issue 16), with Chinese text.
		{name: "glance_progress", desk: zhDesk, steps: func(h *harness) {
			startBoth(h)
			h.event(gutmannProgress(zhStick.Path, "job-2"))
			h.event(overallEvent(stick.Path, "job-1", wipe.PhaseVerify, 2, 2, 3, 30e9, 32017047552))
		}},
		{name: "glance_progress_bay", desk: zhDesk, steps: func(h *harness) {
			startBoth(h)
			h.event(gutmannProgress(zhStick.Path, "job-2"))
			h.press("d")
		}},
		{name: "glance_results", desk: []devices.Device{noSerial1, noSerial2, zhStick}, steps: func(h *harness) {
			finishThree(h, zhStick, noSerial1, noSerial2)
		}},
		{name: "glance_results_bay", desk: []devices.Device{noSerial1, noSerial2, zhStick}, steps: func(h *harness) {
			finishThree(h, zhStick, noSerial1, noSerial2)
			h.press("d")
		}},
		{name: "glance_result_screen", desk: zhDesk, steps: func(h *harness) {
			startBoth(h)
			ev := resultEvent(zhStick, "job-2", wipe.StatusFailed, zhReason)
			ev.Result.Details.Operator.Name, ev.Result.Details.Source, ev.Result.Details.AssetTag = "陳𡘙明", "台北市立圖書館𡘙分館", "資產-𡘙01"
			h.event(ev)
			h.press("down", "enter")
		}},
		{name: "glance_bay", desk: []devices.Device{phone, systemVda, zhStick, loop}},
		{name: "glance_details", desk: zhDesk, steps: func(h *harness) {
			h.press("down", "i")
		}},
		{name: "glance_job_details_choice", desk: zhDesk, steps: func(h *harness) {
			h.press("a", "w", "enter", "enter")
			h.press("ctrl+u")
			h.typeText("陳𡘙明")
			for h.m.wizard.fields[h.m.wizard.field].key != fieldDestination {
				h.press("tab")
			}
			h.typeText("ERASE 2")
		}},
		{name: "glance_confirmation", desk: zhDesk, steps: func(h *harness) {
			h.press("a", "w", "enter", "down", "right", "enter")
			h.press("ctrl+u")
			h.typeText("陳𡘙明")
			h.press("enter", "enter")
			h.typeText("資產-𡘙01")
			h.press("enter")
			h.typeText("A-2")
			h.press("enter")
			h.typeText("台北市立圖書館𡘙分館")
			h.press("enter")
			h.typeText("機密")
			h.press("enter", "right", "enter")
			h.typeText("ERASE")
		}},
		{name: "glance_carried_over", desk: zhDesk, steps: func(h *harness) {
			jobThenNext(h, "台北市立圖書館𡘙分館")
			for range len(h.m.wizard.fields) - 1 {
				h.press("tab")
			}
			h.press("enter")
		}},
		{name: "glance_quit_bay_mode", desk: zhDesk, steps: func(h *harness) {
			armBayMode(h)
			h.press("q")
		}},
		{name: "glance_log", desk: zhDesk, steps: func(h *harness) {
			startBoth(h)
			gutmannPasses(h, zhStick, "job-2")
			h.press("l")
		}},
		{name: "glance_log_verbose", desk: zhDesk, steps: func(h *harness) {
			startBoth(h)
			gutmannPasses(h, zhStick, "job-2")
			h.press("l", "v")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.desk...)
			if tt.steps != nil {
				tt.steps(h)
			}
			h.golden()
		})
	}
}

// zhDesk is a desk with Chinese text and a plain stick.
var zhDesk = []devices.Device{zhStick, stick}

// zhReason is a failure's reason longer than a line, in Chinese.
const zhReason = "驗證發現 12 個區塊不符（位移 4096、8192 與 1048576），裝置可能重新對應了它回報已寫入的磁區，所以這個媒體沒有清除"

// startBoth starts the stick and the NVMe drive with their recommended methods.
func startBoth(h *harness) {
	h.t.Helper()
	h.press("a", "w", "enter", "enter")
	h.press("enter", "enter", "enter", "enter", "enter", "enter", "enter")
	h.typeText("ERASE 2")
	h.press("enter")
	if n := len(h.runner.jobs()); n != 2 {
		h.t.Fatalf("started %d jobs, want 2", n)
	}
}

// armBayMode turns bay mode on with each device's recommended method.
func armBayMode(h *harness) {
	h.t.Helper()
	h.press("b", "enter", "enter", "enter", "enter", "enter", "enter", "enter")
	h.typeText(bayModePhrase)
	h.press("enter")
	if h.m.bayPlan == nil {
		h.t.Fatalf("bay mode is not on:\n%s", h.screen())
	}
}
