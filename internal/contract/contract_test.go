package contract

import (
	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var (
	sharedOnce sync.Once
	shared     *Spec
	sharedErr  error
)

// sharedSpec is for tests that only call the pure Validate* helpers; tests
// that record findings load their own Spec.
func sharedSpec(t *testing.T) *Spec {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = loadSpec() })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

func loadSpec() (*Spec, error) { return LoadEmbedded() }

func newSpec(t *testing.T) *Spec {
	t.Helper()
	s, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// rawDoc is the OpenAPI document as plain JSON, read independently of the
// loader so the example walk does not trust the code under test.
func rawDoc(t *testing.T) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(api.Spec))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// resolve follows local $refs of OpenAPI Reference Objects; nil stays nil.
func resolve(t *testing.T, doc map[string]any, v any) map[string]any {
	t.Helper()
	if v == nil {
		return nil
	}
	m, _ := v.(map[string]any)
	for m != nil {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		var cur any = doc
		for _, tok := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			tok = unescapeToken.Replace(tok)
			cur = cur.(map[string]any)[tok]
		}
		m, _ = cur.(map[string]any)
	}
	t.Fatalf("bad reference %v", v)
	return nil
}

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestOperations(t *testing.T) {
	ops := sharedSpec(t).Operations()
	var want []string
	for _, op := range api.Operations {
		want = append(want, op.ID)
		if got := sharedSpec(t).Declared(op.ID); !slices.Equal(got, op.Statuses) {
			t.Errorf("%s: the validator reads statuses %v, the operation table %v", op.ID, got, op.Statuses)
		}
	}
	slices.Sort(want)
	if !slices.Equal(ops, want) {
		t.Errorf("Operations() =\n%v\nwant\n%v", ops, want)
	}
}

// TestSpecExamples feeds every request and response example in the document
// through the validator: spec and validator must agree on all of them. Path
// parameters are filled from the parameters' own examples.
func TestSpecExamples(t *testing.T) {
	s := sharedSpec(t)
	doc := rawDoc(t)
	checked := 0
	for tmpl, rawItem := range doc["paths"].(map[string]any) {
		item := resolve(t, doc, rawItem)
		for _, m := range methods {
			rawOp, ok := item[m]
			if !ok {
				continue
			}
			op := rawOp.(map[string]any)
			id := op["operationId"].(string)
			method := strings.ToUpper(m)
			path := examplePath(t, doc, tmpl, item, op)

			t.Run(id, func(t *testing.T) {
				rb := resolve(t, doc, op["requestBody"])
				if required, _ := rb["required"].(bool); !required {
					gotID, probs := s.ValidateRequest(method, path, nil, nil, nil)
					if gotID != id || len(probs) > 0 {
						t.Errorf("%s %s without body: got %q %q", method, path, gotID, probs)
					}
				}
				for name, body := range mediaExamples(t, doc, rb) {
					gotID, probs := s.ValidateRequest(method, path, nil, jsonHeader, mustJSON(t, body))
					if gotID != id || len(probs) > 0 {
						t.Errorf("request example %q: got %q %q", name, gotID, probs)
					}
					checked++
				}
				for code, rawResp := range op["responses"].(map[string]any) {
					status, err := strconv.Atoi(code)
					if err != nil {
						t.Fatalf("response key %q is not a status code", code)
					}
					resp := resolve(t, doc, rawResp)
					header := exampleHeaders(t, doc, resp)
					examples := mediaExamples(t, doc, resp)
					if resp["content"] == nil {
						if probs := s.ValidateResponse(id, status, header, nil); len(probs) > 0 {
							t.Errorf("empty %d: %q", status, probs)
						}
						continue
					}
					if len(examples) == 0 {
						t.Errorf("%d has content but no examples", status)
					}
					for name, body := range examples {
						if probs := s.ValidateResponse(id, status, header, mustJSON(t, body)); len(probs) > 0 {
							t.Errorf("%d example %q: %q", status, name, probs)
						}
						checked++
					}
				}
			})
		}
	}
	t.Logf("%d request/response examples accepted", checked)
	if checked < 60 {
		t.Errorf("only %d examples checked; the walk is missing some", checked)
	}
}

// examplePath fills a path template from the path parameters' examples.
func examplePath(t *testing.T, doc map[string]any, tmpl string, item, op map[string]any) string {
	t.Helper()
	examples := map[string]string{}
	for _, owner := range []map[string]any{item, op} {
		list, _ := owner["parameters"].([]any)
		for _, raw := range list {
			p := resolve(t, doc, raw)
			if p["in"] == "path" {
				examples[p["name"].(string)] = url.PathEscape(fmt.Sprint(p["example"]))
			}
		}
	}
	segs := strings.Split(tmpl, "/")
	for i, seg := range segs {
		if name, ok := pathVar(seg); ok {
			v, ok := examples[name]
			if !ok || v == "%3Cnil%3E" {
				t.Fatalf("%s: no example for path parameter %s", tmpl, name)
			}
			segs[i] = v
		}
	}
	return strings.Join(segs, "/")
}

// mediaExamples returns the application/json examples of a request body or
// response, keyed by example name.
func mediaExamples(t *testing.T, doc map[string]any, obj map[string]any) map[string]any {
	t.Helper()
	out := map[string]any{}
	content, _ := obj["content"].(map[string]any)
	mt, _ := content["application/json"].(map[string]any)
	if v, ok := mt["example"]; ok {
		out["example"] = v
	}
	exs, _ := mt["examples"].(map[string]any)
	for name, raw := range exs {
		ex := resolve(t, doc, raw)
		v, ok := ex["value"]
		if !ok {
			t.Fatalf("example %q has no value", name)
		}
		out[name] = v
	}
	return out
}

// exampleHeaders sends every declared response header with its example, so
// header checking is exercised by the spec too.
func exampleHeaders(t *testing.T, doc map[string]any, resp map[string]any) http.Header {
	t.Helper()
	h := jsonHeader.Clone()
	hs, _ := resp["headers"].(map[string]any)
	for name, raw := range hs {
		if v, ok := resolve(t, doc, raw)["example"]; ok {
			h.Set(name, fmt.Sprint(v))
		}
	}
	return h
}

// TestSchemaExamples checks the JSON Schema "examples" arrays in the
// document against the schema they sit in.
func TestSchemaExamples(t *testing.T) {
	doc := rawDoc(t)
	c, err := newCompiler(doc)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	var walk func(p string, v any)
	walk = func(p string, v any) {
		switch n := v.(type) {
		case map[string]any:
			if exs, ok := n["examples"].([]any); ok {
				sch, err := c.Compile(docURL + "#" + encodeFragment(p))
				if err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				for i, ex := range exs {
					if err := sch.Validate(ex); err != nil {
						t.Errorf("%s examples[%d]: %v", p, i, err)
					}
					checked++
				}
			}
			for k, child := range n {
				walk(ptr(p, k), child)
			}
		case []any:
			for i, child := range n {
				walk(ptr(p, strconv.Itoa(i)), child)
			}
		}
	}
	walk("", doc)
	t.Logf("%d schema examples accepted", checked)
	if checked == 0 {
		t.Error("no schema examples found")
	}
}

func TestValidateRequest(t *testing.T) {
	s := sharedSpec(t)
	tests := []struct {
		name         string
		method, path string
		query        string
		header       http.Header
		body         string
		wantOp       string
		want         []string // exact problems; nil means the request is valid
	}{
		{name: "health", method: "GET", path: "/v1/health", wantOp: "getHealth"},
		{name: "list deployments with filters", method: "GET", path: "/v1/apps/12/deployments", query: "limit=100&status=failed&offset=0", wantOp: "listDeployments"},
		{name: "regions env", method: "GET", path: "/v1/regions", query: "env=dev", wantOp: "listRegions"},
		{name: "escaped secret name", method: "GET", path: "/v1/apps/1/secrets/MY%5FKEY", wantOp: "getSecret"},
		{name: "slash inside secret name stays one segment", method: "DELETE", path: "/v1/apps/1/secrets/a%2Fb", wantOp: "deleteSecret"},
		{name: "create app", method: "POST", path: "/v1/apps", header: jsonHeader, body: `{"name":"my-app","region":"us-east-1"}`, wantOp: "createApp"},
		{name: "secret value is writeOnly, fine in requests", method: "POST", path: "/v1/apps/1/secrets", header: jsonHeader, body: `{"name":"_K1","value":"s3cret"}`, wantOp: "upsertSecret"},
		{name: "charset in content type", method: "POST", path: "/v1/members", header: http.Header{"Content-Type": {"application/json; charset=utf-8"}}, body: `{"username":"bob"}`, wantOp: "addMember"},
		{name: "optional body omitted", method: "POST", path: "/v1/apps/1/api-keys", wantOp: "regenerateApiKey"},
		{name: "key_number 0", method: "POST", path: "/v1/apps/1/api-keys", header: jsonHeader, body: `{"key_number":0}`, wantOp: "regenerateApiKey"},
		{name: "token endpoint passes", method: "POST", path: "/api/oauth/token", body: "grant_type=client_credentials"},

		{name: "unknown path", method: "GET", path: "/v1/x", want: []string{"no operation for GET /v1/x"}},
		{name: "trailing slash", method: "GET", path: "/v1/apps/", want: []string{"no operation for GET /v1/apps/"}},
		{name: "wrong method", method: "PATCH", path: "/v1/apps/1",
			want: []string{"no operation for PATCH /v1/apps/1 (/v1/apps/{appId} allows DELETE, GET, PUT)"}},
		{name: "non-numeric appId", method: "GET", path: "/v1/apps/abc", wantOp: "getApp",
			want: []string{`getApp request: path parameter 'appId' "abc": got string, want integer`}},
		{name: "appId below minimum", method: "DELETE", path: "/v1/apps/0", wantOp: "deleteApp",
			want: []string{`deleteApp request: path parameter 'appId' "0": minimum: got 0, want 1`}},
		{name: "bad deploymentId", method: "GET", path: "/v1/apps/1/deployments/1.5", wantOp: "getDeployment",
			want: []string{`getDeployment request: path parameter 'deploymentId' "1.5": got string, want integer`}},
		{name: "limit above maximum", method: "GET", path: "/v1/apps/1/deployments", query: "limit=500", wantOp: "listDeployments",
			want: []string{`listDeployments request: query parameter 'limit' "500": maximum: got 500, want 100`}},
		{name: "limit zero", method: "GET", path: "/v1/apps/1/deployments", query: "limit=0", wantOp: "listDeployments",
			want: []string{`listDeployments request: query parameter 'limit' "0": minimum: got 0, want 1`}},
		{name: "limit not a number", method: "GET", path: "/v1/apps/1/deployments", query: "limit=ten", wantOp: "listDeployments",
			want: []string{`listDeployments request: query parameter 'limit' "ten": got string, want integer`}},
		{name: "bad status filter", method: "GET", path: "/v1/apps/1/deployments", query: "status=done", wantOp: "listDeployments",
			want: []string{`listDeployments request: query parameter 'status' "done": value must be one of 'queued', 'in_progress', 'succeeded', 'failed', 'created'`}},
		{name: "repeated query parameter", method: "GET", path: "/v1/container-images", query: "channel=stable&channel=enterprise", wantOp: "listContainerImages",
			want: []string{`listContainerImages request: query parameter 'channel' given 2 times`}},
		{name: "unknown query parameter", method: "GET", path: "/v1/apps", query: "page=2", wantOp: "listApps",
			want: []string{"listApps request: unknown query parameter 'page'"}},
		{name: "missing required field", method: "POST", path: "/v1/apps/1/secrets", header: jsonHeader, body: `{"name":"K"}`, wantOp: "upsertSecret",
			want: []string{"upsertSecret request: at '': missing property 'value'"}},
		{name: "null where not nullable", method: "PUT", path: "/v1/apps/1", header: jsonHeader, body: `{"description":null}`, wantOp: "updateApp",
			want: []string{"updateApp request: at '/description': got null, want string"}},
		{name: "replicas out of range", method: "PUT", path: "/v1/apps/1", header: jsonHeader, body: `{"replicas":11}`, wantOp: "updateApp",
			want: []string{"updateApp request: at '/replicas': maximum: got 11, want 10"}},
		{name: "no placement", method: "POST", path: "/v1/apps", header: jsonHeader, body: `{"name":"my-app"}`, wantOp: "createApp",
			want: []string{"createApp request: at '': missing property 'cname'", "createApp request: at '': missing property 'region'"}},
		{name: "missing required body", method: "POST", path: "/v1/apps", wantOp: "createApp",
			want: []string{"createApp request: missing required body"}},
		{name: "body on GET", method: "GET", path: "/v1/apps", header: jsonHeader, body: `{}`, wantOp: "listApps",
			want: []string{"listApps request: unexpected body (2 bytes); the operation takes none"}},
		{name: "body without content type", method: "POST", path: "/v1/members", body: `{"username":"bob"}`, wantOp: "addMember",
			want: []string{`addMember request: body sent with Content-Type "", want application/json`}},
		{name: "body not JSON", method: "POST", path: "/v1/members", header: jsonHeader, body: `username=bob`, wantOp: "addMember",
			want: []string{"addMember request: body is not valid JSON: invalid character 'u' looking for beginning of value"}},
		{name: "bad key_number", method: "POST", path: "/v1/apps/1/api-keys", header: jsonHeader, body: `{"key_number":3}`, wantOp: "regenerateApiKey",
			want: []string{"regenerateApiKey request: at '/key_number': value must be one of 0, 1, 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			var body []byte
			if tt.body != "" {
				body = []byte(tt.body)
			}
			op, probs := s.ValidateRequest(tt.method, tt.path, q, tt.header, body)
			if op != tt.wantOp {
				t.Errorf("operation = %q, want %q", op, tt.wantOp)
			}
			if !slices.Equal(probs, tt.want) {
				t.Errorf("problems =\n%s\nwant\n%s", strings.Join(probs, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

const (
	appJSON = `{"id":124,"name":"analytics-app","description":null,"visibility":"private",
		"created_at":"2024-01-15T11:00:00.000Z","cname":"us-west-2","region":"us-west-2","cluster_id":null,
		"production_branch":null,"api_key":"8d2e6a0c41","tags":null,"warning":null,
		"config":{"spicepod":null,"registry":"ghcr.io","image":null,"image_tag":null,"update_channel":"stable",
		"replicas":1,"region":"us-west-2","node_group":null,"storage_claim_size_gb":null}}`
	deploymentJSON = `{"id":456,"status":"queued","created_at":"2024-01-15T10:30:00.000Z","started_at":null,
		"updated_at":null,"image_tag":"1.5.0-models","replicas":1,"branch":null,"commit_sha":null,
		"commit_message":null,"error_message":null,"creation_source":"api","created_by":null}`
	secretJSON = `{"id":789,"name":"OPENAI_API_KEY","value":"********","created_at":"2024-01-15T10:30:00.000Z","updated_at":"2024-01-15T10:30:00.000Z"}`
)

// del marks a field to remove in patch.
var del = &struct{}{}

// patch sets (or with del, removes) the value at a JSON pointer of a JSON
// document, to derive bad bodies from a good one.
func patch(t *testing.T, doc, pointer string, v any) string {
	t.Helper()
	var root any
	if err := json.Unmarshal([]byte(doc), &root); err != nil {
		t.Fatal(err)
	}
	toks := strings.Split(pointer, "/")[1:]
	parent := root
	for _, tok := range toks[:len(toks)-1] {
		parent = parent.(map[string]any)[tok]
	}
	last := toks[len(toks)-1]
	if v == del {
		delete(parent.(map[string]any), last)
	} else {
		parent.(map[string]any)[last] = v
	}
	return string(mustJSON(t, root))
}

func TestValidateResponse(t *testing.T) {
	s := sharedSpec(t)
	tests := []struct {
		name   string
		op     string
		status int
		header http.Header
		body   string
		want   []string
	}{
		{name: "created app", op: "createApp", status: 201, body: appJSON},
		{name: "unknown fields are fine", op: "createApp", status: 201, body: patch(t, appJSON, "/config/executor", "x")},
		{name: "deployment created_by integer", op: "createDeployment", status: 202, body: patch(t, deploymentJSON, "/created_by", 42)},
		{name: "deployment created_by string", op: "getDeployment", status: 200, body: patch(t, deploymentJSON, "/created_by", "jdoe@example.com")},
		{name: "timestamp without milliseconds", op: "getSecret", status: 200, body: patch(t, secretJSON, "/created_at", "2024-01-15T10:30:00Z")},
		{name: "204 without body", op: "deleteApp", status: 204, header: http.Header{}},
		{name: "rate limit headers", op: "listApps", status: 200, body: `{"apps":[]}`,
			header: http.Header{"Content-Type": {"application/json"}, "X-Ratelimit-Limit": {"1000"}, "X-Ratelimit-Reset": {"1705314660"}}},

		{name: "wrong type", op: "createApp", status: 201, body: patch(t, appJSON, "/config/replicas", "2"),
			want: []string{"createApp 201: at '/config/replicas': got string, want integer"}},
		{name: "missing required field", op: "createApp", status: 201, body: patch(t, appJSON, "/config/registry", del),
			want: []string{"createApp 201: at '/config': missing property 'registry'"}},
		{name: "null where not nullable", op: "getApp", status: 200, body: patch(t, appJSON, "/name", nil),
			want: []string{"getApp 200: at '/name': got null, want string"}},
		{name: "bad date-time", op: "getDeployment", status: 200, body: patch(t, deploymentJSON, "/created_at", "yesterday"),
			want: []string{"getDeployment 200: at '/created_at': 'yesterday' is not valid date-time: less than 20 characters long"}},
		{name: "unknown deployment status", op: "getDeployment", status: 200, body: patch(t, deploymentJSON, "/status", "running"),
			want: []string{"getDeployment 200: at '/status': value must be one of 'queued', 'in_progress', 'succeeded', 'failed', 'created'"}},
		{name: "secret value leaked", op: "getSecret", status: 200, body: patch(t, secretJSON, "/value", "hunter2"),
			want: []string{"getSecret 200: at '/value': 'hunter2' does not match pattern '^\\\\*+$'"}},
		{name: "bare array instead of envelope", op: "listSecrets", status: 200, body: `[]`,
			want: []string{"listSecrets 200: at '': got array, want object"}},
		{name: "conflict without activeDeploymentId", op: "createDeployment", status: 409, body: `{"error":"A deployment is already in progress for this app"}`,
			want: []string{"createDeployment 409: at '': missing property 'activeDeploymentId'"}},
		{name: "validation error without details", op: "createApp", status: 400, body: `{"error":"Validation error"}`,
			want: []string{"createApp 400: at '': missing property 'details'"}},
		{name: "wrong status", op: "createApp", status: 200, body: appJSON,
			want: []string{"createApp 200: status not declared (allowed: 201, 400, 401, 403, 409, 429, 500)"}},
		{name: "body on 204", op: "deleteSecret", status: 204, header: jsonHeader, body: `{}`,
			want: []string{"deleteSecret 204: unexpected body (2 bytes); the response has no content"}},
		{name: "empty body", op: "getHealth", status: 200,
			want: []string{"getHealth 200: empty body, want application/json"}},
		{name: "not JSON", op: "getHealth", status: 500, body: `Internal Server Error`,
			want: []string{"getHealth 500: body is not valid JSON: invalid character 'I' looking for beginning of value"}},
		{name: "wrong content type", op: "getHealth", status: 200, header: http.Header{"Content-Type": {"text/plain"}},
			body: `{"status":"ok","timestamp":"2024-01-15T10:30:00.000Z"}`,
			want: []string{`getHealth 200: Content-Type "text/plain", want application/json`}},
		{name: "bad rate limit header", op: "listApps", status: 200, body: `{"apps":[]}`,
			header: http.Header{"Content-Type": {"application/json"}, "X-Ratelimit-Remaining": {"lots"}},
			want:   []string{`listApps 200: header 'X-RateLimit-Remaining' "lots": got string, want integer`}},
		{name: "unknown operation", op: "getWidget", status: 200, body: `{}`,
			want: []string{`unknown operation "getWidget"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.header
			if h == nil {
				h = jsonHeader
			}
			var body []byte
			if tt.body != "" {
				body = []byte(tt.body)
			}
			probs := s.ValidateResponse(tt.op, tt.status, h, body)
			if !slices.Equal(probs, tt.want) {
				t.Errorf("problems =\n%s\nwant\n%s", strings.Join(probs, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
