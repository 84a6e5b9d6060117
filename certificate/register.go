package certificate

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/digitorus/pdf"

	"github.com/wipestation/wipestation/wipe"
)

// RegisterEntry is one certificate file in the register an asset manager
// imports. The JSON names are a stable interface (docs/certificate.md). The
// record's fields come from the verified record, or, for a file that failed
// verification, from the record it embeds (unverified; empty when unreadable).
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
	// Valid is true when the file passed every check of `cert verify` and no
	// other file of the folder carries its certificate ID.
	Valid bool `json:"valid"`
	// Problem says why not: the verification problem and its detail, or the
	// files that share the certificate ID.
	Problem string `json:"problem"`
	// Kind is what the document is (DocumentKind); empty without a readable record.
	Kind Kind `json:"kind"`
	// Signer is the fingerprint of the key that signed the file, when the
	// signature could be read (also for an untrusted key).
	Signer string `json:"signer"`
	// Duplicate is true when another file of the folder has the same certificate ID.
	Duplicate bool `json:"duplicate"`
}

// RegisterColumns are the CSV header, in the order WriteCSV writes them.
func RegisterColumns() []string {
	return []string{"certificate_id", "date", "finished", "serial", "vendor", "model", "asset_tag", "method",
		"technique", "class", "result", "verification", "operator", "file",
		"valid", "problem", "kind", "signer", "duplicate"}
}

func (e RegisterEntry) columns() []string {
	return []string{e.CertificateID, e.Date, e.Finished, e.Serial, e.Vendor, e.Model, e.AssetTag, e.Method,
		e.Technique, e.Class, e.Result, e.Verification, e.Operator, e.File,
		strconv.FormatBool(e.Valid), e.Problem, string(e.Kind), e.Signer, strconv.FormatBool(e.Duplicate)}
}

// Register verifies every .pdf in dir (not its subfolders) with v, exactly as
// `cert verify` does, and returns one entry per file, sorted by file name
// (date, then serial). Files that share a certificate ID are all marked
// duplicate and invalid: a register must not count one job twice, nor pick one
// of two conflicting certificates.
func Register(dir string, v *Verifier) ([]RegisterEntry, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read certificate folder: %w", err)
	}
	var names []string
	for _, de := range des {
		if !de.IsDir() && strings.EqualFold(filepath.Ext(de.Name()), ".pdf") {
			names = append(names, de.Name())
		}
	}
	sort.Strings(names)
	entries := make([]RegisterEntry, 0, len(names))
	byID := map[string][]int{}
	for _, name := range names {
		path := filepath.Join(dir, name)
		e := RegisterEntry{File: path}
		res, err := v.VerifyFile(path)
		var rec *wipe.Record
		if err == nil {
			rec, e.Valid, e.Signer = res.Record, true, res.Fingerprint
		} else {
			e.Problem = err.Error()
			var ve *VerifyError
			if errors.As(err, &ve) {
				e.Signer = ve.Signer
			}
			rec, _ = ReadRecord(path) // what the file claims, to name it
		}
		if rec != nil {
			fillFromRecord(&e, rec)
			byID[rec.CertificateID] = append(byID[rec.CertificateID], len(entries))
		}
		entries = append(entries, e)
	}
	for id, idx := range byID {
		if id == "" || len(idx) < 2 {
			continue
		}
		for _, i := range idx {
			var others []string
			for _, j := range idx {
				if j != i {
					others = append(others, filepath.Base(entries[j].File))
				}
			}
			e := &entries[i]
			e.Duplicate = true
			dup := "certificate ID " + id + " is also in " + strings.Join(others, ", ")
			if e.Valid {
				e.Valid, e.Problem = false, dup
			} else {
				e.Problem += "; " + dup
			}
		}
	}
	return entries, nil
}

func fillFromRecord(e *RegisterEntry, rec *wipe.Record) {
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
	e.CertificateID = rec.CertificateID
	e.Date = t.Format("2006-01-02")
	e.Finished = formatTime(rec.Finished)
	e.Serial = rec.Device.Serial
	e.Vendor = rec.Device.Vendor
	e.Model = rec.Device.Model
	e.AssetTag = rec.Details.AssetTag
	e.Method = rec.Sanitization.MethodID
	e.Technique = rec.Sanitization.Technique
	e.Class = string(rec.Sanitization.Class)
	e.Result = string(rec.Status)
	e.Verification = verification
	e.Operator = rec.Details.Operator.Name
	e.Kind = DocumentKind(rec)
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
