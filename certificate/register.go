package certificate

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/digitorus/pdf"

	"github.com/wipestation/wipestation/wipe"
)

// RegisterEntry is one certificate in the register an asset manager imports. The
// JSON names are a stable interface (docs/certificate.md).
type RegisterEntry struct {
	CertificateID string `json:"certificate_id"`
	Date          string `json:"date"` // the day the job ended, YYYY-MM-DD, in the workstation's zone
	Finished      string `json:"finished"`
	Serial        string `json:"serial"`
	Vendor        string `json:"vendor"`
	Model         string `json:"model"`
	AssetTag      string `json:"asset_tag"`
	Method        string `json:"method"`
	Technique     string `json:"technique"`
	Class         string `json:"class"`
	Result        string `json:"result"`       // the record's status: erased, destroyed, failed, ...
	Verification  string `json:"verification"` // mode and outcome, e.g. "full: passed"
	Operator      string `json:"operator"`
	File          string `json:"file"`
}

// RegisterColumns are the CSV header, in the order WriteCSV writes them.
func RegisterColumns() []string {
	return []string{"certificate_id", "date", "finished", "serial", "vendor", "model", "asset_tag", "method",
		"technique", "class", "result", "verification", "operator", "file"}
}

func (e RegisterEntry) columns() []string {
	return []string{e.CertificateID, e.Date, e.Finished, e.Serial, e.Vendor, e.Model, e.AssetTag, e.Method,
		e.Technique, e.Class, e.Result, e.Verification, e.Operator, e.File}
}

// Register reads the records embedded in every .pdf in dir (not its
// subfolders), sorted by file name (date, then serial). It does not check
// signatures (that is `cert verify`); files without a readable record are
// reported in skipped, one line each, and left out.
func Register(dir string) (entries []RegisterEntry, skipped []string, err error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("read certificate folder: %w", err)
	}
	var names []string
	for _, de := range des {
		if !de.IsDir() && strings.EqualFold(filepath.Ext(de.Name()), ".pdf") {
			names = append(names, de.Name())
		}
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, name)
		rec, err := ReadRecord(path)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("%s: %v", path, err))
			continue
		}
		entries = append(entries, registerEntry(rec, path))
	}
	return entries, skipped, nil
}

func registerEntry(rec *wipe.Record, path string) RegisterEntry {
	t := rec.Finished
	if t.IsZero() {
		t = rec.Started
	}
	v := rec.Verification
	outcome := "not verified"
	switch {
	case v.Verified:
		outcome = "passed"
	case v.Mismatches > 0:
		outcome = fmt.Sprintf("failed (%d mismatches)", v.Mismatches)
	}
	verification := outcome
	if v.Mode != "" {
		verification = v.Mode + ": " + outcome
	}
	return RegisterEntry{
		CertificateID: rec.CertificateID,
		Date:          t.Format("2006-01-02"),
		Finished:      formatTime(rec.Finished),
		Serial:        rec.Device.Serial,
		Vendor:        rec.Device.Vendor,
		Model:         rec.Device.Model,
		AssetTag:      rec.Details.AssetTag,
		Method:        rec.Sanitization.MethodID,
		Technique:     rec.Sanitization.Technique,
		Class:         string(rec.Sanitization.Class),
		Result:        string(rec.Status),
		Verification:  verification,
		Operator:      rec.Details.Operator.Name,
		File:          path,
	}
}

// ReadRecord returns the job record embedded in a certificate PDF, without
// checking the signature.
func ReadRecord(path string) (rec *wipe.Record, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			rec, err = nil, bad(ProblemNotPDF, "%v", r)
		}
	}()
	rdr, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, bad(ProblemNotPDF, "%v", err)
	}
	raw, err := embeddedRecord(rdr)
	if err != nil {
		return nil, err
	}
	var r wipe.Record
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, bad(ProblemRecord, "record.json: %v", err)
	}
	return &r, nil
}

// WriteCSV writes the register with a header row (RFC 4180).
func WriteCSV(w io.Writer, entries []RegisterEntry) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(RegisterColumns()); err != nil {
		return err
	}
	for _, e := range entries {
		if err := cw.Write(e.columns()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
