package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR56HostileRotationStepRefusedSaysWhatStands: a token revoked (401) or stripped of its
// scope (403) between the steps of rotate_api_keys gave the bare error ("Spice.ai API error 401
// Unauthorized / What to do: Check SPICE_API_TOKEN…"): nothing said which key was replaced,
// which still works, or how to go on. Each refused step now says no key was replaced, what
// stands, and the call that runs the step again.
func TestR56HostileRotationStepRefusedSaysWhatStands(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	p0, s0 := emulatorKeys(t, h)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 401})
	got := h.fail(t, "rotate_api_keys", rotateStart)
	wantKeys(t, h, "refused start", p0, s0)
	mustContain(t, "start refused", got, "401", "ask the user to check SPICE_API_TOKEN",
		"The start step did not replace the secondary key of analytics-app (101): no rotation was started, and both keys are as they were.",
		"Once the cause is dealt with, run the step again: `rotate_api_keys {\"app\":\"analytics-app\",\"step\":\"start\"}`.")

	h.ok(t, "rotate_api_keys", rotateStart)
	p1, s1 := emulatorKeys(t, h)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 403})
	got = h.fail(t, "rotate_api_keys", rotateFinish)
	wantKeys(t, h, "refused finish", p1, s1)
	mustContain(t, "finish refused", got, "403",
		"The finish step did not replace the primary key of analytics-app (101): both keys are as they were, both still valid, so the rotation is not finished.",
		"run the step again: `rotate_api_keys {\"app\":\"analytics-app\",\"step\":\"finish\"}`.")
	// The step, run again, goes through.
	mustContain(t, "finish again", h.ok(t, "rotate_api_keys", rotateFinish), "primary")
}

// TestR56HostileHugeAppName: an app read whose name is 1 MB (no app name is over 38
// characters) had the whole name in get_app's headline: the result was then cut to its first
// 11,767 bytes, all of them the name, and the cut's note said to ask for fewer spicepod lines
// with spicepod_offset, which cannot help. The name is now shown shortened, its length said,
// and the view's other lines stay.
func TestR56HostileHugeAppName(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	// ~90 times the result budget; 10 MB proved no more and took 15 s under -race.
	big := strings.Repeat("n", 1<<20)
	h := r54HostileAnswering(t, "GET", `^/v1/projects/101$`, 200,
		`{"id":101,"name":"`+big+`","visibility":"private","created_at":"2026-01-01T00:00:00.000Z","config":{}}`)
	res := h.call(t, "get_app", map[string]any{"app": "id:101"})
	got := text(res)
	if raw, _ := json.Marshal(res.StructuredContent); res.IsError || len(raw) > 8000 {
		t.Errorf("structured content of %d bytes (isError %v): %.300s", len(raw), res.IsError, raw)
	}
	mustContain(t, "get_app", got, "… (shortened; 1,048,576 characters in all; no tool shows it whole)", "(101)", "Visibility: private")
	if strings.Contains(got, "spicepod_offset") || len(got) > 4000 {
		t.Errorf("the name is not shortened (%d bytes):\n%.600s", len(got), got)
	}
}

// TestR56HostileSecretTimesOutOfOrder: a secret the API said was updated (2026-01-01) before it
// was created (2026-11-22) was listed without a word, where a deployment's such times are said
// odd. list_secrets and get_secret now note it.
func TestR56HostileSecretTimesOutOfOrder(t *testing.T) {
	const secret = `{"id":1,"name":"PG_PASS","value":"****","created_at":"2026-11-22T12:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z"}`
	const note = "Odd in the API's answer: secret `PG_PASS`: updated_at 2026-01-01 00:00Z is before created_at 2026-11-22 12:00Z."
	h := r54HostileAnswering(t, "GET", `/secrets$`, 200, `{"secrets":[`+secret+`]}`)
	mustContain(t, "list_secrets", h.ok(t, "list_secrets", map[string]any{"app": "analytics-app"}), note)
	h = r54HostileAnswering(t, "GET", `/secrets/PG_PASS$`, 200, secret)
	mustContain(t, "get_secret", h.ok(t, "get_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"}), note)
	h = r54HostileAnswering(t, "GET", `/secrets$`, 200, `{"secrets":[{"id":1,"name":"PG_PASS","value":"****","created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-11-22T12:00:00.000Z"}]}`)
	if got := h.ok(t, "list_secrets", map[string]any{"app": "analytics-app"}); strings.Contains(got, "Odd") {
		t.Errorf("times in order said odd:\n%s", got)
	}
}

// TestR56HostileListPagingFields: an app list answered with paging fields the API does not
// document for it ("total":100, "has_more":true, "next_cursor" with 2 apps; "total":3 with 5;
// "total":-5) read "2 apps:" as if those were all, the API's claim dropped without a word. The
// result now lists what was answered and notes the fields, as sent, and that they are not
// followed (one call, no loop); fields that agree (total 2 of 2, has_more false) say nothing.
func TestR56HostileListPagingFields(t *testing.T) {
	apps := func(n int) string {
		var each []string
		for i := range n {
			each = append(each, fmt.Sprintf(`{"id":%d,"name":"app-%d","visibility":"private","created_at":"2026-01-01T00:00:00.000Z"}`, 101+i, i))
		}
		return strings.Join(each, ",")
	}
	for _, c := range []struct {
		body, want string
	}{
		{`{"projects":[` + apps(2) + `],"total":100,"has_more":true,"next_cursor":"abc"}`,
			"Odd in the API's answer: besides the 2 apps listed, it gave total `100`, has_more `true`, next_cursor `\"abc\"`: paging fields the API does not document for GET /v1/projects, which is not paged, so this server does not follow them. The apps above are all it listed; others may exist"},
		{`{"projects":[` + apps(5) + `],"total":3}`, "besides the 5 apps listed, it gave total `3`: paging fields"},
		{`{"projects":[` + apps(2) + `],"total":-5}`, "besides the 2 apps listed, it gave total `-5`: paging fields"},
	} {
		var answers []canned
		var requests atomic.Int64
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxyCounting(&answers, &requests, nil)})
		answers = []canned{{method: "GET", path: regexp.MustCompile(`^/v1/projects$`), status: 200, body: c.body}}
		before := requests.Load()
		mustContain(t, c.body[:40], h.ok(t, "list_apps", map[string]any{}), c.want)
		if n := requests.Load() - before; n != 1 {
			t.Errorf("%d requests for one list_apps: the paging fields were followed", n)
		}
	}
	h := r54HostileAnswering(t, "GET", `^/v1/projects$`, 200, `{"projects":[`+apps(2)+`],"total":2,"has_more":false,"next_cursor":null}`)
	if got := h.ok(t, "list_apps", map[string]any{}); strings.Contains(got, "Odd") {
		t.Errorf("fields that agree with the list are said odd:\n%s", got)
	}
}

// r56HostileBrokenOff is a harness whose proxy answers method and path (a pattern) with 200 and
// a chunked body that breaks off mid-way (the connection closed after its first chunk), and
// passes the rest to the emulator.
func r56HostileBrokenOff(t *testing.T, method, path string) *harness {
	return r56HostileBreaksOff(t, method, path, func() bool { return true })
}

// r56HostileBreaksOff is r56HostileBrokenOff where breaks says, at each request to method path,
// whether its answer breaks off (else the emulator answers it).
func r56HostileBreaksOff(t *testing.T, method, path string, breaks func() bool) *harness {
	re := regexp.MustCompile(path)
	return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: func(t *testing.T, emulatorURL string) string {
			return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, proxy http.Handler) {
				if r.Method != method || !re.MatchString(r.URL.Path) || !breaks() {
					proxy.ServeHTTP(w, r)
					return
				}
				conn, buf, err := w.(http.Hijacker).Hijack()
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"id\":101,\"name\"\r\n")
				_ = buf.Flush()
				_ = conn.Close()
			})(t, emulatorURL)
		}})
}

// TestR56HostileBodyBrokenOff: a 200 whose chunked body broke off mid-way said "GET
// /v1/projects/101 failed: unexpected EOF. The server at … did not answer: check that it is
// still running": it had answered. It now says the answer's body broke off after 16 bytes, so it
// could not be read; a read changed nothing, and a pause so answered claims no pause.
func TestR56HostileBodyBrokenOff(t *testing.T) {
	h := r56HostileBrokenOff(t, "GET", `^/v1/projects/101$`)
	got := h.fail(t, "get_app", map[string]any{"app": "id:101"})
	mustContain(t, "get_app", got, "The Spice.ai API answered GET /v1/projects/101 with 200 OK, but the answer's body broke off after 16 bytes (the connection closed before its end), so it could not be read. Nothing was changed.")
	h = r56HostileBrokenOff(t, "POST", `/pause$`)
	got = h.fail(t, "pause_app", map[string]any{"app": "analytics-app"})
	mustContain(t, "pause_app", got, "The Spice.ai API answered POST /v1/projects/101/pause with 200 OK, but the answer's body broke off after 16 bytes", "so what it did is not known.")
	for _, bad := range []string{"did not answer", "Paused"} {
		if strings.Contains(got, bad) {
			t.Errorf("says %q:\n%s", bad, got)
		}
	}
}
