package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/wipestation/wipestation/certificate"
	"github.com/wipestation/wipestation/config"
	"github.com/wipestation/wipestation/register"
	"github.com/wipestation/wipestation/register/outbox"
	"github.com/wipestation/wipestation/tui"
	"github.com/wipestation/wipestation/wipe"
)

// pushTimeout bounds one upload: a certificate is tens of KB, so a register
// that has not answered in this long is not going to.
const pushTimeout = time.Minute

// lastRoundTimeout bounds the round a one-shot command (`wipe`, `destroy`)
// makes after its jobs: long enough for a reachable register to take a batch's
// certificates, short enough that an unreachable one does not hold the desk up.
// What is not sent waits in the outbox.
const lastRoundTimeout = 20 * time.Second

// registerLink is this workstation's way to the register named by the
// configuration's [register] url: the outbox and its background sender.
type registerLink struct {
	url    string
	outbox *outbox.Outbox
	sender *outbox.Sender
}

// outboxDir is the outbox's folder: the configuration's [register] outbox, else
// outbox/ in the state folder.
func outboxDir(cfg *config.Config) string {
	if cfg.Register.Outbox != "" {
		return cfg.Register.Outbox
	}
	return stateDir("outbox")
}

// registerHTTPClient is the HTTP client for the register: TLS verified against
// the system's roots, or against exactly the PEM certificate(s) in tlsCA. flag
// names where tlsCA came from, for the message.
func registerHTTPClient(tlsCA, flag string) (*http.Client, error) {
	hc := &http.Client{Timeout: pushTimeout}
	if tlsCA == "" {
		return hc, nil
	}
	data, err := os.ReadFile(tlsCA)
	if err != nil {
		return nil, usagef("%s: %v", flag, err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, usagef("%s %s: no certificate", flag, tlsCA)
	}
	hc.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	return hc, nil
}

// newRegisterLink opens the outbox of the register the configuration names,
// with a sender that signs with key; nil when it names none.
func newRegisterLink(cfg *config.Config, key *certificate.Key) (*registerLink, error) {
	url := cfg.Register.URL
	if url == "" {
		return nil, nil
	}
	hc, err := registerHTTPClient(cfg.Register.TLSCA, "register.tls_ca in the config file")
	if err != nil {
		return nil, err
	}
	o, err := outbox.Open(outboxDir(cfg))
	if err != nil {
		return nil, err
	}
	client := &register.Client{URL: url, Key: key, HTTP: hc}
	return &registerLink{url: url, outbox: o, sender: outbox.NewSender(o, client, url)}, nil
}

// queue wraps certify (wipe.RunnerConfig.Certify): every certificate it files
// is also queued for the register, and the sender asked to send it. A
// certificate filed but not queued fails its job (exit 1), naming the file, so
// that it is pushed by hand (`register push FILE`) rather than silently never.
func (l *registerLink) queue(certify func(*wipe.Record, string) (string, error)) func(*wipe.Record, string) (string, error) {
	if l == nil {
		return certify
	}
	return func(rec *wipe.Record, recordPath string) (string, error) {
		path, err := certify(rec, recordPath)
		if path == "" {
			return path, err
		}
		pdf, qerr := os.ReadFile(path)
		if qerr == nil {
			qerr = l.outbox.Enqueue(rec.CertificateID, pdf)
		}
		if qerr != nil {
			return path, errors.Join(err, fmt.Errorf("certificate %s filed, but not queued for the register: %w", path, qerr))
		}
		l.sender.Kick()
		return path, err
	}
}

// run sends in the background until ctx ends; onRound, when set, sees the
// outbox after every round. The returned channel closes when it has stopped.
func (l *registerLink) run(ctx context.Context, onRound func(outbox.Status, error)) <-chan struct{} {
	done := make(chan struct{})
	if l == nil {
		close(done)
		return done
	}
	l.sender.OnRound = onRound
	go func() {
		defer close(done)
		l.sender.Run(ctx)
	}()
	return done
}

// lastRound makes one bounded round after a one-shot command's jobs and says on
// standard error what was sent and what still waits. It never changes the
// command's exit code: the certificates are filed either way.
func (l *registerLink) lastRound(ctx context.Context) {
	if l == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, lastRoundTimeout)
	defer cancel()
	round, err := l.outbox.Flush(ctx, l.sender.Pusher, l.url, time.Now)
	sent := round.Count(outbox.Stored) + round.Count(outbox.AlreadyStored)
	st, serr := l.outbox.Status()
	if err == nil {
		err = serr
	}
	switch {
	case err != nil:
		printWarning("register %s: %v", l.url, err)
	case len(st.Pending) > 0 || round.Count(outbox.Refused) > 0:
		printWarning("register %s: %d certificate(s) sent, %d waiting in the outbox, %d refused (wipestation register status)",
			l.url, sent, len(st.Pending), len(st.Refused))
	case sent > 0:
		fmt.Fprintf(os.Stderr, "wipestation: register %s has %d certificate(s) of this run\n", l.url, sent)
	}
}

// footer is the register's state as the TUI's footer shows it.
func footer(st outbox.Status, err error) tui.RegisterStatus {
	f := tui.RegisterStatus{Pending: len(st.Pending), Refused: len(st.Refused), LastOK: st.LastOK.Local(), LastError: st.LastError}
	if err != nil {
		f.LastError = err.Error()
	}
	return f
}
