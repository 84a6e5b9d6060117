package certificate

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digitorus/pdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/wipestation/wipestation/internal/testutil"
)

// appendUpdate adds an incremental update to doc, as an editor that saves
// incrementally would: the page's content gets one more stream, content, drawn
// over what is there.
func appendUpdate(t *testing.T, doc []byte, content string) []byte {
	t.Helper()
	return editPDF(t, doc, func(first uint32, p pdf.Page) (map[string]string, map[string]string, []string) {
		return map[string]string{"Contents": fmt.Sprintf("[%s %d 0 R]", ref(p.V.Key("Contents")), first)}, nil,
			[]string{streamObj(content)}
	})
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// mutoolCheck asks MuPDF's own signature checker (mutool run, PDFWidget
// validateSignature) how many updates ago the first signature became invalid
// under its permissions: 0 when the document is as signed or changed only as
// permitted.
const mutoolCheck = `var doc = new PDFDocument(scriptArgs[0]);
var ws = doc.loadPage(0).getWidgets();
for (var i = 0; i < ws.length; i++)
  if (ws[i].isSigned()) print("digest " + ws[i].checkDigest() + " invalid-since " + ws[i].validateSignature() + " history " + doc.validateChangeHistory());
`

func mutoolVerdict(t *testing.T, path string) string {
	t.Helper()
	script := writeTemp(t, "check.js", []byte(mutoolCheck))
	out, err := exec.Command("mutool", "run", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("mutool run: %v\n%s", err, out)
	}
	return strings.TrimSpace(string(out))
}

// pdfcpuStrict validates data with pdfcpu in strict mode and returns what pdfcpu
// says of its signatures.
func pdfcpuStrict(t *testing.T, path string) []*model.SignatureValidationResult {
	t.Helper()
	api.DisableConfigDir()                  // no configuration files written
	model.UserCertPool = x509.NewCertPool() // trust nothing: this checks the structure
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	if err := api.Validate(bytes.NewReader(data), conf); err != nil {
		t.Errorf("pdfcpu strict validation: %v", err)
	}
	res, err := api.ValidateSignatures(path, true, model.NewDefaultConfiguration())
	if err != nil {
		t.Fatalf("pdfcpu signatures: %v", err)
	}
	return res
}

// TestCertifiedDocMDP: a certificate is a certification signature that permits
// no changes (DocMDP P 1, /Perms in the catalog), declares the version it uses,
// passes qpdf --check and pdfcpu's strict validation, and after an incremental
// update that paints ERASED over a NOT ERASED report the validators that check
// permissions (MuPDF) call it invalid, pdfsig says it is no longer the whole
// document, and cert verify rejects it.
func TestCertifiedDocMDP(t *testing.T) {
	testutil.RequireCommand(t, "qpdf")
	testutil.RequireCommand(t, "mutool")
	testutil.RequireCommand(t, "pdfsig")
	c := testCertifier(t)
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := c.Render(tc.rec)
			if err != nil {
				t.Fatal(err)
			}
			rdr, err := pdf.NewReader(bytes.NewReader(doc.PDF), int64(len(doc.PDF)))
			if err != nil {
				t.Fatal(err)
			}
			root := rdr.Trailer().Key("Root")
			if got := root.Key("Version").Name(); got != pdfVersion {
				t.Errorf("catalog /Version = %q, want %s", got, pdfVersion)
			}
			mdp := root.Key("Perms").Key("DocMDP")
			field := root.Key("AcroForm").Key("Fields").Index(0).Key("V")
			if mdp.IsNull() || mdp.GetPtr() != field.GetPtr() {
				t.Errorf("catalog /Perms /DocMDP = %v, want the signature %v", mdp, field)
			}
			ref := mdp.Key("Reference").Index(0)
			if ref.Key("TransformMethod").Name() != "DocMDP" || ref.Key("TransformParams").Key("P").Int64() != 1 {
				t.Errorf("signature reference %v, want DocMDP with P 1", ref)
			}

			path := writeTemp(t, "cert.pdf", doc.PDF)
			if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil || !bytes.Contains(out, []byte("No syntax or stream encoding errors")) {
				t.Errorf("qpdf --check: %v\n%s", err, out)
			}
			sigs := pdfcpuStrict(t, path)
			if len(sigs) != 1 || !sigs[0].Certified() || sigs[0].Permissions() != model.CertifiedSigPermNoChangesAllowed || sigs[0].DocModified != model.False {
				t.Errorf("pdfcpu: want one certification signature permitting no changes, unmodified; got %v", sigs)
			}
			if got := mutoolVerdict(t, path); got != "digest OK invalid-since 0 history 0" {
				t.Errorf("mutool on the certificate as issued: %q", got)
			}

			// An insider's incremental update: the result banner painted green.
			forged := appendUpdate(t, doc.PDF, "q 0.106 0.431 0.227 rg 39.7 700 515.9 34 re f Q")
			fpath := writeTemp(t, "forged.pdf", forged)
			if got := mutoolVerdict(t, fpath); !strings.HasPrefix(got, "digest OK invalid-since 1") {
				t.Errorf("mutool does not flag the change a certification forbids: %q", got)
			}
			out, _ := exec.Command("pdfsig", fpath).CombinedOutput()
			if !bytes.Contains(out, []byte("Not total document signed")) {
				t.Errorf("pdfsig does not notice the update:\n%s", out)
			}
			var ve *VerifyError
			v := &Verifier{Trusted: []string{c.Key.Fingerprint()}, Fonts: c.Fonts}
			if _, err := v.Verify(forged); !errors.As(err, &ve) || ve.Problem != ProblemCoverage {
				t.Errorf("Verify(updated) = %v, want %q", err, ProblemCoverage)
			}
		})
	}
}

// TestSignatureReasonNamesKind: the signature's reason, which viewers show in
// their signature panel, says what the document is: a NOT ERASED report is
// never signed as a certificate of sanitization.
func TestSignatureReasonNamesKind(t *testing.T) {
	c := testCertifier(t)
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := c.Render(tc.rec)
			if err != nil {
				t.Fatal(err)
			}
			sig, err := signatureDict(rdr(t, doc.PDF))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := sig.Key("Reason").Text(), string(DocumentKind(tc.rec))+" "+tc.rec.CertificateID; got != want {
				t.Errorf("signature reason %q, want %q", got, want)
			}
		})
	}
}
