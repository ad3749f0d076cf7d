package mcpserver_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// A confirmation question that fails — the client answers elicitation/create with an error, or
// the call ends while it waits — is the tool's result (isError), saying that nothing was
// changed and what to do, not a JSON-RPC internal error in mcp-go's words; the log records a
// failure, and nothing is deleted.
func TestFailedQuestionIsAResult(t *testing.T) {
	for _, protocol := range []string{"", "2025-06-18"} {
		t.Run("client error "+protocol, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: protocol,
				elicit: func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
					return nil, errors.New("user closed dialog")
				}})
			got := h.fail(t, "delete_app", map[string]any{"app": "docs-search"})
			mustContain(t, "result", got, "The confirmation question could not be answered", "user closed dialog",
				"Nothing was changed", "Call the tool again")
			if strings.Contains(got, "multi round-trip") || strings.Contains(got, "fulfilling input request") {
				t.Errorf("mcp-go's wording reached the result:\n%s", got)
			}
			h.ok(t, "get_app", map[string]any{"app": "docs-search"})
			lines := logLines(t, h.logs.String(), "tool call")
			if len(lines) == 0 || lines[0]["error"] != true {
				t.Errorf("the call is logged as a success: %v", lines)
			}
		})
	}
	t.Run("cancelled while asking", func(t *testing.T) {
		asked := make(chan struct{}, 1)
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
			elicit: func(ctx context.Context, _ mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
				asked <- struct{}{}
				<-ctx.Done()
				return nil, ctx.Err()
			}})
		ctx, cancel := context.WithCancel(context.Background())
		go func() { <-asked; cancel() }()
		var req mcp.CallToolRequest
		req.Params.Name = "delete_app"
		req.Params.Arguments = map[string]any{"app": "docs-search"}
		_, _ = h.mcp.CallTool(ctx, req)
		deadline := time.Now().Add(5 * time.Second)
		var lines []map[string]any
		for len(lines) == 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
			lines = logLines(t, h.logs.String(), "tool call")
		}
		if len(lines) != 1 || lines[0]["error"] != true || lines[0]["reason"] != "cancelled" {
			t.Errorf("log lines %v, want one failed call, reason cancelled", lines)
		}
		h.ok(t, "get_app", map[string]any{"app": "docs-search"})
	})
}

// whoami with credentials the API rejects (401 on listOrgs) says so, as a failure; a 403 (the
// token works but may not list organizations) leaves the role unknown, without one.
func TestWhoamiSaysTheTokenIsRejected(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, token: "revoked-token"})
	got := h.fail(t, "whoami", nil)
	mustContain(t, "401", got, "The Spice.ai API rejected these credentials", "401 Unauthorized", "ask the user to check SPICE_API_TOKEN",
		"Scopes: unknown: the API rejects the token", "tools are listed, but those that call the Spice.ai API will not work until the credentials are fixed")
	if strings.Contains(got, "are available") {
		t.Errorf("whoami says the tools are available with credentials the API rejects:\n%s", got)
	}
	if strings.Contains(got, "revoked-token") {
		t.Errorf("the token appears in the result:\n%s", got)
	}

	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.ListOrgs.ID, Status: 403})
	got = h.ok(t, "whoami", nil)
	if strings.Contains(got, "rejected") {
		t.Errorf("a 403 reads as rejected credentials:\n%s", got)
	}
}

// A URL-mode question (a secret-entry page) that fails withdraws the page: nobody enters a
// value the call no longer waits for.
func TestFailedPageQuestionWithdrawsThePage(t *testing.T) {
	var link string
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: mcp.ProtocolVersion20251125, capabilities: urlCapable,
		elicit: func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
			link = req.Params.URL
			return nil, errors.New("cannot open URLs")
		}})
	got := h.fail(t, "set_secret", map[string]any{"app": "analytics-app", "name": "ZZ_NEW"})
	mustContain(t, "result", got, "The question with the secret-entry page could not be answered", "cannot open URLs",
		"The page was withdrawn", "Call the tool again")
	if link == "" {
		t.Fatal("no URL-mode question was asked")
	}
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Errorf("the withdrawn page still answers %d", resp.StatusCode)
	}
}
