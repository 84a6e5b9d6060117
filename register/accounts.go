package register

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/wipestation/wipestation/register/store"
)

// Argon2id parameters: RFC 9106's second recommended option (64 MiB, 3 passes),
// for machines without 2 GiB to spare per login. They are written into each
// hash, so raising them later keeps old hashes valid.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024 // KiB
	argonThreads = 4
	argonKeyLen  = 32
	argonSaltLen = 16
)

// argonParams are the cost of one hash.
type argonParams struct {
	time, memory uint32
	threads      uint8
}

// MinPasswordLength is the shortest password accepted (NIST SP 800-63B: at least 8).
const MinPasswordLength = 12

// HashPassword hashes password with argon2id into a PHC string.
func HashPassword(password string) (string, error) {
	return hashPassword(password, argonParams{argonTime, argonMemory, argonThreads})
}

func hashPassword(password string, p argonParams) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, argonKeyLen)
	b64 := base64.RawStdEncoding.EncodeToString
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memory, p.time, p.threads, b64(salt), b64(key)), nil
}

// checkPassword reports whether password matches the PHC string hash.
func checkPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m > 1<<22 || t > 100 || p == 0 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

var userName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$`)

// NewUser checks a new account's name, role and password and hashes the
// password; the caller stores it (store.Store.AddUser).
func NewUser(name string, role store.Role, password string, now time.Time) (store.User, error) {
	if !userName.MatchString(name) {
		return store.User{}, fmt.Errorf("user name %q: use 1-64 letters, digits, '.', '_', '@' or '-'", name)
	}
	if !slices.Contains(store.Roles(), role) {
		return store.User{}, fmt.Errorf("role %q: want one of %v", role, store.Roles())
	}
	if len([]rune(password)) < MinPasswordLength {
		return store.User{}, fmt.Errorf("password for %s: at least %d characters", name, MinPasswordLength)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return store.User{}, err
	}
	return store.User{Name: name, Role: role, PasswordHash: hash, Created: now}, nil
}

// rank orders the roles: each may do what the ones before it may.
func rank(r store.Role) int { return slices.Index(store.Roles(), r) }

// Session cookie: __Host- makes browsers insist on Secure, Path=/ and no
// Domain, so that no other host or plain-HTTP page can set or read it.
const (
	sessionCookie   = "__Host-wipestation-session"
	SessionLifetime = 12 * time.Hour // one working day
)

// Login rate limit: after loginFailures failed logins within loginWindow, for
// one user name or from one address, further attempts are refused until the
// window has passed since the first failure.
const (
	loginFailures = 5
	loginWindow   = 15 * time.Minute
)

// hashSlots is how many password checks run at once: each takes argonMemory,
// so a burst of logins or API calls cannot exhaust the server's memory; the
// others wait their turn.
const hashSlots = 4

type loginLimiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time // by "user:NAME" and "addr:IP"
	slots    chan struct{}          // one token per password check running
}

func (s *Server) loginLimit() *loginLimiter {
	s.limiterOnce.Do(func() {
		s.limiter = &loginLimiter{failures: map[string][]time.Time{}, slots: make(chan struct{}, hashSlots)}
	})
	return s.limiter
}

func limiterKeys(name string, r *http.Request) []string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return []string{"user:" + strings.ToLower(name), "addr:" + host}
}

// blocked reports whether any key has used up its failures within the window.
func (l *loginLimiter) blocked(keys []string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		recent := l.failures[k][:0]
		for _, t := range l.failures[k] {
			if now.Sub(t) < loginWindow {
				recent = append(recent, t)
			}
		}
		if len(recent) == 0 {
			delete(l.failures, k)
			continue
		}
		l.failures[k] = recent
		if len(recent) >= loginFailures {
			return true
		}
	}
	return false
}

func (l *loginLimiter) fail(keys []string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		l.failures[k] = append(l.failures[k], now)
	}
}

var errLoginLimited = errors.New("too many failed logins: try again later")

var errAccountDisabled = errors.New("this account is disabled: ask an administrator")

// login checks a user's password, under the rate limit.
func (s *Server) login(ctx context.Context, name, password string, r *http.Request) (*store.User, error) {
	keys := limiterKeys(name, r)
	now := s.now()
	if s.loginLimit().blocked(keys, now) {
		return nil, errLoginLimited
	}
	u, err := s.Store.User(ctx, name)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	select {
	case s.loginLimit().slots <- struct{}{}:
		defer func() { <-s.loginLimit().slots }()
	case <-ctx.Done():
		return nil, fmt.Errorf("log in: %w", ctx.Err())
	}
	ok := false
	if u != nil {
		ok = checkPassword(u.PasswordHash, password)
	} else {
		// Hash anyway, so that timing does not tell unknown names from known.
		HashPassword(password)
	}
	if !ok {
		s.loginLimit().fail(keys, now)
		s.logf("register: failed login for %q from %s", name, r.RemoteAddr)
		return nil, errors.New("wrong user name or password")
	}
	if u.Disabled {
		// Only after the password: the answer tells nothing to a guesser.
		s.logf("register: login of disabled account %q from %s", name, r.RemoteAddr)
		return nil, errAccountDisabled
	}
	return u, nil
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// startSession makes a session for u and sets its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *store.User) error {
	token := randomToken()
	expires := s.now().Add(SessionLifetime)
	if err := s.Store.AddSession(r.Context(), store.Session{TokenSHA256: tokenHash(token), User: u.Name, CSRF: randomToken(), Expires: expires}, s.now()); err != nil {
		return err
	}
	// No Expires: the browser forgets it when closed, and the server ends it
	// after SessionLifetime whatever the browser's clock says.
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/",
		Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	return nil
}

// principal is who makes a request of the web view or the search API.
type principal struct {
	user    *store.User
	session *store.Session // nil for HTTP Basic (API clients)
}

type principalKey struct{}

func principalOf(r *http.Request) principal { return r.Context().Value(principalKey{}).(principal) }

// requireRole lets through only a request with a session (or, for the API,
// HTTP Basic credentials) of a user with at least role; a form POST must
// carry the session's CSRF token.
func (s *Server) requireRole(role store.Role, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.authenticateUser(r)
		if err != nil {
			if strings.HasPrefix(r.URL.Path, "/api/") {
				w.Header().Set("WWW-Authenticate", `Basic realm="wipestation register", charset="UTF-8"`)
				http.Error(w, err.Error(), http.StatusUnauthorized)
				return
			}
			if errors.Is(err, errLoginLimited) {
				http.Error(w, err.Error(), http.StatusTooManyRequests)
				return
			}
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		if rank(p.user.Role) < rank(role) {
			http.Error(w, fmt.Sprintf("%s may not do this (needs %s)", p.user.Role, role), http.StatusForbidden)
			return
		}
		if r.Method == http.MethodPost {
			if p.session == nil || subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(p.session.CSRF)) != 1 {
				http.Error(w, "missing or wrong CSRF token: reload the page and try again", http.StatusForbidden)
				return
			}
		}
		next(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
	})
}

func (s *Server) authenticateUser(r *http.Request) (principal, error) {
	if name, password, ok := r.BasicAuth(); ok && strings.HasPrefix(r.URL.Path, "/api/") {
		u, err := s.login(r.Context(), name, password, r)
		return principal{user: u}, err
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return principal{}, errors.New("no session: log in")
	}
	ss, err := s.Store.Session(r.Context(), tokenHash(c.Value), s.now())
	if err != nil {
		return principal{}, errors.New("no session: log in")
	}
	u, err := s.Store.User(r.Context(), ss.User)
	if err != nil || u.Disabled {
		return principal{}, errors.New("no session: log in")
	}
	return principal{user: u, session: ss}, nil
}

// loginCookie carries the login form's CSRF token (double submit): a page of
// another site cannot read it, nor, SameSite=Strict, send it, so it cannot log
// a browser into an account of its choosing.
const loginCookie = "__Host-wipestation-login"

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	c, err := r.Cookie(loginCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(c.Value)) != 1 {
		s.handleLoginForm(w, r, http.StatusForbidden, "the login form has expired: log in again")
		return
	}
	u, err := s.login(r.Context(), r.PostFormValue("user"), r.PostFormValue("password"), r)
	if err != nil {
		status := http.StatusUnauthorized
		if errors.Is(err, errLoginLimited) {
			status = http.StatusTooManyRequests
		}
		d := publicPage(r, "title.login")
		d.Error, d.CSRF = err.Error(), c.Value
		s.render(w, status, "login", d)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	http.Redirect(w, r, "/search", http.StatusSeeOther)
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	s.handleLoginForm(w, r, http.StatusOK, "")
}

// handleLoginForm sends the login form with a fresh CSRF token.
func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request, status int, problem string) {
	token := randomToken()
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: token, Path: "/",
		Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	d := publicPage(r, "title.login")
	d.Error, d.CSRF = problem, token
	s.render(w, status, "login", d)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if ss := principalOf(r).session; ss != nil {
		s.Store.DeleteSession(r.Context(), ss.TokenSHA256)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) handleAddUser(w http.ResponseWriter, r *http.Request) {
	u, err := NewUser(r.PostFormValue("name"), store.Role(r.PostFormValue("role")), r.PostFormValue("password"), s.now())
	if err == nil {
		err = s.Store.AddUser(r.Context(), u)
	}
	if err != nil {
		s.renderUsers(w, r, http.StatusUnprocessableEntity, err.Error())
		return
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
}
