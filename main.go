// Command spice-cloud-mcp is an MCP server for the Spice.ai Cloud Management API.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, cli.Env{Args: os.Args[1:], Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}
