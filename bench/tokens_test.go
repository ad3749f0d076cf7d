package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// BenchmarkCatalogueSize reports the tools/list answer as a client receives it.
func BenchmarkCatalogueSize(b *testing.B) {
	s := newSession(b, sandbox.Config{})
	var raw []byte
	var n int
	for range b.N {
		res, err := s.mcp.ListTools(context.Background(), mcp.ListToolsRequest{})
		if err != nil {
			b.Fatal(err)
		}
		raw, _ = json.Marshal(res)
		n = len(res.Tools)
	}
	total := tokens.Count(string(raw))
	b.ReportMetric(float64(len(raw)), "bytes")
	b.ReportMetric(float64(total), "tokens")
	b.ReportMetric(float64(total)/float64(n), "tokens/tool")
	record(b, rowCatalogue, fmt.Sprintf("%d tools: %s bytes, %s o200k tokens, %.0f per tool", n, thousands(len(raw)), thousands(total), float64(total)/float64(n)),
		"≤ 150 per tool")
}

// BenchmarkListResultTokens compares, for 100 items, the tokens a model reads from list_apps
// and list_deployments (the Markdown text) with the raw API JSON for the same items.
func BenchmarkListResultTokens(b *testing.B) {
	s := newSession(b, sandbox.Config{QueuedFor: time.Second, RunsFor: time.Second})
	ctx := context.Background()
	api, err := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken("sandbox"),
		HTTPClient: &http.Client{Transport: s.emu.Transport()}})
	if err != nil {
		b.Fatal(err)
	}
	var first *client.Project
	for i := range 100 {
		app, err := api.CreateApp(ctx, client.CreateAppRequest{Name: fmt.Sprintf("analytics-%03d", i), Region: "us-west-2",
			Description: "Sales analytics for team " + fmt.Sprint(i%7), Tags: map[string]string{"team": "data", "env": "prod"}})
		if err != nil {
			b.Fatal(err)
		}
		if first == nil {
			first = app
		}
	}
	if _, err := api.UpdateApp(ctx, first.ID, client.UpdateAppRequest{Spicepod: "version: v1\nkind: Spicepod\nname: a\n"}); err != nil {
		b.Fatal(err)
	}
	for i := range 100 {
		if _, err := api.CreateDeployment(ctx, first.ID, client.CreateDeploymentRequest{Branch: "main",
			CommitSHA: fmt.Sprintf("%040x", i*7919), CommitMessage: "Update datasets, run " + fmt.Sprint(i)}); err != nil {
			b.Fatal(err)
		}
		s.clock.Advance(3 * time.Second)
	}
	raw := func(path string) string {
		req, _ := http.NewRequest(http.MethodGet, "http://emulator.invalid"+path, nil)
		req.Header.Set("Authorization", "Bearer sandbox")
		resp, err := s.emu.Transport().RoundTrip(req)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	for _, tc := range []struct {
		tool string
		args map[string]any
		path string
		row  string
	}{
		{"list_apps", nil, "/v1/apps", rowListApps},
		{"list_deployments", map[string]any{"app": first.ID, "limit": 100}, fmt.Sprintf("/v1/apps/%d/deployments?limit=100", first.ID), rowListDeployments},
	} {
		b.Run(tc.tool, func(b *testing.B) {
			var resultTokens, rawTokens, pages int
			for range b.N {
				// Lists come in pages within the result budget: the model reads every page to
				// see the same 100 items as the raw JSON.
				resultTokens, pages = 0, 0
				for offset := 0; ; pages++ {
					args := map[string]any{"offset": offset}
					for k, v := range tc.args {
						args[k] = v
					}
					res := s.call(b, tc.tool, args)
					resultTokens += tokens.Count(resultText(res))
					var page struct {
						Next int `json:"next_offset"`
					}
					structured(b, res, &page)
					if page.Next == 0 || (tc.tool == "list_deployments" && page.Next >= 100) {
						break
					}
					offset = page.Next
				}
				pages++
				rawTokens = tokens.Count(raw(tc.path))
			}
			b.ReportMetric(float64(resultTokens), "result-tokens")
			b.ReportMetric(float64(rawTokens), "raw-json-tokens")
			b.ReportMetric(100*float64(resultTokens)/float64(rawTokens), "%-of-raw")
			record(b, tc.row, fmt.Sprintf("%s vs %s tokens (%.0f %%), in %d pages", thousands(resultTokens), thousands(rawTokens),
				100*float64(resultTokens)/float64(rawTokens), pages), "≤ 50 %")
		})
	}
}
