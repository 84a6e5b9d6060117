// Package adb is a small client of the adb server's host protocol (the server
// that the Debian package `adb` runs on 127.0.0.1:5037): list devices and run
// shell commands such as getprop. It never starts a server and never needs cgo.
package adb

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// DefaultAddr is where the adb server listens unless told otherwise.
const DefaultAddr = "127.0.0.1:5037"

// Client talks to one adb server. The zero value uses DefaultAddr and a 10 s
// timeout per request. Safe for concurrent use (one connection per request).
type Client struct {
	Addr    string
	Timeout time.Duration
}

// State is a device's state as the server reports it: "device" (usable),
// "unauthorized" (the phone has not accepted this computer's key), "offline",
// "recovery", "sideload" and so on.
type State string

// The states used here.
const (
	StateDevice       State = "device"
	StateUnauthorized State = "unauthorized"
)

// ServerError is a FAIL answer from the adb server.
type ServerError struct {
	Request string
	Message string
}

func (e *ServerError) Error() string {
	return fmt.Sprintf("adb %s: server answered FAIL: %s", e.Request, e.Message)
}

func (c Client) dial(ctx context.Context) (net.Conn, error) {
	addr := c.Addr
	if addr == "" {
		addr = DefaultAddr
	}
	to := c.Timeout
	if to <= 0 {
		to = 10 * time.Second
	}
	d := net.Dialer{Timeout: to}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("connect to adb server %s: %w", addr, err)
	}
	deadline := time.Now().Add(to)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	_ = conn.SetDeadline(deadline)
	return conn, nil
}

// request sends one host request and reads OKAY or FAIL.
func request(conn net.Conn, r *bufio.Reader, req string) error {
	if _, err := fmt.Fprintf(conn, "%04x%s", len(req), req); err != nil {
		return fmt.Errorf("adb %s: %w", req, err)
	}
	status := make([]byte, 4)
	if _, err := io.ReadFull(r, status); err != nil {
		return fmt.Errorf("adb %s: read status: %w", req, err)
	}
	switch string(status) {
	case "OKAY":
		return nil
	case "FAIL":
		msg, err := readLenPrefixed(r)
		if err != nil {
			return fmt.Errorf("adb %s: read failure message: %w", req, err)
		}
		return &ServerError{Request: req, Message: msg}
	default:
		return fmt.Errorf("adb %s: unexpected status %q", req, status)
	}
}

func readLenPrefixed(r *bufio.Reader) (string, error) {
	hex := make([]byte, 4)
	if _, err := io.ReadFull(r, hex); err != nil {
		return "", err
	}
	n, err := strconv.ParseUint(string(hex), 16, 16)
	if err != nil {
		return "", fmt.Errorf("bad length %q", hex)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", err
	}
	return string(b), nil
}

// Devices lists the devices the server knows, serial to state.
func (c Client) Devices(ctx context.Context) (map[string]State, error) {
	conn, err := c.dial(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	r := bufio.NewReader(conn)
	if err := request(conn, r, "host:devices"); err != nil {
		return nil, err
	}
	list, err := readLenPrefixed(r)
	if err != nil {
		return nil, fmt.Errorf("adb host:devices: read list: %w", err)
	}
	out := map[string]State{}
	for _, line := range strings.Split(list, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 {
			out[f[0]] = State(f[1])
		}
	}
	return out, nil
}

// Shell runs cmd on the device with this serial and returns its output. The
// command line is passed to the device's shell as is: callers pass constants.
func (c Client) Shell(ctx context.Context, serial, cmd string) (string, error) {
	if serial == "" {
		return "", errors.New("adb shell: no serial")
	}
	conn, err := c.dial(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	r := bufio.NewReader(conn)
	if err := request(conn, r, "host:transport:"+serial); err != nil {
		return "", err
	}
	if err := request(conn, r, "shell:"+cmd); err != nil {
		return "", err
	}
	out, err := io.ReadAll(io.LimitReader(r, 4<<20))
	if err != nil {
		return string(out), fmt.Errorf("adb shell %s on %s: %w", cmd, serial, err)
	}
	return string(out), nil
}

// Props runs getprop and returns every property.
func (c Client) Props(ctx context.Context, serial string) (map[string]string, error) {
	out, err := c.Shell(ctx, serial, "getprop")
	if err != nil {
		return nil, err
	}
	return ParseProps(out), nil
}

// ParseProps decodes getprop's "[key]: [value]" lines.
func ParseProps(s string) map[string]string {
	props := map[string]string{}
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		k, v, ok := strings.Cut(line, "]: [")
		if !ok || !strings.HasPrefix(k, "[") || !strings.HasSuffix(v, "]") {
			continue
		}
		props[k[1:]] = v[:len(v)-1]
	}
	return props
}

// Setting reads one value from Android's settings provider (`settings get
// NAMESPACE KEY`; namespace system, secure or global). Android answers "null"
// for a key that is not set; that is returned as is.
func (c Client) Setting(ctx context.Context, serial, namespace, key string) (string, error) {
	switch namespace {
	case "system", "secure", "global":
	default:
		return "", fmt.Errorf("adb settings get on %s: unknown namespace %q", serial, namespace)
	}
	for _, r := range key {
		if !(r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "", fmt.Errorf("adb settings get on %s: key %q is not a settings name", serial, key)
		}
	}
	out, err := c.Shell(ctx, serial, "settings get "+namespace+" "+key)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(out), nil
}

// GoogleAccounts counts the Google accounts `dumpsys account` lists: with one
// or more, Factory Reset Protection will ask for that account after a reset.
func (c Client) GoogleAccounts(ctx context.Context, serial string) (int, error) {
	out, err := c.Shell(ctx, serial, "dumpsys account")
	if err != nil {
		return 0, err
	}
	return strings.Count(out, "type=com.google}"), nil
}
