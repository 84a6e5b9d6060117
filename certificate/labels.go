package certificate

import (
	"fmt"
	"strings"

	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// Languages are the certificate languages, as the config file and --lang name them.
const (
	LangEnglish            = msg.English
	LangTraditionalChinese = msg.TraditionalChinese
)

// labels is every fixed word on a certificate in one language.
type labels struct {
	titleErasure, titleReport string
	subtitle                  string
	certID                    string

	bannerErased, bannerDestroyed, bannerDegaussed, bannerNotErased string
	statusWord                                                      map[string]string

	secPerson, secMedia, secJob, secSanitization, secExceptions, secDestination string
	secSignature, secValidation                                                 string

	name, title, organization, location, phone string

	vendor, model, serial, assetTag, mediaType, source, classification, backedUp, backupLocation string

	started, finished, duration, host string

	methodType, methodUsed, method, methodDetails, tool, bytesWritten, verifyMethod, verifyResult string
	postClassification, standards, hiddenArea, fallback, notes                                    string

	destination, destinationDetails string

	attestation, attestationReport string
	signature, date, printedName   string

	none        string
	footerHash  string
	footerKey   string
	footerCheck string

	// words translates the fixed vocabulary found inside records (class, technique,
	// Yes/No/Unknown, destinations); values not listed print as recorded.
	words map[string]string

	verifyMode                                   map[string]string
	verifyPassed, verifyFailed, verifyNotChecked string
	covered, notCovered                          string
	bytesUnit                                    string
	durationFmt                                  func(h, m, s int) string
	rangeErrors                                  string
	reason                                       string
	// colon joins a label-like lead to its text: ": " or "：".
	colon string
	// readBack says how much a verification read back and how many blocks mismatched.
	readBack func(read string, mismatches int64) string
	// hiddenFmt describes native vs accessible sectors and whether they were covered.
	hiddenFmt func(native, accessible, covered string) string
	// rangeLine describes one range that could not be written or read back;
	// moreRanges the ones not printed.
	rangeLine  func(phase string, pass int, offset, length, err string) string
	moreRanges func(n int) string
	// moreExceptions stands for the n exceptions not printed.
	moreExceptions func(n int) string
	// passRange is passes from..to of of that all wrote what; passList the
	// fixed patterns of passes from..to, in order.
	passRange func(from, to, of int, what string) string
	passList  func(from, to, of int, patterns []string) string

	// moreText ends a value cut short on the page.
	moreText string
	// pageOf numbers a page; continued follows a label repeated on a new page.
	pageOf    func(n, total int) string
	continued string
	// unrenderable explains "[U+2161A]" on a page with such marks.
	unrenderable string

	// backupUnverified: the job made a backup that was not verified;
	// backupClaimed: the operator said Yes with no backup in the record; stated
	// follows a backup location only the operator gave (with its separator).
	backupUnverified, backupClaimed, stated string
	// inspected (banner) and inspectedResult say that a destruction's remains
	// were looked at by a witness; attestedResult that nobody checked.
	inspected, inspectedResult, attestedResult string

	// lang is the certificate's language, in which the record's messages (method
	// details, exceptions, reasons) are rendered from the catalogue (package msg);
	// methodNames names the catalogue's methods by ID.
	lang        string
	methodNames map[string]string
}

// labelsFor returns the labels of lang, or an error naming the languages known.
func labelsFor(lang string) (*labels, error) {
	switch lang {
	case "", LangEnglish:
		return english(), nil
	case LangTraditionalChinese:
		return traditionalChinese(), nil
	default:
		return nil, fmt.Errorf("certificate language %q: want %q or %q", lang, LangEnglish, LangTraditionalChinese)
	}
}

func english() *labels {
	return &labels{
		titleErasure: "Certificate of Sanitization",
		titleReport:  "Sanitization Report: NOT ERASED",
		subtitle:     "Media sanitization record per NIST SP 800-88 Rev. 1, Appendix G",
		certID:       "Certificate ID",

		bannerErased:    "ERASED",
		bannerDestroyed: "DESTROYED",
		bannerDegaussed: "DEGAUSSED",
		bannerNotErased: "NOT ERASED",
		statusWord: map[string]string{
			"failed": "job failed", "aborted": "job aborted", "refused": "refused by a safety check", "unverified": "not verified",
			"erased": "record inconsistent",
		},

		secPerson:       "Person performing sanitization",
		secMedia:        "Media information",
		secJob:          "Job",
		secSanitization: "Sanitization details",
		secExceptions:   "Exceptions",
		secDestination:  "Media destination",
		secSignature:    "Signature",
		secValidation:   "Validation",

		name: "Name", title: "Title", organization: "Organization", location: "Location", phone: "Phone",

		vendor: "Make / vendor", model: "Model number", serial: "Serial number", assetTag: "Property number",
		mediaType: "Media type", source: "Source", classification: "Classification",
		backedUp: "Data backed up", backupLocation: "Backup location",

		started: "Started", finished: "Finished", duration: "Duration", host: "Workstation",

		methodType: "Method type", methodUsed: "Method used", method: "Method", methodDetails: "Method details",
		tool: "Tool used", bytesWritten: "Bytes written", verifyMethod: "Verification method",
		verifyResult: "Verification result", postClassification: "Post-sanitization classification",
		standards: "Standards cited", hiddenArea: "Hidden area (HPA/DCO)", fallback: "Fallback taken", notes: "Notes",

		destination: "Destination", destinationDetails: "Details",

		attestation:       "I attest that the information in this certificate is accurate and that the media described were sanitized as stated.",
		attestationReport: "I attest that the information in this report is accurate. The media described were NOT sanitized and must not be released.",
		signature:         "Signature",
		date:              "Date",
		printedName:       "Name",

		none:        "None",
		footerHash:  "Record SHA-256",
		footerKey:   "Signing key SHA-256",
		footerCheck: "This PDF is digitally signed and carries its job record (record.json). Check it with: wipestation cert verify FILE",

		words: map[string]string{},
		verifyMode: map[string]string{
			"full": "Full read-back", "sampling": "Quick sampling (NIST SP 800-88 4.7)",
			"last-pass": "Read-back of the last pass", "all-passes": "Read-back of every pass",
			"none": "None", "other": "Other",
		},
		verifyPassed:     "Passed",
		verifyFailed:     "Failed",
		verifyNotChecked: "Not verified",
		covered:          "covered",
		notCovered:       "NOT covered",
		bytesUnit:        "bytes",
		durationFmt: func(h, m, s int) string {
			if h > 0 {
				return fmt.Sprintf("%d h %02d min %02d s", h, m, s)
			}
			return fmt.Sprintf("%d min %02d s", m, s)
		},
		rangeErrors: "ranges could not be written or read back",
		reason:      "Reason",
		colon:       ": ",
		readBack: func(read string, mismatches int64) string {
			return fmt.Sprintf(": %s read back, %d mismatching blocks", read, mismatches)
		},
		hiddenFmt: func(native, accessible, covered string) string {
			return fmt.Sprintf("native %s / accessible %s sectors, %s", native, accessible, covered)
		},
		rangeLine: func(phase string, pass int, offset, length, err string) string {
			return fmt.Sprintf("  %s pass %d: offset %s, length %s: %s", phase, pass, offset, length, err)
		},
		moreRanges: func(n int) string { return fmt.Sprintf("  ... (+%d, see record.json)", n) },
		moreExceptions: func(n int) string {
			return fmt.Sprintf("... %d more exceptions, not printed here: record.json (embedded in this PDF) lists every one", n)
		},
		passRange: func(from, to, of int, what string) string {
			return fmt.Sprintf("passes %d-%d/%d: %s", from, to, of, what)
		},
		passList: func(from, to, of int, patterns []string) string {
			return fmt.Sprintf("passes %d-%d/%d, in this order: %s", from, to, of, strings.Join(patterns, ", "))
		},
		moreText:     "... (the rest is in record.json)",
		pageOf:       func(n, total int) string { return fmt.Sprintf("Page %d of %d", n, total) },
		continued:    " (cont.)",
		unrenderable: "[U+XXXX] marks a character the certificate's font cannot draw, written as its Unicode code point ([0xXX]: a byte that is not UTF-8). The embedded record.json keeps the exact text.",

		backupUnverified: "A copy was made; not verified",
		backupClaimed:    "Unknown (stated Yes; no backup in the job record)",
		stated:           " (as stated; not checked)",
		inspected:        "Visually inspected",
		inspectedResult:  "Remains visually inspected by the witness; the medium was not read back",
		attestedResult:   "Not verified: technician's attestation only; the medium was not read back",
		lang:             msg.English,
	}
}

func traditionalChinese() *labels {
	return &labels{
		titleErasure: "媒體清除證明書",
		titleReport:  "媒體清除作業報告：未清除",
		subtitle:     "依據 NIST SP 800-88 Rev. 1 附錄 G 之媒體清除紀錄",
		certID:       "證明書編號",

		bannerErased:    "已清除 ERASED",
		bannerDestroyed: "已銷毀 DESTROYED",
		bannerDegaussed: "已消磁 DEGAUSSED",
		bannerNotErased: "未清除 NOT ERASED",
		statusWord: map[string]string{
			"failed": "作業失敗", "aborted": "作業中止", "refused": "安全檢查拒絕", "unverified": "未經驗證",
			"erased": "紀錄不一致",
		},

		secPerson:       "執行清除人員",
		secMedia:        "媒體資訊",
		secJob:          "作業",
		secSanitization: "清除細節",
		secExceptions:   "例外事項",
		secDestination:  "媒體去向",
		secSignature:    "簽名",
		secValidation:   "驗證確認",

		name: "姓名", title: "職稱", organization: "單位", location: "地點", phone: "電話",

		vendor: "廠牌", model: "型號", serial: "序號", assetTag: "財產編號",
		mediaType: "媒體類型", source: "來源", classification: "機密等級",
		backedUp: "資料已備份", backupLocation: "備份位置",

		started: "開始時間", finished: "結束時間", duration: "耗時", host: "工作站",

		methodType: "清除等級", methodUsed: "使用技術", method: "方法", methodDetails: "方法細節",
		tool: "使用工具", bytesWritten: "寫入位元組", verifyMethod: "驗證方式",
		verifyResult: "驗證結果", postClassification: "清除後機密等級",
		standards: "依據標準", hiddenArea: "隱藏區 (HPA/DCO)", fallback: "降級處理", notes: "備註",

		destination: "去向", destinationDetails: "說明",

		attestation:       "本人證明本證明書所載資訊正確，\n所述媒體已依所載方式完成清除。",
		attestationReport: "本人證明本報告所載資訊正確。\n所述媒體未完成清除，不得移出或再利用。",
		signature:         "簽名",
		date:              "日期",
		printedName:       "姓名",

		none:        "無",
		footerHash:  "紀錄 SHA-256",
		footerKey:   "簽章金鑰 SHA-256",
		footerCheck: "本 PDF 已數位簽章並內附作業紀錄 (record.json)。查驗指令：wipestation cert verify 檔案",

		words: map[string]string{
			"Clear": "清除 (Clear)", "Purge": "清洗 (Purge)", "Destroy": "銷毀 (Destroy)", "Other": "其他 (Other)",
			"Overwrite": "覆寫 (Overwrite)", "Block Erase": "區塊抹除 (Block Erase)",
			"Crypto Erase": "加密抹除 (Crypto Erase)", "Degauss": "消磁 (Degauss)", "Destruct": "實體銷毀 (Destruct)",
			"Yes": "是", "No": "否", "Unknown": "不明",
			"Internal Reuse": "內部再利用", "External Reuse": "外部再利用",
			"Recycling Facility": "回收處理廠", "Manufacturer": "原製造商",
			"NVMe SSD": "NVMe 固態硬碟", "Hard disk drive": "傳統硬碟", "USB flash drive": "USB 隨身碟",
			"USB disk": "USB 外接硬碟", "Solid-state drive": "固態硬碟", "Memory card": "記憶卡",
			"Optical disc": "光碟", "Phone / tablet": "手機／平板", "Image file": "映像檔",
			"Loop device (virtual)": "Loop 虛擬裝置",
		},
		verifyMode: map[string]string{
			// The sampling method's own text cites NIST SP 800-88 Rev. 1 4.7.
			"full": "完整讀回比對", "sampling": "抽樣比對",
			"last-pass": "讀回比對最後一遍", "all-passes": "讀回比對每一遍",
			"none": "無", "other": "其他",
		},
		verifyPassed:     "通過",
		verifyFailed:     "未通過",
		verifyNotChecked: "未驗證",
		covered:          "已涵蓋",
		notCovered:       "未涵蓋",
		bytesUnit:        "位元組",
		durationFmt: func(h, m, s int) string {
			if h > 0 {
				return fmt.Sprintf("%d 小時 %02d 分 %02d 秒", h, m, s)
			}
			return fmt.Sprintf("%d 分 %02d 秒", m, s)
		},
		rangeErrors: "個區段無法寫入或讀回",
		reason:      "原因",
		colon:       "：",
		readBack: func(read string, mismatches int64) string {
			return fmt.Sprintf("：讀回 %s，不符區塊 %d 個", read, mismatches)
		},
		hiddenFmt: func(native, accessible, covered string) string {
			return fmt.Sprintf("原生 %s 個磁區／可存取 %s 個磁區，%s", native, accessible, covered)
		},
		rangeLine: func(phase string, pass int, offset, length, err string) string {
			return fmt.Sprintf("  第 %d 遍%s：位移 %s，長度 %s：%s", pass, phase, offset, length, err)
		},
		moreRanges: func(n int) string { return fmt.Sprintf("  ……（另有 %d 筆，見 record.json）", n) },
		moreExceptions: func(n int) string {
			return fmt.Sprintf("……另有 %d 項例外事項未列於此頁：本 PDF 內附之 record.json 列有全部", n)
		},
		passRange: func(from, to, of int, what string) string {
			return fmt.Sprintf("第 %d-%d/%d 遍：%s", from, to, of, what)
		},
		passList: func(from, to, of int, patterns []string) string {
			return fmt.Sprintf("第 %d-%d/%d 遍，依序為：%s", from, to, of, strings.Join(patterns, "、"))
		},
		moreText:     "……（其餘見 record.json）",
		pageOf:       func(n, total int) string { return fmt.Sprintf("第 %d 頁，共 %d 頁", n, total) },
		continued:    "（續）",
		unrenderable: "[U+XXXX] 表示證明書字型無法顯示的字元，以其 Unicode 碼位記載（[0xXX]：非 UTF-8 位元組）。內附之 record.json 保存原文。",

		backupUnverified: "已複製，未驗證",
		backupClaimed:    "不明（填報為是，紀錄無備份）",
		stated:           "（填報，未查核）",
		inspected:        "目視檢查",
		inspectedResult:  "見證人已目視檢查殘骸；未讀回媒體",
		attestedResult:   "未驗證：僅有技術人員之聲明；未讀回媒體",
		lang:             msg.TraditionalChinese,
		methodNames:      zhMethodNames,
	}
}

// word translates a fixed vocabulary value, leaving anything else as recorded.
func (l *labels) word(v string) string {
	if t, ok := l.words[v]; ok {
		return t
	}
	return v
}

// methodName names the method a record carries: in English as recorded; in
// another language by the method's ID, with the recorded name kept when it is
// not the catalogue's (so that nothing recorded is lost).
func (l *labels) methodName(id, recorded string) string {
	if id == "" {
		return recorded
	}
	name, ok := l.methodNames[id]
	if !ok {
		return strings.TrimSpace(recorded + " (" + id + ")")
	}
	if recorded != "" && recorded != catalogueName(id) {
		return name + " (" + id + "; " + recorded + ")"
	}
	return name + " (" + id + ")"
}

// catalogueName is the English name the catalogue or DestroyRecord gives id.
func catalogueName(id string) string {
	if how, ok := strings.CutPrefix(id, "destroy-"); ok {
		return "Physical destruction: " + how
	}
	if m, ok := wipe.LookupMethod(id); ok {
		return m.Name
	}
	return ""
}

// orNone returns v, or the language's "none" for an empty value.
func (l *labels) orNone(v string) string {
	if strings.TrimSpace(v) == "" {
		return l.none
	}
	return v
}
