package mcpserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// mcpMethods are the request methods of MCP: none holds a credential, and they are looked up
// without an allocation (a served request costs none, TestIDHandlingAllocatesNothingForPlainIDs).
var mcpMethods = func() map[string]bool {
	m := map[string]bool{}
	for _, method := range []mcp.MCPMethod{mcp.MethodInitialize, mcp.MethodPing, mcp.MethodResourcesList,
		mcp.MethodResourcesTemplatesList, mcp.MethodResourcesRead, mcp.MethodResourcesSubscribe, mcp.MethodResourcesUnsubscribe,
		mcp.MethodPromptsList, mcp.MethodPromptsGet, mcp.MethodToolsList, mcp.MethodToolsCall, mcp.MethodSetLogLevel,
		mcp.MethodCompletionComplete, mcp.MethodServerDiscover, mcp.MethodSubscriptionsListen} {
		m[string(method)] = true
	}
	return m
}()

// methodHoldsCredential reports whether raw, a request's "method" as JSON, holds a credential.
func methodHoldsCredential(raw []byte) bool {
	if len(raw) < 2 || raw[0] != '"' || mcpMethods[string(raw[1:len(raw)-1])] {
		return false
	}
	method := string(raw[1 : len(raw)-1])
	if bytes.IndexByte(raw, '\\') >= 0 && json.Unmarshal(raw, &method) != nil {
		return false
	}
	return present.MaskText(method) != method
}

// sentEchoes is a replacer of what a request sent outside its params that holds a credential
// (its Mcp-* headers, Base64 ones decoded too, and the version its _meta names), in the forms an
// answer quotes it (as sent, JSON-escaped, Go-quoted then JSON-escaped), by its masked form;
// nil when none holds one. mcp-go's refusals quote them whole: a header that does not match the
// body ("header value \"ghp_…\" does not match body value"), a _meta version not the header's.
func sentEchoes(r *http.Request, metaVersion string) *strings.Replacer {
	values := []string{metaVersion}
	for name, vs := range r.Header {
		if !strings.HasPrefix(name, "Mcp-") || name == server.HeaderKeySessionID { // no answer quotes a session ID
			continue
		}
		for _, v := range vs {
			values = append(values, v)
			if d, ok := mcp.DecodeHeaderValue(v); ok && d != v {
				values = append(values, d)
			}
		}
	}
	var pairs []string
	for _, v := range values {
		if v == "" || mcpMethods[v] || mcp.IsValidProtocolVersion(v) {
			continue // what a served request sends, masked by no rule
		}
		masked := present.MaskText(v)
		if masked == v {
			continue
		}
		m := jsonInner(masked)
		q := strconv.Quote(v)
		pairs = append(pairs, jsonInner(q[1:len(q)-1]), m, jsonInner(v), m, v, m)
	}
	if pairs == nil {
		return nil
	}
	return strings.NewReplacer(pairs...)
}

// jsonInner is s as a JSON string holds it, without the quotes.
func jsonInner(s string) string {
	raw, _ := json.Marshal(s)
	return string(raw[1 : len(raw)-1])
}

// echoMaskingResponse masks, in an HTTP answer (a JSON body or SSE events, each written whole),
// what its request sent that holds a credential (sentEchoes), wherever the answer quotes it.
type echoMaskingResponse struct {
	http.ResponseWriter
	echoes *strings.Replacer
}

func (e echoMaskingResponse) WriteHeader(status int) {
	e.ResponseWriter.Header().Del("Content-Length") // masking changes the length
	e.ResponseWriter.WriteHeader(status)
}

func (e echoMaskingResponse) Write(p []byte) (int, error) {
	if _, err := e.ResponseWriter.Write([]byte(e.echoes.Replace(string(p)))); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (e echoMaskingResponse) Flush() {
	if f, ok := e.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (e echoMaskingResponse) Unwrap() http.ResponseWriter { return e.ResponseWriter }
