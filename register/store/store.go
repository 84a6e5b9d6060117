// Package store keeps the register's certificates, accounts and sessions in a SQL
// database: embedded SQLite in a data folder (the default, pure Go) or PostgreSQL
// for an organization. Both run the same versioned migrations (migrations.go) on
// open and answer the same queries; only the few words the two dialects spell
// differently live in dialect.
package store

import (
	"context"
	"errors"
	"time"
)

// Entry is one stored certificate: the PDF as received, the job record it
// embeds, and the facts searches filter on, taken from the verified record.
type Entry struct {
	CertificateID string
	PDF           []byte // empty in search results; Store.PDF returns it
	PDFSHA256     string // hex, of PDF
	RecordJSON    []byte // exactly as embedded
	RecordSHA256  string // hex, of RecordJSON
	Kind          string // certificate.DocumentKind
	Signer        string // fingerprint of the key that signed the PDF
	SigningTime   time.Time
	PushedBy      string // fingerprint of the workstation key that sent it

	Serial      string
	AssetTag    string
	Vendor      string
	Model       string
	Operator    string
	Workstation string // the record's host
	Started     time.Time
	Finished    time.Time
	Status      string // the record's status: erased, failed, ...
	Class       string // NIST class: Clear, Purge, Destroy
	Method      string // method catalogue ID
	Received    time.Time

	// Trust is why the signing key was trusted when the certificate was
	// received (Trust* constants).
	Trust Trust
	// Checked is when the stored file was last verified again on demand (zero:
	// never); CheckProblem is that check's `cert verify` problem, empty when
	// it passed.
	Checked      time.Time
	CheckProblem string
}

// Trust is why a certificate's signing key was trusted on receipt.
type Trust string

const (
	// TrustListed: the key's fingerprint is one the register was started
	// with (--key, or the machine's own key).
	TrustListed Trust = "listed key"
	// TrustCA: the key's certificate chains to an organization root (--ca).
	TrustCA Trust = "organization CA"
	// TrustEnrolled: the key was enrolled with a one-time token from the web view.
	TrustEnrolled Trust = "enrolled key"
)

// Check is the outcome of verifying a stored certificate again.
type Check struct {
	At      time.Time
	Problem string // empty: it passed
}

// Counts are how many certificates a search matches, per finished day (UTC,
// YYYY-MM-DD), per workstation and per NIST class.
type Counts struct {
	Total         int
	ByDay         []Count // oldest first
	ByWorkstation []Count // most first
	ByClass       []Count // most first
}

// Count is one bar of a chart.
type Count struct {
	Key string
	N   int
}

// EnrolmentToken lets one workstation enrol its key, once, before Expires.
// Only the token's SHA-256 is stored.
type EnrolmentToken struct {
	TokenSHA256 string
	Workstation string // the name the administrator gave it
	CreatedBy   string
	Created     time.Time
	Expires     time.Time
}

// Workstation is a key enrolled with a token.
type Workstation struct {
	KeyFingerprint string
	Name           string
	Enrolled       time.Time
	EnrolledBy     string // the administrator who made the token
}

// ErrTokenUsed is returned by UseEnrolmentToken for a token used before,
// expired or unknown.
var ErrTokenUsed = errors.New("enrolment token unknown, used or expired")

// Outcome is what Put did with a certificate.
type Outcome string

const (
	// Stored: the certificate is new and now stored.
	Stored Outcome = "stored"
	// AlreadyStored: the very same file (same SHA-256) was stored before;
	// nothing changed.
	AlreadyStored Outcome = "already stored"
)

// ErrConflict is returned by Put for a different file carrying a certificate ID
// already stored: one job must not be counted twice, nor one of two conflicting
// certificates picked. The refusal is recorded (Store.Conflicts).
var ErrConflict = errors.New("another certificate with this ID is already stored")

// ErrNotFound is returned for a certificate, user or session that is not there.
var ErrNotFound = errors.New("not found")

// ErrExists is returned by AddUser for a name already taken.
var ErrExists = errors.New("already exists")

// Conflict is a refused upload: a different file with a stored certificate ID.
type Conflict struct {
	CertificateID string
	PDFSHA256     string // of the refused file
	StoredSHA256  string // of the file already stored
	Signer        string
	PushedBy      string
	Received      time.Time
}

// Query selects certificates. Empty fields do not filter. Text fields match
// case-insensitively anywhere in the value, except Serial with ExactSerial
// (a medium's history). From and To bound the finished time (From inclusive,
// To exclusive).
type Query struct {
	Serial      string
	ExactSerial bool
	AssetTag    string
	Model       string
	Operator    string
	Workstation string
	Status      string // exact
	Class       string // exact
	From, To    time.Time
	// Limit caps the rows (DefaultLimit when 0, MaxLimit at most).
	Limit int
}

// Search limits: a page a person reads and an export an asset system takes.
const (
	DefaultLimit = 500
	MaxLimit     = 100000
)

// Role is what an account may do.
type Role string

const (
	Viewer        Role = "viewer"        // searches, reads and exports
	Manager       Role = "manager"       // and whatever managers get later (annotations)
	Administrator Role = "administrator" // and manages accounts
)

// Roles are the valid roles, least privilege first.
func Roles() []Role { return []Role{Viewer, Manager, Administrator} }

// User is an account of the web view and the search API.
type User struct {
	Name         string
	Role         Role
	PasswordHash string // PHC string (register.HashPassword)
	Created      time.Time
	// Disabled accounts cannot log in; their sessions were ended.
	Disabled bool
}

// Session is a logged-in browser. Only the token's SHA-256 is stored.
type Session struct {
	TokenSHA256 string
	User        string
	CSRF        string
	Expires     time.Time
}

// Store is what the register server needs from its database. Implementations
// are safe for concurrent use.
type Store interface {
	// Put stores a verified certificate (idempotent, see Outcome and ErrConflict).
	Put(ctx context.Context, e *Entry) (Outcome, error)
	// Get returns one certificate with its PDF.
	Get(ctx context.Context, certificateID string) (*Entry, error)
	// Search returns the matching certificates without their PDFs, newest
	// finished first.
	Search(ctx context.Context, q Query) ([]Entry, error)
	// Each calls fn with every stored certificate, its PDF included, in
	// certificate ID order, one at a time; an error from fn stops it.
	Each(ctx context.Context, fn func(*Entry) error) error
	// Conflicts lists refused uploads, newest first.
	Conflicts(ctx context.Context) ([]Conflict, error)
	// Counts counts the certificates q matches (q.Limit does not apply).
	Counts(ctx context.Context, q Query) (Counts, error)
	// SetCheck records a verification of a stored certificate on demand.
	SetCheck(ctx context.Context, certificateID string, c Check) error

	AddUser(ctx context.Context, u User) error
	User(ctx context.Context, name string) (*User, error)
	Users(ctx context.Context) ([]User, error)
	// SetRole changes a user's role; SetDisabled disables (ending its
	// sessions) or enables an account.
	SetRole(ctx context.Context, name string, role Role) error
	SetDisabled(ctx context.Context, name string, disabled bool) error

	// AddEnrolmentToken stores a new workstation enrolment token.
	AddEnrolmentToken(ctx context.Context, t EnrolmentToken) error
	// UseEnrolmentToken spends a token for key, enrolling it (ErrTokenUsed
	// when the token is unknown, used or expired); enrolling a key enrolled
	// before with another token keeps the first enrolment.
	UseEnrolmentToken(ctx context.Context, tokenSHA256, keyFingerprint string, now time.Time) (*Workstation, error)
	// Workstations lists the enrolled keys, by name.
	Workstations(ctx context.Context) ([]Workstation, error)

	AddSession(ctx context.Context, s Session, now time.Time) error
	Session(ctx context.Context, tokenSHA256 string, now time.Time) (*Session, error)
	DeleteSession(ctx context.Context, tokenSHA256 string) error

	// UseNonce records a signed request's nonce for a key until expires; it
	// returns false when that key used the nonce before (a replay).
	UseNonce(ctx context.Context, key, nonce string, now, expires time.Time) (bool, error)

	// SchemaVersion is the newest migration applied.
	SchemaVersion(ctx context.Context) (int, error)
	Close() error
}
