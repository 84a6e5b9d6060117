package msg

// Refusals: why a safety rule refused a target (devices' gate, the identity
// check at open, a command the drive does not offer).
const (
	Refused                      ID = "refusal.refused"
	RefusedResolved              ID = "refusal.refused-resolved"
	RefusalResolvedReason        ID = "refusal.resolved-reason"
	RefusalNotBlockDevice        ID = "refusal.not-block-device"
	RefusalFileNotAllowed        ID = "refusal.file-not-allowed"
	RefusalNotInSysfs            ID = "refusal.not-in-sysfs"
	RefusalSystemDiskUnknown     ID = "refusal.system-disk-unknown"
	RefusalSystemDisk            ID = "refusal.system-disk"
	RefusalLayered               ID = "refusal.layered"
	RefusalEMMCPartition         ID = "refusal.emmc-partition"
	RefusalPartition             ID = "refusal.partition"
	RefusalCannotRead            ID = "refusal.cannot-read"
	RefusalReadOnly              ID = "refusal.read-only"
	RefusalMounted               ID = "refusal.mounted"
	RefusalSwap                  ID = "refusal.swap"
	RefusalHeld                  ID = "refusal.held"
	RefusalInUse                 ID = "refusal.in-use"
	RefusalCannotOpenForWriting  ID = "refusal.cannot-open-for-writing"
	RefusalPathChanged           ID = "refusal.path-changed"
	RefusalDevNumberChanged      ID = "refusal.dev-number-changed"
	RefusalSizeChanged           ID = "refusal.size-changed"
	RefusalSerialUnreadable      ID = "refusal.serial-unreadable"
	RefusalSerialChanged         ID = "refusal.serial-changed"
	RefusalCapacityMismatch      ID = "refusal.capacity-mismatch"
	RefusalSysfsCapacityMismatch ID = "refusal.sysfs-capacity-mismatch"
	RefusalPhoneIdentity         ID = "refusal.phone-identity"
	RefusalPhoneGone             ID = "refusal.phone-gone"
	RefusalNoSuchDevice          ID = "refusal.no-such-device"
	RefusalNotDeviceOrFile       ID = "refusal.not-device-or-file"
	RefusalNotDriveCommand       ID = "refusal.not-drive-command"
	RefusalNoMethod              ID = "refusal.no-method"
	RefusalPathRenamed           ID = "refusal.path-renamed"
	RefusalIsPartition           ID = "refusal.is-partition"
	RefusalHiddenPath            ID = "refusal.hidden-path"
	RefusalNoMedium              ID = "refusal.no-medium"
)

var refusal = map[ID]text{
	Refused:               {"refused {1}: {2}", "安全檢查拒絕 {1}：{2}"},
	RefusedResolved:       {"refused {1} ({2}): {3}", "安全檢查拒絕 {1}（{2}）：{3}"},
	RefusalResolvedReason: {"{1} ({2}): {3}", "{1}（{2}）：{3}"},
	RefusalNotBlockDevice: {"not a block device (mode {1})", "不是區塊裝置（模式 {1}）"},
	RefusalFileNotAllowed: {
		"a regular file; image files are targets only in demo mode or with --allow-file",
		"一般檔案；映像檔僅在示範模式或加上 --allow-file 時才可作為目標"},
	RefusalNotInSysfs:        {"no block device {1} in sysfs", "sysfs 中沒有區塊裝置 {1}"},
	RefusalSystemDiskUnknown: {"finding the system disk: {1}", "無法判定系統碟：{1}"},
	RefusalSystemDisk:        {"{1} holds {2}: the system disk is never a target", "{1} 含有 {2}：系統碟絕不作為清除目標"},
	RefusalLayered:           {"{1} is {2}, not a medium: wipe the disks under it", "{1} 是{2}，不是媒體：請清除其下的磁碟"},
	RefusalEMMCPartition: {
		"{1} is the {2} hardware partition of the eMMC {3}: wipe {4}",
		"{1} 是 eMMC {3} 的 {2} 硬體分割區：請清除 {4}"},
	RefusalPartition:            {"{1} is a partition of {2}; choose the whole device {3}", "{1} 是 {2} 的分割區；請選擇整個裝置 {3}"},
	RefusalCannotRead:           {"cannot read {1}: {2}", "無法讀取 {1}：{2}"},
	RefusalReadOnly:             {"{1} is read-only (write-protected)", "{1} 為唯讀（寫入保護）"},
	RefusalMounted:              {"{1} is mounted at {2}", "{1} 已掛載於 {2}"},
	RefusalSwap:                 {"{1} is in use as swap", "{1} 正作為 swap 使用"},
	RefusalHeld:                 {"{1} is held by {2} (LVM, MD or dm-crypt); stop it first", "{1} 被 {2} 佔用（LVM、MD 或 dm-crypt）；請先停止"},
	RefusalInUse:                {"another program has it open exclusively (mounted, held or being wiped)", "另一個程式已獨占開啟（已掛載、被佔用或正在清除）"},
	RefusalCannotOpenForWriting: {"cannot open for writing: {1}", "無法以寫入模式開啟：{1}"},
	RefusalPathChanged:          {"the path changed between the check and the open", "檢查與開啟之間路徑已改變"},
	RefusalDevNumberChanged:     {"device number is {1}, was {2} when selected", "裝置編號為 {1}，選取時為 {2}"},
	RefusalSizeChanged:          {"size is {1} bytes, was {2} when selected", "容量為 {1} 位元組，選取時為 {2}"},
	RefusalSerialUnreadable:     {"no serial can be read now; it was {1} when selected", "目前無法讀取序號；選取時為 {1}"},
	RefusalSerialChanged:        {"serial is {1}, was {2} when selected", "序號為 {1}，選取時為 {2}"},
	RefusalCapacityMismatch:     {"size is {1} bytes, expected {2} after the capacity change", "容量為 {1} 位元組，容量變更後應為 {2}"},
	RefusalSysfsCapacityMismatch: {
		"sysfs says {1} sectors of 512 bytes, expected {2} bytes after the capacity change",
		"sysfs 回報 {1} 個 512 位元組磁區，容量變更後應為 {2} 位元組"},
	RefusalPhoneIdentity: {
		"identity changed since selection: now {1} serial {2}, selected {3} serial {4}",
		"選取後身分已改變：現為 {1} 序號 {2}，選取時為 {3} 序號 {4}"},
	RefusalPhoneGone:       {"no phone at this path (unplugged or re-plugged: list again)", "此路徑沒有手機（已拔除或重新插入：請重新列出）"},
	RefusalNoSuchDevice:    {"no such block device in sysfs", "sysfs 中沒有此區塊裝置"},
	RefusalNotDeviceOrFile: {"neither a block device nor an image file", "既非區塊裝置亦非映像檔"},
	RefusalNotDriveCommand: {"{1} is not a drive sanitize command", "{1} 不是磁碟清除指令"},
	RefusalNoMethod:        {"cannot be {1}: {2}", "無法{1}：{2}"},
	RefusalPathRenamed:     {"the path no longer names the opened device", "路徑已不再指向已開啟的裝置"},
	RefusalIsPartition:     {"a partition, not a whole device", "這是分割區，不是整個裝置"},
	RefusalHiddenPath:      {"{1} is a hidden multipath path", "{1} 是隱藏的多重路徑 (multipath) 路徑"},
	RefusalNoMedium:        {"{1} has no medium (size 0)", "{1} 沒有媒體（容量為 0）"},
}
