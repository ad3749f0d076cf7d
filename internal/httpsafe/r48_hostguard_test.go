package httpsafe_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/httpsafe"
)

// TestR48HostguardSameSecret: the answers are right for equal secrets, different ones of the
// same length, of different lengths (a prefix included) and empty ones. That the time does not
// depend on the length cannot be shown by a test: both digests always have 32 bytes.
func TestR48HostguardSameSecret(t *testing.T) {
	for _, c := range []struct {
		got, want string
		same      bool
	}{
		{"correct horse battery staple", "correct horse battery staple", true},
		{"correct horse battery stapla", "correct horse battery staple", false},
		{"correct horse", "correct horse battery staple", false},
		{"correct horse battery staple!", "correct horse battery staple", false},
		{"", "correct horse battery staple", false},
		{"correct horse battery staple", "", false},
		{"", "", true},
	} {
		if got := httpsafe.SameSecret(c.got, c.want); got != c.same {
			t.Errorf("SameSecret(%q, %q) = %v, want %v", c.got, c.want, got, c.same)
		}
	}
}

// TestR48HostguardLoopbackHost: localhost by name in any case, 127.0.0.0/8 and ::1, with or
// without a port; nothing that only starts or ends like one.
func TestR48HostguardLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LocalHost:8787": true, "127.0.0.1": true, "127.9.9.9:1": true,
		"[::1]": true, "[::1]:8787": true, "::1": true,
		"localhost.evil.example": false, "127.0.0.1.evil.example:8787": false, "evil.example:8787": false,
		"0.0.0.0": false, "[::]:1": false, "192.0.2.1": false, "": false,
	} {
		if got := httpsafe.LoopbackHost(host); got != want {
			t.Errorf("LoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}

// TestR48HostguardSecretsComparedByDigest: outside this package no code compares a secret a
// request carries with subtle.ConstantTimeCompare, which answers at once when the lengths
// differ; SameSecret compares digests of equal length.
func TestR48HostguardSecretsComparedByDigest(t *testing.T) {
	root := "../.."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || filepath.Base(filepath.Dir(path)) == "httpsafe" {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(src), "subtle.ConstantTimeCompare(") {
			t.Errorf("%s compares with subtle.ConstantTimeCompare: use httpsafe.SameSecret", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
