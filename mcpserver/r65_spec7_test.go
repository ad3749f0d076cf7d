package mcpserver_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r65Spec7Value is a value of a query parameter's rule other than its default: an enum's last
// other member, an integer two above its minimum (within its maximum).
func r65Spec7Value(p api.Param) any {
	switch {
	case len(p.Rule.Enum) > 0:
		for _, v := range slices.Backward(p.Rule.Enum) {
			if v != p.Rule.Default {
				return v
			}
		}
	case p.Rule.Type == "integer":
		n := max(p.Rule.Minimum, 0) + 2
		if p.Rule.HasMaximum {
			n = min(n, p.Rule.Maximum)
		}
		return n
	}
	return nil
}

// TestR65Spec7EveryFilterReachesTheAPI: every query parameter (filter, paging, tail) of an
// operation a tool calls or may call that the tool takes as an argument of the same name, given
// a value other than its default, alone and with the tool's others, is in a request the tool
// makes to an operation defining it (an integer may be adjusted, as list_deployments asks one
// more to know whether more follow), and a filter (a string) exactly, in every such request:
// nothing the agent passes is dropped silently. README's sentence names each.
func TestR65Spec7EveryFilterReachesTheAPI(t *testing.T) {
	var mu sync.Mutex
	var sent []*url.URL
	record := func(r *http.Response) error {
		mu.Lock()
		defer mu.Unlock()
		sent = append(sent, r.Request.URL)
		return nil
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: recordingProxy(nil, record)})
	route := r66Spec8Route
	// check calls tool with args and fails unless each query parameter of them reaches a
	// request to an operation defining it, and a string (a filter) every such request.
	checked, names := 0, []string(nil)
	check := func(tool tools.Tool, ops []*api.Operation, args map[string]any, params []api.Param) {
		t.Helper()
		mu.Lock()
		sent = nil
		mu.Unlock()
		res := h.call(t, tool.Name, args)
		checked++
		mu.Lock()
		defer mu.Unlock()
		for _, p := range params {
			value := args[p.Name]
			reached := false
			for _, u := range sent {
				for _, op := range ops {
					if !route(op).MatchString(u.Path) || !slices.ContainsFunc(op.Params, func(q api.Param) bool { return q.In == "query" && q.Name == p.Name }) {
						continue
					}
					s, filter := value.(string)
					switch got := u.Query(); {
					case got.Has(p.Name) && (!filter || got.Get(p.Name) == s):
						reached = true
					case filter:
						t.Errorf("%s %s=%v: a request to %s went without it: %s", tool.Name, p.Name, value, op.ID, u)
					}
				}
			}
			if !reached {
				t.Errorf("%s %s=%v: no request carried it (sent %v):\n%s", tool.Name, p.Name, value, sent, text(res))
			}
		}
	}
	for _, tool := range tools.All() {
		var schema struct {
			Properties map[string]any `json:"properties"`
		}
		if err := json.Unmarshal(tool.InputSchema(), &schema); err != nil {
			t.Fatal(err)
		}
		ops := slices.Concat(tool.Operations, tool.MayCall)
		var params []api.Param
		all := maps.Clone(tool.Examples.Valid)
		for _, op := range ops {
			for _, p := range op.Params {
				if p.In != "query" || schema.Properties[p.Name] == nil {
					continue
				}
				value := r65Spec7Value(p)
				if value == nil {
					t.Errorf("%s.%s: no value to try", op.ID, p.Name)
					continue
				}
				if slices.ContainsFunc(params, func(q api.Param) bool { return q.Name == p.Name }) {
					continue
				}
				params = append(params, p)
				all[p.Name] = value
				args := maps.Clone(tool.Examples.Valid)
				args[p.Name] = value
				check(tool, ops, args, []api.Param{p})
			}
		}
		for _, p := range params {
			names = append(names, p.Name, tool.Name)
		}
		if len(params) > 1 { // together
			check(tool, ops, all, params)
		}
	}
	if checked == 0 {
		t.Fatal("no filter checked")
	}
	sentence := testutil.READMEPassage(t, "..", "Query parameters the tools take reach the API:", "TestR65Spec7EveryFilterReachesTheAPI")
	for _, name := range names {
		if !strings.Contains(sentence, "`"+name+"`") {
			t.Errorf("README's sentence on query parameters does not name %s", name)
		}
	}
	t.Logf("%d filters checked", checked)
}
