package bench

import (
	"fmt"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

const spicepod = "version: v1\nkind: Spicepod\nname: sales\ndatasets:\n  - from: postgres:public.orders\n    name: orders\n    params:\n      pg_pass: ${secrets:PG_PASS}\n"

var secrets = map[string]any{"PG_PASS": "bench-password", "OPENAI_API_KEY": "bench-key"}

// composite deploys with create_and_deploy_app: one call, whatever the polling takes.
func composite(b *testing.B, s *session, name string) {
	s.call(b, "create_and_deploy_app", map[string]any{"name": name, "spicepod": spicepod, "secrets": secrets})
}

// perOperation is the same workflow as an agent does it with one tool per API operation (the
// seeds' recipe): regions, create, spicepod, each secret, deploy, then a status check per
// model turn, every 5 s, until the deployment ends.
func perOperation(b *testing.B, s *session, name string) {
	s.call(b, "list_regions", nil)
	s.call(b, "create_app", map[string]any{"name": name})
	s.call(b, "update_app", map[string]any{"app": name, "spicepod": spicepod})
	for secret, value := range secrets {
		s.call(b, "set_secret", map[string]any{"app": name, "name": secret, "value": value})
	}
	var d client.Deployment
	structured(b, s.call(b, "create_deployment", map[string]any{"app": name}), &d)
	for !d.Terminal() {
		s.clock.Advance(5 * time.Second)
		structured(b, s.call(b, "get_deployment", map[string]any{"app": name, "deployment_id": d.ID}), &d)
	}
}

// BenchmarkCreateAndDeploy reports tool calls (each one a model turn) and result tokens per
// deployment, composite tool versus per-operation tools.
func BenchmarkCreateAndDeploy(b *testing.B) {
	for _, tc := range []struct {
		name string
		run  func(*testing.B, *session, string)
		row  string
	}{{"composite", composite, rowComposite}, {"per-operation", perOperation, rowPerOperation}} {
		b.Run(tc.name, func(b *testing.B) {
			s := newSession(b, sandbox.Config{})
			b.ResetTimer()
			for i := range b.N {
				tc.run(b, s, fmt.Sprintf("bench-app-%d", i))
			}
			b.ReportMetric(float64(s.calls)/float64(b.N), "calls/op")
			b.ReportMetric(float64(s.resultTokens)/float64(b.N), "result-tokens/op")
			calls := "calls"
			if s.calls == b.N {
				calls = "call"
			}
			record(b, tc.row, fmt.Sprintf("%.0f %s, %s result tokens (o200k)", float64(s.calls)/float64(b.N), calls,
				thousands(int(float64(s.resultTokens)/float64(b.N)))), "—")
		})
	}
}
