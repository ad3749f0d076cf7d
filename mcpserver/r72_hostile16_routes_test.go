package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r72Hostile16Wire is the binary's stdio surface (mcpserver.ServeStdio) over pipes, its debug
// log kept: raw JSON-RPC lines, so requests no client library would send are sent as written.
type r72Hostile16Wire struct {
	*r41cWire
	logs *testutil.SyncBuffer
}

func r72Hostile16Stdio(t *testing.T, initialize string) *r72Hostile16Wire {
	t.Helper()
	srv, logger, logs := r74DupsLoggedServer(t, tools.Safety{Confirm: tools.ConfirmAgent})
	w := &r72Hostile16Wire{r41cWire: r72DupsServeStdio(t, srv, logger), logs: logs}
	w.ask(initialize)
	w.send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	return w
}

// ask sends msg (a request whose id is its own) and returns the lines written until its answer.
// It reads each line once, when the reader adds it (r41cWire.grew), instead of polling.
func (w *r72Hostile16Wire) ask(msg string) string {
	w.t.Helper()
	var m struct {
		ID json.RawMessage `json:"id"`
	}
	_ = json.Unmarshal([]byte(msg), &m)
	w.mu.Lock()
	from := len(w.lines)
	w.mu.Unlock()
	w.send(msg)
	limit := time.NewTimer(10 * time.Second)
	defer limit.Stop()
	for read := from; ; {
		w.mu.Lock()
		for ; read < len(w.lines); read++ {
			var a struct {
				ID     json.RawMessage `json:"id"`
				Method string          `json:"method"`
			}
			if json.Unmarshal([]byte(w.lines[read]), &a) == nil && a.Method == "" && string(a.ID) == string(m.ID) {
				out := strings.Join(w.lines[from:], "\n")
				w.mu.Unlock()
				return out
			}
		}
		grew := w.grewLocked()
		w.mu.Unlock()
		select {
		case <-grew:
		case <-limit.C:
			w.t.Fatalf("no answer to %.200s", msg)
			return ""
		}
	}
}

// r72Hostile16JSON is v as JSON text (a string value quoted, escaped as JSON escapes it).
func r72Hostile16JSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// r72Hostile16Requests are the routes round 72 attacks with tok, each a JSON-RPC request as
// the wire carries it (id n): a tool's name, a prompt's name and each argument of each prompt,
// a resource's URI and each template's variable, a completion's reference, argument and
// value, the log level, and params of the wrong shape.
func r72Hostile16Requests(n int, tok string, prompts map[string][]string) []string {
	q := r72Hostile16JSON(tok)
	req := func(method, params string) string {
		n++
		return fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q,"params":%s}`, n, method, params)
	}
	out := []string{
		req("tools/call", `{"name":`+q+`,"arguments":{}}`),
		req("tools/call", `{"name":"list_apps","arguments":`+q+`}`),
		req("tools/call", `{"name":["list_apps",`+q+`]}`),
		req("tools/call", `{"name":"list_apps","arguments":{"org":{"x":`+q+`}}}`),
		req("tools/call", `{"name":"list_apps","arguments":{`+q+`:1}}`),
		req("tools/call", `{"name":"list_apps","arguments":{},"_meta":{"progressToken":`+q+`}}`),
		req("tools/call", q),
		req("prompts/get", `{"name":`+q+`}`),
		req("prompts/get", `{"name":"deploy_app","arguments":{`+q+`:"x"}}`),
		req("prompts/get", `{"name":"deploy_app","arguments":`+q+`}`),
		req("resources/read", `{"uri":`+q+`}`),
		req("resources/read", `{"uri":`+r72Hostile16JSON("spice://"+tok)+`}`),
		req("resources/read", `{"uri":`+r72Hostile16JSON("spice://apps/"+tok)+`}`),
		req("resources/read", `{"uri":`+r72Hostile16JSON("spice://apps/"+tok+"/deployments")+`}`),
		req("resources/read", `{"uri":`+r72Hostile16JSON("spice://apps/analytics-app/"+tok)+`}`),
		req("resources/read", `{"uri":`+r72Hostile16JSON("spice://apps/analytics-app?x="+tok)+`}`),
		req("resources/subscribe", `{"uri":`+q+`}`),
		req("completion/complete", `{"ref":{"type":"ref/prompt","name":`+q+`},"argument":{"name":"app","value":"a"}}`),
		req("completion/complete", `{"ref":{"type":"ref/prompt","name":"deploy_app"},"argument":{"name":`+q+`,"value":"a"}}`),
		req("completion/complete", `{"ref":{"type":"ref/prompt","name":"deploy_app"},"argument":{"name":"app","value":`+q+`}}`),
		req("completion/complete", `{"ref":{"type":"ref/resource","uri":`+q+`},"argument":{"name":"app","value":"a"}}`),
		req("completion/complete", `{"ref":{"type":"ref/resource","uri":"spice://apps/{app}"},"argument":{"name":"app","value":`+q+`}}`),
		req("completion/complete", `{"ref":{"type":`+q+`,"name":"deploy_app"},"argument":{"name":"app","value":"a"}}`),
		req("logging/setLevel", `{"level":`+q+`}`),
		req(tok, `{}`),
		req("ping", q),
	}
	for prompt, args := range prompts {
		for _, a := range args {
			out = append(out, req("prompts/get", `{"name":`+r72Hostile16JSON(prompt)+`,"arguments":{`+r72Hostile16JSON(a)+`:`+q+`}}`))
			out = append(out, req("completion/complete", `{"ref":{"type":"ref/prompt","name":`+r72Hostile16JSON(prompt)+`},"argument":{"name":`+r72Hostile16JSON(a)+`,"value":`+q+`}}`))
		}
	}
	return out
}

// r72Hostile16Prompts are the server's prompts and their arguments, read from prompts/list.
func r72Hostile16Prompts(t *testing.T, w *r72Hostile16Wire) map[string][]string {
	t.Helper()
	var list struct {
		Result struct {
			Prompts []struct {
				Name      string `json:"name"`
				Arguments []struct {
					Name string `json:"name"`
				} `json:"arguments"`
			} `json:"prompts"`
		} `json:"result"`
	}
	got := w.ask(`{"jsonrpc":"2.0","id":"prompts","method":"prompts/list"}`)
	if err := json.Unmarshal([]byte(got[strings.LastIndex(got, "\n")+1:]), &list); err != nil || len(list.Result.Prompts) == 0 {
		t.Fatalf("prompts/list: %v %.300s", err, got)
	}
	out := map[string][]string{}
	for _, p := range list.Result.Prompts {
		for _, a := range p.Arguments {
			out[p.Name] = append(out[p.Name], a.Name)
		}
	}
	return out
}

// TestR72Hostile16RoutesEchoNoToken: over the binary's stdio, a token of half the sampled
// families (r71Hostile15Sample), in each of round 71's forms, put in a tools/call's name or malformed params, a prompt's name or any
// argument of any prompt (from prompts/list), a resource URI, a completion's reference,
// argument or value, the log level or the method: no line the server writes, nor its debug
// log, shows it.
func TestR72Hostile16RoutesEchoNoToken(t *testing.T) {
	t.Parallel()
	w := r72Hostile16Stdio(t, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`)
	prompts := r72Hostile16Prompts(t, w)
	n := 0
	for i, k := range r71Hostile15Sample() {
		if i%2 != 0 && k.Family != "JWT" { // half the sample, the JWT's dots among them: each route is cheap to reach
			continue
		}
		for _, f := range r71Hostile15Forms {
			for _, msg := range r72Hostile16Requests(1000*n, f.of(k.Value), prompts) {
				n++
				if got := w.ask(msg); r71Hostile15Shows(k, got) {
					t.Errorf("%s, %s, in %.160s: shown: %.600s", k.Family, f.name, msg, got)
				}
			}
		}
	}
	if n < 500 {
		t.Fatalf("only %d requests", n)
	}
	for _, k := range r71Hostile15Sample() {
		if r71Hostile15Shows(k, w.logs.String()) {
			t.Errorf("%s: the debug log shows it: %s", k.Family, r66H10Around(w.logs.String(), k.Value[len(k.Value)-12:]))
		}
	}
}
