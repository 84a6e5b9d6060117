package certificate

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// The files of the workstation key in its directory.
const (
	// KeyFile holds the PKCS #8 ECDSA P-256 private key and its self-signed X.509
	// certificate, mode 0600. It is the only file read.
	KeyFile = "signing-key.pem"
	// CertFile is a copy of the certificate, for people and other tools.
	CertFile = "signing-cert.pem"
)

// KeyDirEnv overrides where the workstation key lives.
const KeyDirEnv = "WIPESTATION_KEY_DIR"

// oidDocumentSigning is the Document Signing extended key usage (RFC 9336).
var oidDocumentSigning = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 36}

// Key is the workstation's signing key and its certificate: self-signed, or issued
// by the organization's CA once one is installed (ChainFile). It signs every
// certificate PDF, and nothing else (audit log lines have a key of their own,
// AuditKey). Safe for concurrent use.
type Key struct {
	Private *ecdsa.PrivateKey
	Cert    *x509.Certificate
	// Chain is Cert followed by the certificates up to its CA's root; just Cert
	// for a standalone workstation.
	Chain []*x509.Certificate
}

// DefaultKeyDir is where the workstation key lives: $WIPESTATION_KEY_DIR when set;
// /var/lib/wipestation/key when running as root (euid 0); otherwise
// $XDG_CONFIG_HOME/wipestation (or ~/.config/wipestation).
func DefaultKeyDir(euid int, getenv func(string) string) string {
	if d := getenv(KeyDirEnv); d != "" {
		return d
	}
	if euid == 0 {
		return "/var/lib/wipestation/key"
	}
	if d := getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "wipestation")
	}
	return filepath.Join(getenv("HOME"), ".config", "wipestation")
}

// LoadKey reads the key in dir, and the certificate chain the organization's CA
// issued for it when one is installed (ChainFile). It fails with an error
// wrapping fs.ErrNotExist when there is no key yet.
func LoadKey(dir string) (*Key, error) {
	priv, cert, err := readKeyPair(filepath.Join(dir, KeyFile), "signing key", elliptic.P256())
	if err != nil {
		return nil, err
	}
	chainPath := filepath.Join(dir, ChainFile)
	data, err := os.ReadFile(chainPath)
	if errors.Is(err, fs.ErrNotExist) {
		return &Key{Private: priv, Cert: cert, Chain: []*x509.Certificate{cert}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read certificate chain: %w", err)
	}
	chain, err := ParseCertificates(data)
	switch {
	case err != nil:
		return nil, fmt.Errorf("certificate chain %s: %w", chainPath, err)
	case len(chain) == 0:
		return nil, fmt.Errorf("certificate chain %s: no CERTIFICATE block", chainPath)
	case !priv.PublicKey.Equal(chain[0].PublicKey):
		return nil, fmt.Errorf("certificate chain %s: the certificate is for another key", chainPath)
	}
	return &Key{Private: priv, Cert: chain[0], Chain: chain}, nil
}

// readKeyPair reads a key file: a PKCS #8 ECDSA private key on curve and the
// certificate for it, in PEM. what names the file in errors ("signing key").
func readKeyPair(path, what string, curve elliptic.Curve) (*ecdsa.PrivateKey, *x509.Certificate, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", what, err)
	}
	var priv *ecdsa.PrivateKey
	var cert *x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		switch block.Type {
		case "PRIVATE KEY":
			k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
			if err != nil {
				return nil, nil, fmt.Errorf("%s %s: %w", what, path, err)
			}
			p, ok := k.(*ecdsa.PrivateKey)
			if !ok || p.Curve != curve {
				return nil, nil, fmt.Errorf("%s %s: not an ECDSA %s key", what, path, curve.Params().Name)
			}
			priv = p
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, nil, fmt.Errorf("%s %s: certificate: %w", what, path, err)
			}
			cert = c
		}
	}
	switch {
	case priv == nil:
		return nil, nil, fmt.Errorf("%s %s: no PRIVATE KEY block", what, path)
	case cert == nil:
		return nil, nil, fmt.Errorf("%s %s: no CERTIFICATE block", what, path)
	case !priv.PublicKey.Equal(cert.PublicKey):
		return nil, nil, fmt.Errorf("%s %s: the certificate is for another key", what, path)
	}
	return priv, cert, nil
}

// keyPairPEM encodes a key file: the PKCS #8 private key, then the certificate.
func keyPairPEM(priv *ecdsa.PrivateKey, cert *x509.Certificate) ([]byte, error) {
	out, err := privateKeyPEM(priv)
	if err != nil {
		return nil, err
	}
	return append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})...), nil
}

// LoadOrCreateKey loads the key in dir, creating it on first use: an ECDSA P-256
// key and a self-signed certificate naming host (and organization, when set),
// valid from an hour before now for 30 years. The directory is made 0700 and the
// key file 0600, written atomically and never overwritten: when another process
// creates the key at the same moment, its key is used.
func LoadOrCreateKey(dir, host, organization string, now time.Time) (*Key, error) {
	k, err := LoadKey(dir)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	var cert *x509.Certificate
	priv, err := createKeyFile(dir, KeyFile, func(priv *ecdsa.PrivateKey) ([]byte, error) {
		c, err := selfSign(priv, host, organization, now)
		if err != nil {
			return nil, err
		}
		cert = c
		return keyPairPEM(priv, cert)
	})
	switch {
	case err != nil:
		return nil, err
	case priv != nil:
		k = &Key{Private: priv, Cert: cert, Chain: []*x509.Certificate{cert}}
	default: // another process won the race: use its key
		if k, err = LoadKey(dir); err != nil {
			return nil, err
		}
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: k.Cert.Raw})
	if err := writeFileAtomic(filepath.Join(dir, CertFile), certPEM, 0o644, true); err != nil {
		return nil, err
	}
	return k, nil
}

// createKeyFile makes dir (mode 0700) and a new ECDSA P-256 key, and writes
// encode(key) to dir/name, mode 0600, atomically and never over an existing file.
// It returns the key, or nil when another process created the file first (the
// caller then loads that one).
func createKeyFile(dir, name string, encode func(*ecdsa.PrivateKey) ([]byte, error)) (*ecdsa.PrivateKey, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create key directory %s: %w", dir, err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("restrict key directory %s: %w", dir, err)
	}
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate %s: %w", name, err)
	}
	data, err := encode(priv)
	if err != nil {
		return nil, err
	}
	if err := writeFileAtomic(filepath.Join(dir, name), data, 0o600, false); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, nil
		}
		return nil, err
	}
	return priv, nil
}

// privateKeyPEM is priv as a PKCS #8 PRIVATE KEY block.
func privateKeyPEM(priv *ecdsa.PrivateKey) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, fmt.Errorf("encode private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

func selfSign(priv *ecdsa.PrivateKey, host, organization string, now time.Time) (*x509.Certificate, error) {
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      workstationName(host, organization),
		NotBefore:    now.Add(-clockSkew).UTC(),
		NotAfter:     now.AddDate(30, 0, 0).UTC(),
	}
	signerUsage(tmpl)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		return nil, fmt.Errorf("self-sign workstation certificate: %w", err)
	}
	return x509.ParseCertificate(der)
}

// CheckValidity says whether the key's certificate is valid at now: a document
// signed with an expired (or not yet valid) certificate does not verify against
// the organization's root (VerifySigner checks at the signing time).
func (k *Key) CheckValidity(now time.Time) error {
	switch c := k.Cert; {
	case now.After(c.NotAfter):
		return fmt.Errorf("the workstation certificate %q expired on %s: enrol again (key csr, ca sign, key install)", c.Subject.CommonName, c.NotAfter.Format(time.DateOnly))
	case now.Before(c.NotBefore):
		return fmt.Errorf("the workstation certificate %q is valid only from %s (is this machine's clock right?)", c.Subject.CommonName, c.NotBefore.Format(time.RFC3339))
	}
	return nil
}

// Fingerprint is the lower-case hex SHA-256 of the key's public key in PKIX DER
// (SubjectPublicKeyInfo) form.
func (k *Key) Fingerprint() string {
	fp, _ := Fingerprint(&k.Private.PublicKey) // an ECDSA P-256 key always marshals
	return fp
}

// Fingerprint is the lower-case hex SHA-256 of pub in PKIX DER form.
func Fingerprint(pub crypto.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("fingerprint: %w", err)
	}
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:]), nil
}

// PublicPEM is the export an asset manager keeps: the public key and the
// workstation certificate, in PEM.
func (k *Key) PublicPEM() []byte {
	der, _ := x509.MarshalPKIXPublicKey(&k.Private.PublicKey)
	out := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	return append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: k.Cert.Raw})...)
}

// ParseCertificates reads every CERTIFICATE block of a PEM file.
func ParseCertificates(pemBytes []byte) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	for {
		var block *pem.Block
		block, pemBytes = pem.Decode(pemBytes)
		if block == nil {
			return out, nil
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse certificate: %w", err)
		}
		out = append(out, c)
	}
}

// ParseTrustedKeys reads the public keys in a PEM export (`wipestation key show
// --export`): PUBLIC KEY and CERTIFICATE blocks. It returns their fingerprints.
func ParseTrustedKeys(pemBytes []byte) ([]string, error) {
	keys, err := pemPublicKeys(pemBytes)
	if err != nil {
		return nil, err
	}
	var fps []string
	for _, pub := range keys {
		fp, err := Fingerprint(pub)
		if err != nil {
			return nil, err
		}
		fps = append(fps, fp)
	}
	if len(fps) == 0 {
		return nil, errors.New("no PUBLIC KEY or CERTIFICATE in PEM data")
	}
	return fps, nil
}

// pemPublicKeys returns the public key of every PUBLIC KEY and CERTIFICATE block
// in pemBytes, in order; other blocks are skipped.
func pemPublicKeys(pemBytes []byte) ([]crypto.PublicKey, error) {
	var keys []crypto.PublicKey
	for {
		var block *pem.Block
		block, pemBytes = pem.Decode(pemBytes)
		if block == nil {
			return keys, nil
		}
		switch block.Type {
		case "PUBLIC KEY":
			p, err := x509.ParsePKIXPublicKey(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("parse public key: %w", err)
			}
			keys = append(keys, p)
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("parse certificate: %w", err)
			}
			keys = append(keys, c.PublicKey)
		}
	}
}

// WriteFileAtomic writes data to path atomically, replacing what is there:
// a reader sees the old bytes or the new ones, never part of them, and the name
// survives a power loss (writeFileAtomic).
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	return writeFileAtomic(path, data, perm, true)
}

// writeFileAtomic writes data to a temporary file beside path, syncs it and moves
// it into place. With replace false an existing path is never overwritten (the
// error wraps fs.ErrExist). The directory is synced so that the name survives a
// power loss.
func writeFileAtomic(path string, data []byte, perm os.FileMode, replace bool) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName)
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("sync %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if replace {
		err = os.Rename(tmpName, path)
	} else {
		err = os.Link(tmpName, path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// ParsePublicKey returns the first ECDSA public key in a PEM export (a PUBLIC KEY
// or CERTIFICATE block): the certificate key, which signed audit log lines of the
// legacy scheme.
func ParsePublicKey(pemBytes []byte) (*ecdsa.PublicKey, error) {
	keys, err := pemPublicKeys(pemBytes)
	if err != nil {
		return nil, err
	}
	for _, pub := range keys {
		if k, ok := pub.(*ecdsa.PublicKey); ok {
			return k, nil
		}
	}
	return nil, errors.New("no ECDSA PUBLIC KEY or CERTIFICATE in PEM data")
}
