package client_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR63Spec5YAMLFloatsKeptOrRefused: api/README §10 "Spicepod numbers": a float in a spicepod's
// YAML text that a double would change (more than 17 significant digits, 9007199254740993.0, a
// value nearer 0 than the least double) is refused before any request, naming where and not the
// number, as the same number in an object is; a float a double holds (1.50, .5, +1., 00.25e1) is
// sent as written. Before, it was read to a float before the check, and so sent to be stored
// rounded (0.10000000000000000001 as 0.1). Over real HTTP through the emulator.
func TestR63Spec5YAMLFloatsKeptOrRefused(t *testing.T) {
	c, rec := r60Spec2Client(t)
	ctx := context.Background()
	projects, err := c.ListProjects(ctx)
	mustNoErr(t, err)
	id := projects[0].ID
	head := "version: v1\nkind: Spicepod\nname: floats\nruntime:\n  pg_pass: "
	for _, value := range []string{
		"0.10000000000000000001", "9007199254740993.0", "123456789012345678901.5", "1e-400", "-.10000000000000000001e3",
		"!!float 0.10000000000000000001", "!!float 1e-400",
	} {
		before := len(rec.all())
		_, err := c.UpdateProject(ctx, id, client.UpdateProjectRequest{Spicepod: head + value + "\n"})
		if err == nil || !strings.Contains(err.Error(), "spicepod") || !strings.Contains(err.Error(), "at runtime.pg_pass") ||
			!strings.Contains(err.Error(), "rounded") || strings.Contains(err.Error(), "0000000000001") {
			t.Errorf("%s: %v, want a refusal naming where, not the number", value, err)
		}
		if len(rec.all()) != before {
			t.Errorf("%s: refused, yet sent %d requests", value, len(rec.all())-before)
		}
	}
	for value, stored := range map[string]string{"1.50": "1.5", ".5": "0.5", "+1.": "1", "00.25e1": "2.5", "1e21": "1e+21", "0.1": "0.1"} {
		got, err := c.UpdateProject(ctx, id, client.UpdateProjectRequest{Spicepod: head + value + "\n"})
		if err != nil {
			t.Errorf("%s: %v", value, err)
			continue
		}
		reqs := rec.all()
		if body := string(reqs[len(reqs)-1].body); !strings.Contains(body, "pg_pass: "+value) {
			t.Errorf("%s not sent as written: %s", value, body)
		}
		back, _ := got.Config.Spicepod["runtime"].(map[string]any)
		if n, _ := back["pg_pass"].(json.Number); string(n) != stored {
			t.Errorf("%s came back %v, want %s as stored", value, back["pg_pass"], stored)
		}
	}
}
