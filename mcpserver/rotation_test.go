package mcpserver_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// emulatorKeys are analytics-app's keys as the emulator holds them (not as a result shows them).
func emulatorKeys(t *testing.T, h *harness) (primary, secondary string) {
	t.Helper()
	id := h.appID(t, "analytics-app")
	primary, ok1 := h.emu.APIKey("sandbox", id, 1)
	secondary, ok2 := h.emu.APIKey("sandbox", id, 2)
	if !ok1 || !ok2 {
		t.Fatal("analytics-app has no keys in the emulator")
	}
	return primary, secondary
}

// wantKeys fails unless the emulator holds exactly these keys for analytics-app.
func wantKeys(t *testing.T, h *harness, what, primary, secondary string) {
	t.Helper()
	p, s := emulatorKeys(t, h)
	if p != primary || s != secondary {
		t.Errorf("%s: the emulator's keys changed (primary %t, secondary %t)", what, p != primary, s != secondary)
	}
}

var (
	rotateStart  = map[string]any{"app": "analytics-app", "step": "start"}
	rotateFinish = map[string]any{"app": "analytics-app", "step": "finish"}
)

func forced(args map[string]any) map[string]any {
	out := map[string]any{"force": true}
	for k, v := range args {
		out[k] = v
	}
	return out
}

// TestRotationOrder is the auditors' finding 7: rotate_api_keys keeps the order of its steps.
// A finish without a start step this server saw, or a second start while the first one's
// secondary key is in place, is refused before anyone is asked and changes no key; force goes
// ahead and says what the server does and does not know; a finish checks that the secondary is
// still the start step's.
func TestRotationOrder(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	p0, s0 := emulatorKeys(t, h)

	// finish first: refused, the key in use kept, no claim of a start step.
	out := h.fail(t, "rotate_api_keys", rotateFinish)
	mustContain(t, "finish without start", out, "Refused to finish", "has seen no start step", "Nothing was changed",
		"only in its own memory", "force: true", `step "start" first`)
	if strings.Contains(out, "from the start step") || strings.Contains(out, "Rotation complete") {
		t.Errorf("claims a start step it did not see: %s", out)
	}
	// force: null is not given (agents send null for unused optional arguments).
	mustContain(t, "force null", h.fail(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish", "force": nil}),
		"has seen no start step")
	wantKeys(t, h, "finish without start", p0, s0)
	if n := h.emu.Calls(api.RegenerateProjectAPIKey.ID); n != 0 {
		t.Errorf("regenerate called %d times", n)
	}

	// start, then start again (a retry): the second is refused, the first's secondary still works.
	mustContain(t, "start", h.ok(t, "rotate_api_keys", rotateStart), "Regenerated the **secondary** key",
		"remembers this start step in its memory only", "force: true")
	p1, s1 := emulatorKeys(t, h)
	if p1 != p0 || s1 == s0 {
		t.Fatal("start must replace only the secondary")
	}
	mustContain(t, "start again", h.fail(t, "rotate_api_keys", rotateStart), "Refused to start another key rotation",
		"made the current secondary key", "cut off every client already moved to it", "Nothing was changed", `step "finish"`)
	wantKeys(t, h, "start again", p1, s1)
	if !h.emu.ValidAPIKey(s1) {
		t.Error("the first start's secondary key no longer works")
	}

	// force: the agent says nobody uses it; the result says that key is gone.
	mustContain(t, "start forced", h.ok(t, "rotate_api_keys", forced(rotateStart)), "Regenerated the **secondary** key",
		"the secondary the start step made at", "no longer works")
	p2, s2 := emulatorKeys(t, h)
	if p2 != p0 || s2 == s1 || h.emu.ValidAPIKey(s1) {
		t.Fatal("a forced start must replace the open rotation's secondary")
	}

	// finish: checked against the start step, completes it.
	out = h.ok(t, "rotate_api_keys", rotateFinish)
	mustContain(t, "finish", out, "Regenerated the **primary** key", "the secondary the start step made at",
		"checked unchanged", "Rotation complete")
	p3, s3 := emulatorKeys(t, h)
	if p3 == p0 || s3 != s2 || h.emu.ValidAPIKey(p0) || !h.emu.ValidAPIKey(s2) {
		t.Fatal("finish must replace only the primary, keeping the start step's secondary")
	}

	// The rotation is closed: finishing again would cut off the new primary's clients.
	mustContain(t, "finish twice", h.fail(t, "rotate_api_keys", rotateFinish), "has seen no start step")
	wantKeys(t, h, "finish twice", p3, s3)

	// Forced finish without a start step: done, and the result claims no start step.
	out = h.ok(t, "rotate_api_keys", forced(rotateFinish))
	mustContain(t, "finish forced", out, "Regenerated the **primary** key", "saw no start step", "old primary no longer works")
	if strings.Contains(out, "Rotation complete") || strings.Contains(out, "the start step made") {
		t.Errorf("a forced finish claims a start step: %s", out)
	}
	p4, s4 := emulatorKeys(t, h)
	if p4 == p3 || s4 != s3 {
		t.Fatal("a forced finish must replace only the primary")
	}
}

// TestRotationNoticesAReplacedSecondary: the start step's secondary key replaced in between
// (regenerate_api_key here; another replica or the console alike) makes the finish unsafe:
// refused, the primary kept; a new start is not refused for it.
func TestRotationNoticesAReplacedSecondary(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "rotate_api_keys", rotateStart)
	h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2})
	p, s := emulatorKeys(t, h)
	mustContain(t, "finish after replacement", h.fail(t, "rotate_api_keys", rotateFinish), "Refused to finish",
		"no longer the one this server's start step made at", "have already lost access", "Nothing was changed")
	wantKeys(t, h, "finish after replacement", p, s)
	// That start step no longer counts: a plain finish is refused as unseen, a forced one says so.
	mustContain(t, "finish again", h.fail(t, "rotate_api_keys", rotateFinish), "has seen no start step")
	mustContain(t, "finish forced", h.ok(t, "rotate_api_keys", forced(rotateFinish)), "saw no start step")
	wantKeys(t, h, "finish forced (secondary)", emulatorPrimary(t, h), s)

	// A start whose secondary was replaced since does not block a new start.
	h.ok(t, "rotate_api_keys", rotateStart)
	h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 0})
	p, s = emulatorKeys(t, h)
	mustContain(t, "start after replacement", h.ok(t, "rotate_api_keys", rotateStart), "Regenerated the **secondary** key")
	if np, ns := emulatorKeys(t, h); np != p || ns == s {
		t.Error("start after a replaced secondary must replace the secondary")
	}
	// A restarted server (a new process: nothing remembered) refuses the finish.
	fresh := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	mustContain(t, "fresh server", fresh.fail(t, "rotate_api_keys", rotateFinish), "has seen no start step")
}

func emulatorPrimary(t *testing.T, h *harness) string {
	p, _ := emulatorKeys(t, h)
	return p
}

// TestRotationOrderIsCheckedBeforeAnyoneIsAsked: in the default human mode the refusal comes
// before the question, and the question of a forced finish says what the server does not know.
func TestRotationOrderIsCheckedBeforeAnyoneIsAsked(t *testing.T) {
	var asked atomic.Int64
	var mu sync.Mutex
	var questions []string
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, elicit: declineAll(&asked, &questions, &mu)})
	mustContain(t, "unseen finish", h.fail(t, "rotate_api_keys", rotateFinish), "has seen no start step", "nobody was asked")
	if len(questions) != 0 {
		t.Fatalf("asked %q", questions)
	}
	h.fail(t, "rotate_api_keys", forced(rotateFinish))
	if len(questions) != 1 {
		t.Fatalf("questions = %q", questions)
	}
	mustContain(t, "question", questions[0], "Replace the primary API key", "has seen no start step for this rotation",
		"cannot tell whether every client already uses the secondary key")
}

// TestConfirmArgumentSaysWhatItAccepts: with --confirm=agent an app's name matches in any
// letter case and is not trimmed, and the refusal says exactly that.
func TestConfirmArgumentSaysWhatItAccepts(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	p, s := emulatorKeys(t, h)
	for _, typed := range []string{"analytics-app ", " analytics-app", "analytics-app\n", "analytics"} {
		out := h.fail(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2, "confirm": typed})
		mustContain(t, "confirm "+typed, out, `confirm must be "analytics-app" (letter case may differ; nothing else, not even spaces)`,
			"Nothing was changed")
		if strings.Contains(out, "exactly") {
			t.Errorf("says exactly, though letter case may differ: %s", out)
		}
	}
	wantKeys(t, h, "refused confirms", p, s)
	h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2, "confirm": "ANALYTICS-APP"})
	if np, ns := emulatorKeys(t, h); np != p || ns == s {
		t.Error("ANALYTICS-APP did not confirm")
	}
}

// approvedCall makes a destructive call succeed in any confirmation mode: with the confirm
// argument, and approved on the page when it gets a link (a setup step of the result goldens).
func approvedCall(tool string, args map[string]any) func(*testing.T, *harness) {
	return func(t *testing.T, h *harness) {
		t.Helper()
		res := h.call(t, tool, args)
		if res.IsError && strings.Contains(text(res), "Approval needed") {
			answerInProcess(t, h.human, linkIn(t, res), approved)
			res = h.call(t, tool, args)
		}
		if res.IsError {
			t.Fatalf("%s %v: %s", tool, args, text(res))
		}
	}
}

// rotationStarted: a start step of analytics-app's rotation ran through this server.
var rotationStarted = approvedCall("rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start", "confirm": "analytics-app"})

// TestTypedAnswerIsNotTrimmed: the person's typed answer follows the same rule as confirm:
// any letter case, nothing trimmed.
func TestTypedAnswerIsNotTrimmed(t *testing.T) {
	for typed, accepted := range map[string]bool{"analytics-app ": false, "ANALYTICS-APP": true} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
			elicit: func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
				return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{
					Action: mcp.ElicitationResponseActionAccept, Content: map[string]any{"name": typed}}}, nil
			}})
		p, s := emulatorKeys(t, h)
		res := h.call(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2})
		if res.IsError == accepted {
			t.Errorf("%q: accepted = %t: %s", typed, !res.IsError, text(res))
		}
		if !accepted {
			mustContain(t, typed, text(res), `The user typed "analytics-app ", not "analytics-app"`, "Nothing was changed")
			wantKeys(t, h, typed, p, s)
		}
	}
}
