package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r60Spec2Sent is one request as it left the client.
type r60Spec2Sent struct {
	method, path, query, contentType string
	body                             []byte
}

// r60Spec2Recorder is a reverse proxy in front of the emulator that keeps every request.
type r60Spec2Recorder struct {
	mu   sync.Mutex
	sent []r60Spec2Sent
}

func (r *r60Spec2Recorder) all() []r60Spec2Sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.sent)
}

func r60Spec2Client(t *testing.T) (*client.Client, *r60Spec2Recorder) {
	t.Helper()
	env := newEnv(t, sandbox.Config{Demo: true})
	u, err := url.Parse(env.srv.URL)
	mustNoErr(t, err)
	rec := &r60Spec2Recorder{}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec.mu.Lock()
		rec.sent = append(rec.sent, r60Spec2Sent{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Get("Content-Type"), body})
		rec.mu.Unlock()
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("sandbox"), Retry: fastRetry})
	mustNoErr(t, err)
	return c, rec
}

// r60Spec2Doc is openapi.json as a document, with $ref resolution.
type r60Spec2Doc map[string]any

func (d r60Spec2Doc) resolve(v any) map[string]any {
	m, _ := v.(map[string]any)
	for m != nil {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		var cur any = map[string]any(d)
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[part]
		}
		m, _ = cur.(map[string]any)
	}
	return m
}

func (d r60Spec2Doc) operation(op *api.Operation) map[string]any {
	return d["paths"].(map[string]any)[op.Path].(map[string]any)[strings.ToLower(op.Method)].(map[string]any)
}

// params are the operation's path and query parameters with their schemas.
func (d r60Spec2Doc) params(op *api.Operation, in string) map[string]map[string]any {
	out := map[string]map[string]any{}
	item := d["paths"].(map[string]any)[op.Path].(map[string]any)
	common, _ := item["parameters"].([]any)
	own, _ := d.operation(op)["parameters"].([]any)
	for _, raw := range append(slices.Clone(common), own...) {
		p := d.resolve(raw)
		if p["in"] == in {
			out[p["name"].(string)] = d.resolve(p["schema"])
		}
	}
	return out
}

// bodyProps are the top-level properties of the operation's request body.
func (d r60Spec2Doc) bodyProps(op *api.Operation) map[string]any {
	rb, _ := d.operation(op)["requestBody"].(map[string]any)
	if rb == nil {
		return nil
	}
	content := d.resolve(rb)["content"].(map[string]any)
	props, _ := d.resolve(content["application/json"].(map[string]any)["schema"])["properties"].(map[string]any)
	return props
}

// types reads a property schema's JSON types and whether null is one.
func (d r60Spec2Doc) types(schema any) ([]string, bool) {
	s := d.resolve(schema)
	if s == nil {
		return nil, false
	}
	var types []string
	switch ty := s["type"].(type) {
	case string:
		types = append(types, ty)
	case []any:
		for _, x := range ty {
			types = append(types, x.(string))
		}
	}
	for _, alt := range append(slices.Clone(r60Spec2List(s["oneOf"])), r60Spec2List(s["anyOf"])...) {
		if ty, ok := d.resolve(alt)["type"].(string); ok {
			types = append(types, ty)
		}
	}
	return types, slices.Contains(types, "null") || s["nullable"] == true
}

func r60Spec2List(v any) []any { l, _ := v.([]any); return l }

// r60Spec2Match finds the operation a request was for: the method and every literal path segment.
func r60Spec2Match(method, path string) (*api.Operation, map[string]string) {
	segs := strings.Split(path, "/")
	for _, op := range api.Operations {
		tmpl := strings.Split(op.Path, "/")
		if op.Method != method || len(tmpl) != len(segs) {
			continue
		}
		vals := map[string]string{}
		ok := true
		for i, t := range tmpl {
			if strings.HasPrefix(t, "{") {
				vals[strings.Trim(t, "{}")] = segs[i]
			} else if t != segs[i] {
				ok = false
				break
			}
		}
		if ok {
			return op, vals
		}
	}
	return nil, nil
}

// r60Spec2JSONKind is the JSON type of a decoded value, "integer" for a whole number.
func r60Spec2JSONKind(v any) []string {
	switch x := v.(type) {
	case nil:
		return []string{"null"}
	case string:
		return []string{"string"}
	case bool:
		return []string{"boolean"}
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return []string{"integer", "number"}
		}
		return []string{"number"}
	case []any:
		return []string{"array"}
	}
	return []string{"object"}
}

// r60Spec2NoRepeatedKeys walks a JSON text token by token: one value, no key twice in an object.
func r60Spec2NoRepeatedKeys(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var walk func() error
	walk = func() error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			keys := map[string]bool{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				if keys[k.(string)] {
					return errors.New("key " + strconv.Quote(k.(string)) + " twice")
				}
				keys[k.(string)] = true
				if err := walk(); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for dec.More() {
				if err := walk(); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	if err := walk(); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

var (
	r60Spec2PlainID = func(s string) bool {
		return s != "" && s[0] >= '1' && s[0] <= '9' && strings.Trim(s, "0123456789") == ""
	}
	r60Spec2PlainInt = func(s string) bool { return s == "0" || r60Spec2PlainID(s) }
)

// check holds one request to api/README §10's rows "Numbers in query parameters", "Numbers in
// path IDs" and "Odd request bodies"; seen collects the integer parameters met.
func (d r60Spec2Doc) check(t *testing.T, s r60Spec2Sent, seen map[string]bool) {
	t.Helper()
	op, vals := r60Spec2Match(s.method, s.path)
	if op == nil {
		t.Errorf("%s %s: no operation of openapi.json", s.method, s.path)
		return
	}
	for name, schema := range d.params(op, "path") {
		if schema["type"] != "integer" {
			continue
		}
		seen[op.ID+" "+name] = true
		v := vals[name]
		n, err := strconv.ParseInt(v, 10, 64)
		if !r60Spec2PlainID(v) || err != nil || float64(n) < schema["minimum"].(float64) {
			t.Errorf("%s {%s} sent as %q: not a plain decimal ID", op.ID, name, v)
		}
	}
	q, err := url.ParseQuery(s.query)
	if err != nil {
		t.Errorf("%s: query %q: %v", op.ID, s.query, err)
	}
	declared := d.params(op, "query")
	for name, values := range q {
		schema, ok := declared[name]
		if !ok || len(values) != 1 {
			t.Errorf("%s: query %s=%q: undeclared or repeated", op.ID, name, values)
			continue
		}
		if schema["type"] != "integer" {
			continue
		}
		seen[op.ID+" "+name] = true
		n, err := strconv.ParseInt(values[0], 10, 64)
		min, hasMin := schema["minimum"].(float64)
		max, hasMax := schema["maximum"].(float64)
		if !r60Spec2PlainInt(values[0]) || err != nil || hasMin && float64(n) < min || hasMax && float64(n) > max {
			t.Errorf("%s: query %s sent as %q: not plain decimal within its bounds", op.ID, name, values[0])
		}
	}
	if len(s.body) == 0 {
		return
	}
	if mt, params, err := mime.ParseMediaType(s.contentType); err != nil || mt != "application/json" || params["charset"] != "" && !strings.EqualFold(params["charset"], "utf-8") {
		t.Errorf("%s: body sent as %q", op.ID, s.contentType)
	}
	if len(s.body) > rules.BodyMaxBytes {
		t.Errorf("%s: body of %d bytes", op.ID, len(s.body))
	}
	if err := r60Spec2NoRepeatedKeys(s.body); err != nil {
		t.Errorf("%s: body %.200s: %v", op.ID, s.body, err)
		return
	}
	dec := json.NewDecoder(bytes.NewReader(s.body))
	dec.UseNumber()
	var v any
	mustNoErr(t, dec.Decode(&v))
	obj, ok := v.(map[string]any)
	if !ok {
		t.Errorf("%s: body %.200s is not an object", op.ID, s.body)
		return
	}
	props := d.bodyProps(op)
	var twin map[string]any
	if alias, ok := d.operation(op)["x-alias-of"].(map[string]any); ok {
		twin = d.bodyProps(api.ByID(alias["operationId"].(string)))
	}
	for key, got := range obj {
		schema, ok := props[key]
		if !ok {
			t.Errorf("%s: body field %q is not declared", op.ID, key)
			continue
		}
		types, nullable := d.types(schema)
		if _, twinNullable := d.types(twin[key]); twinNullable {
			nullable = true
		}
		kinds := r60Spec2JSONKind(got)
		if got == nil && !nullable || got != nil && len(types) > 0 && !slices.ContainsFunc(kinds, func(k string) bool { return slices.Contains(types, k) }) {
			t.Errorf("%s: body field %s sent as %s, schema types %v (nullable %v)", op.ID, key, kinds, types, nullable)
		}
	}
}

// TestR60Spec2ClientSendsNoOddForms: api/README §10 "Numbers in query parameters", "Numbers in
// path IDs" and "Odd request bodies" (Assumed rows; the emulator's side is sandbox's
// TestR60Spec2*): every request the client sends, through every operation and with IDs and
// page sizes at and beyond their bounds, writes each integer path and query parameter that
// openapi.json declares in plain decimal within the parameter's bounds (no sign, no leading
// zero, no exponent), sends no undeclared or repeated query parameter, and sends each body as
// one application/json object with no repeated key, only declared fields, their schema's
// types and null only where a field is nullable. Values outside the bounds are refused before
// any request. Which parameters there are is read from openapi.json: one the calls below do
// not reach fails the test.
func TestR60Spec2ClientSendsNoOddForms(t *testing.T) {
	var raw map[string]any
	mustNoErr(t, json.Unmarshal(api.Spec, &raw))
	doc := r60Spec2Doc(raw)
	c, rec := r60Spec2Client(t)
	ctx := context.Background()
	for _, id := range []int64{1, 9, 10, 100, math.MaxInt64} {
		for _, op := range api.Operations {
			invoke := operations[op]
			if invoke == nil {
				t.Fatalf("%s: no invocation in the matrix", op.ID)
			}
			_ = invoke(ctx, c, id, id)
		}
		_ = errOf(c.GetMember(ctx, id))
		_ = errOf(c.UpdateMemberRoles(ctx, id, []string{"viewer"}))
		_ = errOf(c.RemoveMember(ctx, id))
	}
	const app = 101
	for _, n := range []int{1, 100} {
		_ = errOf(c.ListDeployments(ctx, app, client.ListDeploymentsOptions{Limit: n, Status: "succeeded", Offset: n}))
		_ = errOf(c.ListProjectDeployments(ctx, app, client.ListDeploymentsOptions{Limit: n}))
	}
	for _, n := range []int{1, 99, math.MaxInt} {
		_ = errOf(c.ListDeployments(ctx, app, client.ListDeploymentsOptions{Offset: n}))
		_ = errOf(c.GetDeploymentLogs(ctx, app, 1, client.DeploymentLogsOptions{Limit: n}))
		_ = errOf(c.GetProjectDeploymentLogs(ctx, app, 1, client.DeploymentLogsOptions{Limit: n, Since: "1h"}))
		_ = errOf(c.GetProjectInstanceLogs(ctx, app, matrixInstance, n))
	}
	// Bodies with every field the client's request types carry.
	two, size := 2, 10.0
	spec := &client.ResourceSpec{Limits: map[string]any{"cpu": "2", "memory": "8Gi"}, Requests: map[string]any{"cpu": "1"}}
	_ = errOf(c.CreateProject(ctx, client.CreateProjectRequest{Name: "odd-forms", Region: "us-west-2", Description: "d", Visibility: "private",
		Tags: map[string]string{"team": "data"}, UpdateChannel: "stable", Replicas: &two, Resources: spec,
		Executor: &client.ExecutorSpec{Replicas: &two, Resources: spec, StorageSizeGB: &size}, StorageSizeGB: &size, DefaultAlerts: ptr(false)}))
	_ = errOf(c.UpdateProject(ctx, app, client.UpdateProjectRequest{Description: ptr("d"), Visibility: ptr("public"), Tags: map[string]string{},
		Spicepod: map[string]any{"version": "v1", "kind": "Spicepod", "name": "x"}, UpdateChannel: ptr("preview"), Version: ptr("2.x"),
		ImageTag: client.Clear[string](), Replicas: &two, Resources: client.Clear[client.ResourceSpec](), StorageSizeGB: &size}))
	_ = errOf(c.UpdateProject(ctx, app, client.UpdateProjectRequest{ProductionBranch: ptr("main"), ImageTag: client.Set("2.3.2"),
		Image: ptr("spiceai/spiceai"), Registry: ptr("ghcr.io"), Resources: client.Set(*spec), Executor: &client.ExecutorSpec{Replicas: &two},
		Region: ptr("us-east-1"), ClusterName: ptr("acme-dedicated"), NodeGroup: ptr("ng-1"), StorageClaimSizeGB: &size}))
	_ = errOf(c.UpdateApp(ctx, app, client.UpdateAppRequest{Description: ptr("d"), Visibility: ptr("private"), ProductionBranch: ptr("main"),
		Tags: map[string]string{"a": "b"}, Spicepod: "version: v1\nkind: Spicepod\nname: x\n", ImageTag: ptr("2.3.2"), Image: ptr("spiceai/spiceai"),
		Registry: ptr("ghcr.io"), UpdateChannel: ptr("stable"), Replicas: &two, Region: ptr("us-east-1"), NodeGroup: ptr("ng-1"), StorageClaimSizeGB: &size}))
	_ = errOf(c.CreateProject(ctx, client.CreateProjectRequest{Name: "odd-forms-cluster", ClusterName: "acme-dedicated"}))
	_ = errOf(c.CreateProject(ctx, client.CreateProjectRequest{Name: "odd-forms-cname", CName: "us-east-1"}))
	_ = errOf(c.CreateApp(ctx, client.CreateAppRequest{Name: "odd-forms-app2", CName: "us-east-1", Visibility: "public"}))
	_ = errOf(c.CreateDeployment(ctx, app, client.CreateDeploymentRequest{ImageTag: "2.3.2", Channel: "stable", Replicas: &two,
		Branch: "main", CommitSHA: "abc1234", CommitMessage: "m", Debug: ptr(false)}))
	_ = errOf(c.CreateProjectDeployment(ctx, app, client.CreateProjectDeploymentRequest{Image: "spiceai/spiceai",
		CreateDeploymentRequest: client.CreateDeploymentRequest{ImageTag: "2.3.2", CommitSHA: "abc1234"}}))
	_ = errOf(c.CreateApp(ctx, client.CreateAppRequest{Name: "odd-forms-app", Region: "us-east-1", Description: "d", Tags: map[string]string{"a": "b"}}))
	_ = errOf(c.CreateProjectDeployment(ctx, app, client.CreateProjectDeploymentRequest{CreateDeploymentRequest: client.CreateDeploymentRequest{
		Channel: "stable", Replicas: &two, Branch: "main", CommitMessage: "m", Debug: ptr(true)}}))
	_ = errOf(c.ForkProject(ctx, app, client.ForkProjectRequest{Name: "odd-forms-fork", Region: "us-east-1"}))
	_ = errOf(c.ForkProject(ctx, app, client.ForkProjectRequest{ClusterName: "acme-dedicated", SchedulerStateLocation: "s3://bucket/state"}))
	_ = errOf(c.ConnectProjectRepository(ctx, app, client.ConnectRepositoryRequest{Repository: "acme/analytics", RootDirectory: "data", ProductionBranch: "main"}))
	_ = errOf(c.AddMember(ctx, client.AddMemberRequest{Username: "asmith", Roles: []string{"member", "viewer"}}))

	seen := map[string]bool{}
	sent := rec.all()
	for _, s := range sent {
		doc.check(t, s, seen)
	}
	// Every field the client's request types can carry was sent (and so checked) at least once.
	keys := map[string]map[string]bool{}
	for _, s := range sent {
		var obj map[string]any
		if op, _ := r60Spec2Match(s.method, s.path); op != nil && json.Unmarshal(s.body, &obj) == nil {
			if keys[op.ID] == nil {
				keys[op.ID] = map[string]bool{}
			}
			for k := range obj {
				keys[op.ID][k] = true
			}
		}
	}
	for opID, typ := range map[string]reflect.Type{
		"createProject": reflect.TypeFor[client.CreateProjectRequest](), "updateProject": reflect.TypeFor[client.UpdateProjectRequest](),
		"createApp": reflect.TypeFor[client.CreateAppRequest](), "updateApp": reflect.TypeFor[client.UpdateAppRequest](),
		"createDeployment": reflect.TypeFor[client.CreateDeploymentRequest](), "createProjectDeployment": reflect.TypeFor[client.CreateProjectDeploymentRequest](),
		"forkProject": reflect.TypeFor[client.ForkProjectRequest](), "connectProjectRepository": reflect.TypeFor[client.ConnectRepositoryRequest](),
		"addMember": reflect.TypeFor[client.AddMemberRequest](),
	} {
		for _, f := range reflect.VisibleFields(typ) {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name != "" && name != "-" && !keys[opID][name] {
				t.Errorf("%s: field %s (%s.%s) never sent by these calls", opID, name, typ.Name(), f.Name)
			}
		}
	}
	for _, op := range api.Operations {
		for _, in := range []string{"path", "query"} {
			for name, schema := range doc.params(op, in) {
				if schema["type"] == "integer" && !seen[op.ID+" "+name] {
					t.Errorf("%s %s parameter %s (integer in openapi.json): never sent by these calls", op.ID, in, name)
				}
			}
		}
	}

	// Below the bounds: refused naming the parameter, nothing sent.
	refusals := map[string]func() error{
		"projectId": func() error { return errOf(c.GetProject(ctx, 0)) },
		"appId":     func() error { return errOf(c.GetApp(ctx, -1)) },
		"memberId":  func() error { return errOf(c.GetMember(ctx, math.MinInt64)) },
		"deploymentId": func() error {
			return errOf(c.GetProjectDeployment(ctx, app, 0))
		},
		"limit": func() error {
			return errOf(c.ListProjectDeployments(ctx, app, client.ListDeploymentsOptions{Limit: 101}))
		},
		"offset": func() error { return errOf(c.ListDeployments(ctx, app, client.ListDeploymentsOptions{Offset: -1})) },
		"tail":   func() error { return errOf(c.GetProjectInstanceLogs(ctx, app, matrixInstance, -1)) },
	}
	for field, call := range refusals {
		var verr *client.ValidationError
		if err := call(); !errors.As(err, &verr) || len(verr.Fields[field]) == 0 {
			t.Errorf("%s out of bounds: %v, want a refusal naming it", field, err)
		}
	}
	if n := len(rec.all()); n != len(sent) {
		t.Errorf("%d requests sent for values out of bounds", n-len(sent))
	}
}
