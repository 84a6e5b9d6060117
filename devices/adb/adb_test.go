package adb_test

import (
	"context"
	"errors"
	"github.com/wipestation/wipestation/devices/adb"
	"github.com/wipestation/wipestation/devices/adb/adbtest"
	"net"
	"strings"
	"testing"
	"time"
)

func TestClient(t *testing.T) {
	addr := adbtest.Start(t, map[string]string{
		"host:devices":                                  "R58M123\tdevice\nEMU5554\tunauthorized\n",
		"host:transport:R58M123":                        "",
		"shell:getprop":                                 "[ro.product.model]: [SM-G973F]\n[ro.crypto.state]: [encrypted]\n[ro.crypto.type]: [file]\n[ro.build.version.release]: [12]\n",
		"shell:dumpsys account":                         "Accounts: 1\n  Account {name=a@gmail.com, type=com.google}\n",
		"host:transport:GONE":                           "FAIL:device 'GONE' not found",
		"shell:settings get secure user_setup_complete": "0\r\n",
		"host:transport:SLOW":                           "HANG",
	}).Addr
	c := adb.Client{Addr: addr, Timeout: 300 * time.Millisecond}
	ctx := context.Background()

	devs, err := c.Devices(ctx)
	if err != nil || devs["R58M123"] != adb.StateDevice || devs["EMU5554"] != adb.StateUnauthorized {
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
	if v, err := c.Setting(ctx, "R58M123", "secure", "user_setup_complete"); err != nil || v != "0" {
		t.Fatalf("Setting = %q, %v", v, err)
	}
	for _, bad := range [][2]string{{"secure", "x; reboot"}, {"vendor", "user_setup_complete"}} {
		if _, err := c.Setting(ctx, "R58M123", bad[0], bad[1]); err == nil {
			t.Errorf("Setting(%q, %q) ran", bad[0], bad[1])
		}
	}
	t.Run("FAIL answer", func(t *testing.T) {
		_, err := c.Props(ctx, "GONE")
		var se *adb.ServerError
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
		if _, err := (adb.Client{Addr: a}).Devices(ctx); err == nil {
			t.Error("no error without a server")
		}
	})
}
