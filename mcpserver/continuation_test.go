package mcpserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// noteCall finds the call of tool that a result's text names in a code span (present.Call:
// `tool {"name":value,...}`) and returns its arguments as an agent would send them; ok is
// false when the text names no such call.
func noteCall(t *testing.T, text, tool string) (args map[string]any, ok bool) {
	t.Helper()
	run := func(i int) int { // the length of the backtick run at i
		n := 0
		for i+n < len(text) && text[i+n] == '`' {
			n++
		}
		return n
	}
	for i := 0; i < len(text); i++ {
		n := run(i)
		if n == 0 {
			continue
		}
		// A code span ends at the next run of exactly as many backticks (CommonMark).
		j := i + n
		for j < len(text) && (text[j] != '`' || run(j) != n) {
			j += max(1, run(j))
		}
		if j >= len(text) {
			return nil, false
		}
		span := text[i+n : j]
		if len(span) > 1 && span[0] == ' ' && span[len(span)-1] == ' ' {
			span = span[1 : len(span)-1]
		}
		if object, found := strings.CutPrefix(span, tool+" {"); found {
			if err := json.Unmarshal([]byte("{"+object), &args); err != nil {
				t.Fatalf("the call %s in the text is not JSON: %v", span, err)
			}
			return args, true
		}
		i = j + n - 1
	}
	return nil, false
}

// follow pages through a list tool the way an agent reading the text would: the first call
// with first, every later one with exactly the arguments the page's note names. It checks
// that each note's offset is the page's next_offset and returns the items' IDs.
func follow(t *testing.T, h *harness, tool string, first map[string]any, list, id string) []string {
	t.Helper()
	var ids []string
	args := first
	for pages := 0; ; pages++ {
		if pages > 200 {
			t.Fatalf("%s: more than 200 pages", tool)
		}
		res := h.call(t, tool, args)
		if res.IsError {
			t.Fatalf("%s %v: %s", tool, args, text(res))
		}
		var page map[string]any
		structured(t, res, &page)
		items, _ := page[list].([]any)
		for _, item := range items {
			ids = append(ids, fmt.Sprint(item.(map[string]any)[id]))
		}
		next, more := page["next_offset"].(float64)
		call, named := noteCall(t, text(res), tool)
		if !more {
			if named {
				t.Errorf("%s %v: the last page names a next call %v", tool, args, call)
			}
			return ids
		}
		if !named {
			t.Fatalf("%s %v: next_offset %v, but the text names no call for it:\n%s", tool, args, next, lastLines(text(res)))
		}
		if call["offset"] != next {
			t.Fatalf("%s %v: the note's call %v does not ask for next_offset %v", tool, args, call, next)
		}
		args = call
	}
}

// TestContinuationNotesNameTheWholeCall: every note that says how to get the rest — the next
// page of each paging tool, the next lines of a long spicepod, the rest of describe_app's
// secret names and of its deployments, a wait that timed out, the wait after resume_app — names the call with all the
// arguments that matter (the organization named, the app, filters, limit), and following it
// literally reaches every item. The work is in a second organization whose apps share names
// with the default one's, where a call that dropped org would quietly show the wrong list.
func TestContinuationNotesNameTheWholeCall(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	const acme = "acme-labs"
	var acmeMembers []string
	for i := range 60 {
		acmeMembers = append(acmeMembers, fmt.Sprintf("acme-member-%02d", i))
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{QueuedFor: 10 * time.Second, RunsFor: 10 * time.Second,
		Orgs: []sandbox.Org{{Slug: "sandbox", Owner: "alice", Members: []string{"bob"}},
			{Slug: acme, Owner: "carol", Admins: []string{"alice"}, Members: acmeMembers, Enterprise: true}}}})
	api, err := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken("sandbox"),
		HTTPClient: &http.Client{Transport: h.emu.Transport()}})
	if err != nil {
		t.Fatal(err)
	}
	home, ctx := context.Background(), client.WithOrg(context.Background(), acme)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	create := func(ctx context.Context, name string) int64 {
		t.Helper()
		app, err := api.CreateApp(ctx, client.CreateAppRequest{Name: name, Region: "us-west-2"})
		must(err)
		return app.ID
	}
	deploy := func(ctx context.Context, id int64) {
		t.Helper()
		_, err := api.CreateDeployment(ctx, id, client.CreateDeploymentRequest{})
		must(err)
		h.clock.Advance(25 * time.Second)
	}
	// The default organization: a few apps, two of them named like acme-labs' ones.
	homeShared := create(home, "shared-name")
	_, err = api.UpdateApp(home, homeShared, client.UpdateAppRequest{Spicepod: "version: v1\nkind: Spicepod\nname: shared-name\n"})
	must(err)
	must2 := func(_ *client.Secret, err error) { must(err) }
	must2(api.UpsertSecret(home, homeShared, "HOME_ONLY", "example-value"))
	deploy(home, homeShared)
	create(home, "paused-one")

	// acme-labs: 62 apps, one with 70 secrets, 40 deployments and a spicepod of ~1,600 lines.
	for i := range 60 {
		create(ctx, fmt.Sprintf("acme-app-%02d", i))
	}
	shared := create(ctx, "shared-name")
	var pod strings.Builder
	pod.WriteString("version: v1\nkind: Spicepod\nname: shared-name\ndatasets:\n")
	for i := range 400 {
		fmt.Fprintf(&pod, "  - from: postgres:public.orders_%03d\n    name: orders_%03d\n    params:\n      pg_db: sales\n", i, i)
	}
	_, err = api.UpdateApp(ctx, shared, client.UpdateAppRequest{Spicepod: pod.String()})
	must(err)
	for i := range 70 {
		must2(api.UpsertSecret(ctx, shared, fmt.Sprintf("ACME_SECRET_%02d", i), "example-value"))
	}
	for range 40 {
		deploy(ctx, shared)
	}
	paused := create(ctx, "paused-one")
	_, err = api.UpdateApp(ctx, paused, client.UpdateAppRequest{Spicepod: "version: v1\nkind: Spicepod\nname: paused-one\n"})
	must(err)
	deploy(ctx, paused)
	must(api.PauseProject(ctx, paused))
	_, err = api.CreateDeployment(ctx, shared, client.CreateDeploymentRequest{}) // in flight: not "succeeded"
	must(err)

	distinct(t, "list_apps", follow(t, h, "list_apps", map[string]any{"org": acme}, "apps", "id"), 62)
	distinct(t, "list_members", follow(t, h, "list_members", map[string]any{"org": acme}, "members", "user_id"), 62)
	distinct(t, "list_secrets", follow(t, h, "list_secrets", map[string]any{"app": "shared-name", "org": acme}, "secrets", "name"), 70)
	distinct(t, "list_deployments", follow(t, h, "list_deployments", map[string]any{"app": "shared-name", "org": acme}, "deployments", "id"), 41)
	// Filters and limit travel too: 40 succeeded, 7 at a time.
	deps := follow(t, h, "list_deployments", map[string]any{"app": "shared-name", "org": acme, "status": "succeeded", "limit": 7}, "deployments", "id")
	distinct(t, "list_deployments succeeded, limit 7", deps, 40)
	res := h.call(t, "list_deployments", map[string]any{"app": "shared-name", "org": acme, "status": "succeeded", "limit": 7})
	if call, _ := noteCall(t, text(res), "list_deployments"); call["status"] != "succeeded" || call["limit"] != float64(7) || call["org"] != acme || call["app"] != "shared-name" {
		t.Errorf("list_deployments' note drops arguments: %v", call)
	}
	if len(follow(t, h, "list_container_images", map[string]any{"org": acme, "channel": "stable"}, "images", "tag")) == 0 {
		t.Error("list_container_images: no images")
	}

	// The next lines of a long spicepod: get_app with the organization and app, all lines once.
	args, lines, total := map[string]any{"app": "shared-name", "org": acme}, 0, 0
	for parts := 0; ; parts++ {
		if parts > 50 {
			t.Fatal("get_app: more than 50 parts")
		}
		res := h.call(t, "get_app", args)
		var view struct {
			URL   string                  `json:"url"`
			Lines *present.SpicepodWindow `json:"spicepod_lines"`
		}
		structured(t, res, &view)
		if res.IsError || view.Lines == nil || view.URL != "https://shared-name.spice.ai" {
			t.Fatalf("get_app %v: not a part of acme-labs' spicepod (url %q):\n%s", args, view.URL, lastLines(text(res)))
		}
		if view.Lines.FromLine != lines+1 {
			t.Fatalf("get_app %v: lines %d–%d after %d lines", args, view.Lines.FromLine, view.Lines.ToLine, lines)
		}
		lines = view.Lines.ToLine
		total = view.Lines.TotalLines
		call, named := noteCall(t, text(res), "get_app")
		if view.Lines.NextOffset == 0 {
			if named {
				t.Errorf("the last part names a next call %v", call)
			}
			break
		}
		if !named || call["spicepod_offset"] != float64(view.Lines.NextOffset) {
			t.Fatalf("get_app %v: the note does not name the next part (%d): %v", args, view.Lines.NextOffset, call)
		}
		args = call
	}
	if lines != total || total < 1600 {
		t.Errorf("the parts hold %d of %d lines", lines, total)
	}

	// describe_app names the list_secrets call that shows the secret names it leaves out, and
	// the list_deployments call that shows the deployments older than its recent ones: with
	// what it shows, each reaches every item once.
	res = h.call(t, "describe_app", map[string]any{"app": "shared-name", "org": acme})
	var overview struct {
		Secrets     []string `json:"secret_names"`
		Deployments []struct {
			ID int64 `json:"id"`
		} `json:"deployments"`
	}
	structured(t, res, &overview)
	call, named := noteCall(t, text(res), "list_secrets")
	if !named || call["offset"] != float64(len(overview.Secrets)) {
		t.Fatalf("describe_app names no list_secrets call for what it leaves out (%v):\n%s", call, text(res))
	}
	distinct(t, "list_secrets from describe_app's note", append(overview.Secrets, follow(t, h, "list_secrets", call, "secrets", "name")...), 70)
	call, named = noteCall(t, text(res), "list_deployments")
	if !named || call["offset"] != float64(len(overview.Deployments)) {
		t.Fatalf("describe_app names no list_deployments call for the older deployments (%v):\n%s", call, text(res))
	}
	shown := make([]string, len(overview.Deployments))
	for i, d := range overview.Deployments {
		shown[i] = fmt.Sprint(d.ID)
	}
	distinct(t, "list_deployments from describe_app's note", append(shown, follow(t, h, "list_deployments", call, "deployments", "id")...), 41)

	// A wait that timed out names the wait that resumes it; following it ends the same deployment.
	res = h.call(t, "wait_for_deployment", map[string]any{"app": "shared-name", "org": acme, "timeout_seconds": 1})
	var waited struct {
		ID int64 `json:"id"`
	}
	structured(t, res, &waited)
	call, named = noteCall(t, text(res), "wait_for_deployment")
	if !named || call["org"] != acme || call["deployment_id"] != float64(waited.ID) {
		t.Fatalf("the timed-out wait names %v:\n%s", call, text(res))
	}
	res = h.call(t, "wait_for_deployment", call)
	structured(t, res, &waited)
	if res.IsError || !strings.Contains(text(res), "Finished after") || waited.ID != int64(call["deployment_id"].(float64)) {
		t.Errorf("following the note: %s", text(res))
	}

	// resume_app names the wait for the deployment it started.
	res = h.call(t, "resume_app", map[string]any{"app": "paused-one", "org": acme})
	call, named = noteCall(t, text(res), "wait_for_deployment")
	if res.IsError || !named || call["org"] != acme || call["app"] != "paused-one" {
		t.Fatalf("resume_app names %v:\n%s", call, text(res))
	}
	if res := h.call(t, "wait_for_deployment", call); res.IsError || !strings.Contains(text(res), "Finished after") {
		t.Errorf("following resume_app's note: %s", text(res))
	}
}
