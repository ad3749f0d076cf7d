package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A file far larger than any token (a log, an image, /dev/zero given by mistake) is refused
// after reading just past the limit, naming the flag and the limit, never echoing what it holds.
func TestR46LeadAuthTokenFileTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "token")
	big := strings.Repeat("s3cr3tvalue-", 2<<20/12) // 2 MiB
	if err := os.WriteFile(p, []byte(big), 0o600); err != nil {
		t.Fatal(err)
	}
	got := run(t, nil, "--sandbox", "--http", "127.0.0.1:0", "--http-auth-token-file", p)
	if got.code != 2 {
		t.Errorf("a 2 MiB token file: exit %d, want 2:\n%.300s", got.code, got.stderr)
	}
	for _, want := range []string{"--http-auth-token-file", "64 KiB"} {
		if !strings.Contains(got.stderr, want) {
			t.Errorf("refusal does not name %q:\n%.300s", want, got.stderr)
		}
	}
	if strings.Contains(got.stderr, "s3cr3tvalue") {
		t.Errorf("the file's content is echoed:\n%.300s", got.stderr)
	}
}

// /dev/zero never ends: start-up must not read it to the end (memory) but refuse it.
func TestR46LeadAuthTokenFileEndless(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	got := run(t, nil, "--sandbox", "--http", "127.0.0.1:0", "--http-auth-token-file", "/dev/zero")
	if got.code != 2 || !strings.Contains(got.stderr, "64 KiB") {
		t.Errorf("/dev/zero as token file: exit %d:\n%.300s", got.code, got.stderr)
	}
}
