package msg

// Physical destruction and degaussing (certificate.DestroyRecord).
const (
	DestroyShredded       ID = "destroy.shredded"
	DestroyDisintegrated  ID = "destroy.disintegrated"
	DestroyIncinerated    ID = "destroy.incinerated"
	DestroyPulverized     ID = "destroy.pulverized"
	DestroyDegaussed      ID = "destroy.degaussed"
	DestroyDone           ID = "destroy.done"
	DestroyParticleSize   ID = "destroy.particle-size"
	DestroyDegaussPurge   ID = "destroy.degauss-purge"
	DestroyMediumStated   ID = "destroy.medium-stated"
	DestroyNothingWritten ID = "destroy.nothing-written"
	DestroyAttestation    ID = "destroy.attestation"
	DestroyWitnessed      ID = "destroy.witnessed"
	DestroyParticleNeeded ID = "destroy.particle-needed"
)

var destroy = map[ID]text{
	DestroyShredded:      {"Shredded", "已切碎"},
	DestroyDisintegrated: {"Disintegrated", "已細碎分解"},
	DestroyIncinerated:   {"Incinerated", "已焚毀"},
	DestroyPulverized:    {"Pulverized", "已研磨粉碎"},
	DestroyDegaussed:     {"Degaussed", "已消磁"},
	DestroyDone:          {"{1}.", "{1}。"},
	DestroyParticleSize:  {"{1} to a particle size of {2}.", "{1}，粒徑 {2}。"},
	DestroyDegaussPurge: {
		"Degaussing is Purge for magnetic media (NIST SP 800-88 Rev. 1 Appendix A); it also renders a hard disk inoperable.",
		"消磁對磁性媒體屬清洗 (Purge) 等級（NIST SP 800-88 Rev. 1 附錄 A）；消磁亦使硬碟無法再使用。"},
	DestroyMediumStated: {"Medium as stated by the technician: {1}.", "技術人員所述媒體：{1}。"},
	DestroyNothingWritten: {
		"Nothing was written to the device: this record attests a physical process.",
		"未對裝置寫入任何資料：本紀錄證明的是實體銷毀程序。"},
	DestroyAttestation: {"Technician's attestation; no witness recorded", "技術人員自行聲明；未記錄見證人"},
	DestroyWitnessed:   {"Visual inspection of the remains, witnessed by {1}", "目視檢查殘骸，見證人：{1}"},
	DestroyParticleNeeded: {
		"Particle size not recorded; optical media need a fine particle size to count as destroyed.",
		"未記錄粒徑；光碟須銷毀至細小粒徑方可視為已銷毀。"},
}
