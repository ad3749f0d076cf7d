package mcpserver_test

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r74DupsLoggedServer is a server of the demo sandbox with safety, logging at debug level in
// JSON to the buffer it returns (hostile16's stdio wire, hostile19's HTTP refusals).
func r74DupsLoggedServer(t *testing.T, safety tools.Safety) (*server.MCPServer, *slog.Logger, *testutil.SyncBuffer) {
	t.Helper()
	logs := &testutil.SyncBuffer{}
	logger, err := logging.New(logs, slog.LevelDebug, "json")
	if err != nil {
		t.Fatal(err)
	}
	return mcpserver.New(mcpserver.Options{Version: "test", Client: demoClient(t), Logger: logger, Safety: safety}), logger, logs
}

// r74DupsPostAlone posts {} (edit sets the request's Host or headers) to a server of its own,
// with a debug log, so that a refusal is the first of its kind and logged (one line per kind
// per 10 s). It returns the answer (status line, headers, body; "" when the request failed),
// whether it was 403 Forbidden, and the log. Hostile18's Origin and hostile19's Host tests.
func r74DupsPostAlone(t *testing.T, edit func(*http.Request)) (answer string, forbidden bool, log string) {
	t.Helper()
	srv, logger, logs := r74DupsLoggedServer(t, tools.Safety{})
	h, err := mcpserver.ListenHTTP(srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.Serve(ctx) }()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, h.URL(), strings.NewReader(`{}`))
	req.Close = true
	req.Header.Set("Content-Type", "application/json")
	edit(req)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		var head strings.Builder
		_ = resp.Header.Write(&head)
		answer = resp.Status + "\n" + head.String() + string(raw)
		forbidden = resp.StatusCode == http.StatusForbidden
	}
	cancel()
	<-done
	return answer, forbidden, logs.String()
}

// r74DupsEachArgumentRefusal is words13's enumeration, which words15 holds to its rule too: for
// each tool of list, from its valid example, each argument given each value its schema refuses
// (r49InputAuditCases), each required one null and missing, and an unknown argument, passed
// to check (tool, argument, what was wrong, the arguments).
func r74DupsEachArgumentRefusal(t *testing.T, list []mcp.Tool, check func(tool, arg, what string, args map[string]any)) {
	t.Helper()
	valid := map[string]map[string]any{}
	for _, def := range tools.All() {
		valid[def.Name] = def.Examples.Valid
	}
	for _, tool := range list {
		schema := r49InputAuditSchemaOf(t, tool)
		for _, arg := range slices.Sorted(maps.Keys(schema.Properties)) {
			prop := schema.Properties[arg]
			for _, c := range r49InputAuditCases(prop) {
				if r49InputAuditPasses(prop, c.value) || c.name == "number for a string" && r49InputAuditNumberIsID[arg] {
					continue // a value the schema takes may reach the API: not a refusal of the arguments
				}
				args := maps.Clone(valid[tool.Name])
				args[arg] = c.value
				check(tool.Name, arg, c.name, args)
			}
			if slices.Contains(schema.Required, arg) {
				args := maps.Clone(valid[tool.Name])
				args[arg] = nil
				check(tool.Name, arg, "null", args)
				args = maps.Clone(valid[tool.Name])
				delete(args, arg)
				check(tool.Name, arg, "missing", args)
			}
		}
		args := maps.Clone(valid[tool.Name])
		args["no_such_argument"] = 1
		check(tool.Name, "no_such_argument", "unknown argument", args)
	}
}
