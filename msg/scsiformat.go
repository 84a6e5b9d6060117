package msg

// SCSI FORMAT UNIT (scsi-format-unit, wipe --reformat; docs/scsi-format.md): why
// the policy offers it, why a drive cannot take it, and what the format's steps
// report. The block format's facts themselves are typed fields of the record
// (wipe.ReformatOutcome), not sentences.
const (
	PolicySCSIFormatUnit ID = "policy.scsi-format-unit"
	PolicyReformatTo     ID = "policy.reformat-to"
	PolicyNeedsReformat  ID = "policy.needs-reformat"

	SupportNoBlockFormat          ID = "support.no-block-format"
	SupportFormatUnitNotSupported ID = "support.format-unit-not-supported"
	SupportFormatUnitUnknown      ID = "support.format-unit-unknown"

	FormatCapacityBefore  ID = "format.capacity-before"
	FormatModeSelect      ID = "format.mode-select-rejected"
	FormatRejected        ID = "format.rejected"
	FormatRequestSense    ID = "format.request-sense"
	FormatFailedCorrupted ID = "format.failed-corrupted"
	FormatFailed          ID = "format.failed"
	FormatCapacityAfter   ID = "format.capacity-after"
	FormatWrongGeometry   ID = "format.wrong-geometry"
	FormatVerifyCancelled ID = "format.verify-cancelled"
	FormatUnreadable      ID = "format.unreadable"
	FormatNotPattern      ID = "format.not-pattern"
	FormatNoTarget        ID = "format.no-target"
	FormatMethodFull      ID = "format.method-full"
	FormatMethodSampling  ID = "format.method-sampling"
	FormatDidNotComplete  ID = "format.did-not-complete"

	ReformatRescan        ID = "reformat.rescan"
	ReformatFirst         ID = "reformat.first"
	ReformatNothingSent   ID = "reformat.nothing-sent"
	ReformatCapacity      ID = "reformat.capacity"
	ReformatNoReformatter ID = "reformat.no-reformatter"
	ReformatNoGeometry    ID = "reformat.no-geometry"
	ReformatBlockMismatch ID = "reformat.block-mismatch"
	ReformatWithBackup    ID = "reformat.with-backup"
	ReformatDevice        ID = "reformat.device"
)

var scsiFormat = map[ID]text{
	PolicySCSIFormatUnit: {
		"SCSI FORMAT UNIT with an initialization pattern (and the security-initialize bit where the drive takes it, which also reaches reassigned blocks), then read back: Clear under IEEE 2883; never Purge (NIST 800-88 Rev.1 names only SANITIZE for SCSI/SAS)",
		"SCSI FORMAT UNIT 並寫入初始化樣式（磁碟支援時加上安全初始化位元，亦涵蓋重新配置的區塊），其後讀回：依 IEEE 2883 屬清除 (Clear)；絕非清洗 (Purge)（NIST 800-88 Rev.1 對 SCSI/SAS 僅列 SANITIZE）"},
	PolicyReformatTo: {
		"it reformats the disk to {1}-byte blocks without protection information",
		"將磁碟重新格式化為 {1} 位元組區塊，無保護資訊"},
	PolicyNeedsReformat: {
		"host overwrite not offered: the disk is formatted with {1}-byte blocks and protection type {2}, which Linux cannot read or write; reformat it with scsi-format-unit, or overwrite with wipe --reformat, which formats it first",
		"不提供主機覆寫：磁碟格式為 {1} 位元組區塊、保護類型 {2}，Linux 無法讀寫；請以 scsi-format-unit 重新格式化，或以 wipe --reformat 覆寫（先行格式化）"},

	SupportNoBlockFormat: {
		"the disk's block format is unknown: it did not answer READ CAPACITY(16){1}",
		"磁碟的區塊格式不明：未回應 READ CAPACITY(16){1}"},
	SupportFormatUnitNotSupported: {
		"the device reports FORMAT UNIT as not supported (REPORT SUPPORTED OPERATION CODES)",
		"裝置回報不支援 FORMAT UNIT（REPORT SUPPORTED OPERATION CODES）"},
	SupportFormatUnitUnknown: {
		"support for FORMAT UNIT is unknown: the device did not answer REPORT SUPPORTED OPERATION CODES{1}",
		"是否支援 FORMAT UNIT 不明：裝置未回應 REPORT SUPPORTED OPERATION CODES{1}"},

	FormatCapacityBefore: {"READ CAPACITY(16) before the format: {1}; nothing was sent", "格式化前 READ CAPACITY(16) 失敗：{1}；未送出任何指令"},
	FormatModeSelect: {
		"MODE SELECT(10) of {1}-byte blocks was rejected: {2}; nothing was formatted",
		"設定 {1} 位元組區塊的 MODE SELECT(10) 遭拒：{2}；未進行格式化"},
	FormatRejected:     {"FORMAT UNIT was rejected: {1}", "FORMAT UNIT 遭拒：{1}"},
	FormatRequestSense: {"REQUEST SENSE while formatting: {1}", "格式化期間的 REQUEST SENSE：{1}"},
	FormatFailedCorrupted: {
		"the format failed ({1}): the disk is unusable until it is formatted again",
		"格式化失敗（{1}）：磁碟在重新格式化之前無法使用"},
	FormatFailed:        {"the format failed: {1}", "格式化失敗：{1}"},
	FormatCapacityAfter: {"the format ended, but READ CAPACITY(16) failed: {1}", "格式化結束，但 READ CAPACITY(16) 失敗：{1}"},
	FormatWrongGeometry: {
		"the format ended, but the disk reports {1}-byte blocks and protection type {2}, not {3}-byte blocks without protection",
		"格式化結束，但磁碟回報 {1} 位元組區塊、保護類型 {2}，而非無保護資訊的 {3} 位元組區塊"},
	FormatVerifyCancelled: {"the format completed, but verification was cancelled: {1}", "格式化完成，但驗證被取消：{1}"},
	FormatUnreadable: {
		"the format completed, but {1} of {2} ranges of the new medium could not be read back",
		"格式化完成，但新媒體 {2} 個區段中有 {1} 個無法讀回"},
	FormatNotPattern: {
		"the format completed, but {1} of {2} ranges of the new medium do not read as {3}h throughout: the drive did not write the pattern",
		"格式化完成，但新媒體 {2} 個區段中有 {1} 個未整段讀出為 {3}h：磁碟並未寫入填寫樣式"},
	FormatNoTarget: {"reformat: no block device target", "重新格式化：沒有區塊裝置目標"},
	FormatMethodFull: {
		"full: all {1} bytes of the new format read through SG_IO READ(16) after the format; every byte must read as {2}h",
		"完整比對：格式化後以 SG_IO READ(16) 讀取新格式的全部 {1} 位元組；每個位元組須讀出為 {2}h"},
	FormatMethodSampling: {
		"NIST SP 800-88 Rev. 1 4.7 sampling of the new format: {1} subsections, {2} pseudorandom non-overlapping samples in each (seed {3}) plus the first and last LBA, {4} samples, {5} of {6} bytes, read through SG_IO READ(16) after the format; every byte must read as {7}h",
		"NIST SP 800-88 Rev. 1 4.7 抽樣新格式：{1} 區 × 各 {2} 個不重疊偽隨機樣本（種子 {3}）＋首末 LBA，共 {4} 個樣本，讀取 {5}／{6} 位元組；格式化後以 SG_IO READ(16) 讀取；每個位元組須讀出為 {7}h"},
	FormatDidNotComplete: {"the format did not complete", "格式化未完成"},

	ReformatRescan:        {"{1} (rescan: {2})", "{1}（重新掃描：{2}）"},
	ReformatFirst:         {"reformat before the overwrite", "覆寫前重新格式化"},
	ReformatNothingSent:   {"reformat before the overwrite (nothing was sent)", "覆寫前重新格式化（未送出任何指令）"},
	ReformatCapacity:      {"capacity after the reformat", "重新格式化後的容量"},
	ReformatNoReformatter: {"no reformatter configured", "此版本無法送出 FORMAT UNIT"},
	ReformatNoGeometry:    {"the reformatter reported no new block format", "重新格式化未回報新的區塊格式"},
	ReformatBlockMismatch: {
		"the disk now has {1}-byte blocks and the target was opened with {2}: list it again and run the overwrite without --reformat",
		"磁碟現為 {1} 位元組區塊，但目標開啟時為 {2}：請重新列出後，不加 --reformat 再執行覆寫"},
	ReformatWithBackup: {
		"--reformat with --backup: Linux cannot read the disk before the format ({1}-byte blocks, protection type {2}), and the format erases it",
		"--reformat 不得搭配 --backup：格式化前 Linux 無法讀取此磁碟（{1} 位元組區塊，保護類型 {2}），而格式化會將其抹除"},
	ReformatDevice: {"reformat {1}: {2}", "重新格式化 {1}：{2}"},
}
