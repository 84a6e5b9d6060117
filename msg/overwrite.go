package msg

// The host overwrite engine (wipe's runner and engine, devices' open).
const (
	OverwriteNoDirectIO          ID = "overwrite.no-direct-io"
	OverwriteBuffered            ID = "overwrite.buffered"
	OverwriteReadDirect          ID = "overwrite.read-direct"
	OverwriteFlushedBuffers      ID = "overwrite.flushed-buffers"
	OverwriteDirectUnalignedTail ID = "overwrite.direct-unaligned-tail"
	OverwriteDroppedPages        ID = "overwrite.dropped-pages"
	OverwriteDropCacheFailed     ID = "overwrite.drop-cache-failed"
	OverwritePass                ID = "overwrite.pass"
	OverwriteReadOnlyCheck       ID = "overwrite.read-only-check"
	OverwriteReadOnlyException   ID = "overwrite.read-only-exception"
	OverwriteRounds              ID = "overwrite.rounds"
	OverwriteBlank               ID = "overwrite.blank"
	OverwriteRandomStream        ID = "overwrite.random-stream"
	OverwriteIO                  ID = "overwrite.io"
	OverwriteDirectIO            ID = "overwrite.direct-io"
	OverwriteVerifyReadOnly      ID = "overwrite.verify-read-only"
	OverwriteVerifyOff           ID = "overwrite.verify-off"
	OverwriteVerifyAll           ID = "overwrite.verify-all"
	OverwriteVerifyLast          ID = "overwrite.verify-last"
	OverwriteUnfrozen            ID = "overwrite.unfrozen"
	OverwriteUnfreezeFailed      ID = "overwrite.unfreeze-failed"
	OverwriteInternalError       ID = "overwrite.internal-error"
	OverwriteDuringStep          ID = "overwrite.during-step"
	StepMethod                   ID = "step.method"
	StepBackup                   ID = "step.backup"
	StepOpen                     ID = "step.open"
	StepPlan                     ID = "step.plan"
	StepStart                    ID = "step.start"
)

var overwrite = map[ID]text{
	OverwriteNoDirectIO: {
		"the target does not support O_DIRECT (a file on ramfs, tmpfs before Linux 6.6, or a similar file system): writes went through the page cache with fdatasync, and the read-back may have been served from memory",
		"目標不支援 O_DIRECT（ramfs、Linux 6.6 之前的 tmpfs 或類似檔案系統上的檔案）：寫入經由頁面快取並以 fdatasync 同步，讀回比對可能取自記憶體"},
	OverwriteBuffered: {
		"opened without O_DIRECT (no data transfer by the host)",
		"未以 O_DIRECT 開啟（主機不傳輸資料）"},
	OverwriteReadDirect: {"read back with O_DIRECT (page cache bypassed)", "以 O_DIRECT 讀回（繞過頁面快取）"},
	OverwriteFlushedBuffers: {
		"no O_DIRECT: flushed the device's buffer cache (BLKFLSBUF) before reading back",
		"未使用 O_DIRECT：讀回前已清空裝置緩衝快取 (BLKFLSBUF)"},
	OverwriteDirectUnalignedTail: {
		"read back with O_DIRECT; the unaligned tail of the image file through the page cache after POSIX_FADV_DONTNEED",
		"以 O_DIRECT 讀回；映像檔未對齊的尾端於 POSIX_FADV_DONTNEED 後經由頁面快取讀取"},
	OverwriteDroppedPages: {
		"no O_DIRECT: dropped cached pages with POSIX_FADV_DONTNEED before reading back (on memory file systems the memory is the medium itself)",
		"未使用 O_DIRECT：讀回前以 POSIX_FADV_DONTNEED 丟棄快取頁面（在記憶體檔案系統上，記憶體本身即為媒體）"},
	OverwriteDropCacheFailed: {"dropping cached pages before read-back failed: {1}", "讀回前丟棄快取頁面失敗：{1}"},
	OverwritePass:            {"pass {1}/{2}: {3}", "第 {1}/{2} 遍：{3}"},
	OverwriteReadOnlyCheck: {
		"read-only check: every byte compared with {1}; nothing was written",
		"唯讀檢查：每個位元組皆與 {1} 比對；未寫入任何資料"},
	OverwriteReadOnlyException: {"this job only read the medium; it did not sanitize it", "本作業僅讀取媒體，並未進行清除"},
	OverwriteRounds:            {"{1} rounds of the method's {2} passes", "方法的 {2} 遍重複 {1} 輪"},
	OverwriteBlank:             {"final blanking pass of 0x00 (--blank)", "最後以 0x00 補寫一遍空白 (--blank)"},
	OverwriteRandomStream: {
		"random passes: AES-128-CTR keystream, a new key and counter from crypto/rand for each pass, kept in memory only for the job",
		"亂數遍：AES-128-CTR 金鑰串流，每遍以 crypto/rand 產生新的金鑰與計數器，僅於作業期間保存在記憶體中"},
	OverwriteIO: {
		"I/O: whole device from byte 0 to {1}, {2} MiB requests, fdatasync after every pass and every GiB",
		"I/O：整個裝置自位元組 0 至 {1}，每次請求 {2} MiB，每遍及每 GiB 後執行 fdatasync"},
	OverwriteDirectIO:       {"I/O bypassed the page cache (O_DIRECT)", "I/O 繞過頁面快取 (O_DIRECT)"},
	OverwriteVerifyReadOnly: {"read the whole medium and compared every byte with {1}", "讀取整個媒體並將每個位元組與 {1} 比對"},
	OverwriteVerifyOff:      {"not verified (--verify off)", "未驗證 (--verify off)"},
	OverwriteVerifyAll: {
		"after every pass, read the whole medium back and compared it byte for byte with the pass regenerated from its pattern or key",
		"每遍寫入後讀回整個媒體，並與依樣式或金鑰重新產生的該遍資料逐位元組比對"},
	OverwriteVerifyLast: {
		"read the whole medium back after the last pass and compared it byte for byte with that pass regenerated from its pattern or key",
		"最後一遍寫入後讀回整個媒體，並與依樣式或金鑰重新產生的該遍資料逐位元組比對"},
	OverwriteUnfrozen: {
		"before the job, the workstation was suspended to RAM and resumed (wipe --unfreeze) to lift the drive's ATA security freeze; IDENTIFY then reported it not frozen",
		"作業前，工作站已暫停至記憶體並恢復 (wipe --unfreeze)，以解除磁碟的 ATA 安全凍結；其後 IDENTIFY 回報未凍結"},
	OverwriteUnfreezeFailed: {
		"before the job, the workstation was suspended to RAM and resumed (wipe --unfreeze): {1}",
		"作業前，工作站已暫停至記憶體並恢復 (wipe --unfreeze)：{1}"},
	OverwriteInternalError: {
		"internal error (panic: {1}); the medium's state is unknown",
		"內部錯誤（panic：{1}）；媒體狀態不明"},
	OverwriteDuringStep:        {"during {1}", "於「{1}」期間"},
	StepMethod:                 {"method", "選擇方法"},
	StepBackup:                 {"backup (nothing was erased)", "備份（未清除任何資料）"},
	StepOpen:                   {"open", "開啟"},
	StepPlan:                   {"plan", "規劃"},
	StepStart:                  {"start", "開始"},
	OverwriteRandomPass:        {"random (AES-128-CTR stream)", "亂數（AES-128-CTR 串流）"},
	OverwritePattern:           {"{1}", "{1}"},
	OutcomeMethodFailedBecause: {"{1}: {2} ({3})", "{1}：{2}（{3}）"},
}

// Pass contents and failures.
const (
	OverwriteRandomPass        ID = "overwrite.random-pass"
	OverwritePattern           ID = "overwrite.pattern"
	OutcomeMethodFailedBecause ID = "outcome.method-failed-because"
)
