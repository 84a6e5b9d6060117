package msg

// Optical discs (wipe/optical): blanking or formatting and overwriting a
// rewritable disc, and why a disc was refused or not blanked.
const (
	OpticalNotSanitization ID = "optical.not-sanitization"
	OpticalRefuseReadOnly  ID = "optical.refuse-read-only"
	OpticalRefuseWriteOnce ID = "optical.refuse-write-once"
	OpticalCancelled       ID = "optical.cancelled"
	OpticalDiscChanged     ID = "optical.disc-changed"
	OpticalDisc            ID = "optical.disc"
	OpticalBlank           ID = "optical.blank"
	OpticalFormat          ID = "optical.format"
	OpticalWriteZeros      ID = "optical.write-zeros"
	OpticalVerifyBlank     ID = "optical.verify-blank"
	OpticalVerifyZeros     ID = "optical.verify-zeros"

	OpticalFailed         ID = "optical.failed"
	OpticalNotOpened      ID = "optical.not-opened"
	OpticalProbe          ID = "optical.probe"
	OpticalNoDisc         ID = "optical.no-disc"
	OpticalBlockSize      ID = "optical.block-size"
	OpticalVerify         ID = "optical.verify"
	OpticalCannotBlank    ID = "optical.cannot-blank"
	OpticalNotEmpty       ID = "optical.not-empty"
	OpticalStillReadable  ID = "optical.still-readable"
	OpticalCapacity       ID = "optical.capacity"
	OpticalReadBackFailed ID = "optical.read-back-failed"
)

var optical = map[ID]text{
	OpticalNotSanitization: {
		"NIST SP 800-88 counts neither blanking nor overwriting as Clear or Purge for optical media: destroy the disc (shred or disintegrate) where sanitization is required.",
		"依 NIST SP 800-88，光碟的空白化或覆寫皆不算清除 (Clear) 或清洗 (Purge)：須清除時應將光碟實體銷毀（切碎或細碎分解）。"},
	OpticalRefuseReadOnly: {
		"read-only disc ({1}): cannot be erased; use `wipestation destroy {2} --how shred`",
		"唯讀光碟（{1}）：無法抹除；請使用 `wipestation destroy {2} --how shred`"},
	OpticalRefuseWriteOnce: {
		"write-once disc ({1}): cannot be erased; use `wipestation destroy {2} --how shred`",
		"單次寫入光碟（{1}）：無法抹除；請使用 `wipestation destroy {2} --how shred`"},
	OpticalCancelled: {
		"cancelled: {1} (a blank or format the drive accepted goes on)",
		"已取消：{1}（光碟機已接受的空白化或格式化會繼續進行）"},
	OpticalDiscChanged: {
		"the disc changed since selection: now {1} {2}, selected {3} {4}",
		"選取後光碟已更換：現為 {1} {2}，選取時為 {3} {4}"},
	OpticalDisc: {
		"Disc: {1} (profile 0x{2}), {3} blocks of 2048 bytes readable before, volume label {4}.",
		"光碟：{1} (profile 0x{2})，作業前可讀 {3} 個 2048 位元組區塊，磁碟區標籤 {4}。"},
	OpticalBlank: {
		"BLANK (A1h) type 0 (full: every sector), IMMED, progress polled until the drive was ready.",
		"裝置指令：BLANK (A1h) type 0 (full: every sector), IMMED；輪詢進度直到光碟機就緒。"},
	OpticalFormat: {
		"FORMAT UNIT (04h) format type {1}h, IMMED, progress polled until the drive was ready; a re-format alone leaves old data readable, so every block was then overwritten.",
		"裝置指令：FORMAT UNIT (04h) format type {1}h, IMMED；輪詢進度直到光碟機就緒；僅重新格式化仍可讀出舊資料，因此其後覆寫了每個區塊。"},
	OpticalWriteZeros: {
		"WRITE(10) of zeros to all {1} blocks ({2} bytes), then SYNCHRONIZE CACHE.",
		"裝置指令：WRITE(10) 將全部 {1} 個區塊（{2} 位元組）寫入零值，接著 SYNCHRONIZE CACHE。"},
	OpticalVerifyBlank: {
		"READ DISC INFORMATION must say the disc is empty, and READ(10) at the first, the ISO 9660 label (16), the middle and the last formerly readable block must find nothing",
		"READ DISC INFORMATION 須回報光碟為空白，且以 READ(10) 讀取原可讀的第一個、ISO 9660 標籤 (16)、中間及最後一個區塊皆須讀不到資料"},
	OpticalVerifyZeros: {"READ(10) of every block, compared with zeros", "以 READ(10) 讀取每個區塊並與零值比對"},

	OpticalFailed:      {"optical-blank {1}: {2}", "optical-blank {1}：{2}"},
	OpticalNotOpened:   {"optical-blank {1}: the drive was not opened", "optical-blank {1}：光碟機未開啟"},
	OpticalProbe:       {"optical-blank {1}: probe: {2}", "optical-blank {1}：探測：{2}"},
	OpticalNoDisc:      {"optical-blank {1}: no disc in the drive", "optical-blank {1}：光碟機中沒有光碟"},
	OpticalBlockSize:   {"optical-blank {1}: block size {2}, expected 2048", "optical-blank {1}：區塊大小為 {2}，應為 2048"},
	OpticalVerify:      {"optical-blank {1}: verify: {2}", "optical-blank {1}：驗證：{2}"},
	OpticalCannotBlank: {"optical-blank {1}: {2} cannot be blanked", "optical-blank {1}：{2} 無法空白化"},
	OpticalNotEmpty: {
		"the drive reports disc status {1} after the blank, not empty",
		"空白化後光碟機回報光碟狀態為 {1}，而非空白"},
	OpticalStillReadable: {
		"{1} of {2} sampled blocks are still readable after the blank",
		"空白化後，{2} 個取樣區塊中仍有 {1} 個可讀取"},
	OpticalCapacity:       {"READ CAPACITY: {1} blocks of {2} bytes", "READ CAPACITY：{1} 個 {2} 位元組區塊"},
	OpticalReadBackFailed: {"read-back: {1} blocks not zero or unreadable", "讀回：{1} 個區塊非零值或無法讀取"},
}
