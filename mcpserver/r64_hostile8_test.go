package mcpserver_test

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r64Hostile8Masked is how a masked quote says why.
const r64Hostile8Masked = "(masked: it looks like a credential)"

// r64Hostile8Raw is a client of the harness's emulator as another client of the API would be
// (sandbox-api, or this server before round 63): it stores what the tools now refuse.
func r64Hostile8Raw(t *testing.T, h *harness) *client.Client {
	t.Helper()
	raw, err := client.New(client.Config{BaseURL: h.api.URL, Version: "test", Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestR64Hostile8CredentialReferencesNotSent: an agent passed an API key as the instance of
// get_instance_logs, or as the secret of get_secret and delete_secret: it went into the
// request's path (GET .../instances/ghp_…/logs, .../secrets/AKIA…), and the API's 404 echoed
// the instance back. An instance is named by GET .../instances (api/README.md 7.5) and a secret
// by its list: a credential-shaped name that is not listed cannot be one, and is refused before
// it is sent, masked with why, naming the list tool; one that is listed (stored by another
// client) is still read and deleted.
func TestR64Hostile8CredentialReferencesNotSent(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	creds := r63Hostile7Credentials[:4] // the PEM key breaks both names' rules, and is refused by them
	for _, c := range creds {
		for _, x := range []struct {
			tool, list string
			args       map[string]any
			op         *api.Operation
		}{
			{"get_instance_logs", "list_instances", map[string]any{"app": "analytics-app", "instance": c}, api.GetProjectInstanceLogs},
			{"get_secret", "list_secrets", map[string]any{"app": "analytics-app", "name": c}, api.GetProjectSecret},
			{"delete_secret", "list_secrets", map[string]any{"app": "analytics-app", "name": c}, api.GetProjectSecret},
		} {
			before := h.emu.Calls(x.op.ID)
			got := everything(h.call(t, x.tool, x.args))
			if sent := h.emu.Calls(x.op.ID) - before; sent != 0 {
				t.Errorf("%s %.12q: sent %d times", x.tool, c, sent)
			}
			if r63Hostile7Leaks(got) || !strings.Contains(got, `"isError":true`) {
				t.Errorf("%s %.12q: want a refusal without the value: %.400s", x.tool, c, got)
				continue
			}
			// A name the secret rule refuses (the OpenAI key's '-', the JWT's '.') is refused by it.
			if !strings.Contains(got, "can only contain") && (!strings.Contains(got, r64Hostile8Masked) || !strings.Contains(got, x.list)) {
				t.Errorf("%s %.12q: want the name masked, with why, and %s: %.400s", x.tool, c, x.list, got)
			}
		}
	}
	mustContain(t, "wording", h.fail(t, "get_secret", map[string]any{"app": "analytics-app", "name": creds[0]}),
		`No secret "********" `+r64Hostile8Masked+` on analytics-app (101): it is no name list_secrets lists, so it was not sent.`)
	// An ordinary name not listed is still asked for: the API says whether it exists.
	before := h.emu.Calls(api.GetProjectSecret.ID)
	mustContain(t, "ordinary secret", h.fail(t, "get_secret", map[string]any{"app": "analytics-app", "name": "NOT_THERE"}), "Secret not found")
	if h.emu.Calls(api.GetProjectSecret.ID) == before {
		t.Errorf("an ordinary secret name was not asked for")
	}
	// A credential-named secret stored by another client is read and deleted.
	raw := r64Hostile8Raw(t, h)
	id := h.appID(t, "analytics-app")
	if _, err := raw.UpsertProjectSecret(context.Background(), id, creds[0], "x"); err != nil {
		t.Fatal(err)
	}
	h.ok(t, "get_secret", map[string]any{"app": "analytics-app", "name": creds[0]})
	h.ok(t, "delete_secret", map[string]any{"app": "analytics-app", "name": creds[0]})
	if _, err := raw.GetProjectSecret(context.Background(), id, creds[0]); err == nil {
		t.Errorf("the stored credential-named secret was not deleted")
	}
}

// TestR64Hostile8ListedCredentialInstance: an instance the API lists under a credential-shaped
// name is read as named; when it is gone by the time its logs are asked for, the API's 404
// quoting it is masked, with why (it read "Instance '`********`' not found").
func TestR64Hostile8ListedCredentialInstance(t *testing.T) {
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	name := r63Hostile7Credentials[0]
	list := canned{method: "GET", path: regexp.MustCompile(`/instances$`), status: http.StatusOK,
		body: `{"instances":[{"name":"` + name + `","status":"ready","started_at":null}]}`}
	answers = []canned{list, {method: "GET", path: regexp.MustCompile(`/logs$`), status: http.StatusOK, body: `{"lines":["Spice runtime is ready!"]}`}}
	mustContain(t, "listed", h.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app", "instance": name}), "Spice runtime is ready!")
	answers = []canned{list, {method: "GET", path: regexp.MustCompile(`/logs$`), status: http.StatusNotFound,
		body: `{"error":"Instance '` + name + `' not found","code":"instance_not_found"}`}}
	got := everything(h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app", "instance": name}))
	if r63Hostile7Leaks(got) || !strings.Contains(got, "not found "+r64Hostile8Masked) {
		t.Errorf("the API's 404: want the name masked, with why: %.400s", got)
	}
}

// r64Hostile8Ordinary are texts an ordinary user sends that mention credentials, or look like
// one at a glance (a library's prefix, a token family's name, a SHA, a UUID, base64, hex),
// and hold none: each is kept as sent, in prose (description, commit message) and where a
// name goes (branch, commit, production branch, tag value) alike.
var r64Hostile8Ordinary = []string{
	"feature/api-key-rotation",
	"fix/token-refresh",
	"feature/sk-learn-upgrade",
	"sk-learn",
	"gh-pages",
	"ghp-pages",
	"release/2026-12-06",
	"v1.2.3-rc.1",
	"550e8400-e29b-41d4-a716-446655440000",
	"9fceb02d0ae598e95dc970b74767f19372d61af8",
	"3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f",
	"sha256:3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f",
	"build-3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f",
	"img-iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB.png",
	"dGhpcyBpcyBhIGxvbmcgYmFzZTY0IHN0cmluZyB1c2VkIGFzIGFuIGltYWdlIG5hbWU=",
	"abc123def456abc123def456abc123def456abc123def456",
}

// r64Hostile8OrdinaryProse are ordinary sentences, for the prose fields alone.
var r64Hostile8OrdinaryProse = []string{
	"Migrates sk-learn models to the new runtime",
	"rotate ghp_ tokens weekly",
	"Rotate the API key every 90 days; password: see the vault runbook",
	"Bearer token support for the REST connector",
	"Authorization header parsing",
	"token rotation: weekly",
	"Merge 9fceb02d0ae598e95dc970b74767f19372d61af8 into main",
	"Pin image sha256:3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f",
	"Track request 550e8400-e29b-41d4-a716-446655440000",
	"AKIA prefixes are AWS key IDs: never commit one",
}

// r64Hostile8Real are credentials of each documented family (README: Credentials in text),
// each refused wherever it is sent to be kept. "R64hostile8" marks them.
var r64Hostile8Real = []string{
	"ghp_R64hostile8AbCdEfGhIjKlMnOpQrStUvWx",
	"github_pat_11R64hostile8_abcdefghijklmnopqrstuvwxyz0123456789",
	"sk-proj-R64hostile8abcdefghijklmnopq",
	"sk_live_51R64hostile8AbCdEfGhIjKlMn",
	"glpat-R64hostile8AbCdEfGhIj",
	"xoxb-123456789012-1234567890123-R64hostile8AbCdEfGhIjKl",
	"AKIAR64HOSTILE8EXAMP",
	"AIzaSyR64hostile8B2C3D4E5F6G7H8I9J0KLMNO",
	"hf_R64hostile8AbCdEfGhIjKlMnOpQrStUvWx",
	"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJSNjRob3N0aWxlOCJ9.R64hostile8sigsigsigsig",
	"postgres://admin:R64hostile8pw@db.example.com/x",
}

// TestR64Hostile8KeptFieldsTable: round 63 refused a credential in a field Spice.ai keeps; an
// ordinary text that only looks like one must be kept as sent (a refusal would make the user
// reword a branch they cannot rename), and every real one still refused, in each kind of field.
func TestR64Hostile8KeptFieldsTable(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	type field struct {
		tool, name string
		args       func(v string) map[string]any
		prose      bool
	}
	app := func(extra map[string]any) map[string]any { extra["app"] = "analytics-app"; return extra }
	fields := []field{
		{"update_app", "description", func(v string) map[string]any { return app(map[string]any{"description": v}) }, true},
		{"update_app", "production_branch", func(v string) map[string]any { return app(map[string]any{"production_branch": v}) }, false},
		{"update_app", "tags", func(v string) map[string]any { return app(map[string]any{"tags": map[string]any{"build": v}}) }, false},
		{"create_deployment", "commit_message", func(v string) map[string]any { return app(map[string]any{"commit_message": v}) }, true},
		{"create_deployment", "branch", func(v string) map[string]any { return app(map[string]any{"branch": v}) }, false},
		{"create_deployment", "commit_sha", func(v string) map[string]any { return app(map[string]any{"commit_sha": v}) }, false},
	}
	for _, f := range fields {
		texts := r64Hostile8Ordinary
		if f.prose {
			texts = append(slices.Clone(texts), r64Hostile8OrdinaryProse...)
		}
		for _, v := range texts {
			// Refused by the field's own shape (a tag holds no '/', a branch no ':') is another
			// rule; create_deployment's second deployment is answered 409 (one in progress), so
			// was sent: what is held is that none is refused as a credential.
			got := h.call(t, f.tool, f.args(v))
			if strings.Contains(text(got), "credential") {
				t.Errorf("%s %s %q refused as a credential: %.300s", f.tool, f.name, v, text(got))
			} else if !got.IsError && f.tool == "update_app" && !strings.Contains(everything(got), v) {
				t.Errorf("%s %s %q not shown back as sent: %.300s", f.tool, f.name, v, everything(got))
			}
		}
		for _, c := range r64Hostile8Real {
			before := r63Hostile7Calls(h)
			v := c
			if f.prose {
				v = "see " + c
			}
			got := everything(h.call(t, f.tool, f.args(v)))
			// The field's own rule may refuse it first (a URL's ':' in a branch), quoting nothing.
			refused := strings.Contains(got, "looks like a credential") || strings.Contains(got, "Invalid arguments, nothing was sent: "+f.name+": must be")
			if strings.Contains(strings.ToUpper(got), "R64HOSTILE8") || !refused || r63Hostile7Calls(h) != before {
				t.Errorf("%s %s %.16q: want it refused before any request, masked: %.300s", f.tool, f.name, c, got)
			}
		}
	}
}

// TestR64Hostile8StoredDeploymentCredentialsMasked: a deployment another client created (the
// API, or this server before round 63) with a credential as its branch, commit or commit
// message was shown as stored ("- Branch/commit: ghp_…", "- Message: deploy with ghp_…", and
// in every structured deployment), where its error message, a text the API keeps too, was
// masked. Each is masked as the error message is, with why, in list_deployments,
// get_deployment and wait_for_deployment, text and structured.
func TestR64Hostile8StoredDeploymentCredentialsMasked(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	raw := r64Hostile8Raw(t, h)
	id := h.appID(t, "analytics-app")
	for i, c := range []string{r64Hostile8Real[0], r64Hostile8Real[6]} {
		req := client.CreateDeploymentRequest{CommitMessage: "deploy with " + c, Branch: c, CommitSHA: c}
		d, err := raw.CreateProjectDeployment(context.Background(), id, client.CreateProjectDeploymentRequest{CreateDeploymentRequest: req})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range []struct {
			tool string
			args map[string]any
		}{
			{"get_deployment", map[string]any{"app": "analytics-app", "deployment_id": d.ID}},
			{"list_deployments", map[string]any{"app": "analytics-app"}},
			{"wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": d.ID}},
		} {
			got := everything(h.call(t, x.tool, x.args))
			if j := strings.Index(strings.ToUpper(got), "R64HOSTILE8"); j >= 0 {
				t.Errorf("%d %s shows the stored credential: …%s…", i, x.tool, got[max(0, j-100):min(len(got), j+40)])
			} else if !strings.Contains(got, r64Hostile8Masked) {
				t.Errorf("%d %s: masked without why: %.600s", i, x.tool, got)
			}
		}
	}
	// An ordinary deployment is shown as stored.
	mustContain(t, "ordinary", h.ok(t, "list_deployments", map[string]any{"app": "analytics-app"}), "main@")
}

// TestR64Hostile8StoredAppCredentialsMasked: an app another client stored with a credential in
// its description, a tag or its production branch was shown as stored ("- Description: Sales
// dashboard; key ghp_…", "- Tags: k=ghp_…", and the structured app of get_app, describe_app,
// list_apps and the app's resource). Each is masked, with why, as a deployment's texts are.
func TestR64Hostile8StoredAppCredentialsMasked(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	raw := r64Hostile8Raw(t, h)
	c := r64Hostile8Real[2]
	desc, branch := "Sales dashboard; key "+c, "ci/token="+c
	if _, err := raw.UpdateProject(context.Background(), h.appID(t, "analytics-app"), client.UpdateProjectRequest{
		Description: &desc, ProductionBranch: &branch, Tags: map[string]string{"k": c, r64Hostile8Real[6]: "x", "team": "data"}}); err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct {
		tool string
		args map[string]any
	}{
		{"get_app", map[string]any{"app": "analytics-app"}},
		{"describe_app", map[string]any{"app": "analytics-app"}},
		{"list_apps", map[string]any{}},
	} {
		got := everything(h.call(t, x.tool, x.args))
		if j := strings.Index(strings.ToUpper(got), "R64HOSTILE8"); j >= 0 {
			t.Errorf("%s shows the stored credential: …%s…", x.tool, got[max(0, j-100):min(len(got), j+40)])
		} else if !strings.Contains(got, r64Hostile8Masked) || !strings.Contains(got, "team") {
			t.Errorf("%s: masked without why, or an ordinary tag lost: %.600s", x.tool, got)
		}
	}
	// A fork copies the description and tags: fork_app's result and list_forks show them masked.
	for _, x := range []struct {
		tool string
		args map[string]any
	}{
		{"fork_app", map[string]any{"app": "analytics-app", "name": "r64-hostile8-fork"}},
		{"list_forks", map[string]any{"app": "analytics-app"}},
	} {
		got := everything(h.call(t, x.tool, x.args))
		if strings.Contains(strings.ToUpper(got), "R64HOSTILE8") || !strings.Contains(got, r64Hostile8Masked) {
			t.Errorf("%s: want the stored credentials masked, with why: %.600s", x.tool, got)
		}
	}
	got := readResource(t, h, "spice://apps/analytics-app")
	if strings.Contains(strings.ToUpper(got), "R64HOSTILE8") {
		t.Errorf("the app's resource shows the stored credential: %.600s", got)
	}
	mustContain(t, "get_app", h.ok(t, "get_app", map[string]any{"app": "analytics-app"}),
		"- Description: Sales dashboard; key `********` "+r64Hostile8Masked, "- Tags: `********` "+r64Hostile8Masked+"=x, k=`********` "+r64Hostile8Masked+", team=data",
		"- Production branch: `ci/token=********` "+r64Hostile8Masked+"\n")
}

// TestR64Hostile8DeepArgumentsRefused: an argument nested 9,000 levels deep (below the JSON
// decoder's own limit) where a spicepod, the tags or an unknown argument goes is refused
// naming the field, before any request, in a reply of bounded size.
func TestR64Hostile8DeepArgumentsRefused(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	deep := strings.Repeat(`{"a":`, 9000) + "1" + strings.Repeat("}", 9000)
	for field, want := range map[string]string{"spicepod": "spicepod: must have", "tags": "tags.a: expected string", "zz": `"zz": unknown argument`} {
		before := r63Hostile7Calls(h)
		got := text(h.callRaw(t, "update_app", `{"app":"analytics-app","`+field+`":`+deep+`}`))
		if !strings.Contains(got, "nothing was sent: "+want) || len(got) > 2000 || r63Hostile7Calls(h) != before {
			t.Errorf("%s: want %q refused in a short reply, no change sent: %d bytes, %d requests: %.300s", field, want, len(got), r63Hostile7Calls(h)-before, got)
		}
	}
}

// TestR64Hostile8AgentCannotConfirmForTheUser: under --confirm=human (the default) an agent that
// passes the target's name in confirm, on a client whose user declines or cancels the question,
// or that sends the user's answer as an argument, changes nothing.
func TestR64Hostile8AgentCannotConfirmForTheUser(t *testing.T) {
	for _, action := range []mcp.ElicitationResponseAction{mcp.ElicitationResponseActionDecline, mcp.ElicitationResponseActionCancel} {
		var mu sync.Mutex
		asked := 0
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: "modern", elicit: answer(action, "", &asked, &mu)})
		before := h.emu.AppCount("sandbox")
		for _, args := range []map[string]any{
			{"app": "docs-search", "confirm": "docs-search"},
			{"app": "docs-search", "name": "docs-search"},
			{"app": "docs-search", "confirm": "docs-search", "action": "accept"},
		} {
			res := h.call(t, "delete_app", args)
			if !res.IsError || h.emu.AppCount("sandbox") != before {
				t.Fatalf("%s %v: deleted without the user: %s", action, args, text(res))
			}
		}
	}
}
