package mcpserver_test

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// create_and_deploy_app run again after a run that failed part-way: it deploys the
// configuration in place unless a deployment can be shown to carry it.

// TestRerunDeploysTheConfigurationInPlace: a re-run that finds its configuration already in
// place (an earlier run set it, then failed before or while deploying) deploys it, unless the
// newest deployment is one this workflow started with that configuration. A deployment another
// call started is never followed as "from an earlier run", and never makes the app "live with
// this configuration".
func TestRerunDeploysTheConfigurationInPlace(t *testing.T) {
	for _, tc := range []struct {
		name string
		// prepare runs after a first successful run of pod (replicas unset): it leaves the app
		// with replicas 3 set and not deployed by the workflow.
		prepare func(t *testing.T, h *harness, args map[string]any)
		want    []string
		// lost: the earlier run's deployment request was applied and its answer lost, so the
		// re-run may follow that deployment (the workflow's own, of this configuration).
		lost bool
	}{
		{"another call's deployment in flight", func(t *testing.T, h *harness, args map[string]any) {
			h.ok(t, "create_deployment", map[string]any{"app": "shop"}) // 1002, replicas 1
			args["replicas"], args["timeout_seconds"] = 3, 1
			out := text(h.call(t, "create_and_deploy_app", args))
			mustContain(t, "timed out", out, "set replicas 3")
		}, []string{"earlier deployment 1002 (not of this configuration) ended", "deployment 1003 queued"}, false},
		{"deploy refused", func(t *testing.T, h *harness, args map[string]any) {
			h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Status: 422})
			args["replicas"] = 3
			out := text(h.call(t, "create_and_deploy_app", args))
			mustContain(t, "refused deploy", out, "set replicas 3", "422")
		}, []string{"deployment 1002 queued"}, false},
		{"deploy answer lost", func(t *testing.T, h *harness, args map[string]any) {
			h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Status: 502, AfterApply: true})
			args["replicas"] = 3
			h.call(t, "create_and_deploy_app", args)
		}, []string{"| deploy | deployment 1002 was already", "(from an earlier run); following it"}, true},
		{"changed by update_app", func(t *testing.T, h *harness, args map[string]any) {
			h.ok(t, "update_app", map[string]any{"app": "shop", "replicas": 3})
			args["replicas"] = 3
		}, []string{"deployment 1002 queued"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
			args := map[string]any{"name": "shop", "spicepod": "version: v1\nkind: Spicepod\nname: s\n"}
			h.ok(t, "create_and_deploy_app", args)
			tc.prepare(t, h, args)
			args["timeout_seconds"] = 600
			res := h.call(t, "create_and_deploy_app", args)
			out := text(res)
			if res.IsError {
				t.Fatalf("re-run failed:\n%s", out)
			}
			mustContain(t, "re-run", out, append(tc.want, "| configure | already spicepod, replicas 3 as given; nothing sent |", "Replicas: 3", "| wait | succeeded")...)
			for _, wrong := range []string{"none started", "(from an earlier run); following it"} {
				if strings.Contains(out, wrong) && !tc.lost {
					t.Errorf("re-run says %q:\n%s", wrong, out)
				}
			}
			deps := emuDeployments(t, h, h.appID(t, "shop"))
			if deps[0].Replicas != 3 || deps[0].Status != "succeeded" {
				t.Errorf("newest deployment %+v, want replicas 3 succeeded", deps[0])
			}
			// The same call once more: the workflow's own deployment carries it, so none is started.
			n := len(deps)
			mustContain(t, "settled", h.ok(t, "create_and_deploy_app", args),
				"none started: this run changed nothing and deployment "+itoa(deps[0].ID)+" (this configuration, from an earlier run) succeeded")
			if got := len(emuDeployments(t, h, h.appID(t, "shop"))); got != n {
				t.Errorf("deployments %d → %d", n, got)
			}
		})
	}
}

// TestRerunAfterATerminalFailure: a re-run whose configuration and secrets are those of the
// newest deployment, which failed for a reason deploying again unchanged cannot fix, starts
// none and says what to fix; a retriable failure, or a secret set since, is deployed again.
func TestRerunAfterATerminalFailure(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	pod := "version: v1\nkind: Spicepod\nname: s\ndatasets:\n  - from: postgres:x\n    name: x\n    params:\n      pg_pass: ${secrets:PG_PASS}\n"
	args := map[string]any{"name": "term", "spicepod": pod, "secrets": map[string]any{"PG_PASS": "first-value-1"}}
	if err := h.emu.FailNextDeployment("unable_to_start"); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "failed", h.ok(t, "create_and_deploy_app", args), "`unable_to_start` — not retriable")
	id := h.appID(t, "term")

	res := h.call(t, "create_and_deploy_app", args)
	out := text(res)
	if !res.IsError {
		t.Errorf("a re-run that deploys nothing reads as a success:\n%s", out)
	}
	mustContain(t, "unchanged re-run", out, "No deployment was started: deployment 1001 already ran exactly this configuration",
		"none started: deployment 1001 of this configuration failed (unable_to_start)", "What to do: The runtime failed to start",
		// The way forward when the cause was outside the configuration (a data source then unreachable).
		"If the cause was outside this configuration and is fixed since", "deploy it unchanged instead: `create_deployment {\"app\":\"term\"}`")
	if n := h.emu.DeploymentCount("sandbox", id); n != 1 {
		t.Errorf("deployments = %d, want 1", n)
	}

	// A secret set since: deployed again (and it fails retriably this time).
	h.ok(t, "set_secret", map[string]any{"app": "term", "name": "PG_PASS", "value": "fixed-value-2"})
	if err := h.emu.FailNextDeployment("insufficient_cpu"); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "secret changed", h.ok(t, "create_and_deploy_app", args), "deployment 1002 queued", "`insufficient_cpu` — retriable")
	// A retriable failure: deployed again.
	mustContain(t, "retriable", h.ok(t, "create_and_deploy_app", args), "deployment 1003 queued", "| wait | succeeded")
	if n := h.emu.DeploymentCount("sandbox", id); n != 3 {
		t.Errorf("deployments = %d, want 3", n)
	}
}

// TestCreateAndDeployChecksSecretScopesForReferences: a spicepod (given, or the stored one when
// spicepod is omitted) that references secrets needs secrets:read to list which an existing app
// has, and secrets:write only when some referenced secret is missing (for a new app, every one
// not given). The checks refuse, before the first change, naming the scope and the missing
// names, in one refusal: a new app's refusal names secrets:write (it used to name secrets:read
// up front, and the token the user then got was refused again for secrets:write). A re-run
// whose references are all set needs no write.
func TestCreateAndDeployChecksSecretScopesForReferences(t *testing.T) {
	tool, _ := tools.ByName("create_and_deploy_app")
	pod := "version: v1\nkind: Spicepod\nname: s\ndatasets:\n  - from: postgres:x\n    name: x\n    params:\n      pg_pass: ${secrets:PG_PASS}\n"
	need := tool.ScopesFor(map[string]any{"name": "refs-app", "spicepod": pod})
	if slices.Contains(need, "secrets:read") || slices.Contains(need, "secrets:write") {
		t.Errorf("scopes up front for a spicepod with secret references: %v, want neither secrets scope (the checks name the one needed)", need)
	}
	noRead := tool.Scopes()
	read := append(slices.Clone(noRead), "secrets:read")
	h, full := twoTokenHarness(t, read)
	hNoRead, fullNoRead := twoTokenHarness(t, noRead)

	// A new app: every reference not given is missing, so storing it needs secrets:write, named
	// at once whether or not the token can read secrets.
	for name, x := range map[string]*harness{"no secrets scope": hNoRead, "secrets:read only": h} {
		out := x.fail(t, tool.Name, map[string]any{"name": "refs-app", "spicepod": pod})
		mustContain(t, name, out, "| check inputs | failed |", "(PG_PASS)", "secrets:write", "Nothing was changed: the checks stopped before the first change")
		if strings.Contains(out, "secrets:read") {
			t.Errorf("%s: the refusal names secrets:read, which would not be enough:\n%s", name, out)
		}
		for _, op := range []*api.Operation{api.CreateProject, api.UpdateProject, api.UpsertProjectSecret, api.CreateProjectDeployment} {
			if n := x.emu.Calls(op.ID); n != 0 {
				t.Errorf("%s: %s called %d times", name, op.ID, n)
			}
		}
	}

	// The app exists with PG_PASS set (made with a full token): a re-run writes nothing.
	for _, x := range []struct {
		h     *harness
		token string
	}{{h, full}, {hNoRead, fullNoRead}} {
		var app struct {
			ID int64 `json:"id"`
		}
		emuSend(t, x.h, x.token, http.MethodPost, "/v1/projects", map[string]any{"name": "refs-app", "tags": map[string]string{"created-by": "spice-cloud-mcp"}}, &app)
		emuSend(t, x.h, x.token, http.MethodPut, "/v1/projects/"+itoa(app.ID), map[string]any{"spicepod": pod}, nil)
		emuSend(t, x.h, x.token, http.MethodPost, "/v1/projects/"+itoa(app.ID)+"/secrets", map[string]any{"name": "PG_PASS", "value": "stored-value-1"}, nil)
	}
	mustContain(t, "re-run with spicepod", h.ok(t, tool.Name, map[string]any{"name": "refs-app", "spicepod": pod}), "| wait | succeeded")
	mustContain(t, "re-run without spicepod", h.ok(t, tool.Name, map[string]any{"name": "refs-app"}), "none started")
	// The stored spicepod's references are checked too.
	mustContain(t, "stored, no secrets:read", hNoRead.fail(t, tool.Name, map[string]any{"name": "refs-app"}), "| check inputs | failed |", "(PG_PASS)", "secrets:read")
	emuSend(t, h, full, http.MethodDelete, "/v1/projects/"+itoa(h.appID(t, "refs-app"))+"/secrets/PG_PASS", nil, nil)
	deployments := h.emu.Calls(api.CreateProjectDeployment.ID)
	out := h.fail(t, tool.Name, map[string]any{"name": "refs-app"})
	mustContain(t, "stored, one missing", out, "| check inputs | failed |", "(PG_PASS)", "secrets:write", "Nothing was changed")
	if n := h.emu.Calls(api.CreateProjectDeployment.ID); n != deployments {
		t.Errorf("a deployment was started")
	}
}

// twoTokenHarness is scopedHarness with a second, full-scope token to prepare state with.
func twoTokenHarness(t *testing.T, scopes []string) (*harness, string) {
	t.Helper()
	scopes = append(slices.Clone(scopes), unrelatedScope)
	issuer := sandbox.New(sandbox.Config{})
	token, full := issuer.IssueToken("sandbox", scopes, time.Hour), issuer.IssueToken("sandbox", []string{"*"}, time.Hour)
	h := newHarness(t, harnessOptions{
		cfg:    sandbox.Config{Demo: true, Tokens: []sandbox.Token{{Value: token, Org: "sandbox", Scopes: scopes}, {Value: full, Org: "sandbox", Scopes: []string{"*"}}}},
		token:  token,
		safety: tools.Safety{NoConfirm: true},
	})
	return h, full
}

// emuSend sends one request to the emulator with token and decodes the answer into out.
func emuSend(t *testing.T, h *harness, token, method, path string, body, out any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, h.api.URL+path, r)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("%s %s: %s %s", method, path, resp.Status, b)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCreateAndDeployCheckFailureSaysNothingChanged: a failed request during the checks (an
// API error, no credentials) says nothing was changed, not that finished steps are reused.
func TestCreateAndDeployCheckFailureSaysNothingChanged(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.emu.InjectFault(sandbox.Fault{Operation: api.ListRegions.ID, Status: 500, Times: -1})
	out := h.fail(t, "create_and_deploy_app", map[string]any{"name": "chk-app", "spicepod": podA})
	mustContain(t, "check failure", out, "| check inputs | failed |", "500", "Nothing was changed: the checks stopped before the first change")
	if strings.Contains(out, "Nothing is lost") || strings.Contains(out, "finished steps are reused") {
		t.Errorf("a failure before any change offers reused steps:\n%s", out)
	}
	if n := h.emu.AppCount("sandbox"); n != 0 {
		t.Errorf("apps = %d", n)
	}
}

// TestRerunDeploysAnyConfigurationChange: the mark fingerprints the app's whole configuration,
// so a change made outside the workflow to any of it (node_group, image, update_channel, ...)
// is deployed by a re-run, after a failure the same configuration could not get past and after
// a success alike. The mark used to cover spicepod, image_tag and replicas only: the re-run
// refused ("nothing changed since") or claimed the app live with this configuration.
func TestRerunDeploysAnyConfigurationChange(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fail   string // the first run's deployment fails with this error_code ("" = succeeds)
		change map[string]any
	}{
		{"node_group after pod_exceeds_node_capacity", "pod_exceeds_node_capacity", map[string]any{"node_group": "big-nodes"}},
		{"image after unable_to_start", "unable_to_start", map[string]any{"image": "spiceai/spiceai"}},
		{"update_channel after unable_to_start", "unable_to_start", map[string]any{"update_channel": "preview"}},
		{"update_channel after a success", "", map[string]any{"update_channel": "preview"}},
		{"version after a success", "", map[string]any{"version": "2.x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
			args := map[string]any{"name": "cfgapp", "spicepod": "version: v1\nkind: Spicepod\nname: s\n"}
			if tc.fail != "" {
				if err := h.emu.FailNextDeployment(tc.fail); err != nil {
					t.Fatal(err)
				}
			}
			h.ok(t, "create_and_deploy_app", args)
			id := h.appID(t, "cfgapp")
			update := map[string]any{"app": "cfgapp"}
			maps.Copy(update, tc.change)
			h.ok(t, "update_app", update)
			res := h.call(t, "create_and_deploy_app", args)
			out := text(res)
			if res.IsError {
				t.Fatalf("re-run after update_app %v refused:\n%s", tc.change, out)
			}
			mustContain(t, "re-run", out, "deployment 1002 queued", "| wait | succeeded")
			for _, wrong := range []string{"none started", "No deployment was started"} {
				if strings.Contains(out, wrong) {
					t.Errorf("re-run says %q:\n%s", wrong, out)
				}
			}
			if n := h.emu.DeploymentCount("sandbox", id); n != 2 {
				t.Errorf("deployments = %d, want 2", n)
			}
		})
	}
}

// TestRerunDoesNotTrustACopiedMark: a deployment that carries the workflow's mark (a
// commit_message anyone can send) but records an override the configuration does not have
// (replicas 3 on preview) is not taken for the configuration: the re-run deploys it. It used to
// say "(this configuration, from an earlier run) succeeded … live with this configuration".
func TestRerunDoesNotTrustACopiedMark(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	args := map[string]any{"name": "markapp", "spicepod": "version: v1\nkind: Spicepod\nname: s\n"}
	h.ok(t, "create_and_deploy_app", args)
	id := h.appID(t, "markapp")
	mark := emuDeployments(t, h, id)[0].CommitMessage
	mustContain(t, "copy", h.ok(t, "create_deployment", map[string]any{"app": "markapp", "replicas": 3, "channel": "preview", "commit_message": mark}), "1002")
	h.ok(t, "wait_for_deployment", map[string]any{"app": "markapp", "deployment_id": 1002})

	out := h.ok(t, "create_and_deploy_app", args)
	if strings.Contains(out, "none started") {
		t.Errorf("a copied mark with replicas 3 was taken for the configuration:\n%s", out)
	}
	mustContain(t, "re-run", out, "deployment 1003 queued", "| wait | succeeded")
	if deps := emuDeployments(t, h, id); deps[0].Replicas != 1 || deps[0].CommitMessage != mark {
		t.Errorf("newest deployment %+v, want replicas 1 marked %q", deps[0], mark)
	}
	// The workflow's own deployment carries it: none is started again.
	mustContain(t, "settled", h.ok(t, "create_and_deploy_app", args), "none started: this run changed nothing and deployment 1003")
}

// TestRerunRetriesWhatTheErrorSaysToRetry: a failure whose documented remedy is to deploy once
// more (internal_error) is deployed again by a re-run, not refused as "would fail again".
func TestRerunRetriesWhatTheErrorSaysToRetry(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	args := map[string]any{"name": "interr", "spicepod": "version: v1\nkind: Spicepod\nname: s\n"}
	if err := h.emu.FailNextDeployment("internal_error"); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "failed", h.ok(t, "create_and_deploy_app", args), "`internal_error`")
	res := h.call(t, "create_and_deploy_app", args)
	out := text(res)
	if res.IsError || strings.Contains(out, "No deployment was started") {
		t.Fatalf("re-run after internal_error refused:\n%s", out)
	}
	mustContain(t, "re-run", out, "deployment 1002 queued", "| wait | succeeded")
}

// TestRerunOutOfTimeBehindAnotherDeployment: a run whose time runs out while another call's
// deployment (not of its configuration) has not ended started none of its own. The deploy step
// is not called failed, the text never offers that deployment as this run's, and the calls it
// offers — wait_for_deployment on it, then the same call again — deploy this run's
// configuration. It used to say "| deploy | failed |", "Deployment 1002 … Nothing is wrong yet;
// resume with wait_for_deployment", then "fix the cause".
func TestRerunOutOfTimeBehindAnotherDeployment(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	args := map[string]any{"name": "behind", "spicepod": podA}
	h.ok(t, "create_and_deploy_app", args)                        // 1001
	h.ok(t, "create_deployment", map[string]any{"app": "behind"}) // 1002, in flight
	args["spicepod"], args["timeout_seconds"] = podB, 2
	res := h.call(t, "create_and_deploy_app", args)
	out := text(res)
	if !res.IsError {
		t.Errorf("a run that deployed nothing is not an error result:\n%s", out)
	}
	mustContain(t, "out of time", out, "| configure | set spicepod",
		"| deploy | none started: time ran out while deployment 1002 (another call's, not of this configuration) had not ended (last seen ",
		"Deployment 1002 of behind", "started by another call and not of this configuration",
		"Nothing failed, and 1002 is not this run's deployment", "This run changed: set spicepod (none of it deployed yet).",
		"call create_and_deploy_app again with the same arguments")
	stopLogged(t, h)
	for _, wrong := range []string{"| deploy | failed", "fix the cause", "Nothing is wrong yet", "resume with"} {
		if strings.Contains(out, wrong) {
			t.Errorf("the run says %q:\n%s", wrong, out)
		}
	}
	offered := regexp.MustCompile("`wait_for_deployment (\\{[^`]*\\})`").FindStringSubmatch(out)
	if offered == nil || offered[1] != `{"app":"behind","deployment_id":1002}` {
		t.Fatalf("want wait_for_deployment on 1002 offered:\n%s", out)
	}
	if r := h.callRaw(t, "wait_for_deployment", offered[1]); r.IsError {
		t.Fatalf("wait_for_deployment %s, as offered, failed:\n%s", offered[1], text(r))
	} else {
		mustContain(t, "waited", text(r), "succeeded")
	}
	args["timeout_seconds"] = 600 // long enough for this deployment: 2 s were enough for the checks only
	out = h.ok(t, "create_and_deploy_app", args)
	mustContain(t, "completed", out, "already spicepod as given", "| deploy | deployment 1003 queued", "| wait | succeeded")
}

// TestRunKeptBusyIsNotAFailure: when another call starts a deployment each time the run tries
// to deploy, the run starts none and says so; the step is not called failed, and the footer
// does not say to fix a cause.
func TestRunKeptBusyIsNotAFailure(t *testing.T) {
	var emuURL string
	var armed atomic.Bool
	var started atomic.Int64
	var appID atomic.Int64
	project := regexp.MustCompile(`^/v1/projects/\d+$`)
	proxy := recordingProxy(nil, func(r *http.Response) error {
		// After each wait the run reads the app again: another call starts a deployment then.
		if armed.Load() && r.Request.Method == http.MethodGet && project.MatchString(r.Request.URL.Path) && started.Add(1) <= 3 {
			anotherClient(http.MethodPost, emuURL+"/v1/projects/"+itoa(appID.Load())+"/deployments", `{}`)
		}
		return nil
	})
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: func(t *testing.T, u string) string { emuURL = u; return proxy(t, u) }})
	args := map[string]any{"name": "busy", "spicepod": podA}
	h.ok(t, "create_and_deploy_app", args) // 1001
	appID.Store(h.appID(t, "busy"))
	args["spicepod"] = podB
	armed.Store(true)
	res := h.call(t, "create_and_deploy_app", args)
	out := text(res)
	if !res.IsError {
		t.Errorf("a run that deployed nothing is not an error result:\n%s", out)
	}
	mustContain(t, "kept busy", out, "| deploy | none started: another call's deployment ", "none of this run's was started",
		"Nothing failed. Wait for ", "`wait_for_deployment {\"app\":\"busy\",\"deployment_id\":")
	stopLogged(t, h)
	for _, wrong := range []string{"| deploy | failed", "fix the cause"} {
		if strings.Contains(out, wrong) {
			t.Errorf("the run says %q:\n%s", wrong, out)
		}
	}
}

// stopLogged: the last create_and_deploy_app call, a stop README says is not a failure, logs
// reason=stopped at INFO, not reason=failed (it used to fall through to "failed").
func stopLogged(t *testing.T, h *harness) {
	t.Helper()
	var last map[string]any
	for _, l := range logLines(t, h.logs.String(), "tool call") {
		if l["tool"] == "create_and_deploy_app" {
			last = l
		}
	}
	if last == nil || last["reason"] != "stopped" || last["level"] != "INFO" || last["error"] != true {
		t.Errorf("the stop logs %v, want error=true reason=stopped at INFO", last)
	}
}
