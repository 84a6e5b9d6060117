package msg

// Outcomes: why a job did not end erased, and what follows from its facts
// (wipe.Decide).
const (
	OutcomeRangeError            ID = "outcome.range-error"
	OutcomeMismatchedBlocks      ID = "outcome.mismatched-blocks"
	OutcomeCancelled             ID = "outcome.cancelled"
	OutcomeCancelledBecause      ID = "outcome.cancelled-because"
	OutcomeCancelledNotErased    ID = "outcome.cancelled-not-erased"
	OutcomeNotCompleted          ID = "outcome.not-completed"
	OutcomeRangesFailed          ID = "outcome.ranges-failed"
	OutcomeMismatch              ID = "outcome.mismatch"
	OutcomeNotReadBack           ID = "outcome.not-read-back"
	OutcomeNotVerifiedNoReadBack ID = "outcome.not-verified-no-read-back"
	OutcomeNotProven             ID = "outcome.not-proven"
	OutcomeNotVerified           ID = "outcome.not-verified"
	OutcomeCheckIncomplete       ID = "outcome.check-incomplete"
	OutcomeCheckUnproven         ID = "outcome.check-unproven"
	OutcomeContradictRanges      ID = "outcome.contradict-ranges"
	OutcomeContradictMismatch    ID = "outcome.contradict-mismatch"
	OutcomeContradictUnverified  ID = "outcome.contradict-unverified"
	OutcomePassesWritten         ID = "outcome.passes-written"
	OutcomeDeviceGone            ID = "outcome.device-gone"
	OutcomeDeviceUnresponsive    ID = "outcome.device-unresponsive"
	OutcomeExecutorUnavailable   ID = "outcome.executor-unavailable"
	OutcomeVerifyOffNotAllowed   ID = "outcome.verify-off-not-allowed"
	OutcomeEmptyMedium           ID = "outcome.empty-medium"
	OutcomeNoBackupEngine        ID = "outcome.no-backup-engine"
	OutcomeNoMethod              ID = "outcome.no-method"

	PhaseWrite  ID = "phase.write"
	PhaseVerify ID = "phase.verify"
	PhaseSample ID = "phase.sample"
	PhaseOther  ID = "phase.other"
)

var outcome = map[ID]text{
	OutcomeRangeError: {
		"pass {1} {2} error at bytes {3}-{4} ({5} bytes): {6}",
		"第 {1} 遍{2}錯誤，位元組 {3}-{4}（{5} 位元組）：{6}"},
	OutcomeMismatchedBlocks: {
		"verification: {1} blocks of {2} bytes did not hold what was written (first at byte {3})",
		"驗證：{1} 個 {2} 位元組區塊與寫入內容不符（第一個位於位元組 {3}）"},
	OutcomeCancelled:          {"cancelled", "已取消"},
	OutcomeCancelledBecause:   {"cancelled: {1}", "已取消：{1}"},
	OutcomeCancelledNotErased: {"{1}; the medium is not erased", "{1}；媒體未清除"},
	OutcomeNotCompleted:       {"the job did not complete", "作業未完成"},
	OutcomeRangesFailed:       {"{1} ranges could not be written or read back", "{1} 個區段無法寫入或讀回"},
	OutcomeMismatch: {
		"verification mismatch: {1} blocks did not hold what was written",
		"驗證不符：{1} 個區塊與寫入內容不符"},
	OutcomeNotReadBack: {
		"the result was not read back (--verify off): the medium is not proven erased",
		"未讀回結果 (--verify off)：無法證明媒體已抹除"},
	OutcomeNotVerifiedNoReadBack: {
		"not verified: the medium was not read back after the method ran",
		"未驗證：方法執行後未讀回媒體"},
	OutcomeNotProven:       {"not proven: {1}", "未能證實：{1}"},
	OutcomeNotVerified:     {"not verified: {1}", "未驗證：{1}"},
	OutcomeCheckIncomplete: {"the check did not cover the whole medium", "檢查未涵蓋整個媒體"},
	OutcomeCheckUnproven:   {"the check did not prove the result", "檢查未能證明結果"},
	OutcomeContradictRanges: {
		"the record says erased but lists {1} unwritten or unreadable ranges",
		"紀錄標示已清除，但列有 {1} 個未寫入或無法讀取的區段"},
	OutcomeContradictMismatch: {
		"the record says erased but verification found {1} mismatching blocks",
		"紀錄標示已清除，但驗證發現 {1} 個不符區塊"},
	OutcomeContradictUnverified: {
		"the record says erased but verification did not confirm it",
		"紀錄標示已清除，但驗證未能確認"},
	OutcomePassesWritten: {"{1} of {2} passes written", "已寫入 {2} 遍中的 {1} 遍"},
	OutcomeDeviceGone: {
		"the device disappeared mid-job ({1})",
		"作業中裝置消失（{1}）"},
	OutcomeDeviceUnresponsive: {
		"the device stopped responding ({1})",
		"裝置停止回應（{1}）"},
	OutcomeExecutorUnavailable: {
		"method {1} needs the {2} engine, which is not available in this build",
		"方法 {1} 需要 {2} 執行引擎，本版本未提供"},
	OutcomeVerifyOffNotAllowed: {
		"method {1} includes verification; --verify off is not allowed with it",
		"方法 {1} 包含驗證程序，不得搭配 --verify off"},
	OutcomeEmptyMedium: {
		"the device reports a size of 0 bytes (no medium inserted?); nothing to overwrite",
		"裝置回報容量為 0 位元組（未插入媒體？）；無可覆寫的內容"},
	OutcomeNoBackupEngine: {
		"a backup was asked for, but no backup engine is available; nothing was erased",
		"要求先備份，但沒有可用的備份功能；未清除任何資料"},
	OutcomeNoMethod: {"no method is recommended for this device", "此裝置沒有建議的方法"},

	PhaseWrite:  {"write", "寫入"},
	PhaseVerify: {"verify", "驗證"},
	PhaseSample: {"sample", "取樣"},
	PhaseOther:  {"other", "其他"},
}

// Method resolution (wipe.Resolve).
const (
	MethodPurgeVerb     ID = "method.purge-verb"
	MethodClearVerb     ID = "method.clear-verb"
	MethodFallbackClear ID = "method.fallback-clear"
	MethodNoneOfClass   ID = "method.none-of-class"
)

var method = map[ID]text{
	MethodPurgeVerb: {"purged", "清洗 (Purge)"},
	MethodClearVerb: {"cleared", "清除 (Clear)"},
	MethodFallbackClear: {
		"purge requested, but {1} cannot be purged ({2}); downgraded to Clear with {3} as asked by --fallback clear",
		"要求清洗 (Purge)，但 {1} 無法清洗（{2}）；依 --fallback clear 降級為以 {3} 清除 (Clear)"},
	MethodNoneOfClass: {"no {1} method applies; available: {2}", "沒有適用的 {1} 方法；可用方法：{2}"},
}

// Readers of records (certificate, register).
const OutcomeNoReason ID = "outcome.no-reason"

var reader = map[ID]text{
	OutcomeNoReason: {"the record gives no reason for its status {1}", "紀錄未說明其狀態 {1} 的原因"},
}
