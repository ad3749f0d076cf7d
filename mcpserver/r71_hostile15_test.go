package mcpserver_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r71Hostile15Form is one way an agent that knows a secret's value dresses it to have an
// argument's echo show it.
type r71Hostile15Form struct {
	name string
	of   func(v string) string
}

var r71Hostile15Forms = []r71Hostile15Form{
	{"whole", func(v string) string { return v }},
	{"base64", func(v string) string { return base64.StdEncoding.EncodeToString([]byte(v)) }},
	{"URL-encoded", url.QueryEscape},
	{"split by zero-width spaces", func(v string) string {
		var b strings.Builder
		for i, r := range v {
			if i > 0 && i%5 == 0 {
				b.WriteString("\u200b")
			}
			b.WriteRune(r)
		}
		return b.String()
	}},
	{"split by a word joiner after the prefix", func(v string) string { return v[:4] + "\u2060" + v[4:] }},
	{"Bearer prefix", func(v string) string { return "Bearer " + v }},
	{"name=value", func(v string) string { return "API_KEY=" + v }},
	{"padded", func(v string) string { return "  " + v + " \t" }},
}

// r71Hostile15Shows reports whether s shows k: as written, with invisible characters taken
// out (as they are or spelled as a quote escapes them, \u2060), or percent-decoded (an encoded
// form the server decoded and quoted is still the value).
func r71Hostile15Shows(k testutil.R66Token, s string) bool {
	return r74Testtime15ViewsOf(s).show(k)
}

var r71Hostile15Escaped = regexp.MustCompile(`\\+u[0-9a-fA-F]{4}`)

// r71Hostile15Defaults are the values a tool's other required arguments take, so that the
// argument under test is read as far as a real call reads it.
var r71Hostile15Defaults = map[string]any{
	"app": "analytics-app", "name": "PG_PASS", "member": "bob", "username": "bob", "step": "start",
	"key_number": 1, "deployment_id": 1, "roles": []any{"member"}, "repository": "spiceai/demo",
}

// r71Hostile15Argument is one way to put v into a schema property: a string as itself, a list
// as one item, an object as a key and as a value (tags, secrets, resources), and a number or a
// boolean as the string it does not take (a validation error may quote it).
func r71Hostile15Argument(p any, v string) []any {
	m, _ := p.(map[string]any)
	switch m["type"] {
	case "array":
		return []any{[]any{v}}
	case "object":
		return []any{map[string]any{v: "x"}, map[string]any{"KEY": v}}
	default: // string, integer, number, boolean, none (a spicepod: text or an object)
		return []any{v}
	}
}

// r71Hostile15Call is one call of the sweep.
type r71Hostile15Call struct {
	tool, arg string
	args      map[string]any
}

// r71Hostile15Calls is, for every tool of the catalog and each of its arguments, the calls
// that put v there, the tool's other required arguments at their defaults.
func r71Hostile15Calls(catalog []mcp.Tool, v string) []r71Hostile15Call {
	var calls []r71Hostile15Call
	for _, tool := range catalog {
		names := make([]string, 0, len(tool.InputSchema.Properties))
		for name := range tool.InputSchema.Properties {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			for _, a := range r71Hostile15Argument(tool.InputSchema.Properties[name], v) {
				args := map[string]any{name: a}
				for _, r := range tool.InputSchema.Required {
					if r == name {
						continue
					}
					if d, ok := r71Hostile15Defaults[r]; ok {
						args[r] = d
					} else {
						args[r] = "analytics-app"
					}
				}
				calls = append(calls, r71Hostile15Call{tool.Name, name, args})
			}
		}
	}
	return calls
}

// r71Hostile15Sample is the families the sweep sends: every fifth, and those whose values hold
// what an encoding changes (a URL's password, a connection string's key, a JWT's dots).
func r71Hostile15Sample() []testutil.R66Token {
	var out []testutil.R66Token
	for i, k := range testutil.R66HostileTokens() {
		if i%5 == 0 || k.Family == "URL password" || k.Family == "Azure storage" || k.Family == "JWT" {
			out = append(out, k)
		}
	}
	return out
}

// TestR71Hostile15EveryArgumentEchoesNoToken: every argument of every tool of the catalog (read
// from tools/list, so a tool added later is swept too), given a token in each form an agent
// that knows it would try (r71Hostile15Forms), with the approvals an agent may give itself
// (--confirm agent): neither a result's text nor its structured content, nor the debug log,
// shows the token — whole, with invisible characters taken out, or percent-decoded.
func TestR71Hostile15EveryArgumentEchoesNoToken(t *testing.T) {
	t.Parallel()
	r71Hostile15EachFamily(t, func(t *testing.T, k testutil.R66Token, h *harness, catalog []mcp.Tool, n *atomic.Int64) {
		for _, f := range r71Hostile15Forms {
			for _, c := range r71Hostile15Calls(catalog, f.of(k.Value)) {
				n.Add(1)
				if got := r71Hostile15Everything(h.call(t, c.tool, c.args)); r71Hostile15Shows(k, got) {
					t.Errorf("%s, %s, as %s's %s: the result shows it: %.500s", k.Family, f.name, c.tool, c.arg, got)
				}
			}
		}
		logs := r74Testtime15ViewsOf(h.logs.String()) // read once for every token
		for _, k := range testutil.R66HostileTokens() {
			if logs.show(k) {
				t.Errorf("%s: the debug log shows it: %s", k.Family, r66H10Around(h.logs.String(), k.Value[len(k.Value)-12:]))
			}
		}
	})
}

// r71Hostile15EachFamily runs sweep once per family of r71Hostile15Sample, each in a parallel
// subtest with its own server (--confirm agent, demo data) and its tools/list, then fails
// unless the sweeps made 1,000 calls at least (counted in n). One subtest per family: the
// sweep's 67 CPU seconds under -race, in one piece, were the last test of the package's
// parallel phase.
func r71Hostile15EachFamily(t *testing.T, sweep func(t *testing.T, k testutil.R66Token, h *harness, catalog []mcp.Tool, n *atomic.Int64)) {
	t.Helper()
	var n atomic.Int64
	t.Run("families", func(t *testing.T) {
		for _, k := range r71Hostile15Sample() {
			t.Run(k.Family, func(t *testing.T) {
				t.Parallel()
				h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
				sweep(t, k, h, h.listTools(t), &n)
			})
		}
	})
	if n.Load() < 1000 {
		t.Fatalf("only %d calls", n.Load())
	}
}

// r71Hostile15Everything is a result's text and structured content, as JSON whose characters
// are written as they are (everything's encoder writes <, > and & escaped).
func r71Hostile15Everything(res *mcp.CallToolResult) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(res)
	return b.String()
}

// r71Hostile15Plain is a secret's value no rule of Credentials in text recognises: only the call
// that sends it knows it is one.
var r71Hostile15Plain = testutil.R66Token{Family: "a plain value", Value: "Correct-Horse-R66hostile10-Battery"}

// TestR71Hostile15ValueSentInTheSameCall: set_secret's value, and create_and_deploy_app's
// secrets, are redacted from everything their call shows (README: a tool call redacts the values
// it sends), so an agent that puts the value it sets into the call's other arguments (whole,
// split by invisible characters, after Bearer, as name=value, padded) sees none of it back.
// The value is one no rule masks by its shape.
func TestR71Hostile15ValueSentInTheSameCall(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	k := r71Hostile15Plain
	var catalog []mcp.Tool
	for _, tool := range h.listTools(t) {
		if tool.Name == "set_secret" || tool.Name == "create_and_deploy_app" {
			catalog = append(catalog, tool)
		}
	}
	n := 0
	for _, f := range r71Hostile15Forms {
		if f.name == "base64" || f.name == "URL-encoded" { // an encoding no call can tell from other text
			continue
		}
		for _, c := range r71Hostile15Calls(catalog, f.of(k.Value)) {
			if c.arg == "value" || c.arg == "value_from_env" || c.arg == "value_from_file" || c.arg == "secrets" {
				continue
			}
			if c.tool == "set_secret" {
				c.args["value"] = k.Value
			} else {
				c.args["secrets"] = map[string]any{"PG_PASS": k.Value}
			}
			n++
			if got := r71Hostile15Everything(h.call(t, c.tool, c.args)); r71Hostile15Shows(k, got) {
				t.Errorf("%s as %s's %s: the result shows the value it sets: %.500s", f.name, c.tool, c.arg, got)
			}
		}
	}
	if n < 40 {
		t.Fatalf("only %d calls", n)
	}
	if r71Hostile15Shows(k, h.logs.String()) {
		t.Errorf("the debug log shows it: %s", r66H10Around(h.logs.String(), "R66hostile10"))
	}
}

// TestR71Hostile15ValueOfAnEarlierCallIsNotKnown: round 71 held that a value set_secret stored
// was not remembered for masking, so a later call quoting it showed it as sent. Round 72
// remembers the values a caller's calls send (an hour, 12 bytes or more: README, Secret
// hygiene), so the same later refusal now shows none of it; the name is kept, the
// assertion turned.
func TestR71Hostile15ValueOfAnEarlierCallIsNotKnown(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	k := r71Hostile15Plain
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": k.Value})
	if got := h.fail(t, "get_app", map[string]any{"app": k.Value}); strings.Contains(got, k.Value) || !strings.Contains(got, "[REDACTED]") {
		t.Errorf("a later call's refusal: %s", got)
	}
}

// TestR71Hostile15ClientErrorsShowNoTokenOverHTTP: round 70's upstream answers quoting a token
// (r70Hostile14Answers: a JSON error body, a web page, a plain-text body, a redirect to a host
// named by the token, one with it as userinfo, headers), over the streamable HTTP transport with
// mcp-go's HTTP client: neither a tool's result nor a resource's error, nor the debug log,
// shows it.
func TestR71Hostile15ClientErrorsShowNoTokenOverHTTP(t *testing.T) {
	t.Parallel()
	up := &r70Hostile14Upstream{}
	api, logger, logs := r70Hostile14Client(t, up)
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: func(context.Context) (*client.Client, error) { return api, nil }, Logger: logger})
	h, err := mcpserver.ListenHTTP(srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.Serve(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	c, err := mcpclient.NewStreamableHttpClient(h.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := testutil.Initialize(ctx, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION); err != nil {
		t.Fatal(err)
	}
	n := 0
	for i, k := range testutil.R66HostileTokens() {
		if i%3 != 0 && i < 66 {
			continue
		}
		for _, a := range r70Hostile14Answers {
			up.set(&a, k.Value)
			var call mcp.CallToolRequest
			call.Params.Name, call.Params.Arguments = "list_secrets", map[string]any{"app": "analytics-app"}
			res, err := c.CallTool(ctx, call)
			if err != nil {
				t.Fatalf("%s in the %s: %v", k.Family, a.name, err)
			}
			if got := r71Hostile15Everything(res); k.Leaked(got) || !res.IsError {
				t.Errorf("%s in the %s: the result shows it: %.600s", k.Family, a.name, got)
			}
			var read mcp.ReadResourceRequest
			read.Params.URI = "spice://apps/analytics-app/deployments"
			if res, err := c.ReadResource(ctx, read); err != nil && k.Leaked(err.Error()) {
				t.Errorf("%s in the %s: the resource's error shows it: %.600s", k.Family, a.name, err)
			} else if err == nil && k.Leaked(r66Hostile10JSON(res)) {
				t.Errorf("%s in the %s: the resource shows it: %.600s", k.Family, a.name, r66Hostile10JSON(res))
			}
			n++
		}
	}
	if n < 100 {
		t.Fatalf("only %d answers", n)
	}
	for _, k := range testutil.R66HostileTokens() {
		if k.Leaked(logs.String()) {
			t.Errorf("%s: the debug log shows it: %s", k.Family, r66H10Around(logs.String(), k.Value[len(k.Value)-12:]))
		}
	}
}
