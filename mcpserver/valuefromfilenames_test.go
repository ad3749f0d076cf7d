package mcpserver_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/yuin/goldmark"
	gmhtml "github.com/yuin/goldmark/renderer/html"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

func valueFromFileSources() *tools.LocalSources {
	return &tools.LocalSources{Getenv: func(string) string { return "" }, Forbidden: tools.ServerCredentialVariables}
}

// TestValueFromFileSaysItHasOtherNames: a file with a hard link (ln ~/.ssh/id_rsa
// pub/db_password.txt) is named by the path given only, so the question and the result say
// how many names it has: its other names may be the file it really is.
func TestValueFromFileSaysItHasOtherNames(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("link counts are read on Unix")
	}
	dir := t.TempDir()
	key, pub := filepath.Join(dir, "id_rsa"), filepath.Join(dir, "db_password.txt")
	if err := os.WriteFile(key, []byte("-----BEGIN KEY-----"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(key, pub); err != nil {
		t.Fatal(err)
	}
	args := map[string]any{"app": "analytics-app", "name": "PG_PASS", "value_from_file": pub}
	agent := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: valueFromFileSources(), safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	mustContain(t, "result", agent.ok(t, "set_secret", args),
		"Value read by the server from the file "+pub+" (not shown; the file has 2 names: a hard link).")

	human := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: valueFromFileSources()})
	mustContain(t, "question", text(human.call(t, "set_secret", args)), "the file "+pub+" (19 bytes; the file has 2 names: a hard link)")

	// One name: nothing said.
	if err := os.Remove(key); err != nil {
		t.Fatal(err)
	}
	if res := agent.ok(t, "set_secret", args); strings.Contains(res, "names") {
		t.Errorf("one name: %s", res)
	}
}

// TestValueFromFileEscapesThePath: a file's path and the file its link leads to are quoted
// back escaped as any caller text is, so they cannot make a link, HTML or an image in the
// result or the question.
func TestValueFromFileEscapesThePath(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "t", "[x](http:", "evil.example)")
	tag := filepath.Join(dir, "<b>")
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{target, tag} {
		if err := os.WriteFile(f, []byte("value"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(dir, "l4")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	escapedTarget := filepath.Join(dir, "t", `[x\](http:`, "evil.example)")
	escapedTag := filepath.Join(dir, `\<b>`)
	inert := func(what, md string) {
		t.Helper()
		var html bytes.Buffer
		if err := goldmark.New(goldmark.WithRendererOptions(gmhtml.WithUnsafe())).Convert([]byte(md), &html); err != nil {
			t.Fatal(err)
		}
		if s := html.String(); strings.Contains(s, "<a ") || strings.Contains(s, "<b>") || strings.Contains(s, "<img") {
			t.Errorf("%s renders a link or HTML:\n%s", what, s)
		}
	}

	agent := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: valueFromFileSources(), safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	res := agent.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value_from_file": link})
	mustContain(t, "result", res, "from the file "+link+", a link to "+escapedTarget+" (not shown)")
	inert("result", res)
	res = agent.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_USER", "value_from_file": tag})
	mustContain(t, "result", res, "from the file "+escapedTag+" (not shown)")
	inert("result", res)

	// The question on an approval link, in the result.
	human := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: valueFromFileSources()})
	res = text(human.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value_from_file": link}))
	mustContain(t, "question", res, "the file "+link+", a link to "+escapedTarget+" (5 bytes)")
	inert("question", res)

	// The client's question: the same words.
	var question atomic.Value
	var asked atomic.Int64
	approve := approveWith("PG_PASS", &asked)
	eliciting := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: "modern", local: valueFromFileSources(),
		elicit: func(ctx context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
			question.Store(req.Params.Message)
			return approve(ctx, req)
		}})
	res = eliciting.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value_from_file": tag})
	mustContain(t, "elicited result", res, "the file "+escapedTag+" (not shown)")
	msg, _ := question.Load().(string)
	mustContain(t, "elicited question", msg, "the file "+escapedTag+" (5 bytes)")
	inert("elicited question", msg)
}
