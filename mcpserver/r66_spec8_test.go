package mcpserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r66Spec8Carried says, for a tool and an operation it always calls ("tool operationId"), where
// its structured result carries the operation's success answer when not at the answer's own
// paths: "from=to" moves the paths under from to under to ("=.app": the whole answer under
// app), and "-" and a reason says it carries none of it. A tool taking app (or member) reads
// listProjects (listMembers) to resolve it: those need no row.
var r66Spec8Carried = map[string]string{
	"list_apps listProjects":                        ".projects=.apps",
	"describe_app getProject":                       "=.app",
	"set_secret upsertProjectSecret":                "=.secret",
	"set_secret getProjectSecret":                   "- whether the secret exists, to say created or updated",
	"delete_secret getProjectSecret":                "- whether the secret exists, before deleting it",
	"create_app listRegions":                        "- the default region when none is given; list_regions shows them",
	"create_app getHealth":                          "- whether the API answers before creating; check_health shows it",
	"list_orgs getHealth":                           "- whether the address is the API, when GET /v1/orgs answers 404; check_health shows it",
	"create_and_deploy_app listRegions":             "- the default region when none is given; list_regions shows them",
	"create_and_deploy_app listContainerImages":     "- whether image_tag is a published tag; list_container_images shows them",
	"create_and_deploy_app getHealth":               "- whether the API answers before creating; check_health shows it",
	"create_and_deploy_app listProjects":            "- whether the name is taken",
	"create_and_deploy_app getProject":              "- the app as it stands: the workflow shows its app_id, name and url; get_app shows the rest",
	"create_and_deploy_app createProject":           "- the app made: the workflow shows its app_id, name and url; get_app shows the rest",
	"create_and_deploy_app updateProject":           "- the spicepod set: the workflow shows its app_id, name and url; get_app shows the rest",
	"create_and_deploy_app listProjectDeployments":  "- whether a deployment is in flight before deploying",
	"create_and_deploy_app createProjectDeployment": "- the deployment queued: the result shows it as it ended (getProjectDeployment)",
	"create_and_deploy_app getProjectDeployment":    "=.deployment",
	"resume_app listProjectInstances":               "- whether the app is paused; list_instances shows them",
	"get_instance_logs listProjectInstances":        "- which instance to read (the result names it and its status); list_instances shows them",
	"wait_for_deployment listProjectDeployments":    "- the newest deployment when no deployment_id is given; list_deployments shows them",
	"regenerate_api_key regenerateProjectApiKey .api_key": "the key not regenerated (the example regenerates the secondary): " +
		"unchanged, so not repeated (unchanged says so; get_api_keys shows it)",
	"rotate_api_keys regenerateProjectApiKey .api_key": "the key not regenerated (start regenerates the secondary): " +
		"unchanged, so not repeated (unchanged says so; get_api_keys shows it)",
}

// r66Spec8Before are calls made first so that a tool's example has something to show: a fork
// to list, a paused app to resume.
var r66Spec8Before = map[string][2]string{
	"list_forks": {"fork_app", `{"app":"analytics-app","name":"analytics-app-fork"}`},
	"resume_app": {"pause_app", `{"app":"analytics-app"}`},
}

// r66Spec8Paths lists the JSON paths of schema s (a list's items "[]", each $ref resolved in
// doc's components) with the component schema holding each field and whether it is an object
// without properties, passed on whole.
func r66Spec8Paths(doc map[string]any, s any, owner, path string, out map[string][2]string, depth int) {
	m, ok := s.(map[string]any)
	if !ok || depth > 14 {
		return
	}
	name, target, parts := testutil.OpenAPIRefOrParts(doc, m)
	if name != "" {
		r66Spec8Paths(doc, target, name, path, out, depth+1)
		return
	}
	for _, p := range parts {
		r66Spec8Paths(doc, p, owner, path, out, depth+1)
	}
	r66Spec8Paths(doc, m["items"], owner, path+"[]", out, depth+1)
	props, _ := m["properties"].(map[string]any)
	if path != "" && props == nil && strings.Contains(fmt.Sprint(m["type"]), "object") {
		out[path] = [2]string{out[path][0], "open"}
	}
	for name, p := range props {
		out[path+"."+name] = [2]string{owner + "." + name, out[path+"."+name][1]}
		r66Spec8Paths(doc, p, owner, path+"."+name, out, depth+1)
	}
}

// r66Spec8Flat lists the leaves of a decoded JSON value by path, a list's items by index.
func r66Spec8Flat(path string, v any, out map[string]any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			r66Spec8Flat(path+"."+k, e, out)
		}
	case []any:
		for i, e := range x {
			r66Spec8Flat(fmt.Sprintf("%s[%d]", path, i), e, out)
		}
	default:
		out[path] = v
	}
}

// r66Spec8Move applies a "from=to" row to path (p with its list indices or "[]").
func r66Spec8Move(row, p string) (string, bool) {
	from, to, _ := strings.Cut(row, "=")
	rest, ok := strings.CutPrefix(p, from)
	return to + rest, ok && (rest == "" || rest[0] == '.' || rest[0] == '[')
}

// TestR66Spec8EveryResponsePathCarriedWhereTheAPIPutsIt: path by path, not by name (spec7's
// TestR65Spec7EveryResponseFieldShownOrLeftOut counts an id shown anywhere as every id shown).
// For every tool and every operation it always calls with a success body, either
// r66Spec8Carried says why the tool shows none of it (a lookup), or:
//   - every JSON path openapi.json gives the answer is a path of the tool's output schema (the
//     same path, or moved as r66Spec8Carried says), or inside an object passed on whole, or
//     its field is in tools.ResponseFieldsLeftOut;
//   - calling the tool with its example against the emulator (through a proxy that keeps the
//     answers), every value the answer holds (but null and false, which a result carries by
//     leaving the field out) is in the structured result at that path, under the same entity
//     (a deployment's error_message in that deployment's row), unless r66Spec8Carried says why.
//
// Every operation the tools call with a success body is carried whole by at least one tool.
func TestR66Spec8EveryResponsePathCarriedWhereTheAPIPutsIt(t *testing.T) {
	t.Parallel() // CPU only, on harnesses of its own; bounds no time
	var doc map[string]any
	if err := json.Unmarshal(api.Spec, &doc); err != nil {
		t.Fatal(err)
	}
	used, carriedBy, answered := map[string]bool{}, map[string][]string{}, map[string]bool{}
	for _, tool := range tools.All() {
		var in struct {
			Properties map[string]any `json:"properties"`
		}
		var outSchema map[string]any
		if json.Unmarshal(tool.InputSchema(), &in) != nil || json.Unmarshal(tool.OutputSchema(), &outSchema) != nil {
			t.Fatalf("%s: schemas do not decode", tool.Name)
		}
		outPaths := map[string][2]string{}
		r66Spec8Paths(outSchema, outSchema, "", "", outPaths, 0)
		var mu sync.Mutex
		answers := map[string]any{}
		record := func(r *http.Response) error {
			raw, err := io.ReadAll(r.Body)
			_ = r.Body.Close()
			r.Body = io.NopCloser(bytes.NewReader(raw))
			var v any
			if err != nil || r.StatusCode >= 300 || json.Unmarshal(raw, &v) != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			for _, op := range tool.Operations {
				if r.Request.Method == op.Method && r66Spec8Route(op).MatchString(r.Request.URL.Path) {
					answers[op.ID] = v
				}
			}
			return nil
		}
		cfg := sandbox.Config{Demo: true}
		if tool.Name == "list_clusters" { // dedicated clusters are the Enterprise plan's
			cfg.Orgs = sandbox.DefaultOrgs()
			cfg.Orgs[0].Enterprise = true
		}
		h := newHarness(t, harnessOptions{cfg: cfg, safety: tools.Safety{Confirm: tools.ConfirmOff},
			upstream: recordingProxy(nil, record)})
		if before, ok := r66Spec8Before[tool.Name]; ok {
			h.ok(t, before[0], r66Spec8Args(t, before[1]))
		}
		mu.Lock()
		clear(answers)
		mu.Unlock()
		res := h.call(t, tool.Name, tool.Examples.Valid)
		if res.IsError {
			t.Errorf("%s %v: %s", tool.Name, tool.Examples.Valid, text(res))
			continue
		}
		shown := map[string]any{}
		raw, _ := json.Marshal(res.StructuredContent)
		var sc any
		_ = json.Unmarshal(raw, &sc)
		r66Spec8Flat("", sc, shown)
		for _, op := range tool.Operations {
			key := tool.Name + " " + op.ID
			row, listed := r66Spec8Carried[key]
			used[key] = listed
			specPaths := map[string][2]string{}
			for code, r := range doc["paths"].(map[string]any)[op.Path].(map[string]any)[strings.ToLower(op.Method)].(map[string]any)["responses"].(map[string]any) {
				content, _ := r.(map[string]any)["content"].(map[string]any)
				if strings.HasPrefix(code, "2") && content["application/json"] != nil {
					r66Spec8Paths(doc, content["application/json"].(map[string]any)["schema"], "", "", specPaths, 0)
				}
			}
			switch {
			case len(specPaths) == 0:
				continue // 204: no body
			default:
				answered[op.ID] = true
			case strings.HasPrefix(row, "- "):
				continue
			case !listed && (op == api.ListProjects && in.Properties["app"] != nil || op == api.ListMembers && in.Properties["member"] != nil):
				continue // resolves the tool's app or member argument
			}
			carriedBy[op.ID] = append(carriedBy[op.ID], tool.Name)
			leftOut := func(owner string) bool {
				if tools.ResponseFieldsLeftOut[owner] != "" {
					used["left out "+owner] = true
					return true
				}
				return false
			}
			inOpen := func(p string) bool {
				for q, info := range outPaths {
					if info[1] == "open" && strings.HasPrefix(p, q+".") {
						return true
					}
				}
				return false
			}
			for _, p := range slices.Sorted(maps.Keys(specPaths)) {
				if leftOut(specPaths[p][0]) || specPaths[p][0] == "" {
					continue
				}
				to, ok := r66Spec8Move(row, p)
				if _, in := outPaths[to]; !ok || !in && !inOpen(to) {
					t.Errorf("%s: %s answers %s (%s); the result has no %s", tool.Name, op.ID, p, specPaths[p][0], to)
				}
			}
			got := map[string]any{}
			mu.Lock()
			r66Spec8Flat("", answers[op.ID], got)
			mu.Unlock()
			if len(got) == 0 {
				t.Errorf("%s: no success answer of %s recorded, or one with nothing in it", tool.Name, op.ID)
			}
			index := regexp.MustCompile(`\[\d+\]`)
			for _, p := range slices.Sorted(maps.Keys(got)) {
				generic := index.ReplaceAllString(p, "[]")
				if v := got[p]; v == nil || v == false || leftOut(specPaths[generic][0]) {
					continue
				}
				owner := ""
				for q := generic; q != "" && owner == ""; q = q[:max(strings.LastIndexAny(q, ".["), 0)] {
					owner = specPaths[q][0]
				}
				if owner == "" || r66Spec8Carried[key+" "+generic] != "" {
					used[key+" "+generic] = owner != ""
					continue // inside an object passed on whole (a spicepod, tags), or said why
				}
				to, _ := r66Spec8Move(row, p)
				want, _ := json.Marshal(got[p])
				if have, ok := shown[to]; !ok {
					t.Errorf("%s: %s answered %s = %s; the result has no %s", tool.Name, op.ID, p, want, to)
				} else if same, _ := json.Marshal(have); !bytes.Equal(same, want) {
					t.Errorf("%s: %s answered %s = %s; the result's %s is %s", tool.Name, op.ID, p, want, to, same)
				}
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(r66Spec8Carried)) {
		if !used[key] {
			t.Errorf("r66Spec8Carried has %q, which no tool's call needed", key)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(tools.ResponseFieldsLeftOut)) {
		if !used["left out "+key] {
			t.Errorf("tools.ResponseFieldsLeftOut has %s, which no operation a tool shows answers", key)
		}
	}
	for _, op := range api.Operations {
		for _, tool := range tools.All() {
			if slices.Contains(tool.Operations, op) && answered[op.ID] && len(carriedBy[op.ID]) == 0 {
				t.Errorf("%s: called by %s, but no tool shows its answer", op.ID, tool.Name)
			}
		}
	}
}

// r66Spec8Route matches the paths of op's template.
func r66Spec8Route(op *api.Operation) *regexp.Regexp {
	return regexp.MustCompile("^" + regexp.MustCompile(`\\\{[^}]+\\\}`).ReplaceAllString(regexp.QuoteMeta(op.Path), "[^/]+") + "$")
}

func r66Spec8Args(t *testing.T, raw string) map[string]any {
	t.Helper()
	var args map[string]any
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		t.Fatal(err)
	}
	return args
}
