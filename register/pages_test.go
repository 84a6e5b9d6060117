package register

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/register/store"
	"github.com/wipestation/wipestation/register/store/storetest"
	"github.com/wipestation/wipestation/wipe"
)

// apiRow reads one certificate's row from the JSON API.
func apiRow(t *testing.T, c *http.Client, base, path string) Row {
	t.Helper()
	status, body, _ := get(t, c, base, path)
	var row Row
	if status != http.StatusOK || json.Unmarshal([]byte(body), &row) != nil {
		t.Fatalf("GET %s: HTTP %d %s", path, status, body)
	}
	return row
}

// Every row says how the register verified it: on receipt (with why the key
// was trusted), and again on demand with the keys trusted now.
func TestVerificationStateAndCertificatePage(t *testing.T) {
	fonts := testFonts(t)
	desk := selfSignedKey(t, "desk-1")
	ca, roots := orgCA(t)
	orgDesk := enrolledKey(t, ca, roots, "desk-2")
	at := testNow.Add(-time.Hour)
	listedPDF := issue(t, fonts, desk, jobRecord("WS-20261126-AAAA0001", "SER-V1", "desk-1", at), at)
	caPDF := issue(t, fonts, orgDesk, jobRecord("WS-20261126-AAAA0002", "SER-V2", "desk-2", at), at)
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			h := newHarness(t, kind, fonts, Workstations{Trusted: []string{desk.Fingerprint()}, Roots: roots})
			for _, p := range []struct {
				key *certificate.Key
				pdf []byte
			}{{desk, listedPDF}, {orgDesk, caPDF}} {
				if _, err := h.client(p.key).Push(ctx, p.pdf); err != nil {
					t.Fatal(err)
				}
			}
			h.addUser(t, "val", store.Viewer, viewerPassword)
			b := h.logIn(t, "val", viewerPassword)

			row := apiRow(t, b, h.ts.URL, "/api/v1/certificates/WS-20261126-AAAA0001")
			if row.Verification != verifiedOnReceipt || row.Trust != string(store.TrustListed) || row.Signer != desk.Fingerprint() ||
				row.RecordSHA256 == "" || row.Checked != "" {
				t.Errorf("listed key's row: %+v", row)
			}
			if row := apiRow(t, b, h.ts.URL, "/api/v1/certificates/WS-20261126-AAAA0002"); row.Trust != string(store.TrustCA) {
				t.Errorf("org CA's row: trust %q", row.Trust)
			}

			status, page, hdr := get(t, b, h.ts.URL, "/certificates/WS-20261126-AAAA0001")
			if status != http.StatusOK {
				t.Fatalf("certificate page: HTTP %d", status)
			}
			for _, want := range []string{`<object class="pdf" data="/certificates/WS-20261126-AAAA0001/pdf" type="application/pdf">`,
				`href="/certificates/WS-20261126-AAAA0001/pdf?download=1"`, "SER-V1", desk.Fingerprint(), row.RecordSHA256,
				"verified on receipt", "listed key", "Samsung SSD 980 PRO 1TB", "nvme-sanitize-crypto", "External Reuse"} {
				if !strings.Contains(page, want) {
					t.Errorf("the certificate page lacks %q", want)
				}
			}
			if csp := hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "object-src 'self'") || strings.Contains(csp, "script-src") {
				t.Errorf("certificate page CSP %q", csp)
			}
			status, body, hdr := get(t, b, h.ts.URL, "/certificates/WS-20261126-AAAA0001/pdf")
			if status != http.StatusOK || hdr.Get("Content-Type") != "application/pdf" || body != string(listedPDF) ||
				!strings.HasPrefix(hdr.Get("Content-Disposition"), "inline;") || hdr.Get("Content-Security-Policy") != pdfPolicy {
				t.Errorf("the PDF for the page: HTTP %d %v", status, hdr)
			}

			// Verified again from the page (a form with the CSRF token).
			if status, _ := post(t, b, h.ts.URL, "/certificates/WS-20261126-AAAA0001/verify", url.Values{"csrf": {csrfOf(t, page)}}); status != http.StatusSeeOther {
				t.Fatalf("verify again: HTTP %d", status)
			}
			if row := apiRow(t, b, h.ts.URL, "/api/v1/certificates/WS-20261126-AAAA0001"); row.Verification != verifiedAgain || row.Checked == "" || row.CheckProblem != "" {
				t.Errorf("after verifying again: %+v", row)
			}
			if status, _ := post(t, b, h.ts.URL, "/certificates/WS-20261126-AAAA0001/verify", nil); status != http.StatusForbidden {
				t.Errorf("verify again without the CSRF token: HTTP %d", status)
			}

			// The organization no longer trusts its root: verified again, the
			// CA's certificate fails, and its row says so.
			h.srv.Verifier = &certificate.Verifier{Trusted: []string{desk.Fingerprint()}, Fonts: fonts}
			row = apiRow(t, b, h.ts.URL, "/api/v1/certificates/WS-20261126-AAAA0002/verify")
			if row.Verification != failedAgain || row.CheckProblem != string(certificate.ProblemForeignKey) {
				t.Errorf("verified again without its root: %+v", row)
			}
			_, page, _ = get(t, b, h.ts.URL, "/search?serial=SER-V2")
			if !strings.Contains(page, "failed verification again") || !strings.Contains(page, string(certificate.ProblemForeignKey)) {
				t.Errorf("the search row does not show the failed check:\n%s", page)
			}
			if status, _, _ := get(t, b, h.ts.URL, "/certificates/WS-none"); status != http.StatusNotFound {
				t.Errorf("a missing certificate's page: HTTP %d", status)
			}
		})
	}
}

var svgBar = regexp.MustCompile(`<rect class="bar"[^>]*><title>([^<]*)</title>`)

// The search page charts what the search matches (not only the rows shown),
// as SVG in the page.
func TestSearchCharts(t *testing.T) {
	h := newHarness(t, "sqlite", nil, Workstations{})
	day := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	put := func(id, ws, class string, finished time.Time) {
		e := &store.Entry{CertificateID: id, PDF: []byte("%PDF"), PDFSHA256: id, RecordJSON: []byte("{}"), RecordSHA256: "r", Kind: "certificate of sanitization",
			Serial: "SER-" + id, Workstation: ws, Class: class, Status: "erased", Finished: finished, Received: finished}
		if _, err := h.store.Put(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	put("A", "desk-1", "Purge", day)
	put("B", "desk-1", "Purge", day.Add(time.Hour))
	put("C", "<desk&2>", "Clear", day.Add(24*time.Hour))
	h.addUser(t, "val", store.Viewer, viewerPassword)
	b := h.logIn(t, "val", viewerPassword)
	_, page, _ := get(t, b, h.ts.URL, "/search?serial=SER&limit=1")
	if !strings.Contains(page, `<img id="charts" src="/search/charts.svg?limit=1&amp;serial=SER"`) {
		t.Errorf("the search page has no charts image:\n%s", page)
	}
	status, page, hdr := get(t, b, h.ts.URL, "/search/charts.svg?limit=1&serial=SER")
	if status != http.StatusOK || hdr.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(page, "<svg ") {
		t.Fatalf("charts: HTTP %d %s", status, hdr.Get("Content-Type"))
	}
	var bars []string
	for _, m := range svgBar.FindAllStringSubmatch(page, -1) {
		bars = append(bars, m[1])
	}
	want := "2026-11-20: 2|2026-11-21: 1|desk-1: 2|&lt;desk&amp;2&gt;: 1|Purge: 2|Clear: 1"
	if got := strings.Join(bars, "|"); got != want {
		t.Errorf("bars %q, want %q", got, want)
	}
	if !strings.Contains(page, `>3 certificates match.</text>`) {
		t.Error("the charts do not say how many match")
	}
	if strings.Contains(page, "<desk&2>") || strings.Contains(page, "<script") {
		t.Error("a workstation name reached the chart unescaped")
	}
	_, body, _ := get(t, b, h.ts.URL, "/api/v1/counts?workstation=desk-1")
	var c CountsResult
	if err := json.Unmarshal([]byte(body), &c); err != nil || c.Total != 2 || len(c.ByDay) != 1 || c.ByClass[0].Key != "Purge" {
		t.Errorf("counts API: %v %s", err, body)
	}
	_, page, _ = get(t, b, h.ts.URL, "/search?serial=nothing-matches")
	if strings.Contains(page, "charts.svg") {
		t.Error("an empty search shows charts")
	}
	if status, _, _ := get(t, b, h.ts.URL, "/search/charts.svg?from=x"); status != http.StatusBadRequest {
		t.Errorf("charts of a bad search: HTTP %d", status)
	}
}

func TestNegotiate(t *testing.T) {
	for _, tt := range []struct{ header, want string }{
		{"", "en"},
		{"zh-TW", "zh-TW"},
		{"zh-Hant-TW,zh;q=0.9,en;q=0.8", "zh-TW"},
		{"en-US,en;q=0.9,zh-TW;q=0.8", "en"},
		{"fr;q=1, zh-HK;q=0.5", "zh-TW"},
		{"zh-CN", "en"},
		{"zh-TW;q=bogus, en", "en"},
	} {
		if got := negotiate(tt.header); got != tt.want {
			t.Errorf("negotiate(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

func TestLocalPath(t *testing.T) {
	for _, tt := range []struct{ back, want string }{
		{"/search?serial=x", "/search?serial=x"},
		{"", "/search"},
		{"https://evil.example/", "/search"},
		{"//evil.example/", "/search"},
		{"/\\evil.example", "/search"},
		{"javascript:alert(1)", "/search"},
		{"search", "/search"},
	} {
		if got := localPath(tt.back); got != tt.want {
			t.Errorf("localPath(%q) = %q, want %q", tt.back, got, tt.want)
		}
	}
}

var langLink = regexp.MustCompile(`id="lang-en" lang="en" href="([^"]+)"`)

var templateKey = regexp.MustCompile(`\.(?:T|Tf) "([^"]+)"`)

// Every key is in both catalogues, every key a template or the code names is
// in them, and keys built from values cover every value.
func TestCataloguesAreComplete(t *testing.T) {
	en, zh := catalogues[certificate.LangEnglish], catalogues[certificate.LangTraditionalChinese]
	for k := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("%q is in English only", k)
		}
	}
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("%q is in Traditional Chinese only", k)
		}
	}
	for k, v := range zh {
		if v == "" {
			t.Errorf("%q is empty in Traditional Chinese", k)
		}
	}
	var used []string
	entries, err := templateFS.ReadDir("templates")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		text, _ := templateFS.ReadFile("templates/" + e.Name())
		for _, m := range templateKey.FindAllStringSubmatch(string(text), -1) {
			used = append(used, m[1])
		}
	}
	for _, v := range []string{verifiedOnReceipt, verifiedAgain, failedAgain} {
		used = append(used, "verification."+v)
	}
	for _, tr := range []store.Trust{store.TrustListed, store.TrustCA, store.TrustEnrolled, ""} {
		used = append(used, "trust."+string(tr))
	}
	for _, r := range store.Roles() {
		used = append(used, "role."+string(r))
	}
	for _, k := range []certificate.Kind{certificate.KindSanitization, certificate.KindDestruction, certificate.KindNotErased} {
		used = append(used, "kind."+string(k))
	}
	for _, l := range languages {
		used = append(used, "lang."+l)
	}
	used = append(used, "title.login", "title.search", "title.history", "title.certificate", "title.conflicts", "title.users",
		"title.workstations", "err.not_found", "err.own_account", "err.no_such_user", "err.bad_hours", "err.bad_name", "chart.more")
	if len(used) < 80 {
		t.Errorf("only %d keys found in the templates: the pattern is wrong", len(used))
	}
	for _, k := range used {
		if _, ok := en[k]; !ok {
			t.Errorf("%q is used but not in the catalogues", k)
		}
	}
}

// The pages follow Accept-Language, and the language switch overrides it;
// statuses and classes read as the certificates write them.
func TestChineseAndEnglishPages(t *testing.T) {
	fonts := testFonts(t)
	desk := selfSignedKey(t, "desk-1")
	at := testNow.Add(-time.Hour)
	h := newHarness(t, "sqlite", fonts, Workstations{Trusted: []string{desk.Fingerprint()}})
	if _, err := h.client(desk).Push(ctx, issue(t, fonts, desk, jobRecord("WS-20261126-BBBB0001", "SER-ZH", "desk-1", at), at)); err != nil {
		t.Fatal(err)
	}
	h.addUser(t, "val", store.Viewer, viewerPassword)
	b := h.logIn(t, "val", viewerPassword)
	getLang := func(path, accept string) string {
		req, _ := http.NewRequest(http.MethodGet, h.ts.URL+path, nil)
		if accept != "" {
			req.Header.Set("Accept-Language", accept)
		}
		resp, err := b.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	zhWords := []string{`<html lang="zh-TW">`, "搜尋", "序號", certificate.StatusWord("zh-TW", "erased"), certificate.Word("zh-TW", "Purge"), "收到時已查驗"}
	page := getLang("/search?serial=SER-ZH", "zh-TW,zh;q=0.9")
	for _, w := range zhWords {
		if !strings.Contains(page, w) {
			t.Errorf("Accept-Language zh-TW: the page lacks %q", w)
		}
	}
	if strings.Contains(page, ">Serial<") {
		t.Error("Accept-Language zh-TW: English labels remain")
	}
	page = getLang("/search?serial=SER-ZH", "")
	if !strings.Contains(page, `<html lang="en">`) || !strings.Contains(page, "verified on receipt") || !strings.Contains(page, ">ERASED<") {
		t.Error("without Accept-Language the page is not English")
	}
	// The switch sets a cookie that wins over Accept-Language, and goes back.
	status, _, hdr := get(t, b, h.ts.URL, "/lang?"+url.Values{"to": {"zh-TW"}, "back": {"/search?serial=SER-ZH"}}.Encode())
	if status != http.StatusSeeOther || hdr.Get("Location") != "/search?serial=SER-ZH" {
		t.Fatalf("switch: HTTP %d to %q", status, hdr.Get("Location"))
	}
	page = getLang("/search?serial=SER-ZH", "en")
	if !strings.Contains(page, `<html lang="zh-TW">`) {
		t.Error("the chosen language does not win over Accept-Language")
	}
	// The switch's link in the page leads back to the page in English.
	m := langLink.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no link to the English page")
	}
	status, _, hdr = get(t, b, h.ts.URL, html.UnescapeString(m[1]))
	if status != http.StatusSeeOther || hdr.Get("Location") != "/search?serial=SER-ZH" {
		t.Errorf("the page's link to English %s: HTTP %d to %q", m[1], status, hdr.Get("Location"))
	}
	if page := getLang("/search?serial=SER-ZH", "zh-TW"); !strings.Contains(page, `<html lang="en">`) {
		t.Error("the page's link did not switch to English")
	}
	get(t, b, h.ts.URL, "/lang?to=zh-TW")
	if page := getLang("/certificates/WS-20261126-BBBB0001", "en"); !strings.Contains(page, "下載 PDF") || !strings.Contains(page, "抽樣比對") {
		t.Error("the certificate page is not in the chosen language")
	}
	if status, _, hdr := get(t, b, h.ts.URL, "/lang?to=zh-TW&back=https://evil.example/"); status != http.StatusSeeOther || hdr.Get("Location") != "/search" {
		t.Errorf("switch to another site: HTTP %d to %q", status, hdr.Get("Location"))
	}
	if status, _, _ := get(t, b, h.ts.URL, "/lang?to=xx"); status != http.StatusBadRequest {
		t.Errorf("an unknown language: HTTP %d", status)
	}
	// The login page too, before any session.
	anon := h.browser(t)
	req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/login", nil)
	req.Header.Set("Accept-Language", "zh-TW")
	resp, err := anon.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if body, _ := io.ReadAll(resp.Body); !strings.Contains(string(body), "登入") {
		t.Error("the login page is not in Chinese for Accept-Language zh-TW")
	}
}

// A record's own values are text on every page: a certificate whose operator,
// serial, model and host hold HTML shows them escaped, in the rows, the
// certificate page, the history and the charts.
func TestRecordValuesAreEscaped(t *testing.T) {
	fonts := testFonts(t)
	desk := selfSignedKey(t, "desk-1")
	at := testNow.Add(-time.Hour)
	rec := jobRecord("WS-20261126-DDDD0009", `"><img src=x onerror=alert(1)>`, "<b>desk</b>", at)
	rec.Details.Operator.Name = "<script>alert(1)</script>"
	rec.Device.Model = "</td><script>alert(2)</script>"
	h := newHarness(t, "sqlite", fonts, Workstations{Trusted: []string{desk.Fingerprint()}})
	if _, err := h.client(desk).Push(ctx, issue(t, fonts, desk, rec, at)); err != nil {
		t.Fatal(err)
	}
	h.addUser(t, "val", store.Viewer, viewerPassword)
	b := h.logIn(t, "val", viewerPassword)
	for _, path := range []string{"/search", "/search?operator=script", "/certificates/WS-20261126-DDDD0009",
		"/history?serial=" + url.QueryEscape(rec.Device.Serial)} {
		status, page, _ := get(t, b, h.ts.URL, path)
		if status != http.StatusOK || !strings.Contains(page, "WS-20261126-DDDD0009") {
			t.Errorf("GET %s: HTTP %d, or the certificate is missing", path, status)
		}
		for _, raw := range []string{"<script>alert", "<img src=x", "<b>desk</b>", "</td><script>"} {
			if strings.Contains(page, raw) {
				t.Errorf("GET %s: %q reached the page unescaped", path, raw)
			}
		}
	}
}

func TestEveryDay(t *testing.T) {
	got := everyDay([]store.Count{{Key: "2026-11-29", N: 2}, {Key: "2026-12-02", N: 1}})
	if s := fmt.Sprint(got); s != "[{2026-11-29 2} {2026-11-30 0} {2026-12-01 0} {2026-12-02 1}]" {
		t.Errorf("everyDay: %s", s)
	}
	long := everyDay([]store.Count{{Key: "2025-01-01", N: 1}, {Key: "2026-01-01", N: 1}})
	if len(long) != chartDays || long[len(long)-1].Key != "2026-01-01" {
		t.Errorf("a year of days: %d days ending %v", len(long), long[len(long)-1])
	}
}

// TestCertificatePageSaysWhyNot: a NOT ERASED report's page gives its reason
// and every exception, in the page's language, from the record's messages.
func TestCertificatePageSaysWhyNot(t *testing.T) {
	fonts := testFonts(t)
	desk := selfSignedKey(t, "desk-1")
	at := testNow.Add(-time.Hour)
	rec := jobRecord("WS-20261126-AAAA0003", "SER-WHY", "desk-1", at)
	rec.Status, rec.Reason = wipe.StatusFailed, msg.New(msg.OutcomeRangesFailed, 2).Ptr()
	rec.Verification.Verified = false
	rec.Exceptions = []msg.Message{msg.New(msg.HiddenNotRead, 100, 120)}
	pdf := issue(t, fonts, desk, rec, at)
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			h := newHarness(t, kind, fonts, Workstations{Trusted: []string{desk.Fingerprint()}})
			if _, err := h.client(desk).Push(ctx, pdf); err != nil {
				t.Fatal(err)
			}
			h.addUser(t, "val", store.Viewer, viewerPassword)
			b := h.logIn(t, "val", viewerPassword)
			for _, lang := range []string{msg.English, msg.TraditionalChinese} {
				get(t, b, h.ts.URL, "/lang?to="+lang+"&back=/search")
				status, page, _ := get(t, b, h.ts.URL, "/certificates/WS-20261126-AAAA0003")
				if status != http.StatusOK {
					t.Fatalf("certificate page: HTTP %d", status)
				}
				for _, want := range []string{rec.Reason.In(lang), rec.Exceptions[0].In(lang)} {
					if !strings.Contains(page, html.EscapeString(want)) {
						t.Errorf("%s page lacks %q", lang, want)
					}
				}
			}
		})
	}
}
