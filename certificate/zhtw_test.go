package certificate

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/ata"
	"github.com/wipestation/wipestation/devices/simdrive"
	"github.com/wipestation/wipestation/wipe"
	"github.com/wipestation/wipestation/wipe/firmware"
	"github.com/wipestation/wipestation/wipe/optical"
	"github.com/wipestation/wipestation/wipe/phonereset"
)

// TestZHMethodNamesComplete: every method a record can name has a Chinese name,
// and the table names no method that does not exist. It fails when a method is
// added to the catalogue (or a destroy --how) without its zh-TW name.
func TestZHMethodNamesComplete(t *testing.T) {
	want := map[string]bool{}
	for _, id := range wipe.MethodIDs() {
		want[id] = true
	}
	for _, how := range DestroyHows() {
		want["destroy-"+how] = true
	}
	for id := range want {
		t.Run(id, func(t *testing.T) {
			name := zhMethodNames[id]
			if !strings.ContainsFunc(name, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("method %s has no Traditional Chinese name in zhMethodNames (got %q)", id, name)
			}
		})
	}
	for id := range zhMethodNames {
		if !want[id] {
			t.Errorf("zhMethodNames names %q, which is no method ID", id)
		}
	}
}

func TestMethodName(t *testing.T) {
	zh, en := traditionalChinese(), english()
	tests := []struct {
		name         string
		l            *labels
		id, recorded string
		want         string
	}{
		{"zh catalogue name", zh, "nist-clear", "NIST 800-88 Clear", "NIST 800-88 清除：亂數覆寫並全面讀回驗證 (nist-clear)"},
		{"zh destroy", zh, "destroy-shred", "Physical destruction: shred", "實體銷毀：切碎 (destroy-shred)"},
		{"zh name not the catalogue's is kept", zh, "zero", "Single pass of zeros", "單次零值覆寫 (zero; Single pass of zeros)"},
		{"zh unknown ID as recorded", zh, "nist-clear-2pass", "Two-pass overwrite", "Two-pass overwrite (nist-clear-2pass)"},
		{"zh no ID", zh, "", "Something", "Something"},
		{"en as recorded", en, "nist-clear", "NIST 800-88 Clear", "NIST 800-88 Clear (nist-clear)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.l.methodName(tt.id, tt.recorded); got != tt.want {
				t.Errorf("methodName(%q, %q) = %q, want %q", tt.id, tt.recorded, got, tt.want)
			}
		})
	}
}

// zhCases are sentences as the record's writers produce them, with their
// expected rendering.
var zhCases = []struct{ name, en, zh string }{
	{"random pass", "pass 1/3: random (AES-128-CTR stream)", "第 1/3 遍：亂數（AES-128-CTR 串流）"},
	{"pattern pass", "pass 2/3: 0x92 0x49 0x24", "第 2/3 遍：0x92 0x49 0x24"},
	{"I/O", "I/O: whole device from byte 0 to 67108864, 4 MiB requests, fdatasync after every pass and every GiB",
		"I/O：整個裝置，自位元組 0 至 67108864，每次請求 4 MiB，每遍結束及每 GiB 執行 fdatasync"},
	{"verification with a note", "read the whole medium back after the last pass and compared it byte for byte with that pass regenerated from its pattern or key; read back with O_DIRECT (page cache bypassed)",
		"最後一遍寫入後讀回整個媒體，並與依樣式或金鑰重新產生的該遍資料逐位元組比對；以 O_DIRECT 讀回（繞過頁面快取）"},
	{"known part and unknown part", "read back with O_DIRECT; something new the engine says",
		"以 O_DIRECT 讀回；something new the engine says"},
	{"unknown sentence", "a sentence nobody translated", "a sentence nobody translated"},
	{"NVMe command verbatim", "NVMe Sanitize (84h) SANACT=4 (crypto erase) AUSE=0 NDAS=0, CDW10=00000004h",
		"裝置指令：NVMe Sanitize (84h) SANACT=4 (crypto erase) AUSE=0 NDAS=0, CDW10=00000004h"},
	{"ATA command verbatim", `ATA SECURITY SET PASSWORD (F1h), PIO-out, via SCSI ATA PASS-THROUGH(16): user password "wipestation", security level High`,
		`裝置指令：ATA SECURITY SET PASSWORD (F1h), PIO-out, via SCSI ATA PASS-THROUGH(16): user password "wipestation", security level High`},
	{"SCSI command verbatim", "SCSI SANITIZE (48h) service action 03h cryptographic erase, IMMED=1 AUSE=0, CDB 48 03 00 00 00 00 00 00 00 00",
		"裝置指令：SCSI SANITIZE (48h) service action 03h cryptographic erase, IMMED=1 AUSE=0, CDB 48 03 00 00 00 00 00 00 00 00"},
	{"ATA poll", `SANITIZE STATUS EXT (B4h, FEATURE 0000h) polled 7 time(s) until "sanitize operation completed without error"`,
		"狀態輪詢：SANITIZE STATUS EXT (B4h, FEATURE 0000h)，共 7 次，直到回報「sanitize operation completed without error」（作業完成且無錯誤）"},
	{"destroyed with particle size", "Shredded to a particle size of 2 mm.", "已切碎，粒徑 2 mm。"},
	{"degaussed", "Degaussed.", "已消磁。"},
	{"witness", "Visual inspection of the remains, witnessed by 林美華", "目視檢查殘骸，見證人：林美華"},
	{"range exception", "pass 1 write error at bytes 1048576-1114111 (65536 bytes): input/output error",
		"第 1 遍寫入錯誤，位元組 1048576-1114111（65536 位元組）：輸入/輸出錯誤 (input/output error)"},
	{"hidden area not covered", "hidden area NOT covered: the host can address 1000 of 2000 native sectors (HPA); the overwrite stopped at the accessible maximum: run again with --restore-hidden to restore the native capacity (HPA) first",
		"隱藏區未涵蓋：主機僅能定址 2000 個原生磁區中的 1000 個（HPA）；覆寫止於可存取上限：請加上 --restore-hidden 重新執行，先恢復原生容量 (HPA)"},
	{"fallback", "purge requested, but /dev/sdc cannot be purged (no Purge method applies; available: nist-usb (Clear)); downgraded to Clear with nist-usb as asked by --fallback clear",
		"要求清洗 (Purge)，但 /dev/sdc 無法清洗（沒有適用的 Purge 方法；可用方法：nist-usb (Clear)）；依 --fallback clear 降級為清除 (Clear)，改用 nist-usb"},
	{"aborted", "cancelled; 1 of 3 passes written; the medium is not erased", "已取消；已寫入 3 遍中的 1 遍；媒體未清除"},
	{"IsErasure", "the record says erased but verification did not confirm it", "紀錄標示已清除，但驗證未能確認"},
	{"refusal", "refused /dev/sdb: mounted at /data", "安全檢查拒絕 /dev/sdb：mounted at /data"},
	{"phone step", "Step 2: Settings > Accounts: remove every Google account, or Factory Reset Protection will lock the next user out.",
		"步驟 2：設定 > 帳戶：移除所有 Google 帳戶，否則原廠重設保護 (FRP) 會鎖住下一位使用者。"},
	{"unknown phone step", "Step 7: something new", "步驟 7：something new"},
	{"optical disc", `Disc: DVD+RW (profile 0x001a), 2295104 blocks of 2048 bytes readable before, volume label "BACKUP_2019".`,
		`光碟：DVD+RW (profile 0x001a)，作業前可讀 2295104 個 2048 位元組區塊，磁碟區標籤 "BACKUP_2019"。`},
	{"optical format", "FORMAT UNIT (04h) format type 26h, IMMED, progress polled until the drive was ready; a re-format alone leaves old data readable, so every block was then overwritten.",
		"裝置指令：FORMAT UNIT (04h) format type 26h, IMMED；輪詢進度直到光碟機就緒；僅重新格式化仍可讀出舊資料，因此其後覆寫了每個區塊。"},
	{"optical write", "WRITE(10) of zeros to all 2295104 blocks (4700372992 bytes), then SYNCHRONIZE CACHE.",
		"裝置指令：WRITE(10) 將全部 2295104 個區塊（4700372992 位元組）寫入零值，接著 SYNCHRONIZE CACHE。"},
	{"phone encrypted", "Android factory reset on a phone known to be encrypted before the reset: the reset destroys the storage keys (cryptographic erase).",
		"Android 手機原廠重設，重設前已知手機已加密：重設會銷毀儲存金鑰（加密抹除）。"},
	{"phone observations", "the phone was watched over USB (sysfs, ADB, MTP); observations: the phone left the USB bus and came back with the same USB serial (now 1-2); ADB is off after the restart",
		"經由 USB 監看手機（sysfs、ADB、MTP）；觀察結果：手機離開 USB 匯流排後以相同 USB 序號重新出現（現為 1-2）；重新啟動後 ADB 已關閉"},
	{"phone evidence", "Not evidence of a reset (setup-state): ADB is off after the restart; a factory reset turns USB debugging off, and so can the user; the setup state cannot be read.",
		"不足以證明重設（setup-state）：重新啟動後 ADB 已關閉；原廠重設會關閉 USB 偵錯，使用者亦可自行關閉；無法讀取設定狀態。"},
	{"phone not verified", "the factory reset is not verified: evidence against it: the phone's storage still lists 3 files over MTP",
		"原廠重設未獲驗證，有反證：經由 MTP 仍列出手機儲存空間中有 3 個檔案"},
	{"MTP storage", `Storage "Internal shared storage" (0x00010001): reported 1000 bytes free of 5000 before deleting and 4000 after; filled 3990 bytes in 2 files; reached the reported capacity.`,
		`儲存空間 "Internal shared storage" (0x00010001)：刪除前回報可用 1000／5000 位元組，刪除後 4000；以 2 個檔案填充 3990 位元組；已達手機回報的容量。`},
	{"sampling", "NIST SP 800-88 Rev. 1 4.7 sampling: 1000 subsections, 2 pseudorandom non-overlapping samples in each (seed 000000000000002a) plus the first and last LBA, 2002 samples, 1044480 of 8388608 bytes (12.5%), read (O_DIRECT) before the command (SHA-256 per sample) and again after it; every sample must read as 00h or FFh throughout, and no sample may still hold its data from before; found: 00h in 2000 samples FFh in 2 samples",
		"NIST SP 800-88 Rev. 1 4.7：1000 區 × 各 2 個不重疊偽隨機樣本（種子 000000000000002a）＋首末 LBA，共 2002 個樣本，讀取 1044480／8388608 位元組（12.5%）；指令前（逐樣本 SHA-256）與指令後各以 O_DIRECT 讀取；每個樣本須整段讀出為 00h 或 FFh，且不得仍保有指令前的資料；讀回發現：00h 共 2000 個樣本、FFh 共 2 個樣本"},
	{"firmware refusal", "nvme-sanitize-block refused: the controller does not support Sanitize Block Erase (SANICAP bit 1 clear)",
		"nvme-sanitize-block 遭拒：控制器不支援 Sanitize Block Erase（SANICAP bit 1 clear）"},
}

func TestZHTranslate(t *testing.T) {
	for _, tt := range zhCases {
		t.Run(tt.name, func(t *testing.T) {
			if got := zhTranslate(tt.en); got != tt.zh {
				t.Errorf("zhTranslate(%q)\n = %q\nwant %q", tt.en, got, tt.zh)
			}
		})
	}
}

// factToken finds the parts of a sentence that are facts: numbers, hex values,
// quoted strings, paths, flags and the technical names in capitals.
var factToken = regexp.MustCompile(`"[^"]*"|[-/]?[0-9A-Fa-f]*[0-9][0-9A-Fa-fx.,:=/-]*|--[a-z-]+|/[^\s;:,()]+|\b[A-Z][A-Z0-9_]{2,}\b`)

// TestZHTranslateKeepsFacts: every number, hex value, quoted string, path, flag
// and acronym of a sentence is on the rendered line too (Chinese word order may
// put them elsewhere; "x of y" becomes "y 中的 x").
func TestZHTranslateKeepsFacts(t *testing.T) {
	notFacts := map[string]bool{"NOT": true}
	for _, tt := range zhCases {
		t.Run(tt.name, func(t *testing.T) {
			got := zhTranslate(tt.en)
			rest := got
			for _, f := range factToken.FindAllString(tt.en, -1) {
				f = strings.Trim(f, `.,:"`)
				if f == "" || notFacts[f] {
					continue
				}
				i := strings.Index(rest, f)
				if i < 0 {
					t.Errorf("%q lost %q", got, f)
					continue
				}
				rest = rest[:i] + rest[i+len(f):] // each occurrence counts once
			}
		})
	}
}

// TestSplitKeepsEveryCharacter: wrapping Chinese text loses no character, and
// text without Chinese wraps exactly as fpdf's SplitText wraps it.
func TestSplitKeepsEveryCharacter(t *testing.T) {
	fonts := testFonts(t)
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("body", "", fonts.regular)
	pdf.SetFont("body", "", 8.8)
	p := &page{pdf: pdf, fonts: fonts}
	tests := []struct {
		name string
		text string
		w    float64
	}{
		{"chinese", strings.Repeat("亂數遍金鑰串流每遍以產生新的金鑰與計數器僅於作業期間保存在記憶體中", 4), 60},
		{"chinese and latin", strings.Repeat("讀取 8200192／1000204886016 位元組（0.0%）；指令前與指令後各以 O_DIRECT 讀取；", 3), 70},
		{"one long word", strings.Repeat("5eed0123456789ab", 12), 40},
		{"english", strings.Repeat("read the whole medium back after the last pass and compared it byte for byte; ", 3), 90},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := p.split(tt.text, tt.w)
			if len(lines) < 2 {
				t.Fatalf("%d lines, want the text wrapped", len(lines))
			}
			for _, l := range lines {
				if w := pdf.GetStringWidth(l) + 2*pdf.GetCellMargin(); w > tt.w+0.01 && len([]rune(l)) > 1 {
					t.Errorf("line %q is %.1f mm wide, want at most %.1f", l, w, tt.w)
				}
			}
			squashed := func(s string) string { return strings.Join(strings.Fields(s), "") }
			if got := squashed(strings.Join(lines, "")); got != squashed(tt.text) {
				t.Errorf("wrapped text lost characters:\n got %q\nwant %q", got, squashed(tt.text))
			}
			if !strings.ContainsFunc(tt.text, isCJK) {
				if want := pdf.SplitText(tt.text, tt.w); strings.Join(want, "\n") != strings.Join(lines, "\n") {
					t.Errorf("split = %q, SplitText = %q", lines, want)
				}
			}
		})
	}
}

// englishProse finds three English words in a row: a sentence left untranslated.
var englishProse = regexp.MustCompile(`[A-Za-z]{2,} [a-z]{2,} [a-z]{2,}`)

// verbatim is what stays English on purpose: a status quoted from a standard
// (「...」) and the error text a drive or the kernel returned (after 失敗：).
var verbatim = regexp.MustCompile(`「[^」]*」|失敗：.*$`)

// untranslated returns the first run of English prose left in a rendered line.
func untranslated(rendered string) string {
	return englishProse.FindString(verbatim.ReplaceAllString(rendered, ""))
}

// TestZHRealJobs runs real jobs on image files and checks that the zh-TW page
// renders every detail, verification method, exception and reason the engine
// wrote, so that a sentence changed in wipe without its rendering shows here.
func TestZHRealJobs(t *testing.T) {
	tests := []struct {
		name   string
		method string
		opts   wipe.Options
		fill   byte
		status wipe.Status
	}{
		{"zero, last pass verified", "zero", wipe.Options{Verify: wipe.VerifyLast}, 0xA5, wipe.StatusErased},
		{"random, every pass verified, two rounds and a blank", "random", wipe.Options{Verify: wipe.VerifyAll, Rounds: 2, Blank: true}, 0xA5, wipe.StatusErased},
		{"dod-3pass", "dod-3pass", wipe.Options{}, 0xA5, wipe.StatusErased},
		{"not verified", "one", wipe.Options{Verify: wipe.VerifyOff}, 0xA5, wipe.StatusUnverified},
		{"method that needs verification with --verify off", "nist-clear", wipe.Options{Verify: wipe.VerifyOff}, 0xA5, wipe.StatusRefused},
		{"read-only check that finds data", "verify-zero", wipe.Options{}, 0xFF, wipe.StatusFailed},
		{"purge of an image file", "purge", wipe.Options{}, 0xA5, wipe.StatusRefused},
		{"purge with fallback to clear", "purge", wipe.Options{Fallback: wipe.AliasClear}, 0xA5, wipe.StatusErased},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := runImageJob(t, tt.method, tt.opts, tt.fill)
			if rec.Status != tt.status {
				t.Fatalf("status %s (%s), want %s", rec.Status, rec.Reason, tt.status)
			}
			l := traditionalChinese()
			var sentences []string
			sentences = append(sentences, rec.Sanitization.Details...)
			sentences = append(sentences, rec.Exceptions...)
			sentences = append(sentences, rec.Verification.Method, rec.Sanitization.Fallback)
			_, whyNot := IsErasure(rec)
			sentences = append(sentences, whyNot)
			for _, s := range sentences {
				if s == "" {
					continue
				}
				got := l.translate(s)
				if m := untranslated(got); m != "" {
					t.Errorf("English left on the zh-TW page (%q):\n  recorded: %s\n  rendered: %s", m, s, got)
				}
			}
			if rec.Sanitization.MethodID != "" {
				if _, ok := zhMethodNames[rec.Sanitization.MethodID]; !ok {
					t.Errorf("no Chinese name for %s", rec.Sanitization.MethodID)
				}
			}
			// And the page draws, verifies, and stays on one page.
			c := testCertifier(t)
			doc, err := c.Render(rec)
			if err != nil {
				t.Fatal(err)
			}
			v := &Verifier{Trusted: []string{c.Key.Fingerprint()}, Fonts: c.Fonts}
			if _, err := v.Verify(doc.PDF); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			pages, err := pagesContent(doc.PDF)
			if err != nil {
				t.Fatal(err)
			}
			if len(pages) != 1 {
				t.Errorf("%d pages, want 1", len(pages))
			}
		})
	}
}

// runImageJob runs method on a 1 MiB image file full of fill and returns the record.
func runImageJob(t *testing.T, method string, opts wipe.Options, fill byte) *wipe.Record {
	t.Helper()
	// A short folder: the path is printed in the fallback's sentence.
	dir, err := os.MkdirTemp("", "zh")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "disk.img")
	if err := os.WriteFile(path, bytes.Repeat([]byte{fill}, 1<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	r := wipe.NewRunner(wipe.RunnerConfig{RecordsDir: filepath.Join(dir, "records"), ToolVersion: "test", Host: "desk-01"})
	opts.AllowFile = true
	d := devices.Device{Path: path, Name: "disk.img", Kind: devices.KindDisk, Transport: devices.TransportFile,
		Serial: "IMG-1", SizeBytes: 1 << 20, LogicalSectorBytes: 512, PhysicalSectorBytes: 512, Virtual: true, Eligible: true}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := r.Start(ctx, wipe.Job{Device: d, Method: method, Options: opts,
		Details: wipe.JobDetails{Operator: wipe.Person{Name: "王小明"}, Language: LangTraditionalChinese}}); err != nil {
		t.Fatal(err)
	}
	for {
		select {
		case ev := <-r.Events():
			if ev.Type == wipe.EventResult {
				r.Wait()
				return ev.Result
			}
		case <-ctx.Done():
			t.Fatal("the job did not finish")
		}
	}
}

// TestZHFirmwareJobs runs the firmware executor against simulated drives (the
// production probe and command code; only the drive's answers are simulated) and
// checks that the zh-TW page renders every sentence it writes.
func TestZHFirmwareJobs(t *testing.T) {
	ataDrive := func(m *simdrive.Medium) *simdrive.ATA {
		return &simdrive.ATA{Medium: m, Model: "SIM SSD", Serial: "ATA123", Firmware: "1.0",
			SecuritySupported: true, EnhancedSupported: true, NormalMinutes: 2, EnhMinutes: 4,
			SanitizeCrypto: true, SanitizeBlock: true, SanitizeOverwrite: true, NonRotating: true,
			Behavior: simdrive.Behavior{Polls: 2}}
	}
	nvmeDrive := func(m *simdrive.Medium) *simdrive.NVMe {
		return &simdrive.NVMe{Medium: m, Serial: "NVME01", Model: "SIM NVMe", Firmware: "2.0", NSID: 1,
			FormatSupported: true, CryptoFormat: true, SanitizeCrypto: true, SanitizeBlock: true, SanitizeOverwrite: true,
			DeallocReads: 1, Behavior: simdrive.Behavior{Polls: 2}}
	}
	scsiDrive := func(m *simdrive.Medium) *simdrive.SCSI {
		return &simdrive.SCSI{Medium: m, Vendor: "SIM", Product: "SAS SSD", Serial: "SCSI01",
			SanitizeCrypto: true, SanitizeBlock: true, SanitizeOverwrite: true, Behavior: simdrive.Behavior{Polls: 2}}
	}
	tests := []struct {
		name   string
		method string
		ata    func(*simdrive.ATA)
		nvme   func(*simdrive.NVMe)
		scsi   func(*simdrive.SCSI)
		verify wipe.VerifyMode
		sector int // the medium's logical block length; 0: 512
	}{
		{name: "ATA secure erase", method: "ata-secure-erase", ata: func(*simdrive.ATA) {}},
		{name: "ATA enhanced erase, full verification", method: "ata-secure-erase-enhanced", ata: func(*simdrive.ATA) {}, verify: wipe.VerifyFull},
		{name: "ATA sanitize crypto", method: "ata-sanitize-crypto", ata: func(*simdrive.ATA) {}},
		{name: "ATA sanitize block", method: "ata-sanitize-block", ata: func(*simdrive.ATA) {}},
		{name: "ATA sanitize overwrite", method: "ata-sanitize-overwrite", ata: func(*simdrive.ATA) {}},
		{name: "ATA erase prepare fails", method: "ata-secure-erase", ata: func(d *simdrive.ATA) { d.FailOpcode = ata.OpSecurityErasePrep }},
		{name: "ATA frozen", method: "ata-secure-erase", ata: func(d *simdrive.ATA) { d.Frozen = true }},
		{name: "ATA enhanced unsupported", method: "ata-secure-erase-enhanced", ata: func(d *simdrive.ATA) { d.EnhancedSupported = false }},
		{name: "NVMe format", method: "nvme-format", nvme: func(*simdrive.NVMe) {}},
		{name: "NVMe format crypto", method: "nvme-format-crypto", nvme: func(*simdrive.NVMe) {}},
		{name: "NVMe sanitize crypto", method: "nvme-sanitize-crypto", nvme: func(*simdrive.NVMe) {}},
		{name: "NVMe sanitize block", method: "nvme-sanitize-block", nvme: func(*simdrive.NVMe) {}},
		{name: "NVMe sanitize overwrite", method: "nvme-sanitize-overwrite", nvme: func(*simdrive.NVMe) {}},
		{name: "NVMe sanitize that leaves the data", method: "nvme-sanitize-crypto", nvme: func(d *simdrive.NVMe) { d.Behavior.Lie = true }},
		{name: "NVMe sanitize unsupported", method: "nvme-sanitize-block", nvme: func(d *simdrive.NVMe) { d.SanitizeBlock = false }},
		{name: "NVMe with another namespace", method: "nvme-sanitize-crypto", nvme: func(d *simdrive.NVMe) { d.OtherNamespaces = []uint32{2} }},
		{name: "SCSI sanitize crypto", method: "scsi-sanitize-crypto", scsi: func(*simdrive.SCSI) {}},
		{name: "SCSI sanitize block", method: "scsi-sanitize-block", scsi: func(*simdrive.SCSI) {}},
		{name: "SCSI sanitize overwrite", method: "scsi-sanitize-overwrite", scsi: func(*simdrive.SCSI) {}},
		{name: "SCSI format unit, 520 to 512", method: "scsi-format-unit", sector: 520,
			scsi: func(d *simdrive.SCSI) { d.Format = simdrive.ScsiFormat{Supported: true, ProtectionType: 2} }},
		{name: "SCSI format unit, full read-back", method: "scsi-format-unit", sector: 528, verify: wipe.VerifyFull,
			scsi: func(d *simdrive.SCSI) { d.Format = simdrive.ScsiFormat{Supported: true} }},
		{name: "SCSI format unit without SI, fails midway", method: "scsi-format-unit", sector: 520, scsi: func(d *simdrive.SCSI) {
			d.Format = simdrive.ScsiFormat{Supported: true, NoSecurityInitialize: true}
			d.Behavior.FailMidway = true
		}},
		{name: "SCSI format unit that does not write", method: "scsi-format-unit", sector: 520, scsi: func(d *simdrive.SCSI) {
			d.Format = simdrive.ScsiFormat{Supported: true}
			d.Behavior.Lie = true
		}},
		{name: "SCSI format unit, block length refused", method: "scsi-format-unit", sector: 520,
			scsi: func(d *simdrive.SCSI) { d.Format = simdrive.ScsiFormat{Supported: true, BlockLengths: []uint32{520}} }},
		{name: "SCSI format unit unsupported", method: "scsi-format-unit", sector: 520, scsi: func(*simdrive.SCSI) {}},
	}
	l := traditionalChinese()
	c := testCertifier(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			sector := max(tt.sector, 512)
			m := simdrive.NewMedium(8<<20/int64(sector)*int64(sector), sector, 7)
			d := devices.Device{Path: "/dev/sim", Kind: devices.KindDisk}
			var drv firmware.Drive
			switch {
			case tt.ata != nil:
				a := ataDrive(m)
				tt.ata(a)
				d.Transport = devices.TransportSATA
				devices.ProbeSCSI(ctx, a, &d)
				drv.SCSI = a
			case tt.nvme != nil:
				n := nvmeDrive(m)
				tt.nvme(n)
				d.Transport = devices.TransportNVMe
				devices.ProbeNVMe(ctx, n, 1, &d)
				drv.NVMe, drv.NSID = n, 1
			default:
				s := scsiDrive(m)
				tt.scsi(s)
				d.Transport = devices.TransportSAS
				devices.ProbeSCSI(ctx, s, &d)
				drv.SCSI = s
			}
			drv.Medium = m
			e := firmware.New(firmware.OpenerFunc(func(wipe.Execution) (firmware.Drive, error) { return drv, nil }))
			e.PollInterval = time.Millisecond
			e.Seed = 42
			res, err := wipe.Resolve(d, tt.method, "")
			if err != nil {
				t.Fatal(err)
			}
			method := res.Method
			method.Class = res.Class
			out, err := e.Execute(ctx, wipe.Execution{
				Job:    wipe.Job{Device: d, Method: tt.method, Options: wipe.Options{Verify: tt.verify}},
				Method: method,
			})
			var refusal *devices.RefusalError
			if err != nil && !errors.As(err, &refusal) {
				t.Fatalf("Execute: %v", err)
			}
			var sentences []string
			sentences = append(sentences, out.Sanitization.Details...)
			sentences = append(sentences, out.Exceptions...)
			sentences = append(sentences, out.Verification.Method, out.Reason)
			if refusal != nil {
				sentences = append(sentences, refusal.Reason)
			}
			for _, s := range sentences {
				if s == "" {
					continue
				}
				got := l.translate(s)
				if strings.HasPrefix(got, "裝置指令：") {
					continue // a command, verbatim on purpose
				}
				if m := untranslated(got); m != "" {
					t.Errorf("English left on the zh-TW page (%q):\n  recorded: %s\n  rendered: %s", m, s, got)
				}
			}
			// The job's page, as the Runner would file it, fits one page.
			rec := chineseRecord()
			rec.CertificateID = "WS-20261126-F1RMWARE"
			rec.Device = d
			rec.Sanitization = wipe.Sanitization{MethodID: method.ID, MethodName: method.Name, Technique: method.Technique, Class: method.Class}
			rec.Verification, rec.Exceptions, rec.Errors = wipe.Verification{Mode: "none"}, []string{}, []wipe.RangeError{}
			wipe.RecordOutcome(rec, out, err)
			rec.BytesWritten = out.BytesWritten
			doc, err := c.Render(rec)
			if err != nil {
				t.Fatal(err)
			}
			if os.Getenv("ZH_DUMP") != "" {
				os.WriteFile(filepath.Join(os.Getenv("ZH_DUMP"), strings.ReplaceAll(tt.name, " ", "_")+".pdf"), doc.PDF, 0o644)
			}
			if pages, err := pagesContent(doc.PDF); err != nil || len(pages) != 1 {
				t.Errorf("%d pages (%v), want 1", len(pages), err)
			}
		})
	}
}

// TestZHEngineConstants: the fixed sentences other packages export and put into
// records have a rendering (a change to one of them shows here).
func TestZHEngineConstants(t *testing.T) {
	sentences := []string{optical.NotSanitization, devices.FrozenWayOut}
	sentences = append(sentences, phonereset.Steps(devices.Device{Transport: devices.TransportApple})...)
	sentences = append(sentences, phonereset.Steps(devices.Device{Transport: devices.TransportUSB})...)
	for _, s := range sentences {
		if got := zhTranslate(s); got == s || untranslated(got) != "" {
			t.Errorf("no zh-TW rendering of %q (got %q)", s, got)
		}
	}
}
