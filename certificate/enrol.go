package certificate

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Enrolment of a workstation by an organization's CA (docs/certificate.md, "An
// organization's trust"): the workstation makes a certificate request for its
// key (NewCSR), the CA signs it (CA.Sign), and the workstation installs the
// chain (InstallChain). A one-time token (CA.NewToken) lets the CA sign a request
// it receives through any channel without asking the technician to read the key's
// fingerprint out: the request carries an HMAC made with the token over its key
// and subject, and the CA burns the token when it signs.

// Enrolment tokens.
const (
	// caTokensDir holds one file per token: ID.json until it is redeemed, then
	// ID.used (made by a hard link, which succeeds exactly once).
	caTokensDir = "tokens"
	// tokenPrefix starts every token and names its format.
	tokenPrefix = "wst1"
	// tokenIDBytes and tokenSecretBytes: 40 bits to name a token, 160 bits of
	// secret (an HMAC-SHA256 key beyond any guessing).
	tokenIDBytes     = 5
	tokenSecretBytes = 20
	// DefaultTokenValidity leaves time to carry a request to the CA offline;
	// MaxTokenValidity keeps a token a short-lived secret.
	DefaultTokenValidity = 72 * time.Hour
	MaxTokenValidity     = 30 * 24 * time.Hour
	// tokenMACLabel separates this HMAC from any other use of the secret.
	tokenMACLabel = "wipestation enrolment token v1\n"
	// A request made with a token is followed, in the same PEM file, by a block
	// of this type: the token's ID in a header, the HMAC as its bytes. Tools that
	// read the request (openssl req) skip it.
	proofBlockType = "WIPESTATION ENROLMENT PROOF"
	headerTokenID  = "Token-Id"
)

var tokenEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// ChainFile holds the workstation certificate issued by an organization's CA
// and the certificates up to its root, in the key directory. When it is there,
// LoadKey uses its certificates instead of the self-signed one.
const ChainFile = "signing-chain.pem"

// tokenRecord is a token as the CA keeps it. The secret is stored in the clear:
// the CA folder is 0700 and holds the CA key, which is worth more.
type tokenRecord struct {
	ID       string    `json:"id"`
	Secret   string    `json:"secret"`
	Created  time.Time `json:"created"`
	Expires  time.Time `json:"expires"`
	Redeemed time.Time `json:"redeemed,omitzero"`
	Subject  string    `json:"subject,omitempty"`
	KeySHA   string    `json:"key_sha256,omitempty"`
}

// tokenProof is what a request made with a token carries beside it.
type tokenProof struct {
	id  string
	mac []byte
}

// NewToken makes a single-use enrolment token valid for valid from now, records
// it in the CA folder and returns it: "wst1-<id>-<secret>", lower-case base 32.
func (ca *CA) NewToken(valid time.Duration, now time.Time) (string, error) {
	if valid <= 0 || valid > MaxTokenValidity {
		return "", fmt.Errorf("token validity %s: must be more than 0 and at most %s", valid, MaxTokenValidity)
	}
	buf := make([]byte, tokenIDBytes+tokenSecretBytes)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("make token: %w", err)
	}
	id := strings.ToLower(tokenEncoding.EncodeToString(buf[:tokenIDBytes]))
	secret := buf[tokenIDBytes:]
	rec := tokenRecord{ID: id, Secret: hex.EncodeToString(secret), Created: now.UTC(), Expires: now.Add(valid).UTC()}
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return "", err
	}
	dir := filepath.Join(ca.Dir, caTokensDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	if err := writeFileAtomic(filepath.Join(dir, id+".json"), append(data, '\n'), 0o600, false); err != nil {
		return "", err
	}
	return tokenPrefix + "-" + id + "-" + strings.ToLower(tokenEncoding.EncodeToString(secret)), nil
}

// parseToken splits a token into its ID and secret.
func parseToken(token string) (id string, secret []byte, err error) {
	parts := strings.Split(strings.ToLower(strings.TrimSpace(token)), "-")
	if len(parts) != 3 || parts[0] != tokenPrefix {
		return "", nil, errors.New("not an enrolment token (wst1-<id>-<secret>)")
	}
	raw, err := tokenEncoding.DecodeString(strings.ToUpper(parts[1] + parts[2]))
	if err != nil || len(parts[1]) != tokenEncoding.EncodedLen(tokenIDBytes) || len(raw) != tokenIDBytes+tokenSecretBytes {
		return "", nil, errors.New("enrolment token is damaged (mistyped?)")
	}
	return parts[1], raw[tokenIDBytes:], nil
}

// tokenMAC binds a request's public key and subject (both DER, so their
// concatenation is unambiguous) to a token's secret.
func tokenMAC(secret []byte, csr *x509.CertificateRequest) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(tokenMACLabel))
	m.Write(csr.RawSubjectPublicKeyInfo)
	m.Write(csr.RawSubject)
	return m.Sum(nil)
}

// NewCSR makes a PEM certificate request for the workstation key, naming host and
// organization as its self-signed certificate does. With a token (from `ca
// token`), a second PEM block follows the request with the token's ID and an HMAC
// made with the token over the request's key and subject; the token itself is
// not in the file.
func NewCSR(key *Key, host, organization, token string) ([]byte, error) {
	if err := checkName("host name", host); err != nil {
		return nil, err
	}
	tmpl := &x509.CertificateRequest{Subject: workstationName(host, organization)}
	der, err := x509.CreateCertificateRequest(rand.Reader, tmpl, key.Private)
	if err != nil {
		return nil, fmt.Errorf("make certificate request: %w", err)
	}
	out := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der})
	if token != "" {
		id, secret, err := parseToken(token)
		if err != nil {
			return nil, err
		}
		csr, err := x509.ParseCertificateRequest(der)
		if err != nil {
			return nil, fmt.Errorf("make certificate request: %w", err)
		}
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: proofBlockType, Headers: map[string]string{headerTokenID: id}, Bytes: tokenMAC(secret, csr)})...)
	}
	return out, nil
}

// parseTokenProof reads the token proof beside a request; nil when there is none.
func parseTokenProof(pemBytes []byte) (*tokenProof, error) {
	block := findPEM(pemBytes, proofBlockType)
	if block == nil {
		return nil, nil
	}
	id := block.Headers[headerTokenID]
	raw, err := tokenEncoding.DecodeString(strings.ToUpper(id))
	if err != nil || len(raw) != tokenIDBytes || len(block.Bytes) != sha256.Size {
		return nil, fmt.Errorf("certificate request: damaged enrolment proof (%s %q)", headerTokenID, id)
	}
	return &tokenProof{id: strings.ToLower(id), mac: block.Bytes}, nil
}

// redeemToken checks a request's token proof and burns the token: the token must
// exist, be unexpired and unused, and its HMAC over the request must match. A
// wrong HMAC leaves the token as it was.
func (ca *CA) redeemToken(p *tokenProof, csr *x509.CertificateRequest, now time.Time) error {
	dir := filepath.Join(ca.Dir, caTokensDir)
	pending, used := filepath.Join(dir, p.id+".json"), filepath.Join(dir, p.id+".used")
	data, err := os.ReadFile(pending)
	if errors.Is(err, fs.ErrNotExist) {
		if _, errUsed := os.Lstat(used); errUsed == nil {
			return fmt.Errorf("enrolment token %s was already used", p.id)
		}
		return fmt.Errorf("enrolment token %s is not one this CA made", p.id)
	}
	if err != nil {
		return fmt.Errorf("read enrolment token %s: %w", p.id, err)
	}
	var rec tokenRecord
	if err := json.Unmarshal(data, &rec); err != nil {
		return fmt.Errorf("enrolment token %s: %s: %w", p.id, pending, err)
	}
	secret, err := hex.DecodeString(rec.Secret)
	if err != nil {
		return fmt.Errorf("enrolment token %s: %s: bad secret", p.id, pending)
	}
	if !hmac.Equal(tokenMAC(secret, csr), p.mac) {
		return fmt.Errorf("enrolment token %s: the request was not made with this token, or was changed after", p.id)
	}
	if !now.Before(rec.Expires) {
		return fmt.Errorf("enrolment token %s expired at %s", p.id, rec.Expires.Format(time.RFC3339))
	}
	// Claim the token: the link succeeds for exactly one redeemer.
	if err := os.Link(pending, used); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("enrolment token %s was already used", p.id)
		}
		return fmt.Errorf("burn enrolment token %s: %w", p.id, err)
	}
	if err := os.Remove(pending); err != nil {
		return fmt.Errorf("burn enrolment token %s: %w", p.id, err)
	}
	rec.Redeemed = now.UTC()
	rec.Subject = csr.Subject.CommonName
	rec.KeySHA, _ = Fingerprint(csr.PublicKey)
	out, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(used, append(out, '\n'), 0o600, true)
}

// InstallChain installs on the workstation the certificate its organization's CA
// issued: chainPEM (`ca sign` output) must start with a certificate for key, and
// that certificate must verify now, as a document signer, against roots, or
// against the self-signed CA certificates in chainPEM itself when roots is nil.
// The chain built (workstation certificate first, root last) is written to
// ChainFile in dir, and the workstation certificate to CertFile; from then on
// LoadKey, and so every PDF, uses it. It returns that chain.
func InstallChain(dir string, key *Key, chainPEM []byte, roots *x509.CertPool, now time.Time) ([]*x509.Certificate, error) {
	certs, err := ParseCertificates(chainPEM)
	if err != nil {
		return nil, err
	}
	if len(certs) == 0 {
		return nil, errors.New("no CERTIFICATE in PEM data")
	}
	if !key.Private.PublicKey.Equal(certs[0].PublicKey) {
		fp, _ := Fingerprint(certs[0].PublicKey)
		return nil, fmt.Errorf("the certificate %q is for key SHA256:%s, not this workstation's SHA256:%s", certs[0].Subject.CommonName, fp, key.Fingerprint())
	}
	if roots == nil {
		roots = x509.NewCertPool()
		embedded := 0
		for _, c := range certs[1:] {
			if c.IsCA && c.CheckSignatureFrom(c) == nil {
				roots.AddCert(c)
				embedded++
			}
		}
		if embedded == 0 {
			return nil, errors.New("the file holds no CA root certificate: give the organization's root")
		}
	}
	chain, err := verifySigner(certs, roots, now)
	if err != nil {
		return nil, err
	}
	if err := writeFileAtomic(filepath.Join(dir, ChainFile), ChainPEM(chain), 0o644, true); err != nil {
		return nil, err
	}
	if err := writeFileAtomic(filepath.Join(dir, CertFile), ChainPEM(chain[:1]), 0o644, true); err != nil {
		return nil, err
	}
	return chain, nil
}
