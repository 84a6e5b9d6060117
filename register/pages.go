package register

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/register/store"
	"github.com/wipestation/wipestation/wipe"
)

// problemStoredFacts is a check's problem when the stored file verifies but is
// not the file, or does not hold the record, the register received (the
// database was changed behind its back).
const problemStoredFacts = "the stored file or record is not the one received"

// verifyAgain checks a stored certificate as `cert verify` does, with the keys
// trusted now, and records the outcome.
func (s *Server) verifyAgain(ctx context.Context, id string) (*store.Entry, error) {
	e, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	trust, err := s.trust(ctx)
	if err != nil {
		return nil, err
	}
	check := store.Check{At: s.now()}
	got, err := trust.verifier.Verify(e.PDF)
	var ve *certificate.VerifyError
	sum := sha256.Sum256(e.PDF)
	switch {
	case errors.As(err, &ve):
		check.Problem = string(ve.Problem)
	case err != nil:
		return nil, err
	case hex.EncodeToString(sum[:]) != e.PDFSHA256 || got.Digest != e.RecordSHA256 || got.Record.CertificateID != e.CertificateID:
		check.Problem = problemStoredFacts
	}
	if err := s.Store.SetCheck(ctx, id, check); err != nil {
		return nil, err
	}
	if check.Problem != "" {
		s.logf("register: certificate %s failed verification again: %s", id, check.Problem)
	}
	e.Checked, e.CheckProblem = check.At, check.Problem
	return e, nil
}

// certificateError answers a missing certificate in the page's language, as
// JSON on the API.
func (s *Server) certificateError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, err.Error()
	if errors.Is(err, store.ErrNotFound) {
		status, msg = http.StatusNotFound, langOf(r).T("err.not_found")
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		apiError(w, status, msg)
		return
	}
	http.Error(w, msg, status)
}

// handleCertificatePage shows one certificate: its record's facts, what the
// register verified, and the PDF itself.
func (s *Server) handleCertificatePage(w http.ResponseWriter, r *http.Request) {
	e, err := s.Store.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.certificateError(w, r, err)
		return
	}
	d := s.page(r, "title.certificate", e.CertificateID)
	row := rowOf(*e)
	d.Cert = &row
	var rec wipe.Record
	if json.Unmarshal(e.RecordJSON, &rec) == nil {
		d.Record = &rec
	}
	w.Header().Set("Content-Security-Policy", certificatePagePolicy)
	s.render(w, http.StatusOK, "certificate", d)
}

func (s *Server) handleVerifyAgain(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.verifyAgain(r.Context(), id); err != nil {
		s.certificateError(w, r, err)
		return
	}
	http.Redirect(w, r, "/certificates/"+id, http.StatusSeeOther)
}

// handleAPICertificate answers one certificate's row.
func (s *Server) handleAPICertificate(w http.ResponseWriter, r *http.Request) {
	e, err := s.Store.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.certificateError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rowOf(*e))
}

// handleAPIVerify verifies a stored certificate again and answers its row.
func (s *Server) handleAPIVerify(w http.ResponseWriter, r *http.Request) {
	e, err := s.verifyAgain(r.Context(), r.PathValue("id"))
	if err != nil {
		s.certificateError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rowOf(*e))
}

// CountsResult is the JSON of GET /api/v1/counts (docs/register.md).
type CountsResult struct {
	Total         int           `json:"total"`
	ByDay         []store.Count `json:"by_day"`
	ByWorkstation []store.Count `json:"by_workstation"`
	ByClass       []store.Count `json:"by_class"`
}

func (s *Server) handleAPICounts(w http.ResponseWriter, r *http.Request) {
	q, err := parseQuery(r.URL.Query(), store.MaxLimit)
	if err != nil {
		apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	c, err := s.Store.Counts(r.Context(), q)
	if err != nil {
		apiError(w, http.StatusInternalServerError, err.Error())
		return
	}
	res := CountsResult{Total: c.Total, ByDay: c.ByDay, ByWorkstation: c.ByWorkstation, ByClass: c.ByClass}
	for _, p := range []*[]store.Count{&res.ByDay, &res.ByWorkstation, &res.ByClass} {
		if *p == nil {
			*p = []store.Count{}
		}
	}
	writeJSON(w, http.StatusOK, res)
}

// handleSetRole changes an account's role. An administrator cannot take their
// own role away (nor disable themselves): the register keeps an administrator.
func (s *Server) handleSetRole(w http.ResponseWriter, r *http.Request) {
	name, role := r.PathValue("name"), store.Role(r.PostFormValue("role"))
	l := langOf(r)
	if !slices.Contains(store.Roles(), role) {
		s.renderUsers(w, r, http.StatusUnprocessableEntity, "role: "+string(role))
		return
	}
	if name == principalOf(r).user.Name && role != store.Administrator {
		s.renderUsers(w, r, http.StatusUnprocessableEntity, l.T("err.own_account"))
		return
	}
	if err := s.Store.SetRole(r.Context(), name, role); err != nil {
		s.userError(w, r, err)
		return
	}
	s.logf("register: %s made %s %s", principalOf(r).user.Name, name, role)
	http.Redirect(w, r, "/users", http.StatusSeeOther)
}

func (s *Server) handleSetDisabled(disabled bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		if disabled && name == principalOf(r).user.Name {
			s.renderUsers(w, r, http.StatusUnprocessableEntity, langOf(r).T("err.own_account"))
			return
		}
		if err := s.Store.SetDisabled(r.Context(), name, disabled); err != nil {
			s.userError(w, r, err)
			return
		}
		s.logf("register: %s set %s disabled=%v", principalOf(r).user.Name, name, disabled)
		http.Redirect(w, r, "/users", http.StatusSeeOther)
	}
}

func (s *Server) userError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		s.renderUsers(w, r, http.StatusNotFound, langOf(r).T("err.no_such_user"))
		return
	}
	http.Error(w, err.Error(), http.StatusInternalServerError)
}
