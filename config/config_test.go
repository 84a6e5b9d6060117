package config

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/wipe"
)

func TestDocumentedExampleParses(t *testing.T) {
	doc, err := os.ReadFile("../docs/config.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```toml\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/config.md has no ```toml example")
	}
	c, err := Parse(m[1])
	if err != nil {
		t.Fatalf("documented example: %v", err)
	}
	if c.Language != "zh-TW" || c.Organization.Name == "" || len(c.Policy.Standards) != 3 || c.Policy.Destination != "Recycling Facility" ||
		c.Register.URL != "https://register.example:8443" {
		t.Errorf("documented example parsed to %+v", c)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, toml, want string
	}{
		{"unknown top-level key", "cert_dri = \"/x\"\n", "unknown key cert_dri"},
		{"unknown nested key", "[operator]\nnmae = \"x\"\n", "unknown key operator.nmae"},
		{"bad language", "language = \"fr\"\n", `language "fr"`},
		{"bad destination", "[policy]\ndestination = \"Landfill\"\n", `policy.destination "Landfill"`},
		{"bad backed up", "[policy]\ndata_backed_up = \"maybe\"\n", `policy.data_backed_up "maybe"`},
		{"syntax", "language = \n", "line 1"},
		{"wrong type", "[policy]\nstandards = \"NIST\"\n", "standards"},
		{"register over plain HTTP", "[register]\nurl = \"http://register:8443\"\n", `register.url "http://register:8443"`},
		{"register URL with a path", "[register]\nurl = \"https://register:8443/api\"\n", "register.url"},
		{"register URL without a host", "[register]\nurl = \"register:8443\"\n", "register.url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.toml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse(%q) = %v, want an error containing %q", tt.toml, err, tt.want)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.toml")
	t.Run("missing default file is empty config", func(t *testing.T) {
		c, err := Load(missing, false)
		if err != nil || !reflect.DeepEqual(c, &Config{}) {
			t.Fatalf("Load = %+v, %v", c, err)
		}
	})
	t.Run("missing named file is an error", func(t *testing.T) {
		if _, err := Load(missing, true); err == nil {
			t.Fatal("Load of a missing --config file succeeded")
		}
	})
	t.Run("error names the file", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.toml")
		os.WriteFile(bad, []byte("oops = 1\n"), 0o644)
		_, err := Load(bad, true)
		if err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "oops") {
			t.Fatalf("Load = %v", err)
		}
	})
}

func TestPath(t *testing.T) {
	if p, explicit := Path(""); p != DefaultPath || explicit {
		t.Errorf("Path(\"\") = %q, %v", p, explicit)
	}
	if p, explicit := Path("/x.toml"); p != "/x.toml" || !explicit {
		t.Errorf("Path(/x.toml) = %q, %v", p, explicit)
	}
}

func TestDetailsMerge(t *testing.T) {
	c := &Config{
		Language:     "zh-TW",
		Organization: Organization{Name: "Example Corp", Location: "Taipei", Phone: "02-1234"},
		Operator:     Person{Name: "Config Operator", Title: "Technician"},
		Validator:    Person{Name: "Val", Title: "Auditor", Phone: "0912"},
		Policy: Policy{Standards: []string{"NIST SP 800-88 Rev. 1"}, Classification: "Confidential",
			Destination: "Recycling Facility", DataBackedUp: "No"},
	}
	tests := []struct {
		name     string
		explicit wipe.JobDetails
		want     wipe.JobDetails
	}{
		{
			name: "config fills everything",
			want: wipe.JobDetails{
				Operator:       wipe.Person{Name: "Config Operator", Title: "Technician", Organization: "Example Corp", Location: "Taipei", Phone: "02-1234"},
				Validator:      wipe.Person{Name: "Val", Title: "Auditor", Organization: "Example Corp", Phone: "0912"},
				Classification: "Confidential", DataBackedUp: "No", Destination: "Recycling Facility",
				Language: "zh-TW", Standards: []string{"NIST SP 800-88 Rev. 1"},
			},
		},
		{
			name: "explicit flags win",
			explicit: wipe.JobDetails{
				Operator: wipe.Person{Name: "陳大文", Organization: "別的公司"}, AssetTag: "A-1",
				Destination: "Internal Reuse", Language: "en", Standards: []string{"IEEE 2883-2022"},
			},
			want: wipe.JobDetails{
				Operator:  wipe.Person{Name: "陳大文", Organization: "別的公司", Location: "Taipei", Phone: "02-1234"},
				Validator: wipe.Person{Name: "Val", Title: "Auditor", Organization: "Example Corp", Phone: "0912"},
				AssetTag:  "A-1", Classification: "Confidential", DataBackedUp: "No", Destination: "Internal Reuse",
				Language: "en", Standards: []string{"IEEE 2883-2022"},
			},
		},
		{
			// The configured title and phone are Config Operator's and Val's, not
			// those of someone else named on the command line.
			name: "another person does not inherit the configured title or phone",
			explicit: wipe.JobDetails{
				Operator:  wipe.Person{Name: "B. Lin"},
				Validator: wipe.Person{Name: "Other Validator"},
			},
			want: wipe.JobDetails{
				Operator:       wipe.Person{Name: "B. Lin", Organization: "Example Corp", Location: "Taipei", Phone: "02-1234"},
				Validator:      wipe.Person{Name: "Other Validator", Organization: "Example Corp"},
				Classification: "Confidential", DataBackedUp: "No", Destination: "Recycling Facility",
				Language: "zh-TW", Standards: []string{"NIST SP 800-88 Rev. 1"},
			},
		},
		{
			name:     "the configured person named again keeps the title",
			explicit: wipe.JobDetails{Operator: wipe.Person{Name: "Config Operator"}},
			want: wipe.JobDetails{
				Operator:       wipe.Person{Name: "Config Operator", Title: "Technician", Organization: "Example Corp", Location: "Taipei", Phone: "02-1234"},
				Validator:      wipe.Person{Name: "Val", Title: "Auditor", Organization: "Example Corp", Phone: "0912"},
				Classification: "Confidential", DataBackedUp: "No", Destination: "Recycling Facility",
				Language: "zh-TW", Standards: []string{"NIST SP 800-88 Rev. 1"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Details(tt.explicit)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Details =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
	// With no standards configured, the documents in force are cited.
	if got := (&Config{}).Details(wipe.JobDetails{}).Standards; !reflect.DeepEqual(got, []string{"NIST SP 800-88 Rev. 2", "IEEE 2883-2022"}) {
		t.Errorf("default standards %q", got)
	}
}

func TestSaveRemember(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "last.toml")
	c := &Config{CertDir: "/srv/certs"}
	c.Remember(wipe.JobDetails{Operator: wipe.Person{Name: "王小明", Phone: "123"}, AssetTag: "not kept", Destination: "Manufacturer"})
	if err := Save(path, c); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path, true)
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{CertDir: "/srv/certs", Operator: Person{Name: "王小明", Phone: "123"}, Policy: Policy{Destination: "Manufacturer"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip = %+v, want %+v", got, want)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*tmp*")); len(m) != 0 {
		t.Errorf("temporary files left: %v", m)
	}
}

// TestRememberAnotherOperator: an operator retyped as another person does not
// keep the configured person's title and phone; the same person keeps them.
func TestRememberAnotherOperator(t *testing.T) {
	configured := Person{Name: "Chen Mei-Ling", Title: "Lab manager", Phone: "+886 2 1234 5678"}
	tests := []struct {
		name string
		job  wipe.Person
		want Person
	}{
		{"another person", wipe.Person{Name: "陳𡘙明"}, Person{Name: "陳𡘙明"}},
		{"another person with a title", wipe.Person{Name: "陳𡘙明", Title: "Technician"}, Person{Name: "陳𡘙明", Title: "Technician"}},
		{"the same person", wipe.Person{Name: "Chen Mei-Ling"}, configured},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Config{Operator: configured, Validator: configured}
			c.Remember(wipe.JobDetails{Operator: tt.job, Validator: tt.job})
			if c.Operator != tt.want || c.Validator != tt.want {
				t.Errorf("operator %+v, validator %+v, want %+v", c.Operator, c.Validator, tt.want)
			}
			if d := c.Details(wipe.JobDetails{}); d.Operator.Title != tt.want.Title || d.Operator.Phone != tt.want.Phone {
				t.Errorf("next job's operator %+v, want %+v", d.Operator, tt.want)
			}
		})
	}
}

// The default file the package installs as /etc/wipestation/config.toml changes
// nothing as shipped, and uncommented it names every key there is, each valid.
func TestDefaultFile(t *testing.T) {
	data, err := os.ReadFile("default.toml")
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := Parse(data)
	if err != nil {
		t.Fatalf("as shipped: %v", err)
	}
	if !reflect.DeepEqual(shipped, &Config{}) {
		t.Errorf("as shipped it sets %+v, want nothing", shipped)
	}

	setting := regexp.MustCompile(`(?m)^# (\[[a-z_]+\]|[a-z_]+ = .*)$`)
	uncommented := setting.ReplaceAll(data, []byte("$1"))
	if _, err := Parse(uncommented); err != nil {
		t.Fatalf("uncommented: %v\n%s", err, uncommented)
	}
	present := map[string]bool{}
	table := ""
	for _, m := range regexp.MustCompile(`(?m)^(?:\[([a-z_]+)\]|([a-z_]+) = )`).FindAllSubmatch(uncommented, -1) {
		if len(m[1]) > 0 {
			table = string(m[1]) + "."
			continue
		}
		present[table+string(m[2])] = true
	}
	var walk func(typ reflect.Type, prefix string)
	walk = func(typ reflect.Type, prefix string) {
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			key := prefix + strings.Split(f.Tag.Get("toml"), ",")[0]
			if f.Type.Kind() == reflect.Struct {
				walk(f.Type, key+".")
				continue
			}
			// A person's organization, location and phone come from [organization]
			// unless set: the default file leaves them out.
			if strings.HasPrefix(key, "operator.") || strings.HasPrefix(key, "validator.") {
				if f.Name != "Name" && f.Name != "Title" {
					continue
				}
			}
			if !present[key] {
				t.Errorf("default.toml lacks the key %s", key)
			}
		}
	}
	walk(reflect.TypeOf(Config{}), "")
	if len(present) < 10 {
		t.Fatalf("found %d keys: the pattern is broken", len(present))
	}
}
