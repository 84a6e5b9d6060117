package certificate

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestLoadOrCreateKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "key")
	k, err := LoadOrCreateKey(dir, "desk-01", "Example Corp", fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, KeyFile): 0o600} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s mode %v, want %v", path, st.Mode().Perm(), want)
		}
	}
	again, err := LoadOrCreateKey(dir, "other", "", fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	if again.Fingerprint() != k.Fingerprint() {
		t.Error("second use made a new key")
	}
	der, _ := x509.MarshalPKIXPublicKey(&k.Private.PublicKey)
	sum := sha256.Sum256(der)
	if k.Fingerprint() != hex.EncodeToString(sum[:]) {
		t.Error("fingerprint is not SHA-256 of the PKIX DER public key")
	}
	if k.Cert.Subject.CommonName != "wipestation workstation desk-01" || k.Cert.Subject.Organization[0] != "Example Corp" {
		t.Errorf("certificate subject %v", k.Cert.Subject)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*")); len(m) != 0 {
		t.Errorf("temporary files left: %v", m)
	}
}

func TestLoadOrCreateKeyConcurrent(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	fps := make([]string, 8)
	for i := range fps {
		wg.Go(func() {
			k, err := LoadOrCreateKey(dir, "desk", "", fixedNow())
			if err != nil {
				t.Error(err)
				return
			}
			fps[i] = k.Fingerprint()
		})
	}
	wg.Wait()
	k, err := LoadKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, fp := range fps {
		if fp != k.Fingerprint() {
			t.Errorf("caller %d got key %s, the file holds %s", i, fp, k.Fingerprint())
		}
	}
}

func TestLoadKeyMissing(t *testing.T) {
	if _, err := LoadKey(t.TempDir()); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("LoadKey of an empty dir = %v, want ErrNotExist", err)
	}
}

func TestExportRoundTrip(t *testing.T) {
	k := testKey(t)
	pem := k.PublicPEM()
	fps, err := ParseTrustedKeys(pem)
	if err != nil {
		t.Fatal(err)
	}
	if len(fps) != 2 || fps[0] != k.Fingerprint() || fps[1] != k.Fingerprint() {
		t.Errorf("ParseTrustedKeys = %v, want the key twice (public key and certificate)", fps)
	}
	pub, err := ParsePublicKey(pem)
	if err != nil || !pub.Equal(&k.Private.PublicKey) {
		t.Errorf("ParsePublicKey = %v", err)
	}
	if _, err := ParseTrustedKeys([]byte("nothing")); err == nil {
		t.Error("ParseTrustedKeys accepted a file without keys")
	}
}

func TestDefaultKeyDir(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		name string
		euid int
		env  map[string]string
		want string
	}{
		{"root", 0, nil, "/var/lib/wipestation/key"},
		{"override", 0, map[string]string{KeyDirEnv: "/srv/key"}, "/srv/key"},
		{"user with XDG", 1000, map[string]string{"XDG_CONFIG_HOME": "/home/a/.cfg", "HOME": "/home/a"}, "/home/a/.cfg/wipestation"},
		{"user", 1000, map[string]string{"HOME": "/home/a"}, "/home/a/.config/wipestation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DefaultKeyDir(tt.euid, env(tt.env)); got != tt.want {
				t.Errorf("DefaultKeyDir = %q, want %q", got, tt.want)
			}
		})
	}
}
