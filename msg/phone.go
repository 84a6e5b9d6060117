package msg

// Phones: the guided factory reset (wipe/phonereset): its steps, what the
// workstation observed of the phone, and what the observations establish.
const (
	// The technician's steps on the phone (phonereset.Steps), repeated in the record.
	PhoneStepsIntro             ID = "phone.steps-intro"
	PhoneStepNumbered           ID = "phone.step-numbered"
	PhoneStep                   ID = "phone.step"
	PhoneMinutes                ID = "phone.minutes"
	PhoneIOSRemoveSIM           ID = "phone.ios-remove-sim"
	PhoneIOSSignOut             ID = "phone.ios-sign-out"
	PhoneIOSErase               ID = "phone.ios-erase"
	PhoneIOSKeepConnected       ID = "phone.ios-keep-connected"
	PhoneIOSDoNotSetUp          ID = "phone.ios-do-not-set-up"
	PhoneAndroidRemoveCards     ID = "phone.android-remove-cards"
	PhoneAndroidRemoveAccounts  ID = "phone.android-remove-accounts"
	PhoneAndroidCheckEncryption ID = "phone.android-check-encryption"
	PhoneAndroidErase           ID = "phone.android-erase"
	PhoneAndroidKeepConnected   ID = "phone.android-keep-connected"
	PhoneAndroidDoNotSetUp      ID = "phone.android-do-not-set-up"

	// The job (phonereset.Execute).
	PhoneNoAttestation     ID = "phone.no-attestation"
	PhoneAttestation       ID = "phone.attestation"
	PhoneCryptoProps       ID = "phone.crypto-props"
	PhoneGoogleAccounts    ID = "phone.google-accounts"
	PhoneNotConnected      ID = "phone.not-connected"
	PhoneCancelledWaiting  ID = "phone.cancelled-waiting"
	PhoneSetupEmptyAnswer  ID = "phone.setup-empty-answer"
	PhonePurge             ID = "phone.purge"
	PhoneClearAtMost       ID = "phone.clear-at-most"
	PhoneNotVerified       ID = "phone.not-verified"
	PhoneClearNotPurge     ID = "phone.clear-not-purge"
	PhoneEncryptionUnknown ID = "phone.encryption-unknown"
	PhoneUnencrypted       ID = "phone.unencrypted"
	PhoneRecordedAsClear   ID = "phone.recorded-as-clear"
	PhoneWatched           ID = "phone.watched"
	PhoneNone              ID = "phone.none"
	PhoneNoUSBNode         ID = "phone.no-usb-node"

	// The evidence rules (phonereset.Judge): facts, their reasons, the verdict.
	PhoneEvidenceFresh      ID = "phone.evidence-fresh"
	PhoneEvidenceAgainst    ID = "phone.evidence-against"
	PhoneEvidenceNone       ID = "phone.evidence-none"
	PhoneNotVerifiedAgainst ID = "phone.not-verified-against"
	PhoneNotVerifiedNothing ID = "phone.not-verified-nothing"
	PhoneNotAsked           ID = "phone.not-asked"
	PhoneFiles              ID = "phone.files"
	PhoneFilesAtLeast       ID = "phone.files-at-least"
	PhoneGone               ID = "phone.gone"

	PhoneCameBack           ID = "phone.came-back"
	PhoneCameBackWhy        ID = "phone.came-back-why"
	PhoneDidNotComeBack     ID = "phone.did-not-come-back"
	PhoneComesBackWhy       ID = "phone.comes-back-why"
	PhoneDidNotLeave        ID = "phone.did-not-leave"
	PhoneRestartsWhy        ID = "phone.restarts-why"
	PhoneSetupGone          ID = "phone.setup-gone"
	PhoneSetupIOS           ID = "phone.setup-ios"
	PhoneSetupIOSWhy        ID = "phone.setup-ios-why"
	PhoneADBNotAsked        ID = "phone.adb-not-asked"
	PhoneSetupOnlyADBWhy    ID = "phone.setup-only-adb-why"
	PhoneADBServerFailed    ID = "phone.adb-server-failed"
	PhoneADBOff             ID = "phone.adb-off"
	PhoneADBOffWhy          ID = "phone.adb-off-why"
	PhoneADBUnauthorized    ID = "phone.adb-unauthorized"
	PhoneADBUnauthorizedWhy ID = "phone.adb-unauthorized-why"
	PhoneADBState           ID = "phone.adb-state"
	PhoneADBStateWhy        ID = "phone.adb-state-why"
	PhoneSetupUnreadable    ID = "phone.setup-unreadable"
	PhoneSetupUnreadableWhy ID = "phone.setup-unreadable-why"
	PhoneADBStillAccepts    ID = "phone.adb-still-accepts"
	PhoneADBStillAcceptsWhy ID = "phone.adb-still-accepts-why"
	PhoneSetUp              ID = "phone.set-up"
	PhoneSetUpWhy           ID = "phone.set-up-why"
	PhoneSetupContradictory ID = "phone.setup-contradictory"
	PhoneSetupContradictWhy ID = "phone.setup-contradictory-why"
	PhoneSetupAsBefore      ID = "phone.setup-as-before"
	PhoneSetupAsBeforeWhy   ID = "phone.setup-as-before-why"
	PhoneSetupFresh         ID = "phone.setup-fresh"
	PhoneSetupFreshWhy      ID = "phone.setup-fresh-why"
	PhoneStorageGone        ID = "phone.storage-gone"
	PhoneMTPUnreachable     ID = "phone.mtp-unreachable"
	PhoneMTPUnreachableWhy  ID = "phone.mtp-unreachable-why"
	PhoneStorageFiles       ID = "phone.storage-files"
	PhoneStorageFilesWhy    ID = "phone.storage-files-why"
	PhoneStorageEmptied     ID = "phone.storage-emptied"
	PhoneStorageEmptiedWhy  ID = "phone.storage-emptied-why"
	PhoneStorageWasEmpty    ID = "phone.storage-was-empty"
	PhoneStorageWasEmptyWhy ID = "phone.storage-was-empty-why"
	PhoneStorageEmpty       ID = "phone.storage-empty"
	PhoneStorageEmptyWhy    ID = "phone.storage-empty-why"
)

var phone = map[ID]text{
	PhoneStepsIntro: {
		"Factory reset ({1}): do these steps on the phone now; the workstation waits up to {2} for it to restart and come back.",
		"原廠重設（{1}）：請現在於手機上執行下列步驟；工作站最多等待 {2}，讓手機重新啟動並重新連線。"},
	PhoneStepNumbered: {"{1}. {2}", "{1}. {2}"},
	PhoneStep:         {"Step {1}: {2}", "步驟 {1}：{2}"},
	PhoneMinutes:      {"{1} minutes", "{1} 分鐘"},
	PhoneIOSRemoveSIM: {
		"Remove any SIM card; a memory card is separate media: wipe or destroy it on its own.",
		"取出 SIM 卡；記憶卡屬另一媒體：請另行清除或銷毀。"},
	PhoneIOSSignOut: {
		"Settings > [your name] > Sign Out (turns off Find My and Activation Lock, which would block the next user).",
		"設定 > [您的名稱] > 登出（關閉「尋找」與啟用鎖定，否則下一位使用者將被鎖定）。"},
	PhoneIOSErase: {
		"Settings > General > Transfer or Reset iPhone > Erase All Content and Settings; enter the passcode and the Apple ID password.",
		"設定 > 一般 > 移轉或重置 iPhone > 清除所有內容和設定；輸入密碼及 Apple ID 密碼。"},
	PhoneIOSKeepConnected: {
		"Keep the USB cable connected: the workstation watches the phone restart and come back to the Hello screen.",
		"保持 USB 線連接：工作站會監看手機重新啟動並回到「哈囉」畫面。"},
	PhoneIOSDoNotSetUp: {
		"Do not set the phone up again. Confirm with your attestation.",
		"不要重新設定手機。請以您的聲明確認。"},
	PhoneAndroidRemoveCards: {
		"Remove the SIM card and any SD card (a memory card is separate media: wipe or destroy it on its own).",
		"取出 SIM 卡及 SD 卡（記憶卡屬另一媒體：請另行清除或銷毀）。"},
	PhoneAndroidRemoveAccounts: {
		"Settings > Accounts: remove every Google account, or Factory Reset Protection will lock the next user out.",
		"設定 > 帳戶：移除所有 Google 帳戶，否則原廠重設保護 (FRP) 會鎖住下一位使用者。"},
	PhoneAndroidCheckEncryption: {
		"Settings > Security > Encryption: check that the phone is encrypted (Android 7 and later with file-based encryption are).",
		"設定 > 安全性 > 加密：確認手機已加密（Android 7 以後採檔案型加密者皆已加密）。"},
	PhoneAndroidErase: {
		"Settings > System > Reset options > Erase all data (factory reset); confirm with the PIN. The phone restarts.",
		"設定 > 系統 > 重設選項 > 清除所有資料（恢復原廠設定）；以 PIN 碼確認。手機將重新啟動。"},
	PhoneAndroidKeepConnected: {
		"Keep the USB cable connected: the workstation watches the phone restart and come back.",
		"保持 USB 線連接：工作站會監看手機重新啟動並重新連線。"},
	PhoneAndroidDoNotSetUp: {
		"Do not set the phone up again (leave it at the welcome screen). Confirm with your attestation.",
		"不要重新設定手機（停留在歡迎畫面）。請以您的聲明確認。"},

	PhoneNoAttestation: {
		"phone-reset needs the technician's attestation (wipe --attest \"I performed the factory reset on this phone\")",
		"phone-reset 需要技術人員的聲明（wipe --attest \"I performed the factory reset on this phone\"）"},
	PhoneAttestation: {"Technician's attestation: {1}", "技術人員聲明：{1}"},
	PhoneCryptoProps: {
		"Before the reset, ADB reported ro.crypto.state={1} ro.crypto.type={2}.",
		"重設前 ADB 回報 ro.crypto.state={1} ro.crypto.type={2}。"},
	PhoneGoogleAccounts: {
		"{1} Google account(s) were signed in before the reset: Factory Reset Protection will ask for that account unless it was removed first.",
		"重設前有 {1} 個 Google 帳戶登入：除非先移除，原廠重設保護 (FRP) 將要求該帳戶。"},
	PhoneNotConnected:     {"The phone was not connected when the job started.", "作業開始時手機未連接。"},
	PhoneCancelledWaiting: {"cancelled while waiting for the phone to restart", "等待手機重新啟動時已取消"},
	PhoneSetupEmptyAnswer: {"empty answer to settings get", "settings get 回應為空"},
	PhonePurge: {
		"{1} factory reset on a phone known to be encrypted before the reset: the reset destroys the storage keys (cryptographic erase).",
		"{1} 手機原廠重設，重設前已知手機已加密：重設會銷毀儲存金鑰（加密抹除）。"},
	PhoneClearAtMost: {
		"{1} factory reset recorded as Clear at most, not Purge: the reset was not verified, so neither the reset nor the destruction of the storage keys is established.",
		"{1} 手機原廠重設最多以清除 (Clear) 記錄，而非清洗 (Purge)：重設未獲驗證，因此無法確立重設已執行，也無法確立儲存金鑰已銷毀。"},
	PhoneNotVerified: {
		"Not verified: nothing the workstation observed over USB proves that the phone was factory reset. Recorded as Clear at most, resting on the technician's attestation.",
		"未驗證：工作站經由 USB 觀察到的一切均無法證明手機已原廠重設。最多以清除 (Clear) 記錄，依據為技術人員的聲明。"},
	PhoneClearNotPurge: {
		"{1} factory reset recorded as Clear, not Purge: {2}.",
		"{1} 手機原廠重設以清除 (Clear) 而非清洗 (Purge) 記錄：{2}。"},
	PhoneEncryptionUnknown: {
		"the workstation could not confirm that the phone was encrypted (no authorized ADB, or an iPhone, whose encryption cannot be queried over USB)",
		"工作站無法確認手機已加密（沒有授權的 ADB，或為無法經由 USB 查詢加密狀態的 iPhone）"},
	PhoneUnencrypted: {
		"the phone reported that it was not encrypted (ro.crypto.state=unencrypted)",
		"手機回報未加密 (ro.crypto.state=unencrypted)"},
	PhoneRecordedAsClear: {
		"Recorded as Clear: a factory reset is a cryptographic erase (Purge) only on an encrypted phone, and encryption was not confirmed.",
		"以清除 (Clear) 記錄：原廠重設僅在已加密的手機上才是加密抹除 (Purge)，而本機加密狀態未獲確認。"},
	PhoneWatched: {
		"the phone was watched over USB (sysfs, ADB, MTP); observations: {1}",
		"經由 USB 監看手機（sysfs、ADB、MTP）；觀察結果：{1}"},
	PhoneNone:      {"none", "無"},
	PhoneNoUSBNode: {"phone path {1}: no usbfs node in it", "手機路徑 {1}：其中沒有 usbfs 節點"},

	PhoneEvidenceFresh:   {"Evidence of a fresh reset ({1}): {2}; {3}.", "剛完成重設的證據（{1}）：{2}；{3}。"},
	PhoneEvidenceAgainst: {"Evidence against a reset ({1}): {2}; {3}.", "未重設的證據（{1}）：{2}；{3}。"},
	PhoneEvidenceNone:    {"Not evidence of a reset ({1}): {2}; {3}.", "不足以證明重設（{1}）：{2}；{3}。"},
	PhoneNotVerifiedAgainst: {
		"the factory reset is not verified: evidence against it: {1}",
		"原廠重設未獲驗證，有反證：{1}"},
	PhoneNotVerifiedNothing: {
		"the factory reset is not verified: nothing observed over USB shows a freshly reset phone (a plain restart looks the same)",
		"原廠重設未獲驗證：經由 USB 觀察到的一切均未顯示手機剛完成重設（單純重新開機看來完全相同）"},
	PhoneNotAsked:     {"not asked", "未查詢"},
	PhoneFiles:        {"{1} files", "{1} 個檔案"},
	PhoneFilesAtLeast: {"at least {1} files", "至少 {1} 個檔案"},
	PhoneGone:         {"nothing can be observed of a phone that is gone", "已離線的手機無從觀察"},

	PhoneCameBack: {
		"the phone left the USB bus and came back with the same USB serial (now {1})",
		"手機離開 USB 匯流排後以相同 USB 序號重新出現（現為 {1}）"},
	PhoneCameBackWhy: {
		"a factory reset restarts the phone, and so does a plain reboot",
		"原廠重設會使手機重新啟動，單純重新開機亦然"},
	PhoneDidNotComeBack: {
		"the phone left the USB bus and did not come back within {1}",
		"手機離開 USB 匯流排後，未在 {1} 內重新出現"},
	PhoneComesBackWhy: {
		"the phone comes back after a factory reset; {1}",
		"原廠重設後手機會重新連線；{1}"},
	PhoneDidNotLeave: {"the phone did not leave the USB bus within {1}", "手機未在 {1} 內離開 USB 匯流排"},
	PhoneRestartsWhy: {"a factory reset restarts the phone", "原廠重設會使手機重新啟動"},
	PhoneSetupGone: {
		"the setup state was not read: the phone did not come back",
		"未讀取設定狀態：手機未重新出現"},
	PhoneSetupIOS: {
		"the setup state of an iPhone was not read: the workstation has no lockdown (usbmux) client",
		"未讀取 iPhone 的設定狀態：工作站沒有 lockdown (usbmux) 用戶端"},
	PhoneSetupIOSWhy: {
		"an erased iPhone reports its activation state as Unactivated over lockdown, which this workstation cannot ask",
		"已清除的 iPhone 會經由 lockdown 回報啟用狀態為 Unactivated，但本工作站無法查詢"},
	PhoneADBNotAsked: {
		"ADB was not asked (no adb server configured, or the phone has no USB serial)",
		"未查詢 ADB（未設定 adb 伺服器，或手機沒有 USB 序號）"},
	PhoneSetupOnlyADBWhy: {"the setup state can only be read over ADB", "設定狀態只能經由 ADB 讀取"},
	PhoneADBServerFailed: {
		"the adb server could not be asked after the restart: {1}",
		"重新啟動後無法查詢 adb 伺服器：{1}"},
	PhoneADBOff: {"ADB is off after the restart", "重新啟動後 ADB 已關閉"},
	PhoneADBOffWhy: {
		"a factory reset turns USB debugging off, and so can the user; the setup state cannot be read",
		"原廠重設會關閉 USB 偵錯，使用者亦可自行關閉；無法讀取設定狀態"},
	PhoneADBUnauthorized: {
		"ADB answers but does not authorize this workstation after the restart",
		"重新啟動後 ADB 有回應，但未授權本工作站"},
	PhoneADBUnauthorizedWhy: {
		"a factory reset clears the authorized keys, and so does revoking them; the setup state cannot be read",
		"原廠重設會清除已授權的金鑰，撤銷授權亦然；無法讀取設定狀態"},
	PhoneADBState: {"ADB reports the phone as {1} after the restart", "重新啟動後 ADB 回報手機狀態為 {1}"},
	PhoneADBStateWhy: {
		"the setup state can only be read from a phone in the device state",
		"設定狀態只能從處於 device 狀態的手機讀取"},
	PhoneSetupUnreadable: {
		"ADB authorizes this workstation after the restart, but the setup state could not be read ({1})",
		"重新啟動後 ADB 授權本工作站，但無法讀取設定狀態（{1}）"},
	PhoneSetupUnreadableWhy: {
		"only the setup state tells a reset phone from a restarted one",
		"只有設定狀態能區分已重設與僅重新啟動的手機"},
	PhoneADBStillAccepts: {
		"ADB still accepts this workstation after the restart, and the setup state could not be read ({1})",
		"重新啟動後 ADB 仍接受本工作站，且無法讀取設定狀態（{1}）"},
	PhoneADBStillAcceptsWhy: {"a factory reset clears the authorized keys", "原廠重設會清除已授權的金鑰"},
	PhoneSetUp: {
		"ADB reports the phone as set up after the restart ({1})",
		"重新啟動後 ADB 回報手機已完成設定（{1}）"},
	PhoneSetUpWhy: {
		"a freshly reset phone has not been through its setup wizard",
		"剛重設的手機尚未完成設定精靈"},
	PhoneSetupContradictory: {
		"ADB reports a contradictory setup state after the restart ({1})",
		"重新啟動後 ADB 回報互相矛盾的設定狀態（{1}）"},
	PhoneSetupContradictWhy: {
		"a freshly reset phone reports 0 for both, a phone in use 1 for both",
		"剛重設的手機兩者皆回報 0，使用中的手機兩者皆回報 1"},
	PhoneSetupAsBefore: {
		"ADB reports the setup wizard not completed ({1}), as it was before the reset",
		"ADB 回報設定精靈未完成（{1}），與重設前相同"},
	PhoneSetupAsBeforeWhy: {
		"a phone that was never set up reports the same after a plain reboot",
		"從未設定過的手機在單純重新開機後也回報相同結果"},
	PhoneSetupFresh: {
		"ADB reports the setup wizard not completed and the phone not provisioned after the restart ({1})",
		"重新啟動後 ADB 回報設定精靈未完成、手機未佈建（{1}）"},
	PhoneSetupFreshWhy: {
		"Android sets both when its setup wizard finishes and keeps them in /data, which a factory reset erases and a reboot keeps",
		"Android 在設定精靈完成時設定兩者並存於 /data；原廠重設會抹除 /data，重新開機則會保留"},
	PhoneStorageGone: {
		"the shared storage was not listed: the phone did not come back",
		"未列出共用儲存空間：手機未重新出現"},
	PhoneMTPUnreachable: {"MTP was not reachable after the restart ({1})", "重新啟動後無法連上 MTP（{1}）"},
	PhoneMTPUnreachableWhy: {
		"Android starts with file transfer off after a reset; nothing was listed",
		"Android 重設後預設關閉檔案傳輸；未列出任何內容"},
	PhoneStorageFiles: {
		"the phone's storage still lists {1} over MTP",
		"經由 MTP 仍列出手機儲存空間中有 {1}"},
	PhoneStorageFilesWhy: {"a factory reset empties the shared storage", "原廠重設會清空共用儲存空間"},
	PhoneStorageEmptied: {
		"the shared storage listed {1} over MTP before the reset and lists none after the restart",
		"重設前經由 MTP 列出共用儲存空間中有 {1}，重新啟動後已無任何檔案"},
	PhoneStorageEmptiedWhy: {
		"the shared storage lies in /data, which a factory reset erases and a reboot keeps; the workstation deleted nothing",
		"共用儲存空間位於 /data；原廠重設會抹除 /data，重新開機則會保留；工作站未刪除任何內容"},
	PhoneStorageWasEmpty: {
		"the shared storage lists no files over MTP, and listed none before the reset",
		"經由 MTP 列出共用儲存空間中沒有檔案，重設前亦沒有"},
	PhoneStorageWasEmptyWhy: {
		"an empty storage that was empty before shows nothing about a reset",
		"原本即為空的儲存空間無法說明是否已重設"},
	PhoneStorageEmpty: {
		"the shared storage lists no files over MTP, and could not be listed before the reset",
		"經由 MTP 列出共用儲存空間中沒有檔案；重設前無法列出"},
	PhoneStorageEmptyWhy: {
		"an empty storage is what a reset leaves, and also what a phone without files shows after a reboot",
		"重設後儲存空間為空，但沒有檔案的手機重新開機後亦然"},
}
