package mcpserver_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r66Hostile10Route is one way a credential reaches the server: send puts tok there and
// returns what the user, agent or log then sees. kept: the route refuses it before any request
// (README: Credentials in arguments), else it is shown masked (Credentials in text, in error
// texts, Spicepod masking) or never shown (Secret hygiene).
type r66Hostile10Route struct {
	name string
	kept bool
	send func(t *testing.T, tok string) string
}

// r66Hostile10Failed is a proxy's rewrite (cannedProxy) of every deployment the emulator
// answers, listed or alone: failed, with msg() as its error_message.
func r66Hostile10Failed(msg func() string) func(*http.Response) error {
	return editedAnswer(func(r *http.Response) bool {
		return r.Request.Method == http.MethodGet && strings.Contains(r.Request.URL.Path, "/deployments")
	}, func(answer map[string]any) {
		set := func(d map[string]any) { d["status"], d["error_message"] = "failed", msg() }
		if list, ok := answer["deployments"].([]any); ok {
			for _, d := range list {
				if d, ok := d.(map[string]any); ok {
					set(d)
				}
			}
		} else if _, ok := answer["id"]; ok {
			set(answer)
		}
	})
}

// TestR66Hostile10TokenFamiliesEveryRoute: one table of real-shaped tokens of every family
// (testutil.R66HostileTokens), each sent through every route a credential can take: an argument
// Spice.ai keeps (description, tag, branch, member, app name, secret name), a secret's value,
// a spicepod, a deployment's error_message and logs, an API error body, a prompt's argument, a
// resource URI, and the server's own log lines at debug. No cell shows the token.
func TestR66Hostile10TokenFamiliesEveryRoute(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	var answers []canned
	var current string // the token the proxy's answers carry
	edit := r66Hostile10Failed(func() string { return "runtime failed to start: auth with " + current + " rejected" })
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}, upstream: cannedProxy(&answers, edit)})
	app := func(extra map[string]any) map[string]any { extra["app"] = "analytics-app"; return extra }
	prompt := func(name, arg string, others map[string]string) func(t *testing.T, tok string) string {
		return func(t *testing.T, tok string) string {
			args := map[string]string{arg: tok}
			for k, v := range others {
				args[k] = v
			}
			got, err := r65Hostile9Prompt(h, name, args)
			if err != nil {
				return err.Error()
			}
			return got
		}
	}
	routes := []r66Hostile10Route{
		{"description", true, func(t *testing.T, tok string) string {
			return everything(h.call(t, "update_app", app(map[string]any{"description": "Sales dashboard, key " + tok})))
		}},
		{"tag value", true, func(t *testing.T, tok string) string {
			return everything(h.call(t, "update_app", app(map[string]any{"tags": map[string]any{"team": tok}})))
		}},
		{"branch", true, func(t *testing.T, tok string) string {
			return everything(h.call(t, "create_deployment", app(map[string]any{"branch": tok})))
		}},
		{"commit message", true, func(t *testing.T, tok string) string {
			return everything(h.call(t, "create_deployment", app(map[string]any{"commit_message": "deploy with " + tok})))
		}},
		{"member", true, func(t *testing.T, tok string) string {
			return everything(h.call(t, "add_member", map[string]any{"username": tok}))
		}},
		{"app name", true, func(t *testing.T, tok string) string {
			return everything(h.call(t, "create_app", map[string]any{"name": tok}))
		}},
		{"secret name", true, func(t *testing.T, tok string) string {
			return everything(h.call(t, "set_secret", app(map[string]any{"name": tok, "value": "x"})))
		}},
		{"secret value", false, func(t *testing.T, tok string) string {
			return everything(h.call(t, "set_secret", app(map[string]any{"name": "R66_TOKEN", "value": tok})))
		}},
		{"spicepod", false, func(t *testing.T, tok string) string {
			pod := "version: v1\nkind: Spicepod\nname: analytics-app\ndatasets:\n  - from: postgres:public.orders\n    name: orders\n" +
				"    description: orders, read with " + tok + "\n    params:\n      pg_pass: " + tok + "\n"
			got := everything(h.call(t, "update_app", app(map[string]any{"spicepod": pod})))
			return got + everything(h.call(t, "get_app", app(map[string]any{})))
		}},
		{"deployment error_message", false, func(t *testing.T, tok string) string {
			return everything(h.call(t, "list_deployments", app(map[string]any{}))) +
				everything(h.call(t, "get_deployment", app(map[string]any{"deployment_id": 1001})))
		}},
		{"instance logs", false, func(t *testing.T, tok string) string {
			answers = []canned{{method: "GET", path: regexp.MustCompile(`/instances/[^/]+/logs$`), status: http.StatusOK,
				body: `{"lines":["INFO connecting with ` + tok + `","ERROR auth ` + tok + ` rejected"]}`}}
			defer func() { answers = nil }()
			return everything(h.call(t, "get_instance_logs", app(map[string]any{})))
		}},
		{"API error body", false, func(t *testing.T, tok string) string {
			answers = []canned{{method: "GET", path: regexp.MustCompile(`/secrets$`), status: http.StatusBadRequest,
				body: `{"error":"invalid credential ` + tok + `","code":"bad_request"}`}}
			defer func() { answers = nil }()
			return everything(h.call(t, "list_secrets", app(map[string]any{})))
		}},
		{"prompt app", false, prompt("troubleshoot_deployment", "app", nil)},
		{"prompt name", false, prompt("deploy_app", "name", map[string]string{"spicepod": "version: v1\nkind: Spicepod\nname: x\n"})},
		{"resource URI", false, func(t *testing.T, tok string) string {
			var read mcp.ReadResourceRequest
			read.Params.URI = "spice://apps/" + tok
			res, err := h.mcp.ReadResource(context.Background(), read)
			if err != nil {
				return err.Error()
			}
			return r66Hostile10JSON(res)
		}},
	}
	for _, k := range testutil.R66HostileTokens() {
		current = k.Value
		for _, r := range routes {
			before := r63Hostile7Calls(h)
			got := r.send(t, k.Value)
			if k.Leaked(got) {
				t.Errorf("%s through %s: shown: %.600s", k.Family, r.name, got)
				continue
			}
			if r.kept && (!strings.Contains(got, `"isError":true`) || r63Hostile7Calls(h) != before) {
				t.Errorf("%s through %s: want a refusal before any request: %.400s", k.Family, r.name, got)
			}
		}
	}
	for _, k := range testutil.R66HostileTokens() {
		if k.Leaked(h.logs.String()) {
			t.Errorf("%s: the debug log shows it: %s", k.Family, r66H10Around(h.logs.String(), k.Value[len(k.Value)-12:]))
		}
	}
}

// r66Hostile10JSON is v as JSON.
func r66Hostile10JSON(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}

func r66H10Around(s, w string) string {
	i := strings.Index(s, w)
	if i < 0 {
		return ""
	}
	return s[max(0, i-300):min(len(s), i+100)]
}

// TestR66Hostile10OrdinaryValuesKeptInArguments: the ordinary corpus (testutil) sent through
// the real client as a description (prose), a production branch and a deployment's branch is
// never refused as a credential (sk-learnUpgradeToVersion15WithNewEstimators was); what is
// shaped exactly as one is (the safe side, README: Credentials in arguments).
func TestR66Hostile10OrdinaryValuesKeptInArguments(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	for _, v := range testutil.R66OrdinaryValues() {
		for _, args := range []map[string]any{
			{"app": "analytics-app", "description": v},
			{"app": "analytics-app", "production_branch": v},
		} {
			if got := text(h.call(t, "update_app", args)); strings.Contains(got, "looks like a credential") {
				t.Errorf("update_app %v refused as a credential: %.300s", args, got)
			}
		}
		if got := text(h.call(t, "create_deployment", map[string]any{"app": "analytics-app", "branch": v})); strings.Contains(got, "looks like a credential") {
			t.Errorf("create_deployment branch %q refused as a credential: %.300s", v, got)
		}
	}
	for _, v := range testutil.R66SafeSide() {
		mustContain(t, v, h.fail(t, "update_app", map[string]any{"app": "analytics-app", "production_branch": v}), "looks like a credential")
	}
}

// TestR66Hostile10ErrorMessageSaysWhyMasked: a deployment's error_message holding a credential
// was shown with a bare ******** (get_deployment's text and structured content, the list's
// Error cell) where every other stored text masked says why. It says why, in text and
// structured content, as they do; an error_message without one is shown as sent.
func TestR66Hostile10ErrorMessageSaysWhyMasked(t *testing.T) {
	msg := "runtime failed to start: auth with " + testutil.R66HostileTokens()[0].Value + " rejected"
	edit := r66Hostile10Failed(func() string { return msg })
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, edit)})
	res := h.call(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001})
	mustContain(t, "text", text(res), "auth with `********` rejected"+r65Hostile9Why)
	mustContain(t, "structured", r65Hostile9Structured(res), `"error_message":"runtime failed to start: auth with ******** rejected`+r65Hostile9Why+`"`)
	mustContain(t, "list", h.ok(t, "list_deployments", map[string]any{"app": "analytics-app"}), "rejected"+r65Hostile9Why)
}
