package mcpserver_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR69Hostile13OnlyStdioAndHTTPServeUsers (held): mcp-go's in-process client hands a request
// to the server's HandleMessage directly, past the preparation our stdio reader and HTTP
// endpoint give every message (ids.go: a method holding a credential is answered masked there;
// in-process mcp-go answers "Method ghp_… not found" whole). README says the binary's stdio and
// streamable HTTP are its only surfaces: no code of the module outside tests reaches mcp-go's
// transports but transport.go's ServeStdio and ListenHTTP, and the one server mcpserver.New
// builds outside tests (internal/cli) is handed to those alone. The bench's floor programs serve
// mcp-go's bare server, not ours.
func TestR69Hostile13OnlyStdioAndHTTPServeUsers(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	// A literal added here goes into r73Testtime13TransportWords too (its prefilter).
	transports := regexp.MustCompile(`\bserver\.(NewStdioServer|ServeStdio|NewStreamableHTTPServer|NewSSEServer|NewTestServer|NewTestStreamableHTTPServer)\(|\.HandleMessage\(|NewInProcess(Client|Transport)|client\.NewClient\(`)
	built := regexp.MustCompile(`\bmcpserver\.New\(`)
	handed := regexp.MustCompile(`\bmcpserver\.(ServeStdio|ListenHTTP)\(ctx, srv,|\bmcpserver\.(ServeStdio|ListenHTTP)\(srv,`)
	var reaching, building, handing []string
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules" || strings.HasPrefix(path, filepath.Join("..", "bench", "internal", "bench-sdkfloor"))) {
			return fs.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, ".."+string(filepath.Separator)))
		src := string(raw)
		// Each pattern runs only on the files holding one of its literals (strings.Contains):
		// the patterns over all 3.5 MB of source took 5 CPU seconds under -race.
		if r73Testtime13Holds(src, r73Testtime13TransportWords) && transports.MatchString(src) {
			reaching = append(reaching, rel)
		}
		if strings.Contains(src, "mcpserver.New(") && built.MatchString(src) {
			building = append(building, rel)
		}
		if r73Testtime13Holds(src, []string{"mcpserver.ServeStdio(", "mcpserver.ListenHTTP("}) {
			handing = append(handing, strings.Repeat(rel+" ", len(handed.FindAllString(src, -1))))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(reaching, []string{"mcpserver/transport.go"}) {
		t.Errorf("files outside tests reaching mcp-go's transports: %v, want mcpserver/transport.go alone", reaching)
	}
	if !slices.Equal(building, []string{"internal/cli/cli.go"}) {
		t.Errorf("files outside tests building the server: %v, want internal/cli/cli.go alone", building)
	}
	if got := strings.Fields(strings.Join(handing, "")); !slices.Equal(got, []string{"internal/cli/cli.go", "internal/cli/cli.go"}) {
		t.Errorf("where the server built is handed to ServeStdio and ListenHTTP: %v, want cli.go, twice", got)
	}
}

// TestR69Hostile13EmulatorEchoesReachNoResult (held): the emulator, as the API it imitates,
// quotes what a request sent in its refusals (Instance '…' not found, Cluster '…' not found,
// Branch '…' not found, Image tag '…', Repository '…', No spicepod.yaml in '…', App "…"
// already exists, an enum's received '…', region '…'); over the real emulator, a token of each
// family sent as each such argument is refused before a request names it (a kept or quoted
// argument, a schema's enum, an instance no listing names), and neither a result nor the log
// shows it. An API error body quoting one is masked: TestR66Hostile10TokenFamiliesEveryRoute.
func TestR69Hostile13EmulatorEchoesReachNoResult(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	const app = "analytics-app"
	for _, k := range testutil.R66HostileTokens() {
		v := k.Value
		for _, c := range []struct {
			tool string
			args map[string]any
		}{
			{"get_instance_logs", map[string]any{"app": app, "instance": v}},
			{"list_deployments", map[string]any{"app": app, "status": v}},
			{"update_app", map[string]any{"app": app, "region": v}},
			{"update_app", map[string]any{"app": app, "cluster_name": v}},
			{"update_app", map[string]any{"app": app, "update_channel": v}},
			{"create_deployment", map[string]any{"app": app, "image_tag": v}},
			{"create_deployment", map[string]any{"app": app, "branch": v}},
			{"create_app", map[string]any{"name": v}},
			{"connect_repository", map[string]any{"app": app, "repository": v}},
			{"connect_repository", map[string]any{"app": app, "repository": "spiceai/demo", "root_directory": v}},
			{"list_apps", map[string]any{"org": v}},
		} {
			res := h.call(t, c.tool, c.args)
			if got := everything(res); k.Leaked(got) || !res.IsError {
				t.Errorf("%s as %s's %v: %.300s", k.Family, c.tool, c.args, got)
			}
		}
	}
	for _, k := range testutil.R66HostileTokens() {
		if k.Leaked(h.logs.String()) {
			t.Errorf("%s: the debug log shows it: %s", k.Family, r66H10Around(h.logs.String(), k.Value[len(k.Value)-12:]))
		}
	}
}
