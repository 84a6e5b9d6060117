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
	"testing"
	"time"
)

// fakeServer answers the adb host protocol byte by byte from a table of
// request -> reply; a reply starting with "FAIL:" answers FAIL, "HANG" answers
// nothing.
func fakeServer(t *testing.T, replies map[string]string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				r := bufio.NewReader(conn)
				for {
					hex := make([]byte, 4)
					if _, err := io.ReadFull(r, hex); err != nil {
						return
					}
					n, _ := strconv.ParseUint(string(hex), 16, 16)
					req := make([]byte, n)
					if _, err := io.ReadFull(r, req); err != nil {
						return
					}
					reply, ok := replies[string(req)]
					switch {
					case !ok:
						fmt.Fprintf(conn, "FAIL%04xunknown request", len("unknown request"))
						return
					case reply == "HANG":
						time.Sleep(2 * time.Second)
						return
					case strings.HasPrefix(reply, "FAIL:"):
						m := reply[5:]
						fmt.Fprintf(conn, "FAIL%04x%s", len(m), m)
						return
					case string(req) == "host:devices":
						fmt.Fprintf(conn, "OKAY%04x%s", len(reply), reply)
						return
					case strings.HasPrefix(string(req), "shell:"):
						fmt.Fprintf(conn, "OKAY%s", reply)
						return
					default:
						fmt.Fprint(conn, "OKAY")
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

func TestClient(t *testing.T) {
	addr := fakeServer(t, map[string]string{
		"host:devices":           "R58M123\tdevice\nEMU5554\tunauthorized\n",
		"host:transport:R58M123": "",
		"shell:getprop":          "[ro.product.model]: [SM-G973F]\n[ro.crypto.state]: [encrypted]\n[ro.crypto.type]: [file]\n[ro.build.version.release]: [12]\n",
		"shell:dumpsys account":  "Accounts: 1\n  Account {name=a@gmail.com, type=com.google}\n",
		"host:transport:GONE":    "FAIL:device 'GONE' not found",
		"host:transport:SLOW":    "HANG",
	})
	c := Client{Addr: addr, Timeout: 300 * time.Millisecond}
	ctx := context.Background()

	devs, err := c.Devices(ctx)
	if err != nil || devs["R58M123"] != StateDevice || devs["EMU5554"] != StateUnauthorized {
		t.Fatalf("Devices = %v, %v", devs, err)
	}
	props, err := c.Props(ctx, "R58M123")
	if err != nil || props["ro.crypto.state"] != "encrypted" || props["ro.product.model"] != "SM-G973F" {
		t.Fatalf("Props = %v, %v", props, err)
	}
	n, err := c.GoogleAccounts(ctx, "R58M123")
	if err != nil || n != 1 {
		t.Fatalf("GoogleAccounts = %d, %v", n, err)
	}
	t.Run("FAIL answer", func(t *testing.T) {
		_, err := c.Props(ctx, "GONE")
		var se *ServerError
		if !errors.As(err, &se) || !strings.Contains(se.Message, "not found") {
			t.Errorf("err = %v, want ServerError", err)
		}
	})
	t.Run("silent server times out", func(t *testing.T) {
		start := time.Now()
		if _, err := c.Props(ctx, "SLOW"); err == nil {
			t.Error("no error from a silent server")
		}
		if time.Since(start) > time.Second {
			t.Errorf("took %v", time.Since(start))
		}
	})
	t.Run("no server", func(t *testing.T) {
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		a := ln.Addr().String()
		ln.Close()
		if _, err := (Client{Addr: a}).Devices(ctx); err == nil {
			t.Error("no error without a server")
		}
	})
}
