package register

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/register/store"
)

// trustSet is whom the register trusts for one request: the keys and roots
// it was started with, and the workstations enrolled with a token since.
type trustSet struct {
	verifier     *certificate.Verifier
	workstations Workstations
	listed       []string
	enrolled     map[string]bool
}

func (s *Server) trust(ctx context.Context) (*trustSet, error) {
	ws, err := s.Store.Workstations(ctx)
	if err != nil {
		return nil, err
	}
	t := &trustSet{listed: s.Verifier.Trusted, enrolled: map[string]bool{}}
	var fps []string
	for _, w := range ws {
		fps = append(fps, w.KeyFingerprint)
		t.enrolled[strings.ToLower(w.KeyFingerprint)] = true
	}
	v := *s.Verifier
	v.Trusted = append(slices.Clone(v.Trusted), fps...)
	t.verifier = &v
	t.workstations = s.Workstations
	t.workstations.Trusted = append(slices.Clone(t.workstations.Trusted), fps...)
	return t, nil
}

// why is why a certificate signed by fp was trusted.
func (t *trustSet) why(fp string) store.Trust {
	for _, l := range t.listed {
		if strings.EqualFold(l, fp) {
			return store.TrustListed
		}
	}
	if t.enrolled[strings.ToLower(fp)] {
		return store.TrustEnrolled
	}
	return store.TrustCA
}

// Enrolment tokens: a day is enough to carry one from the web view to a
// desk; a week at most, so that a forgotten token does not stay valid.
const (
	DefaultTokenHours = 24
	MaxTokenHours     = 7 * 24
)

var workstationName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// newToken is an enrolment token just made, shown once.
type newToken struct {
	Workstation, Token, URL string
	Expires                 time.Time
}

// EnrolRequest is the body of POST /api/v1/enrol.
type EnrolRequest struct {
	Token string `json:"token"`
}

// EnrolResult is the register's answer to an enrolment (docs/register.md).
type EnrolResult struct {
	Workstation    string `json:"workstation,omitempty"`
	KeyFingerprint string `json:"key_fingerprint,omitempty"`
	Error          string `json:"error,omitempty"`
}

// handleEnrol enrols the key that signs the request with a one-time token an
// administrator made: 201 enrolled, 401 not a valid signed request, 403 the
// token is unknown, used or expired. The key signs its own enrolment, so it
// is the only key checked here; the token is what makes it trusted.
func (s *Server) handleEnrol(w http.ResponseWriter, r *http.Request) {
	if !signed(r.Header) {
		writeJSON(w, http.StatusUnauthorized, EnrolResult{Error: errUnauthorized.Error() + ": no signature"})
		return
	}
	body, err := readBody(r, 4<<10)
	if err != nil {
		writeJSON(w, http.StatusRequestEntityTooLarge, EnrolResult{Error: err.Error()})
		return
	}
	_, _, fp, err := requestKey(r.Header)
	if err == nil {
		_, err = Workstations{Trusted: []string{fp}}.authenticate(r.Context(), r, body, s.Store, s.now())
	}
	if err != nil {
		s.logf("register: refused enrolment from %s: %v", r.RemoteAddr, err)
		writeJSON(w, http.StatusUnauthorized, EnrolResult{Error: err.Error()})
		return
	}
	var req EnrolRequest
	if err := json.Unmarshal(body, &req); err != nil || req.Token == "" {
		writeJSON(w, http.StatusBadRequest, EnrolResult{Error: `want {"token": "..."}`})
		return
	}
	ws, err := s.Store.UseEnrolmentToken(r.Context(), tokenHash(req.Token), fp, s.now())
	if errors.Is(err, store.ErrTokenUsed) {
		s.logf("register: refused enrolment of key %s from %s: %v", fp, r.RemoteAddr, err)
		writeJSON(w, http.StatusForbidden, EnrolResult{Error: err.Error()})
		return
	}
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, EnrolResult{Error: err.Error()})
		return
	}
	s.logf("register: enrolled workstation %s, key %s", ws.Name, fp)
	writeJSON(w, http.StatusCreated, EnrolResult{Workstation: ws.Name, KeyFingerprint: fp})
}

// Enrol enrols the client's key with a token an administrator made in the
// web view (Workstations page); afterwards the key may push.
func (c *Client) Enrol(ctx context.Context, token string) (*EnrolResult, error) {
	body, _ := json.Marshal(EnrolRequest{Token: token})
	status, answer, err := c.post(ctx, "/api/v1/enrol", "application/json", body)
	if err != nil {
		return nil, fmt.Errorf("enrol with %s: %w", c.URL, err)
	}
	var res EnrolResult
	if err := json.Unmarshal(answer, &res); err != nil {
		res.Error = strings.TrimSpace(string(answer))
	}
	if status != http.StatusCreated {
		return nil, fmt.Errorf("enrol with %s: register refused it (HTTP %d): %s", c.URL, status, res.Error)
	}
	return &res, nil
}

// post sends body to the register's path as a request signed with the
// client's key and returns the answer's status and (at most 1 MiB of) body.
// Push makes the same request by itself for now; it can use this.
func (c *Client) post(ctx context.Context, path, contentType string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(c.URL, "/")+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", contentType)
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	if err := SignRequest(req, body, c.Key, now()); err != nil {
		return 0, nil, err
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, answer, nil
}

func (s *Server) handleWorkstationsPage(w http.ResponseWriter, r *http.Request) {
	s.renderWorkstations(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderWorkstations(w http.ResponseWriter, r *http.Request, status int, problem string, tok *newToken) {
	d := s.page(r, "title.workstations")
	d.Error, d.NewToken, d.MaxTokenHours = problem, tok, MaxTokenHours
	var err error
	if d.Workstations, err = s.Store.Workstations(r.Context()); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.render(w, status, "workstations", d)
}

// handleAddEnrolmentToken makes a one-time token for a workstation and shows
// it once; only its SHA-256 is kept.
func (s *Server) handleAddEnrolmentToken(w http.ResponseWriter, r *http.Request) {
	l := langOf(r)
	name := r.PostFormValue("name")
	if !workstationName.MatchString(name) {
		s.renderWorkstations(w, r, http.StatusUnprocessableEntity, l.T("err.bad_name"), nil)
		return
	}
	hours := DefaultTokenHours
	if v := r.PostFormValue("hours"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxTokenHours {
			s.renderWorkstations(w, r, http.StatusUnprocessableEntity, l.Tf("err.bad_hours", MaxTokenHours), nil)
			return
		}
		hours = n
	}
	now := s.now()
	tok := &newToken{Workstation: name, Token: randomToken(), URL: "https://" + r.Host, Expires: now.Add(time.Duration(hours) * time.Hour)}
	err := s.Store.AddEnrolmentToken(r.Context(), store.EnrolmentToken{TokenSHA256: tokenHash(tok.Token), Workstation: name,
		CreatedBy: principalOf(r).user.Name, Created: now, Expires: tok.Expires})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.logf("register: %s made an enrolment token for workstation %s", principalOf(r).user.Name, name)
	s.renderWorkstations(w, r, http.StatusCreated, "", tok)
}
