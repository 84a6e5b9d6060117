package vmlab

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeQEMUEnv makes the test binary act as QEMU (TestMain): it serves QMP on the
// socket given after -qmp, prints the console lines given in the environment, and
// exits when told to unplug the last device it expects, as a guest would power off.
const fakeQEMUEnv = "VMLAB_FAKE_QEMU"

func TestMain(m *testing.M) {
	if os.Getenv(fakeQEMUEnv) != "" {
		os.Exit(fakeQEMUProcess())
	}
	os.Exit(m.Run())
}

func fakeQEMUProcess() int {
	socket := ""
	for i, a := range os.Args {
		if a == "-qmp" && i+1 < len(os.Args) {
			socket = strings.TrimPrefix(strings.Split(os.Args[i+1], ",")[0], "unix:")
		}
	}
	l, err := net.Listen("unix", socket)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer l.Close()
	for _, line := range strings.Split(os.Getenv(fakeQEMUEnv), "|") {
		fmt.Println(line)
	}
	want := strings.Fields(os.Getenv("VMLAB_FAKE_UNPLUGS"))
	conn, err := l.Accept()
	if err != nil {
		return 1
	}
	defer conn.Close()
	fmt.Fprintln(conn, `{"QMP": {"version": {}, "capabilities": []}}`)
	sc := bufio.NewScanner(conn)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(conn, `{"return": {}}`)
		for i, id := range want {
			if strings.Contains(line, `"id":"`+id+`"`) {
				fmt.Printf("unplugged %s\n", id)
				want = append(want[:i], want[i+1:]...)
				break
			}
		}
		if len(want) == 0 {
			return 0
		}
	}
	return 1
}

func TestBootTriggers(t *testing.T) {
	for _, tc := range []struct {
		name     string
		console  string
		triggers []Trigger
		unplugs  []string
	}{
		{"on a mark", "booting|WSMARK:pull now", []Trigger{{Mark: "pull", Unplug: "stick0"}}, []string{"stick0"}},
		{"after a delay", "booting", []Trigger{{After: 100 * time.Millisecond, Unplug: "phone0"}}, []string{"phone0"}},
		{"mark then delay", "x WSMARK:a|WSMARK:b", []Trigger{
			{Mark: "b", After: 300 * time.Millisecond, Unplug: "d2"},
			{Mark: "a", Unplug: "d1"},
		}, []string{"d1", "d2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			socket := filepath.Join(t.TempDir(), "qmp.sock")
			t.Setenv(fakeQEMUEnv, tc.console)
			t.Setenv("VMLAB_FAKE_UNPLUGS", strings.Join(tc.unplugs, " "))
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			run := &Run{Marks: map[string]time.Duration{}}
			args := []string{"-qmp", "unix:" + socket + ",server=on,wait=off"}
			if err := boot(ctx, os.Args[0], args, socket, tc.triggers, run); err != nil {
				t.Fatalf("boot: %v\nconsole:\n%s", err, run.Console)
			}
			var got []string
			for _, u := range run.Unplugs {
				if u.Err != nil {
					t.Errorf("unplug %s: %v", u.ID, u.Err)
				}
				got = append(got, u.ID)
			}
			if strings.Join(got, " ") != strings.Join(tc.unplugs, " ") {
				t.Errorf("unplugged %v, want %v", got, tc.unplugs)
			}
			for _, id := range tc.unplugs {
				if !strings.Contains(run.Console, "unplugged "+id) {
					t.Errorf("the fake QEMU never got device_del %s:\n%s", id, run.Console)
				}
			}
			for _, tr := range tc.triggers {
				if _, ok := run.Marks[tr.Mark]; tr.Mark != "" && !ok {
					t.Errorf("mark %q not recorded: %v", tr.Mark, run.Marks)
				}
			}
		})
	}
	t.Run("timeout kills it", func(t *testing.T) {
		socket := filepath.Join(t.TempDir(), "qmp.sock")
		t.Setenv(fakeQEMUEnv, "hanging")
		t.Setenv("VMLAB_FAKE_UNPLUGS", "never")
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		run := &Run{Marks: map[string]time.Duration{}}
		err := boot(ctx, os.Args[0], []string{"-qmp", "unix:" + socket}, socket, nil, run)
		if err == nil || !strings.Contains(err.Error(), "did not finish within its timeout") {
			t.Errorf("boot of a hanging QEMU: %v, want a timeout error", err)
		}
	})
}
