package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR40CommaInTemplateVariableIsNotFound: a URI-template variable {app} or {org} whose
// segment holds a comma names no app or organization (app and org names have no comma), yet
// mcp-go splits it as a list and the view used its first element: spice://apps/docs-search,analytics-app
// was answered with docs-search's view under the URI as sent, and spice://orgs/acme-labs,sandbox/apps
// with acme-labs' apps. README (Prompts and resources): a URI whose {app} or {org} can name
// nothing is "resource not found".
func TestR40CommaInTemplateVariableIsNotFound(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	for i, uri := range []string{
		"spice://apps/docs-search,analytics-app",
		"spice://apps/docs-search,analytics-app/deployments",
		"spice://orgs/acme-labs,sandbox/apps",
		"spice://orgs/sandbox,acme-labs/apps/docs-search",
	} {
		id := 700 + i
		raw, _ := json.Marshal(uri)
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"resources/read","params":{"uri":%s}}`, id, raw))
		answer := conn.await(fmt.Sprint(id))
		e := rpcErrorOf(t, answer)
		if e == nil {
			t.Errorf("%s was read as another resource's contents:\n%.400s", uri, answer)
			continue
		}
		if e.Code != -32002 || !strings.Contains(e.Message, "Resource not found") {
			t.Errorf("%s: want -32002 resource not found, got %.400s", uri, answer)
		}
	}
}
