package msg

// The recommendation policy (devices/policy.go): why each method applies to a
// medium, the notes that say why a stronger one is missing, and the media the
// policy tells apart. A recommendation reads "medium: reason[; detail][; note]".
const (
	PolicyMediumATAHDD    ID = "policy.medium.ata-hdd"
	PolicyMediumATASSD    ID = "policy.medium.ata-ssd"
	PolicyMediumSCSIHDD   ID = "policy.medium.scsi-hdd"
	PolicyMediumSCSISSD   ID = "policy.medium.scsi-ssd"
	PolicyMediumNVMe      ID = "policy.medium.nvme"
	PolicyMediumUSB       ID = "policy.medium.usb"
	PolicyMediumCard      ID = "policy.medium.card"
	PolicyMediumOptical   ID = "policy.medium.optical"
	PolicyMediumPhone     ID = "policy.medium.phone"
	PolicyMediumVirtual   ID = "policy.medium.virtual"
	PolicyMediumOtherDisk ID = "policy.medium.other-disk"

	PolicyATAHDDSanitizeOverwrite  ID = "policy.ata-hdd-sanitize-overwrite"
	PolicyATAHDDSanitizeCrypto     ID = "policy.ata-hdd-sanitize-crypto"
	PolicyATAHDDSanitizeBlock      ID = "policy.ata-hdd-sanitize-block"
	PolicyATAHDDEnhanced           ID = "policy.ata-hdd-secure-erase-enhanced"
	PolicyATAHDDNormal             ID = "policy.ata-hdd-secure-erase"
	PolicyHostOverwriteHDD         ID = "policy.host-overwrite-hdd"
	PolicyATASSDSanitizeCrypto     ID = "policy.ata-ssd-sanitize-crypto"
	PolicyATASSDSanitizeBlock      ID = "policy.ata-ssd-sanitize-block"
	PolicyATASSDSanitizeOverwrite  ID = "policy.ata-ssd-sanitize-overwrite"
	PolicyATASSDEnhanced           ID = "policy.ata-ssd-secure-erase-enhanced"
	PolicyATASSDNormal             ID = "policy.ata-ssd-secure-erase"
	PolicyHostOverwriteFlash       ID = "policy.host-overwrite-flash"
	PolicyATAMediaTypeGuessed      ID = "policy.ata-media-type-guessed"
	PolicySCSIHDDSanitizeOverwrite ID = "policy.scsi-hdd-sanitize-overwrite"
	PolicySCSIHDDSanitizeCrypto    ID = "policy.scsi-hdd-sanitize-crypto"
	PolicySCSIHDDSanitizeBlock     ID = "policy.scsi-hdd-sanitize-block"
	PolicySCSISSDSanitizeCrypto    ID = "policy.scsi-ssd-sanitize-crypto"
	PolicySCSISSDSanitizeBlock     ID = "policy.scsi-ssd-sanitize-block"
	PolicySCSISSDSanitizeOverwrite ID = "policy.scsi-ssd-sanitize-overwrite"
	PolicyNVMeSanitizeCrypto       ID = "policy.nvme-sanitize-crypto"
	PolicyNVMeSanitizeBlock        ID = "policy.nvme-sanitize-block"
	PolicyNVMeSanitizeOverwrite    ID = "policy.nvme-sanitize-overwrite"
	PolicyNVMeFormatCrypto         ID = "policy.nvme-format-crypto"
	PolicyNVMeFormat               ID = "policy.nvme-format"
	PolicyUSBPatternComplement     ID = "policy.usb-pattern-complement"
	PolicyUSBDestroy               ID = "policy.usb-destroy"
	PolicyCardPatternComplement    ID = "policy.card-pattern-complement"
	PolicyCardDestroy              ID = "policy.card-destroy"
	PolicyOpticalDestroy           ID = "policy.optical-destroy"
	PolicyOpticalBlank             ID = "policy.optical-blank"
	PolicyPhoneReset               ID = "policy.phone-reset"
	PolicyPhoneMTPClear            ID = "policy.phone-mtp-clear"
	PolicyPhoneDestroy             ID = "policy.phone-destroy"
	PolicyVirtualNISTClear         ID = "policy.virtual-nist-clear"
	PolicyVirtualRandom            ID = "policy.virtual-random"
	PolicyVirtualZero              ID = "policy.virtual-zero"
	PolicyOtherDiskNISTClear       ID = "policy.other-disk-nist-clear"
	PolicyPurgeNeedsDestruction    ID = "policy.purge-needs-destruction"

	PolicyATAFrozen         ID = "policy.ata-frozen"
	PolicyATALocked         ID = "policy.ata-locked"
	PolicyATAOverUSB        ID = "policy.ata-over-usb"
	PolicySCSIUnknown       ID = "policy.scsi-unknown"
	PolicyProbeFailed       ID = "policy.probe-failed"
	PolicyEraseMinutes      ID = "policy.erase-minutes"
	PolicyHiddenSectors     ID = "policy.hidden-sectors"
	PolicyAllNamespaces     ID = "policy.all-namespaces"
	PolicyDiscUnknown       ID = "policy.disc-unknown"
	PolicyDiscRewritable    ID = "policy.disc-rewritable"
	PolicyDiscIs            ID = "policy.disc-is"
	PolicyPhoneEncrypted    ID = "policy.phone-encrypted"
	PolicyPhoneNotEncrypted ID = "policy.phone-not-encrypted"
	PolicyPhoneUnknown      ID = "policy.phone-encryption-unknown"

	// The kinds of disc as devices.MediaClass names them.
	PolicyMediaRewritable ID = "policy.media.rewritable"
	PolicyMediaWriteOnce  ID = "policy.media.write-once"
	PolicyMediaROM        ID = "policy.media.rom"
	PolicyMediaNone       ID = "policy.media.none"

	// Why a drive command cannot run on a device (devices.Supports).
	SupportOptical                ID = "support.optical"
	SupportPhone                  ID = "support.phone"
	SupportNoATA                  ID = "support.no-ata"
	SupportLocked                 ID = "support.locked"
	SupportNoNVMe                 ID = "support.no-nvme"
	SupportATANotSCSI             ID = "support.ata-not-scsi"
	SupportNoSCSI                 ID = "support.no-scsi"
	SupportProbe                  ID = "support.probe"
	SupportNoFormatCrypto         ID = "support.no-format-crypto"
	SupportNoSanitizeCrypto       ID = "support.no-nvme-sanitize-crypto"
	SupportNoSanitizeBlock        ID = "support.no-nvme-sanitize-block"
	SupportNoSanitizeOverwrite    ID = "support.no-nvme-sanitize-overwrite"
	SupportNoSecurity             ID = "support.no-security"
	SupportFrozen                 ID = "support.frozen"
	SupportFrozenWayOut           ID = "support.frozen-way-out"
	SupportCountExpired           ID = "support.count-expired"
	SupportPasswordSet            ID = "support.password-set"
	SupportNoEnhanced             ID = "support.no-enhanced"
	SupportNoSanitizeFeature      ID = "support.no-sanitize-feature"
	SupportNoATASanitizeCrypto    ID = "support.no-ata-sanitize-crypto"
	SupportNoATASanitizeBlock     ID = "support.no-ata-sanitize-block"
	SupportNoATASanitizeOverwrite ID = "support.no-ata-sanitize-overwrite"
	SupportNoFormat               ID = "support.no-format"
	SupportSCSINotSupported       ID = "support.scsi-not-supported"
	SupportSCSIUnknown            ID = "support.scsi-unknown"
)

var policy = map[ID]text{

	PolicyMediumATAHDD:    {"ATA hard disk", "ATA 硬碟"},
	PolicyMediumATASSD:    {"ATA solid-state drive", "ATA 固態硬碟"},
	PolicyMediumSCSIHDD:   {"SCSI/SAS hard disk", "SCSI/SAS 硬碟"},
	PolicyMediumSCSISSD:   {"SCSI/SAS solid-state drive", "SCSI/SAS 固態硬碟"},
	PolicyMediumNVMe:      {"NVMe solid-state drive", "NVMe 固態硬碟"},
	PolicyMediumUSB:       {"USB mass storage", "USB 大量儲存裝置"},
	PolicyMediumCard:      {"memory card or eMMC", "記憶卡或 eMMC"},
	PolicyMediumOptical:   {"optical disc", "光碟"},
	PolicyMediumPhone:     {"phone", "手機"},
	PolicyMediumVirtual:   {"loop device or image file", "迴圈裝置 (loop) 或映像檔"},
	PolicyMediumOtherDisk: {"disk without reachable sanitize commands", "無法送達清除指令的磁碟"},

	PolicyATAHDDSanitizeOverwrite: {
		"ATA SANITIZE OVERWRITE: the drive overwrites every sector, spare and hidden areas included; Purge for ATA hard disks (NIST 800-88 Rev.1, IEEE 2883)",
		"ATA SANITIZE OVERWRITE：由磁碟覆寫每個磁區，包括備用區與隱藏區；對 ATA 硬碟屬清洗 (Purge)（NIST 800-88 Rev.1、IEEE 2883）"},
	PolicyATAHDDSanitizeCrypto: {
		"ATA SANITIZE CRYPTO SCRAMBLE: the drive replaces its internal encryption key; Purge (NIST 800-88 Rev.1, IEEE 2883)",
		"ATA SANITIZE CRYPTO SCRAMBLE：由磁碟更換其內部加密金鑰；屬清洗 (Purge)（NIST 800-88 Rev.1、IEEE 2883）"},
	PolicyATAHDDSanitizeBlock: {
		"ATA SANITIZE BLOCK ERASE; Purge under IEEE 2883",
		"ATA SANITIZE BLOCK ERASE；依 IEEE 2883 屬清洗 (Purge)"},
	PolicyATAHDDEnhanced: {
		"ATA SECURITY ERASE UNIT, enhanced: Purge for ATA hard disks (NIST 800-88 Rev.1)",
		"ATA SECURITY ERASE UNIT 加強模式：對 ATA 硬碟屬清洗 (Purge)（NIST 800-88 Rev.1）"},
	PolicyATAHDDNormal: {
		"ATA SECURITY ERASE UNIT, normal: IEEE 2883 counts it as Clear",
		"ATA SECURITY ERASE UNIT 一般模式：IEEE 2883 將其列為清除 (Clear)"},
	PolicyHostOverwriteHDD: {
		"host overwrite (one random pass), read back in full: Clear for hard disks (NIST 800-88 Rev.1)",
		"主機覆寫（一遍亂數）並全面讀回：對硬碟屬清除 (Clear)（NIST 800-88 Rev.1）"},
	PolicyATASSDSanitizeCrypto: {
		"ATA SANITIZE CRYPTO SCRAMBLE: the drive replaces its internal encryption key; Purge for ATA SSDs (NIST 800-88 Rev.1, IEEE 2883)",
		"ATA SANITIZE CRYPTO SCRAMBLE：由磁碟更換其內部加密金鑰；對 ATA 固態硬碟屬清洗 (Purge)（NIST 800-88 Rev.1、IEEE 2883）"},
	PolicyATASSDSanitizeBlock: {
		"ATA SANITIZE BLOCK ERASE: the drive erases every flash block, spare area included; Purge for ATA SSDs (NIST 800-88 Rev.1, IEEE 2883)",
		"ATA SANITIZE BLOCK ERASE：由磁碟抹除每個快閃記憶體區塊，包括備用區；對 ATA 固態硬碟屬清洗 (Purge)（NIST 800-88 Rev.1、IEEE 2883）"},
	PolicyATASSDSanitizeOverwrite: {
		"ATA SANITIZE OVERWRITE: Purge under IEEE 2883 (NIST Rev.1 names only block erase and crypto scramble for flash); slow, and wears the flash",
		"ATA SANITIZE OVERWRITE：依 IEEE 2883 屬清洗 (Purge)（NIST Rev.1 對快閃記憶體僅列出區塊抹除與加密抹除）；速度慢，且會耗損快閃記憶體"},
	PolicyATASSDEnhanced: {
		"ATA SECURITY ERASE UNIT, enhanced: NIST 800-88 Rev.1 says ATA Secure Erase is only a Clear mechanism for flash memory",
		"ATA SECURITY ERASE UNIT 加強模式：NIST 800-88 Rev.1 指出 ATA 安全抹除對快閃記憶體僅屬清除 (Clear) 機制"},
	PolicyATASSDNormal: {
		"ATA SECURITY ERASE UNIT, normal: Clear (IEEE 2883; NIST Rev.1: only Clear on flash)",
		"ATA SECURITY ERASE UNIT 一般模式：清除 (Clear)（IEEE 2883；NIST Rev.1：對快閃記憶體僅屬清除）"},
	PolicyHostOverwriteFlash: {
		"host overwrite (one random pass), read back in full: Clear; on flash it cannot reach spare blocks, so it is never Purge",
		"主機覆寫（一遍亂數）並全面讀回：清除 (Clear)；在快閃記憶體上無法觸及備用區塊，因此絕不算清洗 (Purge)"},
	PolicyATAMediaTypeGuessed: {
		"the drive does not report whether it rotates (IDENTIFY word 217): it is treated as flash, which understates",
		"磁碟未回報是否為旋轉式（IDENTIFY word 217）：視為快閃記憶體，此為保守認定"},
	PolicySCSIHDDSanitizeOverwrite: {
		"SCSI SANITIZE OVERWRITE: Purge for SCSI/SAS hard disks (NIST 800-88 Rev.1, IEEE 2883)",
		"SCSI SANITIZE OVERWRITE：對 SCSI/SAS 硬碟屬清洗 (Purge)（NIST 800-88 Rev.1、IEEE 2883）"},
	PolicySCSIHDDSanitizeCrypto: {
		"SCSI SANITIZE CRYPTOGRAPHIC ERASE: Purge (NIST 800-88 Rev.1, IEEE 2883)",
		"SCSI SANITIZE CRYPTOGRAPHIC ERASE：清洗 (Purge)（NIST 800-88 Rev.1、IEEE 2883）"},
	PolicySCSIHDDSanitizeBlock: {
		"SCSI SANITIZE BLOCK ERASE: Purge under IEEE 2883",
		"SCSI SANITIZE BLOCK ERASE：依 IEEE 2883 屬清洗 (Purge)"},
	PolicySCSISSDSanitizeCrypto: {
		"SCSI SANITIZE CRYPTOGRAPHIC ERASE: Purge for SCSI/SAS SSDs (NIST 800-88 Rev.1, IEEE 2883)",
		"SCSI SANITIZE CRYPTOGRAPHIC ERASE：對 SCSI/SAS 固態硬碟屬清洗 (Purge)（NIST 800-88 Rev.1、IEEE 2883）"},
	PolicySCSISSDSanitizeBlock: {
		"SCSI SANITIZE BLOCK ERASE: the drive erases every flash block; Purge (NIST 800-88 Rev.1, IEEE 2883)",
		"SCSI SANITIZE BLOCK ERASE：由磁碟抹除每個快閃記憶體區塊；清洗 (Purge)（NIST 800-88 Rev.1、IEEE 2883）"},
	PolicySCSISSDSanitizeOverwrite: {
		"SCSI SANITIZE OVERWRITE: Purge under IEEE 2883; slow, and wears the flash",
		"SCSI SANITIZE OVERWRITE：依 IEEE 2883 屬清洗 (Purge)；速度慢，且會耗損快閃記憶體"},
	PolicyNVMeSanitizeCrypto: {
		"NVMe Sanitize, crypto erase (SANICAP bit 0): Purge (IEEE 2883)",
		"NVMe Sanitize 加密抹除（SANICAP bit 0）：清洗 (Purge)（IEEE 2883）"},
	PolicyNVMeSanitizeBlock: {
		"NVMe Sanitize, block erase (SANICAP bit 1): Purge (IEEE 2883)",
		"NVMe Sanitize 區塊抹除（SANICAP bit 1）：清洗 (Purge)（IEEE 2883）"},
	PolicyNVMeSanitizeOverwrite: {
		"NVMe Sanitize, overwrite (SANICAP bit 2): Purge (IEEE 2883); slow, and wears the flash",
		"NVMe Sanitize 覆寫（SANICAP bit 2）：清洗 (Purge)（IEEE 2883）；速度慢，且會耗損快閃記憶體"},
	PolicyNVMeFormatCrypto: {
		"NVMe Format with SES=2, crypto erase (FNA bit 2): Purge under NIST 800-88 Rev.1; IEEE 2883 counts it Purge only if the vendor's crypto erase meets that standard, which the drive cannot show: prefer Sanitize when offered",
		"NVMe Format SES=2 加密抹除（FNA bit 2）：依 NIST 800-88 Rev.1 屬清洗 (Purge)；IEEE 2883 僅在廠商的加密抹除符合該標準時才列為清洗，而磁碟無法證明此點：如有提供，請優先使用 Sanitize"},
	PolicyNVMeFormat: {
		"NVMe Format with SES=1, user data erase: NIST 800-88 Rev.1 lists it as Purge, IEEE 2883 as Clear; recorded as Clear, the understating class",
		"NVMe Format SES=1 使用者資料抹除：NIST 800-88 Rev.1 列為清洗 (Purge)，IEEE 2883 列為清除 (Clear)；以較保守的清除 (Clear) 記錄"},
	PolicyUSBPatternComplement: {
		"overwrite with a pattern and then its complement, read back: Clear for USB removable media (NIST 800-88 Rev.1); the bridge exposes no sanitize command of the drive behind it",
		"以一種樣式及其補數覆寫並讀回：對 USB 可攜式媒體屬清除 (Clear)（NIST 800-88 Rev.1）；橋接器未提供其後方磁碟的任何清除指令"},
	PolicyUSBDestroy: {
		"Purge requires destruction: NIST 800-88 Rev.1 says USB removable media should be destroyed where Purge is needed",
		"清洗 (Purge) 須實體銷毀：NIST 800-88 Rev.1 指出需要清洗時，USB 可攜式媒體應予銷毀"},
	PolicyCardPatternComplement: {
		"overwrite with a pattern and then its complement, read back: Clear for memory cards (NIST 800-88 Rev.1); the card's own erase commands are not reachable through the host controller",
		"以一種樣式及其補數覆寫並讀回：對記憶卡屬清除 (Clear)（NIST 800-88 Rev.1）；經由主機控制器無法送達記憶卡本身的抹除指令"},
	PolicyCardDestroy: {
		"Purge requires destruction: no Purge command of the card or eMMC is reachable (NIST 800-88 Rev.1 for memory cards)",
		"清洗 (Purge) 須實體銷毀：無法送達記憶卡或 eMMC 的任何清洗指令（NIST 800-88 Rev.1 記憶卡）"},
	PolicyOpticalDestroy: {
		"optical discs can only be destroyed to be sanitized (NIST 800-88 Rev.1): shred or disintegrate",
		"光碟只能以實體銷毀達成清除（NIST 800-88 Rev.1）：切碎或細碎分解"},
	PolicyOpticalBlank: {
		"full blank of the rewritable disc: NIST counts blanking as neither Clear nor Purge; recorded as Other",
		"可覆寫光碟完整空白化：NIST 不將空白化算作清除 (Clear) 或清洗 (Purge)；以「其他」記錄"},
	PolicyPhoneReset: {"factory reset on the phone", "在手機上執行原廠重設"},
	PolicyPhoneMTPClear: {
		"delete and overwrite the phone's shared storage over MTP: it cannot reach app data or the system, so it is no Clear of the phone; recorded as Other",
		"經由 MTP 刪除並覆寫手機的共用儲存空間：無法觸及 App 資料或系統，因此不算手機的清除 (Clear)；以「其他」記錄"},
	PolicyPhoneDestroy: {
		"destruction, where the reset cannot be confirmed or policy demands it",
		"實體銷毀，適用於無法確認重設或政策要求時"},
	PolicyVirtualNISTClear: {
		"overwrite (one random pass), read back in full: Clear of every byte the loop device or image file holds; the storage under its backing file is not sanitized by this",
		"覆寫（一遍亂數）並全面讀回：清除 (Clear) 迴圈裝置或映像檔的每個位元組；其後端檔案所在的儲存裝置並未因此被清除"},
	PolicyVirtualRandom: {
		"overwrite with a random stream, read back: Clear of the loop device or image file",
		"以亂數串流覆寫並讀回：清除 (Clear) 迴圈裝置或映像檔"},
	PolicyVirtualZero: {
		"overwrite with zeros: Clear of the loop device or image file",
		"以零值覆寫：清除 (Clear) 迴圈裝置或映像檔"},
	PolicyOtherDiskNISTClear: {
		"host overwrite (one random pass), read back in full: Clear; no sanitize command of the medium is reachable over this transport",
		"主機覆寫（一遍亂數）並全面讀回：清除 (Clear)；經由此傳輸介面無法送達媒體的任何清除指令"},
	PolicyPurgeNeedsDestruction: {
		"Purge requires destruction: no method this device offers reaches Purge",
		"清洗 (Purge) 須實體銷毀：此裝置提供的方法皆未達清洗等級"},

	PolicyATAFrozen: {
		"ATA SECURITY ERASE not offered: the drive's security is frozen (the firmware froze it at boot); suspend and resume the machine, or unplug and re-plug the drive's power and data, then list again",
		"未提供 ATA SECURITY ERASE：磁碟的安全功能已凍結（韌體於開機時凍結）；請讓電腦暫停並恢復，或拔插磁碟的電源線與資料線，再重新列出"},
	PolicyATALocked: {
		"ATA SECURITY ERASE not offered: the drive is locked with a password this workstation does not know; unlock it first (the owner's password, or the master password)",
		"未提供 ATA SECURITY ERASE：磁碟已被本工作站不知道的密碼鎖定；請先解鎖（使用擁有者密碼或主密碼）"},
	PolicyATAOverUSB: {
		"the drive is behind a USB bridge: SECURITY ERASE can time out there and leave the drive locked with the temporary password; prefer SANITIZE, or connect the drive to SATA directly",
		"磁碟位於 USB 橋接器之後：SECURITY ERASE 可能在此逾時，使磁碟維持以暫時密碼鎖定；請優先使用 SANITIZE，或將磁碟直接接上 SATA"},
	PolicySCSIUnknown: {
		"SCSI SANITIZE not offered where the drive did not say whether it supports it (REPORT SUPPORTED OPERATION CODES unanswered)",
		"磁碟未表明是否支援 SCSI SANITIZE 時不提供（REPORT SUPPORTED OPERATION CODES 無回應）"},
	PolicyProbeFailed: {
		"firmware sanitize methods not offered: the device could not be probed ({1})",
		"未提供韌體清除方法：無法探測裝置（{1}）"},
	PolicyEraseMinutes: {"the drive estimates {1} minutes", "磁碟預估需時 {1} 分鐘"},
	PolicyHiddenSectors: {
		"the drive hides {1} sectors (HPA/DCO) that a host overwrite does not reach: reset the hidden area first",
		"磁碟隱藏了 {1} 個主機覆寫無法觸及的磁區 (HPA/DCO)：請先重設隱藏區"},
	PolicyAllNamespaces: {
		"it erases every namespace of the controller, not only this one",
		"此指令會抹除控制器的每個命名空間，而非僅此一個"},
	PolicyDiscUnknown: {
		"the disc type is unknown (the drive did not answer), and destruction is what applies to every disc",
		"光碟類型不明（光碟機未回應），而實體銷毀適用於所有光碟"},
	PolicyDiscRewritable: {
		"the disc ({1}) is rewritable: blanking it is possible but is not sanitization",
		"此光碟（{1}）可覆寫：可以空白化，但空白化並非清除"},
	PolicyDiscIs: {"the disc ({1}) is {2}", "此光碟（{1}）為{2}"},
	PolicyPhoneEncrypted: {
		"the storage is encrypted, so the reset destroys its keys: a cryptographic erase, Purge (NIST 800-88), once the phone shows itself freshly reset; without that evidence the record says Clear at most and not verified",
		"儲存空間已加密，重設會銷毀其金鑰：待手機顯示剛完成重設，即為加密抹除，屬清洗 (Purge)（NIST 800-88）；若無此證據，紀錄最多為清除 (Clear) 且未驗證"},
	PolicyPhoneNotEncrypted: {
		"the storage is not encrypted, so the reset only deletes: Clear (NIST 800-88 Rev.1)",
		"儲存空間未加密，重設僅刪除資料：清除 (Clear)（NIST 800-88 Rev.1）"},
	PolicyPhoneUnknown: {
		"encryption could not be confirmed, so the reset counts only as Clear (NIST 800-88 Rev.1)",
		"無法確認是否加密，因此重設僅算清除 (Clear)（NIST 800-88 Rev.1）"},

	PolicyMediaRewritable: {"rewritable", "可覆寫光碟"},
	PolicyMediaWriteOnce:  {"write-once", "單次寫入光碟"},
	PolicyMediaROM:        {"rom", "唯讀光碟"},
	PolicyMediaNone:       {"none", "無光碟"},

	SupportOptical: {
		"an optical drive: drive sanitize commands apply to disks; a disc is destroyed (or, if rewritable, blanked)",
		"光碟機：磁碟清除指令僅適用於磁碟；光碟應實體銷毀（可覆寫者可空白化）"},
	SupportPhone: {"a phone: drive sanitize commands do not reach it", "手機：磁碟清除指令無法送達"},
	SupportNoATA: {
		"the device did not answer ATA IDENTIFY through ATA PASS-THROUGH: its ATA capabilities are unknown{1}",
		"裝置未經由 ATA PASS-THROUGH 回應 ATA IDENTIFY：其 ATA 功能不明{1}"},
	SupportLocked: {
		"the drive is locked with a password this workstation does not know; unlock it first (the owner's password, or the master password)",
		"磁碟已被本工作站不知道的密碼鎖定；請先解鎖（使用擁有者密碼或主密碼）"},
	SupportNoNVMe: {
		"the device did not answer NVMe Identify: its NVMe capabilities are unknown{1}",
		"裝置未回應 NVMe Identify：其 NVMe 功能不明{1}"},
	SupportATANotSCSI: {
		"an ATA drive (through libata or a SAT bridge), which does not translate SCSI SANITIZE: use the ata-sanitize-* methods",
		"ATA 磁碟（經由 libata 或 SAT 橋接器）不轉譯 SCSI SANITIZE：請使用 ata-sanitize-* 方法"},
	SupportNoSCSI: {
		"the device did not answer REPORT SUPPORTED OPERATION CODES: SANITIZE support is unknown{1}",
		"裝置未回應 REPORT SUPPORTED OPERATION CODES：是否支援 SANITIZE 不明{1}"},
	SupportProbe: {" (probe: {1})", "（探測：{1}）"},
	SupportNoFormatCrypto: {
		"the controller does not support cryptographic erase in Format NVM (FNA bit 2 clear)",
		"控制器不支援 Format NVM 的加密抹除（FNA bit 2 為 0）"},
	SupportNoSanitizeCrypto: {
		"the controller does not support Sanitize Crypto Erase (SANICAP bit 0 clear)",
		"控制器不支援 Sanitize 加密抹除（SANICAP bit 0 為 0）"},
	SupportNoSanitizeBlock: {
		"the controller does not support Sanitize Block Erase (SANICAP bit 1 clear)",
		"控制器不支援 Sanitize 區塊抹除（SANICAP bit 1 為 0）"},
	SupportNoSanitizeOverwrite: {
		"the controller does not support Sanitize Overwrite (SANICAP bit 2 clear)",
		"控制器不支援 Sanitize 覆寫（SANICAP bit 2 為 0）"},
	SupportNoSecurity: {
		"the drive does not support the ATA security feature set (IDENTIFY word 82 bit 1 clear)",
		"磁碟不支援 ATA 安全功能集（IDENTIFY word 82 bit 1 為 0）"},
	SupportFrozen: {"the drive is security-frozen: {1}", "磁碟處於安全凍結狀態：{1}"},
	SupportFrozenWayOut: {
		"the BIOS froze the drive's security/sanitize commands at boot; suspend and resume the machine (`echo mem > /sys/power/state`), or unplug and replug the drive (power cable first on SATA), then list the devices again",
		"BIOS 於開機時凍結了磁碟的安全/sanitize 指令；請讓電腦暫停並恢復（`echo mem > /sys/power/state`），或拔插磁碟（SATA 先拔電源線），再重新列出裝置"},
	SupportCountExpired: {
		"the drive's password attempt counter has expired (IDENTIFY word 128 bit 4): power-cycle it first",
		"磁碟密碼嘗試次數已用盡（IDENTIFY word 128 bit 4）：請先斷電重啟"},
	SupportPasswordSet: {
		"a user password is already set on the drive (IDENTIFY word 128 bit 1); the erase would need it",
		"磁碟已設有使用者密碼（IDENTIFY word 128 bit 1）；抹除需要該密碼"},
	SupportNoEnhanced: {
		"the drive does not support enhanced security erase (IDENTIFY word 128 bit 5 clear)",
		"磁碟不支援加強型安全抹除（IDENTIFY word 128 bit 5 為 0）"},
	SupportNoSanitizeFeature: {
		"the drive does not support the SANITIZE feature set (IDENTIFY word 59 bit 12 clear)",
		"磁碟不支援 SANITIZE 功能集（IDENTIFY word 59 bit 12 為 0）"},
	SupportNoATASanitizeCrypto: {
		"the drive does not support SANITIZE CRYPTO SCRAMBLE (IDENTIFY word 59 bit 13 clear)",
		"磁碟不支援 SANITIZE CRYPTO SCRAMBLE（IDENTIFY word 59 bit 13 為 0）"},
	SupportNoATASanitizeBlock: {
		"the drive does not support SANITIZE BLOCK ERASE (IDENTIFY word 59 bit 15 clear)",
		"磁碟不支援 SANITIZE BLOCK ERASE（IDENTIFY word 59 bit 15 為 0）"},
	SupportNoATASanitizeOverwrite: {
		"the drive does not support SANITIZE OVERWRITE (IDENTIFY word 59 bit 14 clear)",
		"磁碟不支援 SANITIZE OVERWRITE（IDENTIFY word 59 bit 14 為 0）"},
	SupportNoFormat: {
		"the controller does not support Format NVM (OACS bit 1 clear)",
		"控制器不支援 Format NVM（OACS bit 1 為 0）"},
	SupportSCSINotSupported: {
		"the device reports SANITIZE {1} as not supported (REPORT SUPPORTED OPERATION CODES)",
		"裝置回報不支援 SANITIZE {1}（REPORT SUPPORTED OPERATION CODES）"},
	SupportSCSIUnknown: {
		"support for SANITIZE {1} is unknown: the device did not answer REPORT SUPPORTED OPERATION CODES{2}",
		"是否支援 SANITIZE {1} 不明：裝置未回應 REPORT SUPPORTED OPERATION CODES{2}"},
}
