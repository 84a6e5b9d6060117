package msg

// Hidden areas (HPA/DCO) and --restore-hidden (wipe/hidden.go, and the firmware
// executor's view of them).
const (
	HiddenDCO                      ID = "hidden.dco"
	HiddenNoRestorer               ID = "hidden.no-restorer"
	HiddenRestoreFailed            ID = "hidden.restore-failed"
	HiddenNothingMore              ID = "hidden.nothing-more"
	HiddenKernelSizeUnchanged      ID = "hidden.kernel-size-unchanged"
	HiddenKernelSizeUnchangedError ID = "hidden.kernel-size-unchanged-error"
	HiddenRestoredNothingWritten   ID = "hidden.restored-nothing-written"
	HiddenRestoredIncomplete       ID = "hidden.restored-incomplete"
	HiddenNativeUnreadable         ID = "hidden.native-unreadable"
	HiddenNativeUnreadableBecause  ID = "hidden.native-unreadable-because"
	HiddenUnknown                  ID = "hidden.unknown"
	HiddenRestored                 ID = "hidden.restored"
	HiddenDCONotCovered            ID = "hidden.dco-not-covered"
	HiddenNotRead                  ID = "hidden.not-read"
	HiddenRunRestore               ID = "hidden.run-restore"
	HiddenNotCovered               ID = "hidden.not-covered"
	StepCapacityChange             ID = "step.capacity-change"
)

var hidden = map[ID]text{
	HiddenDCO: {
		"the sectors are removed by a Device Configuration Overlay (DCO), which --restore-hidden does not undo",
		"這些磁區被裝置組態覆蓋 (DCO) 移除，--restore-hidden 無法還原"},
	HiddenNoRestorer: {
		"--restore-hidden was asked for, but this build has no way to restore a Host Protected Area",
		"要求 --restore-hidden，但本版本無法恢復主機保護區 (HPA)"},
	HiddenRestoreFailed: {"restoring the native capacity failed: {1}", "恢復原生容量失敗：{1}"},
	HiddenNothingMore: {
		"the drive reported {1} native sectors, no more than the {2} bytes the host already addresses",
		"磁碟回報原生 {1} 個磁區，未超過主機已可定址的 {2} 位元組"},
	HiddenKernelSizeUnchanged: {
		"the drive's native maximum of {1} sectors was restored (volatile, until its next power cycle), but the kernel still addresses {2} bytes after the rescan (libata reads the capacity again only in its error handling, for example after a link reset; replug or reboot and run again)",
		"已恢復磁碟原生上限 {1} 個磁區（暫時性，直到下次斷電重啟），但重新掃描後核心仍僅定址 {2} 位元組（libata 僅在錯誤處理時重新讀取容量，例如連結重設後；請拔插或重新開機後再執行）"},
	HiddenKernelSizeUnchangedError: {
		"the drive's native maximum of {1} sectors was restored (volatile, until its next power cycle), but the kernel still addresses {2} bytes after the rescan ({3})",
		"已恢復磁碟原生上限 {1} 個磁區（暫時性，直到下次斷電重啟），但重新掃描後核心仍僅定址 {2} 位元組（{3}）"},
	HiddenRestoredNothingWritten: {
		"the drive's native maximum of {1} sectors was restored (volatile, until its next power cycle); nothing was written",
		"已恢復磁碟原生上限 {1} 個磁區（暫時性，直到下次斷電重啟）；未寫入任何資料"},
	HiddenRestoredIncomplete: {
		"the native capacity of {1} sectors was restored (volatile, until the drive's next power cycle), but the overwrite did not complete",
		"已恢復 {1} 個磁區的原生容量（暫時性，直到磁碟下次斷電重啟），但覆寫未完成"},
	HiddenNativeUnreadable:        {"the drive's native capacity could not be read", "無法讀取磁碟的原生容量"},
	HiddenNativeUnreadableBecause: {"the drive's native capacity could not be read ({1})", "無法讀取磁碟的原生容量（{1}）"},
	HiddenUnknown: {
		"hidden area unknown: {1}, so HPA/DCO were not checked; sectors beyond the accessible maximum, if any, were not overwritten",
		"隱藏區不明：{1}，因此未檢查 HPA/DCO；可存取上限之外的磁區（如有）未被覆寫"},
	HiddenRestored: {
		"hidden area: the Host Protected Area was removed before the overwrite with a volatile SET MAX ADDRESS EXT to the native maximum ({1} sectors, {2} accessible before); the drive returns to its HPA of {2} sectors at its next power cycle; the overwrite and its verification covered all {1} sectors",
		"隱藏區：覆寫前以暫時性 SET MAX ADDRESS EXT 將主機保護區 (HPA) 移除至原生上限（{1} 個磁區，原可存取 {2} 個）；磁碟下次斷電重啟後恢復為 {2} 個磁區的 HPA；覆寫及其驗證涵蓋全部 {1} 個磁區"},
	HiddenDCONotCovered: {
		"hidden area NOT covered: sectors {1} to {2} are removed by a Device Configuration Overlay (DCO), which is not undone; only the HPA was restored",
		"隱藏區未涵蓋：磁區 {1} 至 {2} 被裝置組態覆蓋 (DCO) 移除且未還原；僅恢復了 HPA"},
	HiddenNotRead: {
		"hidden area not read: the host can address {1} of {2} native sectors (HPA/DCO)",
		"隱藏區未讀取：主機僅能定址 {2} 個原生磁區中的 {1} 個 (HPA/DCO)"},
	HiddenRunRestore: {
		"run again with --restore-hidden to restore the native capacity (HPA) first",
		"請加上 --restore-hidden 重新執行，先恢復原生容量 (HPA)"},
	HiddenNotCovered: {
		"hidden area NOT covered: the host can address {1} of {2} native sectors ({3}); the overwrite stopped at the accessible maximum: {4}",
		"隱藏區未涵蓋：主機僅能定址 {2} 個原生磁區中的 {1} 個（{3}）；覆寫止於可存取上限：{4}"},
	StepCapacityChange: {"capacity change after restoring the hidden area", "恢復隱藏區後的容量變更"},
}
