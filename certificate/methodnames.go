package certificate

// The Chinese names of the methods a certificate names (the catalogue's names
// are English, in wipe.Methods).

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

	"mtp-clear":     "手機儲存空間清除（經由 MTP）",
	"phone-reset":   "手機原廠重設（引導式）",
	"optical-blank": "可覆寫光碟空白化",

	"destroy-shred":        "實體銷毀：切碎",
	"destroy-disintegrate": "實體銷毀：細碎分解",
	"destroy-incinerate":   "實體銷毀：焚毀",
	"destroy-pulverize":    "實體銷毀：研磨粉碎",
	"destroy-degauss":      "消磁",
}
