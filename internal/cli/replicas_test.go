package cli_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// startReplica runs the binary in HTTP mode against the shared API and returns its base URL.
// It listens on port 0 and the URL is the one it logs (startBinaryEnv): a port found free
// beforehand could be another server's by the time the replica listened, and that one's
// answer to /healthz was taken for the replica's.
func startReplica(t *testing.T, apiURL, confirmKey string) *url.URL {
	t.Helper()
	p := startBinaryEnv(t, []string{"SPICE_API_URL=" + apiURL, "SPICE_API_TOKEN=sandbox", "SPICE_MCP_CONFIRM_KEY=" + confirmKey},
		"--http-allow-server-token")
	u, err := url.Parse(strings.TrimSuffix(p.url, "/mcp"))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestTwoReplicasBehindRoundRobin runs two identical replicas behind a round-robin proxy with
// no session affinity and drives whole sessions through it — a modern client that confirms a
// deletion by multi-round-trip (question from one replica, answer checked by the other) and a
// legacy client — with every call succeeding.
func TestTwoReplicasBehindRoundRobin(t *testing.T) {
	api := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	defer api.Close()
	const key = "shared-confirmation-key-for-all-replicas"
	replicas := []*url.URL{startReplica(t, api.URL, key), startReplica(t, api.URL, key)}
	var next atomic.Int64
	var served [2]atomic.Int64
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			i := next.Add(1) % 2
			served[i].Add(1)
			r.SetURL(replicas[i])
		},
		FlushInterval: -1, // stream SSE answers through at once
	}
	// The proxy's transport may still be reading the request body (its check for EOF after
	// Content-Length bytes) when the replica's answer arrives and is streamed back. By default
	// the HTTP/1 server then drains and closes that body, the transport's late read fails and
	// it closes the backend connection mid-response: a truncated answer (golang/go#40747).
	// A proxy interleaves body reads with response writes, so it must say so.
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := http.NewResponseController(w).EnableFullDuplex(); err != nil {
			t.Errorf("front: %v", err)
		}
		proxy.ServeHTTP(w, r)
	}))
	defer front.Close()

	for _, version := range []string{"", mcp.ProtocolVersion20250618} {
		var asked atomic.Int64
		tr, err := transport.NewStreamableHTTP(front.URL+"/mcp", transport.WithHTTPTimeout(20*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		opts := []mcpclient.ClientOption{}
		if version == "" {
			opts = append(opts, mcpclient.WithElicitationHandler(countingConfirm{name: "docs-search", asked: &asked}))
		}
		c := mcpclient.NewClient(tr, opts...)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := c.Start(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := testutil.Initialize(ctx, c, version); err != nil {
			t.Fatalf("%q initialize: %v", version, err)
		}
		call := func(name string, args map[string]any) string {
			t.Helper()
			var req mcp.CallToolRequest
			req.Params.Name, req.Params.Arguments = name, args
			res, err := c.CallTool(ctx, req)
			if err != nil {
				t.Fatalf("%q %s: %v", version, name, err)
			}
			out := res.Content[0].(mcp.TextContent).Text
			if res.IsError {
				t.Fatalf("%q %s failed: %s", version, name, out)
			}
			return out
		}
		if list, err := c.ListTools(ctx, mcp.ListToolsRequest{}); err != nil || len(list.Tools) < 25 {
			t.Fatalf("%q tools/list: %v", version, err)
		}
		for range 5 {
			call("list_apps", nil)
			call("get_app", map[string]any{"app": "analytics-app"})
		}
		if version == "" {
			out := call("delete_app", map[string]any{"app": "docs-search"})
			if !strings.Contains(out, "Deleted app docs-search") || asked.Load() != 1 {
				t.Errorf("confirmed deletion across replicas: %s (asked %d)", out, asked.Load())
			}
		} else {
			// A client that cannot be asked gets an approval link; the agent's confirm is
			// ignored. The link lives in the memory of the replica that issued it, so through a
			// round-robin proxy only some requests for its page find it (README, Safety).
			call("create_app", map[string]any{"name": "replica-app"})
			var req mcp.CallToolRequest
			req.Params.Name, req.Params.Arguments = "delete_app", map[string]any{"app": "replica-app", "confirm": "replica-app"}
			res, err := c.CallTool(ctx, req)
			if err != nil || !res.IsError {
				t.Fatalf("delete_app without a person: %v %+v", err, res)
			}
			link := humanweb.URLPattern.FindString(res.Content[0].(mcp.TextContent).Text)
			if link == "" || !strings.Contains(call("list_apps", nil), "replica-app") {
				t.Fatalf("no approval link, or the app is gone: %+v", res.Content)
			}
			u, _ := url.Parse(link)
			statuses := map[int]bool{}
			for range 4 {
				r, err := http.Get(front.URL + u.Path)
				if err != nil {
					t.Fatal(err)
				}
				_ = r.Body.Close()
				statuses[r.StatusCode] = true
			}
			if !statuses[http.StatusOK] || !statuses[http.StatusNotFound] {
				t.Errorf("the link's page through round robin: %v (want found on one replica, unknown on the other)", statuses)
			}
		}
		c.Close()
		cancel()
	}
	if served[0].Load() == 0 || served[1].Load() == 0 {
		t.Errorf("the proxy did not spread requests: %d / %d", served[0].Load(), served[1].Load())
	}
}

type countingConfirm struct {
	name  string
	asked *atomic.Int64
}

func (c countingConfirm) Elicit(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	c.asked.Add(1)
	res := &mcp.ElicitationResult{}
	res.Action = mcp.ElicitationResponseActionAccept
	res.Content = map[string]any{"name": c.name}
	return res, nil
}
