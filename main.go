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
	// The first SIGINT or SIGTERM starts a graceful shutdown; stop then restores the default
	// action, so a second one ends the process at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(ctx, stop)
	code := cli.Run(ctx, cli.Env{Args: os.Args[1:], Getenv: os.Getenv, LookupEnv: os.LookupEnv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}
