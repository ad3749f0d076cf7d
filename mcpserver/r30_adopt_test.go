package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// rivalRevives is a demo harness whose API creates an app (rival, a create request's JSON body)
// just before the call's own create reaches it. With the app of that name deleted first, the
// rival's create brings the deleted app back (old created_at, its secrets and deployments), and
// the call's create gets 409.
func rivalRevives(t *testing.T, rival string) *harness {
	return rivalCreatesIn(t, sandbox.Config{Demo: true}, rival)
}

// TestR30AdoptedRevivedDiffering: a concurrent run revived the deleted app with other settings
// between create_and_deploy_app's check and its create. The run refuses it as any adopted app
// that differs, naming each field, and changes nothing: the restored secret keeps its value, no
// deployment is added, and nothing claims this call reactivated the app. It used to take the
// reactivation path, overwrite the secret and deploy into the other run's app.
func TestR30AdoptedRevivedDiffering(t *testing.T) {
	h := rivalRevives(t, `{"name":"analytics-app","description":"rival run","visibility":"public","region":"us-east-1",`+
		`"tags":{"created-by":"spice-cloud-mcp","team":"rival"}}`)
	id := h.appID(t, "analytics-app")
	secret, _ := h.emu.SecretValue("sandbox", id, "PG_PASS")
	deployments := h.emu.DeploymentCount("sandbox", id)
	h.ok(t, "delete_app", map[string]any{"app": "analytics-app"})

	out := h.fail(t, "create_and_deploy_app", map[string]any{"name": "analytics-app", "spicepod": podA, "wait": false,
		"secrets": map[string]any{"PG_PASS": "example-value"}, "region": "us-west-2", "description": "mine",
		"visibility": "private", "tags": map[string]any{"team": "mine"}})
	mustContain(t, "refusal", out, "created meanwhile by a concurrent run with other settings; not used |",
		"Invalid arguments, nothing was changed:", "The app's: rival run; given: mine",
		"is in region us-east-1, not us-west-2", "team=rival", "The app's: public; given: private")
	for _, claim := range []string{"Reactivated the deleted app", "reactivated deleted", "| configure |", "| secret", "| deploy |"} {
		if strings.Contains(out, claim) {
			t.Errorf("refused run says %q:\n%s", claim, out)
		}
	}
	if got := h.appID(t, "analytics-app"); got != id {
		t.Fatalf("revived app has ID %d, want %d", got, id)
	}
	if v, _ := h.emu.SecretValue("sandbox", id, "PG_PASS"); v != secret {
		t.Error("the restored secret PG_PASS was overwritten")
	}
	if n := h.emu.DeploymentCount("sandbox", id); n != deployments {
		t.Errorf("deployments: %d, want %d (none added)", n, deployments)
	}
	mustContain(t, "get_app", h.ok(t, "get_app", map[string]any{"app": "analytics-app"}),
		"Region: us-east-1", "Visibility: public", "Description: rival run", "team=rival")
}

// TestR30AdoptedRevivedSame: a concurrent run revived the deleted app with settings matching
// this call's (no region given: the rival's us-east-1 stands). The run goes on with it as an
// adopted app: the notice warns of the restored secrets and live API keys without claiming
// this call brought the app back or set its region, the check row names the region the app is
// in, and the given secret is written over the restored one (round 31: the restored value is
// the app's previous life's; a rival run with these arguments wrote the same value).
func TestR30AdoptedRevivedSame(t *testing.T) {
	h := rivalRevives(t, `{"name":"analytics-app","description":"mine","region":"us-east-1",`+
		`"tags":{"created-by":"spice-cloud-mcp","team":"mine"}}`)
	id := h.appID(t, "analytics-app")
	secret, _ := h.emu.SecretValue("sandbox", id, "PG_PASS")
	deployments := h.emu.DeploymentCount("sandbox", id)
	h.ok(t, "delete_app", map[string]any{"app": "analytics-app"})

	res := h.call(t, "create_and_deploy_app", map[string]any{"name": "analytics-app", "spicepod": podA, "wait": false,
		"secrets": map[string]any{"PG_PASS": "example-value"}, "description": "mine", "tags": map[string]any{"team": "mine"}})
	out := text(res)
	if res.IsError {
		t.Fatalf("adopting the revived app failed:\n%s", out)
	}
	mustContain(t, "adopted", out,
		"analytics-app (101) is a deleted app brought back meanwhile by a concurrent run (this call's create was refused: the name was taken)",
		"Its previous API keys are live again.",
		"| create app | found analytics-app (101), brought back from deletion meanwhile by a concurrent run; using it |",
		"and it matches the description and tags this call gave.",
		"us-east-1", "| secret PG_PASS | stored (value never shown) |", "| deploy | deployment ")
	for _, claim := range []string{"Reactivated the deleted app", "are this call's", "reactivated deleted", "us-west-2", "region, visibility"} {
		if strings.Contains(out, claim) {
			t.Errorf("adopting run says %q:\n%s", claim, out)
		}
	}
	if v, _ := h.emu.SecretValue("sandbox", id, "PG_PASS"); v != "example-value" || v == secret {
		t.Error("the given secret PG_PASS was not written over the restored value")
	}
	if n := h.emu.DeploymentCount("sandbox", id); n != deployments+1 {
		t.Errorf("deployments: %d, want %d", n, deployments+1)
	}
}
