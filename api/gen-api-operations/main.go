// Command gen-api-operations writes operations_gen.go from openapi.json (run by `go generate ./api`).
package main

import (
	"fmt"
	"os"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api/internal/specgen"
)

func main() {
	spec, err := os.ReadFile("openapi.json")
	if err == nil {
		var src []byte
		if src, err = specgen.Generate(spec); err == nil {
			err = os.WriteFile("operations_gen.go", src, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-api-operations:", err)
		os.Exit(1)
	}
}
