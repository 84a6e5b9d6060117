// FROZEN: never edit (see below).

// Package layout1 is a frozen snapshot of the certificate page as the release at
// commit 3ed9d9e drew it (keywords marker "wipestation-layout/1"): its renderer,
// labels, number and time formats, zh-TW translator, QR code and erasure rule,
// and a copy of the schema-v1 record fields it reads. `cert verify` draws a
// layout-1 certificate's page again with it and compares the result with the
// file, so that certificates issued by that release verify with every later one.
//
// The code is that release's, changed only where it has to stand alone: the
// record types and the method catalogue's names are copied in (record.go), the
// fonts are passed as bytes, and the test-only QR override is gone. It is never
// edited, not even to fix a typo in its wording: the typo is what those
// certificates print. The duplicates checker lists pairs between this package
// and the live renderer; that is expected for a frozen historical version.
// docs/certificate.md, "Layout versions", says how a layout is frozen.
package layout1
