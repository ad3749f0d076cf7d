package cli_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// TestR41EmuconcSandboxAPIRefusesSlugsDifferingInCase: sandbox-api refuses an organization
// given twice (sandboxconfig.go:344) only when the slugs are spelled alike, yet the emulator
// reads X-Org-Name without case (rules.SameName; auth.go:207), so "acme" and "ACME" start a
// world where one header names either organization at random (sandbox
// TestR41EmuconcOrgSlugsDifferingInCase). It should be refused like "a" twice.
func TestR41EmuconcSandboxAPIRefusesSlugsDifferingInCase(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var stdout, stderr testutil.SyncBuffer
	code := cli.Run(ctx, cli.Env{Args: []string{"sandbox-api", "--listen", "127.0.0.1:0",
		"--org", "slug=acme,owner=x", "--org", "slug=ACME,owner=y"},
		Getenv: getenv(nil), LookupEnv: lookupEnv(nil), Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
	if code != 2 || !strings.Contains(stderr.String(), "given twice") {
		first, _, _ := strings.Cut(stderr.String(), "\n")
		t.Errorf("exit %d, stderr %q: want exit 2, the organization given twice", code, first)
	}
}
