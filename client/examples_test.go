package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// documentedExample is one response example of openapi.json.
type documentedExample struct {
	op     *api.Operation
	status int
	name   string
	body   json.RawMessage
}

// documentedExamples lists the response examples of every operation (components resolved).
func documentedExamples(t *testing.T) []documentedExample {
	t.Helper()
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Responses map[string]json.RawMessage `json:"responses"`
			Examples  map[string]json.RawMessage `json:"examples"`
		} `json:"components"`
	}
	if err := json.Unmarshal(api.Spec, &doc); err != nil {
		t.Fatal(err)
	}
	resolve := func(raw json.RawMessage, from map[string]json.RawMessage) json.RawMessage {
		var ref struct {
			Ref string `json:"$ref"`
		}
		for json.Unmarshal(raw, &ref) == nil && ref.Ref != "" {
			raw, ref.Ref = from[ref.Ref[strings.LastIndex(ref.Ref, "/")+1:]], ""
		}
		return raw
	}
	var out []documentedExample
	for _, item := range doc.Paths {
		for method, raw := range item {
			var op struct {
				OperationID string                     `json:"operationId"`
				Responses   map[string]json.RawMessage `json:"responses"`
			}
			if method == "parameters" || json.Unmarshal(raw, &op) != nil {
				continue
			}
			for status, rawResp := range op.Responses {
				code, err := strconv.Atoi(status)
				if err != nil {
					continue
				}
				var resp struct {
					Content map[string]struct {
						Example  json.RawMessage            `json:"example"`
						Examples map[string]json.RawMessage `json:"examples"`
					} `json:"content"`
				}
				if err := json.Unmarshal(resolve(rawResp, doc.Components.Responses), &resp); err != nil {
					t.Fatal(err)
				}
				content := resp.Content["application/json"]
				if content.Example != nil {
					out = append(out, documentedExample{api.ByID(op.OperationID), code, "example", content.Example})
				}
				for name, rawEx := range content.Examples {
					var ex struct {
						Value json.RawMessage `json:"value"`
					}
					if err := json.Unmarshal(resolve(rawEx, doc.Components.Examples), &ex); err != nil {
						t.Fatal(err)
					}
					out = append(out, documentedExample{api.ByID(op.OperationID), code, name, ex.Value})
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b documentedExample) int {
		return strings.Compare(a.op.ID+strconv.Itoa(a.status)+a.name, b.op.ID+strconv.Itoa(b.status)+b.name)
	})
	return out
}

// TestDocumentedWriteAnswersGoThrough walks every write operation's documented response
// examples through the client: a documented success is a success (never "what it did is not
// known"), and a documented server error leaves the outcome unknown unless it carries a code
// the spec documents (fork_source_repository_unreadable is the API's own answer; "Internal
// server error" or "Upstream service error" may come after the write was applied).
func TestDocumentedWriteAnswersGoThrough(t *testing.T) {
	var answer documentedExample
	upstream := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(answer.status)
		_, _ = w.Write(answer.body)
	})
	c, err := client.New(client.Config{BaseURL: upstream.URL, Tokens: client.StaticToken("t0k3n-for-tests"),
		Retry: client.RetryPolicy{MaxAttempts: 1}})
	mustNoErr(t, err)
	ctx := context.Background()
	successes, serverErrors := 0, 0
	for _, ex := range documentedExamples(t) {
		if ex.op.Method == http.MethodGet || (ex.status < 500 && (ex.status < 200 || ex.status >= 300)) {
			continue
		}
		answer = ex
		where := ex.op.ID + " " + strconv.Itoa(ex.status) + " " + ex.name
		invoke := operations[ex.op]
		if ex.op == api.RegenerateAPIKey || ex.op == api.RegenerateProjectAPIKey {
			// Asked for the key the example says was regenerated.
			var keys struct {
				RegeneratedKey int `json:"regenerated_key"`
			}
			mustNoErr(t, json.Unmarshal(ex.body, &keys))
			invoke = func(ctx context.Context, c *client.Client, app, _ int64) error {
				if ex.op == api.RegenerateAPIKey {
					return errOf(c.RegenerateAPIKey(ctx, app, keys.RegeneratedKey))
				}
				return errOf(c.RegenerateProjectAPIKey(ctx, app, keys.RegeneratedKey))
			}
		}
		if named := namedIn(t, ex); named != nil && ex.status < 300 {
			invoke = named // asked about the object the example answers with
		}
		err := invoke(ctx, c, 101, 7)
		if ex.status < 300 {
			successes++
			if err != nil {
				t.Errorf("%s: the documented answer is refused: %v", where, err)
			}
			continue
		}
		serverErrors++
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) {
			t.Errorf("%s: want an *APIError, got %v", where, err)
			continue
		}
		var body struct {
			Code string `json:"code"`
		}
		_ = json.Unmarshal(ex.body, &body)
		if want := body.Code == ""; apiErr.OutcomeUnknown != want || client.MayHaveApplied(err) != want {
			t.Errorf("%s: outcome unknown %v, want %v: %v", where, apiErr.OutcomeUnknown, want, err)
		}
	}
	if successes < 15 || serverErrors < 20 {
		t.Errorf("walked %d documented successes and %d server errors of writes: the spec was not read", successes, serverErrors)
	}
}

// namedIn is the call of a write whose request names its object (by ID or name) asking about the
// one the example's answer is about: the client refuses an answer about another (sameID,
// sameName). nil for other operations.
func namedIn(t *testing.T, ex documentedExample) invocation {
	t.Helper()
	var named struct {
		ID     int64  `json:"id"`
		UserID int64  `json:"user_id"`
		Name   string `json:"name"`
		// Username: a member's, added (add_member echoes it; answers about another are refused).
		Username string `json:"username"`
	}
	if json.Unmarshal(ex.body, &named) != nil {
		return nil
	}
	switch ex.op {
	case api.UpdateApp:
		return func(ctx context.Context, c *client.Client, _, _ int64) error {
			return errOf(c.UpdateApp(ctx, named.ID, client.UpdateAppRequest{Description: ptr("matrix")}))
		}
	case api.UpdateProject:
		return func(ctx context.Context, c *client.Client, _, _ int64) error {
			return errOf(c.UpdateProject(ctx, named.ID, client.UpdateProjectRequest{Description: ptr("matrix")}))
		}
	case api.UpdateMemberRoles:
		return func(ctx context.Context, c *client.Client, _, _ int64) error {
			return errOf(c.UpdateMemberRoles(ctx, named.UserID, []string{"member"}))
		}
	case api.UpsertSecret:
		return func(ctx context.Context, c *client.Client, app, _ int64) error {
			return errOf(c.UpsertSecret(ctx, app, named.Name, "value"))
		}
	case api.UpsertProjectSecret:
		return func(ctx context.Context, c *client.Client, app, _ int64) error {
			return errOf(c.UpsertProjectSecret(ctx, app, named.Name, "value"))
		}
	case api.CreateApp:
		return func(ctx context.Context, c *client.Client, _, _ int64) error {
			return errOf(c.CreateApp(ctx, client.CreateAppRequest{Name: named.Name, Region: "us-east-1"}))
		}
	case api.CreateProject:
		return func(ctx context.Context, c *client.Client, _, _ int64) error {
			return errOf(c.CreateProject(ctx, client.CreateProjectRequest{Name: named.Name}))
		}
	case api.ForkProject:
		return func(ctx context.Context, c *client.Client, app, _ int64) error {
			return errOf(c.ForkProject(ctx, app, client.ForkProjectRequest{Name: named.Name, Region: "us-west-2"}))
		}
	case api.AddMember:
		return func(ctx context.Context, c *client.Client, _, _ int64) error {
			return errOf(c.AddMember(ctx, client.AddMemberRequest{Username: named.Username}))
		}
	}
	return nil
}
