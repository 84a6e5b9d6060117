package certificate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// TestSchemaV1RecordsLoadAndRender: a record the 2026-12 release wrote (schema
// v1, sentences as English strings) loads into today's record type with each
// sentence kept verbatim, renders as a certificate of today's layout in both
// languages with those sentences word for word, and that certificate verifies.
func TestSchemaV1RecordsLoadAndRender(t *testing.T) {
	testutil.RequireCommand(t, "pdftotext")
	c := testCertifier(t)
	v := &Verifier{Trusted: []string{c.Key.Fingerprint()}, Fonts: c.Fonts}
	for _, name := range []string{"failed-en", "failed-zh-TW"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "layouts", "records", name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), `"schema":"wipestation.record/v1"`) {
				t.Fatalf("%s is not a schema-v1 record", name)
			}
			var v1 struct {
				Reason     string   `json:"reason"`
				Exceptions []string `json:"exceptions"`
			}
			if err := json.Unmarshal(data, &v1); err != nil {
				t.Fatal(err)
			}
			var rec wipe.Record
			if err := json.Unmarshal(data, &rec); err != nil {
				t.Fatalf("a v1 record does not load: %v", err)
			}
			if rec.Reason == nil || rec.Reason.ID != msg.IDVerbatim || rec.Reason.String() != v1.Reason {
				t.Errorf("reason loaded as %+v, want %q verbatim", rec.Reason, v1.Reason)
			}
			if len(rec.Exceptions) != len(v1.Exceptions) {
				t.Fatalf("%d exceptions loaded, want %d", len(rec.Exceptions), len(v1.Exceptions))
			}
			for i, e := range rec.Exceptions {
				if e.In(msg.TraditionalChinese) != v1.Exceptions[i] {
					t.Errorf("exception %d renders %q, want %q as recorded", i, e.In(msg.TraditionalChinese), v1.Exceptions[i])
				}
			}
			doc, err := c.Render(&rec)
			if err != nil {
				t.Fatalf("render: %v", err)
			}
			text := string(pdftotext(t, doc.PDF, "-raw"))
			if !strings.Contains(strings.Join(strings.Fields(text), " "), strings.Join(strings.Fields(v1.Reason), " ")) {
				t.Errorf("the page does not show the v1 reason %q:\n%s", v1.Reason, text)
			}
			if _, err := v.Verify(doc.PDF); err != nil {
				t.Errorf("the certificate of a v1 record does not verify: %v", err)
			}
		})
	}
}
