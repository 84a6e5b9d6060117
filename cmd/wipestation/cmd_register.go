package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/config"
	"github.com/wipestation/wipestation/register"
	"github.com/wipestation/wipestation/register/outbox"
	"github.com/wipestation/wipestation/register/store"
)

// registerCmd is `wipestation register` (docs/register.md).
type registerCmd struct {
	Serve  registerServeCmd  `cmd:"" help:"Run the register: workstations push certificates to it, asset managers search them in a browser."`
	Push   registerPushCmd   `cmd:"" help:"Send the certificates waiting in the outbox (or the files given) to the register, signed with this workstation's key."`
	Status registerStatusCmd `cmd:"" help:"Show the register this workstation sends to and what waits in its outbox or was refused, and why."`
	User   registerUserCmd   `cmd:"" help:"Manage the register's accounts."`
	Export registerExportCmd `cmd:"" help:"Write every stored certificate to a folder, as received (a backup that cert verify and cert list check)."`
}

type registerExportCmd struct {
	To         string `name:"to" required:"" placeholder:"DIR" help:"The folder to write to (created when missing); files already there are never overwritten."`
	StoreFlags `embed:""`
}

func (c *registerExportCmd) Run(ctx context.Context) error {
	st, err := c.StoreFlags.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := register.Export(ctx, st, c.To)
	fmt.Printf("%d certificates written, %d already there, in %s\n", res.Written, res.Unchanged, c.To)
	return err
}

// StoreFlags name the register's database.
type StoreFlags struct {
	Data     string `name:"data" placeholder:"DIR" help:"The register's data folder: the embedded database and its own TLS certificate (default: the state folder's register/)."`
	Database string `name:"database" placeholder:"URL" help:"Keep the register in PostgreSQL (postgres://user:password@host/db) instead of the embedded database."`
}

func (f StoreFlags) dataDir() string {
	if f.Data != "" {
		return f.Data
	}
	return stateDir("register")
}

func (f StoreFlags) open(ctx context.Context) (store.Store, error) {
	st, err := store.Open(ctx, f.Database, f.dataDir())
	if errors.Is(err, store.ErrDatabaseURL) {
		return nil, usagef("--database: %v", err)
	}
	return st, err
}

type registerServeCmd struct {
	Listen     string `name:"listen" default:":8443" placeholder:"ADDR" help:"Address to serve HTTPS on."`
	StoreFlags `embed:""`
	TrustFlags `embed:""`
	TLSCert    string `name:"tls-cert" type:"existingfile" placeholder:"PEM" help:"The server's TLS certificate (default: one it makes in the data folder)."`
	TLSKey     string `name:"tls-key" type:"existingfile" placeholder:"PEM" help:"The key of --tls-cert."`
}

func (c *registerServeCmd) Run(ctx context.Context, g *Globals) error {
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return usagef("--tls-cert and --tls-key go together")
	}
	cfg, err := loadConfig(g)
	if err != nil {
		return err
	}
	// Exactly the trust of `cert verify`: this machine's key, --key, --ca.
	v, err := newVerifier(cfg, c.TrustFlags)
	if err != nil {
		return err
	}
	st, err := c.StoreFlags.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var cert tls.Certificate
	var tlsNote string
	if c.TLSCert != "" {
		if cert, err = tls.LoadX509KeyPair(c.TLSCert, c.TLSKey); err != nil {
			return usagef("--tls-cert/--tls-key: %v", err)
		}
		tlsNote = "TLS certificate " + c.TLSCert
	} else {
		host, _, _ := net.SplitHostPort(c.Listen)
		name, _ := os.Hostname()
		var fp string
		if cert, fp, err = register.SelfMadeTLS(c.dataDir(), []string{host, name}, time.Now()); err != nil {
			return err
		}
		tlsNote = fmt.Sprintf("self-made TLS certificate %s/%s, SHA-256 %s (give it to workstations: register push --tls-ca)", c.dataDir(), register.TLSCertFile, fp)
	}
	srv := &register.Server{
		Store:        st,
		Verifier:     v,
		Workstations: register.Workstations{Trusted: v.Trusted, Roots: v.Roots},
		Log:          log.New(os.Stderr, "", log.LstdFlags),
	}
	where := "embedded database in " + c.dataDir()
	if c.Database != "" {
		where = "PostgreSQL"
	}
	return srv.ListenAndServeTLS(ctx, c.Listen, cert, func(a net.Addr) {
		fmt.Fprintf(os.Stderr, "wipestation register: listening on https://%s (%s; %s)\n", a, where, tlsNote)
	})
}

type registerPushCmd struct {
	URL          string   `name:"url" placeholder:"URL" help:"The register, e.g. https://register.example:8443 (default: the config file's [register] url)."`
	TLSCA        string   `name:"tls-ca" type:"existingfile" placeholder:"PEM" help:"Trust this certificate for the register's TLS (its self-made tls-cert.pem) instead of the system's roots (default: the config file's [register] tls_ca)."`
	RetryRefused bool     `name:"retry-refused" help:"First put the certificates the register refused back into the outbox (once the cause is fixed: the workstation enrolled, its clock set)."`
	Outbox       string   `name:"outbox" placeholder:"DIR" help:"The outbox to send (default: the config file's [register] outbox, else outbox/ in the state folder), e.g. a boot stick's."`
	Files        []string `arg:"" optional:"" name:"file" type:"existingfile" help:"Certificate PDFs to send; none: send every certificate waiting in the outbox."`
}

// Run sends the files, or flushes the outbox; it exits 1 when any certificate
// was refused or could not be sent (docs/exit-codes.md).
func (c *registerPushCmd) Run(ctx context.Context, g *Globals) error {
	cfg, err := loadConfig(g)
	if err != nil {
		return err
	}
	if len(c.Files) > 0 && c.RetryRefused {
		return usagef("--retry-refused works on the outbox: give no files")
	}
	if len(c.Files) > 0 && c.Outbox != "" {
		return usagef("--outbox sends the outbox: give no files")
	}
	if c.Outbox != "" {
		cfg.Register.Outbox = c.Outbox
	}
	url, tlsCA, flag := c.URL, c.TLSCA, "--tls-ca"
	if url == "" {
		url = cfg.Register.URL
	}
	if tlsCA == "" && cfg.Register.TLSCA != "" {
		tlsCA, flag = cfg.Register.TLSCA, "register.tls_ca in the config file"
	}
	if url == "" {
		return usagef("no register: give --url, or set [register] url in the config file (docs/config.md)")
	}
	hc, err := registerHTTPClient(tlsCA, flag)
	if err != nil {
		return err
	}
	key, err := certificate.LoadKey(keyDir(cfg))
	if err != nil {
		return fmt.Errorf("the workstation key signs every upload: %w", err)
	}
	client := &register.Client{URL: url, Key: key, HTTP: hc}
	if len(c.Files) == 0 {
		return c.flush(ctx, cfg, client)
	}
	failed := 0
	for _, path := range c.Files {
		data, err := os.ReadFile(path)
		if err == nil {
			var res *register.UploadResult
			if res, err = client.Push(ctx, data); err == nil {
				fmt.Printf("%-15s %s: %s\n", strings.ToUpper(res.Outcome), path, res.CertificateID)
				continue
			}
		}
		failed++
		fmt.Printf("%-15s %s: %v\n", "NOT SENT", path, err)
	}
	if failed > 0 {
		return &exitStatus{code: exitFailed}
	}
	return nil
}

// flush sends every certificate waiting in the outbox, one line each.
func (c *registerPushCmd) flush(ctx context.Context, cfg *config.Config, client *register.Client) error {
	o, err := outbox.Open(outboxDir(cfg))
	if err != nil {
		return err
	}
	if c.RetryRefused {
		n, err := o.Retry()
		if err != nil {
			return err
		}
		fmt.Printf("%d refused certificate(s) put back into the outbox\n", n)
	}
	round, err := o.Flush(ctx, client, client.URL, time.Now)
	for _, r := range round.Results {
		line := fmt.Sprintf("%-15s %s", strings.ToUpper(string(r.Outcome)), r.CertificateID)
		if r.Err != nil {
			line += ": " + r.Err.Error()
		}
		fmt.Println(line)
	}
	if err != nil {
		return err
	}
	st, err := o.Status()
	if err != nil {
		return err
	}
	fmt.Printf("outbox %s: %d waiting, %d refused\n", o.Dir, len(st.Pending), len(st.Refused))
	if len(st.Pending) > 0 || round.Count(outbox.Refused) > 0 {
		return &exitStatus{code: exitFailed}
	}
	return nil
}

type registerStatusCmd struct {
	JSON   bool   `name:"json" help:"Print the status as one JSON object."`
	Outbox string `name:"outbox" placeholder:"DIR" help:"The outbox to show (default: the config file's [register] outbox, else outbox/ in the state folder)."`
}

// registerStatusJSON is `register status --json` (docs/register.md).
type registerStatusJSON struct {
	Register string `json:"register"` // the configured URL, "" for none
	Outbox   string `json:"outbox"`
	outbox.Status
}

// Run shows the configured register and what waits in the outbox.
func (c *registerStatusCmd) Run(g *Globals) error {
	cfg, err := loadConfig(g)
	if err != nil {
		return err
	}
	if c.Outbox != "" {
		cfg.Register.Outbox = c.Outbox
	}
	o := &outbox.Outbox{Dir: outboxDir(cfg)} // read only: nothing is created
	st, err := o.Status()
	if err != nil {
		return err
	}
	if c.JSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(registerStatusJSON{Register: cfg.Register.URL, Outbox: o.Dir, Status: st})
	}
	reg := cfg.Register.URL
	if reg == "" {
		reg = "none ([register] url in the config file)"
	}
	when := func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.Local().Format("2006-01-02 15:04:05 MST")
	}
	fmt.Printf("register:     %s\n", reg)
	fmt.Printf("outbox:       %s\n", o.Dir)
	fmt.Printf("last attempt: %s\n", when(st.LastAttempt))
	fmt.Printf("last sent:    %s\n", when(st.LastOK))
	if st.LastError != "" {
		fmt.Printf("last error:   %s\n", st.LastError)
	}
	fmt.Printf("waiting:      %d\n", len(st.Pending))
	for _, e := range st.Pending {
		line := fmt.Sprintf("  %s  queued %s", e.CertificateID, when(e.Queued))
		if e.Attempts > 0 {
			line += fmt.Sprintf(", %d failed attempt(s): %s", e.Attempts, e.LastError)
		}
		fmt.Println(line)
	}
	fmt.Printf("refused:      %d\n", len(st.Refused))
	for _, r := range st.Refused {
		reason := r.Reason
		if r.Problem != "" && !strings.Contains(reason, r.Problem) {
			reason += " (" + r.Problem + ")"
		}
		fmt.Printf("  %s  refused %s by %s, HTTP %d: %s\n", r.CertificateID, when(r.Refused), r.URL, r.HTTPStatus, reason)
	}
	return nil
}

type registerUserCmd struct {
	Add registerUserAddCmd `cmd:"" help:"Add an account; the password is read from the terminal, or from the first line of standard input."`
}

type registerUserAddCmd struct {
	Name       string `arg:"" help:"The account's name."`
	Role       string `name:"role" required:"" enum:"viewer,manager,administrator" help:"viewer (search, read, export), manager (and see refused duplicates), administrator (and manage accounts)."`
	StoreFlags `embed:""`
}

func (c *registerUserAddCmd) Run(ctx context.Context) error {
	password, err := readPassword(os.Stdin)
	if err != nil {
		return err
	}
	u, err := register.NewUser(c.Name, store.Role(c.Role), password, time.Now())
	if err != nil {
		return usagef("%v", err)
	}
	st, err := c.StoreFlags.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.AddUser(ctx, u); err != nil {
		if errors.Is(err, store.ErrExists) {
			return usagef("%v", err)
		}
		return err
	}
	fmt.Printf("added %s (%s)\n", u.Name, u.Role)
	return nil
}

// readPassword asks twice on a terminal, without echo; otherwise it reads the
// first line of in.
func readPassword(in *os.File) (string, error) {
	if !term.IsTerminal(in.Fd()) {
		line, err := bufio.NewReader(io.LimitReader(in, 4096)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read password: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	var first string
	for i, prompt := range []string{"Password: ", "Again: "} {
		fmt.Fprint(os.Stderr, prompt)
		b, err := term.ReadPassword(in.Fd())
		fmt.Fprintln(os.Stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if i == 0 {
			first = string(b)
		} else if string(b) != first {
			return "", usagef("the passwords differ")
		}
	}
	return first, nil
}
