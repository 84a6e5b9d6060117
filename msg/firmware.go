package msg

// The firmware executor (wipe/firmware): the exact commands sent to a drive, the
// check of their effect by sampling, and why a command was not sent or did not
// erase. Command lines keep the command set's own words (opcodes, fields); the
// Chinese puts a lead-in before them.
const (
	FirmwareNotFirmwareMethod       ID = "firmware.not-firmware-method"
	FirmwareOpenFailed              ID = "firmware.open-failed"
	FirmwareCancelledAfterSend      ID = "firmware.cancelled-after-send"
	FirmwareCancelledRunning        ID = "firmware.cancelled-running"
	FirmwareCancelledSampling       ID = "firmware.cancelled-sampling"
	FirmwareCancelledVerify         ID = "firmware.cancelled-verify"
	FirmwareMediumUnreadable        ID = "firmware.medium-unreadable"
	FirmwareSamplingSeed            ID = "firmware.sampling-seed"
	FirmwareVerifyOff               ID = "firmware.verify-off"
	FirmwareSamplesUnreadableBefore ID = "firmware.samples-unreadable-before"

	FirmwareMethodFull     ID = "firmware.method-full"
	FirmwareMethodSampling ID = "firmware.method-sampling"
	FirmwareFoundOne       ID = "firmware.found-one"
	FirmwareFoundTwo       ID = "firmware.found-two"
	FirmwareExpectChanged  ID = "firmware.expect-changed"
	FirmwareExpectValues   ID = "firmware.expect-values"
	FirmwareOr             ID = "firmware.or"
	FirmwareHeldRepeated   ID = "firmware.held-repeated"
	FirmwareHeldExpected   ID = "firmware.held-expected"

	FirmwareSamplesUnreadable           ID = "firmware.samples-unreadable"
	FirmwareSamplesUnreadableBlockErase ID = "firmware.samples-unreadable-block-erase"
	FirmwareSamplesUnchanged            ID = "firmware.samples-unchanged"
	FirmwareSamplesUnexpected           ID = "firmware.samples-unexpected"
	FirmwareNothingHeld                 ID = "firmware.nothing-held"
	FirmwareSomeHeldNothing             ID = "firmware.some-held-nothing"

	FirmwareHiddenUnknown    ID = "firmware.hidden-unknown"
	FirmwareHiddenCovered    ID = "firmware.hidden-covered"
	FirmwareHiddenNotCovered ID = "firmware.hidden-not-covered"

	FirmwareRejected       ID = "firmware.rejected"
	FirmwareFailed         ID = "firmware.failed"
	FirmwareStepFailed     ID = "firmware.step-failed"
	FirmwareNothingSent    ID = "firmware.nothing-sent"
	FirmwareSanitizeFailed ID = "firmware.sanitize-failed"

	FirmwareNoSGIOATA          ID = "firmware.no-sgio-ata"
	FirmwareNoSGIOSCSI         ID = "firmware.no-sgio-scsi"
	FirmwareIdentifyFailed     ID = "firmware.identify-failed"
	FirmwareUSBBridgeErase     ID = "firmware.usb-bridge-erase"
	FirmwareUnfollowable       ID = "firmware.unfollowable"
	FirmwareATASanitizeCmd     ID = "firmware.ata-sanitize-command"
	FirmwareATAStatusFailed    ID = "firmware.ata-status-failed"
	FirmwareATAStatusTruncated ID = "firmware.ata-status-truncated"
	FirmwareATANoSanitize      ID = "firmware.ata-no-sanitize"
	FirmwareATAStatusPolled    ID = "firmware.ata-status-polled"
	FirmwareModeSelectDSense   ID = "firmware.mode-select-d-sense"
	FirmwareSetPassword        ID = "firmware.set-password"
	FirmwareErasePrepare       ID = "firmware.erase-prepare"
	FirmwareEraseUnit          ID = "firmware.erase-unit"
	FirmwarePasswordStillSet   ID = "firmware.password-still-set"
	FirmwareSecurityUnreadable ID = "firmware.security-unreadable"
	FirmwareUnlock             ID = "firmware.unlock"
	FirmwareDisablePassword    ID = "firmware.disable-password"
	FirmwarePasswordLeft       ID = "firmware.password-left"
	FirmwarePasswordLeftAfter  ID = "firmware.password-left-after"
	FirmwarePasswordCleared    ID = "firmware.password-cleared"

	FirmwareNoNVMeAccess          ID = "firmware.no-nvme-access"
	FirmwareIdentifyController    ID = "firmware.identify-controller"
	FirmwareIdentifyNamespace     ID = "firmware.identify-namespace"
	FirmwareFormatNVM             ID = "firmware.format-nvm"
	FirmwareNamespaceList         ID = "firmware.namespace-list"
	FirmwareOtherNamespace        ID = "firmware.other-namespace"
	FirmwareWholeController       ID = "firmware.whole-controller"
	FirmwareNVMeSanitize          ID = "firmware.nvme-sanitize"
	FirmwareNVMeSanitizeOverwrite ID = "firmware.nvme-sanitize-overwrite"
	FirmwareSanactBlock           ID = "firmware.sanact-block"
	FirmwareSanactOverwrite       ID = "firmware.sanact-overwrite"
	FirmwareSanactCrypto          ID = "firmware.sanact-crypto"
	FirmwareSanitizeLog           ID = "firmware.sanitize-log"
	FirmwareNVMeSanitizeFailed    ID = "firmware.nvme-sanitize-failed"
	FirmwareNVMeNeverStarted      ID = "firmware.nvme-never-started"
	FirmwareNVMeStatusPolled      ID = "firmware.nvme-status-polled"

	FirmwareSCSISanitize       ID = "firmware.scsi-sanitize"
	FirmwareSCSISanitizeParams ID = "firmware.scsi-sanitize-params"
	FirmwareRequestSense       ID = "firmware.request-sense"
	FirmwareSCSIStatusPolled   ID = "firmware.scsi-status-polled"

	FirmwareNoControlPage ID = "firmware.no-control-page"
	FirmwareFixedSense    ID = "firmware.fixed-sense"
	FirmwareNoTarget      ID = "firmware.no-target"

	// --restore-hidden (wipe/firmware/hidden.go).
	FirmwareHPANoTarget       ID = "firmware.hpa-no-target"
	FirmwareHPAUnsupported    ID = "firmware.hpa-unsupported"
	FirmwareHPANone           ID = "firmware.hpa-none"
	FirmwareHPA24Bits         ID = "firmware.hpa-24-bits"
	FirmwareHPATruncated      ID = "firmware.hpa-truncated"
	FirmwareHPASetMaxMismatch ID = "firmware.hpa-set-max-mismatch"

	// wipe --unfreeze (wipe/firmware/unfreeze.go).
	UnfreezeRefused       ID = "unfreeze.refused"
	UnfreezeOtherJobs     ID = "unfreeze.other-jobs"
	UnfreezeNotSATA       ID = "unfreeze.not-sata"
	UnfreezeNoSysWrite    ID = "unfreeze.no-sys-write"
	UnfreezeOtherProcess  ID = "unfreeze.other-process"
	UnfreezePowerState    ID = "unfreeze.power-state"
	UnfreezeNoSuspend     ID = "unfreeze.no-suspend"
	UnfreezeSuspend       ID = "unfreeze.suspend"
	UnfreezeStillFrozen   ID = "unfreeze.still-frozen"
	UnfreezeNoAnswer      ID = "unfreeze.no-answer"
	UnfreezeNoAnswerAlarm ID = "unfreeze.no-answer-no-alarm"
)

var firmware = map[ID]text{
	FirmwareNotFirmwareMethod: {"firmware: {1} is not a firmware method", "firmware：{1} 不是韌體方法"},
	FirmwareOpenFailed:        {"open {1} for {2}: {3}", "為 {2} 開啟 {1}：{3}"},
	FirmwareCancelledAfterSend: {
		"cancelled after the command was sent to the drive (it cannot be recalled and may still be running): {1}",
		"指令送出後取消（指令無法撤回，可能仍在執行）：{1}"},
	FirmwareCancelledRunning: {
		"cancelled while the command was running on the drive (it cannot be recalled and continues): {1}",
		"磁碟執行指令期間取消（指令無法撤回，將繼續執行）：{1}"},
	FirmwareCancelledSampling: {
		"cancelled while sampling, before any command was sent: {1}",
		"取樣期間取消，尚未送出任何指令：{1}"},
	FirmwareCancelledVerify: {
		"the command completed, but verification was cancelled: {1}",
		"指令已完成，但驗證被取消：{1}"},
	FirmwareMediumUnreadable: {
		"the medium cannot be read back, so the command could not be verified; nothing was sent",
		"媒體無法讀回，指令結果無法驗證；未送出任何指令"},
	FirmwareSamplingSeed: {"sampling seed: {1}", "取樣種子：{1}"},
	FirmwareVerifyOff: {
		"not verified (--verify off): no samples were read before or after the command",
		"未驗證 (--verify off)：指令前後皆未讀取任何樣本"},
	FirmwareSamplesUnreadableBefore: {
		"{1} sample(s) could not be read before the command, so its effect could not be verified; nothing was sent",
		"指令前有 {1} 個樣本無法讀取，無法驗證指令效果；未送出任何指令"},

	FirmwareMethodFull: {
		"full: all {1} bytes read (O_DIRECT) before the command and again after it, SHA-256 per 1 MiB; {2}",
		"完整比對：指令前後各以 O_DIRECT 讀取全部 {1} 位元組，每 1 MiB 計算 SHA-256；{2}"},
	FirmwareMethodSampling: {
		"NIST SP 800-88 Rev. 1 4.7 sampling: {1} subsections, {2} pseudorandom non-overlapping samples in each (seed {3}) plus the first and last LBA, {4} samples, {5} of {6} bytes ({7}%), read (O_DIRECT) before the command (SHA-256 per sample) and again after it; {8}",
		"NIST SP 800-88 Rev. 1 4.7：{1} 區 × 各 {2} 個不重疊偽隨機樣本（種子 {3}）＋首末 LBA，共 {4} 個樣本，讀取 {5}／{6} 位元組（{7}%）；指令前（逐樣本 SHA-256）與指令後各以 O_DIRECT 讀取；{8}"},
	FirmwareFoundOne: {"{1}; found: {2}h in {3} samples", "{1}；讀回發現：{2}h 共 {3} 個樣本"},
	FirmwareFoundTwo: {
		"{1}; found: {2}h in {3} samples {4}h in {5} samples",
		"{1}；讀回發現：{2}h 共 {3} 個樣本、{4}h 共 {5} 個樣本"},
	FirmwareExpectChanged: {"every sample must differ from its digest taken before the command", "各樣本雜湊值皆須改變"},
	FirmwareExpectValues: {
		"every sample must read as {1} throughout, and no sample may still hold its data from before",
		"每個樣本須整段讀出為 {1}，且不得仍保有指令前的資料"},
	FirmwareOr:           {"{1} or {2}", "{1} 或 {2}"},
	FirmwareHeldRepeated: {"one repeated byte, before and after", "指令前後皆為單一重複位元組"},
	FirmwareHeldExpected: {"the expected value", "預期值"},

	FirmwareSamplesUnreadable: {
		"the command reported success, but {1} of {2} samples could not be read back: the erase is not verified",
		"指令回報成功，但 {2} 個樣本中有 {1} 個無法讀回：抹除未獲驗證"},
	FirmwareSamplesUnreadableBlockErase: {
		"the command reported success, but {1} of {2} samples could not be read back (some drives answer MEDIUM ERROR after a block erase until each block is written again): the erase is not verified",
		"指令回報成功，但 {2} 個樣本中有 {1} 個無法讀回（部分磁碟在區塊抹除後，直到各區塊重新寫入前都會回應 MEDIUM ERROR）：抹除未獲驗證"},
	FirmwareSamplesUnchanged: {
		"the command reported success, but {1} of {2} samples still hold the data they held before it ({3} mismatching in all): the drive did not erase the medium",
		"指令回報成功，但 {2} 個樣本中有 {1} 個仍保有指令前的資料（共 {3} 個不符）：磁碟並未抹除媒體"},
	FirmwareSamplesUnexpected: {
		"the command reported success, but {1} of {2} samples do not read as expected ({3})",
		"指令回報成功，但 {2} 個樣本中有 {1} 個讀出內容不如預期（{3}）"},
	FirmwareNothingHeld: {
		"no sample held data before the command (each already read as {1}), so its effect cannot be shown; write data to the medium and run the method again",
		"指令前沒有任何樣本含有資料（各自已讀出為{1}），無法顯示指令效果；請先寫入資料再重新執行此方法"},
	FirmwareSomeHeldNothing: {
		"{1} of {2} samples held no data before the command (each already read as {3}): their change could not be shown",
		"{2} 個樣本中有 {1} 個在指令前即無資料（各自已讀出為{3}）：無法顯示其變化"},

	FirmwareHiddenUnknown: {
		"hidden area unknown: the drive's native capacity could not be read; the command reaches up to the native maximum (a Host Protected Area included), but sectors removed by a DCO, if any, are not covered",
		"隱藏區不明：無法讀取磁碟的原生容量；指令可達原生上限（含主機保護區 HPA），但被 DCO 移除的磁區（如有）未涵蓋"},
	FirmwareHiddenCovered: {
		"hidden area: {1} native sectors, {2} accessible; the drive's command covers the hidden sectors, but verification reads only the accessible ones",
		"隱藏區：原生 {1} 個磁區，可存取 {2} 個；磁碟指令涵蓋隱藏磁區，但驗證僅讀取可存取的磁區"},
	FirmwareHiddenNotCovered: {
		"hidden area NOT covered: {1} native sectors, {2} accessible (DCO); restore the native capacity and erase again to reach them",
		"隱藏區未涵蓋：原生 {1} 個磁區，可存取 {2} 個 (DCO)；須恢復原生容量並再次抹除才能涵蓋"},

	FirmwareRejected:       {"{1} was rejected: {2}", "{1} 遭拒：{2}"},
	FirmwareFailed:         {"{1} failed: {2}", "{1} 失敗：{2}"},
	FirmwareStepFailed:     {"{1} failed", "{1} 失敗"},
	FirmwareNothingSent:    {"{1}; nothing was sent", "{1}；未送出任何指令"},
	FirmwareSanitizeFailed: {"the sanitize failed: {1}", "Sanitize 失敗：{1}"},

	FirmwareNoSGIOATA:  {"no SG_IO access to {1}: ATA commands cannot be sent", "無法以 SG_IO 存取 {1}：無法送出 ATA 指令"},
	FirmwareNoSGIOSCSI: {"no SG_IO access to {1}: SCSI commands cannot be sent", "無法以 SG_IO 存取 {1}：無法送出 SCSI 指令"},
	FirmwareIdentifyFailed: {
		"ATA IDENTIFY DEVICE before the command: {1}; nothing was sent",
		"指令前的 ATA IDENTIFY DEVICE：{1}；未送出任何指令"},
	FirmwareUSBBridgeErase: {
		"security erase through a USB bridge: a bridge that gives up during ERASE UNIT can leave the drive locked; its user password is {1} (hdparm --user-master u --security-unlock / --security-disable {2})",
		"經由 USB 橋接器執行安全抹除：橋接器若在 ERASE UNIT 期間中斷，磁碟可能維持鎖定；其使用者密碼為 {1}（hdparm --user-master u --security-unlock / --security-disable {2}）"},
	FirmwareUnfollowable: {
		"the SANITIZE STATUS EXT result cannot be read through this SAT layer ({1}), so the sanitize could not be followed",
		"無法經由此 SAT 層讀取 SANITIZE STATUS EXT 的結果（{1}），因此無法追蹤 sanitize 進度"},
	FirmwareATASanitizeCmd: {
		"ATA SANITIZE (B4h) {1}, 48-bit non-data, via SCSI ATA PASS-THROUGH(16) (85h)",
		"裝置指令：ATA SANITIZE (B4h) {1}, 48-bit non-data, via SCSI ATA PASS-THROUGH(16) (85h)"},
	FirmwareATAStatusFailed: {
		"the sanitize failed: SANITIZE STATUS EXT: {1}",
		"Sanitize 失敗：SANITIZE STATUS EXT：{1}"},
	FirmwareATAStatusTruncated: {
		"SANITIZE STATUS EXT returned truncated registers",
		"SANITIZE STATUS EXT 回傳的暫存器不完整"},
	FirmwareATANoSanitize: {
		"after SANITIZE the drive reports no sanitize in progress and none completed without error",
		"SANITIZE 之後，磁碟回報沒有進行中的 sanitize，也沒有無錯誤完成的 sanitize"},
	FirmwareATAStatusPolled: {
		"SANITIZE STATUS EXT (B4h, FEATURE 0000h) polled {1} time(s) until \"sanitize operation completed without error\"",
		"狀態輪詢：SANITIZE STATUS EXT (B4h, FEATURE 0000h)，共 {1} 次，直到回報「sanitize operation completed without error」（作業完成且無錯誤）"},
	FirmwareModeSelectDSense: {
		"SCSI MODE SELECT(10) (55h): control mode page D_SENSE=1, so that ATA result registers return in descriptor-format sense",
		"裝置指令：SCSI MODE SELECT(10) (55h)：control mode page D_SENSE=1，使 ATA 結果暫存器以 descriptor 格式的 sense 回傳"},
	FirmwareSetPassword: {
		"ATA SECURITY SET PASSWORD (F1h), PIO-out, via SCSI ATA PASS-THROUGH(16): user password {1}, security level High",
		"裝置指令：ATA SECURITY SET PASSWORD (F1h), PIO-out, via SCSI ATA PASS-THROUGH(16)：使用者密碼 {1}，安全等級 High"},
	FirmwareErasePrepare: {"ATA SECURITY ERASE PREPARE (F3h), non-data", "裝置指令：ATA SECURITY ERASE PREPARE (F3h), non-data"},
	FirmwareEraseUnit: {
		"ATA SECURITY ERASE UNIT (F4h), PIO-out: {1} erase (word 0 = {2}h), user password, timeout {3} (drive estimate {4} min)",
		"裝置指令：ATA SECURITY ERASE UNIT (F4h), PIO-out：{1} erase (word 0 = {2}h)，使用者密碼，逾時 {3}（磁碟預估 {4} 分鐘）"},
	FirmwarePasswordStillSet: {
		"the erase reported success, but the drive still has the user password set",
		"抹除回報成功，但磁碟仍設有使用者密碼"},
	FirmwareSecurityUnreadable: {
		"could not read the drive's security state (IDENTIFY: {1}): it may still have the user password {2} set; clear it with: hdparm --user-master u --security-disable {3} {4}",
		"無法讀取磁碟的安全狀態（IDENTIFY：{1}）：磁碟可能仍設有使用者密碼 {2}；清除指令：hdparm --user-master u --security-disable {3} {4}"},
	FirmwareUnlock: {
		"ATA SECURITY UNLOCK (F2h), PIO-out: user password {1}",
		"裝置指令：ATA SECURITY UNLOCK (F2h), PIO-out：使用者密碼 {1}"},
	FirmwareDisablePassword: {
		"ATA SECURITY DISABLE PASSWORD (F6h), PIO-out: user password {1}",
		"裝置指令：ATA SECURITY DISABLE PASSWORD (F6h), PIO-out：使用者密碼 {1}"},
	FirmwarePasswordLeft: {
		"THE DRIVE IS LEFT WITH THE USER PASSWORD {1} SET; clear it with: hdparm --user-master u --security-disable {2} {3}",
		"磁碟仍設有使用者密碼 {1}；清除指令：hdparm --user-master u --security-disable {2} {3}"},
	FirmwarePasswordLeftAfter: {
		"THE DRIVE IS LEFT WITH THE USER PASSWORD {1} SET ({2}); clear it with: hdparm --user-master u --security-disable {3} {4}",
		"磁碟仍設有使用者密碼 {1}（{2}）；清除指令：hdparm --user-master u --security-disable {3} {4}"},
	FirmwarePasswordCleared: {
		"{1}; the user password this job set was cleared again (IDENTIFY word 128: security not enabled)",
		"{1}；本作業設定的使用者密碼已再次清除（IDENTIFY word 128：安全功能未啟用）"},

	FirmwareNoNVMeAccess: {"no NVMe admin access to {1}", "無法以 NVMe 管理指令存取 {1}"},
	FirmwareIdentifyController: {
		"NVMe Identify Controller before the command: {1}; nothing was sent",
		"指令前的 NVMe Identify Controller：{1}；未送出任何指令"},
	FirmwareIdentifyNamespace: {
		"NVMe Identify Namespace {1} before the command: {2}; nothing was sent",
		"指令前的 NVMe Identify Namespace {1}：{2}；未送出任何指令"},
	FirmwareFormatNVM: {
		"NVMe Format NVM (80h) NSID={1} SES={2} LBAF={3} (the current format, {4}-byte blocks) PI=0 MSET=0, CDW10={5}h, timeout {6}",
		"裝置指令：NVMe Format NVM (80h) NSID={1} SES={2} LBAF={3}（目前的格式，{4} 位元組區塊）PI=0 MSET=0, CDW10={5}h，逾時 {6}"},
	FirmwareNamespaceList: {
		"the command acts on every namespace, but the active namespace list could not be read: {1}; nothing was sent",
		"此指令作用於每個命名空間，但無法讀取作用中的命名空間清單：{1}；未送出任何指令"},
	FirmwareOtherNamespace: {
		"the command would also erase namespace {1} of the same controller, which was not selected and not checked for safety",
		"此指令也會抹除同一控制器的命名空間 {1}，該命名空間未被選取，也未經安全檢查"},
	FirmwareWholeController: {
		"the command acts on the whole controller; it has no namespace but {1}",
		"此指令作用於整個控制器；該控制器僅有命名空間 {1}"},
	FirmwareNVMeSanitize: {
		"NVMe Sanitize (84h) SANACT={1} ({2}) AUSE=0 NDAS=0, CDW10={3}h",
		"裝置指令：NVMe Sanitize (84h) SANACT={1}（{2}）AUSE=0 NDAS=0, CDW10={3}h"},
	FirmwareNVMeSanitizeOverwrite: {
		"NVMe Sanitize (84h) SANACT={1} ({2}) AUSE=0 NDAS=0 OWPASS=1 pattern 00000000h, CDW10={3}h",
		"裝置指令：NVMe Sanitize (84h) SANACT={1}（{2}）AUSE=0 NDAS=0 OWPASS=1 pattern 00000000h, CDW10={3}h"},
	FirmwareSanactBlock:     {"block erase", "區塊抹除"},
	FirmwareSanactOverwrite: {"overwrite", "覆寫"},
	FirmwareSanactCrypto:    {"crypto erase", "加密抹除"},
	FirmwareSanitizeLog:     {"reading the Sanitize Status log: {1}", "讀取 Sanitize Status log：{1}"},
	FirmwareNVMeSanitizeFailed: {
		"the sanitize failed (Sanitize Status log SSTAT=3); the controller stays in sanitize failure mode until a sanitize completes or Exit Failure Mode is sent",
		"Sanitize 失敗（Sanitize Status log SSTAT=3）；控制器維持在 sanitize 失敗模式，直到 sanitize 完成或送出 Exit Failure Mode"},
	FirmwareNVMeNeverStarted: {
		"after Sanitize the log reports no sanitize ever started (SSTAT={1})",
		"Sanitize 之後，log 回報從未開始任何 sanitize（SSTAT={1}）"},
	FirmwareNVMeStatusPolled: {
		"Get Log Page (02h) LID=81h Sanitize Status polled {1} time(s) until SSTAT reported success",
		"狀態輪詢：Get Log Page (02h) LID=81h Sanitize Status，共 {1} 次，直到 SSTAT 回報成功"},

	FirmwareSCSISanitize: {
		"SCSI SANITIZE (48h) service action {1}h {2}, IMMED=1 AUSE=0, CDB {3}",
		"裝置指令：SCSI SANITIZE (48h) service action {1}h {2}, IMMED=1 AUSE=0, CDB {3}"},
	FirmwareSCSISanitizeParams: {
		"SCSI SANITIZE (48h) service action {1}h {2}, IMMED=1 AUSE=0, CDB {3}, parameter list: 1 pass of pattern 00000000h, no inversion",
		"裝置指令：SCSI SANITIZE (48h) service action {1}h {2}, IMMED=1 AUSE=0, CDB {3}，參數清單：以 00000000h 樣式覆寫 1 遍，不反轉"},
	FirmwareRequestSense: {"REQUEST SENSE while sanitizing: {1}", "sanitize 期間的 REQUEST SENSE：{1}"},
	FirmwareSCSIStatusPolled: {
		"REQUEST SENSE (03h) polled {1} time(s) until no \"sanitize in progress\" (04h/1Bh) remained",
		"狀態輪詢：REQUEST SENSE (03h)，共 {1} 次，直到不再回報「sanitize in progress」(04h/1Bh)（清除進行中）"},

	FirmwareNoControlPage: {"no control mode page", "沒有 control mode page"},
	FirmwareFixedSense:    {"fixed-format sense even with D_SENSE set", "即使設定 D_SENSE，仍回傳 fixed 格式的 sense"},
	FirmwareNoTarget:      {"no block device target", "沒有區塊裝置目標"},

	FirmwareHPANoTarget: {"restore hidden area: no block device target", "恢復隱藏區：沒有區塊裝置目標"},
	FirmwareHPAUnsupported: {
		"restore hidden area: no host protected area (IDENTIFY word 82 bit 10 or 48-bit addressing missing)",
		"恢復隱藏區：沒有主機保護區 HPA（缺少 IDENTIFY word 82 bit 10 或 48 位元定址）"},
	FirmwareHPANone: {
		"restore hidden area: no host protected area (native {1} sectors = accessible)",
		"恢復隱藏區：沒有主機保護區 HPA（原生 {1} 個磁區 = 可存取）"},
	FirmwareHPA24Bits: {
		"read native max address: only 24 bits returned and descriptor sense unavailable: {1}",
		"read native max address：僅回傳 24 位元，且無法使用 descriptor 格式的 sense：{1}"},
	FirmwareHPATruncated: {
		"read native max address ext: the address came back truncated",
		"read native max address ext：回傳的位址不完整"},
	FirmwareHPASetMaxMismatch: {
		"set max address ext: the drive now reports {1} accessible sectors, want {2}",
		"set max address ext：磁碟現在回報可存取 {1} 個磁區，應為 {2}"},

	UnfreezeRefused: {"--unfreeze: {1}", "--unfreeze：{1}"},
	UnfreezeOtherJobs: {
		"suspending the workstation would interrupt the other {1} jobs of this run: run the frozen drive on its own",
		"暫停工作站會中斷本次執行的其他 {1} 個作業：請單獨處理被凍結的磁碟"},
	UnfreezeNotSATA: {
		"{1} is reached over {2}, not SATA: a suspend does not reliably power-cycle it; unplug and replug it instead",
		"{1} 經由 {2} 而非 SATA 連接：暫停無法可靠地使其斷電重啟；請改為拔插該磁碟"},
	UnfreezeNoSysWrite: {"this system cannot write /sys", "此系統無法寫入 /sys"},
	UnfreezeOtherProcess: {
		"another wipestation is running (pid {1}): suspending would interrupt its jobs",
		"另一個 wipestation 正在執行（pid {1}）：暫停會中斷其作業"},
	UnfreezePowerState: {"cannot read power/state: {1}", "無法讀取 power/state：{1}"},
	UnfreezeNoSuspend: {
		"this machine cannot suspend to RAM (power/state offers {1}): unplug and replug the drive instead",
		"此電腦無法暫停至記憶體（power/state 提供 {1}）：請改為拔插磁碟"},
	UnfreezeSuspend: {"suspend: {1}", "暫停：{1}"},
	UnfreezeStillFrozen: {
		"the drive is still security-frozen after the resume (the BIOS froze it again): unplug and replug it (power cable first) instead",
		"恢復後磁碟仍處於安全凍結狀態（BIOS 再次凍結）：請改為拔插磁碟（先拔電源線）"},
	UnfreezeNoAnswer: {
		"the drive did not answer ATA IDENTIFY within {1} of the resume",
		"恢復後 {1} 內磁碟未回應 ATA IDENTIFY"},
	UnfreezeNoAnswerAlarm: {
		"the drive did not answer ATA IDENTIFY within {1} of the resume (no RTC wake alarm could be set)",
		"恢復後 {1} 內磁碟未回應 ATA IDENTIFY（無法設定 RTC 喚醒鬧鐘）"},
}
