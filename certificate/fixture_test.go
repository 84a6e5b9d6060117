package certificate

import (
	"os"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// testFonts loads the certificate font, or skips the test with the reason.
func testFonts(t testing.TB) *Fonts {
	t.Helper()
	path, err := FindFont("", os.Getenv)
	if err != nil {
		skip(t, err.Error())
	}
	f, err := LoadFonts(path)
	if err != nil {
		t.Fatalf("load fonts: %v", err)
	}
	return f
}

// testKey is the fixed key in testdata/key, so that golden files (which print the
// key's fingerprint) stay the same from run to run.
func testKey(t testing.TB) *Key {
	t.Helper()
	k, err := LoadKey("testdata/key")
	if err != nil {
		t.Fatalf("test key: %v", err)
	}
	return k
}

// otherKey makes a fresh key, as another workstation would have.
func otherKey(t testing.TB) *Key {
	t.Helper()
	k, err := LoadOrCreateKey(t.TempDir(), "desk-99", "Elsewhere Ltd", fixedNow())
	if err != nil {
		t.Fatalf("key: %v", err)
	}
	return k
}

func fixedNow() time.Time {
	return time.Date(2026, 11, 26, 10, 30, 0, 0, time.FixedZone("CST", 8*3600))
}

// erasedRecord is a normal, clean job: an NVMe SSD purged by crypto erase.
func erasedRecord() *wipe.Record {
	zone := time.FixedZone("CST", 8*3600)
	started := time.Date(2026, 11, 26, 9, 14, 3, 0, zone)
	return &wipe.Record{
		Schema:        wipe.RecordSchema,
		CertificateID: "WS-20261126-7F3K9Q2M",
		Status:        wipe.StatusErased,
		Device: devices.Device{
			Path: "/dev/nvme0n1", Name: "nvme0n1", Kind: devices.KindDisk, Transport: devices.TransportNVMe,
			Vendor: "Samsung", Model: "Samsung SSD 980 PRO 1TB", Serial: "S5GXNF0R123456A",
			Firmware: "5B2QGXA7", SizeBytes: 1000204886016, LogicalSectorBytes: 512, PhysicalSectorBytes: 512,
		},
		Details: wipe.JobDetails{
			Operator: wipe.Person{Name: "Alex Chen", Title: "IT Asset Technician", Organization: "Example Corp",
				Location: "Taipei disposal desk 2", Phone: "+886 2 2345 6789"},
			AssetTag: "EX-IT-004512", Source: "Laptop PC-0331 (J. Doe)", Classification: "Confidential",
			DataBackedUp: "No", PostClassification: "Unclassified", Destination: "External Reuse",
			DestinationDetails: "Resale through certified vendor", Notes: "Batch 2026-47",
			Standards: []string{"NIST SP 800-88 Rev. 1", "IEEE 2883-2022", "ISO/IEC 27001:2022 A.7.14"},
		},
		Sanitization: wipe.Sanitization{
			Class: devices.ClassPurge, MethodID: "nvme-sanitize-crypto", MethodName: "NVMe Sanitize, crypto erase",
			Technique: "Crypto Erase",
			Details: []msg.Message{
				msg.New(msg.FirmwareNVMeSanitize, 4, msg.New(msg.FirmwareSanactCrypto), "00000004"),
				msg.New(msg.FirmwareNVMeStatusPolled, 3),
			},
		},
		Verification: wipe.Verification{Mode: "sampling", Method: msg.New(msg.FirmwareMethodSampling, 1000, 2, "5eed0123456789ab", 2002, 8200192, 1000204886016, "0.0",
			msg.New(msg.FirmwareExpectChanged)),
			Verified: true, BytesRead: 102400000},
		BytesWritten: 0,
		Errors:       []wipe.RangeError{},
		Exceptions:   []msg.Message{},
		Started:      started, Finished: started.Add(83 * time.Second), DurationSeconds: 83,
		Tool: "wipestation", ToolVersion: "1.0.0", Host: "desk-01",
	}
}

// failedRecord is an overwrite of a USB stick that failed with unreadable ranges.
func failedRecord() *wipe.Record {
	r := erasedRecord()
	r.CertificateID = "WS-20261126-9Q2M7F3K"
	r.Status = wipe.StatusFailed
	r.Reason = msg.New(msg.OutcomeRangesFailed, 2).Ptr()
	r.Device = devices.Device{Path: "/dev/sdc", Name: "sdc", Kind: devices.KindDisk, Transport: devices.TransportUSB,
		Vendor: "SanDisk", Model: "Cruzer Blade", Serial: "4C530001230517115215", Removable: true, SizeBytes: 16008609792}
	r.Sanitization = wipe.Sanitization{Class: devices.ClassClear, MethodID: "nist-clear-2pass", MethodName: "Two-pass overwrite",
		Technique: "Overwrite", Details: []msg.Message{
			msg.New(msg.OverwritePass, 1, 2, msg.New(msg.OverwriteRandomPass)),
			msg.New(msg.OverwritePass, 2, 2, msg.New(msg.OverwritePattern, "0xFF")),
		}}
	r.Verification = wipe.Verification{Mode: "all-passes", Method: msg.New(msg.OverwriteVerifyAll),
		BytesRead: 16008609792, Mismatches: 3, FirstMismatchOffsets: []int64{1048576, 7340032, 9437184}}
	r.BytesWritten = 16008478720
	r.Errors = []wipe.RangeError{
		{Offset: 1048576, Length: 65536, Phase: "write", Pass: 1, Err: "input/output error"},
		{Offset: 7340032, Length: 65536, Phase: "write", Pass: 2, Err: "input/output error"},
	}
	r.Exceptions = []msg.Message{
		msg.New(msg.OutcomeRangeError, 1, msg.New(msg.PhaseWrite), 1048576, 1114111, 65536, "input/output error"),
		msg.New(msg.OutcomeRangeError, 2, msg.New(msg.PhaseWrite), 7340032, 7405567, 65536, "input/output error"),
		msg.New(msg.OutcomeMismatchedBlocks, 3, 512, 1048576),
	}
	return r
}

// chineseRecord has Chinese names and organizations in every free-text field.
func chineseRecord() *wipe.Record {
	r := erasedRecord()
	r.CertificateID = "WS-20261126-K9Q2M7F3"
	r.Device = devices.Device{Path: "/dev/sdb", Name: "sdb", Kind: devices.KindDisk, Transport: devices.TransportSATA,
		Vendor: "WDC", Model: "WD10EZEX-08WN4A0", Serial: "WD-WCC6Y7KX1234", Rotational: true, SizeBytes: 1000204886016}
	r.Details = wipe.JobDetails{
		Operator:  wipe.Person{Name: "王小明", Title: "資產管理專員", Organization: "臺灣範例科技股份有限公司", Location: "新竹市東區科學園區研發一路 1 號", Phone: "03-123-4567"},
		Validator: wipe.Person{Name: "林美華", Title: "資訊安全主管", Organization: "臺灣範例科技股份有限公司"},
		AssetTag:  "財-2026-00077", Source: "研發部 張大同 桌機", Classification: "機密", DataBackedUp: "Yes",
		BackupLocation: "NAS //backup/2026/財-2026-00077", PostClassification: "一般", Destination: "Recycling Facility",
		DestinationDetails: "交由環保署核可之回收商處理", Notes: "第 47 批報廢", Language: LangTraditionalChinese,
		Standards: []string{"NIST SP 800-88 Rev. 1", "IEEE 2883-2022", "ISO/IEC 27001:2022 A.7.14"},
	}
	r.Sanitization = wipe.Sanitization{Class: devices.ClassClear, MethodID: "zero", MethodName: "Single pass of zeros",
		Technique: "Overwrite", Details: []msg.Message{msg.New(msg.OverwritePass, 1, 1, msg.New(msg.OverwritePattern, "0x00"))}}
	r.Verification = wipe.Verification{Mode: "last-pass", Method: msg.New(msg.OverwriteVerifyLast), Verified: true, BytesRead: 1000204886016}
	r.BytesWritten = 1000204886016
	r.Started = time.Date(2026, 11, 26, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	r.Finished = r.Started.Add(2*time.Hour + 3*time.Minute + 7*time.Second)
	r.DurationSeconds = (2*time.Hour + 3*time.Minute + 7*time.Second).Seconds()
	return r
}

// chineseWipeRecord is a zh-TW overwrite of a USB stick with the sentences the
// overwrite engine writes into a record, word for word.
func chineseWipeRecord() *wipe.Record {
	r := chineseRecord()
	r.CertificateID = "WS-20261126-ZH7W1PE0"
	r.Device = devices.Device{Path: "/dev/sdc", Name: "sdc", Kind: devices.KindDisk, Transport: devices.TransportUSB,
		Vendor: "SanDisk", Model: "Cruzer Blade", Serial: "4C530001230517115215", Removable: true, SizeBytes: 16008609792}
	r.Sanitization = wipe.Sanitization{Class: devices.ClassClear, MethodID: "nist-clear", MethodName: "NIST 800-88 Clear",
		Technique: "Overwrite", Standards: r.Details.Standards, Details: []msg.Message{
			msg.New(msg.OverwritePass, 1, 1, msg.New(msg.OverwriteRandomPass)),
			msg.New(msg.OverwriteRandomStream),
			msg.New(msg.OverwriteIO, 16008609792, 4),
			msg.New(msg.OverwriteDirectIO),
		}}
	r.Verification = wipe.Verification{Mode: "last-pass", Verified: true, BytesRead: 16008609792,
		Method: msg.New(msg.Join, msg.New(msg.OverwriteVerifyLast), msg.New(msg.OverwriteReadDirect))}
	r.BytesWritten = 16008609792
	r.Exceptions = []msg.Message{msg.New(msg.HiddenUnknown, msg.New(msg.HiddenNativeUnreadable))}
	return r
}

// chineseFailedRecord is a zh-TW NVMe Sanitize that the drive reported done but
// the samples show it did not erase: the sentences of the firmware executor.
func chineseFailedRecord() *wipe.Record {
	r := chineseRecord()
	r.CertificateID = "WS-20261126-ZHFA1LED"
	r.Status = wipe.StatusFailed
	r.Reason = msg.New(msg.FirmwareSamplesUnchanged, 3, 2002, 3).Ptr()
	r.Device = erasedRecord().Device
	r.Sanitization = wipe.Sanitization{Class: devices.ClassPurge, MethodID: "nvme-sanitize-crypto", MethodName: "NVMe Sanitize Crypto Erase",
		Technique: "Crypto Erase", Details: []msg.Message{
			msg.New(msg.FirmwareNVMeSanitize, 4, msg.New(msg.FirmwareSanactCrypto), "00000004"),
			msg.New(msg.FirmwareNVMeStatusPolled, 12),
		}}
	r.Verification = wipe.Verification{Mode: "sampling", BytesRead: 8200192, Mismatches: 3,
		FirstMismatchOffsets: []int64{4096, 500107862016, 1000204881920},
		Method: msg.New(msg.FirmwareMethodSampling, 1000, 2, "5eed0123456789ab", 2002, 8200192, 1000204886016, "0.0",
			msg.New(msg.FirmwareExpectChanged))}
	r.Exceptions = []msg.Message{msg.New(msg.FirmwareWholeController, 1)}
	r.Errors = []wipe.RangeError{{Offset: 1000204881920, Length: 4096, Phase: "verify", Pass: 1, Err: "input/output error"}}
	r.Started = time.Date(2026, 11, 26, 11, 0, 0, 0, time.FixedZone("CST", 8*3600))
	r.Finished = r.Started.Add(95 * time.Second)
	r.DurationSeconds = 95
	return r
}

// verbatims states texts as given: fixtures of sentences from records of other
// kinds than the catalogue's.
func verbatims(texts ...string) []msg.Message {
	out := make([]msg.Message, len(texts))
	for i, t := range texts {
		out[i] = msg.Verbatim(t)
	}
	return out
}
