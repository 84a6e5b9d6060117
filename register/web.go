package register

import (
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/register/store"
	"github.com/wipestation/wipestation/wipe"
)

//go:embed templates/*.html
var templateFS embed.FS

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"day": func(t time.Time) string { return timeOrEmpty(t, "2006-01-02 15:04 MST") },
	// query is a search as a URL query, already encoded: typed as a URL so
	// that the template does not encode its = and & again.
	"query": func(v url.Values) template.URL { return template.URL(v.Encode()) },
}).ParseFS(templateFS, "templates/*.html"))

// pageData is what every page template gets: the request's language (its T,
// Tf, Status and Word name everything shown) and the page's facts.
type pageData struct {
	lang
	Here      string   // this page's path and query, for the language switch
	Languages []string // the language switch's choices
	Title     string
	User      *store.User
	CSRF      string
	Error     string
	Form      url.Values // the search as given, to fill the form again and link exports
	Rows      []Row
	Truncated bool
	Serial    string // the history page's medium
	Conflicts []store.Conflict
	Users     []store.User
	Roles     []store.Role
	Statuses  []string
	Classes   []string

	Cert          *Row         // the certificate page's
	Record        *wipe.Record // its record, when it reads back
	Workstations  []store.Workstation
	NewToken      *newToken // an enrolment token just made, shown once
	MaxTokenHours int
}

func (s *Server) render(w http.ResponseWriter, status int, name string, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := templates.ExecuteTemplate(w, name+".html", d); err != nil {
		s.logf("register: render %s: %v", name, err)
	}
}

// statusNames are the search form's result choices: every status a record can
// carry (wipe.Statuses), so a new one cannot be missing from the register.
func statusNames() []string {
	var out []string
	for _, st := range wipe.Statuses() {
		out = append(out, string(st))
	}
	return out
}

// classNames are the search form's class choices, weakest first (devices.Classes).
func classNames() []string {
	var out []string
	for _, c := range devices.Classes() {
		out = append(out, string(c))
	}
	return out
}

// page is the data of a page for a logged-in user; title is a catalogue key
// (with args for its verbs).
func (s *Server) page(r *http.Request, title string, args ...any) pageData {
	d := publicPage(r, title, args...)
	p := principalOf(r)
	d.User = p.user
	if p.session != nil {
		d.CSRF = p.session.CSRF
	}
	return d
}

// publicPage is the data of a page anyone may see (the login page).
func publicPage(r *http.Request, title string, args ...any) pageData {
	l := langOf(r)
	return pageData{lang: l, Here: r.URL.RequestURI(), Languages: languages, Title: l.Tf(title, args...),
		Form: r.URL.Query(), Roles: store.Roles(), Statuses: statusNames(), Classes: classNames()}
}

// Row is one certificate in a search result and its exports. The JSON names
// and CSV columns are a stable interface (docs/register.md).
type Row struct {
	CertificateID string `json:"certificate_id"`
	Finished      string `json:"finished"`
	Started       string `json:"started"`
	Serial        string `json:"serial"`
	Vendor        string `json:"vendor"`
	Model         string `json:"model"`
	AssetTag      string `json:"asset_tag"`
	Method        string `json:"method"`
	Class         string `json:"class"`
	Result        string `json:"result"`
	Kind          string `json:"kind"`
	Operator      string `json:"operator"`
	Workstation   string `json:"workstation"`
	// Verification is the certificate's verification state: every stored
	// certificate passed `cert verify`'s checks on receipt ("verified on
	// receipt"); verified again on demand, it is "verified again" or "failed
	// verification again" with CheckProblem saying why.
	Verification string `json:"verification"`
	Signer       string `json:"signer"`
	PushedBy     string `json:"pushed_by"`
	RecordSHA256 string `json:"record_sha256"`
	PDFSHA256    string `json:"pdf_sha256"`
	Received     string `json:"received"`
	// Trust is why the signing key was trusted on receipt: "listed key",
	// "organization CA" or "enrolled key" (store.Trust).
	Trust        string `json:"trust"`
	Checked      string `json:"checked"`
	CheckProblem string `json:"check_problem"`
	SigningTime  string `json:"signing_time"`
}

// Columns are the CSV header, in Row's order.
func Columns() []string {
	return []string{"certificate_id", "finished", "started", "serial", "vendor", "model", "asset_tag", "method", "class",
		"result", "kind", "operator", "workstation", "verification", "signer", "pushed_by", "record_sha256", "pdf_sha256", "received",
		"trust", "checked", "check_problem", "signing_time"}
}

func (r Row) columns() []string {
	return []string{r.CertificateID, r.Finished, r.Started, r.Serial, r.Vendor, r.Model, r.AssetTag, r.Method, r.Class,
		r.Result, r.Kind, r.Operator, r.Workstation, r.Verification, r.Signer, r.PushedBy, r.RecordSHA256, r.PDFSHA256, r.Received,
		r.Trust, r.Checked, r.CheckProblem, r.SigningTime}
}

// A row's verification states (Row.Verification).
const (
	verifiedOnReceipt = "verified on receipt"
	verifiedAgain     = "verified again"
	failedAgain       = "failed verification again"
)

func verificationOf(e store.Entry) string {
	switch {
	case e.Checked.IsZero():
		return verifiedOnReceipt
	case e.CheckProblem != "":
		return failedAgain
	}
	return verifiedAgain
}

func timeOrEmpty(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(layout)
}

func rowOf(e store.Entry) Row {
	ts := func(t time.Time) string { return timeOrEmpty(t, time.RFC3339) }
	return Row{CertificateID: e.CertificateID, Finished: ts(e.Finished), Started: ts(e.Started), Serial: e.Serial,
		Vendor: e.Vendor, Model: e.Model, AssetTag: e.AssetTag, Method: e.Method, Class: e.Class, Result: e.Status,
		Kind: e.Kind, Operator: e.Operator, Workstation: e.Workstation, Verification: verificationOf(e),
		Signer: e.Signer, PushedBy: e.PushedBy, RecordSHA256: e.RecordSHA256, PDFSHA256: e.PDFSHA256, Received: ts(e.Received),
		Trust: string(e.Trust), Checked: ts(e.Checked), CheckProblem: e.CheckProblem, SigningTime: ts(e.SigningTime)}
}

// parseQuery reads a search from URL parameters: serial, asset_tag, model,
// operator, workstation, result, class, from and to (YYYY-MM-DD, UTC, both
// days included), limit.
func parseQuery(v url.Values, limit int) (store.Query, error) {
	q := store.Query{Serial: v.Get("serial"), AssetTag: v.Get("asset_tag"), Model: v.Get("model"), Operator: v.Get("operator"),
		Workstation: v.Get("workstation"), Status: v.Get("result"), Class: v.Get("class"), Limit: limit}
	for _, b := range []struct {
		name string
		to   *time.Time
		add  int
	}{{"from", &q.From, 0}, {"to", &q.To, 1}} {
		if s := v.Get(b.name); s != "" {
			d, err := time.Parse(time.DateOnly, s)
			if err != nil {
				return q, fmt.Errorf("%s %q: want YYYY-MM-DD", b.name, s)
			}
			*b.to = d.AddDate(0, 0, b.add)
		}
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > store.MaxLimit {
			return q, fmt.Errorf("limit %q: want 1 to %d", s, store.MaxLimit)
		}
		q.Limit = n
	}
	return q, nil
}

func (s *Server) search(r *http.Request, q store.Query) ([]Row, error) {
	entries, err := s.Store.Search(r.Context(), q)
	if err != nil {
		return nil, err
	}
	rows := make([]Row, len(entries))
	for i, e := range entries {
		rows[i] = rowOf(e)
	}
	return rows, nil
}

func (s *Server) handleSearchPage(w http.ResponseWriter, r *http.Request) {
	d := s.page(r, "title.search")
	q, err := parseQuery(r.URL.Query(), store.DefaultLimit)
	if err != nil {
		d.Error = err.Error()
		s.render(w, http.StatusBadRequest, "search", d)
		return
	}
	if d.Rows, err = s.search(r, q); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	d.Truncated = len(d.Rows) == q.Limit
	s.render(w, http.StatusOK, "search", d)
}

// handleChartsImage draws a search's counts (chartsSVG) for the search page.
func (s *Server) handleChartsImage(w http.ResponseWriter, r *http.Request) {
	q, err := parseQuery(r.URL.Query(), store.MaxLimit)
	if err != nil {
		// The page says what is wrong; the image, which nobody reads as
		// text, does not repeat what was given.
		http.Error(w, "bad search", http.StatusBadRequest)
		return
	}
	c, err := s.Store.Counts(r.Context(), q)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Write(chartsSVG(langOf(r), c))
}

func (s *Server) handleHistoryPage(w http.ResponseWriter, r *http.Request) {
	serial := r.URL.Query().Get("serial")
	d := s.page(r, "title.history", serial)
	d.Serial = serial
	var err error
	if d.Rows, err = s.search(r, store.Query{Serial: serial, ExactSerial: true, Limit: store.MaxLimit}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.render(w, http.StatusOK, "history", d)
}

func (s *Server) handleConflictsPage(w http.ResponseWriter, r *http.Request) {
	d := s.page(r, "title.conflicts")
	var err error
	if d.Conflicts, err = s.Store.Conflicts(r.Context()); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.render(w, http.StatusOK, "conflicts", d)
}

func (s *Server) handleUsersPage(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, http.StatusOK, "")
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, problem string) {
	d := s.page(r, "title.users")
	d.Error = problem
	var err error
	if d.Users, err = s.Store.Users(r.Context()); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.render(w, status, "users", d)
}

// handleExport answers a search as JSON (the default), or CSV with format=csv.
// Without limit it returns up to store.MaxLimit rows.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	q, err := parseQuery(r.URL.Query(), store.MaxLimit)
	if err != nil {
		apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	rows, err := s.search(r, q)
	if err != nil {
		apiError(w, http.StatusInternalServerError, err.Error())
		return
	}
	switch r.URL.Query().Get("format") {
	case "", "json":
		if rows == nil {
			rows = []Row{}
		}
		w.Header().Set("Content-Disposition", `attachment; filename="certificates.json"`)
		writeJSON(w, http.StatusOK, rows)
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="certificates.csv"`)
		writeCSV(w, rows)
	default:
		apiError(w, http.StatusBadRequest, "format: want json or csv")
	}
}

// APIError is the JSON body of an API call's refusal.
type APIError struct {
	Error string `json:"error"`
}

// apiError answers an API call with an error as JSON, never as text a
// browser could take for a page.
func apiError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, APIError{Error: msg})
}

// writeCSV writes rows with a header (RFC 4180). A cell a spreadsheet would
// take for a formula (starting with = + - @ or a tab or carriage return) gets a
// leading apostrophe, so that opening an export never runs what a record holds.
func writeCSV(w http.ResponseWriter, rows []Row) {
	cw := csv.NewWriter(w)
	cw.Write(Columns())
	for _, row := range rows {
		cells := row.columns()
		for i, c := range cells {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				cells[i] = "'" + c
			}
		}
		cw.Write(cells)
	}
	cw.Flush()
}

// recordForName reads back the stored record, enough to name its file.
func recordForName(e *store.Entry) *wipe.Record {
	var rec wipe.Record
	if json.Unmarshal(e.RecordJSON, &rec) != nil {
		rec.CertificateID = e.CertificateID
	}
	return &rec
}
