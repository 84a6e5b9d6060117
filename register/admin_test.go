package register

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/register/store"
	"github.com/wipestation/wipestation/register/store/storetest"
)

const managerPassword = "manager staple battery"

// An administrator changes roles and disables accounts from the web view; a
// disabled account's session ends and it cannot log in; nobody else may do
// any of it, and an administrator cannot lock themselves out.
func TestUserManagement(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			h := newHarness(t, kind, nil, Workstations{})
			h.addUser(t, "root", store.Administrator, adminPassword)
			h.addUser(t, "val", store.Viewer, viewerPassword)
			h.addUser(t, "mia", store.Manager, managerPassword)
			val := h.logIn(t, "val", viewerPassword)
			mia := h.logIn(t, "mia", managerPassword)
			admin := h.logIn(t, "root", adminPassword)

			// Neither a viewer nor a manager may, even with their own CSRF token.
			for _, c := range []*http.Client{val, mia} {
				_, page, _ := get(t, c, h.ts.URL, "/search")
				form := url.Values{"csrf": {csrfOf(t, page)}, "role": {"administrator"}}
				for _, path := range []string{"/users/val/role", "/users/mia/role", "/users/root/disable", "/users/val/enable"} {
					if status, _ := post(t, c, h.ts.URL, path, form); status != http.StatusForbidden {
						t.Errorf("non-administrator POST %s: HTTP %d, want 403", path, status)
					}
				}
				if status, _, _ := get(t, c, h.ts.URL, "/users"); status != http.StatusForbidden {
					t.Errorf("non-administrator GET /users: HTTP %d", status)
				}
			}
			if u, _ := h.store.User(ctx, "val"); u.Role != store.Viewer {
				t.Fatalf("a viewer changed a role: %+v", u)
			}

			_, page, _ := get(t, admin, h.ts.URL, "/users")
			csrf := csrfOf(t, page)
			if status, _ := post(t, admin, h.ts.URL, "/users/val/role", url.Values{"role": {"manager"}}); status != http.StatusForbidden {
				t.Errorf("a role change without the CSRF token: HTTP %d", status)
			}
			if status, _ := post(t, admin, h.ts.URL, "/users/val/role", url.Values{"csrf": {csrf}, "role": {"manager"}}); status != http.StatusSeeOther {
				t.Errorf("make val a manager: HTTP %d", status)
			}
			if u, _ := h.store.User(ctx, "val"); u.Role != store.Manager {
				t.Errorf("val's role: %s", u.Role)
			}
			if status, _ := post(t, admin, h.ts.URL, "/users/val/role", url.Values{"csrf": {csrf}, "role": {"god"}}); status != http.StatusUnprocessableEntity {
				t.Errorf("an unknown role: HTTP %d", status)
			}
			if status, _ := post(t, admin, h.ts.URL, "/users/nobody/role", url.Values{"csrf": {csrf}, "role": {"viewer"}}); status != http.StatusNotFound {
				t.Errorf("a missing user's role: HTTP %d", status)
			}
			for _, path := range []string{"/users/root/role", "/users/root/disable"} {
				if status, _ := post(t, admin, h.ts.URL, path, url.Values{"csrf": {csrf}, "role": {"viewer"}}); status != http.StatusUnprocessableEntity {
					t.Errorf("the administrator locks themselves out with %s: HTTP %d", path, status)
				}
			}
			if u, _ := h.store.User(ctx, "root"); u.Role != store.Administrator || u.Disabled {
				t.Errorf("root after trying to lock themselves out: %+v", u)
			}

			if status, _ := post(t, admin, h.ts.URL, "/users/mia/disable", url.Values{"csrf": {csrf}}); status != http.StatusSeeOther {
				t.Fatalf("disable mia: HTTP %d", status)
			}
			if status, _, _ := get(t, mia, h.ts.URL, "/search"); status != http.StatusSeeOther {
				t.Errorf("a disabled account's session still works: HTTP %d", status)
			}
			if status, body := h.postLogin(t, h.browser(t), "mia", managerPassword); status == http.StatusSeeOther || !strings.Contains(body, "disabled") {
				t.Errorf("a disabled account logs in: HTTP %d", status)
			}
			req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/api/v1/certificates", nil)
			req.SetBasicAuth("mia", managerPassword)
			if resp, err := h.ts.Client().Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("a disabled account on the API: %v %v", resp.StatusCode, err)
			}
			_, page, _ = get(t, admin, h.ts.URL, "/users")
			if !strings.Contains(page, `action="/users/mia/enable"`) {
				t.Error("the accounts page does not show mia disabled")
			}
			if status, _ := post(t, admin, h.ts.URL, "/users/mia/enable", url.Values{"csrf": {csrf}}); status != http.StatusSeeOther {
				t.Fatalf("enable mia: HTTP %d", status)
			}
			h.logIn(t, "mia", managerPassword)
		})
	}
}

var tokenField = regexp.MustCompile(`<p class="token" id="token">([^<]+)</p>`)

// An administrator makes a one-time token; the workstation enrols its key
// with it and may push from then on; the token works once, for one key;
// nobody else may make tokens.
func TestWorkstationEnrolment(t *testing.T) {
	fonts := testFonts(t)
	newDesk, other := selfSignedKey(t, "desk-9"), selfSignedKey(t, "desk-10")
	at := testNow.Add(-time.Hour)
	pdf := issue(t, fonts, newDesk, jobRecord("WS-20261126-CCCC0001", "SER-E1", "desk-9", at), at)
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			h := newHarness(t, kind, fonts, Workstations{})
			h.addUser(t, "root", store.Administrator, adminPassword)
			h.addUser(t, "mia", store.Manager, managerPassword)
			if _, err := h.client(newDesk).Push(ctx, pdf); err == nil {
				t.Fatal("an unenrolled workstation pushed")
			}

			mia := h.logIn(t, "mia", managerPassword)
			_, page, _ := get(t, mia, h.ts.URL, "/search")
			if status, _ := post(t, mia, h.ts.URL, "/workstations", url.Values{"csrf": {csrfOf(t, page)}, "name": {"desk-9"}}); status != http.StatusForbidden {
				t.Errorf("a manager makes an enrolment token: HTTP %d", status)
			}

			admin := h.logIn(t, "root", adminPassword)
			_, page, _ = get(t, admin, h.ts.URL, "/workstations")
			csrf := csrfOf(t, page)
			if status, _ := post(t, admin, h.ts.URL, "/workstations", url.Values{"name": {"desk-9"}}); status != http.StatusForbidden {
				t.Errorf("a token without the CSRF token: HTTP %d", status)
			}
			for _, bad := range []url.Values{{"name": {"<b>"}}, {"name": {"desk-9"}, "hours": {"0"}}, {"name": {"desk-9"}, "hours": {"100000"}}} {
				bad.Set("csrf", csrf)
				if status, _ := post(t, admin, h.ts.URL, "/workstations", bad); status != http.StatusUnprocessableEntity {
					t.Errorf("token form %v: HTTP %d, want 422", bad, status)
				}
			}
			status, page := post(t, admin, h.ts.URL, "/workstations", url.Values{"csrf": {csrf}, "name": {"desk-9"}, "hours": {"2"}})
			m := tokenField.FindStringSubmatch(page)
			if status != http.StatusCreated || m == nil {
				t.Fatalf("make a token: HTTP %d\n%s", status, page)
			}
			token := m[1]
			_, page, _ = get(t, admin, h.ts.URL, "/workstations")
			if strings.Contains(page, token) {
				t.Error("the token is shown again")
			}

			if _, err := h.client(newDesk).Enrol(ctx, token+"x"); err == nil {
				t.Error("a wrong token enrolled")
			}
			res, err := h.client(newDesk).Enrol(ctx, token)
			if err != nil || res.Workstation != "desk-9" || res.KeyFingerprint != newDesk.Fingerprint() {
				t.Fatalf("enrol: %+v, %v", res, err)
			}
			if _, err := h.client(other).Enrol(ctx, token); err == nil || !strings.Contains(err.Error(), "403") {
				t.Errorf("the token used again by another key: %v", err)
			}
			if _, err := h.client(newDesk).Push(ctx, pdf); err != nil {
				t.Fatalf("the enrolled workstation pushes: %v", err)
			}
			req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/api/v1/certificates/WS-20261126-CCCC0001", nil)
			req.SetBasicAuth("root", adminPassword)
			resp, err := h.ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			_, page, _ = get(t, admin, h.ts.URL, "/certificates/WS-20261126-CCCC0001")
			if !strings.Contains(page, "enrolled key") {
				t.Error("the certificate does not say its key was enrolled")
			}
			_, page, _ = get(t, admin, h.ts.URL, "/workstations")
			if !strings.Contains(page, newDesk.Fingerprint()) || strings.Contains(page, other.Fingerprint()) {
				t.Error("the workstations page does not list exactly the enrolled key")
			}
			// The other key is still refused.
			otherPDF := issue(t, fonts, other, jobRecord("WS-20261126-CCCC0002", "SER-E2", "desk-10", at), at)
			if _, err := h.client(other).Push(ctx, otherPDF); err == nil {
				t.Error("a key that did not enrol pushed")
			}
		})
	}
}

// An enrolment must be signed by the key it enrols.
func TestEnrolmentNeedsASignedRequest(t *testing.T) {
	h := newHarness(t, "sqlite", nil, Workstations{})
	resp, err := h.ts.Client().Post(h.ts.URL+"/api/v1/enrol", "application/json", strings.NewReader(`{"token":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("an unsigned enrolment: HTTP %d", resp.StatusCode)
	}
}
