// Package register is the register server: workstations push signed
// certificates to it, it verifies each exactly as `cert verify` does and stores
// it (register/store), and asset managers search, read and export them in a
// server-rendered web view or a JSON API. Only cmd imports it.
package register

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/register/store"
)

// MaxCertificateBytes is the largest upload: a certificate is tens of KB, a
// long exception list a few pages; anything near this is not one.
const MaxCertificateBytes = 16 << 20

// Server is the register. Build it with its fields set, then serve Handler.
type Server struct {
	Store store.Store
	// Verifier checks every upload exactly as `cert verify` does.
	Verifier *certificate.Verifier
	// Workstations may push certificates.
	Workstations Workstations
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Log receives one line per refused upload and login failure (log.Default when nil).
	Log *log.Logger

	limiterOnce sync.Once
	limiter     *loginLimiter
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Server) logf(format string, args ...any) {
	l := s.Log
	if l == nil {
		l = log.Default()
	}
	l.Printf(format, args...)
}

// Handler serves the API and the web view.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	viewer := func(h http.HandlerFunc) http.Handler { return s.requireRole(store.Viewer, h) }
	admin := func(h http.HandlerFunc) http.Handler { return s.requireRole(store.Administrator, h) }
	// Workstations (signed requests).
	mux.HandleFunc("POST /api/v1/certificates", s.handleUpload)
	mux.HandleFunc("POST /api/v1/enrol", s.handleEnrol)
	// The JSON API (docs/register.md).
	mux.Handle("GET /api/v1/certificates", viewer(s.handleExport))
	mux.Handle("GET /api/v1/certificates/{id}", viewer(s.handleAPICertificate))
	mux.Handle("GET /api/v1/certificates/{id}/pdf", viewer(s.handlePDF))
	mux.Handle("GET /api/v1/certificates/{id}/verify", viewer(s.handleAPIVerify))
	mux.Handle("GET /api/v1/counts", viewer(s.handleAPICounts))
	// The web view.
	mux.HandleFunc("GET /login", s.handleLoginPage)
	mux.HandleFunc("POST /login", s.handleLogin)
	mux.HandleFunc("GET /lang", s.handleLang)
	mux.Handle("POST /logout", viewer(s.handleLogout))
	mux.Handle("GET /{$}", http.RedirectHandler("/search", http.StatusSeeOther))
	mux.Handle("GET /search", viewer(s.handleSearchPage))
	mux.Handle("GET /search/charts.svg", viewer(s.handleChartsImage))
	mux.Handle("GET /history", viewer(s.handleHistoryPage))
	mux.Handle("GET /certificates/{id}", viewer(s.handleCertificatePage))
	mux.Handle("GET /certificates/{id}/pdf", viewer(s.handlePDF))
	mux.Handle("POST /certificates/{id}/verify", viewer(s.handleVerifyAgain))
	mux.Handle("GET /conflicts", s.requireRole(store.Manager, s.handleConflictsPage))
	mux.Handle("GET /users", admin(s.handleUsersPage))
	mux.Handle("POST /users", admin(s.handleAddUser))
	mux.Handle("POST /users/{name}/role", admin(s.handleSetRole))
	mux.Handle("POST /users/{name}/disable", admin(s.handleSetDisabled(true)))
	mux.Handle("POST /users/{name}/enable", admin(s.handleSetDisabled(false)))
	mux.Handle("GET /workstations", admin(s.handleWorkstationsPage))
	mux.Handle("POST /workstations", admin(s.handleAddEnrolmentToken))
	return securityHeaders(mux)
}

// pagePolicy keeps pages from being framed, sniffed or running scripts: the
// web view needs none. Images (the search's charts) come from the register
// only.
const pagePolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// certificatePagePolicy is pagePolicy with the certificate's PDF, from this
// register only, shown in the page.
const certificatePagePolicy = pagePolicy + "; object-src 'self'; frame-src 'self'"

// pdfPolicy lets the register's own certificate page show a PDF, and no other
// site frame it.
const pdfPolicy = "frame-ancestors 'self'"

// securityHeaders sends every answer with pagePolicy and no caching.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", pagePolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Strict-Transport-Security", "max-age=31536000")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// UploadResult is the JSON answer to an upload (docs/register.md).
type UploadResult struct {
	Outcome       string `json:"outcome,omitempty"` // "stored" or "already stored"
	CertificateID string `json:"certificate_id,omitempty"`
	Kind          string `json:"kind,omitempty"`
	RecordSHA256  string `json:"record_sha256,omitempty"`
	// Problem is the `cert verify` problem of a refused certificate; Error the
	// whole reason of any refusal.
	Problem string `json:"problem,omitempty"`
	Error   string `json:"error,omitempty"`
	Signer  string `json:"signer,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// handleUpload takes one certificate PDF from an enrolled workstation:
// 201 stored, 200 already stored, 401 not an enrolled workstation's signed
// request, 409 another certificate has its ID, 413 too large, 422 it does not
// verify.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	if !signed(r.Header) {
		// Not even an attempt: refused before the body is read.
		writeJSON(w, http.StatusUnauthorized, UploadResult{Error: errUnauthorized.Error() + ": no signature"})
		return
	}
	body, err := readBody(r, MaxCertificateBytes)
	if err != nil {
		writeJSON(w, http.StatusRequestEntityTooLarge, UploadResult{Error: err.Error()})
		return
	}
	now := s.now()
	trust, err := s.trust(r.Context())
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, UploadResult{Error: err.Error()})
		return
	}
	pushedBy, err := trust.workstations.authenticate(r.Context(), r, body, s.Store, now)
	if err != nil {
		s.logf("register: refused upload from %s: %v", r.RemoteAddr, err)
		if errors.Is(err, errUnauthorized) {
			writeJSON(w, http.StatusUnauthorized, UploadResult{Error: err.Error()})
		} else {
			writeJSON(w, http.StatusInternalServerError, UploadResult{Error: err.Error()})
		}
		return
	}
	got, err := trust.verifier.Verify(body)
	if err != nil {
		res := UploadResult{Error: err.Error()}
		var ve *certificate.VerifyError
		if errors.As(err, &ve) {
			res.Problem, res.Signer = string(ve.Problem), ve.Signer
		}
		s.logf("register: refused certificate from workstation %s: %v", pushedBy, err)
		writeJSON(w, http.StatusUnprocessableEntity, res)
		return
	}
	e := entryOf(got, body, pushedBy, now)
	e.Trust = trust.why(got.Fingerprint)
	outcome, err := s.Store.Put(r.Context(), e)
	switch {
	case errors.Is(err, store.ErrConflict):
		s.logf("register: refused certificate from workstation %s: %v", pushedBy, err)
		writeJSON(w, http.StatusConflict, UploadResult{CertificateID: e.CertificateID, Error: err.Error(), Signer: e.Signer})
		return
	case err != nil:
		writeJSON(w, http.StatusInternalServerError, UploadResult{Error: err.Error()})
		return
	}
	status := http.StatusCreated
	if outcome == store.AlreadyStored {
		status = http.StatusOK
	}
	writeJSON(w, status, UploadResult{Outcome: string(outcome), CertificateID: e.CertificateID, Kind: e.Kind, RecordSHA256: e.RecordSHA256, Signer: e.Signer})
}

// entryOf is what the register stores of a verified certificate.
func entryOf(v *certificate.Verified, pdf []byte, pushedBy string, received time.Time) *store.Entry {
	rec := v.Record
	sum := sha256.Sum256(pdf)
	return &store.Entry{
		CertificateID: rec.CertificateID,
		PDF:           pdf,
		PDFSHA256:     hex.EncodeToString(sum[:]),
		RecordJSON:    v.RecordJSON,
		RecordSHA256:  v.Digest,
		Kind:          string(v.Kind),
		Signer:        v.Fingerprint,
		SigningTime:   v.SigningTime,
		PushedBy:      pushedBy,
		Serial:        rec.Device.Serial,
		AssetTag:      rec.Details.AssetTag,
		Vendor:        rec.Device.Vendor,
		Model:         rec.Device.Model,
		Operator:      rec.Details.Operator.Name,
		Workstation:   rec.Host,
		Started:       rec.Started,
		Finished:      rec.Finished,
		Status:        string(rec.Status),
		Class:         string(rec.Sanitization.Class),
		Method:        rec.Sanitization.MethodID,
		Received:      received,
	}
}

// handlePDF sends a stored certificate as it was received.
func (s *Server) handlePDF(w http.ResponseWriter, r *http.Request) {
	e, err := s.Store.Get(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "no such certificate", http.StatusNotFound)
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	// The page shows it inline; the API and the download link save it.
	disposition := "inline"
	if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Query().Get("download") != "" {
		disposition = "attachment"
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", fmt.Sprintf("%s; filename=%q", disposition, certificate.FileName(recordForName(e))))
	h.Set("Content-Security-Policy", pdfPolicy)
	w.Write(e.PDF)
}
