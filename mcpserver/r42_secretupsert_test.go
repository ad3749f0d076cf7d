package mcpserver_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR42TwoServersSetOneSecretOneCreatesIt: two server processes (two servers, each with its
// own API client) share one upstream, the emulator as sandbox-api serves it (over real HTTP, on
// the system clock). Each calls set_secret for the same new secret; both reads find none (the
// upstream lets neither read answer before both were asked), then the upserts land one after
// the other, as fast as they come. set_secret tells the second from the upsert's answer
// (updated_at after created_at; a create writes them equal, api/README.md): exactly one says
// "created", the other "updated", and the secret holds the second value.
func TestR42TwoServersSetOneSecretOneCreatesIt(t *testing.T) {
	for round := range 5 {
		name := "R42_SHARED_" + string(rune('A'+round))
		emu := sandbox.New(sandbox.Config{Demo: true})
		var mu sync.Mutex
		reads := 0
		bothRead := make(chan struct{})
		firstWrite := make(chan struct{})
		writes := 0
		api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/secrets/"+name):
				mu.Lock()
				reads++
				if reads == 2 {
					close(bothRead)
				}
				mu.Unlock()
				select {
				case <-bothRead:
				case <-time.After(10 * time.Second):
				}
			case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/secrets"):
				mu.Lock()
				writes++
				second := writes == 2
				mu.Unlock()
				if second {
					<-firstWrite
				} else {
					defer close(firstWrite)
				}
			}
			emu.ServeHTTP(w, r)
		}))
		t.Cleanup(api.Close)
		shared := func(*testing.T, string) string { return api.URL }
		servers := []*harness{
			newHarness(t, harnessOptions{realClock: true, upstream: shared, safety: tools.Safety{NoConfirm: true}}),
			newHarness(t, harnessOptions{realClock: true, upstream: shared, safety: tools.Safety{NoConfirm: true}}),
		}
		results := make([]*mcp.CallToolResult, 2)
		var wg sync.WaitGroup
		for i, h := range servers {
			wg.Go(func() {
				results[i] = h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": name, "value": "v" + string(rune('0'+i))})
			})
		}
		wg.Wait()
		var created, updated int
		for _, res := range results {
			out := text(res)
			switch {
			case res.IsError:
				t.Fatalf("set_secret failed:\n%s", out)
			case strings.Contains(out, "created"):
				created++
			case strings.Contains(out, "updated"):
				updated++
			}
		}
		if created != 1 || updated != 1 {
			t.Fatalf("round %d: two servers set the new secret %s one after the other: %d said created, %d updated:\n%s\n---\n%s",
				round, name, created, updated, text(results[0]), text(results[1]))
		}
	}
}
