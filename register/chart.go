package register

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/wipestation/wipestation/register/store"
)

// Chart sizes, in SVG user units (CSS pixels): wide enough for a month of
// days at a readable bar width, and no more bars than a person can tell
// apart; the rest is summed up in words.
const (
	chartDays       = 62 // about two months, the newest
	chartBars       = 12 // workstations or classes
	dayChartWidth   = 620
	dayChartHeight  = 160
	barChartWidth   = 420
	barHeight       = 20
	barLabelWidth   = 150
	chartAxisMargin = 36
	maxDaySlot      = 30
)

// chartsSVG draws a search's counts as one SVG image: certificates per day
// on top, per workstation and per NIST class below, with the total. It is an
// image of its own (GET /search/charts.svg), so that the search page does not
// wait for counting a large result, and it runs no script: every number is
// also written as text and in each bar's title.
func chartsSVG(l lang, c store.Counts) []byte {
	ws := barChart(l, c.ByWorkstation, func(k string) string { return k })
	cl := barChart(l, c.ByClass, l.Word)
	below := max(ws.height, cl.height)
	const caption = 22
	width := max(dayChartWidth, 2*barChartWidth+20)
	height := caption + dayChartHeight + caption + below + caption
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`,
		width, height, width, height)
	fmt.Fprintf(&b, `<title>%s</title>`, esc(l.Tf("search.total", c.Total)))
	caps := `<text x="%d" y="%d" font-weight="bold" font-size="13">%s</text>`
	fmt.Fprintf(&b, caps, 0, 15, esc(l.T("chart.day")))
	fmt.Fprintf(&b, `<svg x="0" y="%d">%s</svg>`, caption, dayChart(c.ByDay))
	y := caption + dayChartHeight
	fmt.Fprintf(&b, caps, 0, y+15, esc(l.T("chart.workstation")))
	fmt.Fprintf(&b, caps, barChartWidth+20, y+15, esc(l.T("chart.class")))
	fmt.Fprintf(&b, `<svg x="0" y="%d">%s</svg>`, y+caption, ws.body)
	fmt.Fprintf(&b, `<svg x="%d" y="%d">%s</svg>`, barChartWidth+20, y+caption, cl.body)
	fmt.Fprintf(&b, `<text id="total" x="0" y="%d">%s</text>`, height-6, esc(l.Tf("search.total", c.Total)))
	b.WriteString(`</svg>`)
	return []byte(b.String())
}

func maxN(cs []store.Count) int {
	m := 1
	for _, c := range cs {
		m = max(m, c.N)
	}
	return m
}

func esc(s string) string { return html.EscapeString(s) }

// everyDay fills the days between the first and the last counted with
// zeros, so that the columns' spacing is time's; at most the newest
// chartDays. Keys that are not dates are left as they are.
func everyDay(counted []store.Count) []store.Count {
	if len(counted) == 0 {
		return nil
	}
	first, err1 := time.Parse(time.DateOnly, counted[0].Key)
	last, err2 := time.Parse(time.DateOnly, counted[len(counted)-1].Key)
	if err1 != nil || err2 != nil {
		return counted
	}
	if start := last.AddDate(0, 0, 1-chartDays); first.Before(start) {
		first = start
	}
	n := map[string]int{}
	for _, c := range counted {
		n[c.Key] = c.N
	}
	var out []store.Count
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		k := d.Format(time.DateOnly)
		out = append(out, store.Count{Key: k, N: n[k]})
	}
	return out
}

// dayChart is a column per day, oldest left, days without certificates
// included.
func dayChart(counted []store.Count) string {
	days := everyDay(counted)
	if len(days) == 0 {
		return ""
	}
	top := maxN(days)
	plotW := dayChartWidth - chartAxisMargin
	plotH := dayChartHeight - 2*barHeight
	// A few days draw narrow columns, not a wall.
	slot := min(float64(plotW)/float64(len(days)), maxDaySlot)
	var b strings.Builder
	b.WriteString(`<g font-size="11">`)
	fmt.Fprintf(&b, `<line x1="%d" y1="0" x2="%d" y2="%d" stroke="#888"/>`, chartAxisMargin, chartAxisMargin, plotH)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#888"/>`, chartAxisMargin, plotH, dayChartWidth, plotH)
	fmt.Fprintf(&b, `<text x="%d" y="10" text-anchor="end">%d</text>`, chartAxisMargin-4, top)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">0</text>`, chartAxisMargin-4, plotH)
	for i, c := range days {
		if c.N == 0 {
			continue
		}
		h := float64(plotH-12) * float64(c.N) / float64(top)
		x := float64(chartAxisMargin) + float64(i)*slot + slot*0.1
		fmt.Fprintf(&b, `<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#3a6ea5"><title>%s: %d</title></rect>`,
			x, float64(plotH)-h, slot*0.8, h, esc(c.Key), c.N)
	}
	first, last := days[0].Key, days[len(days)-1].Key
	fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`, chartAxisMargin, plotH+14, esc(first))
	if last != first {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="end">%s</text>`, max(float64(chartAxisMargin)+float64(len(days))*slot, 200), plotH+14, esc(last))
	}
	b.WriteString(`</g>`)
	return b.String()
}

// bars is a drawn bar chart and its height.
type bars struct {
	body   string
	height int
}

// barChart is a row per key, most first, with its count written after the bar.
func barChart(l lang, cs []store.Count, label func(string) string) bars {
	if len(cs) == 0 {
		return bars{}
	}
	rest := 0
	if len(cs) > chartBars {
		for _, c := range cs[chartBars:] {
			rest += c.N
		}
		cs = cs[:chartBars]
	}
	top := maxN(cs)
	rows := len(cs)
	if rest > 0 {
		rows++
	}
	height := rows*barHeight + 4
	plotW := barChartWidth - barLabelWidth - chartAxisMargin
	var b strings.Builder
	for i, c := range cs {
		y := i*barHeight + 2
		w := float64(plotW) * float64(c.N) / float64(top)
		name := label(c.Key)
		if name == "" {
			name = "—"
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, barLabelWidth-6, y+barHeight-6, esc(truncateRunes(name, 22)))
		fmt.Fprintf(&b, `<rect class="bar" x="%d" y="%d" width="%.1f" height="%d" fill="#3a6ea5"><title>%s: %d</title></rect>`,
			barLabelWidth, y+2, w, barHeight-4, esc(name), c.N)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">%d</text>`, float64(barLabelWidth)+w+4, y+barHeight-6, c.N)
	}
	if rest > 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" fill="#555">%s</text>`, barLabelWidth-6, len(cs)*barHeight+barHeight-4, esc(l.Tf("chart.more", rest)))
	}
	return bars{body: b.String(), height: height}
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
