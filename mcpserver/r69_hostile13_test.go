package mcpserver_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
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
		if transports.MatchString(src) {
			reaching = append(reaching, rel)
		}
		if built.MatchString(src) {
			building = append(building, rel)
		}
		handing = append(handing, strings.Repeat(rel+" ", len(handed.FindAllString(src, -1))))
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
