package mcpserver_test

// Round 43, engineer "surface2": fixes of the reviewsurface findings.

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR43Surface2ListingCutByItsLimitListsWhatTheFlagsAllow: a listing whose scope check the
// time limit cut (a token endpoint that does not answer) still answers within the limit, with
// what the operator's flags allow — as for a token that shows no scopes — and logs a warning
// naming the listing.
func TestR43Surface2ListingCutByItsLimitListsWhatTheFlagsAllow(t *testing.T) {
	policy := tools.Policy{ReadOnly: true}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, callTimeout: r72Testtime12Limit, realClock: true, policy: policy,
		tokens: func(string) client.TokenSource {
			return client.NewClientCredentials("spice-client", "spice-client-secret", r43HangingTokenEndpoint(t))
		}})
	opaque := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: policy})
	names := func(h *harness) []string {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		start := time.Now()
		res, err := h.mcp.ListTools(ctx, mcp.ListToolsRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took > 3*time.Second {
			t.Errorf("tools/list took %s", took)
		}
		var out []string
		for _, tool := range res.Tools {
			out = append(out, tool.Name)
		}
		slices.Sort(out)
		return out
	}
	got, want := names(h), names(opaque)
	if !slices.Equal(got, want) || slices.Contains(got, "delete_app") {
		t.Errorf("tools/list cut by its limit: %v\nwant what --read-only allows: %v", got, want)
	}
	prompts, err := h.mcp.ListPrompts(context.Background(), mcp.ListPromptsRequest{})
	if err != nil || len(prompts.Prompts) == 0 {
		t.Errorf("prompts/list cut by its limit: %+v %v", prompts, err)
	}
	logs := h.logs.String()
	for _, method := range []string{"tools/list", "prompts/list"} {
		if !strings.Contains(logs, present.ListingScopesUnknown) || !strings.Contains(logs, `"method":"`+method+`"`) {
			t.Errorf("no warning for %s cut by its limit:\n%s", method, logs)
		}
	}
	if strings.Contains(logs, "spice-client-secret") {
		t.Errorf("secret logged")
	}
}

// TestR43Surface2CompletionOffersOnlyNamesThatPickTheirApp: a listed name of digits that is
// another app's ID is ambiguous to the tools (get_app refuses it), so it is not offered; one of
// digits that no app has as its ID names its app and is; two names the API compares alike
// are ambiguous to the tools too (TestR50HostileNameListedForTwoIsAmbiguous), so neither is.
func TestR43Surface2CompletionOffersOnlyNamesThatPickTheirApp(t *testing.T) {
	edit := editedAnswer(func(r *http.Response) bool {
		return r.Request.Method == http.MethodGet && r.Request.URL.Path == "/v1/projects"
	}, func(answer map[string]any) {
		list := answer["projects"].([]any)
		first := list[0].(map[string]any)
		for _, app := range []struct {
			id   float64
			name string
		}{{5000, "zq-five-thousand"}, {901, "5000"}, {902, "7777"}, {903, "zq-dup"}, {904, "ZQ-DUP"}} {
			c := map[string]any{}
			for k, v := range first {
				c[k] = v
			}
			c["id"], c["name"] = app.id, app.name
			list = append(list, c)
		}
		answer["projects"] = list
	})
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&[]canned{}, edit)})
	offered := func(prefix string) []string {
		got, err := r43rsComplete(t, h, mcp.ResourceReference{Type: "ref/resource", URI: "spice://apps/{app}"}, prefix, nil)
		if err != nil {
			t.Fatal(err)
		}
		return got.Completion.Values
	}
	if got := offered("5"); len(got) != 0 {
		t.Errorf("offered %v: \"5000\" is app 901's name and app 5000's ID (get_app: %.200s)", got, text(h.call(t, "get_app", map[string]any{"app": "5000"})))
	}
	if got := offered("7"); !slices.Equal(got, []string{"7777"}) {
		t.Errorf("offered %v, want 7777 (no app has that ID)", got)
	}
	if got := offered("zq-d"); len(got) != 0 {
		t.Errorf("offered %v: two names the API compares alike pick no app", got)
	}
}
