package vmlab

import (
	"bufio"
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeQEMU answers QMP on a unix socket the way QEMU 7.2 does, from a script of
// replies keyed by command, and records the commands it got.
func fakeQEMU(t *testing.T, replies map[string]string) (socket string, got chan string) {
	t.Helper()
	socket = filepath.Join(t.TempDir(), "qmp.sock")
	l, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	got = make(chan string, 10)
	go func() {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.Write([]byte(`{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}}, "capabilities": ["oob"]}}` + "\r\n"))
		sc := bufio.NewScanner(conn)
		for sc.Scan() {
			line := sc.Text()
			got <- line
			for cmd, reply := range replies {
				if strings.Contains(line, `"execute":"`+cmd+`"`) {
					conn.Write([]byte(reply + "\r\n"))
				}
			}
		}
	}()
	return socket, got
}

func TestQMPDeviceDel(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	t.Run("unplug", func(t *testing.T) {
		socket, got := fakeQEMU(t, map[string]string{
			"qmp_capabilities": `{"return": {}}`,
			// QEMU sends events between a command and its reply.
			"device_del": `{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "DEVICE_DELETED", "data": {"device": "stick0"}}` +
				"\r\n" + `{"return": {}}`,
		})
		q, err := dialQMP(ctx, socket)
		if err != nil {
			t.Fatal(err)
		}
		defer q.close()
		if err := q.deviceDel(ctx, "stick0"); err != nil {
			t.Fatal(err)
		}
		if first := <-got; first != `{"execute":"qmp_capabilities"}` {
			t.Errorf("first command %s", first)
		}
		if second := <-got; second != `{"arguments":{"id":"stick0"},"execute":"device_del"}` {
			t.Errorf("second command %s", second)
		}
	})
	t.Run("error reply", func(t *testing.T) {
		socket, _ := fakeQEMU(t, map[string]string{
			"qmp_capabilities": `{"return": {}}`,
			"device_del":       `{"error": {"class": "DeviceNotFound", "desc": "Device 'nope' not found"}}`,
		})
		q, err := dialQMP(ctx, socket)
		if err != nil {
			t.Fatal(err)
		}
		defer q.close()
		err = q.deviceDel(ctx, "nope")
		var qe *qmpError
		if !errors.As(err, &qe) || qe.Class != "DeviceNotFound" {
			t.Errorf("error %v, want a qmpError of class DeviceNotFound", err)
		}
	})
	t.Run("no socket times out", func(t *testing.T) {
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		if _, err := dialQMP(short, filepath.Join(t.TempDir(), "none.sock")); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error %v, want the deadline", err)
		}
	})
}
