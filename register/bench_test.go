package register

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wipestation/wipestation/register/store/storetest"
)

// BenchmarkIngest is the register's ingest rate: signed uploads over TLS, each
// verified as `cert verify` does (signature, trust, record digest, the pages
// drawn again) and stored. Run it with scripts/bench-register, or
//
//	scripts/pg-test-server go test -run '^$' -bench BenchmarkIngest -benchtime 100x ./register
//
// It reports certificates per second from one workstation and from four at
// once. The certificates are made before the clock starts.
func BenchmarkIngest(b *testing.B) {
	fonts := testFonts(b)
	desk := selfSignedKey(b, "desk-1")
	at := testNow.Add(-time.Hour)
	for _, kind := range storetest.Kinds {
		for _, senders := range []int{1, 4} {
			b.Run(fmt.Sprintf("%s/%d-senders", kind, senders), func(b *testing.B) {
				pdfs := make([][]byte, b.N)
				for i := range pdfs {
					pdfs[i] = issue(b, fonts, desk, jobRecord(fmt.Sprintf("WS-20261126-%08X", i), fmt.Sprintf("SER-%d", i), "desk-1", at), at)
				}
				h := newHarness(b, kind, fonts, Workstations{Trusted: []string{desk.Fingerprint()}})
				h.srv.Log = nil // one line per refusal only; none expected
				next := make(chan []byte, len(pdfs))
				for _, p := range pdfs {
					next <- p
				}
				close(next)
				b.ResetTimer()
				var wg sync.WaitGroup
				for range senders {
					wg.Add(1)
					go func() {
						defer wg.Done()
						c := h.client(desk)
						for p := range next {
							if _, err := c.Push(ctx, p); err != nil {
								b.Error(err)
								return
							}
						}
					}()
				}
				wg.Wait()
				b.StopTimer()
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "certs/s")
			})
		}
	}
}
