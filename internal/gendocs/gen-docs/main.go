// Command gen-docs rewrites the generated parts of README.md, manifest.json and server.json from the
// tool catalogue and the prompts (run by `go generate ./internal/gendocs`; see package gendocs).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/gendocs"
)

func main() {
	root := flag.String("root", "../..", "repository root (go generate runs in internal/gendocs)")
	flag.Parse()
	if _, err := os.Stat(filepath.Join(*root, "go.mod")); err != nil {
		fail(fmt.Errorf("-root %s is not the repository root: %w", *root, err))
	}
	changed, err := gendocs.Write(*root)
	if err != nil {
		fail(err)
	}
	for _, f := range changed {
		fmt.Println("gendocs: rewrote", f)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gendocs:", err)
	os.Exit(1)
}
