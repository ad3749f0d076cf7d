package mcpserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR65Claims2MaskedKeysShowNoMoreThanTheirLast4: README says `--mask-api-keys` shows "only
// the last 4 characters" of API keys; TestR52ClaimsMaskedKeysStayMaskedWhenMade checks that no
// key shows whole, which a mask showing all but one character would pass. Each key tool's
// structured content gives a key as its last 4 characters and no more (r65Claims2KeyTools), and
// no 8 characters of any key in a row show in a result, progress notification or log line
// (shorter runs of a random key turn up in other text by chance: a log's "duration":92000).
func TestR65Claims2MaskedKeysShowNoMoreThanTheirLast4(t *testing.T) {
	keys, results, rest := r65Claims2KeyTools(t, true)
	all := results + rest
	for k := range keys {
		for i := 0; i+8 <= len(k); i++ {
			if strings.Contains(all, k[i:i+8]) {
				t.Errorf("8 characters of a key in a row, %q, show under --mask-api-keys: %s", k[i:i+8], excerptAround(all, k[i:i+8]))
				break
			}
		}
	}
}

// TestR65Claims2KeysReachNoLogNorProgress: README says "API keys appear only in get_api_keys,
// regenerate_api_key and rotate_api_keys"; TestR47SafetyAPIKeysOnlyInTheKeyTools reads every
// other tool's results. Shown in full (no --mask-api-keys), the keys the key tools give and make
// reach no log line, at debug, and no progress notification of theirs: only their results.
func TestR65Claims2KeysReachNoLogNorProgress(t *testing.T) {
	keys, results, rest := r65Claims2KeyTools(t, false)
	if len(keys) < 4 || !strings.Contains(results, present.KeyWarning) {
		t.Fatalf("%d keys seen, results with the storage warning: %v: the run did not make keys", len(keys), strings.Contains(results, present.KeyWarning))
	}
	for k := range keys {
		if strings.Contains(rest, k) || strings.Contains(rest, k[len(k)-12:]) {
			t.Errorf("an API key reaches a log line or a progress notification: %s", excerptAround(rest, k[len(k)-12:]))
		}
	}
}

// r65Claims2KeyTools reads, regenerates and rotates analytics-app's keys with confirmation off,
// masked or not, each result checked to show (the end of) the key it gives. It returns every key
// the app had, the results (text and structured content), and the progress notifications and
// log lines.
func r65Claims2KeyTools(t *testing.T, mask bool) (keys map[string]bool, results, rest string) {
	t.Helper()
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{MaskAPIKeys: mask, NoConfirm: true}})
	id := h.appID(t, "analytics-app")
	keys = map[string]bool{}
	var seen []string
	for _, c := range []struct {
		tool string
		args map[string]any
		key  int // the key the result gives
	}{
		{"get_api_keys", map[string]any{"app": "analytics-app"}, 1},
		{"regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2}, 2},
		{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"}, 2},
		{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish"}, 1},
	} {
		res, err := h.callWithProgress(t, context.Background(), c.tool, c.args)
		if err != nil || res.IsError {
			t.Fatalf("%s %v: %v %s", c.tool, c.args, err, everything(res))
		}
		k, _ := h.emu.APIKey("sandbox", id, c.key)
		if got := everything(res); !strings.Contains(got, k[len(k)-4:]) {
			t.Errorf("%s shows not the last 4 characters of key %d, %q: %s", c.tool, c.key, k[len(k)-4:], got)
		}
		var shown client.APIKeys
		structured(t, res, &shown)
		if given := map[int]string{1: shown.APIKey, 2: shown.APIKey2}[c.key]; mask && (len([]rune(given)) != 5 || !strings.HasSuffix(given, k[len(k)-4:])) {
			t.Errorf("%s gives key %d as %q under --mask-api-keys, want a mark and its last 4 characters %q", c.tool, c.key, given, k[len(k)-4:])
		}
		for n := 1; n <= 2; n++ {
			k, _ := h.emu.APIKey("sandbox", id, n)
			keys[k] = true
		}
		seen = append(seen, everything(res))
	}
	_, events := h.recorded()
	return keys, strings.Join(seen, "\n"), strings.Join(events, "\n") + h.logs.String()
}

// TestR65Claims2ModernPagesRememberNothing: README (paging) says "a 2026-07-28 request over
// HTTP has no session, and its pages remember nothing". A 2025-era session's next page says
// the list shifted when the app its last page began with was deleted meanwhile
// (TestR49IsolationPageMemoIsPerCaller); the same two pages asked by 2026-07-28 requests of the
// same caller say nothing of the kind: no page of theirs was kept to compare with.
func TestR65Claims2ModernPagesRememberNothing(t *testing.T) {
	var names []string
	for i := range 120 {
		names = append(names, fmt.Sprintf("app-%03d-%s", i, strings.Repeat("q", 30)))
	}
	w := r49IsolationServer(t, names...)
	list := func(args string) string {
		return r49IsolationModernPost(t, w.url, r49IsolationTokenA, "list_apps",
			`{"name":"list_apps","arguments":`+args+`,`+r47SafetyModernMeta(`{}`)+`}`)
	}
	first := list(`{}`)
	m := regexp.MustCompile(`"next_offset":(\d+)`).FindStringSubmatch(first)
	if m == nil || !strings.Contains(first, names[0]) {
		t.Fatalf("the first page has no next offset or does not begin with %s: %.600s", names[0], first)
	}
	if _, err := w.api[r49IsolationTokenA].DeleteProject(context.Background(), w.appID(t, r49IsolationTokenA, names[0])); err != nil {
		t.Fatal(err)
	}
	if next := list(`{"offset":` + m[1] + `}`); strings.Contains(next, "since the last page") || !strings.Contains(next, `"apps"`) {
		t.Errorf("a 2026-07-28 next page speaks of an earlier page, or lists no app: %.600s", next)
	}
}

// TestR65Claims2ConfirmOfferedInTheSchemasOnlyUnderAgent: README's `--confirm=agent` says the
// agent's `confirm` is "offered in the schemas only in this mode". TestConfirmArgumentOffered-
// OnlyToAgents reads human mode's tools/list; here off mode too, with output schemas declared,
// in both protocol eras, and in every form a schema reaches the client: no tool's input or
// output schema holds a `confirm` property, where agent mode's does.
func TestR65Claims2ConfirmOfferedInTheSchemasOnlyUnderAgent(t *testing.T) {
	for _, mode := range []tools.ConfirmMode{tools.ConfirmHuman, tools.ConfirmOff, tools.ConfirmAgent} {
		for _, protocol := range []string{"", "modern"} {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: protocol, outputSchemas: true, safety: tools.Safety{Confirm: mode}})
			var offering []string
			for _, tool := range h.listTools(t) {
				in, _ := json.Marshal(tool.InputSchema)
				raw, _ := json.Marshal(tool.RawInputSchema)
				out, _ := json.Marshal(tool.OutputSchema)
				rawOut, _ := json.Marshal(tool.RawOutputSchema)
				if strings.Contains(string(in)+string(raw)+string(out)+string(rawOut), `"confirm"`) {
					offering = append(offering, tool.Name)
				}
			}
			if (mode == tools.ConfirmAgent) != (len(offering) > 0) {
				t.Errorf("--confirm=%s, protocol %q: confirm offered by %v", mode, protocol, offering)
			}
		}
	}
}

// TestR65Claims2WhoamiOverHTTPNeverShowsTheBearerToken: README's whoami shows the credential
// kind, "never the token", and over HTTP "your bearer token" for a request's own.
// TestR47SafetyWhoamiNeverShowsTheToken holds it over stdio; TestR59Httpmode3WhoamiNamesNoServerSetting
// reads the HTTP answer for its settings only. Over HTTP, a bearer token the API accepts, one it
// refuses and a JWT it refuses (whose claims whoami decodes) show up in no part of the answer,
// its text, structured content and the challenge of a refused one alike: not whole, not a
// segment, not its end.
func TestR65Claims2WhoamiOverHTTPNeverShowsTheBearerToken(t *testing.T) {
	h := r59Httpmode3ServeWith(t, mcpserver.HTTPOptions{ServerCredentials: true}, client.StaticToken(r58Oauth401Good), "acme")
	jwt := sandbox.New(sandbox.Config{}).IssueToken("sandbox", []string{"*"}, time.Hour)
	for _, token := range []string{r58Oauth401Good, r58Oauth401Unknown, jwt} {
		// A token the API refuses is challenged (401), as README says; its answer is read too.
		status, header, body := r58Oauth401PostTool(t, h, token, "whoami")
		body += header
		if accepted := token == r58Oauth401Good; accepted != (status == http.StatusOK) || accepted && !strings.Contains(body, "your bearer token") {
			t.Errorf("whoami with a bearer token the API accepts (%v): %d %.800s", accepted, status, body)
		}
		parts := append(strings.Split(token, "."), token, token[len(token)-8:])
		for _, p := range parts {
			if len(p) >= 8 && strings.Contains(body, p) {
				t.Errorf("whoami over HTTP shows %q of the bearer token: %.800s", p, body)
			}
		}
	}
}
