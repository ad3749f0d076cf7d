package mcpserver_test

// Round 43, auditor "reviewsurface": the resource/prompt/completion commits.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

func r43rsHanging(t *testing.T, timeout time.Duration) *harness {
	tokenURL := r43HangingTokenEndpoint(t)
	return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, callTimeout: timeout, realClock: true,
		tokens: func(string) client.TokenSource {
			return client.NewClientCredentials("spice-client", "spice-client-secret", tokenURL)
		}})
}

// TestR43ReviewsurfaceListingsKeepTheTimeLimit: README ("Each tool call has one time limit ...
// A resources/read, a completion/complete and a prompts/get each have the same limit") — but the
// listings filter per request with env.Hidden(ctx), which asks the token endpoint with no limit:
// with an endpoint that does not answer and --tool-timeout 1s, tools/list, resources/list,
// resources/templates/list and prompts/list wait until the client gives up. (The limit is
// r72Testtime12Limit here: the test waits it out four times.)
func TestR43ReviewsurfaceListingsKeepTheTimeLimit(t *testing.T) {
	for _, what := range []string{"tools/list", "resources/list", "resources/templates/list", "prompts/list"} {
		t.Run(what, func(t *testing.T) {
			h := r43rsHanging(t, r72Testtime12Limit)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			start := time.Now()
			var err error
			switch what {
			case "tools/list":
				_, err = h.mcp.ListTools(ctx, mcp.ListToolsRequest{})
			case "resources/list":
				_, err = h.mcp.ListResources(ctx, mcp.ListResourcesRequest{})
			case "resources/templates/list":
				_, err = h.mcp.ListResourceTemplates(ctx, mcp.ListResourceTemplatesRequest{})
			case "prompts/list":
				_, err = h.mcp.ListPrompts(ctx, mcp.ListPromptsRequest{})
			}
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("%s with --tool-timeout %s and a token endpoint that does not answer took %s (the client gave up): %v",
					what, r72Testtime12Limit, took.Round(100*time.Millisecond), err)
			}
		})
	}
}

// TestR43ReviewsurfacePromptTimeLimit: prompts/get of each prompt with a token endpoint that does
// not answer, limit 250 ms (r72Testtime12Limit): it ends within the limit, and what it says is recorded.
func TestR43ReviewsurfacePromptTimeLimit(t *testing.T) {
	for _, p := range []struct {
		name string
		args map[string]string
	}{
		{"deploy_app", map[string]string{"name": "sales-app"}},
		{"rotate_keys", map[string]string{"app": "analytics-app"}},
		{"troubleshoot_deployment", map[string]string{"app": "analytics-app", "org": "acme-labs"}},
	} {
		t.Run(p.name, func(t *testing.T) {
			h := r43rsHanging(t, r72Testtime12Limit)
			ctx, cancel := context.WithTimeout(context.Background(), 8*time.Second)
			defer cancel()
			var req mcp.GetPromptRequest
			req.Params.Name = p.name
			req.Params.Arguments = p.args
			start := time.Now()
			res, err := h.mcp.GetPrompt(ctx, req)
			took := time.Since(start)
			body := ""
			if res != nil {
				for _, m := range res.Messages {
					if tc, ok := m.Content.(mcp.TextContent); ok {
						body += tc.Text
					}
				}
			}
			t.Logf("took %s err=%v\n%s", took.Round(100*time.Millisecond), err, body)
			if took > 3*time.Second {
				t.Errorf("prompts/get %s took %s", p.name, took)
			}
			if strings.Contains(fmt.Sprint(err)+body, "spice-client-secret") {
				t.Errorf("secret shown")
			}
		})
	}
}

// r43rsManyApps gives GET /v1/projects n apps named by name(i).
func r43rsManyApps(n int, name func(i int) string) func(*http.Response) error {
	return editedAnswer(func(r *http.Response) bool {
		return r.Request.Method == http.MethodGet && r.Request.URL.Path == "/v1/projects"
	}, func(answer map[string]any) {
		list := answer["projects"].([]any)
		first := list[0].(map[string]any)
		list = list[:0]
		for i := 0; i < n; i++ {
			c := map[string]any{}
			for k, v := range first {
				c[k] = v
			}
			c["id"], c["name"] = float64(10000+i), name(i)
			list = append(list, c)
		}
		answer["projects"] = list
	})
}

func r43rsRead(t *testing.T, h *harness, uri string) string {
	t.Helper()
	var req mcp.ReadResourceRequest
	req.Params.URI = uri
	got, err := h.mcp.ReadResource(context.Background(), req)
	if err != nil {
		t.Fatalf("%s: %v", uri, err)
	}
	return got.Contents[0].(mcp.TextResourceContents).Text
}

// TestR43ReviewsurfaceResourcePagesHostileWithinBudget: spice://apps, spice://orgs with 1,000
// items of dense or long names stay within 8,000 o200k tokens and name the next call.
func TestR43ReviewsurfaceResourcePagesHostileWithinBudget(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	names := map[string]func(i int) string{
		"dense":   func(i int) string { return fmt.Sprintf("a%04d-%s", i, strings.Repeat("a1", 20)) },
		"long":    func(i int) string { return fmt.Sprintf("b%04d-%s", i, strings.Repeat("x", 2000)) },
		"digits":  func(i int) string { return fmt.Sprintf("%04d%s", i, strings.Repeat("7-3-", 10)) },
		"unicode": func(i int) string { return fmt.Sprintf("c%04d-%s", i, strings.Repeat("\u4e2d\u6587", 15)) },
	}
	for kind, name := range names {
		for _, note := range []bool{false, true} {
			t.Run(fmt.Sprintf("apps-%s-note%v", kind, note), func(t *testing.T) {
				t.Parallel() // each on a harness of its own
				h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, sandboxNote: note,
					upstream: cannedProxy(&[]canned{}, r43rsManyApps(1000, name))})
				view := r43rsRead(t, h, "spice://apps")
				if n := tokens.Count(view); n > 8000 || !strings.Contains(view, "list_apps {\"offset\":") {
					t.Errorf("spice://apps (%s, note %v): %d tokens, %d bytes, names next call: %v\n%.600s", kind, note, n, len(view),
						strings.Contains(view, "list_apps {\"offset\":"), view)
				} else {
					t.Logf("%s note %v: %d tokens %d bytes, %d rows", kind, note, n, len(view), strings.Count(view, "\n|"))
				}
			})
		}
		t.Run("orgs-"+kind, func(t *testing.T) {
			t.Parallel() // each on a harness of its own
			orgs := sandbox.DefaultOrgs()
			for i := range 1000 {
				slug := strings.ToLower(name(i))
				if len(slug) > 60 {
					slug = slug[:60]
				}
				orgs = append(orgs, sandbox.Org{Slug: fmt.Sprintf("o%04d%s", i, slug), Name: name(i), Owner: "carol", Admins: []string{"alice"}})
			}
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Orgs: orgs}})
			view := r43rsRead(t, h, "spice://orgs")
			if n := tokens.Count(view); n > 8000 || !strings.Contains(view, "list_orgs {\"offset\":") {
				t.Errorf("spice://orgs (%s): %d tokens, %d bytes\n%.600s", kind, n, len(view), view)
			} else {
				t.Logf("orgs %s: %d tokens %d bytes", kind, n, len(view))
			}
		})
	}
}

// TestR43ReviewsurfaceResourceReadErasesListAppsShiftMemory: README ("a session remembers, for
// each list ..., the item the last page it served ended with; asked for exactly that page's next
// offset, a page ... continues after that item when the list has shifted, and says so"). A
// resource read of spice://apps is a page of the same list (list_apps) served to the same
// session, so it replaces list_apps' mark: an agent paging list_apps whose client reads (or
// refreshes) spice://apps between two pages gets its next page taken as given: an app deleted
// meanwhile makes it skip one never shown, silently.
func TestR43ReviewsurfaceResourceReadErasesListAppsShiftMemory(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	for _, read := range []bool{false, true} {
		t.Run(fmt.Sprintf("resourceRead=%v", read), func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
			api := r42API(t, h)
			for i := range 120 {
				if _, err := api.CreateProject(context.Background(), client.CreateProjectRequest{Name: fmt.Sprintf("app-%03d-%s", i, strings.Repeat("q", 30)), Description: strings.Repeat("d1", 150)}); err != nil {
					t.Fatal(err)
				}
			}
			type page struct {
				Apps []struct {
					Name string `json:"name"`
				} `json:"apps"`
				Next int `json:"next_offset"`
			}
			var first page
			structured(t, h.call(t, "list_apps", map[string]any{}), &first)
			if first.Next == 0 {
				t.Fatalf("one page")
			}
			t.Logf("list_apps first page: %d apps, next %d", len(first.Apps), first.Next)
			if read {
				view := r43rsRead(t, h, "spice://apps")
				t.Logf("resource page: %d rows", strings.Count(view, "\n|"))
			}
			// Another call deletes the first app shown.
			apps, err := api.ListProjects(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range apps {
				if a.Name == first.Apps[0].Name {
					if _, err := api.DeleteProject(context.Background(), a.ID); err != nil {
						t.Fatal(err)
					}
				}
			}
			res := h.call(t, "list_apps", map[string]any{"offset": first.Next})
			if !strings.Contains(text(res), "since the last page") {
				t.Errorf("the page after an app was deleted does not say the list shifted (resource read between: %v):\n%.400s", read, text(res))
			}
		})
	}
}

func r43rsComplete(t *testing.T, h *harness, ref any, value string, cc map[string]string) (*mcp.CompleteResult, error) {
	t.Helper()
	var req mcp.CompleteRequest
	req.Params.Ref = ref
	req.Params.Argument.Name = "app"
	req.Params.Argument.Value = value
	req.Params.Context.Arguments = cc
	return h.mcp.Complete(context.Background(), req)
}

// TestR43ReviewsurfaceCompletionOffersNamesTheToolsReadAsAnotherApp: the completion filter
// (0981818) keeps a listed name that tools.AppRefRule accepts, but a name the tools read as an
// ID, not as that name ("id:<n>": "id:101 forces ID"; digits too short to be an app name are
// read as an ID without the list, AppRef.onlyID), passes the rule and names another app: the
// picker offers "id:<analytics-app's ID>" for the app of that name, and get_app with the value
// picked shows analytics-app. README: completion "offers only names the tools take".
func TestR43ReviewsurfaceCompletionOffersNamesTheToolsReadAsAnotherApp(t *testing.T) {
	h0 := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	target := h0.appID(t, "analytics-app")
	odd := []string{fmt.Sprintf("id:%d", target), fmt.Sprint(target)}
	edit := editedAnswer(func(r *http.Response) bool {
		return r.Request.Method == http.MethodGet && r.Request.URL.Path == "/v1/projects"
	}, func(answer map[string]any) {
		list := answer["projects"].([]any)
		first := list[0].(map[string]any)
		for i, name := range odd {
			c := map[string]any{}
			for k, v := range first {
				c[k] = v
			}
			c["id"], c["name"] = float64(900+i), name
			list = append(list, c)
		}
		answer["projects"] = list
	})
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&[]canned{}, edit)})
	got, err := r43rsComplete(t, h, mcp.ResourceReference{Type: "ref/resource", URI: "spice://apps/{app}"}, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range got.Completion.Values {
		for _, o := range odd {
			if v != o {
				continue
			}
			res := h.call(t, "get_app", map[string]any{"app": v})
			t.Errorf("completion offers %q (the app of ID 900+), which get_app reads as another app: %.200s", v, text(res))
		}
	}
}

// TestR43ReviewsurfaceCompletionCapAndEmpty: 150 names the tools take and 40 they do not, all
// with the prefix: 100 offered, total 150, hasMore; only refused names: none, total 0, no error.
func TestR43ReviewsurfaceCompletionCapAndEmpty(t *testing.T) {
	names := func(i int) string {
		if i < 150 {
			return fmt.Sprintf("zz-%03d", i)
		}
		return fmt.Sprintf("zz\u200b%03d", i)
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&[]canned{}, r43rsManyApps(190, names))})
	for _, ref := range []any{
		mcp.ResourceReference{Type: "ref/resource", URI: "spice://apps/{app}"},
		mcp.PromptReference{Type: "ref/prompt", Name: "rotate_keys"},
	} {
		got, err := r43rsComplete(t, h, ref, "ZZ", nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Completion.Values) != 100 || got.Completion.Total != 150 || !got.Completion.HasMore {
			t.Errorf("%v: %d values, total %d, hasMore %v", ref, len(got.Completion.Values), got.Completion.Total, got.Completion.HasMore)
		}
		got, err = r43rsComplete(t, h, ref, "zz\u200b", nil)
		if err != nil || len(got.Completion.Values) != 0 || got.Completion.Total != 0 || got.Completion.HasMore {
			t.Errorf("%v prefix with a zero-width space: %+v %v", ref, got, err)
		}
		_, err = r43rsComplete(t, h, mcp.ResourceReference{Type: "ref/resource", URI: "spice://orgs/{org}/apps/{app}"}, "zz", map[string]string{"org": "acme\u200b-labs"})
		if err == nil || !strings.Contains(err.Error(), "org") {
			t.Errorf("an org context the rule refuses: %v", err)
		}
	}
}

// TestR43ReviewsurfaceDeployAppSpicepodBoundary: a spicepod of exactly 1 MiB as JSON (escapes
// counted: line breaks, U+2028, quotes) is taken by the prompt and by create_and_deploy_app's size
// rule alike; one byte more is refused by both, -32602 naming spicepod.
func TestR43ReviewsurfaceDeployAppSpicepodBoundary(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	// JSON size of s: 2 quotes + bytes, "\n" and "\"" 2 each, U+2028 6 (3 raw).
	unit := "a\n\"\u2028中" // JSON: 1+2+2+6+3 = 14 bytes; raw 1+1+1+3+3 = 9
	base := strings.Repeat(unit, (1<<20-2)/14)
	pad := (1<<20 - 2) - len(base)/9*14
	exact := base + strings.Repeat("b", pad)
	for _, c := range []struct {
		pod  string
		fits bool
	}{{exact, true}, {exact + "c", false}} {
		var req mcp.GetPromptRequest
		req.Params.Name = "deploy_app"
		req.Params.Arguments = map[string]string{"name": "sales-app", "spicepod": c.pod}
		_, err := h.mcp.GetPrompt(context.Background(), req)
		if c.fits != (err == nil) || (err != nil && !strings.Contains(err.Error(), "spicepod")) {
			t.Errorf("raw %d bytes (fits %v): %v", len(c.pod), c.fits, err)
		}
		if err != nil {
			t.Logf("%.300s", err.Error())
		}
	}
}

// TestR43ReviewsurfaceCompletionInOrgKeepsTheLimit: completion of spice://orgs/{org}/apps/{app}
// and of a prompt's app with an org context, token endpoint not answering, limit 250 ms (r72Testtime12Limit).
func TestR43ReviewsurfaceCompletionInOrgKeepsTheLimit(t *testing.T) {
	for _, ref := range []any{
		mcp.ResourceReference{Type: "ref/resource", URI: "spice://orgs/{org}/apps/{app}"},
		mcp.PromptReference{Type: "ref/prompt", Name: "troubleshoot_deployment"},
	} {
		h := r43rsHanging(t, r72Testtime12Limit)
		start := time.Now()
		_, err := r43rsComplete(t, h, ref, "an", map[string]string{"org": "acme-labs"})
		took := time.Since(start)
		t.Logf("%v: %s %v", ref, took.Round(100*time.Millisecond), err)
		if took > 3*time.Second || !strings.Contains(fmt.Sprint(err), "this completion's time limit (250 ms)") || strings.Contains(fmt.Sprint(err), "spice-client-secret") {
			t.Errorf("%v: took %s: %v", ref, took, err)
		}
	}
}

// TestR43ReviewsurfaceImagesPageHostileWithinBudget: spice://container-images of 1,000 images with
// dense names and tags stays within 8,000 o200k tokens and names the next call.
func TestR43ReviewsurfaceImagesPageHostileWithinBudget(t *testing.T) {
	edit := editedAnswer(func(r *http.Response) bool {
		return r.Request.Method == http.MethodGet && r.Request.URL.Path == "/v1/container-images"
	}, func(answer map[string]any) {
		var list []any
		for i := range 1000 {
			list = append(list, map[string]any{"name": fmt.Sprintf("r%04d/%s", i, strings.Repeat("a1", 30)),
				"tag": fmt.Sprintf("%d.%s", i, strings.Repeat("9z", 20)), "channel": "stable"})
		}
		answer["images"] = list
	})
	for _, note := range []bool{false, true} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, sandboxNote: note, upstream: cannedProxy(&[]canned{}, edit)})
		view := r43rsRead(t, h, "spice://container-images")
		n := tokens.Count(view)
		t.Logf("images note %v: %d tokens, %d bytes", note, n, len(view))
		if n > 8000 || !strings.Contains(view, "list_container_images {") {
			t.Errorf("spice://container-images: %d tokens:\n%.500s\n...\n%s", n, view, view[max(0, len(view)-400):])
		}
	}
}

// TestR43ReviewsurfaceReadSlowAPINamesItsLimit: a resource read whose API does not answer in
// time says so, naming the read's limit, at the limit: the API never answers while the client
// waits, so only the limit can end the read before the client gives up.
func TestR43ReviewsurfaceReadSlowAPINamesItsLimit(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, realClock: true, callTimeout: 500 * time.Millisecond,
		upstream: r43SlowProjects(time.Hour)})
	for _, uri := range []string{"spice://apps", "spice://apps/analytics-app", "spice://orgs/acme-labs/apps/analytics-app/deployments"} {
		var req mcp.ReadResourceRequest
		req.Params.URI = uri
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		start := time.Now()
		_, err := h.mcp.ReadResource(ctx, req)
		took := time.Since(start)
		t.Logf("%s: %s %v", uri, took.Round(100*time.Millisecond), err)
		if ctx.Err() != nil || !strings.Contains(fmt.Sprint(err), "before this resource read's time limit (") {
			t.Errorf("%s: took %s: %v", uri, took, err)
		}
		cancel()
	}
}

// TestR43ReviewsurfaceListingHangLength measures how long tools/list waits for a token endpoint
// that does not answer, with --tool-timeout 250 ms (r72Testtime12Limit) and a client that waits 45 s.
func TestR43ReviewsurfaceListingHangLength(t *testing.T) {
	h := r43rsHanging(t, r72Testtime12Limit)
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	start := time.Now()
	res, err := h.mcp.ListTools(ctx, mcp.ListToolsRequest{})
	n := 0
	if res != nil {
		n = len(res.Tools)
	}
	took := time.Since(start)
	if took > 3*time.Second {
		t.Errorf("tools/list with --tool-timeout %s took %s (%d tools, err %v)", r72Testtime12Limit, took.Round(100*time.Millisecond), n, err)
	}
}

// TestR43ReviewsurfacePromptCutByItsLimitSaysSo: README (Timeouts paragraph): a prompts/get has a
// call's limit "over all it does: the check of the tools it stands on (which may ask the token
// endpoint) ... the role lookups of a prompt's text; one the limit stopped says so as a call
// does, naming its own". With a token endpoint that does not answer, prompts/get rotate_keys
// runs out its 1 s limit in the tools' check and the role lookups, then renders the ordinary
// text as if the caller could use every tool: nothing says the checks were cut short (no
// "this prompt's time limit" anywhere; DeadlineError.Of "prompt" is never shown).
func TestR43ReviewsurfacePromptCutByItsLimitSaysSo(t *testing.T) {
	h := r43rsHanging(t, time.Second)
	var req mcp.GetPromptRequest
	req.Params.Name = "rotate_keys"
	req.Params.Arguments = map[string]string{"app": "analytics-app"}
	start := time.Now()
	res, err := h.mcp.GetPrompt(context.Background(), req)
	took := time.Since(start)
	got := fmt.Sprint(err)
	if res != nil {
		for _, m := range res.Messages {
			if tc, ok := m.Content.(mcp.TextContent); ok {
				got += tc.Text
			}
		}
	}
	if took >= 900*time.Millisecond && !strings.Contains(got, "time limit") {
		t.Errorf("prompts/get ran its %s to the 1 s limit and says nothing of it:\n%.300s", took.Round(100*time.Millisecond), got)
	}
}
