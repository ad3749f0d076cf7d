package bench

import (
	"os/exec"
	"strings"
	"testing"
)

// TestServerDependencies: packages only tests and generators need stay out of the server's
// binary, so their code and package initialisation cost nothing at start-up.
func TestServerDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "..").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	for pkg, why := range map[string]string{
		"github.com/invopop/jsonschema":                              "tool schemas are generated (go generate ./tools); argument types describe themselves with jsonSchema() *schema, not invopop's JSONSchema()",
		"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens": "token counting is for tests and benchmarks",
		"github.com/tiktoken-go/tokenizer":                           "token counting is for tests and benchmarks",
	} {
		for _, dep := range deps {
			if dep == pkg {
				t.Errorf("the server links %s: %s", pkg, why)
			}
		}
	}
}
