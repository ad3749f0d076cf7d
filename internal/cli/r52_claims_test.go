package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
)

// TestR52ClaimsEmptyExcludeToolsIsRefused: README (Safety and access control) says "the safe
// path is the default; exposure is explicit", and refuses --tools or --toolsets given with no
// name, which would expose every tool. --exclude-tools given with no name — `--exclude-tools
// "$EXCLUDED"` with the variable unset, a lone comma — is the same launcher mistake: the
// operator meant to hide tools and the server started hiding none. It is refused at start-up
// naming the flag, as the other two are; a list with names and stray commas still works.
func TestR52ClaimsEmptyExcludeToolsIsRefused(t *testing.T) {
	for _, args := range [][]string{{"--exclude-tools="}, {"--exclude-tools", ""}, {"--exclude-tools", " , "},
		{"--sandbox", "--exclude-tools", ","}, {"--sandbox", "--read-only", "--exclude-tools="}} {
		got := run(t, nil, args...)
		if got.code != 2 || !strings.Contains(got.stderr, "--exclude-tools is empty") {
			t.Errorf("%q: exit %d, stderr:\n%s", args, got.code, got.stderr)
		}
	}
	if got := run(t, nil, "--sandbox", "--exclude-tools", "delete_app,,"); got.code != 0 {
		t.Errorf("a list with a stray comma: exit %d, stderr:\n%s", got.code, got.stderr)
	}
}

// TestR52ClaimsLocalSourcesNeverReadOverHTTP: README (Secret values the model never sees) says
// value_from_env and value_from_file "read where the server runs, so they work over stdio only".
// A remote agent tries them against the real command line serving --http, where nothing asks
// (--confirm=off) and where a person would approve (the default): a variable set in the
// server's environment and a file on its disk, with a name or path as plain, relative or with
// a link. Every call is refused saying they work over stdio only, the value appears in no
// answer, and no secret of that name exists afterwards.
func TestR52ClaimsLocalSourcesNeverReadOverHTTP(t *testing.T) {
	const planted = "r52-planted-server-value"
	dir := t.TempDir()
	file := filepath.Join(dir, "value.txt")
	if err := os.WriteFile(file, []byte(planted), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"R52_PLANTED": planted, "HOME": dir}
	for _, mode := range []string{"off", "human"} {
		s := startHTTP(t, env, "--sandbox", "--confirm", mode)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		c := s.mcpClient(ctx, nil)
		for _, args := range []map[string]any{
			{"value_from_env": "R52_PLANTED"}, {"value_from_env": "HOME"},
			{"value_from_file": file}, {"value_from_file": link}, {"value_from_file": "value.txt"},
		} {
			args["app"], args["name"] = "analytics-app", "R52_REMOTE"
			var req mcp.CallToolRequest
			req.Params.Name, req.Params.Arguments = "set_secret", args
			res, err := c.CallTool(ctx, req)
			if err != nil {
				t.Fatalf("%s %v: %v", mode, args, err)
			}
			raw, _ := json.Marshal(res)
			if !res.IsError || !strings.Contains(string(raw), "only when it runs over stdio") {
				t.Errorf("--confirm %s, %v over HTTP: want a refusal saying stdio only, got %s", mode, args, raw)
			}
			if strings.Contains(string(raw), planted) {
				t.Errorf("--confirm %s, %v: the server's value reached the agent: %s", mode, args, raw)
			}
		}
		var req mcp.CallToolRequest
		req.Params.Name, req.Params.Arguments = "get_secret", map[string]any{"app": "analytics-app", "name": "R52_REMOTE"}
		if res, err := c.CallTool(ctx, req); err != nil || !res.IsError {
			raw, _ := json.Marshal(res)
			t.Errorf("--confirm %s: R52_REMOTE exists after the refused calls (%v): %s", mode, err, raw)
		}
		cancel()
		s.stop()
		if strings.Contains(s.stderr.String(), planted) {
			t.Errorf("--confirm %s: a log line holds the value", mode)
		}
	}
}
