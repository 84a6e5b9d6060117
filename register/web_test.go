package register

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/register/store"
	"github.com/wipestation/wipestation/register/store/storetest"
)

const (
	adminPassword  = "correct horse battery"
	viewerPassword = "viewer staple battery"
)

// get fetches path with c and returns the status and body.
func get(t *testing.T, c *http.Client, base, path string) (int, string, http.Header) {
	t.Helper()
	resp, err := c.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func post(t *testing.T, c *http.Client, base, path string, form url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(base+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// postLogin fills in the login form as a person would: fetch it, then post it
// with its CSRF token.
func (h *harness) postLogin(t *testing.T, b *http.Client, name, password string) (int, string) {
	t.Helper()
	_, page, _ := get(t, b, h.ts.URL, "/login")
	return post(t, b, h.ts.URL, "/login", url.Values{"csrf": {csrfOf(t, page)}, "user": {name}, "password": {password}})
}

// logIn returns a browser logged in as name.
func (h *harness) logIn(t *testing.T, name, password string) *http.Client {
	t.Helper()
	b := h.browser(t)
	if status, body := h.postLogin(t, b, name, password); status != http.StatusSeeOther {
		t.Fatalf("log in as %s: HTTP %d %s", name, status, body)
	}
	return b
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF token in the page")
	}
	return m[1]
}

func TestNothingIsReadableWithoutASession(t *testing.T) {
	h := newHarness(t, "sqlite", nil, Workstations{})
	b := h.browser(t)
	for _, path := range []string{"/", "/search", "/search?serial=x", "/search/charts.svg", "/history?serial=x", "/certificates/WS-1", "/certificates/WS-1/pdf",
		"/conflicts", "/users", "/workstations"} {
		status, body, hdr := get(t, b, h.ts.URL, path)
		if status != http.StatusSeeOther || (path != "/" && hdr.Get("Location") != "/login") {
			t.Errorf("GET %s without a session: HTTP %d to %q", path, status, hdr.Get("Location"))
		}
		if strings.Contains(body, "<table") {
			t.Errorf("GET %s without a session shows a table", path)
		}
	}
	for _, path := range []string{"/api/v1/certificates", "/api/v1/certificates?format=csv", "/api/v1/certificates/WS-1/pdf",
		"/api/v1/certificates/WS-1", "/api/v1/certificates/WS-1/verify", "/api/v1/counts"} {
		if status, _, _ := get(t, b, h.ts.URL, path); status != http.StatusUnauthorized {
			t.Errorf("GET %s without a session: HTTP %d, want 401", path, status)
		}
	}
	for _, path := range []string{"/users", "/users/root/role", "/users/root/disable", "/users/root/enable", "/workstations",
		"/certificates/WS-1/verify", "/logout"} {
		if status, _ := post(t, b, h.ts.URL, path, url.Values{"name": {"eve"}, "role": {"administrator"}, "password": {"xxxxxxxxxxxxxxxx"}}); status != http.StatusSeeOther {
			t.Errorf("POST %s without a session: HTTP %d", path, status)
		}
	}
	if ws, err := h.store.Workstations(ctx); err != nil || len(ws) != 0 {
		t.Errorf("workstations after POSTs without a session: %v %v", ws, err)
	}
	if _, err := h.store.User(ctx, "eve"); err == nil {
		t.Error("an account was made without a session")
	}
	// A made-up session cookie is no session.
	u, _ := url.Parse(h.ts.URL)
	b.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: "forged", Path: "/", Secure: true}})
	if status, _, _ := get(t, b, h.ts.URL, "/search"); status != http.StatusSeeOther {
		t.Errorf("forged session cookie: HTTP %d", status)
	}
}

func TestRolesAndCSRF(t *testing.T) {
	h := newHarness(t, "sqlite", nil, Workstations{})
	h.addUser(t, "root", store.Administrator, adminPassword)
	h.addUser(t, "val", store.Viewer, viewerPassword)

	viewer := h.logIn(t, "val", viewerPassword)
	status, page, _ := get(t, viewer, h.ts.URL, "/search")
	if status != http.StatusOK {
		t.Fatalf("viewer's search page: HTTP %d", status)
	}
	for _, path := range []string{"/users", "/conflicts"} {
		if status, _, _ := get(t, viewer, h.ts.URL, path); status != http.StatusForbidden {
			t.Errorf("viewer GET %s: HTTP %d, want 403", path, status)
		}
	}
	if status, _ := post(t, viewer, h.ts.URL, "/users", url.Values{"csrf": {csrfOf(t, page)}, "name": {"eve"}, "role": {"administrator"}, "password": {"eve's long password"}}); status != http.StatusForbidden {
		t.Errorf("viewer adds a user: HTTP %d, want 403", status)
	}

	admin := h.logIn(t, "root", adminPassword)
	_, page, _ = get(t, admin, h.ts.URL, "/users")
	form := url.Values{"name": {"mia"}, "role": {"manager"}, "password": {"mia's long password"}}
	if status, _ := post(t, admin, h.ts.URL, "/users", form); status != http.StatusForbidden {
		t.Errorf("add a user without the CSRF token: HTTP %d, want 403", status)
	}
	form.Set("csrf", csrfOf(t, page)+"x")
	if status, _ := post(t, admin, h.ts.URL, "/users", form); status != http.StatusForbidden {
		t.Errorf("add a user with a wrong CSRF token: HTTP %d, want 403", status)
	}
	if _, err := h.store.User(ctx, "mia"); err == nil {
		t.Fatal("an account was made without the right CSRF token")
	}
	form.Set("csrf", csrfOf(t, page))
	if status, body := post(t, admin, h.ts.URL, "/users", form); status != http.StatusSeeOther {
		t.Fatalf("administrator adds a manager: HTTP %d %s", status, body)
	}
	if u, err := h.store.User(ctx, "mia"); err != nil || u.Role != store.Manager || !checkPassword(u.PasswordHash, "mia's long password") {
		t.Errorf("the new account: %+v, %v", u, err)
	}
	form.Set("name", "shorty")
	form.Set("password", "short")
	if status, _ := post(t, admin, h.ts.URL, "/users", form); status != http.StatusUnprocessableEntity {
		t.Errorf("a short password: HTTP %d, want 422", status)
	}

	// Logging out ends the session on the server, not only in the browser.
	_, page, _ = get(t, admin, h.ts.URL, "/search")
	u, _ := url.Parse(h.ts.URL)
	cookies := admin.Jar.Cookies(u)
	if status, _ := post(t, admin, h.ts.URL, "/logout", url.Values{"csrf": {csrfOf(t, page)}}); status != http.StatusSeeOther {
		t.Fatalf("log out: HTTP %d", status)
	}
	stale := h.browser(t)
	stale.Jar.SetCookies(u, cookies)
	if status, _, _ := get(t, stale, h.ts.URL, "/users"); status != http.StatusSeeOther {
		t.Errorf("the session cookie after logging out: HTTP %d, want a redirect to log in", status)
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	h := newHarness(t, "sqlite", nil, Workstations{})
	h.addUser(t, "val", store.Viewer, viewerPassword)
	b := h.browser(t)
	_, page, _ := get(t, b, h.ts.URL, "/login")
	resp, err := b.PostForm(h.ts.URL+"/login", url.Values{"csrf": {csrfOf(t, page)}, "user": {"val"}, "password": {viewerPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookies := resp.Cookies()
	if len(cookies) != 1 {
		t.Fatalf("cookies %v", cookies)
	}
	c := cookies[0]
	if c.Name != sessionCookie || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Domain != "" {
		t.Errorf("session cookie %+v", c)
	}
	if ss, err := h.store.Session(ctx, c.Value, testNow); err == nil {
		t.Errorf("the token itself is stored: %+v", ss)
	}
}

func TestLoginRateLimit(t *testing.T) {
	h := newHarness(t, "sqlite", nil, Workstations{})
	h.addUser(t, "val", store.Viewer, viewerPassword)
	b := h.browser(t)
	for i := range loginFailures {
		if status, _ := h.postLogin(t, b, "val", "guess"); status != http.StatusUnauthorized {
			t.Fatalf("wrong password #%d: HTTP %d", i+1, status)
		}
	}
	if status, _ := h.postLogin(t, b, "val", viewerPassword); status != http.StatusTooManyRequests {
		t.Errorf("right password after %d failures: HTTP %d, want 429", loginFailures, status)
	}
	// Basic credentials on the API count against the same limit.
	req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/api/v1/certificates", nil)
	req.SetBasicAuth("val", viewerPassword)
	if resp, err := b.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("API while limited: %v %v", resp.StatusCode, err)
	}
	h.now = h.now.Add(loginWindow)
	if status, _ := h.postLogin(t, b, "val", viewerPassword); status != http.StatusSeeOther {
		t.Errorf("right password after the window: HTTP %d, want a redirect", status)
	}
}

func TestSearchHistoryAndExport(t *testing.T) {
	fonts := testFonts(t)
	desk1, desk2 := selfSignedKey(t, "desk-1"), selfSignedKey(t, "desk-2")
	first, second := testNow.Add(-48*time.Hour), testNow.Add(-time.Hour)
	pdfs := [][]byte{
		issue(t, fonts, desk1, jobRecord("WS-20261124-DDDD0001", "SER-777", "desk-1", first), first),
		issue(t, fonts, desk2, jobRecord("WS-20261126-DDDD0002", "SER-777", "desk-2", second), second), // the same medium again
		issue(t, fonts, desk2, jobRecord("WS-20261126-DDDD0003", "=HYPERLINK(\"x\")", "desk-2", second), second),
	}
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			h := newHarness(t, kind, fonts, Workstations{Trusted: []string{desk1.Fingerprint(), desk2.Fingerprint()}})
			for i, pdf := range pdfs {
				key := desk2
				if i == 0 {
					key = desk1
				}
				if _, err := h.client(key).Push(ctx, pdf); err != nil {
					t.Fatal(err)
				}
			}
			h.addUser(t, "val", store.Viewer, viewerPassword)
			b := h.logIn(t, "val", viewerPassword)

			_, page, _ := get(t, b, h.ts.URL, "/search?serial=SER-777")
			// The page's export links export this search.
			for _, id := range []string{"export-csv", "export-json"} {
				m := regexp.MustCompile(`id="` + id + `" href="([^"]+)"`).FindStringSubmatch(page)
				if m == nil {
					t.Fatalf("no %s link", id)
				}
				_, body, _ := get(t, b, h.ts.URL, html.UnescapeString(m[1]))
				if !strings.Contains(body, "DDDD0001") || strings.Contains(body, "DDDD0003") {
					t.Errorf("%s %s does not export the search:\n%s", id, m[1], body)
				}
			}
			if !strings.Contains(page, "WS-20261124-DDDD0001") || !strings.Contains(page, "WS-20261126-DDDD0002") || strings.Contains(page, "DDDD0003") {
				t.Errorf("search by serial shows the wrong certificates:\n%s", page)
			}
			_, page, _ = get(t, b, h.ts.URL, "/history?serial=SER-777")
			if i, j := strings.Index(page, "DDDD0002"), strings.Index(page, "DDDD0001"); i < 0 || j < 0 || i > j {
				t.Errorf("history: both jobs, newest first:\n%s", page)
			}
			_, page, _ = get(t, b, h.ts.URL, "/search?workstation=desk-1&from=2026-11-24&to=2026-11-24&class=Purge&result=erased")
			if !strings.Contains(page, "DDDD0001") || strings.Contains(page, "DDDD0002") {
				t.Errorf("search by workstation, date, class and result:\n%s", page)
			}

			status, body, hdr := get(t, b, h.ts.URL, "/api/v1/certificates?format=csv&serial=SER-777")
			if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") {
				t.Fatalf("CSV export: HTTP %d %s", status, hdr.Get("Content-Type"))
			}
			records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
			if err != nil || len(records) != 3 || strings.Join(records[0], ",") != strings.Join(Columns(), ",") {
				t.Fatalf("CSV export: %v\n%s", err, body)
			}
			if records[1][0] != "WS-20261126-DDDD0002" || records[1][3] != "SER-777" || records[1][13] != verifiedOnReceipt {
				t.Errorf("CSV row %v", records[1])
			}
			_, body, _ = get(t, b, h.ts.URL, "/api/v1/certificates?format=csv&serial=HYPERLINK")
			if !strings.Contains(body, `'=HYPERLINK`) {
				t.Errorf("a formula in a CSV cell is not defused:\n%s", body)
			}

			_, body, _ = get(t, b, h.ts.URL, "/api/v1/certificates?operator=alex&limit=2")
			var rows []Row
			if err := json.Unmarshal([]byte(body), &rows); err != nil || len(rows) != 2 || rows[0].Serial == "" || rows[0].PDFSHA256 == "" {
				t.Errorf("JSON export: %v %s", err, body)
			}

			status, body, hdr = get(t, b, h.ts.URL, "/certificates/WS-20261124-DDDD0001/pdf?download=1")
			if status != http.StatusOK || hdr.Get("Content-Type") != "application/pdf" || body != string(pdfs[0]) ||
				!strings.HasPrefix(hdr.Get("Content-Disposition"), "attachment;") {
				t.Errorf("download: HTTP %d %s, %d bytes", status, hdr.Get("Content-Type"), len(body))
			}
			if status, _, _ := get(t, b, h.ts.URL, "/search?from=yesterday"); status != http.StatusBadRequest {
				t.Errorf("a bad date: HTTP %d, want 400", status)
			}
		})
	}
}

// Every search field takes SQL and HTML as plain text: no error, no match, the
// register intact, and the text shown escaped.
func TestInjectionInSearchFieldsIsHarmless(t *testing.T) {
	fonts := testFonts(t)
	desk := selfSignedKey(t, "desk-1")
	pdf := issue(t, fonts, desk, jobRecord("WS-20261126-EEEE0001", "SER-1", "desk-1", testNow.Add(-time.Hour)), testNow.Add(-time.Hour))
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			h := newHarness(t, kind, fonts, Workstations{Trusted: []string{desk.Fingerprint()}})
			if _, err := h.client(desk).Push(ctx, pdf); err != nil {
				t.Fatal(err)
			}
			h.addUser(t, "val", store.Viewer, viewerPassword)
			b := h.logIn(t, "val", viewerPassword)
			payloads := []string{
				`' OR '1'='1`, `'; DROP TABLE certificates; --`, `" OR 1=1 --`, `%`, `_`, `\`,
				`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`,
			}
			for _, field := range []string{"serial", "asset_tag", "model", "operator", "workstation", "result", "class"} {
				for _, p := range payloads {
					status, page, _ := get(t, b, h.ts.URL, "/search?"+url.Values{field: {p}}.Encode())
					if status != http.StatusOK {
						t.Errorf("%s=%q: HTTP %d", field, p, status)
					}
					if strings.Contains(page, "WS-20261126-EEEE0001") {
						t.Errorf("%s=%q matched the certificate", field, p)
					}
					if strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") {
						t.Errorf("%s=%q reached the page unescaped", field, p)
					}
				}
			}
			// The API and the charts take the same fields alike.
			for _, field := range []string{"serial", "asset_tag", "model", "operator", "workstation", "result", "class"} {
				for _, p := range payloads {
					q := url.Values{field: {p}}.Encode()
					if status, body, _ := get(t, b, h.ts.URL, "/api/v1/certificates?"+q); status != http.StatusOK || strings.TrimSpace(body) != "[]" {
						t.Errorf("API %s=%q: HTTP %d %s", field, p, status, body)
					}
					if status, body, _ := get(t, b, h.ts.URL, "/api/v1/certificates?format=csv&"+q); status != http.StatusOK || strings.Count(body, "\n") != 1 {
						t.Errorf("CSV %s=%q: HTTP %d %s", field, p, status, body)
					}
					if status, body, _ := get(t, b, h.ts.URL, "/api/v1/counts?"+q); status != http.StatusOK || !strings.Contains(body, `"total":0`) {
						t.Errorf("counts %s=%q: HTTP %d %s", field, p, status, body)
					}
				}
			}
			// Dates and the limit are parsed, never passed on: a bad one is a 400.
			for _, field := range []string{"from", "to", "limit"} {
				for _, p := range payloads {
					for _, path := range []string{"/search?", "/search/charts.svg?", "/api/v1/certificates?", "/api/v1/counts?"} {
						status, page, _ := get(t, b, h.ts.URL, path+url.Values{field: {p}}.Encode())
						if status != http.StatusBadRequest || strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") {
							t.Errorf("%s%s=%q: HTTP %d", path, field, p, status)
						}
					}
				}
			}
			_, page, _ := get(t, b, h.ts.URL, "/history?serial="+url.QueryEscape(`<script>alert(1)</script>`))
			if strings.Contains(page, "<script>alert") {
				t.Error("the history page shows a serial unescaped")
			}
			if status, page, _ := get(t, b, h.ts.URL, "/certificates/"+url.PathEscape(`<script>alert(1)</script>`)); status != http.StatusNotFound || strings.Contains(page, "<script>alert") {
				t.Errorf("a certificate ID with HTML: HTTP %d", status)
			}
			if all, err := h.store.Search(ctx, store.Query{}); err != nil || len(all) != 1 {
				t.Errorf("after the injections: %d certificates, %v", len(all), err)
			}
		})
	}
}

func TestPasswordHash(t *testing.T) {
	hash, err := HashPassword("a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=65536,t=3,p=4$") {
		t.Errorf("hash %s: not argon2id with the documented cost", hash)
	}
	hash, _ = hashPassword("a long enough password", cheapArgon)
	if other, _ := hashPassword("a long enough password", cheapArgon); other == hash {
		t.Error("two hashes of one password are equal: no salt")
	}
	for _, tt := range []struct {
		hash, password string
		want           bool
	}{
		{hash, "a long enough password", true},
		{hash, "a long enough passwore", false},
		{hash, "", false},
		{strings.Replace(hash, "argon2id", "argon2i", 1), "a long enough password", false},
		{"plain text", "plain text", false},
		{"", "", false},
	} {
		if got := checkPassword(tt.hash, tt.password); got != tt.want {
			t.Errorf("checkPassword(%q, %q) = %v", tt.hash, tt.password, got)
		}
	}
}

// Password checks wait for a free slot: with every slot taken, a login waits
// (here until its request gives up) instead of hashing alongside.
func TestPasswordChecksAreBounded(t *testing.T) {
	h := newHarness(t, "sqlite", nil, Workstations{})
	h.addUser(t, "val", store.Viewer, viewerPassword)
	limiter := h.srv.loginLimit()
	for range hashSlots {
		limiter.slots <- struct{}{}
	}
	req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/api/v1/certificates", nil)
	req.SetBasicAuth("val", viewerPassword)
	tctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if resp, err := h.ts.Client().Do(req.WithContext(tctx)); err == nil {
		resp.Body.Close()
		t.Fatalf("a login ran with every slot taken: HTTP %d", resp.StatusCode)
	}
	for range hashSlots {
		<-limiter.slots
	}
	resp, err := h.ts.Client().Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("with free slots: %v %v", resp, err)
	}
	resp.Body.Close()
}

// A login form posted from elsewhere (no token, or a token without its
// cookie) logs nobody in, even with the right password.
func TestLoginNeedsItsFormsToken(t *testing.T) {
	h := newHarness(t, "sqlite", nil, Workstations{})
	h.addUser(t, "val", store.Viewer, viewerPassword)
	b := h.browser(t)
	_, page, _ := get(t, b, h.ts.URL, "/login")
	token := csrfOf(t, page)
	for _, tt := range []struct {
		name   string
		client *http.Client
		form   url.Values
	}{
		{"no token", b, url.Values{"user": {"val"}, "password": {viewerPassword}}},
		{"wrong token", b, url.Values{"csrf": {token + "x"}, "user": {"val"}, "password": {viewerPassword}}},
		{"token without its cookie", h.browser(t), url.Values{"csrf": {token}, "user": {"val"}, "password": {viewerPassword}}},
	} {
		if status, _ := post(t, tt.client, h.ts.URL, "/login", tt.form); status != http.StatusForbidden {
			t.Errorf("%s: HTTP %d, want 403", tt.name, status)
		}
		if status, _, _ := get(t, tt.client, h.ts.URL, "/search"); status != http.StatusSeeOther {
			t.Errorf("%s: logged in (HTTP %d)", tt.name, status)
		}
	}
}
