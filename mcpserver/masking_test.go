package mcpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestMaskingCorpusOnEveryPath stores every spicepod of the masking corpus
// (present/testdata/spicepods: one per connector family of Spice's documentation, with
// credentials planted inline, in connection strings, URL userinfo and query strings, and model
// API keys) in an app and reads it back through every path that shows a spicepod: update_app,
// get_app and describe_app (text and structured content) and the spice://apps/{app} resource.
// No planted credential is visible anywhere; the secrets stanza and whole ${...} references
// stay readable; and the masked spicepod sent back — as the object from structured content or
// as the YAML from the text — is refused by update_app and create_and_deploy_app, naming a
// path, before any request.
func TestMaskingCorpusOnEveryPath(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	corpus, err := testutil.SpicepodCorpus("../present/testdata/spicepods")
	if err != nil {
		t.Fatal(err)
	}
	if len(corpus) < 15 {
		t.Fatalf("the corpus has %d spicepods, want at least 15", len(corpus))
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	ctx := context.Background()
	planted, paths := 0, 0
	for _, c := range corpus {
		t.Run(c.Name, func(t *testing.T) {
			original, msg := rules.ParseSpicepod(c.YAML)
			if msg != "" {
				t.Fatal(msg)
			}
			app := "corpus-" + strings.TrimSuffix(strings.ReplaceAll(c.Name, ".", "-"), "-yaml")
			h.ok(t, "create_app", map[string]any{"name": app})

			type view struct {
				name string
				res  *mcp.CallToolResult
				text string
			}
			var views []view
			add := func(name string, res *mcp.CallToolResult) {
				if res.IsError {
					t.Fatalf("%s failed: %s", name, text(res))
				}
				views = append(views, view{name, res, text(res)})
			}
			add("update_app", h.call(t, "update_app", map[string]any{"app": app, "spicepod": c.YAML}))
			add("get_app", h.call(t, "get_app", map[string]any{"app": app}))
			add("describe_app", h.call(t, "describe_app", map[string]any{"app": app}))
			var req mcp.ReadResourceRequest
			req.Params.URI = "spice://apps/" + app
			read, err := h.mcp.ReadResource(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			views = append(views, view{name: "resource", text: read.Contents[0].(mcp.TextResourceContents).Text})

			for _, v := range views {
				all := v.text
				if v.res != nil {
					all += "\n" + unescapedJSON(t, v.res.StructuredContent) + "\n" + everything(v.res)
				}
				for _, p := range c.Planted {
					if strings.Contains(all, p) {
						t.Errorf("%s shows the planted credential %q:\n%s", v.name, p, all)
					}
				}
				for _, r := range c.Readable {
					if !strings.Contains(v.text, r) {
						t.Errorf("%s: %q should stay readable in the text:\n%s", v.name, r, v.text)
					}
				}
				if v.res == nil {
					continue
				}
				pod := structuredSpicepod(t, v.res)
				if !reflect.DeepEqual(pod["secrets"], original["secrets"]) {
					t.Errorf("%s: secrets stanza %v, want %v", v.name, pod["secrets"], original["secrets"])
				}
				for _, r := range c.Readable {
					if strings.HasPrefix(r, "${") && !strings.Contains(unescapedJSON(t, pod), r) {
						t.Errorf("%s: reference %q missing from structured content", v.name, r)
					}
				}
			}
			planted += len(c.Planted) * len(views)

			// Copying the masked spicepod back is refused, naming where, before any request.
			masked := structuredSpicepod(t, views[1].res)
			maskedYAML := yamlBlock(t, views[1].text)
			before := totalCalls(h)
			for _, call := range []struct {
				tool string
				args map[string]any
			}{
				{"update_app", map[string]any{"app": app, "spicepod": masked}},
				{"update_app", map[string]any{"app": app, "spicepod": maskedYAML}},
				{"create_and_deploy_app", map[string]any{"name": app + "-x", "spicepod": masked}},
				{"create_and_deploy_app", map[string]any{"name": app + "-x", "spicepod": maskedYAML}},
			} {
				refusal := h.fail(t, call.tool, call.args)
				mustContain(t, call.tool+" refusal", refusal, "nothing was sent", "spicepod", `"`+present.Masked+`"`)
				if first := present.MaskedPaths(masked)[0]; !strings.Contains(refusal, first) {
					t.Errorf("%s: the refusal does not name %s: %s", call.tool, first, refusal)
				}
			}
			paths += len(present.MaskedPaths(masked))
			if after := totalCalls(h); after != before {
				t.Errorf("refused calls reached the API: %d requests", after-before)
			}
			// The stored spicepod is the original.
			if again := structuredSpicepod(t, h.call(t, "get_app", map[string]any{"app": app})); !reflect.DeepEqual(again, masked) {
				t.Error("the stored spicepod changed")
			}
		})
	}
	t.Logf("%d spicepods, %d planted-credential checks over 4 paths, %d masked paths refused", len(corpus), planted, paths)
}

// TestMaskPlaceholderRefusedInPart: one masked value among real ones is enough to refuse.
func TestMaskPlaceholderRefusedInPart(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	pod := "version: v1\nkind: Spicepod\nname: pg\ndatasets:\n  - from: postgres:orders\n    name: orders\n    params:\n" +
		"      pg_host: db.internal\n      pg_pass: \"" + present.Masked + "\"\n"
	before := totalCalls(h)
	mustContain(t, "update_app", h.fail(t, "update_app", map[string]any{"app": "docs-search", "spicepod": pod}),
		"datasets[0].params.pg_pass", "an app secret")
	unquoted := strings.Replace(pod, `"`+present.Masked+`"`, present.Masked, 1)
	mustContain(t, "update_app (unquoted)", h.fail(t, "update_app", map[string]any{"app": "docs-search", "spicepod": unquoted}),
		"line 9", "not valid YAML")
	if after := totalCalls(h); after != before {
		t.Errorf("refused calls reached the API: %d requests", after-before)
	}
}

// totalCalls counts every request the emulator has answered.
func totalCalls(h *harness) int {
	n := 0
	for _, calls := range upstreamCalls(h) {
		n += calls
	}
	return n
}

// structuredSpicepod finds the app's spicepod in a result's structured content (an app, or
// describe_app's overview of one).
func structuredSpicepod(t *testing.T, res *mcp.CallToolResult) map[string]any {
	t.Helper()
	var out struct {
		client.Project
		App *client.Project `json:"app"`
	}
	structured(t, res, &out)
	if out.App != nil {
		return out.App.Config.Spicepod
	}
	return out.Config.Spicepod
}

// yamlBlock is the spicepod YAML a result's text shows.
func yamlBlock(t *testing.T, s string) string {
	t.Helper()
	_, rest, ok := strings.Cut(s, "```yaml\n")
	block, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatalf("no yaml block in:\n%s", s)
	}
	return block
}

func unescapedJSON(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestMaskingCorpusInLogs deploys every spicepod of the masking corpus (the runtime logs each
// dataset's from) with a deployment that fails after registering its datasets, and reads the
// logs through every path that shows them: get_instance_logs and the failed deployment's logs
// in get_deployment and wait_for_deployment, text and structured content. Every planted
// credential the raw logs hold is masked everywhere, by the same rule as in the spicepod.
func TestMaskingCorpusInLogs(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	corpus, err := testutil.SpicepodCorpus("../present/testdata/spicepods")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	raw, err := client.New(client.Config{BaseURL: h.api.URL, Version: "test", Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	planted, checks := 0, 0
	for _, c := range corpus {
		t.Run(c.Name, func(t *testing.T) {
			app := "logs-" + strings.TrimSuffix(strings.ReplaceAll(c.Name, ".", "-"), "-yaml")
			h.ok(t, "create_app", map[string]any{"name": app})
			h.ok(t, "update_app", map[string]any{"app": app, "spicepod": c.YAML})
			if err := h.emu.FailNextDeployment("internal_error"); err != nil {
				t.Fatal(err)
			}
			var d client.Deployment
			structured(t, h.call(t, "create_deployment", map[string]any{"app": app}), &d)
			views := map[string]*mcp.CallToolResult{
				"wait_for_deployment": h.call(t, "wait_for_deployment", map[string]any{"app": app, "deployment_id": d.ID}),
				"get_deployment":      h.call(t, "get_deployment", map[string]any{"app": app, "deployment_id": d.ID}),
				"get_instance_logs":   h.call(t, "get_instance_logs", map[string]any{"app": app}),
			}
			// What the runtime printed, unmasked: the planted credentials to look for.
			instances, err := raw.ListProjectInstances(ctx, h.appID(t, app))
			if err != nil || len(instances) == 0 {
				t.Fatalf("instances: %v, %v", instances, err)
			}
			lines, err := raw.GetProjectInstanceLogs(ctx, h.appID(t, app), instances[0].Name, 100)
			if err != nil {
				t.Fatal(err)
			}
			logged := strings.Join(lines, "\n")
			for name, res := range views {
				if res.IsError {
					t.Fatalf("%s failed: %s", name, text(res))
				}
				if name != "get_instance_logs" && !strings.Contains(text(res), "log lines of instance") {
					t.Fatalf("%s shows no failure logs:\n%s", name, text(res))
				}
				all := text(res) + "\n" + unescapedJSON(t, res.StructuredContent) + "\n" + everything(res)
				for _, p := range c.Planted {
					if !strings.Contains(logged, p) {
						continue
					}
					checks++
					if strings.Contains(all, p) {
						t.Errorf("%s shows the planted credential %q:\n%s", name, p, all)
					}
				}
			}
			for _, p := range c.Planted {
				if strings.Contains(logged, p) {
					planted++
				}
			}
		})
	}
	if planted < 15 {
		t.Errorf("only %d planted credentials reached the logs", planted)
	}
	t.Logf("%d planted credentials in the runtime logs, %d checks over 3 tools (text and structured content), 0 visible allowed", planted, checks)
}
