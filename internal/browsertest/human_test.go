package browsertest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/browsertest"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// The human channel driven in a real browser (issue 10, acceptance 3 and 4): the MCP server
// over stdio framing with the emulator behind it, a client that reads links from real tool
// results, and headless Chromium answering on the pages served on a loopback port. After each
// flow the emulator's state is checked, and every MCP message, log line and page response is
// searched for the secret values.

// linkIn returns the page link in a tool result.
func linkIn(t *testing.T, res *mcp.CallToolResult) string {
	t.Helper()
	link := humanweb.URLPattern.FindString(text(res))
	if link == "" {
		t.Fatalf("no page link in the result:\n%s", text(res))
	}
	return link
}

// outcome is where the page says its link stands (p#outcome's data-outcome).
func outcome(tab *browsertest.Tab) string {
	return browsertest.Get(tab, chromedp.Evaluate[string](`document.getElementById("outcome").dataset.outcome`))
}

// open shows a link's page and returns the HTTP status of the document.
func open(t *testing.T, tab *browsertest.Tab, url string) int64 {
	t.Helper()
	resp, err := chromedp.RunResponse(tab.Ctx, chromedp.Navigate(url))
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	tab.Settle()
	return resp.Status
}

// submit clicks a form button, waits for the answer page and returns its HTTP status.
func submit(t *testing.T, tab *browsertest.Tab, button string) int64 {
	t.Helper()
	resp, err := chromedp.RunResponse(tab.Ctx, chromedp.Click(chromedp.ID(button)))
	if err != nil {
		t.Fatalf("click #%s: %v", button, err)
	}
	tab.Settle()
	return resp.Status
}

// pageText is the visible text of an element.
func pageText(tab *browsertest.Tab, id string) string {
	return browsertest.Get(tab, chromedp.Text(chromedp.ID(id)))
}

// noLeaks searches everything of the run for values: every MCP message (both directions,
// as sent), every log line, every response the tabs received (bodies read from the browser)
// and the documents they show now. It fails on any hit and on a vacuous search.
func noLeaks(t *testing.T, s *server, tabs []*browsertest.Tab, values ...string) {
	t.Helper()
	wire, logs := s.wire.String(), s.logs.String()
	if !strings.Contains(wire, `"method":"tools/call"`) || !strings.Contains(wire, `"result":`) || !strings.Contains(logs, `"level":"DEBUG"`) {
		t.Fatal("the MCP capture or the debug logs are empty: the leak check would prove nothing")
	}
	places := map[string]string{"MCP messages": wire, "logs": logs}
	bodies := 0
	for i, tab := range tabs {
		for j, r := range tab.Responses() {
			places[fmt.Sprintf("tab %d response %d (%s %s %d)", i, j, r.Method, r.URL, r.Status)] = r.Body
			switch {
			case strings.HasPrefix(r.Body, browsertest.BodyUnavailable) && strings.Contains(r.URL, humanweb.Prefix):
				t.Errorf("the browser kept no body of the page response %s %s (%d): it could not be searched", r.Method, r.URL, r.Status)
			case r.Body != "":
				bodies++
			}
		}
		places[fmt.Sprintf("tab %d document", i)] = tab.HTML()
	}
	if s.pages != nil { // HTTP mode: the pages' responses as the server wrote them, too
		for j, r := range s.pages.Responses() {
			places[fmt.Sprintf("server-side page response %d (%s %s %d)", j, r.Method, r.URL, r.Status)] = r.Body
		}
	}
	if bodies == 0 {
		t.Fatal("no page response bodies were recorded: the leak check would prove nothing")
	}
	hits := 0
	for where, text := range places {
		for _, v := range values {
			if n := strings.Count(text, v); n > 0 {
				hits += n
				t.Errorf("%s contain a secret value %d time(s)", where, n)
			}
		}
	}
	t.Logf("leak check: %d hits for %d values in %d MCP bytes, %d log bytes, %d page responses", hits, len(values), len(wire), len(logs), bodies)
}

// demoSecretValues are the values the emulator's demo app holds, which no flow may reveal.
func demoSecretValues(t *testing.T, s *server) []string {
	t.Helper()
	id := s.appID(t, "analytics-app")
	var out []string
	for _, name := range []string{"OPENAI_API_KEY", "PG_PASS"} {
		v, ok := s.emu.SecretValue("sandbox", id, name)
		if !ok {
			t.Fatalf("demo secret %s missing", name)
		}
		out = append(out, v)
	}
	return out
}

// members lists the organization's usernames.
func members(t *testing.T, s *server) string {
	t.Helper()
	return text(s.call(t, "list_members", nil))
}

// TestApproveInBrowser: for each destructive tool, a client that cannot elicit gets an
// approval link; the page says what will happen; approving there changes nothing by itself;
// the agent's next identical call performs exactly that action once; a third identical call
// needs a new approval. The approved page's token, replayed, is refused.
func TestApproveInBrowser(t *testing.T) {
	cases := []struct {
		tool string
		args map[string]any
		op   *api.Operation
		// done reports whether the action took effect.
		done func(t *testing.T, s *server, before map[string]string) bool
		// show is a fact the page must state.
		show string
	}{
		{tool: "delete_app", args: map[string]any{"app": "docs-search"}, op: api.DeleteProject, show: "docs-search",
			done: func(t *testing.T, s *server, _ map[string]string) bool { return s.emu.AppCount("sandbox") == 1 }},
		{tool: "delete_secret", args: map[string]any{"app": "analytics-app", "name": "PG_PASS"}, op: api.DeleteProjectSecret, show: "PG_PASS",
			done: func(t *testing.T, s *server, _ map[string]string) bool {
				_, ok := s.emu.SecretValue("sandbox", s.appID(t, "analytics-app"), "PG_PASS")
				return !ok
			}},
		{tool: "regenerate_api_key", args: map[string]any{"app": "analytics-app", "key_number": 2}, op: api.RegenerateProjectAPIKey, show: "secondary",
			done: func(t *testing.T, s *server, before map[string]string) bool { return keysChanged(t, s, before) == "2" }},
		{tool: "regenerate_api_key", args: map[string]any{"app": "analytics-app", "key_number": 0}, op: api.RegenerateProjectAPIKey, show: "analytics-app",
			done: func(t *testing.T, s *server, before map[string]string) bool { return keysChanged(t, s, before) == "12" }},
		{tool: "rotate_api_keys", args: map[string]any{"app": "analytics-app", "step": "start"}, op: api.RegenerateProjectAPIKey, show: "secondary",
			done: func(t *testing.T, s *server, before map[string]string) bool { return keysChanged(t, s, before) == "2" }},
		{tool: "rotate_api_keys", args: map[string]any{"app": "analytics-app", "step": "finish", "force": true}, op: api.RegenerateProjectAPIKey, show: "primary",
			done: func(t *testing.T, s *server, before map[string]string) bool { return keysChanged(t, s, before) == "1" }},
		{tool: "remove_member", args: map[string]any{"member": "bob"}, op: api.RemoveMember, show: "bob",
			done: func(t *testing.T, s *server, _ map[string]string) bool {
				return !strings.Contains(members(t, s), "bob")
			}},
		{tool: "update_member_roles", args: map[string]any{"member": "bob", "roles": []any{"viewer"}}, op: api.UpdateMemberRoles, show: "viewer",
			done: func(t *testing.T, s *server, _ map[string]string) bool {
				return s.emu.Calls(api.UpdateMemberRoles.ID) == 1
			}},
		{tool: "pause_app", args: map[string]any{"app": "docs-search"}, op: api.PauseProject, show: "docs-search",
			done: func(t *testing.T, s *server, _ map[string]string) bool { return s.emu.Calls(api.PauseProject.ID) == 1 }},
		{tool: "add_member", args: map[string]any{"username": "jdoe", "roles": []any{"admin"}}, op: api.AddMember, show: "jdoe",
			done: func(t *testing.T, s *server, _ map[string]string) bool {
				return strings.Contains(members(t, s), "jdoe")
			}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s %v", c.tool, c.args), func(t *testing.T) {
			s := newServer(t, serverOptions{})
			secrets := demoSecretValues(t, s)
			before := keys(t, s)

			first := s.call(t, c.tool, c.args)
			link := linkIn(t, first)
			if !first.IsError || c.done(t, s, before) || s.emu.Calls(c.op.ID) != 0 {
				t.Fatalf("the first call acted without approval:\n%s", text(first))
			}
			tab := browsertest.NewTab(t)
			if status := open(t, tab, link); status != http.StatusOK || outcome(tab) != "pending" {
				t.Fatalf("approval page: %d %s", status, outcome(tab))
			}
			action := pageText(tab, "action")
			if !strings.Contains(text(first), strings.TrimSuffix(strings.ToLower(action[:1])+action[1:], ".")) || !strings.Contains(tab.Text(), c.show) {
				t.Errorf("the page says %q; the tool result said:\n%s", tab.Text(), text(first))
			}
			if c.tool == "delete_app" {
				tab.Screenshot(filepath.Join(browsertest.ScreenshotDir(t), "approval.png"))
			}
			token := browsertest.Get(tab, chromedp.Value(chromedp.CSS(`input[name="token"]`)))
			if status := submit(t, tab, "approve"); status != http.StatusOK || outcome(tab) != "approved" {
				t.Fatalf("after approve: %d %s: %s", status, outcome(tab), tab.Text())
			}
			if c.done(t, s, before) || s.emu.Calls(c.op.ID) != 0 {
				t.Fatal("approving on the page acted by itself")
			}

			// The same form posted again with its token, from the page's own origin: already
			// answered (409), and it changes nothing.
			replay := browsertest.NewTab(t)
			open(t, replay, link) // the approved page: no form, no token
			if outcome(replay) != "approved" || strings.Contains(replay.HTML(), token) {
				t.Errorf("reopened approved link: %s", outcome(replay))
			}
			if status := replay.PostForm(link, map[string]string{"token": token, "decision": "approve"}); status != http.StatusConflict || outcome(replay) != "used" {
				t.Errorf("replayed approval: %d %s", status, outcome(replay))
			}

			second := s.call(t, c.tool, c.args)
			if second.IsError || !c.done(t, s, before) || s.emu.Calls(c.op.ID) != 1 {
				t.Fatalf("the approved call: error=%v done=%v calls=%d:\n%s", second.IsError, c.done(t, s, before), s.emu.Calls(c.op.ID), text(second))
			}
			// Replayed once more after it was used: the link is gone.
			if status := replay.PostForm(link, map[string]string{"token": token, "decision": "approve"}); status != http.StatusNotFound || outcome(replay) != "unknown" {
				t.Errorf("approval replayed after use: %d %s", status, outcome(replay))
			}
			third := s.call(t, c.tool, c.args)
			if s.emu.Calls(c.op.ID) != 1 {
				t.Fatalf("the approval was used twice:\n%s", text(third))
			}
			if third.IsError && humanweb.URLPattern.FindString(text(third)) == link {
				t.Errorf("a used approval's link was offered again:\n%s", text(third))
			}
			noLeaks(t, s, []*browsertest.Tab{tab, replay}, secrets...)
		})
	}
}

// keys returns the demo app's two API keys.
func keys(t *testing.T, s *server) map[string]string {
	t.Helper()
	id := s.appID(t, "analytics-app")
	k1, _ := s.emu.APIKey("sandbox", id, 1)
	k2, _ := s.emu.APIKey("sandbox", id, 2)
	return map[string]string{"1": k1, "2": k2}
}

// keysChanged says which of the demo app's keys differ from before: "", "1", "2" or "12".
func keysChanged(t *testing.T, s *server, before map[string]string) string {
	t.Helper()
	now := keys(t, s)
	changed := ""
	for _, n := range []string{"1", "2"} {
		if now[n] != before[n] {
			changed += n
		}
	}
	return changed
}

// TestDeclineInBrowser: declining on the page changes nothing, the agent's next call says the
// user declined, and the link cannot be answered again.
func TestDeclineInBrowser(t *testing.T) {
	s := newServer(t, serverOptions{})
	secrets := demoSecretValues(t, s)
	args := map[string]any{"app": "analytics-app"}
	link := linkIn(t, s.call(t, "delete_app", args))
	tab := browsertest.NewTab(t)
	open(t, tab, link)
	token := browsertest.Get(tab, chromedp.Value(chromedp.CSS(`input[name="token"]`)))
	if status := submit(t, tab, "decline"); status != http.StatusOK || outcome(tab) != "declined" {
		t.Fatalf("after decline: %d %s", status, outcome(tab))
	}
	// Replayed: the same token and an approval, posted from the page's own origin.
	if status := tab.PostForm(link, map[string]string{"token": token, "decision": "approve"}); status != http.StatusConflict || outcome(tab) != "used" {
		t.Errorf("replayed POST: %d %s", status, outcome(tab))
	}
	res := s.call(t, "delete_app", args)
	if !res.IsError || !strings.Contains(text(res), "declined") {
		t.Errorf("after a decline the call says:\n%s", text(res))
	}
	if s.emu.AppCount("sandbox") != 2 || s.emu.Calls(api.DeleteProject.ID) != 0 {
		t.Fatalf("declined, yet: %d apps, %d deletes", s.emu.AppCount("sandbox"), s.emu.Calls(api.DeleteProject.ID))
	}
	// The next call asks again, with a new link; the declined one stays answered.
	if again := linkIn(t, s.call(t, "delete_app", args)); again == link {
		t.Error("the declined link was offered again")
	}
	open(t, tab, link)
	if o := outcome(tab); o != "unknown" && o != "declined" {
		t.Errorf("the declined link now shows %s", o)
	}
	if s.emu.AppCount("sandbox") != 2 || s.emu.Calls(api.DeleteProject.ID) != 0 {
		t.Fatal("something was deleted after a decline")
	}
	noLeaks(t, s, []*browsertest.Tab{tab}, secrets...)
	if strings.Contains(s.wire.String(), token) || strings.Contains(s.logs.String(), token) {
		t.Error("the page's form token reached the MCP messages or the logs")
	}
}

// TestExpiryInBrowser: a page opened in time but answered after its link expired changes
// nothing, and says so; the agent's next call gets a new link.
func TestExpiryInBrowser(t *testing.T) {
	s := newServer(t, serverOptions{})
	args := map[string]any{"app": "analytics-app"}
	link := linkIn(t, s.call(t, "delete_app", args))
	tab := browsertest.NewTab(t)
	open(t, tab, link)
	if outcome(tab) != "pending" {
		t.Fatalf("fresh link: %s", outcome(tab))
	}
	s.humanClock.Advance(s.human.TTL() + time.Second)
	if status := submit(t, tab, "approve"); status != http.StatusGone || outcome(tab) != "expired" {
		t.Fatalf("approving an expired link: %d %s: %s", status, outcome(tab), tab.Text())
	}
	if !strings.Contains(tab.Text(), "Nothing was changed") {
		t.Errorf("the expired page says %q", tab.Text())
	}
	res := s.call(t, "delete_app", args)
	if !res.IsError || linkIn(t, res) == link {
		t.Errorf("after expiry the call says:\n%s", text(res))
	}
	if s.emu.AppCount("sandbox") != 2 || s.emu.Calls(api.DeleteProject.ID) != 0 {
		t.Fatal("an expired approval deleted the app")
	}
	// A link nobody opened in time: its page says expired (410), with no form.
	fresh := linkIn(t, s.call(t, "delete_app", map[string]any{"app": "docs-search"}))
	s.humanClock.Advance(s.human.TTL() + time.Second)
	late := browsertest.NewTab(t)
	if status := open(t, late, fresh); status != http.StatusGone || outcome(late) != "expired" {
		t.Errorf("expired link: %d %s", status, outcome(late))
	}
	if n := browsertest.Get(late, chromedp.Evaluate[int](`document.forms.length`)); n != 0 {
		t.Errorf("an expired page shows %d forms", n)
	}
	if s.emu.AppCount("sandbox") != 2 {
		t.Fatal("an expired link changed something")
	}
	noLeaks(t, s, []*browsertest.Tab{tab, late}, demoSecretValues(t, s)...)
}

// twoSecretPod is a spicepod that references two secrets, one in params and one in the
// secrets stanza's reference form.
const twoSecretPod = `version: v1
kind: Spicepod
name: orders
datasets:
  - from: postgres:public.orders
    name: orders
    params:
      pg_host: db.example.com
      pg_user: ${secrets:ORDERS_PG_USER}
      pg_pass: ${secrets:ORDERS_PG_PASS}
`

// deployValues are what the person types; each is distinctive enough that a hit is a leak.
var deployValues = map[string]string{
	"ORDERS_PG_USER": "browser-user-7c41d2e9",
	"ORDERS_PG_PASS": "browser-pass-0b9f35aa!<&>\"'",
}

// fillSecrets types the values into the secret form.
func fillSecrets(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	for name, v := range deployValues {
		tab.Do(chromedp.SendKeys(chromedp.ID("secret-"+name), v))
	}
}

// checkDeployed: the app exists, both secrets hold exactly the typed values, one deployment.
func checkDeployed(t *testing.T, s *server, app string) {
	t.Helper()
	id := s.appID(t, app)
	for name, want := range deployValues {
		if got, ok := s.emu.SecretValue("sandbox", id, name); !ok || got != want {
			t.Errorf("secret %s = %q (set %v), want the value typed on the page", name, got, ok)
		}
	}
	if n := s.emu.DeploymentCount("sandbox", id); n != 1 {
		t.Errorf("%s has %d deployments, want 1", app, n)
	}
	if n := s.emu.Calls(api.UpsertProjectSecret.ID); n != 2 {
		t.Errorf("%d secret writes, want 2", n)
	}
}

// TestDeploySecretsThroughPage: create_and_deploy_app with a spicepod referencing two secrets
// and no values: the result carries a one-time link; the person types both values in the
// browser; the agent's next identical call deploys. A replayed and a cross-site POST are then
// refused and change nothing. No value appears in any MCP message, log line or page response.
func TestDeploySecretsThroughPage(t *testing.T) {
	s := newServer(t, serverOptions{})
	args := map[string]any{"name": "orders-app", "spicepod": twoSecretPod}
	first := s.call(t, "create_and_deploy_app", args)
	link := linkIn(t, first)
	if s.emu.Calls(api.CreateProjectDeployment.ID) != 0 {
		t.Fatalf("deployed before the values were entered:\n%s", text(first))
	}
	tab := browsertest.NewTab(t)
	if status := open(t, tab, link); status != http.StatusOK || outcome(tab) != "pending" {
		t.Fatalf("secret page: %d %s", status, outcome(tab))
	}
	for name := range deployValues {
		if !strings.Contains(pageText(tab, "names"), name) {
			t.Errorf("the page does not name %s: %q", name, tab.Text())
		}
	}
	token := browsertest.Get(tab, chromedp.Value(chromedp.CSS(`input[name="token"]`)))
	fillSecrets(t, tab)
	tab.Screenshot(filepath.Join(browsertest.ScreenshotDir(t), "secrets.png"))
	if status := submit(t, tab, "store"); status != http.StatusOK || outcome(tab) != "stored" {
		t.Fatalf("after store: %d %s: %s", status, outcome(tab), tab.Text())
	}

	second := s.call(t, "create_and_deploy_app", args)
	if second.IsError {
		t.Fatalf("the deploy after entry failed:\n%s", text(second))
	}
	checkDeployed(t, s, "orders-app")

	// Replayed: the same form and token again, from the page's origin, with other values.
	status := tab.PostForm(link, map[string]string{"token": token, "decision": "store",
		"secret-ORDERS_PG_USER": "replayed-value", "secret-ORDERS_PG_PASS": "replayed-value"})
	if o := outcome(tab); !(status == http.StatusConflict && o == "used") && !(status == http.StatusNotFound && o == "unknown") {
		t.Errorf("replayed POST: %d %s: %s", status, o, tab.Text())
	}
	// Cross-site: a page on another loopback site posts the form to the link.
	cross := crossSitePost(t, link, token, map[string]string{"decision": "store", "secret-ORDERS_PG_USER": "forged", "secret-ORDERS_PG_PASS": "forged"})
	checkDeployed(t, s, "orders-app")
	// Positive control: the recorded page bodies do hold what the pages sent (the form's token),
	// so a value sent back in a page would be found.
	var seen bool
	for _, r := range tab.Responses() {
		seen = seen || strings.Contains(r.Body, token)
	}
	if !seen {
		t.Fatal("the recorded page bodies lack the form's token: the leak check could not see a value either")
	}
	noLeaks(t, s, []*browsertest.Tab{tab, cross}, append(values(), demoSecretValues(t, s)...)...)
	if strings.Contains(s.wire.String(), token) || strings.Contains(s.logs.String(), token) {
		t.Error("the page's form token reached the MCP messages or the logs")
	}
}

func values() []string {
	var out []string
	for _, v := range deployValues {
		out = append(out, v)
	}
	return out
}

// crossSitePost serves a page on another site (localhost instead of 127.0.0.1, another port)
// whose form posts fields to target as soon as it loads, and checks that the browser's POST
// was refused with 403 and a page that says so. It returns the attacker's tab.
func crossSitePost(t *testing.T, target, token string, fields map[string]string) *browsertest.Tab {
	t.Helper()
	return postFromAnotherSite(t, target, token, fields, "", "")
}

// postFromAnotherSite is crossSitePost from an attacker page sending referrerPolicy (none when
// empty), whose refusal page must also contain says.
func postFromAnotherSite(t *testing.T, target, token string, fields map[string]string, referrerPolicy, says string) *browsertest.Tab {
	t.Helper()
	var inputs strings.Builder
	fmt.Fprintf(&inputs, `<input name="token" value="%s">`, token)
	for k, v := range fields {
		fmt.Fprintf(&inputs, `<input name="%s" value="%s">`, k, v)
	}
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if referrerPolicy != "" {
			w.Header().Set("Referrer-Policy", referrerPolicy)
		}
		fmt.Fprintf(w, `<!doctype html><title>Prize</title><form id="f" method="post" action="%s">%s</form>
<script>document.getElementById("f").submit()</script>`, target, inputs.String())
	}))
	defer evil.Close()
	tab := browsertest.NewTab(t)
	tab.Do(chromedp.Navigate(strings.Replace(evil.URL, "127.0.0.1", "localhost", 1)))
	browsertest.Get(tab, chromedp.Poll[bool](`document.getElementById("outcome") !== null`, chromedp.WithPollingTimeout(20*time.Second)))
	if o := outcome(tab); o != "refused" || !strings.Contains(tab.Text(), says) {
		t.Errorf("cross-site POST: the page shows %s: %s", o, tab.Text())
	}
	var refused bool
	for _, r := range tab.Responses() {
		refused = refused || (r.Method == http.MethodPost && r.URL == target && r.Status == http.StatusForbidden)
	}
	if !refused {
		t.Errorf("no 403 for the cross-site POST among %+v", tab.Responses())
	}
	return tab
}

// TestCrossSiteApprovalRefused: a pending approval posted from another site with its real
// token is refused, stays pending, and the agent's call still does nothing.
func TestCrossSiteApprovalRefused(t *testing.T) {
	s := newServer(t, serverOptions{})
	args := map[string]any{"app": "analytics-app"}
	link := linkIn(t, s.call(t, "delete_app", args))
	tab := browsertest.NewTab(t)
	open(t, tab, link)
	token := browsertest.Get(tab, chromedp.Value(chromedp.CSS(`input[name="token"]`)))
	cross := crossSitePost(t, link, token, map[string]string{"decision": "approve"})
	open(t, tab, link)
	if outcome(tab) != "pending" {
		t.Errorf("after a cross-site POST the link shows %s", outcome(tab))
	}
	res := s.call(t, "delete_app", args)
	if !res.IsError || s.emu.AppCount("sandbox") != 2 || s.emu.Calls(api.DeleteProject.ID) != 0 {
		t.Fatalf("a cross-site approval went through:\n%s", text(res))
	}
	noLeaks(t, s, []*browsertest.Tab{tab, cross}, demoSecretValues(t, s)...)
}

// TestDeploySecretsThroughURLElicitation: a client that declares URL-mode elicitation gets the
// page's URL in an elicitation, not in a result; it opens the URL in the browser and accepts;
// the call waits (with progress) until the values are stored, then deploys.
func TestDeploySecretsThroughURLElicitation(t *testing.T) {
	tab := browsertest.NewTab(t)
	var mu sync.Mutex
	var asked []mcp.ElicitationRequest
	filled := make(chan error, 1)
	s := newServer(t, serverOptions{elicitURL: true,
		elicit: func(ctx context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
			mu.Lock()
			asked = append(asked, req)
			mu.Unlock()
			if req.Params.Mode != mcp.ElicitationModeURL {
				return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionDecline}}, nil
			}
			// The person opens the page and types while the client reports consent.
			go func() {
				steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(req.Params.URL)}
				for name, v := range deployValues {
					steps = append(steps, chromedp.SendKeys(chromedp.ID("secret-"+name), v))
				}
				if err := chromedp.Do(tab.Ctx, steps...); err != nil {
					filled <- err
					return
				}
				resp, err := chromedp.RunResponse(tab.Ctx, chromedp.Click(chromedp.ID("store")))
				if err == nil && resp.Status != http.StatusOK {
					err = fmt.Errorf("storing answered %d", resp.Status)
				}
				filled <- err
			}()
			return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept}}, nil
		}})
	var req mcp.CallToolRequest
	req.Params.Name = "create_and_deploy_app"
	req.Params.Arguments = map[string]any{"name": "orders-app", "spicepod": twoSecretPod}
	req.Params.Meta = &mcp.Meta{ProgressToken: "deploy"}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := s.mcp.CallTool(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if err := <-filled; err != nil {
		t.Fatalf("the browser: %v", err)
	}
	if res.IsError {
		t.Fatalf("create_and_deploy_app: %s", text(res))
	}
	mu.Lock()
	if len(asked) != 1 || asked[0].Params.Mode != mcp.ElicitationModeURL || !humanweb.URLPattern.MatchString(asked[0].Params.URL) {
		t.Errorf("elicitations: %+v", asked)
	}
	mu.Unlock()
	if humanweb.URLPattern.MatchString(text(res)) {
		t.Errorf("the result carries a page link although the client opened it:\n%s", text(res))
	}
	if outcome(tab) != "stored" {
		t.Errorf("the page shows %s: %s", outcome(tab), tab.Text())
	}
	checkDeployed(t, s, "orders-app")
	if wire := s.wire.String(); !strings.Contains(wire, `"method":"elicitation/create"`) || !strings.Contains(wire, `"method":"notifications/progress"`) {
		t.Errorf("the MCP messages lack the elicitation or the progress while waiting:\n%s", wire)
	}
	noLeaks(t, s, []*browsertest.Tab{tab}, append(values(), demoSecretValues(t, s)...)...)
}

// TestHTTPModeInBrowser: over streamable HTTP (--http) the pages are served under the MCP
// server's own listener. One deletion approved and one deploy's two secrets entered in the
// browser; a cross-site POST refused; every HTTP body of the MCP client and every page
// response, as the server wrote it and as the browser received it, is free of the values.
func TestHTTPModeInBrowser(t *testing.T) {
	s := newServer(t, serverOptions{http: true})
	secrets := demoSecretValues(t, s)

	del := map[string]any{"app": "docs-search"}
	link := linkIn(t, s.call(t, "delete_app", del))
	tab := browsertest.NewTab(t)
	if status := open(t, tab, link); status != http.StatusOK || outcome(tab) != "pending" {
		t.Fatalf("approval page over HTTP: %d %s", status, outcome(tab))
	}
	if status := submit(t, tab, "approve"); status != http.StatusOK || outcome(tab) != "approved" {
		t.Fatalf("approve over HTTP: %d %s", status, outcome(tab))
	}
	if res := s.call(t, "delete_app", del); res.IsError || s.emu.AppCount("sandbox") != 1 || s.emu.Calls(api.DeleteProject.ID) != 1 {
		t.Fatalf("the approved deletion over HTTP:\n%s", text(res))
	}

	args := map[string]any{"name": "orders-app", "spicepod": twoSecretPod}
	link = linkIn(t, s.call(t, "create_and_deploy_app", args))
	open(t, tab, link)
	token := browsertest.Get(tab, chromedp.Value(chromedp.CSS(`input[name="token"]`)))
	cross := crossSitePost(t, link, token, map[string]string{"decision": "store", "secret-ORDERS_PG_USER": "forged", "secret-ORDERS_PG_PASS": "forged"})
	open(t, tab, link)
	if outcome(tab) != "pending" {
		t.Fatalf("after the cross-site POST the form shows %s", outcome(tab))
	}
	fillSecrets(t, tab)
	if status := submit(t, tab, "store"); status != http.StatusOK || outcome(tab) != "stored" {
		t.Fatalf("store over HTTP: %d %s: %s", status, outcome(tab), tab.Text())
	}
	if res := s.call(t, "create_and_deploy_app", args); res.IsError {
		t.Fatalf("the deploy over HTTP:\n%s", text(res))
	}
	checkDeployed(t, s, "orders-app")
	if n := len(s.pages.Responses()); n < 5 {
		t.Fatalf("the server recorded %d page responses", n)
	}
	noLeaks(t, s, []*browsertest.Tab{tab, cross}, append(values(), secrets...)...)
}
