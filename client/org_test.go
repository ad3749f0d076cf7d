package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// stub answers every request with status and body, and records the requests' headers.
func stub(t *testing.T, org string, status int, body string, seen *[]http.Header) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{BaseURL: "http://api.test", Tokens: client.StaticToken("tok"), Org: org, Retry: fastRetry,
		HTTPClient: &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if seen != nil {
				*seen = append(*seen, r.Header.Clone())
			}
			return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
		})}})
	mustNoErr(t, err)
	return c
}

// TestOrgHeader: X-Org-Name comes from the request's context, else the configured default, and
// is never sent empty, nor on GET /v1/health (which takes no organization), nor on GET /v1/orgs
// (the caller's organizations, the remedy for a wrong SPICE_ORG).
func TestOrgHeader(t *testing.T) {
	ctx := context.Background()
	var seen []http.Header
	const body = `{"orgs":[],"clusters":[],"status":"ok","timestamp":"2026-11-22T12:00:00.000Z"}`
	c := stub(t, "", 200, body, &seen)
	mustNoErr(t, errOf(c.ListClusters(ctx)))
	mustNoErr(t, errOf(c.ListClusters(client.WithOrg(ctx, "acme-labs"))))
	mustNoErr(t, errOf(c.ListClusters(client.WithOrg(ctx, "  "))))
	withDefault := stub(t, "sandbox", 200, body, &seen)
	mustNoErr(t, errOf(withDefault.ListClusters(ctx)))
	mustNoErr(t, errOf(withDefault.ListClusters(client.WithOrg(ctx, "acme-labs"))))
	mustNoErr(t, errOf(withDefault.Health(client.WithOrg(ctx, "acme-labs"))))
	mustNoErr(t, errOf(withDefault.WithTokens(client.StaticToken("other")).ListClusters(ctx)))
	mustNoErr(t, errOf(withDefault.ListOrgs(ctx)))
	mustNoErr(t, errOf(withDefault.ListOrgs(client.WithOrg(ctx, "acme-labs"))))
	want := []string{"", "acme-labs", "", "sandbox", "acme-labs", "", "sandbox", "", ""}
	if len(seen) != len(want) {
		t.Fatalf("%d requests, want %d", len(seen), len(want))
	}
	for i, h := range seen {
		_, present := h[http.CanonicalHeaderKey(client.OrgHeader)]
		if got := h.Get(client.OrgHeader); got != want[i] || (want[i] == "" && present) {
			t.Errorf("request %d: X-Org-Name = %q (present %t), want %q", i, got, present, want[i])
		}
		// One line at most: the emulator, as HTTP does, reads repeated lines as one
		// comma-joined value, which names no organization.
		if n := len(h.Values(client.OrgHeader)); n > 1 {
			t.Errorf("request %d: X-Org-Name sent on %d lines", i, n)
		}
	}
	if got := withDefault.OrgFor(client.WithOrg(ctx, "x")); got != "x" {
		t.Errorf("OrgFor = %q", got)
	}
	if got := withDefault.Org(); got != "sandbox" {
		t.Errorf("Org = %q", got)
	}

	// A value that would break the header is refused before anything is sent.
	seen = nil
	err := errOf(c.ListClusters(client.WithOrg(ctx, "acme\r\nX-Evil: 1")))
	var ve *client.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields[client.OrgHeader]) == 0 || len(seen) != 0 {
		t.Errorf("control characters: %v (sent %d)", err, len(seen))
	}

	cfg, err := client.ConfigFromEnv(func(k string) string { return map[string]string{"SPICE_ORG": " acme-labs "}[k] }, "v")
	mustNoErr(t, err)
	if cfg.Org != "acme-labs" {
		t.Errorf("SPICE_ORG: Config.Org = %q", cfg.Org)
	}
}

// TestErrorCodeIsDecoded: the API's machine code and max_tail reach APIError, whatever the
// message says.
func TestErrorCodeIsDecoded(t *testing.T) {
	c := stub(t, "", 403, `{"error":"Forbidden","code":"image_tag_requires_enterprise"}`, nil)
	_, err := c.UpdateProject(context.Background(), 1, client.UpdateProjectRequest{ImageTag: client.Set("2.3.2")})
	if apiErr := wantAPIError(t, err, 403, "Forbidden"); apiErr.Code != "image_tag_requires_enterprise" || apiErr.RequiredScope != "" {
		t.Errorf("code = %q, scope = %q", apiErr.Code, apiErr.RequiredScope)
	}
	c = stub(t, "", 403, `{"error":"tail exceeds the plan limit","code":"plan_limit","max_tail":1000}`, nil)
	_, err = c.GetProjectInstanceLogs(context.Background(), 1, "analytics-app-0", 5000)
	if apiErr := wantAPIError(t, err, 403, "plan limit"); apiErr.Code != "plan_limit" || apiErr.MaxTail != 1000 {
		t.Errorf("code = %q, max_tail = %d", apiErr.Code, apiErr.MaxTail)
	}
}

// TestNullableUpdateFields: an unset field is left out, Clear sends null, Set sends the value.
func TestNullableUpdateFields(t *testing.T) {
	for _, tc := range []struct {
		req  client.UpdateProjectRequest
		want string
	}{
		{client.UpdateProjectRequest{Description: ptr("d")}, `{"description":"d"}`},
		{client.UpdateProjectRequest{ImageTag: client.Clear[string]()}, `{"image_tag":null}`},
		{client.UpdateProjectRequest{ImageTag: client.Set("2.3.2")}, `{"image_tag":"2.3.2"}`},
	} {
		b, err := json.Marshal(tc.req)
		mustNoErr(t, err)
		if string(b) != tc.want {
			t.Errorf("got %s, want %s", b, tc.want)
		}
		var back client.UpdateProjectRequest
		mustNoErr(t, json.Unmarshal(b, &back))
		if back.ImageTag != tc.req.ImageTag {
			t.Errorf("%s round trip: %+v", b, back.ImageTag)
		}
	}
	if fe := client.ValidateUpdateProject(client.UpdateProjectRequest{ImageTag: client.Set("")}); len(fe["image_tag"]) == 0 {
		t.Error("an empty pin is accepted")
	}
}

// TestDeploymentErrorCodes: capacity failures are worth retrying, the others are not.
func TestDeploymentErrorCodes(t *testing.T) {
	for code, want := range map[string]bool{"insufficient_cpu": true, "insufficient_instances": true,
		"unable_to_start": false, "pod_exceeds_node_capacity": false, "internal_error": false, "": false} {
		if got := (client.Deployment{Status: "failed", ErrorCode: code}).Retriable(); got != want {
			t.Errorf("%q: retriable = %t", code, got)
		}
	}
}
