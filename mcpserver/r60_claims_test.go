package mcpserver_test

import (
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// TestR60ClaimsNotUTF8NotedInTheAPIsRefusal: README says "A text of the API's answer holding
// bytes that are not UTF-8 … is read … with U+FFFD in their place …: the result says so once,
// naming the request and the fields". An agent that meets a name only in the API's refusal (a
// 404 naming "bad\xffname") read "no project named bad�name" with no note, and would give the
// name back as shown. The refusal's text is the API's too: the note names its request and field,
// once, and a refusal whose text is UTF-8 has none.
func TestR60ClaimsNotUTF8NotedInTheAPIsRefusal(t *testing.T) {
	const note = " with bytes that are not UTF-8, shown as � (U+FFFD)"
	for _, status := range []int{404, 409, 400} {
		h := r54HostileAnswering(t, "GET", `^/v1/projects/101$`, status, "{\"error\":\"no project named bad\xffname\"}")
		got := h.fail(t, "get_app", map[string]any{"app": "101"})
		mustContain(t, "get_app", got, "no project named bad�name", "Odd in the API's answer: GET /v1/projects/101 gave `error`"+note)
		if n := strings.Count(got, "not UTF-8"); n != 1 {
			t.Errorf("%d: noted %d times, want once:\n%s", status, n, got)
		}
	}
	h := r54HostileAnswering(t, "GET", `^/v1/projects/101$`, 404, `{"error":"no project named c�d"}`)
	if got := h.fail(t, "get_app", map[string]any{"app": "101"}); strings.Contains(got, "UTF-8") {
		t.Errorf("a refusal holding U+FFFD itself noted:\n%s", got)
	}
}

// TestR60ClaimsNotUTF8NamesThreeFieldsThenHowManyMore: README's note names "the fields (at most
// three, then how many more)". An answer listing five apps whose names are not UTF-8 names the
// first three and "2 more", once.
func TestR60ClaimsNotUTF8NamesThreeFieldsThenHowManyMore(t *testing.T) {
	var apps []string
	for i := range 5 {
		apps = append(apps, "{\"id\":"+strconv.Itoa(101+i)+",\"name\":\"bad\xff"+strconv.Itoa(i)+"\",\"visibility\":\"private\",\"created_at\":\"2026-01-01T00:00:00.000Z\"}")
	}
	h := r54HostileAnswering(t, "GET", `^/v1/projects$`, 200, `{"projects":[`+strings.Join(apps, ",")+`]}`)
	got := h.ok(t, "list_apps", map[string]any{})
	mustContain(t, "list_apps", got, "GET /v1/projects gave `projects[0].name`, `projects[1].name`, `projects[2].name`, 2 more with bytes that are not UTF-8")
	if strings.Contains(got, "`projects[3].name`") || strings.Count(got, "not UTF-8") != 1 {
		t.Errorf("more than three fields named, or noted more than once:\n%s", got)
	}
}

// TestR60ClaimsNamesWithBackticksStayWhole: README says a name holding inline markup ("a
// backtick" among it) "is shown whole in a code span". A backtick ends a code span of one: an
// agent's secret named a`b, `x`, or a run of backticks must sit between longer runs (padded
// where it starts or ends with one), in a table cell and in a line, so nothing of it is lost or
// renders.
func TestR60ClaimsNamesWithBackticksStayWhole(t *testing.T) {
	const at = `"created_at":"2026-01-01T00:00:00.000Z"`
	for name, shown := range map[string]string{
		"a`b":        "``a`b``",
		"`x`":        "`` `x` ``",
		"``":         "``` `` ```",
		"a`` | ``b":  "```a`` \\| ``b```",
		"` **b** `":  "`` ` **b** ` ``",
		"PG_PASS`ok": "``PG_PASS`ok``",
	} {
		js := strings.ReplaceAll(name, `"`, `\"`)
		h := r54HostileAnswering(t, "GET", `/secrets$`, 200, `{"secrets":[{"name":"`+js+`",`+at+`}]}`)
		mustContain(t, name, h.ok(t, "list_secrets", map[string]any{"app": "analytics-app"}), "| "+shown+" | 2026-01-01 00:00Z |")
		h = r54HostileAnswering(t, "GET", `^/v1/projects/101$`, 200, `{"id":101,"name":"`+js+`","visibility":"private",`+at+`,"config":{}}`)
		mustContain(t, name, h.ok(t, "get_app", map[string]any{"app": "101"}), "**"+strings.ReplaceAll(shown, `\|`, "|")+"** (101)")
	}
}

// TestR60ClaimsSpicepodFenceOutrunsItsBackticks: README says "Spicepods are shown in a fence no
// line of theirs can close". An agent stores a spicepod whose text holds runs of three and five
// backticks and a ~~~ (in a block scalar); get_app, describe_app and the app's resource fence it
// with a longer run, which no line of it holds.
func TestR60ClaimsSpicepodFenceOutrunsItsBackticks(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	pod := "version: v1\nkind: Spicepod\nname: docs\ndatasets:\n  - from: s3://bucket/x.parquet\n    name: x\n" +
		"    description: |\n      ```\n      `````\n      ~~~\n      # Heading\n"
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": pod})
	for what, got := range map[string]string{
		"get_app":      h.ok(t, "get_app", map[string]any{"app": "analytics-app"}),
		"describe_app": h.ok(t, "describe_app", map[string]any{"app": "analytics-app"}),
		"resource":     readResource(t, h, "spice://apps/analytics-app"),
	} {
		open := strings.Index(got, "``````yaml\n")
		end := strings.Index(got[open+1:], "\n``````")
		if open < 0 || end < 0 || !strings.Contains(got[open:open+1+end], "`````") {
			t.Errorf("%s: the spicepod is not fenced by a run longer than its own:\n%s", what, got)
		}
	}
}

// TestR60ClaimsEchoedTokenNeverRepeated: README says of the 401 challenge "its text never repeats
// the token", and whoami "never the token". An API (or a gateway before it) that echoes the
// bearer token it refused, in its error body and its own WWW-Authenticate, must not have it
// repeated: not in the 401 a caller's own token gets (tool call, resource read, completion),
// nor in the result or JSON-RPC error a request without a token gets where the server lends
// its own.
func TestR60ClaimsEchoedTokenNeverRepeated(t *testing.T) {
	const caller, server = "r60-claims-caller-token-9f8e7d", "r60-claims-server-token-0a1b2c"
	echo := func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="token `+token+` expired"`)
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"error":"Token `+token+` expired"}`)
		})
	}
	surfaces := append([]struct{ method, name, params string }{
		{"tools/call", "list_apps", `"name":"list_apps","arguments":{}`},
		{"tools/call", "whoami", `"name":"whoami","arguments":{}`},
	}, r59Httpmode2Surfaces...)
	for _, opts := range []mcpserver.HTTPOptions{{RequireBearer: true}, {ServerCredentials: true, AuthorizationServers: []string{"https://spice.ai"}}} {
		h := r59Httpmode2Serve(t, opts, server, echo)
		for _, s := range surfaces {
			status, challenge, body := r59Httpmode2Post(t, h, caller, s.method, s.name, s.params)
			if status != http.StatusUnauthorized || strings.Contains(body+challenge, caller) {
				t.Errorf("%s %s, the caller's token echoed: %d %q %.400s", s.method, s.name, status, challenge, body)
			}
			if !opts.ServerCredentials {
				continue
			}
			status, challenge, body = r59Httpmode2Post(t, h, "", s.method, s.name, s.params)
			if status != http.StatusOK || strings.Contains(body+challenge, server) || !strings.Contains(body, "[REDACTED]") {
				t.Errorf("%s %s, the server's token echoed: %d %q %.400s", s.method, s.name, status, challenge, body)
			}
		}
	}
}

// TestR60ClaimsNumberWhereAnIntegerIsDocumented: README says a field of another JSON type is
// named "with both types". An ID the API sends as 1e2 or 101.5 (JSON numbers both) was named as
// "a number 1e2, where a number is documented", which contradicts itself: what the API documents
// there is an integer, and the text says so; an integer too large for 64 bits says that.
func TestR60ClaimsNumberWhereAnIntegerIsDocumented(t *testing.T) {
	const at = `"created_at":"2026-01-01T00:00:00.000Z"`
	for id, want := range map[string]string{
		"1e2":                  "(its projects.id is a number 1e2, where an integer is documented)",
		"101.5":                "(its projects.id is a number 101.5, where an integer is documented)",
		"99999999999999999999": "(its projects.id is a number 99999999999999999999, where an integer of at most 64 bits is documented)",
		`"101"`:                "(its projects.id is a string, where a number is documented)",
	} {
		h := r54HostileAnswering(t, "GET", `^/v1/projects$`, 200, `{"projects":[{"id":`+id+`,"name":"a-app","visibility":"private",`+at+`}]}`)
		mustContain(t, id, h.fail(t, "list_apps", map[string]any{}), want)
	}
}

// TestR60ClaimsTokenNotValidatedBeforeUse: README says "A token is not validated before use (no
// extra call, nothing cached): the API's answer to the call is the check". A token made up by the
// caller opens a session and lists tools, prompts, resources and templates with no request
// reaching the API; its first tool call sends one request with it and gets the challenge. A
// valid token served once is not remembered as valid: refused by the API afterwards (revoked),
// its next call gets the challenge, its next after that is served again, one request each.
func TestR60ClaimsTokenNotValidatedBeforeUse(t *testing.T) {
	var requests, revoked atomic.Int64
	h := r59Httpmode2Serve(t, mcpserver.HTTPOptions{RequireBearer: true}, "r60-server-unused", func(emu http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			if revoked.Load() == 1 {
				r59Httpmode2Refuse(w)
				return
			}
			emu.ServeHTTP(w, r)
		})
	})
	for _, m := range []struct{ method, params string }{{"tools/list", `"x":1`}, {"prompts/list", `"x":1`}, {"resources/list", `"x":1`}, {"resources/templates/list", `"x":1`}} {
		if status, _, body := r59Httpmode2Post(t, h, "r60-made-up-token", m.method, "", m.params); status != http.StatusOK || strings.Contains(body, `"error"`) {
			t.Errorf("%s with a made-up token: %d %.300s", m.method, status, body)
		}
	}
	if n := requests.Load(); n != 0 {
		t.Fatalf("the lists sent %d requests to the API: the token was checked before use", n)
	}
	call := func(token string) int {
		before := requests.Load()
		status, _, _ := r59Httpmode2Post(t, h, token, "tools/call", "list_regions", `"name":"list_regions","arguments":{}`)
		if n := requests.Load() - before; n != 1 {
			t.Errorf("a call with %s sent %d requests, want its own one", token, n)
		}
		return status
	}
	if status := call("r60-made-up-token"); status != http.StatusUnauthorized {
		t.Errorf("a made-up token's call: %d, want 401", status)
	}
	if status := call(r58Oauth401Good); status != http.StatusOK {
		t.Errorf("a valid token's call: %d, want 200", status)
	}
	revoked.Store(1)
	if status := call(r58Oauth401Good); status != http.StatusUnauthorized {
		t.Errorf("the token refused after a call it served: %d, want 401 (nothing cached)", status)
	}
	revoked.Store(0)
	if status := call(r58Oauth401Good); status != http.StatusOK {
		t.Errorf("the token accepted again: %d, want 200 (no refusal cached)", status)
	}
}

// TestR60ClaimsLongUnknownArgumentStillListsTheArguments: README says the refusal of an unknown
// argument "lists exactly the arguments tools/list offers". An agent that sends one named with
// 100,000 characters got the name quoted whole, and the result cut at its budget before the
// list: "this tool takes" was lost. The name is quoted short (its start and its length), as
// other refused values are, and the list follows; a name given twice likewise.
func TestR60ClaimsLongUnknownArgumentStillListsTheArguments(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	long := strings.Repeat("a", 100000)
	got := h.fail(t, "list_apps", map[string]any{long: 1})
	mustContain(t, "list_apps", got, "(shortened; 100,000 characters in all): unknown argument\nWhat to do: Send only offset, org")
	if len(got) > 1000 {
		t.Errorf("the refusal is %d bytes:\n%.300s", len(got), got)
	}
	got = text(h.callRaw(t, "list_apps", `{"`+long+`":1,"`+long+`":2}`))
	if !strings.Contains(got, "(shortened; 100,000 characters in all)") || len(got) > 1000 {
		t.Errorf("a long name given twice: %d bytes:\n%.300s", len(got), got)
	}
}
