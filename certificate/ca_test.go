package certificate

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io/fs"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pkcs7"

	"github.com/wipestation/wipestation/internal/testutil"
)

func testCA(t testing.TB, org string, now time.Time) *CA {
	t.Helper()
	ca, err := InitCA(filepath.Join(t.TempDir(), "ca"), org, now)
	if err != nil {
		t.Fatalf("InitCA: %v", err)
	}
	return ca
}

// enrol makes a fresh workstation key and has ca sign its request (made with
// token when not empty); it returns the key and the chain `ca sign` prints.
func enrol(t testing.TB, ca *CA, token string, now time.Time) (*Key, string, []byte) {
	t.Helper()
	dir := t.TempDir()
	key, err := LoadOrCreateKey(dir, "desk-07", "Example Corp", now)
	if err != nil {
		t.Fatal(err)
	}
	csr, err := NewCSR(key, "desk-07", "Example Corp", token)
	if err != nil {
		t.Fatalf("NewCSR: %v", err)
	}
	chain, err := ca.Sign(csr, token != "", now)
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	return key, dir, ChainPEM(chain)
}

func rootsOf(ca *CA) *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.Cert)
	return p
}

func TestInitCA(t *testing.T) {
	now := fixedNow()
	dir := filepath.Join(t.TempDir(), "ca")
	ca, err := InitCA(dir, "Example Corp", now)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, CAKeyFile): 0o600, filepath.Join(dir, CACertFile): 0o644} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s mode %v, want %v", path, st.Mode().Perm(), want)
		}
	}
	c := ca.Cert
	switch {
	case !c.IsCA || !c.BasicConstraintsValid || c.MaxPathLen != 0 || !c.MaxPathLenZero:
		t.Errorf("basic constraints: CA %v, path length %d (zero %v)", c.IsCA, c.MaxPathLen, c.MaxPathLenZero)
	case c.KeyUsage != x509.KeyUsageCertSign|x509.KeyUsageCRLSign:
		t.Errorf("key usage %b", c.KeyUsage)
	case c.PublicKey.(*ecdsa.PublicKey).Curve != elliptic.P384():
		t.Error("not a P-384 key")
	case c.NotAfter.Before(now.AddDate(20, 0, 0)):
		t.Errorf("valid only until %s", c.NotAfter)
	case c.Subject.CommonName != "Example Corp wipestation CA" || !slices.Equal(c.Subject.Organization, []string{"Example Corp"}):
		t.Errorf("subject %s", c.Subject)
	case c.CheckSignatureFrom(c) != nil:
		t.Error("not self-signed")
	}
	fileCert, err := os.ReadFile(filepath.Join(dir, CACertFile))
	if err != nil || !bytes.Equal(fileCert, ChainPEM([]*x509.Certificate{c})) {
		t.Errorf("%s does not hold the root: %v", CACertFile, err)
	}
	again, err := LoadCA(dir)
	if err != nil || !again.Cert.Equal(c) || !again.Private.Equal(ca.Private) {
		t.Fatalf("LoadCA: %v", err)
	}

	before, _ := os.ReadFile(filepath.Join(dir, CAKeyFile))
	if _, err := InitCA(dir, "Example Corp", now); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second InitCA = %v, want ErrExist", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, CAKeyFile))
	if !bytes.Equal(before, after) {
		t.Error("second InitCA changed the CA key")
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*")); len(m) != 0 {
		t.Errorf("temporary files left: %v", m)
	}
}

func TestInitCABadOrganization(t *testing.T) {
	for _, org := range []string{"", " Example", "Ex\nample", strings.Repeat("x", 65)} {
		dir := filepath.Join(t.TempDir(), "ca")
		if _, err := InitCA(dir, org, fixedNow()); err == nil {
			t.Errorf("InitCA(%q) succeeded", org)
		}
		if _, err := os.Stat(filepath.Join(dir, CAKeyFile)); err == nil {
			t.Errorf("InitCA(%q) wrote a key", org)
		}
	}
}

// TestEnrolCSR: request, sign, install; the key then carries the issued chain and
// a standalone key stays as it was.
func TestEnrolCSR(t *testing.T) {
	now := fixedNow()
	ca := testCA(t, "Example Corp", now)
	dir := t.TempDir()
	key, err := LoadOrCreateKey(dir, "desk-07", "", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(key.Chain) != 1 || key.Chain[0] != key.Cert {
		t.Errorf("standalone key chain %v", key.Chain)
	}
	// The request names another organization: the CA names its own.
	csr, err := NewCSR(key, "desk-07", "Mallory Inc", "")
	if err != nil {
		t.Fatal(err)
	}
	chain, err := ca.Sign(csr, false, now)
	if err != nil {
		t.Fatal(err)
	}
	leaf := chain[0]
	switch {
	case len(chain) != 2 || !chain[1].Equal(ca.Cert):
		t.Fatalf("chain of %d, want workstation and root", len(chain))
	case leaf.Subject.CommonName != "wipestation workstation desk-07" || !slices.Equal(leaf.Subject.Organization, []string{"Example Corp"}):
		t.Errorf("subject %s", leaf.Subject)
	case leaf.IsCA || leaf.KeyUsage != x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment:
		t.Errorf("CA %v key usage %b", leaf.IsCA, leaf.KeyUsage)
	case !slices.Equal(leaf.ExtKeyUsage, []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}) || len(leaf.UnknownExtKeyUsage) != 2:
		t.Errorf("extended key usage %v %v", leaf.ExtKeyUsage, leaf.UnknownExtKeyUsage)
	case !leaf.NotAfter.Before(ca.Cert.NotAfter) || leaf.NotAfter.Before(now.AddDate(4, 0, 0)):
		t.Errorf("valid until %s, the CA until %s", leaf.NotAfter, ca.Cert.NotAfter)
	case !key.Private.PublicKey.Equal(leaf.PublicKey):
		t.Error("issued for another key")
	}
	if _, err := os.Stat(filepath.Join(ca.Dir, caIssuedDir, leaf.SerialNumber.Text(16)+".pem")); err != nil {
		t.Errorf("no copy of the issued certificate: %v", err)
	}

	got, err := InstallChain(dir, key, ChainPEM(chain), nil, now)
	if err != nil {
		t.Fatalf("InstallChain: %v", err)
	}
	if len(got) != 2 || !got[1].Equal(ca.Cert) {
		t.Errorf("installed chain of %d", len(got))
	}
	loaded, err := LoadKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded.Cert.Equal(leaf) || len(loaded.Chain) != 2 || !loaded.Chain[1].Equal(ca.Cert) || loaded.Fingerprint() != key.Fingerprint() {
		t.Errorf("LoadKey after install: cert %s, chain of %d", loaded.Cert.Subject, len(loaded.Chain))
	}
	certFile, _ := os.ReadFile(filepath.Join(dir, CertFile))
	if !bytes.Equal(certFile, ChainPEM(chain[:1])) {
		t.Errorf("%s is not the issued certificate", CertFile)
	}
	if err := VerifySigner(loaded.Chain, rootsOf(ca), now); err != nil {
		t.Errorf("VerifySigner of the installed chain: %v", err)
	}
}

func TestInstallChainRefuses(t *testing.T) {
	now := fixedNow()
	ca := testCA(t, "Example Corp", now)
	other := testCA(t, "Elsewhere Ltd", now)
	key, dir, chain := enrol(t, ca, "", now)
	_, _, foreignChain := enrol(t, other, "", now)
	leafOnly := ChainPEM([]*x509.Certificate{mustParse(t, chain)[0]})
	tests := []struct {
		name  string
		chain []byte
		roots *x509.CertPool
		want  string
	}{
		{"another workstation's certificate", foreignChain, nil, "not this workstation's"},
		{"another CA's root given", chain, rootsOf(other), "unknown authority"},
		{"no root in the file", leafOnly, nil, "no CA root"},
		{"not PEM", []byte("hello"), nil, "no CERTIFICATE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := InstallChain(dir, key, tt.chain, tt.roots, now)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("InstallChain = %v, want %q", err, tt.want)
			}
			if _, err := os.Stat(filepath.Join(dir, ChainFile)); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a refused chain was written: %v", err)
			}
		})
	}
	if _, err := InstallChain(dir, key, leafOnly, rootsOf(ca), now); err != nil {
		t.Errorf("the workstation certificate alone with its root given: %v", err)
	}
}

func TestKeyCheckValidity(t *testing.T) {
	now := fixedNow()
	ca := testCA(t, "Example Corp", now)
	key, _, chain := enrol(t, ca, "", now)
	key.Cert = mustParse(t, chain)[0]
	for _, tt := range []struct {
		at   time.Time
		want string
	}{
		{now, ""},
		{now.AddDate(6, 0, 0), "expired"},
		{now.Add(-2 * time.Hour), "valid only from"},
	} {
		err := key.CheckValidity(tt.at)
		if (tt.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckValidity(%s) = %v, want %q", tt.at, err, tt.want)
		}
	}
}

func TestLoadKeyBadChain(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadOrCreateKey(dir, "desk", "", fixedNow()); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, ChainFile), otherKey(t).PublicPEM(), 0o644)
	if _, err := LoadKey(dir); err == nil || !strings.Contains(err.Error(), "another key") {
		t.Errorf("LoadKey with a chain for another key = %v", err)
	}
}

func mustParse(t testing.TB, pemBytes []byte) []*x509.Certificate {
	t.Helper()
	certs, err := ParseCertificates(pemBytes)
	if err != nil {
		t.Fatal(err)
	}
	return certs
}

func TestTokenEnrolment(t *testing.T) {
	now := fixedNow()
	ca := testCA(t, "Example Corp", now)
	key, err := LoadOrCreateKey(t.TempDir(), "desk-07", "", now)
	if err != nil {
		t.Fatal(err)
	}
	newToken := func(valid time.Duration) string {
		tok, err := ca.NewToken(valid, now)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	csrWith := func(token string) []byte {
		csr, err := NewCSR(key, "desk-07", "", token)
		if err != nil {
			t.Fatal(err)
		}
		return csr
	}
	good := newToken(time.Hour)
	if !strings.HasPrefix(good, "wst1-") || len(good) != len("wst1-")+8+1+32 {
		t.Errorf("token %q", good)
	}
	if bytes.Contains(csrWith(good), []byte(strings.Split(good, "-")[2])) {
		t.Error("the request carries the token's secret")
	}
	expiring := newToken(time.Hour)
	victim, other := newToken(time.Hour), newToken(time.Hour)
	// victim's ID with other's secret: a guessed or mistyped token.
	forged := "wst1-" + strings.Split(victim, "-")[1] + "-" + strings.Split(other, "-")[2]
	// A request made with a token, its body swapped for another key's request.
	swapped := func() []byte {
		_, proof := pem.Decode(csrWith(other))
		foreign, _ := NewCSR(otherKey(t), "desk-07", "", "")
		return append(foreign, proof...)
	}()
	unknown := "wst1-aaaaaaaa-" + strings.Split(good, "-")[2]

	tests := []struct {
		name         string
		csr          []byte
		requireToken bool
		at           time.Time
		want         string // "" for success
	}{
		{"good token", csrWith(good), true, now, ""},
		{"same token again", csrWith(good), true, now, "already used"},
		{"expired token", csrWith(expiring), true, now.Add(time.Hour), "expired"},
		{"wrong secret", csrWith(forged), true, now, "not made with this token"},
		{"request body swapped", swapped, true, now, "not made with this token"},
		{"unknown token", csrWith(unknown), true, now, "not one this CA made"},
		{"no token but required", csrWith(""), true, now, "carries no enrolment token"},
		// A wrong secret does not burn the token it names.
		{"the named token still works", csrWith(victim), false, now, ""},
		// The token is checked (and burnt) even when not required.
		{"used token, not required", csrWith(victim), false, now, "already used"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chain, err := ca.Sign(tt.csr, tt.requireToken, tt.at)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Sign: %v", err)
				}
				if !key.Private.PublicKey.Equal(chain[0].PublicKey) {
					t.Error("issued for another key")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Sign = %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := NewCSR(key, "desk-07", "", "wst1-abc"); err == nil {
		t.Error("NewCSR accepted a damaged token")
	}
	for _, d := range []time.Duration{0, -time.Hour, MaxTokenValidity + time.Hour} {
		if _, err := ca.NewToken(d, now); err == nil {
			t.Errorf("NewToken(%s) succeeded", d)
		}
	}
}

// TestTokenRedeemedOnce: requests made with one token race to the CA; exactly one
// is signed.
func TestTokenRedeemedOnce(t *testing.T) {
	now := fixedNow()
	ca := testCA(t, "Example Corp", now)
	tok, err := ca.NewToken(time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	csrs := make([][]byte, 8)
	for i := range csrs {
		csrs[i], err = NewCSR(otherKey(t), "desk-07", "", tok)
		if err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	signed := 0
	for _, csr := range csrs {
		wg.Go(func() {
			if _, err := ca.Sign(csr, true, now); err == nil {
				mu.Lock()
				signed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if signed != 1 {
		t.Errorf("%d requests signed with one token, want 1", signed)
	}
}

func TestSignRefusesRequests(t *testing.T) {
	now := fixedNow()
	ca := testCA(t, "Example Corp", now)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	csrFor := func(signer *ecdsa.PrivateKey, cn string) []byte {
		der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: cn}}, signer)
		if err != nil {
			t.Fatal(err)
		}
		return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der})
	}
	good := csrFor(otherKey(t).Private, "wipestation workstation desk-07")
	block, _ := pem.Decode(good)
	block.Bytes[len(block.Bytes)-5] ^= 1 // inside the signature's s
	tampered := pem.EncodeToMemory(block)
	tests := []struct {
		name string
		csr  []byte
		want string
	}{
		{"not a workstation name", csrFor(otherKey(t).Private, "www.example.com"), "does not name a workstation"},
		{"empty host", csrFor(otherKey(t).Private, "wipestation workstation "), "host name"},
		{"P-384 key", csrFor(p384, "wipestation workstation desk-07"), "P-256"},
		{"bad signature", tampered, "bad signature"},
		{"not a request", otherKey(t).PublicPEM(), "no CERTIFICATE REQUEST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ca.Sign(tt.csr, false, now); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Sign = %v, want %q", err, tt.want)
			}
		})
	}
	issued, _ := os.ReadDir(filepath.Join(ca.Dir, caIssuedDir))
	if len(issued) != 0 {
		t.Errorf("refused requests left %d issued certificates", len(issued))
	}
}

// issueCustom has ca issue a certificate for a fresh P-256 key from a workstation
// template changed by edit.
func issueCustom(t testing.TB, ca *CA, now time.Time, edit func(*x509.Certificate)) *x509.Certificate {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return issueFor(t, ca, &priv.PublicKey, now, edit)
}

// issueFor has ca issue a certificate for pub from a workstation template,
// valid a year from an hour before now, changed by edit.
func issueFor(t testing.TB, ca *CA, pub *ecdsa.PublicKey, now time.Time, edit func(*x509.Certificate)) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(42),
		Subject:      workstationName("desk-07", ca.Organization()),
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.AddDate(1, 0, 0),
	}
	signerUsage(tmpl)
	edit(tmpl)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, pub, ca.Private)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestVerifySigner(t *testing.T) {
	now := fixedNow()
	ca := testCA(t, "Example Corp", now)
	other := testCA(t, "Elsewhere Ltd", now)
	expires := now.AddDate(1, 0, 0)
	good := issueCustom(t, ca, now, func(*x509.Certificate) {})
	tests := []struct {
		name  string
		chain []*x509.Certificate
		at    time.Time
		want  string // "" for success
	}{
		{"issued by the CA", []*x509.Certificate{good, ca.Cert}, now, ""},
		{"without the root in the chain", []*x509.Certificate{good}, now, ""},
		{"expired since, signed while valid", []*x509.Certificate{good, ca.Cert}, expires.Add(-time.Minute), ""},
		{"signed after it expired", []*x509.Certificate{good, ca.Cert}, expires.Add(time.Minute), "expired"},
		{"signed before it was issued", []*x509.Certificate{good, ca.Cert}, now.Add(-2 * time.Hour), "expired or is not yet valid"},
		{"another organization's CA", []*x509.Certificate{issueCustom(t, other, now, func(*x509.Certificate) {}), other.Cert}, now, "unknown authority"},
		{"a standalone workstation", otherKey(t).Chain, now, "unknown authority"},
		{"no signing time", []*x509.Certificate{good}, time.Time{}, "no signing time"},
		{"key usage: key encipherment only", []*x509.Certificate{issueCustom(t, ca, now, func(c *x509.Certificate) {
			c.KeyUsage = x509.KeyUsageKeyEncipherment
		})}, now, "key usage"},
		{"extended key usage: TLS server only", []*x509.Certificate{issueCustom(t, ca, now, func(c *x509.Certificate) {
			c.ExtKeyUsage, c.UnknownExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, nil
		})}, now, "extended key usage"},
		{"extended key usage: Document Signing only", []*x509.Certificate{issueCustom(t, ca, now, func(c *x509.Certificate) {
			c.ExtKeyUsage = nil
		})}, now, ""},
		{"a CA certificate as signer", []*x509.Certificate{issueCustom(t, ca, now, func(c *x509.Certificate) {
			c.IsCA, c.KeyUsage = true, c.KeyUsage|x509.KeyUsageCertSign
		})}, now, "CA certificate"},
		{"the root itself", []*x509.Certificate{ca.Cert}, now, "CA certificate"},
		{"no chain", nil, now, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := VerifySigner(tt.chain, rootsOf(ca), tt.at)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("VerifySigner: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("VerifySigner = %v, want %q", err, tt.want)
			}
		})
	}
	if err := VerifySigner([]*x509.Certificate{good}, nil, now); err == nil {
		t.Error("VerifySigner without roots succeeded")
	}
}

func TestParseRoots(t *testing.T) {
	ca := testCA(t, "Example Corp", fixedNow())
	if _, err := ParseRoots(ChainPEM([]*x509.Certificate{ca.Cert})); err != nil {
		t.Errorf("ParseRoots of a root: %v", err)
	}
	for name, data := range map[string][]byte{
		"workstation certificate": otherKey(t).PublicPEM(),
		"nothing":                 []byte("nothing"),
	} {
		if _, err := ParseRoots(data); err == nil {
			t.Errorf("ParseRoots(%s) succeeded", name)
		}
	}
}

// TestOpensslVerifiesIssuedChain: an independent X.509 implementation accepts the
// issued certificate for S/MIME signing (the purpose PDF signers share) against
// the organization's root, and refuses it against another organization's.
func TestOpensslVerifiesIssuedChain(t *testing.T) {
	testutil.RequireCommand(t, "openssl")
	now := time.Now()
	ca := testCA(t, "Example Corp", now)
	other := testCA(t, "Elsewhere Ltd", now)
	_, _, chain := enrol(t, ca, "", now)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	root := write("root.pem", ChainPEM([]*x509.Certificate{ca.Cert}))
	otherRoot := write("other.pem", ChainPEM([]*x509.Certificate{other.Cert}))
	ws := write("ws.pem", ChainPEM(mustParse(t, chain)[:1]))
	out, err := exec.Command("openssl", "verify", "-CAfile", root, "-purpose", "smimesign", "-x509_strict", ws).CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte(": OK")) {
		t.Errorf("openssl verify against the root: %v\n%s", err, out)
	}
	out, err = exec.Command("openssl", "verify", "-CAfile", otherRoot, ws).CombinedOutput()
	if err == nil {
		t.Errorf("openssl verify accepted another organization's root:\n%s", out)
	}
	// A request made with a token is still a request openssl reads and checks.
	tok, err := ca.NewToken(time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	csr, err := NewCSR(otherKey(t), "desk-07", "Example Corp", tok)
	if err != nil {
		t.Fatal(err)
	}
	out, err = exec.Command("openssl", "req", "-in", write("ws.csr", csr), "-noout", "-verify", "-subject").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("wipestation workstation desk-07")) {
		t.Errorf("openssl req of a request made with a token: %v\n%s", err, out)
	}
	// The root is a proper CA by openssl's lights too.
	out, err = exec.Command("openssl", "verify", "-CAfile", root, "-x509_strict", "-check_ss_sig", root).CombinedOutput()
	if err != nil {
		t.Errorf("openssl verify of the root itself: %v\n%s", err, out)
	}
}

// nssDB makes an NSS certificate database in a new folder, trusting roots for
// signing documents (email), and returns its pdfsig -nssdir argument.
func nssDB(t *testing.T, roots ...*x509.Certificate) string {
	t.Helper()
	dir := "sql:" + t.TempDir()
	if out, err := exec.Command("certutil", "-N", "-d", dir, "--empty-password").CombinedOutput(); err != nil {
		t.Fatalf("certutil -N: %v\n%s", err, out)
	}
	for i, root := range roots {
		path := filepath.Join(t.TempDir(), "root.pem")
		os.WriteFile(path, ChainPEM([]*x509.Certificate{root}), 0o644)
		nick := "root" + string(rune('a'+i))
		if out, err := exec.Command("certutil", "-A", "-d", dir, "-n", nick, "-t", "C,C,C", "-a", "-i", path).CombinedOutput(); err != nil {
			t.Fatalf("certutil -A: %v\n%s", err, out)
		}
	}
	return dir
}

// TestPdfsigTrustsEnrolledWorkstation: a certificate PDF signed by an enrolled
// workstation is trusted by poppler (NSS) when the organization's root is, and
// only then.
func TestPdfsigTrustsEnrolledWorkstation(t *testing.T) {
	testutil.RequireCommand(t, "pdfsig", "certutil")
	now := time.Now()
	ca := testCA(t, "Example Corp", now)
	other := testCA(t, "Elsewhere Ltd", now)
	key, dir, chain := enrol(t, ca, "", now)
	if _, err := InstallChain(dir, key, chain, rootsOf(ca), now); err != nil {
		t.Fatal(err)
	}
	key, err := LoadKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := &Certifier{Key: key, Fonts: testFonts(t), Now: time.Now}
	doc, err := c.Render(erasedRecord())
	if err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(t.TempDir(), "cert.pdf")
	os.WriteFile(pdf, doc.PDF, 0o644)
	tests := []struct {
		name    string
		roots   []*x509.Certificate
		trusted bool
	}{
		{"organization's root trusted", []*x509.Certificate{ca.Cert}, true},
		{"another organization's root trusted", []*x509.Certificate{other.Cert}, false},
		{"no root trusted", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _ := exec.Command("pdfsig", "-nssdir", nssDB(t, tt.roots...), pdf).CombinedOutput()
			if !bytes.Contains(out, []byte("Signature is Valid.")) {
				t.Fatalf("pdfsig does not find the signature valid:\n%s", out)
			}
			if got := bytes.Contains(out, []byte("Certificate is Trusted.")); got != tt.trusted {
				t.Errorf("pdfsig trusts the certificate: %v, want %v\n%s", got, tt.trusted, out)
			}
		})
	}
}

// TestVerifySignerOnPDF does what `cert verify --ca` does with a certificate PDF:
// the signer's chain from the PKCS #7 signature, checked at the signing time it
// records (the signing machine's clock when it signed: the PKCS #7 library takes
// time.Now, not Certifier.Now). The workstation certificate expires two seconds
// after signing; the PDF still verifies afterwards at its signing time, and would
// not if checked now.
func TestVerifySignerOnPDF(t *testing.T) {
	now := time.Now()
	ca := testCA(t, "Example Corp", now.Add(-time.Hour))
	key := otherKey(t)
	expires := now.Truncate(time.Second).Add(2 * time.Second)
	leaf := issueFor(t, ca, &key.Private.PublicKey, now, func(c *x509.Certificate) { c.NotAfter = expires })
	key.Cert, key.Chain = leaf, []*x509.Certificate{leaf, ca.Cert}
	c := &Certifier{Key: key, Fonts: testFonts(t), Now: time.Now}
	doc, err := c.Render(erasedRecord())
	if err != nil {
		t.Fatal(err)
	}
	rdr, err := pdf.NewReader(bytes.NewReader(doc.PDF), int64(len(doc.PDF)))
	if err != nil {
		t.Fatal(err)
	}
	sig, err := signatureDict(rdr)
	if err != nil {
		t.Fatal(err)
	}
	p7, err := pkcs7.Parse([]byte(sig.Key("Contents").RawString()))
	if err != nil {
		t.Fatal(err)
	}
	var at time.Time
	if err := p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeSigningTime, &at); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Until(expires.Add(time.Second)))
	signerChain := append([]*x509.Certificate{p7.GetOnlySigner()}, p7.Certificates...)
	if err := VerifySigner(signerChain, rootsOf(ca), at); err != nil {
		t.Errorf("VerifySigner at the signing time %s: %v", at, err)
	}
	if err := VerifySigner(signerChain, rootsOf(ca), time.Now()); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Errorf("VerifySigner now = %v, want expired", err)
	}
	other := testCA(t, "Elsewhere Ltd", now.Add(-time.Hour))
	if err := VerifySigner(signerChain, rootsOf(other), at); err == nil {
		t.Error("VerifySigner accepted another organization's root")
	}
}
