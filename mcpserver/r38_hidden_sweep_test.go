package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r38SweepStage is a short script the sweep runs on a server of its own, for results the demo
// organizations do not reach: a deployment stuck queued, a regeneration whose answer leaves
// the unchanged key out.
type r38SweepStage struct {
	cfg      sandbox.Config
	upstream func(t *testing.T, emulatorURL string) string
	script   []r37SweepStep
}

func r38SweepStages() []r38SweepStage {
	app := map[string]any{"app": "analytics-app"}
	dropPrimary := editedAnswer(func(r *http.Response) bool {
		return r.Request.Method == http.MethodPost && strings.HasSuffix(r.Request.URL.Path, "/api-keys")
	}, func(a map[string]any) { a["api_key"] = nil })
	return []r38SweepStage{
		{cfg: sandbox.Config{Demo: true, QueuedFor: 2 * time.Hour}, script: []r37SweepStep{
			{tool: "create_deployment", args: app},
			{tool: "wait_for_deployment", args: map[string]any{"app": "analytics-app", "timeout_seconds": 900}},
			{tool: "get_deployment", args: map[string]any{"app": "analytics-app", "deployment_id": 1008}},
		}},
		{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&[]canned{}, dropPrimary), script: []r37SweepStep{
			{tool: "regenerate_api_key", args: map[string]any{"app": "analytics-app", "key_number": 2}},
			{tool: "rotate_api_keys", args: map[string]any{"app": "analytics-app", "step": "start"}},
		}},
	}
}
