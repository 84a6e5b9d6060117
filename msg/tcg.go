package msg

// Self-encrypting drives (devices/policy.go, devices/support.go, wipe/runner.go,
// wipe/firmware/tcg_exec.go): the PSID revert, why it is or is not offered, and
// what became of the one attempt a job makes. TCG method and status names
// (StartSession, NOT_AUTHORIZED) are the specification's, in every language.
const (
	PolicyPSIDRevert        ID = "policy.tcg-psid-revert"
	PolicySEDState          ID = "policy.sed-state"
	PolicySEDLocked         ID = "policy.sed.locked"
	PolicySEDUnlocked       ID = "policy.sed.unlocked"
	PolicySEDLockingOff     ID = "policy.sed.locking-off"
	PolicySEDLockedNote     ID = "policy.sed-locked"
	PolicySEDLockedNoRevert ID = "policy.sed-locked-no-revert"

	SupportNotSED          ID = "support.not-sed"
	SupportNoPSIDRevert    ID = "support.no-psid-revert"
	SupportNoSEDEncryption ID = "support.no-sed-encryption"

	RefusalLockedSED ID = "refusal.locked-sed"

	TCGNoPSID          ID = "tcg.no-psid"
	TCGNoAccess        ID = "tcg.no-access"
	TCGDiscoveryBefore ID = "tcg.discovery-before"
	TCGNotAuthorized   ID = "tcg.not-authorized"
	TCGLockedOut       ID = "tcg.authority-locked-out"
	TCGStartSession    ID = "tcg.start-session-failed"
	TCGRevertFailed    ID = "tcg.revert-failed"
	TCGStillLocked     ID = "tcg.still-locked"
	TCGSamplesLocked   ID = "tcg.samples-locked"
)

var tcgText = map[ID]text{
	PolicyPSIDRevert: {
		"TCG PSID revert: the Admin SP is reverted with the PSID printed on the drive's label, which replaces every media encryption key: a cryptographic erase, Purge (NIST 800-88 Rev.1 TCG crypto erase; IEEE 2883 cryptographic erase); the drive allows only a few PSID attempts per power cycle",
		"TCG PSID 還原：以磁碟標籤上印製的 PSID 還原 Admin SP，更換所有媒體加密金鑰：屬加密抹除，清洗 (Purge)（NIST 800-88 Rev.1 TCG 加密抹除；IEEE 2883 加密抹除）；每次通電週期僅允許少數幾次 PSID 嘗試"},
	PolicySEDState:      {"TCG {1}, {2}", "TCG {1}，{2}"},
	PolicySEDLocked:     {"locked", "已鎖定"},
	PolicySEDUnlocked:   {"locking enabled, unlocked", "已啟用鎖定，未鎖定"},
	PolicySEDLockingOff: {"locking not enabled", "未啟用鎖定"},
	PolicySEDLockedNote: {
		"the drive is a locked self-encrypting drive (TCG {1}): its medium can be neither read nor overwritten, so no host overwrite is offered; the PSID revert removes the lock by erasing it cryptographically",
		"此磁碟為已鎖定的自我加密磁碟（TCG {1}）：其媒體無法讀取或覆寫，因此不提供主機覆寫；PSID 還原會以加密抹除的方式解除鎖定"},
	PolicySEDLockedNoRevert: {
		"the drive is a locked self-encrypting drive (TCG {1}): its medium can be neither read nor overwritten, so no host overwrite is offered; it offers no PSID revert: unlock it with its owner's credentials, or destroy it",
		"此磁碟為已鎖定的自我加密磁碟（TCG {1}）：其媒體無法讀取或覆寫，因此不提供主機覆寫；它不支援 PSID 還原：請以擁有者的憑證解鎖，或實體銷毀"},

	SupportNotSED: {
		"the drive reported no TCG Security Subsystem Class in Level 0 Discovery: it is not a self-encrypting drive, or its security protocol is out of reach{1}",
		"磁碟在 Level 0 Discovery 中未回報任何 TCG 安全子系統類別 (SSC)：它不是自我加密磁碟，或無法經由其安全協定存取{1}"},
	SupportNoPSIDRevert: {
		"the drive's TCG SSC ({1}) defines no PSID authority and Admin SP revert",
		"磁碟的 TCG SSC（{1}）未定義 PSID 授權者及 Admin SP 還原 (Revert)"},
	SupportNoSEDEncryption: {
		"the drive (TCG {1}) does not encrypt its medium (Locking feature: Media Encryption clear): a revert would remove its locking but is no cryptographic erase",
		"磁碟（TCG {1}）未加密其媒體（Locking 功能：Media Encryption 未設定）：還原僅會移除鎖定，並非加密抹除"},

	RefusalLockedSED: {
		"the drive is a locked self-encrypting drive (TCG {1}): its medium can be neither read nor written by the host; erase it with tcg-psid-revert (the PSID from its label), or unlock it with its owner's credentials first",
		"此磁碟為已鎖定的自我加密磁碟（TCG {1}）：主機無法讀寫其媒體；請以 tcg-psid-revert（使用標籤上的 PSID）抹除，或先以擁有者的憑證解鎖"},

	TCGNoPSID: {
		"tcg-psid-revert needs the PSID printed on the drive's label: wipe --method tcg-psid-revert --psid - (read from stdin) or --psid PSID",
		"tcg-psid-revert 需要磁碟標籤上印製的 PSID：wipe --method tcg-psid-revert --psid -（從標準輸入讀取）或 --psid PSID"},
	TCGNoAccess: {
		"no SG_IO or NVMe access to {1}: TCG commands cannot be sent",
		"無法經由 SG_IO 或 NVMe 存取 {1}：無法送出 TCG 指令"},
	TCGDiscoveryBefore: {
		"TCG Level 0 Discovery before the revert: {1}; nothing was sent",
		"還原前的 TCG Level 0 Discovery：{1}；未送出任何指令"},
	TCGNotAuthorized: {
		"the drive did not accept the PSID (StartSession: NOT_AUTHORIZED): one of its attempts per power cycle is spent; nothing was erased",
		"磁碟不接受此 PSID（StartSession：NOT_AUTHORIZED）：已用掉本次通電週期內有限嘗試次數中的一次；未抹除任何資料"},
	TCGLockedOut: {
		"the drive refuses the PSID authority until it is power-cycled (StartSession: AUTHORITY_LOCKED_OUT); nothing was erased",
		"磁碟在斷電重啟前拒絕 PSID 授權者（StartSession：AUTHORITY_LOCKED_OUT）；未抹除任何資料"},
	TCGStartSession: {
		"TCG StartSession as the PSID authority: {1}; nothing was erased",
		"以 PSID 授權者執行 TCG StartSession：{1}；未抹除任何資料"},
	TCGRevertFailed: {"TCG Revert of the Admin SP: {1}", "TCG Admin SP 還原 (Revert)：{1}"},
	TCGStillLocked: {
		"the revert reported success, but Level 0 Discovery still shows locking enabled",
		"還原回報成功，但 Level 0 Discovery 仍顯示鎖定已啟用"},
	TCGSamplesLocked: {
		"{1} of {2} samples were locked before the command and could not be read, so their change cannot be shown",
		"{2} 個樣本中有 {1} 個在指令前處於鎖定狀態而無法讀取，因此無法證明其已改變"},
}
