package api_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/api/internal/specgen"
)

// TestGeneratedTableIsFresh fails when openapi.json changed without `go generate ./api`.
func TestGeneratedTableIsFresh(t *testing.T) {
	want, err := specgen.Generate(api.Spec)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("operations_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("api/operations_gen.go is stale: run `go generate ./api` and commit the result")
	}
}

// TestOneEntryPerSpecOperation reads the document independently of the generator.
func TestOneEntryPerSpecOperation(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(api.Spec, &doc); err != nil {
		t.Fatal(err)
	}
	inSpec := map[string]string{}
	for path, item := range doc.Paths {
		for method, raw := range item {
			var op struct {
				OperationID string `json:"operationId"`
				Scope       string `json:"x-scope"`
				Role        string `json:"x-required-role"`
			}
			if method != "parameters" && json.Unmarshal(raw, &op) == nil && op.OperationID != "" {
				inSpec[op.OperationID] = method + " " + path + " " + op.Scope + " role=" + op.Role
			}
		}
	}
	if len(api.Operations) != len(inSpec) {
		t.Errorf("table has %d operations, openapi.json %d", len(api.Operations), len(inSpec))
	}
	seen := map[string]bool{}
	for _, op := range api.Operations {
		if seen[op.ID] {
			t.Errorf("%s twice in the table", op.ID)
		}
		seen[op.ID] = true
		want, ok := inSpec[op.ID]
		if !ok {
			t.Errorf("%s is in the table but not in openapi.json", op.ID)
			continue
		}
		if got := lower(op.Method) + " " + op.Path + " " + op.Scope + " role=" + op.Role; got != want {
			t.Errorf("%s: table says %q, openapi.json %q", op.ID, got, want)
		}
		if api.ByID(op.ID) != op {
			t.Errorf("ByID(%q) does not return the table's entry", op.ID)
		}
	}
	if api.ByID("noSuchOperation") != nil {
		t.Error("ByID of an unknown ID is not nil")
	}
}

func lower(s string) string { return string(bytes.ToLower([]byte(s))) }

func TestExpandEscapesEverySegment(t *testing.T) {
	if got := api.GetSecret.Expand("101", "../a/b?c#d"); got != "/v1/apps/101/secrets/..%2Fa%2Fb%3Fc%23d" {
		t.Errorf("Expand = %q", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("Expand with too few values did not panic")
		}
	}()
	api.GetSecret.Expand("101")
}

func TestRuleCheck(t *testing.T) {
	appID, _ := api.GetApp.Param("appId")
	limit, _ := api.ListDeployments.Param("limit")
	status, _ := api.ListDeployments.Param("status")
	cases := []struct {
		rule  api.Rule
		value string
		ok    bool
	}{
		{appID.Rule, "101", true}, {appID.Rule, "0", false}, {appID.Rule, "abc", false},
		{appID.Rule, "+101", false}, {appID.Rule, "0101", false}, {appID.Rule, "101/..", false},
		{limit.Rule, "100", true}, {limit.Rule, "101", false},
		{status.Rule, "failed", true}, {status.Rule, "done", false},
		{api.UpsertSecretRequestName, "PG_PASS", true}, {api.UpsertSecretRequestName, "1PG", false},
		{api.CreateAppRequestName, "abc", false}, {api.CreateAppRequestName, "my-app", true},
	}
	for _, c := range cases {
		if msg := c.rule.Check(c.value); (msg == "") != c.ok {
			t.Errorf("Check(%q) = %q, want ok=%t", c.value, msg, c.ok)
		}
	}
	if got := api.RegenerateAPIKeyRequestKeyNumber.EnumInts(); len(got) != 3 || got[2] != 2 {
		t.Errorf("EnumInts = %v", got)
	}
}

// TestPathValuesAreConfined: every path parameter has a rule that keeps a value to one plain
// segment (an integer, or a pattern — the secret name's comes from x-rule-from), so no
// dot-segment or encoded separator passes the client's check.
func TestPathValuesAreConfined(t *testing.T) {
	hostile := []string{"..", ".", "../../102", "%2e%2e", "%2E%2E", "a/b", "a?b", "a#b", "a%2Fb", "a\\b", " ", ""}
	for _, op := range api.Operations {
		for _, name := range op.PathParams() {
			p, ok := op.Param(name)
			if !ok || p.In != "path" || !p.Required {
				t.Errorf("%s: path parameter {%s} is not declared as a required path parameter", op.ID, name)
				continue
			}
			if p.Rule.Type != "integer" && p.Rule.Pattern == "" {
				t.Errorf("%s {%s}: rule %+v confines nothing", op.ID, name, p.Rule)
			}
			for _, v := range hostile {
				if p.Rule.Check(v) == "" {
					t.Errorf("%s {%s}: %q passes", op.ID, name, v)
				}
			}
		}
	}
	secret, _ := api.GetSecret.Param("secretName")
	if secret.Rule.Pattern != api.UpsertSecretRequestName.Pattern || secret.Rule.Check("PG_PASS") != "" {
		t.Errorf("secretName rule %+v, want UpsertSecretRequest.name's", secret.Rule)
	}
}

// TestGeneratorRefusesOpenPathParameters: without x-rule-from the secret name would be an
// open string in a path, and generation fails naming it.
func TestGeneratorRefusesOpenPathParameters(t *testing.T) {
	line := []byte(`"x-rule-from": "#/components/schemas/UpsertSecretRequest/properties/name",`)
	if !bytes.Contains(api.Spec, line) {
		t.Fatal("openapi.json has no x-rule-from on secretName")
	}
	_, err := specgen.Generate(bytes.Replace(api.Spec, line, nil, 1))
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("{secretName}")) {
		t.Errorf("err = %v, want a refusal naming {secretName}", err)
	}
}

// TestOrgHeader: every operation but the health check takes X-Org-Name as a header parameter
// (kept apart from path and query parameters), with a rule that refuses an empty value.
func TestOrgHeader(t *testing.T) {
	for _, op := range api.Operations {
		if op == api.GetHealth {
			if len(op.Headers) != 0 {
				t.Errorf("getHealth headers = %+v", op.Headers)
			}
			continue
		}
		if len(op.Headers) != 1 || op.Headers[0].Name != "X-Org-Name" || op.Headers[0].In != "header" || op.Headers[0].Required {
			t.Errorf("%s headers = %+v", op.ID, op.Headers)
			continue
		}
		if op.Headers[0].Rule.Check("") == "" || op.Headers[0].Rule.Check("acme-labs") != "" {
			t.Errorf("%s X-Org-Name rule %+v", op.ID, op.Headers[0].Rule)
		}
		for _, p := range op.Params {
			if p.In == "header" {
				t.Errorf("%s: header %s among Params", op.ID, p.Name)
			}
		}
	}
	instance, _ := api.GetProjectInstanceLogs.Param("instanceName")
	// Instance.name is a plain string: any name the API lists but a dot-segment or one holding a
	// character that is no plain path-segment character (our assumed rule).
	for name, ok := range map[string]bool{
		"analytics-app-1a2b3c4d-x7k2p": true, "web.analytics-0": true, "a": true, "0.0.0": true,
		strings.Repeat("a", 254): true, "Analytics": true, "a..b": true, ".a": true, "a.": true, "a_b": true, "Edge_Node-01": true,
		"": false, ".": false, "..": false, "a/b": false, "a b": false, "a%b": false, "a\tb": false,
	} {
		if got := instance.Rule.Check(name) == ""; got != ok {
			t.Errorf("instanceName rule on %q: valid = %v, want %v", name, got, ok)
		}
	}
}
