package mcpserver_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

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
