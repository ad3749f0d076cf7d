package contract

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestR60Spec2RequestsInTheirOneSpelling: api/README §10's rows "Numbers in query parameters",
// "Numbers in path IDs" and "Odd request bodies" say the client writes each integer in plain
// decimal and sends each body as UTF-8 JSON with every key once. The contract that checks every
// request the client's tests send holds it to that: an integer parameter spelled with a leading
// zero or as -0 is not an integer, a body repeating a key (at any depth) and a charset other than
// utf-8 are problems. Before, `^-?[0-9]+$` read "0012" and "-0" as integers, a repeated key
// passed (the last value validated) and any charset was accepted.
func TestR60Spec2RequestsInTheirOneSpelling(t *testing.T) {
	s := sharedSpec(t)
	utf8JSON := http.Header{"Content-Type": {"application/json; charset=UTF-8"}}
	for _, tt := range []struct {
		method, path, query string
		header              http.Header
		body                string
		want                string // a problem containing this; "" = valid
	}{
		{method: "GET", path: "/v1/apps/12"},
		{method: "GET", path: "/v1/apps/0012", want: `path parameter 'appId' "0012": got string, want integer`},
		{method: "GET", path: "/v1/projects/12/deployments/-0", want: `path parameter 'deploymentId' "-0": got string, want integer`},
		{method: "GET", path: "/v1/apps/12/deployments", query: "limit=05", want: `query parameter 'limit' "05": got string, want integer`},
		{method: "GET", path: "/v1/apps/12/deployments", query: "offset=0"},
		{method: "GET", path: "/v1/apps/12/deployments", query: "offset=-0", want: `query parameter 'offset' "-0": got string, want integer`},
		{method: "GET", path: "/v1/apps/12/deployments", query: "limit=%2B5", want: `query parameter 'limit' "+5": got string, want integer`},
		{method: "POST", path: "/v1/members", header: jsonHeader, body: `{"username":"bob"}`},
		{method: "POST", path: "/v1/members", header: utf8JSON, body: `{"username":"bob"}`},
		{method: "POST", path: "/v1/members", header: jsonHeader, body: `{"username":"bob","username":"eve"}`, want: `body repeats key "username"`},
		{method: "PUT", path: "/v1/projects/12", header: jsonHeader, body: `{"spicepod":{"name":"a","kind":"Spicepod","name":"b"}}`, want: `body repeats key "name" at '/spicepod'`},
		{method: "POST", path: "/v1/members", header: http.Header{"Content-Type": {"application/json; charset=latin1"}}, body: `{"username":"bob"}`,
			want: `body sent with charset "latin1", want utf-8`},
	} {
		q, err := url.ParseQuery(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		var body []byte
		if tt.body != "" {
			body = []byte(tt.body)
		}
		_, probs := s.ValidateRequest(tt.method, tt.path, q, tt.header, body)
		if tt.want == "" && len(probs) > 0 || tt.want != "" && !slices.ContainsFunc(probs, func(p string) bool { return strings.Contains(p, tt.want) }) {
			t.Errorf("%s %s?%s %s: problems %q, want %q", tt.method, tt.path, tt.query, tt.body, probs, tt.want)
		}
	}
}
