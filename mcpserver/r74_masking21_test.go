package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r74Masking21JSON is s as a JSON string's text, without its quotes.
func r74Masking21JSON(t *testing.T, s string) string {
	t.Helper()
	raw, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw[1 : len(raw)-1])
}

// r74Masking21Shape is one place an answer carries an API text the client shows: the canned
// answer holding msg (a text with a token a break cuts), the tool called, and a word its
// result shows when the answer was read as this shape.
type r74Masking21Shape struct {
	name   string
	answer func(t *testing.T, msg string) canned
	tool   string
	args   map[string]any
	word   string
}

const r74Masking21At = `"created_at":"2026-01-01T00:00:00.000Z"`

var r74Masking21Shapes = []r74Masking21Shape{
	{"a body that is not JSON", func(t *testing.T, msg string) canned {
		return canned{method: "GET", path: regexp.MustCompile(`^/v1/projects$`), status: http.StatusBadRequest, body: msg}
	}, "list_apps", map[string]any{}, "400"},
	{"the code of an API error", func(t *testing.T, msg string) canned {
		return canned{method: "GET", path: regexp.MustCompile(`^/v1/projects$`), status: http.StatusBadRequest,
			body: `{"error":"refused","code":"` + r74Masking21JSON(t, msg) + `"}`}
	}, "list_apps", map[string]any{}, "refused"},
	{"a field error's name", func(t *testing.T, msg string) canned {
		return canned{method: "GET", path: regexp.MustCompile(`^/v1/projects$`), status: http.StatusBadRequest,
			body: `{"error":"refused","details":{"fieldErrors":{"` + r74Masking21JSON(t, msg) + `":["bad"]}}}`}
	}, "list_apps", map[string]any{}, "refused"},
	{"ErrorBody and ErrorCode of a success", func(t *testing.T, msg string) canned {
		j := r74Masking21JSON(t, msg)
		return canned{method: "POST", path: regexp.MustCompile(`^/v1/projects$`), status: http.StatusOK,
			body: `{"error":"` + j + `","code":"` + j + `"}`}
	}, "create_app", map[string]any{"name": "r74-m21"}, "error body"},
	{"a mistyped field's name", func(t *testing.T, msg string) canned {
		return canned{method: "GET", path: regexp.MustCompile(`^/v1/projects/[0-9]+$`), status: http.StatusOK,
			body: `{"id":101,"name":"shop","visibility":"private",` + r74Masking21At + `,"tags":{"` + r74Masking21JSON(t, msg) + `":5}}`}
	}, "get_app", map[string]any{"app": "shop"}, "is a number"},
	{"an HTML page's title", func(t *testing.T, msg string) canned {
		return canned{method: "GET", path: regexp.MustCompile(`^/v1/projects$`), status: http.StatusOK,
			body: "<html><head><title>denied " + msg + "</title></head><body>no</body></html>"}
	}, "list_apps", map[string]any{}, "HTML page"},
	{"a name that is not UTF-8", func(t *testing.T, msg string) canned {
		return canned{method: "GET", path: regexp.MustCompile(`^/v1/projects$`), status: http.StatusOK,
			body: `{"projects":[{"id":101,"name":"shop","visibility":"private",` + r74Masking21At + `,"` + r74Masking21JSON(t, msg) + "\xff" + `":"y"}]}`}
	}, "list_apps", map[string]any{}, "not UTF-8"},
}

// TestR74Masking21TokenCutByABreakInEveryAPIText: each API text the client shows (a body that
// is not JSON, an error's code, a field error's name, a success's error body and code, a
// mistyped field's name, a web page's title, a name that is not UTF-8), answered through a
// proxy over real HTTP to a real MCP client, holds a token a line break cuts; the result (text
// and structured content) and the debug log show no piece of it. Before, the client made each
// break of these texts a blank before present masked them (masking20 routed the error message,
// field and form errors alone), and the piece after the break was shown; all but the mistyped
// field's name, which held (encoding/json names our struct's fields there, never a map's keys:
// "ProjectSummary.tags"), leaked. A name that is not UTF-8 is masked alone, before the path
// before it: a log's lines (the Groq key) repeat a prefix the path would stand before.
func TestR74Masking21TokenCutByABreakInEveryAPIText(t *testing.T) {
	texts, pieces := testutil.CutTokenAPITexts()
	for _, sh := range r74Masking21Shapes {
		t.Run(sh.name, func(t *testing.T) {
			var answers []canned
			h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: cannedProxy(&answers, nil)})
			h.ok(t, "create_app", map[string]any{"name": "shop"})
			for i, msg := range texts {
				answers = []canned{sh.answer(t, msg)}
				res := h.call(t, sh.tool, sh.args)
				if !strings.Contains(text(res), sh.word) {
					t.Fatalf("%s: not the canned answer (no %q):\n%s", sh.tool, sh.word, text(res))
				}
				if strings.Contains(everything(res), pieces[i]) {
					t.Errorf("text %d: %s shows %q:\n%s", i, sh.tool, pieces[i], everything(res))
				}
			}
			for i, p := range pieces {
				if strings.Contains(h.logs.String(), p) {
					t.Errorf("text %d: the debug log shows %q", i, p)
				}
			}
		})
	}
}

// TestR74Masking21TokenCutByABreakInAnOAuthDescription: the OAuth token endpoint refuses with
// an error and an error_description each holding a token a line break cuts; the tool's result
// and the debug log show no piece of it.
func TestR74Masking21TokenCutByABreakInAnOAuthDescription(t *testing.T) {
	texts, pieces := testutil.CutTokenAPITexts()
	var answer string
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(answer))
	}))
	t.Cleanup(endpoint.Close)
	for i, msg := range texts {
		for _, code := range []string{"invalid_client", msg} {
			j, c := r74Masking21JSON(t, msg), r74Masking21JSON(t, code)
			answer = `{"error":"` + c + `","error_description":"` + j + `"}`
			h := newHarness(t, harnessOptions{tokens: func(string) client.TokenSource {
				return client.NewClientCredentials("spice-client", "spice-client-secret", endpoint.URL+"/api/oauth/token")
			}})
			res := h.call(t, "list_apps", map[string]any{})
			if !res.IsError || !strings.Contains(text(res), "401") {
				t.Fatalf("list_apps: not the token endpoint's refusal:\n%s", text(res))
			}
			if strings.Contains(everything(res), pieces[i]) {
				t.Errorf("text %d: list_apps shows %q:\n%s", i, pieces[i], everything(res))
			}
			if strings.Contains(h.logs.String(), pieces[i]) {
				t.Errorf("text %d: the debug log shows %q", i, pieces[i])
			}
		}
	}
}
