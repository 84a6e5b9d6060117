package register

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/register/store"
	"github.com/wipestation/wipestation/register/store/storetest"
)

// Two workstations, one enrolled by the organization CA and one listed by its
// key, push certificates; each is stored once however often it is sent.
func TestUploadFromEnrolledWorkstations(t *testing.T) {
	fonts := testFonts(t)
	ca, roots := orgCA(t)
	desk1 := enrolledKey(t, ca, roots, "desk-1")
	desk2 := selfSignedKey(t, "desk-2")
	pdf1 := issue(t, fonts, desk1, jobRecord("WS-20261126-AAAA0001", "SER-1", "desk-1", testNow.Add(-time.Hour)), testNow.Add(-time.Hour))
	pdf2 := issue(t, fonts, desk2, jobRecord("WS-20261126-AAAA0002", "SER-2", "desk-2", testNow.Add(-time.Hour)), testNow.Add(-time.Hour))
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			h := newHarness(t, kind, fonts, Workstations{Trusted: []string{desk2.Fingerprint()}, Roots: roots})
			for _, c := range []struct {
				key  *certificate.Key
				pdf  []byte
				id   string
				want []string
			}{
				{desk1, pdf1, "WS-20261126-AAAA0001", []string{"stored", "already stored"}},
				{desk2, pdf2, "WS-20261126-AAAA0002", []string{"stored", "already stored"}},
			} {
				for _, want := range c.want {
					res, err := h.client(c.key).Push(ctx, c.pdf)
					if err != nil {
						t.Fatalf("push %s: %v", c.id, err)
					}
					if res.Outcome != want || res.CertificateID != c.id {
						t.Errorf("push %s: %+v, want %s", c.id, res, want)
					}
				}
				got, err := h.store.Get(ctx, c.id)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.PDF, c.pdf) || got.PushedBy != c.key.Fingerprint() || got.Signer != c.key.Fingerprint() {
					t.Errorf("%s stored as %d bytes, pushed by %s, signed by %s", c.id, len(got.PDF), got.PushedBy, got.Signer)
				}
			}
			all, _ := h.store.Search(ctx, store.Query{})
			if len(all) != 2 {
				t.Errorf("%d certificates stored, want 2", len(all))
			}
			e, _ := h.store.Get(ctx, "WS-20261126-AAAA0001")
			if e.Serial != "SER-1" || e.Workstation != "desk-1" || e.Class != "Purge" || e.Status != "erased" ||
				e.Kind != string(certificate.KindSanitization) || e.Operator != "Alex Chen" || !e.Finished.Equal(testNow.Add(-time.Hour)) {
				t.Errorf("stored facts %+v", e)
			}
		})
	}
}

// pushStatus pushes pdf and returns the HTTP status and answer of a refusal.
func pushStatus(t *testing.T, c *Client, pdf []byte) (int, UploadResult) {
	t.Helper()
	res, err := c.Push(ctx, pdf)
	var pe *PushError
	if errors.As(err, &pe) {
		return pe.Status, pe.Result
	}
	if err != nil {
		t.Fatalf("push: %v", err)
	}
	return http.StatusCreated, *res
}

func TestUploadRefusals(t *testing.T) {
	fonts := testFonts(t)
	ca, roots := orgCA(t)
	desk1 := enrolledKey(t, ca, roots, "desk-1")
	foreign := selfSignedKey(t, "intruder") // neither listed nor enrolled
	otherCA, otherRoots := orgCA(t)
	otherOrg := enrolledKey(t, otherCA, otherRoots, "elsewhere") // enrolled by another organization's CA
	signed := testNow.Add(-time.Hour)
	good := issue(t, fonts, desk1, jobRecord("WS-20261126-BBBB0001", "SER-1", "desk-1", signed), signed)
	byForeign := issue(t, fonts, foreign, jobRecord("WS-20261126-BBBB0002", "SER-2", "intruder", signed), signed)
	// The same job ID certified again: a different file.
	again := issue(t, fonts, desk1, jobRecord("WS-20261126-BBBB0001", "SER-1", "desk-1", signed), signed.Add(time.Minute))
	// One digit of the creation date changed, inside the signed bytes.
	tampered := append([]byte{}, good...)
	at := bytes.Index(tampered, []byte("(D:2026"))
	if at < 0 {
		t.Fatal("no creation date to tamper with")
	}
	tampered[at+6] = '5'

	h := newHarness(t, "sqlite", fonts, Workstations{Roots: roots})
	if _, err := h.client(desk1).Push(ctx, good); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		client  *Client
		pdf     []byte
		status  int
		problem certificate.Problem
		says    string
	}{
		{"unenrolled workstation", h.client(foreign), good, 401, "", "not enrolled"},
		{"another organization's workstation", h.client(otherOrg), good, 401, "", "not enrolled"},
		{"certificate signed by a foreign key", h.client(desk1), byForeign, 422, certificate.ProblemForeignKey, foreign.Fingerprint()},
		{"tampered certificate", h.client(desk1), tampered, 422, certificate.ProblemModified, ""},
		{"not a PDF", h.client(desk1), []byte("hello"), 422, certificate.ProblemNotPDF, ""},
		{"a different file with a stored ID", h.client(desk1), again, 409, "", "already stored"},
	}
	for _, tt := range tests {
		status, res := pushStatus(t, tt.client, tt.pdf)
		if status != tt.status || (tt.problem != "" && res.Problem != string(tt.problem)) || !strings.Contains(res.Error, tt.says) {
			t.Errorf("%s: HTTP %d %+v; want %d %q %q", tt.name, status, res, tt.status, tt.problem, tt.says)
		}
		if status == 422 && res.Problem == "" {
			t.Errorf("%s: a refusal without the problem: %+v", tt.name, res)
		}
	}
	if cs, _ := h.store.Conflicts(ctx); len(cs) != 1 || cs[0].CertificateID != "WS-20261126-BBBB0001" {
		t.Errorf("conflicts recorded: %+v", cs)
	}
	all, _ := h.store.Search(ctx, store.Query{})
	if len(all) != 1 {
		t.Errorf("%d certificates stored after the refusals, want 1", len(all))
	}
}

// A signed request is good once, only near its date, and only with its body.
func TestSignedRequestReplayAndTampering(t *testing.T) {
	fonts := testFonts(t)
	desk := selfSignedKey(t, "desk-1")
	signed := testNow.Add(-time.Hour)
	pdf := issue(t, fonts, desk, jobRecord("WS-20261126-CCCC0001", "SER-1", "desk-1", signed), signed)
	h := newHarness(t, "sqlite", fonts, Workstations{Trusted: []string{desk.Fingerprint()}})

	send := func(req *http.Request, body []byte) int {
		t.Helper()
		req.Body = http.NoBody
		if body != nil {
			req.Body = readCloser{bytes.NewReader(body)}
			req.ContentLength = int64(len(body))
		}
		resp, err := h.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	signedReq := func(at time.Time) *http.Request {
		req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/api/v1/certificates", nil)
		if err := SignRequest(req, pdf, desk, at); err != nil {
			t.Fatal(err)
		}
		return req
	}

	req := signedReq(testNow)
	if got := send(req, pdf); got != http.StatusCreated {
		t.Fatalf("first send: HTTP %d", got)
	}
	if got := send(req, pdf); got != http.StatusUnauthorized {
		t.Errorf("replayed request: HTTP %d, want 401", got)
	}
	if got := send(signedReq(testNow.Add(-ClockWindow-time.Second)), pdf); got != http.StatusUnauthorized {
		t.Errorf("request dated before the window: HTTP %d, want 401", got)
	}
	if got := send(signedReq(testNow.Add(ClockWindow+time.Second)), pdf); got != http.StatusUnauthorized {
		t.Errorf("request dated after the window: HTTP %d, want 401", got)
	}
	other := append([]byte{}, pdf...)
	other[len(other)/2] ^= 1
	if got := send(signedReq(testNow), other); got != http.StatusUnauthorized {
		t.Errorf("body changed after signing: HTTP %d, want 401", got)
	}
	req = signedReq(testNow)
	req.Header.Set(headerSignature, signedReq(testNow).Header.Get(headerSignature))
	if got := send(req, pdf); got != http.StatusUnauthorized {
		t.Errorf("another request's signature: HTTP %d, want 401", got)
	}
	unsigned, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/api/v1/certificates", nil)
	if got := send(unsigned, pdf); got != http.StatusUnauthorized {
		t.Errorf("unsigned request: HTTP %d, want 401", got)
	}
	// Refused before its body is read: not "too large".
	if got := send(unsigned, make([]byte, MaxCertificateBytes+1)); got != http.StatusUnauthorized {
		t.Errorf("unsigned request with a huge body: HTTP %d, want 401", got)
	}
}

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }
