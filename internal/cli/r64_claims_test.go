package cli_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR64ClaimsMisspeltFlagShowsEveryFlag: README (If the first run fails) says a misspelt flag
// gives `flag provided but not defined: --sandox`, exit 2, "then the usage, which lists every
// flag". A newcomer who typed --sandox (and one who typed a flag --help lists, misspelt in its
// middle or given a single dash) reads the flag it typed, then every flag --help lists, so the
// right spelling is on the screen.
func TestR64ClaimsMisspeltFlagShowsEveryFlag(t *testing.T) {
	help := run(t, nil, "--help")
	flags := regexp.MustCompile(`(?m)^  (--[a-z-]+)`).FindAllStringSubmatch(help.stdout+help.stderr, -1)
	if help.code != 0 || len(flags) < 20 {
		t.Fatalf("--help: exit %d, %d flags:\n%s", help.code, len(flags), help.stdout+help.stderr)
	}
	for _, typed := range []string{"--sandox", "-sandox", "--human-lisen", "--exlude-tools=delete_app"} {
		got := run(t, nil, typed)
		name, _, _ := strings.Cut(strings.TrimLeft(typed, "-"), "=")
		if got.code != 2 || !strings.Contains(got.stderr, "flag provided but not defined: --"+name) {
			t.Errorf("%s: exit %d, want 2 and the flag named:\n%s", typed, got.code, got.stderr)
			continue
		}
		after := got.stderr[strings.Index(got.stderr, "not defined"):]
		for _, f := range flags {
			if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(f[1]) + `\b`).MatchString(after) {
				t.Errorf("%s: the usage after the refusal does not list %s:\n%s", typed, f[1], got.stderr)
			}
		}
	}
}

// TestR64ClaimsPageLinksIgnoreForwardedHeaders: README (HTTP trust of names and forwarded
// headers) says links to the /human/ pages follow --http-public-url or the request's Host,
// "never the forwarded headers". A caller sends X-Forwarded-Host, X-Forwarded-Proto and
// Forwarded naming its own site, to a server that trusts a proxy's forwarded headers and to one
// that does not: the person's approval page would be linked to the caller's host. The link
// keeps the request's Host, or the public URL where one is set.
func TestR64ClaimsPageLinksIgnoreForwardedHeaders(t *testing.T) {
	api := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	defer api.Close()
	env := map[string]string{"SPICE_API_URL": api.URL}
	forged := map[string]string{
		"Authorization":     "Bearer sandbox",
		"X-Forwarded-Host":  "evil.example",
		"X-Forwarded-Proto": "https",
		"Forwarded":         "host=evil2.example;proto=https",
	}
	// A public URL's path before /mcp is the pages' too: a proxy serving /spice/mcp (and
	// stripping /spice) serves them at /spice/human/.
	for _, extra := range [][]string{nil, {"--http-trust-forwarded"}, {"--http-public-url", "https://mcp.example.com/mcp"},
		{"--http-public-url", "https://mcp.example.com/spice/mcp"}} {
		s := startHTTP(t, env, extra...)
		want := strings.TrimSuffix(s.url, "/mcp") + "/human/"
		if len(extra) == 2 {
			want = strings.TrimSuffix(extra[1], "/mcp") + "/human/"
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		var req mcp.CallToolRequest
		req.Params.Name, req.Params.Arguments = "delete_app", map[string]any{"app": "docs-search"}
		res, err := s.mcpClient(ctx, forged).CallTool(ctx, req)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		out := res.Content[0].(mcp.TextContent).Text
		if link := humanweb.URLPattern.FindString(out); !strings.HasPrefix(link, want) || strings.Contains(out, "evil") {
			t.Errorf("%v: the approval link is %q, want it under %s:\n%s", extra, link, want, out)
		}
		s.stop()
	}
}

// TestR64ClaimsNotificationIsNeverAnswered: README (Member names given twice) says a request
// with a member given twice is refused, while "a notification cannot be answered and goes on as
// sent". A client that sends notifications with members given twice (params, method, a
// cancellation's requestId) gets no answer to any of them, not even an error with a null id,
// and the server goes on answering the requests after them.
func TestR64ClaimsNotificationIsNeverAnswered(t *testing.T) {
	in := strings.Join([]string{
		initialize,
		`{"jsonrpc":"2.0","method":"notifications/initialized","params":{},"params":{"x":1}}`,
		`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":9,"requestId":"9"}}`,
		`{"jsonrpc":"2.0","method":"notifications/progress","method":"notifications/cancelled"}`,
		`{"jsonrpc":"2.0","method":"notifications/roots/list_changed","jsonrpc":"2.0"}`,
		`{"jsonrpc":"2.0","id":2,"method":"ping"}`,
	}, "\n") + "\n"
	got := runWithStdin(t, strings.NewReader(in), nil, "--sandbox")
	var ids []string
	for line := range strings.SplitSeq(strings.TrimSpace(got.stdout), "\n") {
		var msg struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
		}
		if err := json.Unmarshal([]byte(line), &msg); err != nil {
			t.Fatalf("%v: %q", err, line)
		}
		if msg.Method == "" {
			ids = append(ids, string(msg.ID))
		}
	}
	slices.Sort(ids) // requests are answered concurrently: the ping may be answered before initialize
	if got.code != 0 || !slices.Equal(ids, []string{"1", "2"}) {
		t.Errorf("exit %d, answers to %v, want answers to the two requests only:\n%s\n%s", got.code, ids, got.stdout, got.stderr)
	}
}

// TestR64ClaimsForgedTokenIsOnlyDecoded: README (Scope-aware listing) says the token "is only
// decoded, never trusted: the API still decides". A caller forges an unsigned JWT naming itself
// owner of the sandbox organization with every scope: the server may list tools by what the
// token says, but a write made with it is refused by the API and changes nothing.
func TestR64ClaimsForgedTokenIsOnlyDecoded(t *testing.T) {
	emu := sandbox.New(sandbox.Config{Demo: true})
	api := httptest.NewServer(emu)
	defer api.Close()
	enc := base64.RawURLEncoding.EncodeToString
	forged := enc([]byte(`{"alg":"none","typ":"JWT"}`)) + "." +
		enc([]byte(`{"org":"sandbox","username":"r64-forger","role":"owner","scopes":["*"],"exp":4102444800}`)) + "."
	s := startHTTP(t, map[string]string{"SPICE_API_URL": api.URL})
	defer s.stop()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c := s.mcpClient(ctx, map[string]string{"Authorization": "Bearer " + forged})
	before := emu.AppCount("sandbox")
	for _, call := range []struct {
		tool string
		args map[string]any
	}{
		{"create_app", map[string]any{"name": "r64-forged"}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "R64_FORGED", "value": "x"}},
		{"update_app", map[string]any{"app": "analytics-app", "description": "r64 forged"}},
	} {
		var req mcp.CallToolRequest
		req.Params.Name, req.Params.Arguments = call.tool, call.args
		res, err := c.CallTool(ctx, req)
		if err == nil && !res.IsError {
			t.Errorf("%s with a forged token succeeded: %+v", call.tool, res.Content)
		}
	}
	if emu.AppCount("sandbox") != before {
		t.Error("an app was created with a forged token")
	}
	if _, ok := emu.SecretValue("sandbox", 101, "R64_FORGED"); ok {
		t.Error("a secret was stored with a forged token")
	}
}
