package store_test

import (
	"database/sql"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/register/store"
	"github.com/wipestation/wipestation/register/store/storetest"
)

// Search latency at scale (docs/register.md, README): run with
//
//	scripts/bench-register
//
// or `scripts/pg-test-server go test -run '^$' -bench BenchmarkSearch -benchtime 300x ./register/store`.
// The sizes are the issue's: a million certificates on PostgreSQL, a hundred
// thousand on the embedded database (BenchRowsEnv overrides both). Rows are
// bulk-loaded with SQL: what is measured is searching, not loading.

// BenchRowsEnv sets how many synthetic certificates the search benchmark loads.
const BenchRowsEnv = "WIPESTATION_BENCH_ROWS"

var benchRows = map[string]int{"sqlite": 100_000, "postgres": 1_000_000}

// bulkLoad inserts n synthetic certificates: 10% of the media wiped twice, 25
// workstations, 40 operators, over two years of finished times.
var bulkLoad = map[string]string{
	"sqlite": `INSERT INTO certificates (certificate_id, pdf, pdf_sha256, record_json, record_sha256, kind, signer, signing_time, pushed_by,
	serial, asset_tag, vendor, model, operator, workstation, started, finished, status, class, method, received, trust)
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
SELECT printf('WS-BENCH-%08d', i), X'25504446', 'sha', X'7B7D', 'rec', 'certificate of sanitization', 'signer', '', 'desk-key',
	printf('SN%08d', i % (? * 9 / 10)), printf('AT-%07d', i),
	CASE i % 4 WHEN 0 THEN 'Samsung' WHEN 1 THEN 'WDC' WHEN 2 THEN 'Seagate' ELSE 'Kingston' END,
	'Model ' || (i % 50), 'Operator ' || (i % 40), 'desk-' || (i % 25),
	strftime('%Y-%m-%dT%H:%M:%S.000000Z', 1700000000 + i * (63072000 / ?), 'unixepoch'),
	strftime('%Y-%m-%dT%H:%M:%S.000000Z', 1700000600 + i * (63072000 / ?), 'unixepoch'),
	CASE i % 20 WHEN 0 THEN 'failed' WHEN 1 THEN 'aborted' WHEN 2 THEN 'unverified' ELSE 'erased' END,
	CASE i % 3 WHEN 0 THEN 'Purge' WHEN 1 THEN 'Clear' ELSE 'Destroy' END,
	'nvme-sanitize-crypto', '', 'listed key'
FROM n`,
	"postgres": `INSERT INTO certificates (certificate_id, pdf, pdf_sha256, record_json, record_sha256, kind, signer, signing_time, pushed_by,
	serial, asset_tag, vendor, model, operator, workstation, started, finished, status, class, method, received, trust)
SELECT 'WS-BENCH-' || lpad(i::text, 8, '0'), '\x25504446'::bytea, 'sha', '\x7b7d'::bytea, 'rec', 'certificate of sanitization', 'signer', '', 'desk-key',
	'SN' || lpad((i % ($2::bigint * 9 / 10))::text, 8, '0'), 'AT-' || lpad(i::text, 7, '0'),
	CASE i % 4 WHEN 0 THEN 'Samsung' WHEN 1 THEN 'WDC' WHEN 2 THEN 'Seagate' ELSE 'Kingston' END,
	'Model ' || (i % 50), 'Operator ' || (i % 40), 'desk-' || (i % 25),
	to_char(to_timestamp(1700000000 + i * (63072000 / $3::bigint)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS".000000Z"'),
	to_char(to_timestamp(1700000600 + i * (63072000 / $4::bigint)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS".000000Z"'),
	CASE i % 20 WHEN 0 THEN 'failed' WHEN 1 THEN 'aborted' WHEN 2 THEN 'unverified' ELSE 'erased' END,
	CASE i % 3 WHEN 0 THEN 'Purge' WHEN 1 THEN 'Clear' ELSE 'Destroy' END,
	'nvme-sanitize-crypto', '', 'listed key'
FROM generate_series(0, $1::bigint - 1) AS i`,
}

type benchStore struct {
	s store.Store
	n int
}

// loadedStore is a store of kind with the synthetic certificates in it, for
// the whole of b (the parent of the timed benchmarks: Go runs a benchmark's
// body more than once, and loading is the slow part).
func loadedStore(b *testing.B, kind string) *benchStore {
	n := benchRows[kind]
	if v := os.Getenv(BenchRowsEnv); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1000 {
			b.Fatalf("%s=%q: want a number of at least 1000", BenchRowsEnv, v)
		}
	}
	var db *sql.DB
	var s store.Store
	var err error
	switch kind {
	case "sqlite":
		dir := b.TempDir()
		s, err = store.OpenSQLite(ctx, dir)
		if err == nil {
			db, err = sql.Open("sqlite", "file:"+dir+"/"+store.SQLiteFile+"?_pragma=busy_timeout(10000)")
		}
	case "postgres":
		url := storetest.FreshSchema(b)
		s, err = store.OpenPostgres(ctx, url)
		if err == nil {
			db, err = sql.Open("pgx", url)
		}
	}
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	if _, err := db.ExecContext(ctx, bulkLoad[kind], n, n, n, n); err != nil {
		b.Fatalf("bulk load: %v", err)
	}
	if kind == "postgres" {
		db.ExecContext(ctx, `ANALYZE certificates`)
	} else {
		db.ExecContext(ctx, `ANALYZE`)
	}
	b.Logf("%s: loaded %d certificates in %s", kind, n, time.Since(start).Round(time.Millisecond))
	b.Cleanup(func() { s.Close() })
	return &benchStore{s: s, n: n}
}

// searches are what people and asset systems ask, each as the search page
// does: the first DefaultLimit rows and the counts for the charts.
func searches(n int, r *rand.Rand) map[string]store.Query {
	i := r.IntN(n)
	serial := fmt.Sprintf("SN%08d", i%(n*9/10))
	from := time.Unix(1700000000+int64(r.IntN(63072000)), 0).UTC().Truncate(24 * time.Hour)
	return map[string]store.Query{
		"newest":                   {},
		"serial contains":          {Serial: serial[3:]},
		"history (exact)":          {Serial: serial, ExactSerial: true},
		"asset tag contains":       {AssetTag: fmt.Sprintf("%07d", i)},
		"operator, one month":      {Operator: fmt.Sprintf("Operator %d", r.IntN(40)), From: from, To: from.AddDate(0, 1, 0)},
		"workstation+class+result": {Workstation: fmt.Sprintf("desk-%d", r.IntN(25)), Class: "Purge", Status: "failed"},
	}
}

func BenchmarkSearch(b *testing.B) {
	for _, kind := range storetest.Kinds {
		bs := loadedStore(b, kind)
		b.Run(kind, func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			took := map[string][]time.Duration{}
			b.ResetTimer()
			for range b.N {
				for name, q := range searches(bs.n, r) {
					start := time.Now()
					if _, err := bs.s.Search(ctx, q); err != nil {
						b.Fatal(err)
					}
					counting := time.Now()
					if _, err := bs.s.Counts(ctx, q); err != nil {
						b.Fatal(err)
					}
					took[name] = append(took[name], counting.Sub(start))
					took[name+" (charts)"] = append(took[name+" (charts)"], time.Since(counting))
				}
			}
			b.StopTimer()
			var rows, charts []time.Duration
			names := slices.Sorted(maps.Keys(took))
			for _, name := range names {
				ds := took[name]
				if strings.HasSuffix(name, "(charts)") {
					charts = append(charts, ds...)
				} else {
					rows = append(rows, ds...)
				}
				p50, p95 := percentiles(ds)
				b.Logf("%s, %d certificates, %-36s p50 %7.1f ms  p95 %7.1f ms", kind, bs.n, name+":", ms(p50), ms(p95))
			}
			p50, p95 := percentiles(rows)
			b.ReportMetric(ms(p50), "search-p50-ms")
			b.ReportMetric(ms(p95), "search-p95-ms")
			p50, p95 = percentiles(charts)
			b.ReportMetric(ms(p50), "charts-p50-ms")
			b.ReportMetric(ms(p95), "charts-p95-ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func percentiles(ds []time.Duration) (p50, p95 time.Duration) {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)*50/100], s[min(len(s)-1, len(s)*95/100)]
}
