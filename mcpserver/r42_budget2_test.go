package mcpserver_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR42Budget2InstancesPastFifty: list_instances takes no offset, so it shows every instance
// that fits the budget: 60 short ones are all shown (a page cap of 50 left 10 out, saying their
// texts were too long), with no "left out" note.
func TestR42Budget2InstancesPastFifty(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, r42bInstances(60, 20, 5))})
	res := h.call(t, "list_instances", map[string]any{"app": "analytics-app"})
	var p struct {
		Instances []json.RawMessage `json:"instances"`
	}
	_ = json.Unmarshal(r42bJSON(res.StructuredContent), &p)
	tx := text(res)
	if len(p.Instances) != 60 || strings.Contains(tx, "left out") {
		t.Errorf("list_instances shows %d of 60 short instances: %s", len(p.Instances), tx[max(0, strings.Index(tx, "Showing")):])
	}
	withinBudget(t, "list_instances", res)
}

// TestR42Budget2NotOpenedNamesEverySecret: under --human-links open, a page the browser could
// not open is withdrawn, so no page names the secrets: the refusal named 30 of them in brief
// ("30 secrets (A, B … and 22 more)") with no way to learn the rest. It names all 30 now, and
// 400 (too many for one result) in brief with where they are named: the spicepod, and
// list_secrets which are set.
func TestR42Budget2NotOpenedNamesEverySecret(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	human := humanweb.New(humanweb.Options{Open: func(string) error { return errors.New("exit status 3") }})
	t.Cleanup(func() { _ = human.Close() })
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, human: human})
	res := h.call(t, "create_and_deploy_app", map[string]any{"name": "thirty-secrets", "spicepod": r42PlainSecretsPod("thirty-secrets", 30)})
	noLink(t, res)
	for i := range 30 {
		if name := fmt.Sprintf("ORDERS_DB_PASSWORD_%03d", i); !strings.Contains(text(res), name) {
			t.Fatalf("the refusal does not name %s:\n%s", name, text(res))
		}
	}
	res = h.call(t, "create_and_deploy_app", map[string]any{"name": "many-secrets", "spicepod": r42PlainSecretsPod("many-secrets", 400)})
	noLink(t, res)
	mustContain(t, "refusal of 400", text(res), "400 secrets (", "the app's spicepod names them all; list_secrets shows which are set")
	withinBudget(t, "refusal of 400", res)
}

// TestR42Budget2OpenedPageStepSaysWhere: when the server opens the secret page in the user's
// browser (--human-links open), no link is shown, yet the waiting step said "(link above)".
func TestR42Budget2OpenedPageStepSaysWhere(t *testing.T) {
	opened := &openedPages{}
	human := humanweb.New(humanweb.Options{Open: opened.open})
	t.Cleanup(func() { _ = human.Close() })
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Second, RunsFor: time.Second}, human: human})
	res := h.call(t, "create_and_deploy_app", map[string]any{"name": "opened-secrets", "spicepod": r42PlainSecretsPod("opened-secrets", 2)})
	noLink(t, res)
	if strings.Contains(everything(res), "link above") {
		t.Errorf("the step points to a link that is not shown:\n%s", text(res))
	}
	mustContain(t, "waiting step", text(res), "waiting for 2 values (on the page opened)")
}
