// Package e2e holds end-to-end smoke tests for the spice-cloud-mcp server binary.
//
// The tests drive the real binary with an independent MCP client implementation, the
// official Go SDK (github.com/modelcontextprotocol/go-sdk), over stdio and over
// streamable HTTP, in the modern (2026-07-28, with fallback) and legacy (2025-06-18)
// protocol eras. They run the server with --sandbox, so no account or network is needed.
// Beyond the smoke checks, the r50_* files call every tool (success and bad input, structured
// results checked against --output-schemas), the approvals with and without elicitation, every
// prompt, resource and template, completion, progress and cancellation.
//
// This is a separate Go module so that the SDK stays out of the server's build list.
// Run it with:
//
//	cd e2e && go test -race -count=1 ./...
//
// -count=1 matters: go test caches a passing result keyed on this module's files only, so
// without it a change to the server (outside this module) can be answered with a stale
// "(cached)" PASS.
//
// Set SPICE_CLOUD_MCP_BIN to test a prebuilt binary instead of building ../ first.
package e2e
