package register

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// The web view's languages: English, and Traditional Chinese as the
// certificates write it (certificate.LangTraditionalChinese).
var languages = []string{certificate.LangEnglish, certificate.LangTraditionalChinese}

// langCookie keeps the language a person chose with the switch in the page
// header; without it Accept-Language decides. It says nothing secret, but
// __Host- keeps other hosts from setting it.
const langCookie = "__Host-wipestation-lang"

// lang is one language of the pages: its code and its catalogue.
type lang struct {
	Code string
	msgs map[string]string
}

func langFor(code string) lang {
	if m, ok := catalogues[code]; ok {
		return lang{Code: code, msgs: m}
	}
	return lang{Code: certificate.LangEnglish, msgs: catalogues[certificate.LangEnglish]}
}

// T is the page string key in this language. A key missing from the
// catalogue shows as itself (TestCataloguesAreComplete keeps that from
// happening).
func (l lang) T(key string) string {
	if s, ok := l.msgs[key]; ok {
		return s
	}
	return key
}

// Tf is T with fmt verbs filled in.
func (l lang) Tf(key string, args ...any) string { return fmt.Sprintf(l.T(key), args...) }

// Status is a record status in this language, as certificates name it.
func (l lang) Status(st string) string { return certificate.StatusWord(l.Code, wipe.Status(st)) }

// Word is a NIST class (or other record vocabulary) as certificates print it.
func (l lang) Word(v string) string { return certificate.Word(l.Code, v) }

// VerifyMode is a record's verification mode as certificates name it.
func (l lang) VerifyMode(mode string) string { return certificate.VerifyModeWord(l.Code, mode) }

// Msg is a record's message (a reason, an exception) in this language, from the
// catalogue the certificates use.
func (l lang) Msg(m msg.Message) string { return m.In(l.Code) }

// langOf is the request's language: the cookie, else the best of
// Accept-Language that the pages have, else English.
func langOf(r *http.Request) lang {
	if c, err := r.Cookie(langCookie); err == nil && slices.Contains(languages, c.Value) {
		return langFor(c.Value)
	}
	return langFor(negotiate(r.Header.Get("Accept-Language")))
}

// negotiate picks a page language from an Accept-Language header (RFC 9110
// 12.5.4): the highest-weighted tag we have, the first of equals. Chinese
// tags for Traditional script or its regions (zh-TW, zh-Hant, zh-HK, zh-MO)
// get Traditional Chinese; Simplified Chinese gets English, which its readers
// are likelier to want than the other script.
func negotiate(header string) string {
	best, bestQ := certificate.LangEnglish, 0.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		code := ""
		switch t := strings.ToLower(tag); {
		case t == "en" || strings.HasPrefix(t, "en-"):
			code = certificate.LangEnglish
		case t == "zh-tw" || t == "zh-hk" || t == "zh-mo" || strings.HasPrefix(t, "zh-hant"):
			code = certificate.LangTraditionalChinese
		}
		if code != "" && q > bestQ {
			best, bestQ = code, q
		}
	}
	return best
}

// handleLang sets the language cookie and goes back to the page the switch
// was on (a path on this register only, never another site).
func (s *Server) handleLang(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("to")
	if !slices.Contains(languages, code) {
		http.Error(w, fmt.Sprintf("language %q: want one of %v", code, languages), http.StatusBadRequest)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: code, Path: "/", MaxAge: 365 * 24 * 3600,
		Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, localPath(r.URL.Query().Get("back")), http.StatusSeeOther)
}

// localPath is back when it is a path on this site, else /search.
func localPath(back string) string {
	u, err := url.Parse(back)
	if err != nil || back == "" || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") ||
		strings.HasPrefix(back, "//") || strings.ContainsAny(back, "\\\r\n") {
		return "/search"
	}
	return back
}
