package client_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR56WordsClientRefusalsNameFieldOnce: the client's own refusals (nothing sent) name each
// field once, in the words of the tools' refusals: "offset: must be 0 or more", not "offset:
// Offset must be 0 or more"; "name: must be at least 4 characters", not "name: App name …".
func TestR56WordsClientRefusalsNameFieldOnce(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a request was sent: %s %s", r.Method, r.URL)
	}))
	defer api.Close()
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("t0k3n-for-tests")})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tc := range []struct {
		call func() error
		want string
	}{
		{func() error {
			_, err := c.ListDeployments(ctx, 101, client.ListDeploymentsOptions{Offset: -1})
			return err
		}, "offset: must be 0 or more"},
		{func() error {
			_, err := c.ListDeployments(ctx, 101, client.ListDeploymentsOptions{Limit: 500})
			return err
		}, "limit: must be between 1 and 100"},
		{func() error { _, err := c.UpsertSecret(ctx, 101, "1X", "v"); return err }, "name: must start with a letter or underscore"},
		{func() error { _, err := c.UpsertSecret(ctx, 101, "A-B", "v"); return err }, "name: can only contain letters, numbers, and underscores"},
		{func() error {
			_, err := c.CreateApp(ctx, client.CreateAppRequest{Name: "ab", Region: "us-west-2"})
			return err
		}, "name: must be at least 4 characters"},
	} {
		err := tc.call()
		if err == nil {
			t.Fatalf("%s: no error", tc.want)
		}
		got := err.Error()
		if !strings.Contains(got, "nothing was sent: "+tc.want) {
			t.Errorf("got %q\nwant …%q", got, tc.want)
		}
	}
}
