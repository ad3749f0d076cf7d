package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// failingUpstream passes every request to the emulator except those fails matches, which it
// answers with status and the error body answer.
func failingUpstream(fails func(*http.Request) bool, status int, answer map[string]any) func(*testing.T, string) string {
	return func(t *testing.T, emulatorURL string) string {
		body, err := json.Marshal(answer)
		if err != nil {
			t.Fatal(err)
		}
		return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, pass http.Handler) {
			if !fails(r) {
				pass.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write(body)
		})(t, emulatorURL)
	}
}

// pagingAdvice is what a cut notice of a result says to see the rest: an error has no rest to
// page to.
var pagingAdvice = []string{"Ask for less", "`offset`", "`limit`", "a later page", "fewer items", "cannot show the rest in parts"}

// TestLongAPIErrorKeepsOutcomeAndRemedy (round 29): a change the API answers with a 500, a
// 200 KB message and 100 KB of form errors used to be cut at the budget after the API's text,
// losing "Outcome unknown" and "What to do" (the lines that say whether to retry), under a
// notice advising paging arguments. The API's text is shortened so those lines show, and the
// result fits.
func TestLongAPIErrorKeepsOutcomeAndRemedy(t *testing.T) {
	long := strings.Repeat("upstream trace frame; ", 200_000/22)
	var formErrors []string
	for range 100 {
		formErrors = append(formErrors, strings.Repeat("stack frame; ", 1000/13))
	}
	answer := map[string]any{"error": long, "code": "internal_error", "details": map[string]any{"formErrors": formErrors}}
	for _, tc := range []struct {
		name, tool string
		args       map[string]any
		fails      func(*http.Request) bool
	}{
		{name: "create_app", tool: "create_app", args: map[string]any{"name": "r29-long-error"},
			fails: func(r *http.Request) bool { return r.Method == http.MethodPost && r.URL.Path == "/v1/projects" }},
		{name: "create_deployment", tool: "create_deployment", args: map[string]any{"app": "analytics-app"},
			fails: func(r *http.Request) bool {
				return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/deployments")
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, sandboxNote: true,
				safety:   tools.Safety{Confirm: tools.ConfirmOff},
				upstream: failingUpstream(tc.fails, http.StatusInternalServerError, answer)})
			got := h.fail(t, tc.tool, tc.args)
			mustContain(t, tc.tool, got, "Spice.ai API error 500 Internal Server Error", "upstream trace frame;",
				"… (shortened; ", "\nOutcome unknown: the request may or may not have been applied.", "\nWhat to do: ",
				present.SandboxNote)
			for _, advice := range pagingAdvice {
				if strings.Contains(got, advice) {
					t.Errorf("the error advises paging (%q):\n%s", advice, got)
				}
			}
			if len(got) > present.ResultBytes {
				t.Errorf("%d bytes, over the budget of %d", len(got), present.ResultBytes)
			}
		})
	}
}

// TestLongErrorCutWithoutPagingAdvice (round 29): an error still over the budget is cut with a
// notice that says what was left out, not one advising a later page with offset or fewer items
// with limit (list_apps takes both): tools' TestR60LongErrorCutWithoutPagingAdvice, since an
// unknown argument whose name is 18 KB, which was cut so, is now quoted short (round 60) and
// its refusal fits, naming the arguments the tool takes.
func TestLongErrorCutWithoutPagingAdvice(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, sandboxNote: true})
	res := h.callRaw(t, "list_apps", `{"`+strings.Repeat("zq ", 6000)+`": 1}`)
	got := text(res)
	if !res.IsError {
		t.Fatalf("want an error, got: %.300s", got)
	}
	mustContain(t, "refusal of a long argument name", got, "What to do: Send only ", present.SandboxNote)
	if strings.Contains(got, "⚠️ Cut") {
		t.Errorf("the refusal was cut: %s", got[max(0, len(got)-800):])
	}
	for _, advice := range pagingAdvice {
		if strings.Contains(got, advice) {
			t.Errorf("the error advises paging (%q): %s", advice, got[max(0, len(got)-800):])
		}
	}
	if len(got) > present.ResultBytes {
		t.Errorf("%d bytes, over the budget of %d", len(got), present.ResultBytes)
	}
}

// TestToolCallLogBoundsAPICode (round 29): the tool call's log line names the API's error
// code; a 15 KB code (a broken or hostile upstream) is logged as its first 100 bytes at most.
func TestToolCallLogBoundsAPICode(t *testing.T) {
	// 15 KB of words, two bytes a character: the cut keeps whole ones (a code of one word that
	// long shows only the client's note of its length: a cut never ends within a word)
	code := strings.TrimSpace(strings.Repeat("é ", 5*1024))
	logged := loggedAPICode(t, code)
	if logged == "" || len(logged) > 100 || !utf8.ValidString(logged) || !strings.HasPrefix(code, strings.TrimSuffix(logged, "…")) {
		t.Errorf("code logged as %d bytes: %q", len(logged), logged)
	}
}

// TestToolCallLogMasksAPICode: a credential in the API's code is logged masked (the log
// handler masks every value), and a code the client cut ends at a word, never within it.
func TestToolCallLogMasksAPICode(t *testing.T) {
	const token = "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
	for _, code := range []string{
		"bad_code " + token,
		strings.Repeat("word ", 17) + token + " tail", // over 100 bytes: the log's cut falls in the token
	} {
		logged := loggedAPICode(t, code)
		if logged == "" || len(logged) > 100 || strings.Contains(logged, "ghp_A1b2") {
			t.Errorf("code %q logged as %q", code, logged)
		}
	}
}

// loggedAPICode is the code the tool call's log line names when list_apps' request is
// answered 400 with the API error code code.
func loggedAPICode(t *testing.T, code string) string {
	t.Helper()
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: failingUpstream(func(r *http.Request) bool { return r.Method == http.MethodGet && r.URL.Path == "/v1/projects" },
			http.StatusBadRequest, map[string]any{"error": "Bad listing", "code": code})})
	h.fail(t, "list_apps", map[string]any{})
	lines := logLines(t, h.logs.String(), "tool call")
	if len(lines) != 1 {
		t.Fatalf("%d tool call lines:\n%.2000s", len(lines), h.logs.String())
	}
	logged, _ := lines[0]["code"].(string)
	return logged
}
