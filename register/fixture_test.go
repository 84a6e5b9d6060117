package register

import (
	"context"
	"crypto/x509"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/register/store"
	"github.com/wipestation/wipestation/register/store/storetest"
	"github.com/wipestation/wipestation/wipe"
)

var ctx = context.Background()

// testNow is a fixed day: the org CA, the workstation certificates and the
// signing times all sit around it.
var testNow = time.Date(2026, 11, 26, 10, 30, 0, 0, time.UTC)

func testFonts(t testing.TB) *certificate.Fonts {
	t.Helper()
	path, err := certificate.FindFont("", os.Getenv)
	if err != nil {
		testutil.Skip(t, err.Error()+" (scripts/install-deps installs fonts-lxgw-wenkai)")
	}
	f, err := certificate.LoadFonts(path)
	if err != nil {
		t.Fatalf("load fonts: %v", err)
	}
	return f
}

// selfSignedKey is a standalone workstation's key.
func selfSignedKey(t testing.TB, host string) *certificate.Key {
	t.Helper()
	k, err := certificate.LoadOrCreateKey(t.TempDir(), host, "Example Corp", testNow.Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// orgCA is an organization CA and its root pool.
func orgCA(t testing.TB) (*certificate.CA, *x509.CertPool) {
	t.Helper()
	ca, err := certificate.InitCA(t.TempDir(), "Example Corp", testNow.Add(-48*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	pemBytes, err := os.ReadFile(filepath.Join(ca.Dir, certificate.CACertFile))
	if err != nil {
		t.Fatal(err)
	}
	roots, err := certificate.ParseRoots(pemBytes)
	if err != nil {
		t.Fatal(err)
	}
	return ca, roots
}

// enrolledKey is a workstation key the organization CA issued a certificate for.
func enrolledKey(t testing.TB, ca *certificate.CA, roots *x509.CertPool, host string) *certificate.Key {
	t.Helper()
	dir := t.TempDir()
	at := testNow.Add(-24 * time.Hour)
	k, err := certificate.LoadOrCreateKey(dir, host, "Example Corp", at)
	if err != nil {
		t.Fatal(err)
	}
	csr, err := certificate.NewCSR(k, host, "Example Corp", "")
	if err != nil {
		t.Fatal(err)
	}
	chain, err := ca.Sign(csr, false, at)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := certificate.InstallChain(dir, k, certificate.ChainPEM(chain), roots, at); err != nil {
		t.Fatal(err)
	}
	k, err = certificate.LoadKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// jobRecord is a clean crypto erase of an NVMe SSD on host.
func jobRecord(id, serial, host string, finished time.Time) *wipe.Record {
	return &wipe.Record{
		Schema: wipe.RecordSchema, CertificateID: id, Status: wipe.StatusErased,
		Device: devices.Device{Path: "/dev/nvme0n1", Name: "nvme0n1", Kind: devices.KindDisk, Transport: devices.TransportNVMe,
			Vendor: "Samsung", Model: "Samsung SSD 980 PRO 1TB", Serial: serial, SizeBytes: 1000204886016,
			LogicalSectorBytes: 512, PhysicalSectorBytes: 512},
		Details: wipe.JobDetails{Operator: wipe.Person{Name: "Alex Chen", Organization: "Example Corp"},
			AssetTag: "EX-" + serial, DataBackedUp: "No", Destination: "External Reuse"},
		Sanitization: wipe.Sanitization{Class: devices.ClassPurge, MethodID: "nvme-sanitize-crypto",
			MethodName: "NVMe Sanitize, crypto erase", Technique: "Crypto Erase"},
		Verification: wipe.Verification{Mode: "sampling", Method: msg.Verbatim("2,002 pseudorandom samples; all differ"), Verified: true, BytesRead: 102400000},
		Errors:       []wipe.RangeError{}, Exceptions: []msg.Message{},
		Started: finished.Add(-83 * time.Second), Finished: finished, DurationSeconds: 83,
		Tool: "wipestation", ToolVersion: "1.0.0", Host: host,
	}
}

// issue renders and signs rec's certificate with key, signed at signedAt.
func issue(t testing.TB, fonts *certificate.Fonts, key *certificate.Key, rec *wipe.Record, signedAt time.Time) []byte {
	t.Helper()
	c := &certificate.Certifier{Key: key, Fonts: fonts, Now: func() time.Time { return signedAt }}
	doc, err := c.Render(rec)
	if err != nil {
		t.Fatalf("render %s: %v", rec.CertificateID, err)
	}
	return doc.PDF
}

// harness is a register on a store of one kind, served over TLS.
type harness struct {
	srv   *Server
	store store.Store
	ts    *httptest.Server
	now   time.Time
}

func newHarness(t *testing.T, kind string, fonts *certificate.Fonts, ws Workstations) *harness {
	t.Helper()
	st := storetest.Open(t, kind)
	h := &harness{store: st, now: testNow}
	h.srv = &Server{
		Store:        st,
		Verifier:     &certificate.Verifier{Trusted: ws.Trusted, Roots: ws.Roots, Fonts: fonts},
		Workstations: ws,
		Now:          func() time.Time { return h.now },
		Log:          testLogger(t),
	}
	h.ts = httptest.NewTLSServer(h.srv.Handler())
	t.Cleanup(h.ts.Close)
	return h
}

// client is a workstation pushing to the harness.
func (h *harness) client(key *certificate.Key) *Client {
	return &Client{URL: h.ts.URL, Key: key, HTTP: h.ts.Client(), Now: func() time.Time { return h.now }}
}

// browser is an HTTP client with its own cookies that does not follow redirects.
func (h *harness) browser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := *h.ts.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// cheapArgon keeps the tests' logins fast; the hash carries its parameters,
// so checking it needs no other change.
var cheapArgon = argonParams{time: 1, memory: 64, threads: 1}

// addUser makes an account directly in the store, with a cheap hash.
func (h *harness) addUser(t *testing.T, name string, role store.Role, password string) {
	t.Helper()
	hash, err := hashPassword(password, cheapArgon)
	if err != nil {
		t.Fatal(err)
	}
	u := store.User{Name: name, Role: role, PasswordHash: hash, Created: testNow}
	if err := h.store.AddUser(ctx, u); err != nil {
		t.Fatal(err)
	}
}
