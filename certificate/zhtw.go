package certificate

import (
	"maps"
	"regexp"
	"slices"
	"strings"
)

// A zh-TW certificate renders the record's English sentences in Traditional
// Chinese where it knows them. The record itself stays as written (English,
// machine-stable, signed); only the page changes, and only through the pure
// function zhTranslate, so that `cert verify` draws the same page again. A
// sentence this file does not know prints as recorded: a fact is never dropped
// or altered, at worst it stays in English.

// zhMethodNames are the Chinese names of every catalogue method (`wipestation
// methods`), the policy aliases a refused job may record, and the destroy-*
// methods of DestroyRecord. TestZHMethodNamesComplete fails when a method is
// added without one.
var zhMethodNames = map[string]string{
	"purge": "依政策清洗 (Purge)",
	"clear": "依政策清除 (Clear)",

	"zero":             "單次零值覆寫",
	"one":              "單次 0xFF 覆寫",
	"random":           "單次亂數覆寫",
	"nist-clear":       "NIST 800-88 清除：亂數覆寫並全面讀回驗證",
	"nist-usb":         "NIST 800-88 清除：隨身碟與記憶卡適用（0x55、0xAA 兩遍）",
	"dod-3pass":        "美國國防部 DoD 5220.22-M (E) 三遍覆寫",
	"dod-7pass":        "美國國防部 DoD 5220.22-M ECE 七遍覆寫",
	"gutmann":          "Gutmann 35 遍覆寫",
	"schneier":         "Schneier 7 遍覆寫",
	"hmg-is5-baseline": "英國 HMG IS5 基本級覆寫",
	"hmg-is5-enhanced": "英國 HMG IS5 加強級覆寫",
	"vsitr":            "德國 BSI VSITR 7 遍覆寫",
	"ops-ii":           "加拿大 RCMP TSSIT OPS-II 7 遍覆寫",
	"verify-zero":      "唯讀檢查：確認全為 0x00",
	"verify-one":       "唯讀檢查：確認全為 0xFF",

	"ata-secure-erase":          "ATA 安全抹除（一般模式）",
	"ata-secure-erase-enhanced": "ATA 安全抹除（加強模式）",
	"ata-sanitize-crypto":       "ATA Sanitize 加密抹除 (Crypto Scramble)",
	"ata-sanitize-block":        "ATA Sanitize 區塊抹除",
	"ata-sanitize-overwrite":    "ATA Sanitize 覆寫",
	"nvme-format":               "NVMe 格式化（使用者資料抹除）",
	"nvme-format-crypto":        "NVMe 格式化（加密抹除）",
	"nvme-sanitize-crypto":      "NVMe Sanitize 加密抹除",
	"nvme-sanitize-block":       "NVMe Sanitize 區塊抹除",
	"nvme-sanitize-overwrite":   "NVMe Sanitize 覆寫",
	"scsi-sanitize-crypto":      "SCSI Sanitize 加密抹除",
	"scsi-sanitize-block":       "SCSI Sanitize 區塊抹除",
	"scsi-sanitize-overwrite":   "SCSI Sanitize 覆寫",
	"scsi-format-unit":          "SCSI Format Unit 重新格式化",

	"mtp-clear":     "手機儲存空間清除（經由 MTP）",
	"phone-reset":   "手機原廠重設（引導式）",
	"optical-blank": "可覆寫光碟空白化",

	"destroy-shred":        "實體銷毀：切碎",
	"destroy-disintegrate": "實體銷毀：細碎分解",
	"destroy-incinerate":   "實體銷毀：焚毀",
	"destroy-pulverize":    "實體銷毀：研磨粉碎",
	"destroy-degauss":      "消磁",
}

// zhDestroyVerbs are DestroyRecord's past participles.
var zhDestroyVerbs = map[string]string{
	"Shredded": "已切碎", "Disintegrated": "已細碎分解", "Incinerated": "已焚毀",
	"Pulverized": "已研磨粉碎", "Degaussed": "已消磁",
}

// zhExact translates whole strings that carry no variable part.
var zhExact = map[string]string{
	// Pass and range words.
	"write": "寫入", "verify": "驗證", "sample": "取樣",
	"input/output error": "輸入/輸出錯誤 (input/output error)",
	"mismatch":           "內容不符",
	"none":               "無",
	"open":               "開啟",
	"start":              "開始",
	"plan":               "規劃",

	// Overwrite engine (wipe/runner.go, wipe/overwrite.go, devices/open_linux.go).
	"final blanking pass of 0x00 (--blank)": "最後以 0x00 補寫一遍空白 (--blank)",
	"random passes: AES-128-CTR keystream, a new key and counter from crypto/rand for each pass, kept in memory only for the job": "亂數遍：AES-128-CTR 金鑰串流，每遍以 crypto/rand 產生新的金鑰與計數器，僅於作業期間保存在記憶體中",
	"I/O bypassed the page cache (O_DIRECT)": "I/O 繞過頁面快取 (O_DIRECT)",
	"the target does not support O_DIRECT (a file on ramfs, tmpfs before Linux 6.6, or a similar file system): writes went through the page cache with fdatasync, and the read-back may have been served from memory": "目標不支援 O_DIRECT（ramfs、Linux 6.6 之前的 tmpfs 或類似檔案系統上的檔案）：寫入經由頁面快取並以 fdatasync 同步，讀回比對可能取自記憶體",
	"opened without O_DIRECT (no data transfer by the host)": "未以 O_DIRECT 開啟（主機不傳輸資料）",
	"this job only read the medium; it did not sanitize it":  "本作業僅讀取媒體，並未進行清除",
	"not verified (--verify off)":                            "未驗證 (--verify off)",
	"after every pass, read the whole medium back and compared it byte for byte with the pass regenerated from its pattern or key":    "每遍寫入後讀回整個媒體，並與依樣式或金鑰重新產生的該遍資料逐位元組比對",
	"read the whole medium back after the last pass and compared it byte for byte with that pass regenerated from its pattern or key": "最後一遍寫入後讀回整個媒體，並與依樣式或金鑰重新產生的該遍資料逐位元組比對",
	"read back with O_DIRECT (page cache bypassed)": "以 O_DIRECT 讀回（繞過頁面快取）",
	"read back with O_DIRECT":                       "以 O_DIRECT 讀回",
	"the unaligned tail of the image file through the page cache after POSIX_FADV_DONTNEED":                                                   "映像檔未對齊的尾端於 POSIX_FADV_DONTNEED 後經由頁面快取讀取",
	"no O_DIRECT: flushed the device's buffer cache (BLKFLSBUF) before reading back":                                                          "未使用 O_DIRECT：讀回前已清空裝置緩衝快取 (BLKFLSBUF)",
	"no O_DIRECT: dropped cached pages with POSIX_FADV_DONTNEED before reading back (on memory file systems the memory is the medium itself)": "未使用 O_DIRECT：讀回前以 POSIX_FADV_DONTNEED 丟棄快取頁面（在記憶體檔案系統上，記憶體本身即為媒體）",
	"read back every byte and compare with zeros":                                                                                             "讀回每個位元組並與零值比對",
	"read back every byte and compare with the pass stream":                                                                                   "讀回每個位元組並與該遍資料串流比對",
	"all differ": "全部不同",
	"run again with --restore-hidden to restore the native capacity (HPA) first": "請加上 --restore-hidden 重新執行，先恢復原生容量 (HPA)",
	"the drive's native capacity could not be read":                              "無法讀取磁碟的原生容量",
	"before the job, the workstation was suspended to RAM and resumed (wipe --unfreeze) to lift the drive's ATA security freeze; IDENTIFY then reported it not frozen": "作業前，工作站已暫停至記憶體並恢復 (wipe --unfreeze)，以解除磁碟的 ATA 安全凍結；其後 IDENTIFY 回報未凍結",

	// Job outcomes (wipe/runner.go, certificate/record.go).
	"the job did not complete": "作業未完成",
	"the result was not read back (--verify off): the medium is not proven erased":     "未讀回結果 (--verify off)：無法證明媒體已抹除",
	"not verified: the medium was not read back after the method ran":                  "未驗證：方法執行後未讀回媒體",
	"the check did not prove the result":                                               "檢查未能證明結果",
	"the check did not cover the whole medium":                                         "檢查未涵蓋整個媒體",
	"cancelled; the medium is not known to be erased":                                  "已取消；無法確認媒體已清除",
	"the executor did not report the medium erased":                                    "執行程式未回報媒體已清除",
	"the record says erased but verification did not confirm it":                       "紀錄標示已清除，但驗證未能確認",
	"a backup was asked for, but no backup engine is available; nothing was erased":    "要求先備份，但沒有可用的備份功能；未清除任何資料",
	"the device reports a size of 0 bytes (no medium inserted?); nothing to overwrite": "裝置回報容量為 0 位元組（未插入媒體？）；無可覆寫的內容",
	"no method is recommended for this device":                                         "此裝置沒有建議的方法",
	"fallback: none": "降級處理：無",

	// Firmware commands (wipe/firmware).
	"every sample must differ from its digest taken before the command": "各樣本雜湊值皆須改變",
	"hidden area unknown: the drive's native capacity could not be read; the command reaches up to the native maximum (a Host Protected Area included), but sectors removed by a DCO, if any, are not covered": "隱藏區不明：無法讀取磁碟的原生容量；指令可達原生上限（含主機保護區 HPA），但被 DCO 移除的磁區（如有）未涵蓋",
	"the medium cannot be read back, so the command could not be verified; nothing was sent":                                                                                                                   "媒體無法讀回，指令結果無法驗證；未送出任何指令",
	"the erase reported success, but the drive still has the user password set":                                                                                                                                "抹除回報成功，但磁碟仍設有使用者密碼",
	"one repeated byte, before and after":        "指令前後皆為單一重複位元組",
	"the expected value":                         "預期值",
	"ATA SECURITY ERASE PREPARE (F3h), non-data": "裝置指令：ATA SECURITY ERASE PREPARE (F3h), non-data",
	"the sanitize failed (Sanitize Status log SSTAT=3); the controller stays in sanitize failure mode until a sanitize completes or Exit Failure Mode is sent": "Sanitize 失敗（Sanitize Status log SSTAT=3）；控制器維持在 sanitize 失敗模式，直到 sanitize 完成或送出 Exit Failure Mode",

	// Firmware refusals (wipe/firmware/methods.go).
	"the BIOS froze the drive's security/sanitize commands at boot; suspend and resume the machine (`echo mem > /sys/power/state`), or unplug and replug the drive (power cable first on SATA), then list the devices again": "BIOS 於開機時凍結了磁碟的安全/sanitize 指令；請讓電腦暫停並恢復（`echo mem > /sys/power/state`），或拔插磁碟（SATA 先拔電源線），再重新列出裝置",
	"the drive is locked with a password set elsewhere (IDENTIFY word 128 bit 2)":                                           "磁碟已被他處設定的密碼鎖定（IDENTIFY word 128 bit 2）",
	"the drive is locked with a password set elsewhere; unlock it (or use its master password) first":                       "磁碟已被他處設定的密碼鎖定；請先解鎖（或使用主密碼）",
	"a user password is already set on the drive (IDENTIFY word 128 bit 1); the erase would need it":                        "磁碟已設有使用者密碼（IDENTIFY word 128 bit 1）；抹除需要該密碼",
	"the drive's password attempt counter has expired (IDENTIFY word 128 bit 4): power-cycle it first":                      "磁碟密碼嘗試次數已用盡（IDENTIFY word 128 bit 4）：請先斷電重啟",
	"an ATA drive (through libata or a SAT bridge), which does not translate SCSI SANITIZE: use the ata-sanitize-* methods": "ATA 磁碟（經由 libata 或 SAT 橋接器）不轉譯 SCSI SANITIZE：請使用 ata-sanitize-* 方法",
	"an optical drive: drive sanitize commands apply to disks; a disc is destroyed (or, if rewritable, blanked)":            "光碟機：磁碟清除指令僅適用於磁碟；光碟應實體銷毀（可覆寫者可空白化）",
	"a phone: drive sanitize commands do not reach it":                                                                      "手機：磁碟清除指令無法送達",
	"the ATA security feature set":      "ATA 安全功能集",
	"the SANITIZE feature set":          "SANITIZE 功能集",
	"enhanced security erase":           "加強型安全抹除",
	"cryptographic erase in Format NVM": "Format NVM 的加密抹除",

	// Destruction (certificate/destroy.go).
	"Degaussing is Purge for magnetic media (NIST SP 800-88 Rev. 1 Appendix A); it also renders a hard disk inoperable.": "消磁對磁性媒體屬清洗 (Purge) 等級（NIST SP 800-88 Rev. 1 附錄 A）；消磁亦使硬碟無法再使用。",
	"Nothing was written to the device: this record attests a physical process.":                                         "未對裝置寫入任何資料：本紀錄證明的是實體銷毀程序。",
	"Technician's attestation; no witness recorded":                                                                      "技術人員自行聲明；未記錄見證人",
	"Particle size not recorded; optical media need a fine particle size to count as destroyed.":                         "未記錄粒徑；光碟須銷毀至細小粒徑方可視為已銷毀。",

	// Optical discs (wipe/optical).
	"NIST SP 800-88 counts neither blanking nor overwriting as Clear or Purge for optical media: destroy the disc (shred or disintegrate) where sanitization is required.":    "依 NIST SP 800-88，光碟的空白化或覆寫皆不算清除 (Clear) 或清洗 (Purge)：須清除時應將光碟實體銷毀（切碎或細碎分解）。",
	"BLANK (A1h) type 0 (full: every sector), IMMED, progress polled until the drive was ready.":                                                                              "裝置指令：BLANK (A1h) type 0 (full: every sector), IMMED；輪詢進度直到光碟機就緒。",
	"READ DISC INFORMATION must say the disc is empty, and READ(10) at the first, the ISO 9660 label (16), the middle and the last formerly readable block must find nothing": "READ DISC INFORMATION 須回報光碟為空白，且以 READ(10) 讀取原可讀的第一個、ISO 9660 標籤 (16)、中間及最後一個區塊皆須讀不到資料",
	"READ(10) of every block, compared with zeros": "以 READ(10) 讀取每個區塊並與零值比對",

	// Phones (wipe/phonereset, wipe/mtpclear).
	"Recorded as Clear: a factory reset is a cryptographic erase (Purge) only on an encrypted phone, and encryption was not confirmed.":                                    "以清除 (Clear) 記錄：原廠重設僅在已加密的手機上才是加密抹除 (Purge)，而本機加密狀態未獲確認。",
	"the workstation could not confirm that the phone was encrypted (no authorized ADB, or an iPhone, whose encryption cannot be queried over USB)":                        "工作站無法確認手機已加密（沒有授權的 ADB，或為無法經由 USB 查詢加密狀態的 iPhone）",
	"the phone reported that it was not encrypted (ro.crypto.state=unencrypted)":                                                                                           "手機回報未加密 (ro.crypto.state=unencrypted)",
	"The phone was not connected when the job started.":                                                                                                                    "作業開始時手機未連接。",
	"Not verified: nothing the workstation observed over USB proves that the phone was factory reset. Recorded as Clear at most, resting on the technician's attestation.": "未驗證：工作站經由 USB 觀察到的一切均無法證明手機已原廠重設。最多以清除 (Clear) 記錄，依據為技術人員的聲明。",
	"the factory reset is not verified: nothing observed over USB shows a freshly reset phone (a plain restart looks the same)":                                            "原廠重設未獲驗證：經由 USB 觀察到的一切均未顯示手機剛完成重設（單純重新開機看來完全相同）",
	"a factory reset restarts the phone, and so does a plain reboot":                                                                                                       "原廠重設會使手機重新啟動，單純重新開機亦然",
	"the phone comes back after a factory reset":                                                                                                                           "原廠重設後手機會重新連線",
	"the setup state was not read: the phone did not come back":                                                                                                            "未讀取設定狀態：手機未重新出現",
	"the shared storage was not listed: the phone did not come back":                                                                                                       "未列出共用儲存空間：手機未重新出現",
	"nothing can be observed of a phone that is gone":                                                                                                                      "已離線的手機無從觀察",
	"a factory reset restarts the phone":                                                                                                                                   "原廠重設會使手機重新啟動",
	"the setup state of an iPhone was not read: the workstation has no lockdown (usbmux) client":                                                                           "未讀取 iPhone 的設定狀態：工作站沒有 lockdown (usbmux) 用戶端",
	"an erased iPhone reports its activation state as Unactivated over lockdown, which this workstation cannot ask":                                                        "已清除的 iPhone 會經由 lockdown 回報啟用狀態為 Unactivated，但本工作站無法查詢",
	"ADB was not asked (no adb server configured, or the phone has no USB serial)":                                                                                         "未查詢 ADB（未設定 adb 伺服器，或手機沒有 USB 序號）",
	"the setup state can only be read over ADB":                                                                                                                            "設定狀態只能經由 ADB 讀取",
	"ADB is off after the restart":                                                                                                                                         "重新啟動後 ADB 已關閉",
	"a factory reset turns USB debugging off, and so can the user":                                                                                                         "原廠重設會關閉 USB 偵錯，使用者亦可自行關閉",
	"the setup state cannot be read":                                                                                                                                       "無法讀取設定狀態",
	"ADB answers but does not authorize this workstation after the restart":                                                                                                "重新啟動後 ADB 有回應，但未授權本工作站",
	"a factory reset clears the authorized keys, and so does revoking them":                                                                                                "原廠重設會清除已授權的金鑰，撤銷授權亦然",
	"the setup state can only be read from a phone in the device state":                                                                                                    "設定狀態只能從處於 device 狀態的手機讀取",
	"only the setup state tells a reset phone from a restarted one":                                                                                                        "只有設定狀態能區分已重設與僅重新啟動的手機",
	"a factory reset clears the authorized keys":                                                                                                                           "原廠重設會清除已授權的金鑰",
	"a freshly reset phone has not been through its setup wizard":                                                                                                          "剛重設的手機尚未完成設定精靈",
	"a freshly reset phone reports 0 for both, a phone in use 1 for both":                                                                                                  "剛重設的手機兩者皆回報 0，使用中的手機兩者皆回報 1",
	"a phone that was never set up reports the same after a plain reboot":                                                                                                  "從未設定過的手機在單純重新開機後也回報相同結果",
	"Android sets both when its setup wizard finishes and keeps them in /data, which a factory reset erases and a reboot keeps":                                            "Android 在設定精靈完成時設定兩者並存於 /data；原廠重設會抹除 /data，重新開機則會保留",
	"Android starts with file transfer off after a reset":                                                                                                                  "Android 重設後預設關閉檔案傳輸",
	"nothing was listed":                         "未列出任何內容",
	"a factory reset empties the shared storage": "原廠重設會清空共用儲存空間",
	"the shared storage lies in /data, which a factory reset erases and a reboot keeps": "共用儲存空間位於 /data；原廠重設會抹除 /data，重新開機則會保留",
	"the workstation deleted nothing":                                                                                                                                      "工作站未刪除任何內容",
	"the shared storage lists no files over MTP, and listed none before the reset":                                                                                         "經由 MTP 列出共用儲存空間中沒有檔案，重設前亦沒有",
	"an empty storage that was empty before shows nothing about a reset":                                                                                                   "原本即為空的儲存空間無法說明是否已重設",
	"the shared storage lists no files over MTP, and could not be listed before the reset":                                                                                 "經由 MTP 列出共用儲存空間中沒有檔案；重設前無法列出",
	"an empty storage is what a reset leaves, and also what a phone without files shows after a reboot":                                                                    "重設後儲存空間為空，但沒有檔案的手機重新開機後亦然",
	"cancelled while waiting for the phone to restart":                                                                                                                     "等待手機重新啟動時已取消",
	"Fill data: AES-256-CTR keystream under a key from crypto/rand, held in memory only for the job.":                                                                      "填充資料：以 crypto/rand 產生金鑰的 AES-256-CTR 金鑰串流，僅於作業期間保存在記憶體中。",
	"Scope: the phone's user-accessible storage reached over MTP. App data, system partitions and areas the phone reserves are not reached by MTP and were not sanitized.": "範圍：經由 MTP 可存取的手機使用者儲存空間。App 資料、系統分割區及手機保留區域無法經由 MTP 存取，未被清除。",
	"Purge of a phone needs the phone's own factory reset on an encrypted phone (method phone-reset).":                                                                     "手機要達到清洗 (Purge) 等級，須在已加密的手機上執行其原廠重設（方法 phone-reset）。",
	"reached the reported capacity": "已達手機回報的容量",

	// Factory-reset steps (wipe/phonereset.Steps), repeated in the record.
	"Remove any SIM card; a memory card is separate media: wipe or destroy it on its own.":                                          "取出 SIM 卡；記憶卡屬另一媒體：請另行清除或銷毀。",
	"Settings > [your name] > Sign Out (turns off Find My and Activation Lock, which would block the next user).":                   "設定 > [您的名稱] > 登出（關閉「尋找」與啟用鎖定，否則下一位使用者將被鎖定）。",
	"Settings > General > Transfer or Reset iPhone > Erase All Content and Settings; enter the passcode and the Apple ID password.": "設定 > 一般 > 移轉或重置 iPhone > 清除所有內容和設定；輸入密碼及 Apple ID 密碼。",
	"Keep the USB cable connected: the workstation watches the phone restart and come back to the Hello screen.":                    "保持 USB 線連接：工作站會監看手機重新啟動並回到「哈囉」畫面。",
	"Do not set the phone up again. Confirm with your attestation.":                                                                 "不要重新設定手機。請以您的聲明確認。",
	"Remove the SIM card and any SD card (a memory card is separate media: wipe or destroy it on its own).":                         "取出 SIM 卡及 SD 卡（記憶卡屬另一媒體：請另行清除或銷毀）。",
	"Settings > Accounts: remove every Google account, or Factory Reset Protection will lock the next user out.":                    "設定 > 帳戶：移除所有 Google 帳戶，否則原廠重設保護 (FRP) 會鎖住下一位使用者。",
	"Settings > Security > Encryption: check that the phone is encrypted (Android 7 and later with file-based encryption are).":     "設定 > 安全性 > 加密：確認手機已加密（Android 7 以後採檔案型加密者皆已加密）。",
	"Settings > System > Reset options > Erase all data (factory reset); confirm with the PIN. The phone restarts.":                 "設定 > 系統 > 重設選項 > 清除所有資料（恢復原廠設定）；以 PIN 碼確認。手機將重新啟動。",
	"Keep the USB cable connected: the workstation watches the phone restart and come back.":                                        "保持 USB 線連接：工作站會監看手機重新啟動並重新連線。",
	"Do not set the phone up again (leave it at the welcome screen). Confirm with your attestation.":                                "不要重新設定手機（停留在歡迎畫面）。請以您的聲明確認。",
}

// zhPhrase is one sentence pattern of the record's writers and its rendering.
type zhPhrase struct {
	re *regexp.Regexp
	// zh is the rendering: $n inserts group n as recorded, @n inserts group n
	// translated (itself through zhTranslate), $0 the whole string.
	zh string
}

// phrase compiles a printf-like pattern: %d matches a (grouped) number, %s any
// text without "; ", %S any text, %q a Go-quoted string, %x hex digits;
// everything else is literal.
func phrase(pattern, zh string) zhPhrase {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(pattern); i++ {
		if pattern[i] == '%' && i+1 < len(pattern) {
			switch pattern[i+1] {
			case 'd':
				b.WriteString(`(-?[0-9][0-9,]*)`)
				i++
				continue
			case 's':
				// Text, but not across "; ", which joins sentences: those are
				// rendered one by one.
				b.WriteString(`((?:[^;]|;[^ ])+?)`)
				i++
				continue
			case 'S':
				b.WriteString(`(.+?)`)
				i++
				continue
			case 'q':
				b.WriteString(`("(?:[^"\\]|\\.)*")`)
				i++
				continue
			case 'x':
				b.WriteString(`([0-9A-Fa-f]+)`)
				i++
				continue
			}
		}
		j := i
		for j < len(pattern) && pattern[j] != '%' {
			j++
		}
		if j == i {
			j++
		}
		b.WriteString(regexp.QuoteMeta(pattern[i:j]))
		i = j - 1
	}
	b.WriteString("$")
	return zhPhrase{re: regexp.MustCompile(b.String()), zh: zh}
}

// zhPhrases is compiled once and never changed; the order matters: the first
// pattern that matches the whole string wins.
var zhPhrases = buildZHPhrases()

func buildZHPhrases() []zhPhrase {
	ps := []zhPhrase{
		// Overwrite passes and engine.
		phrase("pass %d/%d: %s", "第 $1/$2 遍：@3"),
		phrase("pass %d: %s", "第 $1 遍：@2"),
		phrase("random (%s stream)", "亂數（$1 串流）"),
		phrase("complement of pass %d", "第 $1 遍的補數"),
		phrase("read-only check: every byte compared with %s; nothing was written", "唯讀檢查：每個位元組均與 $1 比對；未寫入任何資料"),
		phrase("%d rounds of the method's %d passes", "本方法的 $2 遍覆寫共執行 $1 輪"),
		phrase("I/O: whole device from byte %d to %d, %d MiB requests, fdatasync after every pass and every GiB", "I/O：整個裝置，自位元組 $1 至 $2，每次請求 $3 MiB，每遍結束及每 GiB 執行 fdatasync"),
		phrase("read the whole medium and compared every byte with %s", "讀取整個媒體，逐位元組與 $1 比對"),
		phrase("dropping cached pages before read-back failed: %s", "讀回前丟棄快取頁面失敗：$1"),
		phrase("pass %d %s error at bytes %d-%d (%d bytes): %s", "第 $1 遍@2錯誤，位元組 $3-$4（$5 位元組）：@6"),
		phrase("verification: %d blocks of %d bytes did not hold what was written (first at byte %d)", "驗證：$1 個 $2 位元組的區塊與寫入內容不符（第一個位於位元組 $3）"),
		phrase("purge requested, but %s cannot be purged (%S); downgraded to Clear with %s as asked by --fallback clear", "要求清洗 (Purge)，但 $1 無法清洗（@2）；依 --fallback clear 降級為清除 (Clear)，改用 $3"),
		phrase("before the job, the workstation was suspended to RAM and resumed (wipe --unfreeze): %S", "作業前，工作站已暫停至記憶體並恢復 (wipe --unfreeze)：$1"),

		// Hidden areas (wipe/hidden.go, wipe/firmware/executor.go).
		phrase("hidden area: the Host Protected Area was removed before the overwrite with a volatile SET MAX ADDRESS EXT to the native maximum (%d sectors, %d accessible before); the drive returns to its HPA of %d sectors at its next power cycle; the overwrite and its verification covered all %d sectors",
			"隱藏區：覆寫前以暫時性的 SET MAX ADDRESS EXT 將容量設為原生上限，移除主機保護區 HPA（$1 個磁區，原可存取 $2 個）；磁碟下次斷電重啟後恢復為 $3 個磁區的 HPA；覆寫及其驗證涵蓋全部 $4 個磁區"),
		phrase("hidden area unknown: %s, so HPA/DCO were not checked; sectors beyond the accessible maximum, if any, were not overwritten", "隱藏區不明：@1，因此未檢查 HPA/DCO；可存取上限以外的磁區（如有）未被覆寫"),
		phrase("the drive's native capacity could not be read (%s)", "無法讀取磁碟的原生容量（$1）"),
		phrase("the drive's native maximum of %d sectors was restored (volatile, until its next power cycle); nothing was written", "已恢復磁碟的原生上限 $1 個磁區（暫時性，直到下次斷電重啟）；未寫入任何資料"),
		phrase("the drive's native maximum of %d sectors was restored (volatile, until its next power cycle), but the kernel still addresses %d bytes after the rescan%s", "已恢復磁碟的原生上限 $1 個磁區（暫時性，直到下次斷電重啟），但重新掃描後核心仍只定址 $2 位元組$3"),
		phrase("the native capacity of %d sectors was restored (volatile, until the drive's next power cycle), but the overwrite did not complete", "已恢復 $1 個磁區的原生容量（暫時性，直到磁碟下次斷電重啟），但覆寫未完成"),
		phrase("hidden area NOT covered: sectors %d to %d are removed by a Device Configuration Overlay (DCO), which is not undone; only the HPA was restored", "隱藏區未涵蓋：磁區 $1 至 $2 被裝置組態覆蓋 (DCO) 移除且未還原；僅恢復了 HPA"),
		phrase("hidden area not read: the host can address %d of %d native sectors (HPA/DCO)", "隱藏區未讀取：主機僅能定址 $2 個原生磁區中的 $1 個 (HPA/DCO)"),
		phrase("hidden area NOT covered: the host can address %d of %d native sectors (%s); the overwrite stopped at the accessible maximum: %S", "隱藏區未涵蓋：主機僅能定址 $2 個原生磁區中的 $1 個（$3）；覆寫止於可存取上限：@4"),
		phrase("hidden area: %d native sectors, %d accessible; the drive's command covers the hidden sectors, but verification reads only the accessible ones", "隱藏區：原生 $1 個磁區，可存取 $2 個；磁碟指令涵蓋隱藏磁區，但驗證僅讀取可存取的磁區"),
		phrase("hidden area NOT covered: %d native sectors, %d accessible (DCO); restore the native capacity and erase again to reach them", "隱藏區未涵蓋：原生 $1 個磁區，可存取 $2 個 (DCO)；須恢復原生容量並再次抹除才能涵蓋"),

		// Firmware command lines: the command verbatim after a Chinese lead-in.
		phrase("NVMe Format NVM (80h) %s", "裝置指令：$0"),
		phrase("NVMe Sanitize (84h) %s", "裝置指令：$0"),
		phrase("ATA SANITIZE (B4h) %s", "裝置指令：$0"),
		phrase("ATA SECURITY SET PASSWORD (F1h)%s", "裝置指令：$0"),
		phrase("ATA SECURITY ERASE UNIT (F4h)%s", "裝置指令：$0"),
		phrase("ATA SECURITY UNLOCK (F2h)%s", "裝置指令：$0"),
		phrase("ATA SECURITY DISABLE PASSWORD (F6h)%s", "裝置指令：$0"),
		phrase("SCSI SANITIZE (48h) %s", "裝置指令：$0"),
		phrase("SCSI MODE SELECT(10) (55h): %s", "裝置指令：$0"),
		phrase("SANITIZE STATUS EXT (B4h, FEATURE 0000h) polled %d time(s) until \"sanitize operation completed without error\"",
			"狀態輪詢：SANITIZE STATUS EXT (B4h, FEATURE 0000h)，共 $1 次，直到回報「sanitize operation completed without error」（作業完成且無錯誤）"),
		phrase("Get Log Page (02h) LID=81h Sanitize Status polled %d time(s) until SSTAT reported success", "狀態輪詢：Get Log Page (02h) LID=81h Sanitize Status，共 $1 次，直到 SSTAT 回報成功"),
		phrase("REQUEST SENSE (03h) polled %d time(s) until no \"sanitize in progress\" (04h/1Bh) remained", "狀態輪詢：REQUEST SENSE (03h)，共 $1 次，直到不再回報「sanitize in progress」(04h/1Bh)（清除進行中）"),
		phrase("FORMAT UNIT (04h) format type %xh, IMMED, progress polled until the drive was ready; a re-format alone leaves old data readable, so every block was then overwritten.",
			"裝置指令：FORMAT UNIT (04h) format type $1h, IMMED；輪詢進度直到光碟機就緒；僅重新格式化仍可讀出舊資料，因此其後覆寫了每個區塊。"),
		phrase("WRITE(10) of zeros to all %d blocks (%d bytes), then SYNCHRONIZE CACHE.", "裝置指令：WRITE(10) 將全部 $1 個區塊（$2 位元組）寫入零值，接著 SYNCHRONIZE CACHE。"),
		phrase("Disc: %s (profile 0x%x), %d blocks of 2048 bytes readable before, volume label %q.", "光碟：$1 (profile 0x$2)，作業前可讀 $3 個 2048 位元組區塊，磁碟區標籤 $4。"),

		// Firmware verification (wipe/firmware/executor.go, sample.go).
		phrase("NIST SP 800-88 Rev. 1 4.7 sampling: %d subsections, %d pseudorandom non-overlapping samples in each (seed %x) plus the first and last LBA, %d samples, %d of %d bytes (%s%), read (O_DIRECT) before the command (SHA-256 per sample) and again after it; %S",
			"NIST SP 800-88 Rev. 1 4.7：$1 區 × 各 $2 個不重疊偽隨機樣本（種子 $3）＋首末 LBA，共 $4 個樣本，讀取 $5／$6 位元組（$7%）；指令前（逐樣本 SHA-256）與指令後各以 O_DIRECT 讀取；@8"),
		phrase("full: all %d bytes read (O_DIRECT) before the command and again after it, SHA-256 per 1 MiB; %S", "完整比對：指令前後各以 O_DIRECT 讀取全部 $1 位元組，每 1 MiB 計算 SHA-256；@2"),
		phrase("found: %xh in %d samples", "讀回發現：$1h 共 $2 個樣本"),
		phrase("found: %xh in %d samples %xh in %d samples", "讀回發現：$1h 共 $2 個樣本、$3h 共 $4 個樣本"),
		phrase("every sample must read as %s throughout, and no sample may still hold its data from before", "每個樣本須整段讀出為 @1，且不得仍保有指令前的資料"),
		phrase("%xh or %xh", "$1h 或 $2h"),
		phrase("%d of %d samples held no data before the command (each already read as %s): their change could not be shown", "$2 個樣本中有 $1 個在指令前即無資料（各自已讀出為@3）：無法顯示其變化"),
		phrase("the command acts on the whole controller; it has no namespace but %d", "此指令作用於整個控制器；該控制器僅有命名空間 $1"),
		phrase("security erase through a USB bridge: a bridge that gives up during ERASE UNIT can leave the drive locked; its user password is %q (%s)", "經由 USB 橋接器執行安全抹除：橋接器若在 ERASE UNIT 期間中斷，磁碟可能維持鎖定；其使用者密碼為 $1（$2）"),
		phrase("could not read the drive's security state (IDENTIFY: %s): it may still have the user password %q set; clear it with: %s", "無法讀取磁碟的安全狀態（IDENTIFY：$1）：磁碟可能仍設有使用者密碼 $2；清除指令：$3"),
		phrase("THE DRIVE IS LEFT WITH THE USER PASSWORD %q SET%s; clear it with: %s", "磁碟仍設有使用者密碼 $1$2；清除指令：$3"),
		phrase("%s; the user password this job set was cleared again (IDENTIFY word 128: security not enabled)", "$1；本作業設定的使用者密碼已再次清除（IDENTIFY word 128：安全功能未啟用）"),
		phrase("SECURITY UNLOCK failed: %s", "SECURITY UNLOCK 失敗：$1"),
		phrase("SECURITY DISABLE PASSWORD failed: %s", "SECURITY DISABLE PASSWORD 失敗：$1"),
		phrase("the command reported success, but %d of %d samples still hold the data they held before it (%d mismatching in all): the drive did not erase the medium", "指令回報成功，但 $2 個樣本中有 $1 個仍保有指令前的資料（共 $3 個不符）：磁碟並未抹除媒體"),
		phrase("the command reported success, but %d of %d samples do not read as expected (%s)", "指令回報成功，但 $2 個樣本中有 $1 個讀出內容不如預期（@3）"),
		phrase("the command reported success, but %d of %d samples could not be read back%s: the erase is not verified", "指令回報成功，但 $2 個樣本中有 $1 個無法讀回$3：抹除未獲驗證"),
		phrase("no sample held data before the command (each already read as %s), so its effect cannot be shown; write data to the medium and run the method again", "指令前沒有任何樣本含有資料（各自已讀出為@1），無法顯示指令效果；請先寫入資料再重新執行此方法"),
		phrase("%d sample(s) could not be read before the command, so its effect could not be verified; nothing was sent", "指令前有 $1 個樣本無法讀取，無法驗證指令效果；未送出任何指令"),
		phrase("cancelled after the command was sent to the drive (it cannot be recalled and may still be running): %s", "指令送出後取消（指令無法撤回，可能仍在執行）：$1"),
		phrase("cancelled while the command was running on the drive (it cannot be recalled and continues): %s", "磁碟執行指令期間取消（指令無法撤回，將繼續執行）：$1"),
		phrase("%s failed: %s", "@1 失敗：$2"),
		phrase("%s was rejected: %s", "@1 遭拒：$2"),

		// SCSI FORMAT UNIT (wipe/firmware/scsi_format.go).
		phrase("READ CAPACITY(16) before the format: %s; nothing was sent", "格式化前 READ CAPACITY(16) 失敗：@1；未送出任何指令"),
		phrase("MODE SELECT(10) of %d-byte blocks was rejected: %s; nothing was formatted", "設定 $1 位元組區塊的 MODE SELECT(10) 遭拒：@2；未進行格式化"),
		phrase("FORMAT UNIT was rejected: %S", "FORMAT UNIT 遭拒：@1"),
		phrase("REQUEST SENSE while formatting: %S", "格式化期間 REQUEST SENSE 失敗：@1"),
		phrase("the format failed (%S): the disk is unusable until it is formatted again", "格式化失敗（@1）：磁碟在重新格式化之前無法使用"),
		phrase("the format failed: %S", "格式化失敗：@1"),
		phrase("scsi command %xh: %S", "SCSI 指令 $1h：@2"),
		phrase("%s, ASC/ASCQ 31h/00h (medium format corrupted)", "$1, ASC/ASCQ 31h/00h（媒體格式損毀）"),
		phrase("%s, ASC/ASCQ 31h/01h (format command failed)", "$1, ASC/ASCQ 31h/01h（格式化指令失敗）"),
		phrase("%s, ASC/ASCQ 26h/00h (invalid field in parameter list)", "$1, ASC/ASCQ 26h/00h（參數清單欄位無效）"),
		phrase("reformat before the overwrite: %S", "覆寫前重新格式化：@1"),
		phrase("reformat before the overwrite (nothing was sent): %S", "覆寫前重新格式化（未送出任何指令）：@1"),
		phrase("capacity after the reformat: %S", "重新格式化後的容量：@1"),
		phrase("reformat %s: %S", "重新格式化 $1：@2"),
		phrase("size is %d bytes, expected %d after the capacity change", "容量為 $1 位元組，容量變更後預期為 $2 位元組"),
		phrase("sysfs says %s sectors of 512 bytes, expected %d bytes after the capacity change", "sysfs 顯示 $1 個 512 位元組磁區，容量變更後預期為 $2 位元組"),
		phrase("no reformatter configured", "此版本無法送出 FORMAT UNIT"),
		phrase("--reformat with --backup: Linux cannot read the disk before the format (%d-byte blocks, protection type %d), and the format erases it",
			"--reformat 不得搭配 --backup：格式化前 Linux 無法讀取此磁碟（$1 位元組區塊，保護類型 $2），而格式化會將其抹除"),
		phrase("the disk now has %d-byte blocks and the target was opened with %d: list it again and run the overwrite without --reformat",
			"磁碟現為 $1 位元組區塊，但目標開啟時為 $2：請重新列出後，不加 --reformat 再執行覆寫"),
		phrase("the device reports FORMAT UNIT as not supported (REPORT SUPPORTED OPERATION CODES)", "裝置回報不支援 FORMAT UNIT（REPORT SUPPORTED OPERATION CODES）"),
		phrase("support for FORMAT UNIT is unknown: the device did not answer REPORT SUPPORTED OPERATION CODES", "無法得知是否支援 FORMAT UNIT：裝置未回應 REPORT SUPPORTED OPERATION CODES"),
		phrase("the disk's block format is unknown: it did not answer READ CAPACITY(16)", "磁碟的區塊格式不明：未回應 READ CAPACITY(16)"),
		phrase("support for FORMAT UNIT is unknown: the device did not answer REPORT SUPPORTED OPERATION CODES%S", "無法得知是否支援 FORMAT UNIT：裝置未回應 REPORT SUPPORTED OPERATION CODES$1"),
		phrase("the disk's block format is unknown: it did not answer READ CAPACITY(16)%S", "磁碟的區塊格式不明：未回應 READ CAPACITY(16)$1"),
		phrase("the format ended, but READ CAPACITY(16) failed: %S", "格式化結束，但 READ CAPACITY(16) 失敗：$1"),
		phrase("the format ended, but the disk reports %d-byte blocks and protection type %d, not %d-byte blocks without protection",
			"格式化結束，但磁碟回報 $1 位元組區塊、保護類型 $2，而非無保護資訊的 $3 位元組區塊"),
		phrase("the format completed, but verification was cancelled: %S", "格式化完成，但驗證遭取消：$1"),
		phrase("the format completed, but %d of %d ranges of the new medium could not be read back", "格式化完成，但新媒體 $2 個區段中有 $1 個無法讀回"),
		phrase("the format completed, but %d of %d ranges of the new medium do not read as %xh throughout: the drive did not write the pattern",
			"格式化完成，但新媒體 $2 個區段中有 $1 個未整段讀出為 $3h：磁碟並未寫入填寫樣式"),

		// Job outcomes (wipe/runner.go, wipe/methods.go, devices, certificate/record.go).
		phrase("cancelled; %d of %d passes written; the medium is not erased", "已取消；已寫入 $2 遍中的 $1 遍；媒體未清除"),
		phrase("cancelled; the medium is not known to be erased: %s", "已取消；無法確認媒體已清除：@1"),
		phrase("cancelled during %s", "於「@1」期間取消"),
		phrase("the device disappeared mid-job (%s); %d of %d passes written", "作業中裝置消失（$1）；已寫入 $3 遍中的 $2 遍"),
		phrase("the device stopped responding (%s); %d of %d passes written", "裝置停止回應（$1）；已寫入 $3 遍中的 $2 遍"),
		phrase("%d ranges could not be written or read back", "$1 個區段無法寫入或讀回"),
		phrase("%d ranges reported in error", "$1 個區段回報錯誤"),
		phrase("%d ranges (%s) could not be written", "$1 個區段（$2）無法寫入"),
		phrase("write errors on %d ranges", "$1 個區段寫入錯誤"),
		phrase("verification found %d mismatching blocks", "驗證發現 $1 個不符區塊"),
		phrase("verification mismatch: %d blocks did not hold what was written", "驗證不符：$1 個區塊與寫入內容不符"),
		phrase("method %s includes verification; --verify off is not allowed with it", "方法 $1 包含驗證程序，不得搭配 --verify off"),
		phrase("not proven: %S", "未能證實：@1"),
		phrase("not verified: %S", "未驗證：@1"),
		phrase("method %s needs the %s engine, which is not available in this build", "方法 $1 需要 $2 執行引擎，本版本未提供"),
		phrase("the record says erased but lists %d unwritten or unreadable ranges", "紀錄標示已清除，但列有 $1 個未寫入或無法讀取的區段"),
		phrase("the record says erased but verification found %d mismatching blocks", "紀錄標示已清除，但驗證發現 $1 個不符區塊"),
		phrase("%s cannot be purged: %S", "$1 無法清洗 (Purge)：@2"),
		phrase("%s cannot be cleard: %S", "$1 無法清除 (Clear)：@2"),
		phrase("no %s method applies; available: %s", "沒有適用的 @1 方法；可用方法：$2"),
		phrase("refused %s: %S", "安全檢查拒絕 $1：@2"),
		phrase("%s is mounted at %s", "$1 已掛載於 $2"),
		phrase("%s holds %s: the system disk is never a target", "$1 含有 $2：系統碟絕不作為清除目標"),
		phrase("%s is read-only (write-protected)", "$1 為唯讀（寫入保護）"),
		phrase("%s is in use as swap", "$1 正作為 swap 使用"),
		phrase("%s is held by %s (LVM, MD or dm-crypt); stop it first", "$1 被 $2 佔用（LVM、MD 或 dm-crypt）；請先停止"),
		phrase("%s is a partition of %s; choose the whole device %s", "$1 是 $2 的分割區；請選擇整個裝置 $3"),
		phrase("%s refused: %S", "$1 遭拒：@2"),
		phrase("the drive does not support %s (%s)", "磁碟不支援 @1（$2）"),
		phrase("the controller does not support %s (%s)", "控制器不支援 @1（$2）"),
		phrase("the drive is security-frozen (IDENTIFY word 128 bit 3): %S", "磁碟處於安全凍結狀態（IDENTIFY word 128 bit 3）：@1"),
		phrase("the drive is security-frozen: %S", "磁碟處於安全凍結狀態：@1"),
		phrase("the command would also erase namespace %d of the same controller, which was not selected and not checked for safety", "此指令也會抹除同一控制器的命名空間 $1，該命名空間未被選取，也未經安全檢查"),
		phrase("the device reports SANITIZE %s as not supported (REPORT SUPPORTED OPERATION CODES)", "裝置回報不支援 SANITIZE $1（REPORT SUPPORTED OPERATION CODES）"),
		phrase("%s pseudorandom samples hashed before and compared after", "$1 個偽隨機樣本於指令前計算雜湊、指令後比對"),

		// Destruction (certificate/destroy.go).
		phrase("Medium as stated by the technician: %s.", "技術人員所述媒體：$1。"),
		phrase("Visual inspection of the remains, witnessed by %s", "目視檢查殘骸，見證人：$1"),

		// Phones (wipe/phonereset, wipe/mtpclear).
		phrase("%s factory reset on a phone known to be encrypted before the reset: the reset destroys the storage keys (cryptographic erase).", "$1 手機原廠重設，重設前已知手機已加密：重設會銷毀儲存金鑰（加密抹除）。"),
		phrase("%s factory reset recorded as Clear, not Purge: %s.", "$1 手機原廠重設以清除 (Clear) 而非清洗 (Purge) 記錄：@2。"),
		phrase("Step %d: %S", "步驟 $1：@2"),
		phrase("Technician's attestation: %q", "技術人員聲明：$1"),
		phrase("the phone was watched over USB (sysfs, ADB, MTP); observations: %S", "經由 USB 監看手機（sysfs、ADB、MTP）；觀察結果：@1"),
		phrase("the phone left the USB bus and came back with the same USB serial (now %s)", "手機離開 USB 匯流排後以相同 USB 序號重新出現（現為 $1）"),
		phrase("the phone's storage still lists %d files over MTP", "經由 MTP 仍列出手機儲存空間中有 $1 個檔案"),
		phrase("Before the reset, ADB reported ro.crypto.state=%q ro.crypto.type=%q.", "重設前 ADB 回報 ro.crypto.state=$1 ro.crypto.type=$2。"),
		phrase("%d Google account(s) were signed in before the reset: Factory Reset Protection will ask for that account unless it was removed first.", "重設前有 $1 個 Google 帳戶登入：除非先移除，原廠重設保護 (FRP) 將要求該帳戶。"),
		phrase("%s factory reset recorded as Clear at most, not Purge: the reset was not verified, so neither the reset nor the destruction of the storage keys is established.", "$1 手機原廠重設最多以清除 (Clear) 記錄，而非清洗 (Purge)：重設未獲驗證，因此無法確立重設已執行，也無法確立儲存金鑰已銷毀。"),
		phrase("the factory reset is not verified: evidence against it: %S", "原廠重設未獲驗證，有反證：@1"),
		phrase("Evidence of a fresh reset (%s): %S; %S.", "剛完成重設的證據（$1）：@2；@3。"),
		phrase("Evidence against a reset (%s): %S; %S.", "未重設的證據（$1）：@2；@3。"),
		phrase("Not evidence of a reset (%s): %S; %S.", "不足以證明重設（$1）：@2；@3。"),
		phrase("the phone left the USB bus and did not come back within %s", "手機離開 USB 匯流排後，未在 $1 內重新出現"),
		phrase("the phone did not leave the USB bus within %s", "手機未在 $1 內離開 USB 匯流排"),
		phrase("the adb server could not be asked after the restart: %S", "重新啟動後無法查詢 adb 伺服器：$1"),
		phrase("ADB reports the phone as %s after the restart", "重新啟動後 ADB 回報手機狀態為 $1"),
		phrase("ADB authorizes this workstation after the restart, but the setup state could not be read (%S)", "重新啟動後 ADB 授權本工作站，但無法讀取設定狀態（$1）"),
		phrase("ADB still accepts this workstation after the restart, and the setup state could not be read (%S)", "重新啟動後 ADB 仍接受本工作站，且無法讀取設定狀態（$1）"),
		phrase("ADB reports the phone as set up after the restart (%s)", "重新啟動後 ADB 回報手機已完成設定（$1）"),
		phrase("ADB reports a contradictory setup state after the restart (%s)", "重新啟動後 ADB 回報互相矛盾的設定狀態（$1）"),
		phrase("ADB reports the setup wizard not completed (%s), as it was before the reset", "ADB 回報設定精靈未完成（$1），與重設前相同"),
		phrase("ADB reports the setup wizard not completed and the phone not provisioned after the restart (%s)", "重新啟動後 ADB 回報設定精靈未完成、手機未佈建（$1）"),
		phrase("MTP was not reachable after the restart (%S)", "重新啟動後無法連上 MTP（$1）"),
		phrase("the phone's storage still lists at least %d files over MTP", "經由 MTP 仍列出手機儲存空間中至少有 $1 個檔案"),
		phrase("the shared storage listed at least %d files over MTP before the reset and lists none after the restart", "重設前經由 MTP 列出共用儲存空間中至少有 $1 個檔案，重新啟動後已無任何檔案"),
		phrase("the shared storage listed %d files over MTP before the reset and lists none after the restart", "重設前經由 MTP 列出共用儲存空間中有 $1 個檔案，重新啟動後已無任何檔案"),
		phrase("Deleted %d files (%d bytes) and %d folders over MTP, each folder after its contents.", "經由 MTP 刪除 $1 個檔案（$2 位元組）及 $3 個資料夾，每個資料夾於其內容之後刪除。"),
		phrase("Storage %q (0x%x): reported %d bytes free of %d before deleting and %d after; filled %d bytes in %d files; %s.", "儲存空間 $1 (0x$2)：刪除前回報可用 $3／$4 位元組，刪除後 $5；以 $7 個檔案填充 $6 位元組；@8。"),
		phrase("stopped at the capacity the phone reported (%d bytes) without a Store_Full answer", "於手機回報的容量（$1 位元組）停止，未收到 Store_Full 回應"),
		phrase("every fill file read back over MTP (GetObject) and compared with the regenerated stream; then every storage listed again (GetObjectHandles) and found empty", "每個填充檔經由 MTP (GetObject) 讀回並與重新產生的串流比對；其後重新列出每個儲存空間 (GetObjectHandles)，確認為空"),
		phrase("the phone refused to delete %d objects, which remain: %s", "手機拒絕刪除 $1 個物件，仍留存：$2"),
		phrase("%d objects were listed after the fill files were deleted (partial fill files listed late) and were deleted too", "刪除填充檔後又列出 $1 個物件（延遲列出的部分填充檔），亦已刪除"),
	}
	for _, en := range slices.Sorted(maps.Keys(zhDestroyVerbs)) {
		zh := zhDestroyVerbs[en]
		ps = append(ps,
			phrase(en+".", zh+"。"),
			phrase(en+" to a particle size of %s.", zh+"，粒徑 $1。"))
	}
	return ps
}

// zhTranslate renders s in Traditional Chinese when it is a sentence the record's
// writers are known to use, with every variable part kept as recorded; anything
// else comes back unchanged. It is a pure function.
func zhTranslate(s string) string {
	if t, ok := zhExact[s]; ok {
		return t
	}
	for _, p := range zhPhrases {
		m := p.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		return expandZH(p.zh, m)
	}
	// Sentences joined with "; " (a verification method and its notes, a reason
	// and its cause): render the parts that are known, keep the others.
	if parts := strings.Split(s, "; "); len(parts) > 1 {
		changed := false
		for i, part := range parts {
			if t := zhTranslate(part); t != part {
				parts[i], changed = t, true
			}
		}
		if changed {
			return strings.Join(parts, "；")
		}
	}
	return s
}

// expandZH fills template with the groups of m: $n as recorded, @n translated.
func expandZH(template string, m []string) string {
	var b strings.Builder
	for i := 0; i < len(template); i++ {
		c := template[i]
		if (c == '$' || c == '@') && i+1 < len(template) && template[i+1] >= '0' && template[i+1] <= '9' {
			n := int(template[i+1] - '0')
			if n < len(m) {
				if c == '@' {
					b.WriteString(zhTranslate(m[n]))
				} else {
					b.WriteString(m[n])
				}
				i++
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}
