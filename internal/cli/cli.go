// Package cli parses the command line and runs the chosen mode; main only hands it the process.
package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
)

// Version is stamped at build time with -ldflags "-X github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli.Version=v1.2.3";
// `go install module@version` builds report the module version instead.
var Version = "dev"

// CurrentVersion is Version, or the module version recorded by `go install`.
func CurrentVersion() string {
	if Version != "dev" {
		return Version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return Version
}

const usage = `spice-cloud-mcp — an MCP server for the Spice.ai Cloud Management API.

Usage:
  spice-cloud-mcp sandbox-api [--listen ADDR]   serve the Management API emulator alone over HTTP
  spice-cloud-mcp --version                     print the version
  spice-cloud-mcp --help                        print this help
`

// Run executes the command line args (without the program name) and returns the exit code.
// Logs go to stderr only: in stdio mode stdout carries JSON-RPC and nothing else.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	newLogger := func(level, format string) (*slog.Logger, error) {
		lvl, err := logging.ParseLevel(level)
		if err != nil {
			return nil, err
		}
		return logging.New(stderr, lvl, format)
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "sandbox-api":
		return runSandboxAPI(ctx, args[1:], stderr, newLogger)
	case "--version", "-version", "version":
		fmt.Fprintln(stdout, "spice-cloud-mcp", CurrentVersion())
		return 0
	case "--help", "-help", "-h", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "unknown command %q\n\n%s", args[0], usage)
	return 2
}
