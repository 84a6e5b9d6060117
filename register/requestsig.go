package register

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/wipestation/wipestation/certificate"
)

// The headers of a signed request (docs/register.md). The workstation signs
// with its certificate key; the signed text starts with signatureLabel, which
// no PDF signature's signed attributes (DER) can, so that one signature can
// never serve as the other.
const (
	headerChain     = "Wipestation-Chain" // the workstation's certificate chain: base64 DER, comma-separated, its own first
	headerNonce     = "Wipestation-Nonce" // 128 random bits, hex; used once per key
	headerSignature = "Wipestation-Signature"
	headerDigest    = "Content-Digest" // RFC 9530: sha-256=:BASE64:
	signatureLabel  = "wipestation-request-v1"
)

// ClockWindow is how far a signed request's Date may be from the server's
// clock; a nonce is remembered for twice as long, so a captured request can
// neither be replayed late nor twice.
const ClockWindow = 5 * time.Minute

// signingText is what a request's signature covers.
func signingText(method, uri, date, nonce, digest string) []byte {
	return []byte(strings.Join([]string{signatureLabel, method, uri, date, nonce, digest}, "\n"))
}

func contentDigest(body []byte) string {
	sum := sha256.Sum256(body)
	return "sha-256=:" + base64.StdEncoding.EncodeToString(sum[:]) + ":"
}

// SignRequest signs req, whose body is body, with the workstation key at now.
func SignRequest(req *http.Request, body []byte, key *certificate.Key, now time.Time) error {
	var nonce [16]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return fmt.Errorf("sign request: %w", err)
	}
	date := now.UTC().Format(http.TimeFormat)
	digest := contentDigest(body)
	sum := sha256.Sum256(signingText(req.Method, req.URL.RequestURI(), date, hex.EncodeToString(nonce[:]), digest))
	sig, err := ecdsa.SignASN1(rand.Reader, key.Private, sum[:])
	if err != nil {
		return fmt.Errorf("sign request: %w", err)
	}
	var chain []string
	for _, c := range key.Chain {
		chain = append(chain, base64.StdEncoding.EncodeToString(c.Raw))
	}
	req.Header.Set("Date", date)
	req.Header.Set(headerNonce, hex.EncodeToString(nonce[:]))
	req.Header.Set(headerDigest, digest)
	req.Header.Set(headerChain, strings.Join(chain, ","))
	req.Header.Set(headerSignature, base64.StdEncoding.EncodeToString(sig))
	return nil
}

// nonceStore remembers nonces (store.Store does).
type nonceStore interface {
	UseNonce(ctx context.Context, key, nonce string, now, expires time.Time) (bool, error)
}

// Workstations decides which workstation keys may push: those listed by
// fingerprint, and those whose certificate chains to an organization root.
type Workstations struct {
	Trusted []string
	Roots   *x509.CertPool
}

// errUnauthorized marks a request that is not from an enrolled workstation.
var errUnauthorized = errors.New("not a signed request from an enrolled workstation")

// authenticate checks a workstation's signed request with its body and returns
// the fingerprint of the workstation's key.
func (w Workstations) authenticate(ctx context.Context, r *http.Request, body []byte, nonces nonceStore, now time.Time) (string, error) {
	fail := func(format string, args ...any) (string, error) {
		return "", fmt.Errorf("%w: %s", errUnauthorized, fmt.Sprintf(format, args...))
	}
	h := r.Header
	if !signed(h) {
		return fail("no %s and %s headers", headerSignature, headerChain)
	}
	chain, pub, fp, err := requestKey(h)
	if err != nil {
		return "", err
	}
	date, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return fail("Date %q: %v", h.Get("Date"), err)
	}
	if d := now.Sub(date); d > ClockWindow || d < -ClockWindow {
		return fail("Date %s is %s from the register's clock (at most %s)", h.Get("Date"), d.Round(time.Second), ClockWindow)
	}
	if h.Get(headerDigest) != contentDigest(body) {
		return fail("%s does not match the body", headerDigest)
	}
	nonce := h.Get(headerNonce)
	if len(nonce) != 32 {
		return fail("%s must be 32 hex digits", headerNonce)
	}
	sig, err := base64.StdEncoding.DecodeString(h.Get(headerSignature))
	if err != nil {
		return fail("%s: %v", headerSignature, err)
	}
	sum := sha256.Sum256(signingText(r.Method, r.URL.RequestURI(), h.Get("Date"), nonce, h.Get(headerDigest)))
	if !ecdsa.VerifyASN1(pub, sum[:], sig) {
		return fail("the signature does not verify with key %s", fp)
	}
	if !w.enrolled(fp, chain, now) {
		return fail("key %s (%s) is not enrolled: not listed, and its certificate does not chain to an organization root", fp, chain[0].Subject.CommonName)
	}
	// Last, so that only a good signature spends a nonce.
	fresh, err := nonces.UseNonce(ctx, fp, nonce, now, now.Add(2*ClockWindow))
	if err != nil {
		return "", err
	}
	if !fresh {
		return fail("nonce %s was used before (a replayed request)", nonce)
	}
	return fp, nil
}

// requestKey reads a signed request's certificate chain and the workstation
// key it names (its own certificate's) with that key's fingerprint.
func requestKey(h http.Header) ([]*x509.Certificate, *ecdsa.PublicKey, string, error) {
	fail := func(format string, args ...any) ([]*x509.Certificate, *ecdsa.PublicKey, string, error) {
		return nil, nil, "", fmt.Errorf("%w: %s", errUnauthorized, fmt.Sprintf(format, args...))
	}
	var chain []*x509.Certificate
	for _, part := range strings.Split(h.Get(headerChain), ",") {
		der, err := base64.StdEncoding.DecodeString(strings.TrimSpace(part))
		if err != nil {
			return fail("%s: %v", headerChain, err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return fail("%s: %v", headerChain, err)
		}
		chain = append(chain, c)
	}
	pub, ok := chain[0].PublicKey.(*ecdsa.PublicKey)
	if !ok {
		return fail("the workstation key is not ECDSA")
	}
	fp, err := certificate.Fingerprint(pub)
	if err != nil {
		return fail("%v", err)
	}
	return chain, pub, fp, nil
}

// signed reports whether a request carries the headers of a signature at all,
// checked before its body is read.
func signed(h http.Header) bool {
	return h.Get(headerSignature) != "" && h.Get(headerChain) != ""
}

func (w Workstations) enrolled(fp string, chain []*x509.Certificate, now time.Time) bool {
	for _, t := range w.Trusted {
		if strings.EqualFold(t, fp) {
			return true
		}
	}
	return w.Roots != nil && certificate.VerifySigner(chain, w.Roots, now) == nil
}

// readBody reads at most limit bytes of r's body, and fails beyond.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	n, err := buf.ReadFrom(http.MaxBytesReader(nil, r.Body, limit))
	if err != nil {
		return nil, fmt.Errorf("read request body (%d bytes read, at most %d): %w", n, limit, err)
	}
	return buf.Bytes(), nil
}
