package cli_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR66Claims3AnyOrgReplacesTheDefaultOnes: README's sandbox-api table says "any `--org`
// replaces the two default ones". Given one --org, the demo organizations `sandbox` and
// `acme-labs` are gone: a token naming either is refused at start-up (exit 2, naming it), the
// default `sandbox` token is unknown, and a token of the new organization lists only it and is
// refused `sandbox` by X-Org-Name.
func TestR66Claims3AnyOrgReplacesTheDefaultOnes(t *testing.T) {
	for _, gone := range []string{"sandbox", "acme-labs"} {
		got := run(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--org", "slug=r66-mine,owner=alice", "--token", "value=r66-t,org="+gone)
		if got.code != 2 || !strings.Contains(got.stderr, `unknown organization "`+gone+`"`) {
			t.Errorf("a token in %s beside one --org: exit %d, stderr %q; want 2 naming the unknown organization", gone, got.code, got.stderr)
		}
	}
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json",
		"--org", "slug=r66-mine,owner=alice", "--token", "value=r66-t,org=r66-mine,user=alice")
	defer s.stop()
	if orgs := names(t, bearerGet(t, s.url+"/v1/orgs", "r66-t"), "orgs"); !slices.Equal(orgs, []string{"r66-mine"}) {
		t.Errorf("orgs after one --org: %v, want [r66-mine]", orgs)
	}
	if got := bearerGet(t, s.url+"/v1/projects", "sandbox"); got.status != http.StatusUnauthorized {
		t.Errorf("the default sandbox token after --org: %d %s, want 401", got.status, got.body)
	}
	req, _ := http.NewRequest("GET", s.url+"/v1/projects", nil)
	req.Header.Set("Authorization", "Bearer r66-t")
	req.Header.Set("X-Org-Name", "sandbox")
	if got := do(t, req); got.status != http.StatusForbidden {
		t.Errorf("X-Org-Name: sandbox after --org: %d %s, want 403", got.status, got.body)
	}
}

// TestR66Claims3StrictSchemasCloseEveryTool: README's --strict-schemas row says it declares
// `"additionalProperties": false` on every tool's input schema; TestStdioFlagsTakeEffect reads
// get_app's. Here every tool is read, with --confirm=agent too, whose `confirm` argument is
// added to the schemas after they are built: every tool of the catalogue is listed with its
// schema closed, and under agent mode the tools that take confirm list it, so a strict client
// can send it.
func TestR66Claims3StrictSchemasCloseEveryTool(t *testing.T) {
	for _, args := range [][]string{{"--strict-schemas"}, {"--strict-schemas", "--confirm", "agent"}} {
		s := startStdio(t, nil, append([]string{"--sandbox"}, args...)...)
		_, list := s.handshake()
		confirms := 0
		for _, tool := range list {
			schema, _ := tool["inputSchema"].(map[string]any)
			if schema["additionalProperties"] != false {
				t.Errorf("%v: %s's input schema is open: %v", args, tool["name"], schema["additionalProperties"])
			}
			if props, _ := schema["properties"].(map[string]any); props["confirm"] != nil {
				confirms++
			}
		}
		if want := len(args) > 1; len(list) != len(tools.All()) || (confirms > 0) != want {
			t.Errorf("%v: %d tools listed, %d offering confirm", args, len(list), confirms)
		}
		if code := s.stop(); code != 0 {
			t.Errorf("%v: exit %d", args, code)
		}
	}
}
