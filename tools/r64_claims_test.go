package tools

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// r64ClaimsProperties is a tool's input schema's properties and required names.
func r64ClaimsProperties(t *testing.T, tool Tool) (map[string]map[string]any, []string) {
	t.Helper()
	var s struct {
		Properties map[string]map[string]any `json:"properties"`
		Required   []string                  `json:"required"`
	}
	if err := json.Unmarshal(tool.InputSchema(), &s); err != nil {
		t.Fatalf("%s: %v", tool.Name, err)
	}
	return s.Properties, s.Required
}

// TestR64ClaimsOrgSchemaIsBare: README (Tools) says the schemas list `org` without a description
// (it would cost 11 tokens on every tool) and leave its pattern out (about 12 tokens on each),
// the instructions saying once what it defaults to and the server refusing a name outside the
// rule. A description or pattern creeping back onto one tool's org is paid on every listing.
func TestR64ClaimsOrgSchemaIsBare(t *testing.T) {
	offered := 0
	for _, tool := range All() {
		props, _ := r64ClaimsProperties(t, tool)
		org, ok := props["org"]
		if !ok {
			continue
		}
		offered++
		for key := range org {
			if key != "type" {
				t.Errorf("%s: org's schema carries %q (%v); README says it lists only its type", tool.Name, key, org[key])
			}
		}
	}
	if offered < len(All())-2 {
		t.Errorf("org is offered by %d of %d tools; README says every tool but check_health and list_orgs", offered, len(All()))
	}
}

// TestR64ClaimsEveryAppScopedToolTakesApp: README (Tools) says every app-scoped tool takes
// `app`, the app's name or ID, after one rule. Every tool that calls an operation on one app
// (a path with {projectId} or {appId}), save those that make the app they act on (create_app,
// create_and_deploy_app: they take its `name`), requires `app` and nothing else naming the app
// (no `app_id`, `project`, `project_id`), decoded by the one AppRef rule.
func TestR64ClaimsEveryAppScopedToolTakesApp(t *testing.T) {
	scoped := 0
	for _, tool := range All() {
		onOneApp := false
		for _, op := range slices.Concat(tool.Operations, tool.MayCall) {
			onOneApp = onOneApp || strings.Contains(op.Path, "{projectId}") || strings.Contains(op.Path, "{appId}")
		}
		if !onOneApp || slices.Contains(tool.Operations, api.CreateProject) {
			continue
		}
		scoped++
		props, required := r64ClaimsProperties(t, tool)
		if _, ok := props["app"]; !ok || !slices.Contains(required, "app") {
			t.Errorf("%s acts on one app but does not require app: %v", tool.Name, required)
		}
		for name := range props {
			if n := strings.ToLower(name); n != "app" && (strings.Contains(n, "app") || strings.Contains(n, "project")) {
				t.Errorf("%s names the app a second way, %q, beside app", tool.Name, name)
			}
		}
	}
	if scoped < 20 {
		t.Fatalf("%d app-scoped tools: the operations' paths lost {projectId}", scoped)
	}
}

// TestR64ClaimsRotationLedgerCannotHoldAKey: README (rotate_api_keys) says the server remembers
// each start step "per app, when, and the SHA-256 of the secondary key it made (never the
// key)". The ledger's types are held to that: nothing in them can hold text or bytes of any
// length (a string, a slice, an interface, a map keyed or valued so), only digests, times,
// numbers and flags, so a later change that keeps a key there fails here, not in a memory dump.
func TestR64ClaimsRotationLedgerCannotHoldAKey(t *testing.T) {
	timeType := reflect.TypeFor[time.Time]()
	seen := map[reflect.Type]bool{}
	var walk func(path string, ty reflect.Type)
	walk = func(path string, ty reflect.Type) {
		if seen[ty] || ty == timeType {
			return
		}
		seen[ty] = true
		switch ty.Kind() {
		case reflect.String, reflect.Slice, reflect.Interface, reflect.Pointer, reflect.Func, reflect.Chan, reflect.UnsafePointer:
			t.Errorf("%s is a %s, which could hold a key", path, ty)
		case reflect.Array:
			walk(path+"[]", ty.Elem())
		case reflect.Map:
			walk(path+"{key}", ty.Key())
			walk(path+"{}", ty.Elem())
		case reflect.Struct:
			for f := range ty.Fields() {
				walk(path+"."+f.Name, f.Type)
			}
		}
	}
	walk("rotationLedger", reflect.TypeFor[rotationLedger]())
	if len(seen) < 6 {
		t.Fatalf("walked %d types: the ledger's fields were not reached", len(seen))
	}
}
