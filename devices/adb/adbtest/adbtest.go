// Package adbtest is a fake adb server at the byte boundary: it answers the adb
// host protocol on a loopback TCP port from a table of request -> reply.
package adbtest

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a fake adb server. Replies maps a request ("host:devices",
// "host:transport:SERIAL", "shell:getprop") to its reply: for host:devices the
// device list, for shell: the output; "FAIL:msg" answers FAIL and "HANG" answers
// nothing. Replies may be changed while it runs, through Set.
type Server struct {
	Addr string

	mu      sync.Mutex
	replies map[string]string
}

// Set changes the reply to one request.
func (s *Server) Set(req, reply string) {
	s.mu.Lock()
	s.replies[req] = reply
	s.mu.Unlock()
}

func (s *Server) reply(req string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.replies[req]
	return r, ok
}

// Start runs a fake server until the test ends.
func Start(t testing.TB, replies map[string]string) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Addr: ln.Addr().String(), replies: map[string]string{}}
	for k, v := range replies {
		s.replies[k] = v
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

func (s *Server) serve(conn net.Conn) {
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
		reply, ok := s.reply(string(req))
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
}
