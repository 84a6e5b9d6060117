package certificate

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The files of an organization's CA in its directory (docs/certificate.md, "An
// organization's trust").
const (
	// CAKeyFile holds the CA's PKCS #8 ECDSA P-384 private key and its root
	// certificate, mode 0600. Never overwritten.
	CAKeyFile = "ca-key.pem"
	// CACertFile is the root certificate, for workstations, auditors and PDF readers.
	CACertFile = "ca-cert.pem"
	// caIssuedDir keeps a copy of every certificate the CA issued, named by serial.
	caIssuedDir = "issued"
)

// Validity periods. A signature is checked at the signing time the PDF records,
// so a workstation certificate that has expired still vouches for the documents
// it signed while it was valid; the shorter workstation period only bounds how
// long a stolen workstation key can sign new ones.
const (
	caValidityYears          = 25
	workstationValidityYears = 5
	// clockSkew backdates NotBefore so that a workstation whose clock runs a little
	// behind the CA's can use its certificate at once.
	clockSkew = time.Hour
)

// The extended key usages of a document signer, besides email protection (which
// NSS, and so poppler's pdfsig, requires when the extension is present) and any.
var (
	// oidAdobeAuthenticDocuments is Adobe's "Authentic Documents Trust" purpose,
	// which Acrobat accepts for signing.
	oidAdobeAuthenticDocuments = asn1.ObjectIdentifier{1, 2, 840, 113583, 1, 1, 5}
	// oidMicrosoftDocumentSigning is Microsoft's Document Signing purpose, which
	// Acrobat accepts too.
	oidMicrosoftDocumentSigning = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 10, 3, 12}
)

// signerUsage sets the key usages of a workstation certificate: digital signature
// and non-repudiation (content commitment), email protection (NSS, poppler and
// Acrobat), Document Signing (RFC 9336) and Adobe's Authentic Documents purpose.
func signerUsage(tmpl *x509.Certificate) {
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment
	tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}
	tmpl.UnknownExtKeyUsage = []asn1.ObjectIdentifier{oidDocumentSigning, oidAdobeAuthenticDocuments}
	tmpl.BasicConstraintsValid = true
}

// workstationCNPrefix starts the common name of every workstation certificate,
// self-signed or issued: "wipestation workstation <host>".
const workstationCNPrefix = "wipestation workstation "

// workstationName is the subject of host's certificate.
func workstationName(host, organization string) pkix.Name {
	name := pkix.Name{CommonName: workstationCNPrefix + host}
	if organization != "" {
		name.Organization = []string{organization}
	}
	return name
}

// caCurve is the CA key's: P-384 outlasts the workstations' P-256 keys it vouches
// for, and every PDF reader and X.509 library knows it.
var caCurve = elliptic.P384()

// CA is an organization's certificate authority: the key that issues workstation
// certificates and the root certificate everyone else trusts.
type CA struct {
	Dir     string
	Private *ecdsa.PrivateKey
	Cert    *x509.Certificate
}

// maxNameLen is X.520's upper bound for an organization name (ub-organization-name).
const maxNameLen = 64

// checkName refuses a name that is empty, too long or has control characters.
func checkName(what, s string) error {
	switch {
	case strings.TrimSpace(s) != s || s == "":
		return fmt.Errorf("%s %q: empty or with leading or trailing spaces", what, s)
	case utf8.RuneCountInString(s) > maxNameLen:
		return fmt.Errorf("%s %q: longer than %d characters", what, s, maxNameLen)
	case strings.IndexFunc(s, unicode.IsControl) >= 0 || !utf8.ValidString(s):
		return fmt.Errorf("%s %q: control characters or invalid UTF-8", what, s)
	}
	return nil
}

// InitCA makes organization's CA in dir: an ECDSA P-384 key and a self-signed root
// certificate (CA, path length 0, key usage certificate and CRL signing, valid 25
// years from an hour before now) named "<organization> wipestation CA". dir is
// made 0700; the key file is written 0600, atomically, and never overwritten: an
// existing CA is an error wrapping fs.ErrExist.
func InitCA(dir, organization string, now time.Time) (*CA, error) {
	if err := checkName("organization", organization); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create CA directory %s: %w", dir, err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("restrict CA directory %s: %w", dir, err)
	}
	if _, err := os.Lstat(filepath.Join(dir, CAKeyFile)); err == nil {
		return nil, fmt.Errorf("init CA in %s: %w (a CA is never overwritten)", dir, os.ErrExist)
	}
	priv, err := ecdsa.GenerateKey(caCurve, rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate CA key: %w", err)
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	cn := organization + " wipestation CA"
	if utf8.RuneCountInString(cn) > maxNameLen {
		cn = "wipestation CA"
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: cn, Organization: []string{organization}},
		NotBefore:             now.Add(-clockSkew).UTC(),
		NotAfter:              now.AddDate(caValidityYears, 0, 0).UTC(),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		return nil, fmt.Errorf("self-sign CA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("self-sign CA certificate: %w", err)
	}
	keyPEM, err := keyPairPEM(priv, cert)
	if err != nil {
		return nil, err
	}
	if err := writeFileAtomic(filepath.Join(dir, CAKeyFile), keyPEM, 0o600, false); err != nil {
		return nil, err
	}
	if err := writeFileAtomic(filepath.Join(dir, CACertFile), ChainPEM([]*x509.Certificate{cert}), 0o644, true); err != nil {
		return nil, err
	}
	return &CA{Dir: dir, Private: priv, Cert: cert}, nil
}

// LoadCA reads the CA in dir.
func LoadCA(dir string) (*CA, error) {
	path := filepath.Join(dir, CAKeyFile)
	priv, cert, err := readKeyPair(path, "CA key", caCurve)
	if err != nil {
		return nil, err
	}
	if !cert.IsCA {
		return nil, fmt.Errorf("CA key %s: the certificate is not a CA certificate", path)
	}
	return &CA{Dir: dir, Private: priv, Cert: cert}, nil
}

// Organization is the organization the CA names in every certificate it issues.
func (ca *CA) Organization() string {
	if len(ca.Cert.Subject.Organization) == 0 {
		return ""
	}
	return ca.Cert.Subject.Organization[0]
}

// ParseCSR reads the first certificate request in a PEM file (`wipestation key
// csr`) and checks its signature, which proves that whoever made it holds the
// private key.
func ParseCSR(pemBytes []byte) (*x509.CertificateRequest, error) {
	block := findPEM(pemBytes, "CERTIFICATE REQUEST")
	if block == nil {
		return nil, errors.New("no CERTIFICATE REQUEST in PEM data")
	}
	csr, err := x509.ParseCertificateRequest(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("parse certificate request: %w", err)
	}
	if err := csr.CheckSignature(); err != nil {
		return nil, fmt.Errorf("certificate request: bad signature: %w", err)
	}
	return csr, nil
}

// findPEM returns the first PEM block of type typ in data, or nil.
func findPEM(data []byte, typ string) *pem.Block {
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil || block.Type == typ {
			return block
		}
	}
}

// Sign issues a workstation certificate for the request in csrPEM and returns the
// chain, the new certificate first and the root last. The request must be signed
// by an ECDSA P-256 key and name a workstation ("wipestation workstation <host>");
// the certificate names that host and the CA's organization (whatever
// organization the request names), has the key usages of a document signer, and
// is valid for 5 years from an hour before now, never beyond the CA's own expiry.
//
// A request that carries an enrolment token's proof (`key csr --token`) is
// checked against the token, and the token is burnt before the certificate is
// made; with requireToken a request without one is refused. A copy of every
// certificate issued is kept in the CA's issued/ folder.
func (ca *CA) Sign(csrPEM []byte, requireToken bool, now time.Time) ([]*x509.Certificate, error) {
	csr, err := ParseCSR(csrPEM)
	if err != nil {
		return nil, err
	}
	pub, ok := csr.PublicKey.(*ecdsa.PublicKey)
	if !ok || pub.Curve != elliptic.P256() {
		return nil, errors.New("certificate request: not for an ECDSA P-256 key (a workstation key)")
	}
	host, ok := strings.CutPrefix(csr.Subject.CommonName, workstationCNPrefix)
	if !ok {
		return nil, fmt.Errorf("certificate request: common name %q does not name a workstation (%q + host)", csr.Subject.CommonName, workstationCNPrefix)
	}
	if err := checkName("host name", host); err != nil {
		return nil, fmt.Errorf("certificate request: %w", err)
	}
	proof, err := parseTokenProof(csrPEM)
	if err != nil {
		return nil, err
	}
	switch {
	case proof != nil:
		if err := ca.redeemToken(proof, csr, now); err != nil {
			return nil, err
		}
	case requireToken:
		return nil, errors.New("certificate request carries no enrolment token (make it with 'key csr --token')")
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	notAfter := now.AddDate(workstationValidityYears, 0, 0).UTC()
	if notAfter.After(ca.Cert.NotAfter) {
		notAfter = ca.Cert.NotAfter
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      workstationName(host, ca.Organization()),
		NotBefore:    now.Add(-clockSkew).UTC(),
		NotAfter:     notAfter,
	}
	signerUsage(tmpl)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, pub, ca.Private)
	if err != nil {
		return nil, fmt.Errorf("issue certificate for %s: %w", host, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("issue certificate for %s: %w", host, err)
	}
	issued := filepath.Join(ca.Dir, caIssuedDir)
	if err := os.MkdirAll(issued, 0o700); err != nil {
		return nil, fmt.Errorf("create %s: %w", issued, err)
	}
	name := fmt.Sprintf("%x.pem", cert.SerialNumber)
	if err := writeFileAtomic(filepath.Join(issued, name), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644, false); err != nil {
		return nil, err
	}
	return []*x509.Certificate{cert, ca.Cert}, nil
}

// CertificateFingerprint is the lower-case hex SHA-256 of a certificate's DER,
// the digest `openssl x509 -fingerprint -sha256` and PDF readers show, for
// comparing a root out of band.
func CertificateFingerprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	return hex.EncodeToString(sum[:])
}

// ChainPEM encodes certificates as PEM CERTIFICATE blocks, in order.
func ChainPEM(chain []*x509.Certificate) []byte {
	var out []byte
	for _, c := range chain {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return out
}

func randomSerial() (*big.Int, error) {
	// 127 random bits: positive, and unguessable (RFC 5280 allows 20 octets).
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("certificate serial: %w", err)
	}
	return serial, nil
}

// ParseRoots reads the trusted root certificates of a PEM file (`cert verify
// --ca ROOT.pem`). Every certificate in it must be a CA certificate: a
// workstation certificate given by mistake is an error, not a root.
func ParseRoots(pemBytes []byte) (*x509.CertPool, error) {
	certs, err := ParseCertificates(pemBytes)
	if err != nil {
		return nil, err
	}
	if len(certs) == 0 {
		return nil, errors.New("no CERTIFICATE in PEM data")
	}
	pool := x509.NewCertPool()
	for _, c := range certs {
		if !c.IsCA {
			return nil, fmt.Errorf("certificate %q is not a CA certificate", c.Subject.CommonName)
		}
		pool.AddCert(c)
	}
	return pool, nil
}

// VerifySigner checks that chain[0], the certificate of a document's signer,
// chains to one of roots (through the other certificates of chain, in any order)
// at the time at, the signing time the document records, rather than now: a
// workstation certificate that has expired since still vouches for what it signed
// while it was valid. The signer must not be a CA, its key usage must allow
// digital signature or non-repudiation, and its extended key usage, when it has
// one, must include email protection, Document Signing (RFC 9336), Adobe's
// Authentic Documents, Microsoft's Document Signing or any purpose.
func VerifySigner(chain []*x509.Certificate, roots *x509.CertPool, at time.Time) error {
	_, err := verifySigner(chain, roots, at)
	return err
}

// verifySigner is VerifySigner; it returns the chain it built, signer first and
// root last.
func verifySigner(chain []*x509.Certificate, roots *x509.CertPool, at time.Time) ([]*x509.Certificate, error) {
	switch {
	case len(chain) == 0:
		return nil, errors.New("signer certificate: none")
	case roots == nil:
		return nil, errors.New("signer certificate: no trusted root")
	case at.IsZero():
		return nil, errors.New("signer certificate: no signing time to check it at")
	}
	leaf := chain[0]
	who := fmt.Sprintf("signer certificate %q", leaf.Subject.CommonName)
	if leaf.IsCA {
		return nil, fmt.Errorf("%s is a CA certificate, not a signer's", who)
	}
	if leaf.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
		return nil, fmt.Errorf("%s: key usage does not allow digital signature", who)
	}
	if !documentSigningEKU(leaf) {
		return nil, fmt.Errorf("%s: extended key usage does not allow document signing", who)
	}
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	chains, err := leaf.Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: inter,
		CurrentTime:   at,
		// Go knows none of the document-signing purposes but email protection; the
		// signer's extended key usage is checked above.
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err != nil {
		return nil, fmt.Errorf("%s at %s: %w", who, at.UTC().Format(time.RFC3339), err)
	}
	return chains[0], nil
}

// documentSigningEKU reports whether c's extended key usage allows signing
// documents: no extension at all (any purpose, RFC 5280), or one of the purposes
// PDF readers accept.
func documentSigningEKU(c *x509.Certificate) bool {
	if len(c.ExtKeyUsage) == 0 && len(c.UnknownExtKeyUsage) == 0 {
		return true
	}
	if slices.Contains(c.ExtKeyUsage, x509.ExtKeyUsageAny) || slices.Contains(c.ExtKeyUsage, x509.ExtKeyUsageEmailProtection) {
		return true
	}
	for _, oid := range c.UnknownExtKeyUsage {
		if oid.Equal(oidDocumentSigning) || oid.Equal(oidAdobeAuthenticDocuments) || oid.Equal(oidMicrosoftDocumentSigning) {
			return true
		}
	}
	return false
}
