package mcpserver_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestValueFromFileNamesTheFileALinkLeadsTo: value_from_file given as a link names, in the
// question a person approves and in the result, the file the server reads ("db_password.txt,
// a link to …/id_rsa"); and the value stored is read from the file approved: the link turned
// to another file (the same bytes in it too) after the approval needs a new one.
func TestValueFromFileNamesTheFileALinkLeadsTo(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "fake")
	if err := os.Mkdir(fake, 0o700); err != nil {
		t.Fatal(err)
	}
	key, other := filepath.Join(fake, "id_rsa"), filepath.Join(fake, "other_key")
	for _, f := range []string{key, other} {
		if err := os.WriteFile(f, []byte("-----BEGIN KEY----- secret\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(dir, "db_password.txt")
	if err := os.Symlink(key, link); err != nil {
		t.Fatal(err)
	}
	local := func() *tools.LocalSources {
		return &tools.LocalSources{Getenv: func(string) string { return "" }, Forbidden: tools.ServerCredentialVariables}
	}
	args := map[string]any{"app": "analytics-app", "name": "PG_PASS", "value_from_file": link}
	through := link + ", a link to " + key

	// Unattended: the result names the file read.
	agent := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: local(), safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	mustContain(t, "result", agent.ok(t, "set_secret", args), "Value read by the server from the file "+through+" (not shown)")
	// A file given by its own path is named as given.
	plain := agent.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_USER", "value_from_file": key})
	if strings.Contains(plain, "a link to") {
		t.Errorf("a file named by its own path: %q", plain)
	}

	// A person approves by link: the question names the file read.
	human := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: local()})
	id := human.appID(t, "analytics-app")
	before, _ := human.emu.SecretValue("sandbox", id, "PG_PASS")
	res := human.call(t, "set_secret", args)
	mustContain(t, "question", text(res), "the file "+through+" (27 bytes)")
	(&page{}).answer(t, linkIn(t, res), url.Values{"decision": {"approve"}})
	// The link turned to another file with the same bytes: the approval named id_rsa.
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(other, link); err != nil {
		t.Fatal(err)
	}
	res = human.call(t, "set_secret", args)
	mustContain(t, "asked again", text(res), "Approval needed", "the file "+link+", a link to "+other)
	if v, _ := human.emu.SecretValue("sandbox", id, "PG_PASS"); v != before {
		t.Fatal("stored from another file than the one approved")
	}

	// A client that asks in the call: the question names the file read.
	var question atomic.Value
	var asked atomic.Int64
	approve := approveWith("PG_PASS", &asked)
	eliciting := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: "modern", local: local(),
		elicit: func(ctx context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
			question.Store(req.Params.Message)
			return approve(ctx, req)
		}})
	mustContain(t, "elicited result", eliciting.ok(t, "set_secret", args), "the file "+link+", a link to "+other+" (not shown)")
	msg, _ := question.Load().(string)
	mustContain(t, "elicited question", msg, "the file "+link+", a link to "+other+" (27 bytes)")
}
