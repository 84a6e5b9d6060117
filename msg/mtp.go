package msg

// Phones over MTP: clearing the shared storage (wipe/mtpclear) and backing it
// up (wipe/backup).
const (
	// What mtp-clear did, for the record.
	MTPDeleted          ID = "mtp.deleted"
	MTPStorage          ID = "mtp.storage"
	MTPFillData         ID = "mtp.fill-data"
	MTPScope            ID = "mtp.scope"
	MTPPurgeNeedsReset  ID = "mtp.purge-needs-reset"
	MTPVerifyMethod     ID = "mtp.verify-method"
	MTPStopCapacity     ID = "mtp.stop-capacity"
	MTPStopReached      ID = "mtp.stop-reached"
	MTPStopFull         ID = "mtp.stop-full"
	MTPFreeOverCapacity ID = "mtp.free-over-capacity"
	MTPPartialDeleted   ID = "mtp.partial-deleted"
	MTPListedLate       ID = "mtp.listed-late"
	MTPRefused          ID = "mtp.refused"
	MTPShortRead        ID = "mtp.short-read"

	// Why mtp-clear stopped.
	MTPFailed            ID = "mtp.failed"
	MTPCheckFailed       ID = "mtp.check-failed"
	MTPMakeKeyFailed     ID = "mtp.make-key-failed"
	MTPNoStorage         ID = "mtp.no-storage"
	MTPStorageReadOnly   ID = "mtp.storage-read-only"
	MTPDeleteFailed      ID = "mtp.delete-failed"
	MTPAfterDeleteFailed ID = "mtp.after-delete-failed"
	MTPFillFailed        ID = "mtp.fill-failed"
	MTPVerifyFailed      ID = "mtp.verify-failed"
	MTPDeleteFillFailed  ID = "mtp.delete-fill-failed"
	MTPFinalDeleteFailed ID = "mtp.final-delete-failed"
	MTPFinalCheckFailed  ID = "mtp.final-check-failed"
	MTPMismatch          ID = "mtp.mismatch"
	MTPRefusedObjects    ID = "mtp.refused-objects"
	MTPRootNotEmpty      ID = "mtp.root-not-empty"
	MTPNotEmpty          ID = "mtp.not-empty"
	MTPAfterSending      ID = "mtp.after-sending"
	MTPSizeMismatch      ID = "mtp.size-mismatch"
	MTPFillFileFailed    ID = "mtp.fill-file-failed"
)

// Backups before a wipe (wipe/backup): why a backup failed, which stops the job
// before anything is erased. They are declared in this file, the phones' area,
// until backups have an area of their own; their IDs already name it.
const (
	BackupFailed        ID = "backup.failed"
	BackupSize          ID = "backup.size"
	BackupSizeChanged   ID = "backup.size-changed"
	BackupNoTransport   ID = "backup.no-transport"
	BackupNoRecipient   ID = "backup.no-recipient"
	BackupBadRecipient  ID = "backup.bad-recipient"
	BackupNoFolder      ID = "backup.no-folder"
	BackupFolder        ID = "backup.folder"
	BackupNotFolder     ID = "backup.not-folder"
	BackupMakeKey       ID = "backup.make-key"
	BackupCreate        ID = "backup.create"
	BackupWrite         ID = "backup.write"
	BackupReadBack      ID = "backup.read-back"
	BackupClose         ID = "backup.close"
	BackupRename        ID = "backup.rename"
	BackupSyncFolder    ID = "backup.sync-folder"
	BackupTooMany       ID = "backup.too-many"
	BackupRead          ID = "backup.read"
	BackupReadAt        ID = "backup.read-at"
	BackupShortImage    ID = "backup.short-image"
	BackupListFiles     ID = "backup.list-files"
	BackupTar           ID = "backup.tar"
	BackupUnsafePath    ID = "backup.unsafe-path"
	BackupFileShort     ID = "backup.file-short"
	BackupFileLonger    ID = "backup.file-longer"
	BackupListStorages  ID = "backup.list-storages"
	BackupStorage       ID = "backup.storage"
	BackupList          ID = "backup.list"
	BackupListObject    ID = "backup.list-object"
	BackupBadName       ID = "backup.bad-name"
	BackupDuplicateName ID = "backup.duplicate-name"
	BackupTooLarge      ID = "backup.too-large"
	BackupNotListed     ID = "backup.not-listed"
	BackupOnlyMTP       ID = "backup.only-mtp"
	BackupOpen          ID = "backup.open"
)

var mtp = map[ID]text{
	MTPDeleted: {
		"Deleted {1} files ({2} bytes) and {3} folders over MTP, each folder after its contents.",
		"經由 MTP 刪除 {1} 個檔案（{2} 位元組）及 {3} 個資料夾，每個資料夾於其內容之後刪除。"},
	MTPStorage: {
		"Storage {1} ({2}): reported {3} bytes free of {4} before deleting and {5} after; filled {6} bytes in {7} files; {8}.",
		"儲存空間 {1} ({2})：刪除前回報可用 {3}／{4} 位元組，刪除後 {5}；以 {7} 個檔案填充 {6} 位元組；{8}。"},
	MTPFillData: {
		"Fill data: AES-256-CTR keystream under a key from crypto/rand, held in memory only for the job.",
		"填充資料：以 crypto/rand 產生金鑰的 AES-256-CTR 金鑰串流，僅於作業期間保存在記憶體中。"},
	MTPScope: {
		"Scope: the phone's user-accessible storage reached over MTP. App data, system partitions and areas the phone reserves are not reached by MTP and were not sanitized.",
		"範圍：經由 MTP 可存取的手機使用者儲存空間。App 資料、系統分割區及手機保留區域無法經由 MTP 存取，未被清除。"},
	MTPPurgeNeedsReset: {
		"Purge of a phone needs the phone's own factory reset on an encrypted phone (method phone-reset).",
		"手機要達到清洗 (Purge) 等級，須在已加密的手機上執行其原廠重設（方法 phone-reset）。"},
	MTPVerifyMethod: {
		"every fill file read back over MTP (GetObject) and compared with the regenerated stream; then every storage listed again (GetObjectHandles) and found empty",
		"每個填充檔經由 MTP (GetObject) 讀回並與重新產生的串流比對；其後重新列出每個儲存空間 (GetObjectHandles)，確認為空"},
	MTPStopCapacity: {
		"stopped at the capacity the phone reported ({1} bytes) without a Store_Full answer",
		"於手機回報的容量（{1} 位元組）停止，未收到 Store_Full 回應"},
	MTPStopReached: {"reached the reported capacity", "已達手機回報的容量"},
	MTPStopFull: {
		"stopped when the phone answered {1} for files down to {2} bytes: the storage is full",
		"手機對小至 {2} 位元組的檔案回應 {1} 時停止：儲存空間已滿"},
	MTPFreeOverCapacity: {
		"storage {1} reported more free space ({2} bytes) than capacity ({3} bytes); the fill was bounded by the capacity",
		"儲存空間 {1} 回報的可用空間（{2} 位元組）大於容量（{3} 位元組）；填充以容量為上限"},
	MTPPartialDeleted: {
		"fill file {1} was refused part-way ({2}); its partial copy was deleted",
		"填充檔 {1} 傳送途中遭拒（{2}）；其部分副本已刪除"},
	MTPListedLate: {
		"{1} objects were listed after the fill files were deleted (partial fill files listed late) and were deleted too",
		"刪除填充檔後又列出 {1} 個物件（延遲列出的部分填充檔），亦已刪除"},
	MTPRefused: {
		"the phone refused to delete {1} objects, which remain: {2}",
		"手機拒絕刪除 {1} 個物件，仍留存：{2}"},
	MTPShortRead: {
		"fill file {1} read back as {2} bytes, written {3}",
		"填充檔 {1} 讀回 {2} 位元組，寫入 {3} 位元組"},

	MTPFailed:        {"mtp-clear {1}: {2}", "mtp-clear {1}：{2}"},
	MTPCheckFailed:   {"mtp-clear: {1}", "mtp-clear：{1}"},
	MTPMakeKeyFailed: {"mtp-clear {1}: make key: {2}", "mtp-clear {1}：產生金鑰：{2}"},
	MTPNoStorage: {
		"mtp-clear {1}: the phone offers no storage (unlock it and choose \"File transfer\")",
		"mtp-clear {1}：手機未提供任何儲存空間（請解鎖手機並選擇「檔案傳輸」）"},
	MTPStorageReadOnly: {
		"mtp-clear {1}: storage {2} ({3}) is read-only over MTP",
		"mtp-clear {1}：儲存空間 {2} ({3}) 經由 MTP 為唯讀"},
	MTPDeleteFailed:      {"mtp-clear {1}: delete: {2}", "mtp-clear {1}：刪除：{2}"},
	MTPAfterDeleteFailed: {"mtp-clear {1}: after deleting: {2}", "mtp-clear {1}：刪除後：{2}"},
	MTPFillFailed:        {"mtp-clear {1}: fill: {2}", "mtp-clear {1}：填充：{2}"},
	MTPVerifyFailed:      {"mtp-clear {1}: verify: {2}", "mtp-clear {1}：驗證：{2}"},
	MTPDeleteFillFailed:  {"mtp-clear {1}: delete fill file {2}: {3}", "mtp-clear {1}：刪除填充檔 {2}：{3}"},
	MTPFinalDeleteFailed: {"mtp-clear {1}: final delete: {2}", "mtp-clear {1}：最後刪除：{2}"},
	MTPFinalCheckFailed:  {"mtp-clear {1}: final check: {2}", "mtp-clear {1}：最後檢查：{2}"},
	MTPMismatch: {
		"mtp-clear {1}: {2} bytes read back differ from what was written",
		"mtp-clear {1}：讀回的 {2} 個位元組與寫入內容不符"},
	MTPRefusedObjects: {
		"mtp-clear {1}: the phone refused to delete {2} objects (the free space was still filled and verified)",
		"mtp-clear {1}：手機拒絕刪除 {2} 個物件（可用空間仍已填充並驗證）"},
	MTPRootNotEmpty: {
		"storage {1} still lists {2} objects at its root",
		"儲存空間 {1} 的根目錄仍列出 {2} 個物件"},
	MTPNotEmpty:     {"storage {1} still lists {2} objects", "儲存空間 {1} 仍列出 {2} 個物件"},
	MTPAfterSending: {"{1} after sending it: {2}", "{1} 傳送後：{2}"},
	MTPSizeMismatch: {
		"{1}: the phone lists {2} bytes, {3} were sent",
		"{1}：手機列出 {2} 位元組，實際傳送 {3} 位元組"},
	MTPFillFileFailed: {"fill file {1}: {2}", "填充檔 {1}：{2}"},

	BackupFailed:      {"back up {1}: {2}", "備份 {1}：{2}"},
	BackupSize:        {"back up {1}: size: {2}", "備份 {1}：容量：{2}"},
	BackupSizeChanged: {"back up {1}: the device has {2} bytes, {3} when selected", "備份 {1}：裝置現有 {2} 位元組，選取時為 {3}"},
	BackupNoTransport: {
		"back up {1}: this build cannot back up {2} devices (no file transport wired)",
		"備份 {1}：本版本無法備份 {2} 裝置（未接上檔案傳輸）"},
	BackupNoRecipient: {
		"no backup recipient: set the organization's age public key (age1...) with --backup-recipient or in the config file; a backup is never written unencrypted",
		"未設定備份收件者：請以 --backup-recipient 或在設定檔中設定組織的 age 公鑰 (age1...)；備份絕不以未加密形式寫入"},
	BackupBadRecipient: {"parse backup recipient {1}: {2}", "解析備份收件者 {1}：{2}"},
	BackupNoFolder:     {"no backup folder given", "未指定備份資料夾"},
	BackupFolder:       {"backup folder: {1}", "備份資料夾：{1}"},
	BackupNotFolder:    {"backup folder {1} is not a folder", "備份資料夾 {1} 不是資料夾"},
	BackupMakeKey:      {"make read-back key: {1}", "產生讀回金鑰：{1}"},
	BackupCreate:       {"create archive: {1}", "建立封存檔：{1}"},
	BackupWrite:        {"write archive {1}: {2}", "寫入封存檔 {1}：{2}"},
	BackupReadBack:     {"read back archive {1}: {2}", "讀回封存檔 {1}：{2}"},
	BackupClose:        {"close archive {1}: {2}", "關閉封存檔 {1}：{2}"},
	BackupRename:       {"rename archive to {1}: {2}", "將封存檔更名為 {1}：{2}"},
	BackupSyncFolder:   {"sync backup folder {1}: {2}", "同步備份資料夾 {1}：{2}"},
	BackupTooMany:      {"rename archive {1}: too many archives of that name", "更名封存檔 {1}：同名的封存檔過多"},
	BackupRead:         {"read {1}: {2}", "讀取 {1}：{2}"},
	BackupReadAt:       {"read {1} bytes at offset {2}: {3}", "於偏移 {2} 讀取 {1} 位元組：{3}"},
	BackupShortImage:   {"copy image: read {1} of {2} bytes", "複製映像：僅讀取 {2} 位元組中的 {1}"},
	BackupListFiles:    {"list files: {1}", "列出檔案：{1}"},
	BackupTar:          {"back up files: {1}", "備份檔案：{1}"},
	BackupUnsafePath:   {"unsafe path {1}", "不安全的路徑 {1}"},
	BackupFileShort: {
		"read {1} bytes, the listing said {2} (did the file change?)",
		"讀取 {1} 位元組，清單列為 {2}（檔案是否已變更？）"},
	BackupFileLonger: {
		"more than the {1} bytes listed (did the file change?)",
		"超過清單所列的 {1} 位元組（檔案是否已變更？）"},
	BackupListStorages: {"list storages: {1}", "列出儲存空間：{1}"},
	BackupStorage:      {"storage {1}: {2}", "儲存空間 {1}：{2}"},
	BackupList:         {"list {1}: {2}", "列出 {1}：{2}"},
	BackupListObject:   {"list {1}: object {2}: {3}", "列出 {1}：物件 {2}：{3}"},
	BackupBadName: {
		"list {1}: object {2} has the name {3}, which cannot be a file name",
		"列出 {1}：物件 {2} 的名稱為 {3}，不能作為檔名"},
	BackupDuplicateName: {"list {1}: two objects named {2}", "列出 {1}：有兩個物件皆名為 {2}"},
	BackupTooLarge: {
		"{1} is 4 GiB or larger, a size MTP's ObjectInfo cannot give: it cannot be backed up over MTP yet",
		"{1} 為 4 GiB 以上，MTP 的 ObjectInfo 無法表示此大小：目前無法經由 MTP 備份"},
	BackupNotListed: {"open {1}: not listed", "開啟 {1}：不在清單中"},
	BackupOnlyMTP: {
		"open {1}: only phones reached over MTP (mtp: paths) can be backed up",
		"開啟 {1}：僅能備份經由 MTP 連接的手機（mtp: 路徑）"},
	BackupOpen: {"open {1}: {2}", "開啟 {1}：{2}"},
}
