package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/bench/selection"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// BenchmarkResultBudget pages through an organization of 1,000 apps and an app with 500
// deployments (issue 13's acceptance 5; mcpserver's TestListsPageWithinBudget checks every list
// and every item) and reports the largest result, in o200k tokens, of either form.
func BenchmarkResultBudget(b *testing.B) {
	s := newSession(b, sandbox.Config{QueuedFor: time.Second, RunsFor: time.Second})
	ctx := context.Background()
	api, err := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken("sandbox"),
		HTTPClient: &http.Client{Transport: s.emu.Transport()}})
	if err != nil {
		b.Fatal(err)
	}
	var first int64
	for i := range 1000 {
		app, err := api.CreateApp(ctx, client.CreateAppRequest{Name: fmt.Sprintf("analytics-%04d", i), Region: "us-west-2",
			Description: "Sales analytics for team " + fmt.Sprint(i%7), Tags: map[string]string{"team": "data", "env": "prod"}})
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			first = app.ID
		}
	}
	if _, err := api.UpdateApp(ctx, first, client.UpdateAppRequest{Spicepod: "version: v1\nkind: Spicepod\nname: a\n"}); err != nil {
		b.Fatal(err)
	}
	for i := range 500 {
		if _, err := api.CreateDeployment(ctx, first, client.CreateDeploymentRequest{Branch: "main",
			CommitSHA: fmt.Sprintf("%040x", i*7919), CommitMessage: "Update datasets, run " + fmt.Sprint(i)}); err != nil {
			b.Fatal(err)
		}
		s.clock.Advance(3 * time.Second)
	}
	largest := 0
	pages := map[string]int{}
	walk := func(tool string, args map[string]any) {
		for offset := 0; ; {
			call := map[string]any{"offset": offset}
			for k, v := range args {
				call[k] = v
			}
			res := s.call(b, tool, call)
			raw, _ := json.Marshal(res.StructuredContent)
			largest = max(largest, tokens.Count(resultText(res)), tokens.Count(string(raw)))
			pages[tool]++
			var page struct {
				Next int `json:"next_offset"`
			}
			structured(b, res, &page)
			if page.Next == 0 {
				return
			}
			offset = page.Next
		}
	}
	for range b.N {
		largest = 0
		clear(pages)
		walk("list_apps", nil)
		walk("list_deployments", map[string]any{"app": first, "limit": 100})
	}
	b.ReportMetric(float64(largest), "largest-result-tokens")
	record(b, rowResultBudget, fmt.Sprintf("%s tokens (`list_apps`: %d pages; `list_deployments` with limit 100: %d pages)",
		thousands(largest), pages["list_apps"], pages["list_deployments"]), fmt.Sprintf("≤ %s tokens", thousands(present.ResultTokens)))
}

// BenchmarkToolSelection reports how the tool texts rank against the corpus of natural-language
// requests in bench/selection (its test holds the thresholds).
func BenchmarkToolSelection(b *testing.B) {
	corpus, err := selection.Corpus()
	if err != nil {
		b.Fatal(err)
	}
	listed := make([]mcp.Tool, 0, len(tools.All()))
	for _, t := range tools.All() {
		tool := t.MCPTool(tools.Listing{}) // as the default mode lists it: no confirm argument
		tool.RawInputSchema = tools.ListedSchema(tool.RawInputSchema, tools.ConfirmHuman)
		listed = append(listed, tool)
	}
	var rep *selection.Report
	for range b.N {
		if rep, err = selection.Evaluate(listed, corpus); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(rep.Rate(rep.Top1), "%-top-1")
	b.ReportMetric(rep.Rate(rep.Top3), "%-top-3")
	// Rates cut to a tenth, not rounded: 1,279 of 1,347 (94.95 %) is under the line of 95 %.
	tenthDown := func(rate float64) float64 { return math.Floor(rate*10+1e-9) / 10 }
	record(b, rowToolSelection, fmt.Sprintf("%.1f %% / %.1f %% of %d requests (%d and %d; MRR %.2f)",
		tenthDown(rep.Rate(rep.Top1)), tenthDown(rep.Rate(rep.Top3)), rep.Scored, rep.Top1, rep.Top3, rep.MRR),
		"≥ 80 % / ≥ 95 %")
}
