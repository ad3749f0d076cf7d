package mcpserver_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r71Testtime9ClientOf is demoClient for an emulator of cfg (its clock, say).
func r71Testtime9ClientOf(t *testing.T, cfg sandbox.Config) func(context.Context) (*client.Client, error) {
	t.Helper()
	api := httptest.NewServer(sandbox.New(cfg))
	t.Cleanup(api.Close)
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	return func(context.Context) (*client.Client, error) { return c, nil }
}
