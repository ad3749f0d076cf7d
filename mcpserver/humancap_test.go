package mcpserver_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	mcpclient "github.com/mark3labs/mcp-go/client"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestHTTPCallerCannotExhaustPageLinks: over --http, where callers bring their own tokens, one
// caller that opens as many secret-entry links as it may is refused with a message about its own
// links, while a caller of another organization still gets its secret-entry and approval links.
func TestHTTPCallerCannotExhaustPageLinks(t *testing.T) {
	const erinToken, aliceToken, perCaller = "erin-token-of-tiny-9a8b", "alice-token-of-acme-7c6d", 3
	emu := sandbox.New(sandbox.Config{Demo: true,
		Orgs: []sandbox.Org{{ID: 1, Slug: "acme", Owner: "alice"}, {ID: 2, Slug: "tiny", Owner: "erin"}},
		Tokens: []sandbox.Token{{Value: aliceToken, Org: "acme", Scopes: []string{"*"}},
			{Value: erinToken, Org: "tiny", Scopes: []string{"*"}}}})
	apiServer := httptest.NewServer(emu)
	t.Cleanup(apiServer.Close)
	base, err := client.New(client.Config{BaseURL: apiServer.URL})
	if err != nil {
		t.Fatal(err)
	}
	human := humanweb.New(humanweb.Options{Mounted: true, MaxOpenPerCaller: perCaller})
	t.Cleanup(func() { _ = human.Close() })
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, false), Human: human})
	h := listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Human: human.Handler()})

	var seen strings.Builder
	callText := func(t *testing.T, c *mcpclient.Client, name string, args map[string]any) (string, bool) {
		t.Helper()
		out, isErr := callText(t, c, name, args)
		seen.WriteString(out)
		return out, isErr
	}
	erin := connect(t, h.URL(), map[string]string{"Authorization": "Bearer " + erinToken})
	for i := range perCaller {
		out, isErr := callText(t, erin, "set_secret", map[string]any{"app": "docs-search", "name": fmt.Sprintf("FILL_%d", i)})
		if isErr || !humanweb.URLPattern.MatchString(out) {
			t.Fatalf("erin's link %d: %s", i, out)
		}
	}
	out, isErr := callText(t, erin, "set_secret", map[string]any{"app": "docs-search", "name": "FILL_MORE"})
	if !isErr || !strings.Contains(out, fmt.Sprintf("you already have %d approval and secret links waiting for an answer", perCaller)) ||
		!strings.Contains(out, "Nothing was stored.") {
		t.Errorf("erin over her cap: %s", out)
	}
	if out, _ := callText(t, erin, "delete_app", map[string]any{"app": "docs-search"}); !strings.Contains(out, "answer some of yours") {
		t.Errorf("erin's approval over her cap: %s", out)
	}

	alice := connect(t, h.URL(), map[string]string{"Authorization": "Bearer " + aliceToken})
	if out, _ := callText(t, alice, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"}); !humanweb.URLPattern.MatchString(out) {
		t.Errorf("alice's secret-entry link: %s", out)
	}
	if out, _ := callText(t, alice, "delete_app", map[string]any{"app": "analytics-app"}); !humanweb.URLPattern.MatchString(out) {
		t.Errorf("alice's approval link: %s", out)
	}
	for _, token := range []string{erinToken, aliceToken} {
		if strings.Contains(seen.String(), token) {
			t.Error("a result contains a bearer token")
		}
	}
}
