// Package certificate turns a finished job record (wipe.Record) into the documents
// an asset manager files and an auditor checks: a one-page PDF certificate of
// sanitization (or a "not erased" report) in English or Traditional Chinese, signed
// with the workstation's ECDSA P-256 key and carrying its own JSON record; the
// verification of such files; the hash-chained audit log; and the register of
// certificates in a folder.
//
// It reads wipe's records and devices' identities and imports nothing else of
// wipestation. docs/certificate.md describes the files and the checks.
package certificate
