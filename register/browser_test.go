package register

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/register/store"
)

// ScreenshotDirEnv, when set, is where the browser test leaves a PNG of every
// page it visits, for a person to look at.
const ScreenshotDirEnv = "WIPESTATION_SCREENSHOT_DIR"

// In a real headless Chromium, with no JavaScript of ours: a manager logs in,
// searches by serial, sees the medium's two jobs and downloads the CSV export.
func TestBrowserLogInSearchExport(t *testing.T) {
	testutil.RequireCommand(t, "chromium")
	fonts := testFonts(t)
	desk := selfSignedKey(t, "desk-1")
	h := newHarness(t, "sqlite", fonts, Workstations{Trusted: []string{desk.Fingerprint()}})
	for i, at := range []time.Time{testNow.Add(-48 * time.Hour), testNow.Add(-time.Hour)} {
		id := []string{"WS-20261124-FFFF0001", "WS-20261126-FFFF0002"}[i]
		if _, err := h.client(desk).Push(ctx, issue(t, fonts, desk, jobRecord(id, "SER-BROWSER", "desk-1", at), at)); err != nil {
			t.Fatal(err)
		}
	}
	// An administrator, to see every page; what a manager may do is tested
	// in web_test.go.
	h.addUser(t, "ann", store.Administrator, "ann's long password")

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath("chromium"),
		chromedp.Flag("ignore-certificate-errors", true), // the test server's own certificate
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium's sandbox refuses root
	}
	actx, cancel := chromedp.NewExecAllocator(ctx, opts...)
	defer cancel()
	// No timeout on the context that starts the browser (it would stop it);
	// steps run under tctx.
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	tctx, cancel := context.WithTimeout(bctx, 90*time.Second)
	defer cancel()

	shots := os.Getenv(ScreenshotDirEnv)
	if shots == "" {
		shots = t.TempDir()
	}
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG
			if err != nil {
				return err
			}
			if !bytes.HasPrefix(png, []byte("\x89PNG")) {
				t.Errorf("the screenshot of %s is not a PNG", name)
			}
			return os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644)
		})
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	err := chromedp.Do(tctx,
		chromedp.Navigate(h.ts.URL+"/search"), // redirected to the login page
		chromedp.WaitVisible(css(`input[name="user"]`)),
		shot("login"),
		chromedp.SendKeys(css(`input[name="user"]`), "ann"),
		chromedp.SendKeys(css(`input[name="password"]`), "ann's long password"),
		chromedp.Submit(css(`input[name="password"]`)),
		chromedp.WaitVisible(css(`input[name="serial"]`)),
		chromedp.SendKeys(css(`input[name="serial"]`), "SER-BROWSER"),
		chromedp.Submit(css(`input[name="serial"]`)),
		// The results page: the form as sent is filled in again by the
		// server (the page before had the same table and links).
		chromedp.WaitVisible(css(`input[name="serial"][value="SER-BROWSER"]`)),
	)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	results, err := chromedp.Run(tctx, chromedp.Text(css(`#results`)))
	if err != nil {
		t.Fatalf("browser: results: %v", err)
	}
	for _, id := range []string{"WS-20261124-FFFF0001", "WS-20261126-FFFF0002"} {
		if !strings.Contains(results, id) {
			t.Errorf("the results do not show %s:\n%s", id, results)
		}
	}

	// Open a certificate from the results, then switch the pages to Chinese.
	err = chromedp.Do(tctx,
		shot("search"),
		chromedp.Click(css(`#results a[href="/certificates/WS-20261126-FFFF0002"]`)),
		chromedp.WaitVisible(css(`#facts`)),
		shot("certificate"),
		chromedp.Click(css(`#lang-zh-TW`)),
		chromedp.WaitVisible(css(`html[lang="zh-TW"] #facts`)),
		shot("certificate-zh"),
	)
	if err != nil {
		t.Fatalf("browser: certificate page: %v", err)
	}
	facts, err := chromedp.Run(tctx, chromedp.Text(css(`#facts`)))
	if err != nil || !strings.Contains(facts, "序號") || !strings.Contains(facts, "SER-BROWSER") || !strings.Contains(facts, "清洗 (Purge)") {
		t.Errorf("the certificate page in Chinese: %v\n%s", err, facts)
	}
	err = chromedp.Do(tctx,
		chromedp.Navigate(h.ts.URL+"/search?serial=SER-BROWSER"),
		chromedp.WaitVisible(css(`html[lang="zh-TW"] #results`)),
		shot("search-zh"),
	)
	if err != nil {
		t.Fatalf("browser: search in Chinese: %v", err)
	}

	downloads := t.TempDir()
	progress := chromedp.Events(tctx, browser.DownloadProgress)
	yes := true
	err = chromedp.Do(tctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: &yes})
			return err
		}),
		chromedp.Click(css(`#export-csv`)),
	)
	if err != nil {
		t.Fatalf("browser: export: %v", err)
	}
	var guid string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("the CSV export did not download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			guid = ev.GUID
			break
		}
	}
	f, err := os.Open(filepath.Join(downloads, guid))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != 3 || rows[1][0] != "WS-20261126-FFFF0002" || rows[2][3] != "SER-BROWSER" {
		t.Errorf("downloaded CSV: %v %v", err, rows)
	}
	// The other pages, for a person to look at.
	err = chromedp.Do(tctx,
		chromedp.Navigate(h.ts.URL+"/history?serial=SER-BROWSER"),
		chromedp.WaitVisible(css(`#results`)),
		shot("history-zh"),
		chromedp.Navigate(h.ts.URL+"/users"),
		chromedp.WaitVisible(css(`#users`)),
		shot("users-zh"),
		chromedp.Navigate(h.ts.URL+"/workstations"),
		chromedp.WaitVisible(css(`#workstations`)),
		chromedp.SendKeys(css(`input[name="name"]`), "desk-7"),
		chromedp.Submit(css(`input[name="name"]`)),
		chromedp.WaitVisible(css(`#token`)),
		shot("workstations-zh"),
		chromedp.Click(css(`#lang-en`)),
		chromedp.WaitVisible(css(`html[lang="en"] #workstations`)),
		shot("workstations"),
		chromedp.Navigate(h.ts.URL+"/users"),
		chromedp.WaitVisible(css(`#users`)),
		shot("users"),
	)
	if err != nil {
		t.Fatalf("browser: other pages: %v", err)
	}
	t.Logf("screenshots in %s", shots)
}
