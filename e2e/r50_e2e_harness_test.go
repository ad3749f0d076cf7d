package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// r50E2eSetup is one server process and the go-sdk client connected to it.
type r50E2eSetup struct {
	transport string // "stdio" or "http"
	version   string // as passed to ClientSessionOptions.ProtocolVersion ("" = newest)
	flags     []string
	opts      mcp.ClientOptions
	wire      io.Writer // when set, every JSON-RPC message in both directions is logged to it
}

// r50E2eConnect starts `spice-cloud-mcp --sandbox [flags]` over the setup's transport and connects
// a go-sdk client built from opts; the server is stopped (and must exit 0) in t.Cleanup.
func r50E2eConnect(t *testing.T, ctx context.Context, s r50E2eSetup) *mcp.ClientSession {
	t.Helper()
	opts := s.opts
	client := mcp.NewClient(&mcp.Implementation{Name: "spice-cloud-mcp-e2e", Version: "0.0.0"}, &opts)
	logged := func(tr mcp.Transport) mcp.Transport {
		if s.wire == nil {
			return tr
		}
		return &mcp.LoggingTransport{Transport: tr, Writer: s.wire}
	}
	switch s.transport {
	case "stdio":
		stderr := &lockedBuffer{}
		logStderrOnFailure(t, stderr)
		cmd := exec.Command(serverBinary(t), append([]string{"--sandbox"}, s.flags...)...)
		cmd.Stderr = stderr
		transport := &mcp.CommandTransport{Command: cmd, TerminateDuration: exitTimeout}
		cs, err := client.Connect(ctx, logged(transport), sessionOptions(s.version))
		if err != nil {
			if cmd.Process != nil {
				_ = cmd.Process.Kill()
			}
			t.Fatalf("connecting over stdio (protocol %q): %v", s.version, err)
		}
		t.Cleanup(func() {
			if err := cs.Close(); err != nil {
				t.Errorf("stdio server did not exit cleanly after stdin EOF: %v", err)
			}
			if ps := cmd.ProcessState; ps == nil || ps.ExitCode() != 0 {
				t.Errorf("stdio server after stdin EOF: %v, want exit status 0", ps)
			}
		})
		return cs
	case "http":
		srv := startHTTPServer(t, ctx, s.flags...)
		hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
		transport := &mcp.StreamableClientTransport{Endpoint: srv.BaseURL + "/mcp", HTTPClient: hc}
		cs, err := client.Connect(ctx, logged(transport), sessionOptions(s.version))
		if err != nil {
			t.Fatalf("connecting over HTTP (protocol %q): %v", s.version, err)
		}
		t.Cleanup(func() {
			if err := cs.Close(); err != nil {
				t.Errorf("closing the HTTP session: %v", err)
			}
			hc.CloseIdleConnections()
		})
		return cs
	}
	t.Fatalf("unknown transport %q", s.transport)
	return nil
}

// r50E2eCombos are the four transport × protocol era combinations.
func r50E2eCombos() []struct{ name, transport, version, want string } {
	var out []struct{ name, transport, version, want string }
	for _, transport := range []string{"stdio", "http"} {
		for _, era := range protocolEras {
			out = append(out, struct{ name, transport, version, want string }{transport + "/" + era.name, transport, era.version, era.want})
		}
	}
	return out
}

// r50E2eTypeToConfirm finds the name a confirmation question asks the person to type.
var r50E2eTypeToConfirm = regexp.MustCompile(`Type (\S+) to confirm\.`)

// r50E2ePerson stands for the person at the client: it answers every form question the server
// asks (elicitation/create) by typing the name the question asks for (accept), or declines.
type r50E2ePerson struct {
	decline     bool
	typeInstead string // typed instead of the name asked for, when set

	mu        sync.Mutex
	questions []string
}

func (p *r50E2ePerson) answer(_ context.Context, req *mcp.ElicitRequest) (*mcp.ElicitResult, error) {
	p.mu.Lock()
	p.questions = append(p.questions, req.Params.Message)
	p.mu.Unlock()
	if p.decline {
		return &mcp.ElicitResult{Action: "decline"}, nil
	}
	m := r50E2eTypeToConfirm.FindStringSubmatch(req.Params.Message)
	if m == nil || req.Params.Mode == "url" {
		return &mcp.ElicitResult{Action: "cancel"}, nil
	}
	typed := m[1]
	if p.typeInstead != "" {
		typed = p.typeInstead
	}
	return &mcp.ElicitResult{Action: "accept", Content: map[string]any{"name": typed}}, nil
}

// asked returns the questions asked since the last call.
func (p *r50E2ePerson) asked() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	q := p.questions
	p.questions = nil
	return q
}

// r50E2eSchemas resolves every listed tool's outputSchema, failing for a tool that declares none.
func r50E2eSchemas(t *testing.T, tools map[string]*mcp.Tool) map[string]*jsonschema.Resolved {
	t.Helper()
	out := map[string]*jsonschema.Resolved{}
	for _, name := range sortedKeys(tools) {
		if tools[name].OutputSchema == nil {
			t.Errorf("%s: no outputSchema with --output-schemas", name)
			continue
		}
		raw, err := json.Marshal(tools[name].OutputSchema)
		if err != nil {
			t.Fatal(err)
		}
		var s jsonschema.Schema
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Errorf("%s: outputSchema does not parse as a JSON Schema: %v", name, err)
			continue
		}
		resolved, err := s.Resolve(nil)
		if err != nil {
			t.Errorf("%s: outputSchema does not resolve: %v\n%s", name, err, raw)
			continue
		}
		out[name] = resolved
	}
	return out
}

// r50E2eCheckStructured validates a result's structured content against the tool's
// outputSchema (go-sdk v1.8.0's client does not: it hands structuredContent over as decoded).
// A successful result must carry structured content when the tool declares a schema.
func r50E2eCheckStructured(t *testing.T, schemas map[string]*jsonschema.Resolved, tool string, res *mcp.CallToolResult) map[string]any {
	t.Helper()
	if res.StructuredContent == nil {
		if !res.IsError && schemas != nil {
			t.Errorf("%s: successful result without structuredContent although the tool declares an outputSchema", tool)
		}
		return nil
	}
	raw, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatalf("%s: marshalling structuredContent: %v", tool, err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Errorf("%s: structuredContent is not a JSON object: %s", tool, raw)
		return nil
	}
	if schema := schemas[tool]; schema != nil {
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s: structuredContent does not conform to its outputSchema: %v\n%s", tool, err, raw)
		}
		r50E2eCheckDateTimes(t, tool, schema.Schema(), doc, "")
	}
	return doc
}

// r50E2eCheckDateTimes asserts the date-time format the schemas declare (jsonschema-go treats
// format as an annotation only).
func r50E2eCheckDateTimes(t *testing.T, tool string, s *jsonschema.Schema, v any, path string) {
	t.Helper()
	if s == nil || v == nil {
		return
	}
	switch v := v.(type) {
	case string:
		if s.Format == "date-time" && !r50E2eDateTime.MatchString(v) {
			t.Errorf("%s: %s = %q is not an RFC 3339 date-time", tool, path, v)
		}
	case map[string]any:
		for k, sub := range s.Properties {
			r50E2eCheckDateTimes(t, tool, sub, v[k], path+"."+k)
		}
	case []any:
		for i, item := range v {
			r50E2eCheckDateTimes(t, tool, s.Items, item, fmt.Sprintf("%s[%d]", path, i))
		}
	}
}

var r50E2eDateTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$`)

// r50E2eMustContain fails for each wanted substring text lacks.
func r50E2eMustContain(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("%s does not contain %q:\n%s", what, want, text)
		}
	}
}

// r50E2eLink is an approval page link in a tool result.
var r50E2eLink = regexp.MustCompile(`http://127\.0\.0\.1:\d+/human/[A-Za-z0-9_-]+`)

var r50E2eTokenField = regexp.MustCompile(`name="token" value="([^"]+)"`)

// r50E2eApproveOnPage does what the person does with an approval link: opens the page in a
// browser and presses Approve (a same-origin form post carrying the page's token).
func r50E2eApproveOnPage(t *testing.T, ctx context.Context, link string) string {
	t.Helper()
	return r50E2eAnswerPage(t, ctx, link, url.Values{"decision": {"approve"}})
}

// r50E2eAnswerPage opens a page and submits its form with fields.
func r50E2eAnswerPage(t *testing.T, ctx context.Context, link string, form url.Values) string {
	t.Helper()
	get, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		t.Fatal(err)
	}
	body := r50E2eDo(t, get)
	m := r50E2eTokenField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("GET %s: no form token in the page:\n%s", link, body)
	}
	form.Set("token", m[1])
	post, err := http.NewRequestWithContext(ctx, http.MethodPost, link, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(link)
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	post.Header.Set("Origin", u.Scheme+"://"+u.Host)
	post.Header.Set("Sec-Fetch-Site", "same-origin")
	return r50E2eDo(t, post)
}

func r50E2eDo(t *testing.T, req *http.Request) string {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %s\n%s", req.Method, req.URL, res.Status, body)
	}
	return string(body)
}
