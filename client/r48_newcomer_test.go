package client_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR48NewcomerOneMethodPerOperation: README ("The client") says the client has one exported
// method per operation of api/openapi.json, named after its operationId (listApps → ListApps,
// getApiKeys → GetAPIKeys; getHealth is Health), taking the context first.
func TestR48NewcomerOneMethodPerOperation(t *testing.T) {
	typ := reflect.TypeFor[*client.Client]()
	ctxType := reflect.TypeFor[interface{ Done() <-chan struct{} }]()
	for _, op := range api.Operations {
		name := strings.ToUpper(op.ID[:1]) + strings.ReplaceAll(op.ID[1:], "Api", "API")
		if op.ID == "getHealth" {
			name = "Health"
		}
		m, ok := typ.MethodByName(name)
		if !ok {
			t.Errorf("operation %s: the client has no method %s", op.ID, name)
			continue
		}
		if m.Type.NumIn() < 2 || !m.Type.In(1).Implements(ctxType) {
			t.Errorf("%s does not take a context first", name)
		}
	}
}
