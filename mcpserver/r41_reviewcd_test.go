package mcpserver_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r41ReviewcdNoFinishedAt forwards to the emulator and answers every deployment as a server
// version that does not emit finished_at does (api/openapi.json Deployment.finished_at:
// "Legacy/optional: completion time. Not emitted by every server version."; updated_at is,
// for a terminal deployment, when it finished).
func r41ReviewcdNoFinishedAt(t *testing.T, emulatorURL string) string {
	re := regexp.MustCompile(`"finished_at":"[^"]*"`)
	withoutFinishedAt := func(r *http.Response) error {
		if !strings.Contains(r.Request.URL.Path, "/deployments") {
			return nil
		}
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return err
		}
		b = re.ReplaceAll(b, []byte(`"finished_at":null`))
		r.Body = io.NopCloser(bytes.NewReader(b))
		r.ContentLength = int64(len(b))
		r.Header.Set("Content-Length", strconv.Itoa(len(b)))
		return nil
	}
	return inFrontOfEmulator(withoutFinishedAt, func(w http.ResponseWriter, r *http.Request, emulator http.Handler) {
		emulator.ServeHTTP(w, r)
	})(t, emulatorURL)
}

// TestR41ReviewcdFailedLogsOfAMiddleDeploymentWithoutFinishedAt: as
// TestR41DeployFailedLogsOfALaterDeployment, but a third deployment (1003) was created after
// 1002 failed and is still queued, and the API does not emit finished_at (optional per the
// spec). instanceOf's upper bounds are d.FinishedAt (absent) and the *newest* deployment's
// created_at (1003's, after 1002's pod started), so 1002's failed pod (the one the API lists:
// the newest started rollout's) is taken for 1001's and its internal_error lines are shown as
// 1001's cause. updated_at (documented: when a terminal deployment finished) bounds it.
func TestR41ReviewcdFailedLogsOfAMiddleDeploymentWithoutFinishedAt(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: r41ReviewcdNoFinishedAt})
	pod := "version: v1\nkind: Spicepod\nname: s\ndatasets:\n  - from: postgres:public.orders\n    name: orders\n    params:\n      pg_pass: ${secrets:PG_PASSWORD}\n"
	h.ok(t, "create_app", map[string]any{"name": "shop"})
	h.ok(t, "update_app", map[string]any{"app": "shop", "spicepod": pod})
	h.ok(t, "create_deployment", map[string]any{"app": "shop"}) // 1001: fails, PG_PASSWORD not set
	h.clock.Advance(10 * time.Second)
	h.ok(t, "set_secret", map[string]any{"app": "shop", "name": "PG_PASSWORD", "value": "example-value-1"})
	if err := h.emu.FailNextDeployment("internal_error"); err != nil {
		t.Fatal(err)
	}
	h.ok(t, "create_deployment", map[string]any{"app": "shop"}) // 1002: fails, internal_error
	h.clock.Advance(10 * time.Second)
	h.ok(t, "create_deployment", map[string]any{"app": "shop"}) // 1003: queued (1 s), 1002's pod still listed
	res := h.call(t, "get_deployment", map[string]any{"app": "shop", "deployment_id": 1001})
	all := everything(res)
	if !strings.Contains(all, "unable_to_start") {
		t.Fatalf("not 1001's failure:\n%s", text(res))
	}
	for _, other := range []string{"acceleration engine panicked", "internal error; exiting with code 101"} {
		if strings.Contains(all, other) {
			t.Errorf("get_deployment of 1001 (unable_to_start) shows deployment 1002's log line %q as its cause:\n%s", other, text(res))
		}
	}
}

// TestR41ReviewcdResumeWaitAppDeletedMeanwhile: resume_app with wait, and the app is deleted
// while the wait polls its deployment (404 Project not found). README (after
// TestResumeSaysItResumedWhenTheWaitStops): "A read answered with the app's own 404 ... is an
// answer, not a failed read: the result says the app was deleted ... and names no wait, which
// could only fail". resume_app's AppResumedWaitStopped keeps WaitStopped's app-gone text but
// appends "What to do: `wait_for_deployment …`", a wait that can only fail ("No app named").
func TestR41ReviewcdResumeWaitAppDeletedMeanwhile(t *testing.T) {
	h := aliceHarness(t, harnessOptions{upstream: r41DeletingProxy(1)})
	res := h.call(t, "resume_app", map[string]any{"app": "nightly-etl", "org": "acme-labs", "wait": true, "timeout_seconds": 30})
	out := text(res)
	if !strings.Contains(out, "was deleted (or is no longer visible to this token) while it waited") {
		t.Fatalf("not the app-gone case:\n%s", out)
	}
	if strings.Contains(out, "wait_for_deployment {") {
		t.Errorf("resume_app's wait found the app deleted, yet names a wait_for_deployment call that can only fail:\n%s", out)
	}
}

// TestR41ReviewcdApprovalBeforeInitializedIsHonouredAfter: over stdio a 2025-era client that
// declared elicitation calls delete_app before its notifications/initialized: it gets the
// approval link (TestR41ProtocolNoQuestionBeforeInitialized), which says that once the person
// approved, the same call again does it. The person approves on the page; the client then
// sends notifications/initialized and calls again with the same arguments. The call ignores
// the approval given and asks the person again (elicitation/create): confirm() checks the
// approval link only when the client cannot elicit.
func TestR41ReviewcdApprovalBeforeInitializedIsHonouredAfter(t *testing.T) {
	w := r41cStdio(t, mcpserver.Options{}, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"x","version":"0"}}}`)
	w.send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"docs-search"}}}`)
	first := w.await(`2`, 10*time.Second)
	var res struct {
		Result struct {
			Content []struct{ Text string } `json:"content"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(first), &res); err != nil || len(res.Result.Content) == 0 {
		t.Fatalf("first answer: %v %s", err, first)
	}
	r41cApproveOnPage(t, res.Result.Content[0].Text)
	// The server marks initialized as it reads the line, before the call after it (idReader);
	// the call's answer is awaited, not 1.5 s: a question would come before it (the call would
	// wait on it and not answer at all).
	w.send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	w.send(`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"docs-search"}}}`)
	w.await(`3`, r52DeterminismGuard)
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, l := range w.lines {
		if strings.Contains(l, `"method":"elicitation/create"`) {
			t.Errorf("the person approved on the page, yet the same call again asks them again: %.300s", l)
		}
	}
	if a := w.answersLocked(`3`); len(a) == 0 || !strings.Contains(a[0], "Deleted") {
		t.Errorf("the approved call again did not go ahead: %q", a)
	}
}
