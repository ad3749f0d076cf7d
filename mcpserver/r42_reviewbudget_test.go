package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR42ReviewbudgetLimitsCredentialKeyedResource: get_limits masks a resource VALUE by itself
// (MaskAPIText of the value alone), so the value of a credential-named key is not recognised
// as one, and keys are never masked: both pass into structured content.
func TestR42ReviewbudgetLimitsCredentialKeyedResource(t *testing.T) {
	for _, c := range []struct {
		name      string
		resources map[string]any
		secret    string
	}{
		{"credential-named key", map[string]any{"max_cpu": 4, "max_memory_gi": 8, "db_password": "Tr0ub4dorXyzzy42"}, "Tr0ub4dorXyzzy42"},
		{"credential in a key", map[string]any{"max_cpu": 4, "max_memory_gi": 8, "https://admin:hunter2secret@limits.example/x": 1}, "hunter2secret"},
		{"token key nested", map[string]any{"max_cpu": 4, "max_memory_gi": 8, "quota": map[string]any{"api_key": "Zq8v2LmN4pR7sT1w"}}, "Zq8v2LmN4pR7sT1w"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
				upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/limits", func(a map[string]any) { a["resources"] = c.resources }))})
			res := h.call(t, "get_limits", nil)
			raw := string(r42bJSON(res.StructuredContent))
			t.Logf("%s\n%s", text(res), raw)
			if strings.Contains(text(res), c.secret) || strings.Contains(raw, c.secret) {
				t.Errorf("get_limits shows %q", c.secret)
			}
		})
	}
}

// TestR42ReviewbudgetAwaitingStepNamesNoSecret: create_and_deploy_app for a spicepod referencing
// two secrets, neither given: before this round the waiting step (text table and structured
// steps) named them; now it says "waiting for 2 values", and structured content names the
// missing secrets nowhere (the link text, which names them, is text only).
func TestR42ReviewbudgetAwaitingStepNamesNoSecret(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Second, RunsFor: time.Second}})
	res := h.call(t, "create_and_deploy_app", map[string]any{"name": "two-secrets", "spicepod": r42PlainSecretsPod("two-secrets", 2)})
	raw := string(r42bJSON(res.StructuredContent))
	t.Logf("%s\n%s", text(res), raw)
	for _, name := range []string{"ORDERS_DB_PASSWORD_000", "ORDERS_DB_PASSWORD_001"} {
		if !strings.Contains(raw, name) {
			t.Errorf("structured content does not name the missing secret %s", name)
		}
	}
}

// TestR42ReviewbudgetClustersSharedHardwareQuadratic: 40 clusters of ordinary names on one
// hardware: each cluster's structured shares_hardware_with repeats the other 39 names, so the
// page weighs 40×39 names and list_clusters (no offset) leaves clusters out, saying "their
// texts are too long" and "no tool here shows them", though every name is short.
func TestR42ReviewbudgetClustersSharedHardwareQuadratic(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/clusters", func(a map[string]any) {
			list := make([]any, 40)
			for i := range list {
				list[i] = map[string]any{"cluster_name": fmt.Sprintf("prod-cluster-%02d", i), "infra_cluster_name": "hw-shared-1",
					"endpoint": fmt.Sprintf("c%02d.internal", i), "region": "us-west-2", "cloud_provider": "aws"}
			}
			a["clusters"] = list
		}))})
	res := h.call(t, "list_clusters", nil)
	var p struct {
		Clusters []json.RawMessage `json:"clusters"`
		Total    int               `json:"total"`
		Cut      string            `json:"cut"`
	}
	_ = json.Unmarshal(r42bJSON(res.StructuredContent), &p)
	tt, st := resultTokens(res)
	t.Logf("text %d bytes %d tokens, structured %d tokens; shown %d of %d; cut=%q\n%s", len(text(res)), tt, st, len(p.Clusters), p.Total, p.Cut, text(res))
	if len(p.Clusters) < 40 {
		t.Errorf("list_clusters shows %d of 40 short-named clusters and says the rest are left out: %s", len(p.Clusters),
			text(res)[max(0, strings.Index(text(res), "Showing")):])
	}
}

// TestR42ReviewbudgetNoOffsetListsStopAtFifty: list_regions, list_clusters and list_instances take
// no offset, but densePageOf still caps a page at pageSize (50): 60 short regions or clusters
// (all 60 fit one result easily; before this round all were shown) now show 50, and the text
// says the other 10 "are left out, as their texts (the API's) are too long for one result, and
// no tool here shows them" — a false reason, and no way to reach them.
func TestR42ReviewbudgetNoOffsetListsStopAtFifty(t *testing.T) {
	for _, c := range []struct {
		tool, suffix, key string
		edit              func(map[string]any)
	}{
		{"list_regions", "/regions", "regions", func(a map[string]any) {
			list := make([]any, 60)
			for i := range list {
				list[i] = map[string]any{"name": fmt.Sprintf("Region %02d", i), "region": fmt.Sprintf("r-%02d", i), "cname": fmt.Sprintf("c-%02d", i), "provider": "aws", "providerName": "AWS"}
			}
			a["regions"] = list
		}},
		{"list_clusters", "/clusters", "clusters", func(a map[string]any) {
			list := make([]any, 60)
			for i := range list {
				list[i] = map[string]any{"cluster_name": fmt.Sprintf("cl-%02d", i), "infra_cluster_name": fmt.Sprintf("hw-%02d", i), "endpoint": fmt.Sprintf("c%02d.internal", i), "region": "us-west-2", "cloud_provider": "aws"}
			}
			a["clusters"] = list
		}},
	} {
		t.Run(c.tool, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
				upstream: cannedProxy(&[]canned{}, okGETAnswerEdited(c.suffix, c.edit))})
			res := h.call(t, c.tool, nil)
			var p map[string]any
			_ = json.Unmarshal(r42bJSON(res.StructuredContent), &p)
			items, _ := p[c.key].([]any)
			tt, st := resultTokens(res)
			tx := text(res)
			t.Logf("text %d bytes %d tokens, structured %d tokens, shown %d of %v", len(tx), tt, st, len(items), p["total"])
			// 60 regions and 60 clusters fit the budget (since round 43 the clusters' field names
			// weigh as such, keySlack: TestR43ListsClustersFitWhole), past the page cap of 50.
			want := 60
			if len(items) < want {
				t.Errorf("%s shows %d of 60 short items: %s", c.tool, len(items), tx[max(0, strings.Index(tx, "Showing")):])
			}
			if (len(items) < 60) != strings.Contains(tx, "are left out") {
				t.Errorf("%s shows %d of 60 and its note disagrees: %s", c.tool, len(items), tx[max(0, strings.Index(tx, "Showing")):])
			}
		})
	}
}

// TestR42ReviewbudgetAlternatingSecretStepsNotCollapsed: stepLog.rows folds only a run of more
// than 5 per-secret steps with the SAME result. A re-run of create_and_deploy_app on an app that
// already has every other secret (kept, stored, kept, stored…) makes no run longer than 1, so
// 150 secrets are 150 step rows again, in text and structured content, and the result is cut.
func TestR42ReviewbudgetAlternatingSecretStepsNotCollapsed(t *testing.T) {
	t.Parallel() // CPU only, on harnesses of its own; bounds no time
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Second, RunsFor: time.Second}})
	pod := r42PlainSecretsPod("alt-secrets", 150)
	even, all := map[string]any{}, map[string]any{}
	for i := range 150 {
		name := fmt.Sprintf("ORDERS_DB_PASSWORD_%03d", i)
		all[name] = "example-value"
		if i%2 == 0 {
			even[name] = "example-value"
		}
	}
	first := h.call(t, "create_and_deploy_app", map[string]any{"name": "alt-secrets", "spicepod": pod, "secrets": even})
	t.Logf("first: error=%v %d bytes", first.IsError, len(text(first)))
	res := h.call(t, "create_and_deploy_app", map[string]any{"name": "alt-secrets", "spicepod": pod, "secrets": all})
	tx := text(res)
	raw := string(r42bJSON(res.StructuredContent))
	tt, st := resultTokens(res)
	t.Logf("second: error=%v %d bytes %d/%d tokens rows=%d cut=%v structured %.300s", res.IsError, len(tx), tt, st,
		strings.Count(tx, "| secret ORDERS"), strings.Contains(tx, "Cut:"), raw)
	if strings.Contains(tx, "Cut:") || strings.Contains(raw, `"cut":`) {
		t.Errorf("the re-run's result is cut (text cut=%v, structured %.200s)", strings.Contains(tx, "Cut:"), raw)
	}
	t.Logf("head: %.500s\n…tail: %s", tx, tx[max(0, len(tx)-700):])
	withinBudget(t, "create_and_deploy_app re-run", res)
}
