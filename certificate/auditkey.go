package certificate

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The files of the audit-log key, beside the certificate key in the key folder.
const (
	// AuditKeyFile holds the PKCS #8 ECDSA P-256 private key that signs audit log
	// lines, mode 0600. It has no X.509 certificate: it signs nothing but audit
	// lines, and no PDF reader or `cert verify` trusts it.
	AuditKeyFile = "audit-key.pem"
	// AuditPublicFile is its public half, for `log verify` without the private key.
	AuditPublicFile = "audit-public.pem"
)

// AuditPublicBlock is the PEM type of the audit-log key's public half (a PKIX
// SubjectPublicKeyInfo, as in a "PUBLIC KEY" block). It has a type of its own so
// that a tool looking for a document-signing key (`cert verify --key`, which reads
// PUBLIC KEY and CERTIFICATE blocks) never takes it for one.
const AuditPublicBlock = "WIPESTATION AUDIT LOG PUBLIC KEY"

// AuditKey is the workstation's audit-log signing key. It is a key of its own so
// that an audit line's signature (over a raw SHA-256) can never be passed off as a
// certificate's signature. Safe for concurrent use.
type AuditKey struct {
	Private *ecdsa.PrivateKey
}

// Public is the key's public half.
func (k *AuditKey) Public() *ecdsa.PublicKey { return &k.Private.PublicKey }

// Fingerprint is the lower-case hex SHA-256 of the public key in PKIX DER form.
func (k *AuditKey) Fingerprint() string {
	fp, _ := Fingerprint(k.Public()) // an ECDSA P-256 key always marshals
	return fp
}

// PublicPEM is the public half as an AuditPublicBlock.
func (k *AuditKey) PublicPEM() []byte {
	der, _ := x509.MarshalPKIXPublicKey(k.Public())
	return pem.EncodeToMemory(&pem.Block{Type: AuditPublicBlock, Bytes: der})
}

// LoadAuditKey reads the audit-log key in dir. It fails with an error wrapping
// fs.ErrNotExist when there is none yet.
func LoadAuditKey(dir string) (*AuditKey, error) {
	path := filepath.Join(dir, AuditKeyFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read audit-log key: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("audit-log key %s: no PRIVATE KEY block", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("audit-log key %s: %w", path, err)
	}
	p, ok := k.(*ecdsa.PrivateKey)
	if !ok || p.Curve != elliptic.P256() {
		return nil, fmt.Errorf("audit-log key %s: not an ECDSA P-256 key", path)
	}
	return &AuditKey{Private: p}, nil
}

// LoadOrCreateAuditKey loads the audit-log key in dir, creating it on first use
// the way LoadOrCreateKey creates the certificate key: the folder 0700, the key
// file 0600, written atomically and never overwritten (when another process
// creates it at the same moment, its key is used), and its public half beside it.
func LoadOrCreateAuditKey(dir string) (*AuditKey, error) {
	k, err := LoadAuditKey(dir)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	priv, err := createKeyFile(dir, AuditKeyFile, privateKeyPEM)
	switch {
	case err != nil:
		return nil, err
	case priv != nil:
		k = &AuditKey{Private: priv}
	default: // another process won the race: use its key
		if k, err = LoadAuditKey(dir); err != nil {
			return nil, err
		}
	}
	if err := writeFileAtomic(filepath.Join(dir, AuditPublicFile), k.PublicPEM(), 0o644, true); err != nil {
		return nil, err
	}
	return k, nil
}

// AuditKeys are the public keys a log is checked against.
type AuditKeys struct {
	// Audit is the audit-log key: every line of the current scheme is signed by it.
	Audit *ecdsa.PublicKey
	// Legacy is the certificate key, which signed the lines of the legacy scheme
	// (logs written before the audit-log key existed).
	Legacy *ecdsa.PublicKey
}

// LoadAuditKeys reads the public keys of the workstation whose key folder is dir:
// the audit-log key (its public file, else its private file) and, for legacy
// lines, the certificate key. A key that is not there is left nil.
func LoadAuditKeys(dir string) (AuditKeys, error) {
	var keys AuditKeys
	data, err := os.ReadFile(filepath.Join(dir, AuditPublicFile))
	switch {
	case err == nil:
		if keys.Audit, err = ParseAuditPublicKey(data); err != nil {
			return keys, fmt.Errorf("%s: %w", filepath.Join(dir, AuditPublicFile), err)
		}
	case errors.Is(err, fs.ErrNotExist):
		k, err := LoadAuditKey(dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return keys, err
		}
		if k != nil {
			keys.Audit = k.Public()
		}
	default:
		return keys, err
	}
	data, err = os.ReadFile(filepath.Join(dir, CertFile))
	switch {
	case err == nil:
		if keys.Legacy, err = ParsePublicKey(data); err != nil {
			return keys, fmt.Errorf("%s: %w", filepath.Join(dir, CertFile), err)
		}
	case errors.Is(err, fs.ErrNotExist):
		k, err := LoadKey(dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return keys, err
		}
		if k != nil {
			keys.Legacy = &k.Private.PublicKey
		}
	default:
		return keys, err
	}
	return keys, nil
}

// ParseAuditKeys reads the keys in a PEM export (`wipestation key show
// --export`): the audit-log key from its AuditPublicBlock and the certificate key
// (for legacy lines) from the first PUBLIC KEY or CERTIFICATE block. Either may
// be nil; both nil is an error.
func ParseAuditKeys(pemBytes []byte) (AuditKeys, error) {
	var keys AuditKeys
	var err error
	if keys.Audit, err = ParseAuditPublicKey(pemBytes); err != nil && !errors.Is(err, errNoAuditKey) {
		return keys, err
	}
	if keys.Legacy, err = ParsePublicKey(pemBytes); err != nil && keys.Audit == nil {
		return keys, errors.New("no audit-log key (" + AuditPublicBlock + ") and no certificate key in PEM data")
	}
	return keys, nil
}

var errNoAuditKey = errors.New("no " + AuditPublicBlock + " in PEM data")

// ParseAuditPublicKey returns the audit-log key of the first AuditPublicBlock in
// pemBytes.
func ParseAuditPublicKey(pemBytes []byte) (*ecdsa.PublicKey, error) {
	for {
		var block *pem.Block
		block, pemBytes = pem.Decode(pemBytes)
		if block == nil {
			return nil, errNoAuditKey
		}
		if block.Type != AuditPublicBlock {
			continue
		}
		p, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse audit-log key: %w", err)
		}
		k, ok := p.(*ecdsa.PublicKey)
		if !ok || k.Curve != elliptic.P256() {
			return nil, errors.New("audit-log key: not an ECDSA P-256 key")
		}
		return k, nil
	}
}
