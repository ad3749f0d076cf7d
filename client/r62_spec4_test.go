package client_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR62Spec4SpicepodNumbersAsStored: api/README §10 "Spicepod numbers" (Assumed): the service
// reads a spicepod's numbers as JSON.parse does and writes them back as JSON.stringify does, so
// a number a double cannot hold (9007199254740993, 12345678901234567890123, in an object or in
// YAML text) would be stored as another number. The client refuses it before sending, naming
// where and not quoting it (it may be a credential); another spelling of the same number (1.50,
// 1E2, 1e22 written out) is sent as written and comes back as stored. Over
// real HTTP through the emulator. Before, 9007199254740993 was sent, and the emulator kept it.
func TestR62Spec4SpicepodNumbersAsStored(t *testing.T) {
	c, rec := r60Spec2Client(t)
	ctx := context.Background()
	projects, err := c.ListProjects(ctx)
	mustNoErr(t, err)
	id := projects[0].ID
	pod := func(runtime map[string]any) map[string]any {
		return map[string]any{"version": "v1", "kind": "Spicepod", "name": "numbers", "runtime": runtime}
	}
	for _, given := range []any{
		pod(map[string]any{"n": json.Number("9007199254740993")}),
		pod(map[string]any{"list": []any{json.Number("1"), json.Number("12345678901234567890123")}}),
		pod(map[string]any{"n": int64(9007199254740993)}),
		"version: v1\nkind: Spicepod\nname: numbers\nruntime:\n  n: 9007199254740993\n",
	} {
		before := len(rec.all())
		_, err := c.UpdateProject(ctx, id, client.UpdateProjectRequest{Spicepod: given})
		if err == nil || !strings.Contains(err.Error(), "spicepod") || !strings.Contains(err.Error(), "at runtime.") || !strings.Contains(err.Error(), "rounded") ||
			strings.Contains(err.Error(), "9007199254740993") || strings.Contains(err.Error(), "12345678901234567890123") {
			t.Errorf("%v: %v, want a refusal naming where, not the number", given, err)
		}
		if len(rec.all()) != before {
			t.Errorf("%v: refused, yet sent %d requests", given, len(rec.all())-before)
		}
	}
	sent := map[string]string{"a": "1.50", "b": "1E2", "c": "10000000000000000000000", "d": "9007199254740992", "e": "-0", "f": "0.1"}
	stored := map[string]string{"a": "1.5", "b": "100", "c": "1e+22", "d": "9007199254740992", "e": "0", "f": "0.1"}
	runtime := map[string]any{}
	for k, v := range sent {
		runtime[k] = json.Number(v)
	}
	got, err := c.UpdateProject(ctx, id, client.UpdateProjectRequest{Spicepod: pod(runtime)})
	mustNoErr(t, err)
	reqs := rec.all()
	body := string(reqs[len(reqs)-1].body)
	back, _ := got.Config.Spicepod["runtime"].(map[string]any)
	for k, v := range sent {
		if !strings.Contains(body, `"`+k+`":`+v) {
			t.Errorf("%s=%s not sent as written: %s", k, v, body)
		}
		if n, _ := back[k].(json.Number); string(n) != stored[k] {
			t.Errorf("%s=%s came back %v, want %s as stored", k, v, back[k], stored[k])
		}
	}
}
