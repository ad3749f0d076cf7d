package browsertest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/browsertest"
)

// TestR55HttpmodeEndedSessionWithdrawsItsSecretFormInBrowser: a secret form whose agent's
// session ended (its DELETE) while the person had the page open and the values typed is
// withdrawn: Store in the real browser gets 410 and a page saying the session ended and nothing
// was stored; no value reaches the API, the logs, the MCP messages or the page. Before, the form
// stayed open and stored the values for an agent that was gone.
func TestR55HttpmodeEndedSessionWithdrawsItsSecretFormInBrowser(t *testing.T) {
	s := newServer(t, serverOptions{http: true, sessionCaller: true})
	args := map[string]any{"name": "orders-app", "spicepod": twoSecretPod}
	link := linkIn(t, s.call(t, "create_and_deploy_app", args))
	tab := browsertest.NewTab(t)
	if status := open(t, tab, link); status != http.StatusOK || outcome(tab) != "pending" {
		t.Fatalf("secret page: %d %s", status, outcome(tab))
	}
	fillSecrets(t, tab)
	if err := s.mcp.Close(); err != nil { // DELETE: the session ends
		t.Fatal(err)
	}
	if status := submit(t, tab, "store"); status != http.StatusGone || outcome(tab) != "withdrawn" {
		t.Fatalf("store after the session ended: %d %s: %s", status, outcome(tab), tab.Text())
	}
	if says := pageText(tab, "outcome"); !strings.Contains(says, "session that asked for these values ended") || !strings.Contains(says, "Nothing was stored") {
		t.Errorf("the withdrawn page says %q", says)
	}
	if n := s.emu.Calls(api.UpsertProjectSecret.ID); n != 0 {
		t.Errorf("%d secrets written after the session ended", n)
	}
	noLeaks(t, s, []*browsertest.Tab{tab}, values()...)
}
