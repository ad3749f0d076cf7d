package mcpserver_test

import (
	"context"
	"encoding/json"

	"github.com/mark3labs/mcp-go/mcp"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestReview1SecretPageFailureShowsNoMarkdownEscapes (review1, round 40): README (Safety) says
// the page shows what it names "as it is (HTML-escaped only, never the Markdown escapes of the
// agent's result)". The secret-entry page's failure paragraph is present.Error's Markdown text:
// an API refusal "value for <PG_PASS> ..." reads "value for \<PG_PASS>" on the page, a
// backslash the API never sent.
func TestReview1SecretPageFailureShowsNoMarkdownEscapes(t *testing.T) {
	const msg = `value for <PG_PASS> must match [a-z]_x`
	if outcome := secretPageFailure(t, msg); !strings.Contains(outcome, msg) {
		t.Errorf("the page's failure does not quote the API's message %q as it is:\n%s", msg, outcome)
	}
}

// secretPageFailure stores PG_PASS through set_secret's secret-entry page while the API refuses
// every secret write with 400 {"error": apiMessage}, and returns the page's failure paragraph as
// text (HTML unescaped).
func secretPageFailure(t *testing.T, apiMessage string) string {
	t.Helper()
	j, _ := json.Marshal(map[string]string{"error": apiMessage})
	answers := []canned{
		{method: "PUT", path: regexp.MustCompile(`/secrets`), status: 400, body: string(j)},
		{method: "POST", path: regexp.MustCompile(`/secrets`), status: 400, body: string(j)},
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"})
	_, body := (&page{}).answer(t, linkIn(t, res), url.Values{"decision": {"store"}, "secret-PG_PASS": {"v"}})
	i := strings.Index(body, `<p id="outcome"`)
	if i < 0 {
		t.Fatalf("no outcome on the page:\n%s", body)
	}
	outcome := body[i:]
	return html.UnescapeString(outcome[strings.Index(outcome, ">")+1 : strings.Index(outcome, "</p>")])
}

// TestReview1InvisibleASCIILookAlikeMemberIsFlagged (review1, round 40): NameShown flags a name
// holding characters beyond ASCII "so a Cyrillic bоb does not read as the member bob", yet a
// member whose name holds an ASCII character that does not show (NUL, DEL) or a trailing space
// is shown as plain "bob" with no flag, in the question, on the approval page and in the
// result: "Change the roles of bob (user 9)". add_member itself refuses such a username
// ("holds a character that does not show"); a member listed by the API with one is shown as
// the look-alike it is.
func TestReview1InvisibleASCIILookAlikeMemberIsFlagged(t *testing.T) {
	for _, c := range []struct{ name, json string }{
		{"bob\x00", `"bob\u0000"`},
		{"bob\x7f", `"bob\u007f"`},
		{"bob ", `"bob "`},
	} {
		users := append(sandbox.DefaultUsers(), sandbox.User{ID: 9, Username: c.name})
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Users: users}})
		// The member as the API lists it (added there, not through add_member).
		req, _ := http.NewRequest(http.MethodPost, h.api.URL+"/v1/members", strings.NewReader(`{"username":`+c.json+`,"roles":["member"]}`))
		req.Header.Set("Authorization", "Bearer sandbox")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("adding %q: %d %s", c.name, resp.StatusCode, b)
		}
		first := h.call(t, "update_member_roles", map[string]any{"member": "id:9", "roles": []any{"admin"}})
		_, body := (&page{}).get(t, linkIn(t, first))
		if action := pageAction(body); strings.Contains(action, "Change the roles of bob (user 9)") {
			t.Errorf("member %q: the approval page reads as the member bob, with no flag:\n%s", c.name, action)
		}
	}
}

// TestReview1LookAlikeAppFlaggedInResult (review1, round 40): README (Input validation) says
// every app name an approval names (delete_app, delete_secret, the key and pause tools) is
// shown with its look-alike flag "in the client's question, the approval page and the result".
// The question flags an app listed as "dоcs-search" (Cyrillic о), but the results of
// pause_app and delete_app, once approved, name it bare (target.label()).
func TestReview1LookAlikeAppFlaggedInResult(t *testing.T) {
	const lookalike = "d\u043ecs-search"
	rename := editedAnswer(func(r *http.Response) bool {
		return r.Request.Method == http.MethodGet && r.Request.URL.Path == "/v1/projects"
	}, func(answer map[string]any) {
		list, _ := answer["projects"].([]any)
		for _, p := range list {
			if m, _ := p.(map[string]any); m != nil && m["name"] == "docs-search" {
				m["name"] = lookalike
			}
		}
	})
	var questions []string
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&[]canned{}, rename),
		elicit: func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
			questions = append(questions, req.Params.Message)
			name := lookalike
			return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept,
				Content: map[string]any{"name": name}}}, nil
		}})
	const flag = `"d\u043ecs-search": it holds characters beyond ASCII`
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"pause_app", map[string]any{"app": "id:102"}},
		{"delete_app", map[string]any{"app": "id:102"}},
	} {
		res := h.call(t, c.tool, c.args)
		if len(questions) == 0 || !strings.Contains(questions[len(questions)-1], flag) {
			t.Fatalf("%s: the question does not flag the look-alike: %q", c.tool, questions)
		}
		if out := text(res); !strings.Contains(out, flag) {
			t.Errorf("%s: the question flagged %s, the result names it bare:\n%s", c.tool, lookalike, out)
		}
	}
}
