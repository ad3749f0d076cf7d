package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r66Spec8NotFailing are the (tool, operation) pairs whose refusal the tool's example does not
// fail on, each with why.
var r66Spec8NotFailing = map[string]string{
	"create_app getHealth":                      "the API's clock only informs the reactivation remark: this server's is used when it cannot be read",
	"list_orgs getHealth":                       "read only when GET /v1/orgs answers 404, which the example's does not; an unhealthy API then keeps the 404's remedy",
	"create_and_deploy_app getHealth":           "the API's clock only informs the reactivation remark: this server's is used when it cannot be read",
	"create_and_deploy_app listContainerImages": "read only to check a given image_tag, which the example does not give",
	"create_and_deploy_app getProject":          "read only for an app that exists or a deployment in flight, which the example's new app has not",
	"resume_app listProjectInstances 409":       "project_paused is how it learns the app is paused, so it resumes it",
	"set_secret getProjectSecret 404":           "Secret not found is how it learns the secret is new, so it creates it",
	"create_and_deploy_app createProjectDeployment 409": "it follows the deployment in flight the answer names (activeDeploymentId) " +
		"rather than failing; the example's 456 is unknown to the emulator, so the follow's own 404 answers",
}

// r66Spec8OwnRemedy matches a tool's own remedy, worded with what happened during its run and
// the calls to make (`list_deployments {"app":…}`, call rotate_api_keys with step "start" again,
// the app deleted while a workflow ran).
var r66Spec8OwnRemedy = regexp.MustCompile("`[a-z_]+ \\{|(?i:call(ing)? [a-z]+_[a-z_]+ (again|with))|was deleted \\(or is no longer visible to this token\\)")

// r66Spec8Lookup names the lookup op is for tool when it resolves the tool's app (listProjects)
// or member (listMembers) argument: every tool resolves them with the same code, so one tool
// stands for all (the cases cost the test's time, not its reach).
func r66Spec8Lookup(tool tools.Tool, op *api.Operation) string {
	var in struct {
		Properties map[string]any `json:"properties"`
	}
	_ = json.Unmarshal(tool.InputSchema(), &in)
	switch {
	case op == api.ListProjects && in.Properties["app"] != nil:
		return "app"
	case op == api.ListMembers && in.Properties["member"] != nil:
		return "member"
	}
	return ""
}

// r66Spec8Examples are the error bodies openapi.json documents for op's status: each example
// of the answer, or, with none, the status text as the error.
func r66Spec8Examples(t *testing.T, doc map[string]any, op *api.Operation, status int) []string {
	t.Helper()
	resolve := func(v any, kind string) map[string]any {
		m, _ := v.(map[string]any)
		if ref, ok := m["$ref"].(string); ok {
			m, _ = doc["components"].(map[string]any)[kind].(map[string]any)[ref[strings.LastIndex(ref, "/")+1:]].(map[string]any)
		}
		return m
	}
	resp := resolve(doc["paths"].(map[string]any)[op.Path].(map[string]any)[strings.ToLower(op.Method)].(map[string]any)["responses"].(map[string]any)[strconv.Itoa(status)], "responses")
	content, _ := resp["content"].(map[string]any)
	media, _ := content["application/json"].(map[string]any)
	examples, _ := media["examples"].(map[string]any)
	var out []string
	for _, name := range slices.Sorted(maps.Keys(examples)) {
		raw, err := json.Marshal(resolve(examples[name], "examples")["value"])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(raw))
	}
	if len(out) == 0 {
		raw, _ := json.Marshal(map[string]string{"error": http.StatusText(status)})
		out = append(out, string(raw))
	}
	return out
}

// TestR66Spec8EveryDocumentedStatusGetsItsRemedy: for every tool, every operation it always
// calls and every error status openapi.json documents for it (400, 401, 402, 403, 404, 409,
// 422, 429, 5xx), each documented example body answered to the tool's example call (through a
// proxy in front of the emulator) fails the call with the status and the remedy present gives
// that failure of that operation (TestDocumentedErrorExamplesGetAFittingRemedy holds that it
// fits): the tool neither swallows the API's answer nor trades its remedy for a generic one.
// A tool that words a remedy of its own (naming the calls) shows it instead; a refusal the
// tool does not fail on is in r66Spec8NotFailing. The emulator's own way to each status is
// TestR59SpecEveryDocumentedErrorStatusIsProduced's.
func TestR66Spec8EveryDocumentedStatusGetsItsRemedy(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	var doc map[string]any
	if err := json.Unmarshal(api.Spec, &doc); err != nil {
		t.Fatal(err)
	}
	cases, used, tried := 0, map[string]bool{}, map[string]bool{}
	for _, tool := range tools.All() {
		for _, op := range tool.Operations {
			if lookup := r66Spec8Lookup(tool, op); lookup != "" && tried[lookup] {
				continue
			} else {
				tried[lookup] = true
			}
			for _, status := range op.Statuses {
				if status < 400 {
					continue
				}
				for _, body := range r66Spec8Examples(t, doc, op, status) {
					answers := []canned{{method: op.Method, path: r66Spec8Route(op), status: status, body: body}}
					h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
						upstream: cannedProxy(&answers, nil)})
					if before, ok := r66Spec8Before[tool.Name]; ok {
						saved := answers
						answers = nil
						h.ok(t, before[0], r66Spec8Args(t, before[1]))
						answers = saved
					}
					res := h.call(t, tool.Name, tool.Examples.Valid)
					cases++
					where := fmt.Sprintf("%s, %s answering %d %s", tool.Name, op.ID, status, body)
					got := text(res)
					if key := tool.Name + " " + op.ID; r66Spec8NotFailing[key] != "" || r66Spec8NotFailing[key+" "+strconv.Itoa(status)] != "" {
						used[key] = r66Spec8NotFailing[key] != ""
						used[key+" "+strconv.Itoa(status)] = !used[key]
						continue
					}
					var e struct {
						Error   string `json:"error"`
						Code    string `json:"code"`
						Details struct {
							FieldErrors map[string][]string `json:"fieldErrors"`
						} `json:"details"`
						ActiveDeploymentID int64 `json:"activeDeploymentId"`
					}
					_ = json.Unmarshal([]byte(body), &e)
					apiErr := &client.APIError{Operation: op.ID, Method: op.Method, StatusCode: status, Message: e.Error, Code: e.Code,
						FieldErrors: e.Details.FieldErrors, ActiveDeploymentID: e.ActiveDeploymentID,
						OutcomeUnknown: op.Method != http.MethodGet && status >= 500 && e.Code == ""}
					if rest, ok := strings.CutPrefix(e.Error, "Insufficient scope. Required: "); ok {
						apiErr.RequiredScope = rest
					}
					remedy := strings.TrimSuffix(present.Remedy(apiErr), ".")
					generic := strings.TrimSuffix(present.Remedy(&client.APIError{Operation: "r66Spec8NoSuchOperation", Method: op.Method, StatusCode: status, Message: e.Error,
						OutcomeUnknown: apiErr.OutcomeUnknown}), ".")
					switch {
					case !res.IsError:
						t.Errorf("%s: not an error:\n%s", where, got)
					case !strings.Contains(got, strconv.Itoa(status)):
						t.Errorf("%s: the result does not name %d:\n%s", where, status, got)
					case !strings.Contains(got, e.Code) || !strings.Contains(got, e.Error) && !strings.EqualFold(e.Error, http.StatusText(status)):
						t.Errorf("%s: the result lacks the API's message or code:\n%s", where, got)
					case remedy == "":
						t.Errorf("%s: present gives no remedy", where)
					case apiErr.OutcomeUnknown && remedy == generic:
						t.Errorf("%s: the outcome is unknown, and present's remedy is the one for any write, %q, not how to find out for this one", where, remedy)
					case remedy != generic && strings.Contains(got, generic) && !strings.Contains(got, remedy):
						t.Errorf("%s: the result gives the generic remedy %q, not %q:\n%s", where, generic, remedy, got)
					case !strings.Contains(got, remedy) && !strings.Contains(got, "What to do: ") && !r66Spec8OwnRemedy.MatchString(got):
						t.Errorf("%s: the result gives no remedy (present's: %q):\n%s", where, remedy, got)
					}
				}
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(r66Spec8NotFailing)) {
		if !used[key] {
			t.Errorf("r66Spec8NotFailing has %q, which no tool's call needed", key)
		}
	}
	t.Logf("%d (tool, operation, documented answer) cases", cases)
}

// TestR66Spec8ConnectRepositoryAnsweredLostIsSafeToRepeat: a connect applied but answered 500
// (outcome unknown) says to connect again, which replaces the connection (api/README §7.3):
// the same call then succeeds.
func TestR66Spec8ConnectRepositoryAnsweredLostIsSafeToRepeat(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.ConnectProjectRepository.ID, Status: http.StatusInternalServerError, AfterApply: true})
	args := map[string]any{"app": "analytics-app", "repository": "analytics"}
	if got := h.fail(t, "connect_repository", args); !strings.Contains(got, "Outcome unknown") ||
		!strings.Contains(got, "so it is safe to repeat: connect it again") {
		t.Errorf("connect_repository answered 500 after applying:\n%s", got)
	}
	h.ok(t, "connect_repository", args)
}
