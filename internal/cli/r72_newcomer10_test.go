package cli_test

import (
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r72Newcomer10Words are what the first error without a token must hold: where a token comes
// from, the variable it goes in, and the sandbox that needs none.
var r72Newcomer10Words = []string{"SPICE_API_TOKEN", "personal access token", "https://spice.ai/account", "--sandbox"}

// r72Newcomer10Check fails where text lacks one of the words or runs a sentence over 35 words
// in a line that speaks of credentials (whoami's other lines are its view of the settings).
func r72Newcomer10Check(t *testing.T, where, text string) {
	t.Helper()
	for _, w := range r72Newcomer10Words {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not say %q:\n%s", where, w, text)
		}
	}
	var about []string
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(strings.ToLower(line), "credentials") {
			about = append(about, line)
		}
	}
	for _, s := range testutil.Sentences(strings.Join(about, "\n")) {
		if n := len(strings.Fields(s)); n > testutil.MaxSentenceWords {
			t.Errorf("%s: a sentence of %d words, more than %d:\n%s", where, n, testutil.MaxSentenceWords, s)
		}
	}
}

// TestR72Newcomer10FirstErrorWithoutATokenSaysWhereToGetOne: the first words a newcomer meets
// without a token (not --sandbox) are the start-up warning on stderr and, once their client
// calls a tool, its error. The warning said "set SPICE_API_TOKEN or run with --sandbox" and not
// where a token comes from; the tool's error was one sentence of 47 words. Each now names the
// personal access token, https://spice.ai/account and --sandbox, in sentences of at most 35
// words; checked in-process for the warning and over stdio with mcp-go's client for list_apps'
// error and whoami.
func TestR72Newcomer10FirstErrorWithoutATokenSaysWhereToGetOne(t *testing.T) {
	got := run(t, nil)
	if got.code != 0 {
		t.Fatalf("exit %d: %s", got.code, got.stderr)
	}
	warning := ""
	for _, line := range strings.Split(got.stderr, "\n") {
		if strings.Contains(line, "no Spice.ai credentials") {
			warning = line
		}
	}
	if warning == "" {
		t.Fatalf("no start-up warning about credentials:\n%s", got.stderr)
	}
	_, msg, _ := strings.Cut(warning, "no Spice.ai credentials")
	r72Newcomer10Check(t, "the start-up warning", "no Spice.ai credentials"+msg)

	c, ctx := r72DupsStdioClient(t)
	for _, tool := range []string{"list_apps", "whoami"} {
		var req mcp.CallToolRequest
		req.Params.Name = tool
		res, err := c.CallTool(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		text := res.Content[0].(mcp.TextContent).Text
		if res.IsError != (tool == "list_apps") {
			t.Errorf("%s: isError %v: %s", tool, res.IsError, text)
		}
		r72Newcomer10Check(t, tool+" without credentials", text)
	}
}
