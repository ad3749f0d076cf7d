package mcpserver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r73Words13Form checks a refusal's text against the one form every error takes: what was
// refused and why, then a line "What to do: " with the fix, once. It returns the remedy.
func r73Words13Form(t *testing.T, where, out string) string {
	t.Helper()
	body, _, _ := strings.Cut(out, "\n\n_Sandbox:")
	if n := strings.Count(body, "What to do: "); n != 1 {
		t.Errorf("%s: %d What to do lines, want 1:\n%.600s", where, n, out)
		return ""
	}
	before, remedy, _ := strings.Cut(body, "\nWhat to do: ")
	if before == "" || remedy == "" || strings.Contains(remedy, "\n") {
		t.Errorf("%s: the remedy is not a line of its own after the refusal:\n%.600s", where, out)
	}
	return remedy
}

// TestR73Words13ArgumentRefusalsTakeTheAPIErrorsForm: an API error put its remedy on a line of
// its own ("What to do: …"), as the agent skill's troubleshooting table pairs each issue with its
// solution; a refusal of the arguments put it inline, if at all ("name: must be at least 4
// characters", and nothing after). Every refusal the catalog's argument rules can produce —
// each tool of tools/list, each argument, the values its schema refuses (r49InputAuditCases: a
// wrong type, a near miss of an enum, an unknown key…), each required one null and missing, an
// unknown argument — now ends with that line, naming the tool to call again, and still names the
// argument and its rule, with nothing sent; an API error keeps the same form.
func TestR73Words13ArgumentRefusalsTakeTheAPIErrorsForm(t *testing.T) {
	t.Parallel() // CPU only, on harnesses of its own; bounds no time
	rec := &r49InputAuditRecorder{}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: rec.upstream})
	list := h.listTools(t)
	refusals := 0
	check := func(tool, arg, what string, args map[string]any) {
		t.Helper()
		before := rec.count()
		res := h.call(t, tool, args)
		out, where := text(res), fmt.Sprintf("%s %s (%s)", tool, arg, what)
		if !res.IsError {
			t.Errorf("%s: accepted: %.300s", where, out)
			return
		}
		refusals++
		if rec.since(before) != "" {
			t.Errorf("%s: refused only after a request reached the API: %.300s", where, out)
		}
		if !strings.HasPrefix(out, strings.TrimSuffix(present.NothingSent, " ")) {
			t.Errorf("%s: not opened as a refusal of the arguments: %.300s", where, out)
		}
		if !strings.Contains(out, arg) || !r49InputAuditRule.MatchString(out) {
			t.Errorf("%s: the refusal does not name %s and its rule: %.300s", where, arg, out)
		}
		remedy := r73Words14Once(t, where, out) // words14: and says it once
		if want := "then call " + tool + " again."; remedy != "" && !strings.HasSuffix(remedy, want) {
			t.Errorf("%s: the remedy %q does not end %q", where, remedy, want)
		}
	}
	r74DupsEachArgumentRefusal(t, list, check)
	t.Logf("%d tools, %d refusals of arguments", len(list), refusals)
	if len(list) < 30 || refusals < 300 {
		t.Errorf("only %d tools and %d refusals checked", len(list), refusals)
	}
	// Several arguments refused at once: one line for them all.
	res := h.call(t, "create_and_deploy_app", map[string]any{"name": "ab", "replicas": 99})
	if out := text(res); res.IsError {
		if remedy := r73Words13Form(t, "create_and_deploy_app, two arguments", out); !strings.Contains(out, "\n- ") ||
			!strings.HasPrefix(remedy, "Correct them, then") {
			t.Errorf("two arguments refused: %.600s", out)
		}
	} else {
		t.Errorf("create_and_deploy_app with two bad arguments: accepted: %.300s", out)
	}
	// The API's errors keep the form the refusals now take.
	res = h.call(t, "create_app", map[string]any{"name": "ANALYTICS-APP"})
	if out := text(res); !res.IsError || !strings.Contains(out, "error 409 Conflict") {
		t.Errorf("create_app of a name taken: %.300s", out)
	} else {
		r73Words13Form(t, "create_app of a name taken", out)
	}
}
