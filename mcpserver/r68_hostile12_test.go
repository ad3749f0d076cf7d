package mcpserver_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

func TestR68Hostile12HTTPRefusalsEchoNoToken(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	h, logs := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
	modern := func(method, params string) string {
		return `{"jsonrpc":"2.0","id":7,"method":"` + method + `","params":{` + params + r39ModernMeta + `}}`
	}
	for _, k := range testutil.R66HostileTokens() {
		tok := k.Value
		js := r66Hostile10JSON(tok)
		cases := []struct {
			what, body string
			headers    map[string]string
			id         string // the id sent, which JSON-RPC answers with as sent
		}{
			{"Mcp-Method header", modern("tools/list", ""), map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": tok}, ""},
			{"Mcp-Method header, empty method", modern("", ""), map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": tok}, ""},
			{"Mcp-Name header", modern("tools/call", `"name":"list_apps","arguments":{},`), map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": tok}, ""},
			{"Mcp-Name header base64", modern("tools/call", `"name":"list_apps","arguments":{},`), map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "=?base64?" + base64.StdEncoding.EncodeToString([]byte(tok)) + "?="}, ""},
			{"tool name", modern("tools/call", `"name":`+js+`,"arguments":{},`), map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": tok}, ""},
			{"method", modern(strings.Trim(js, `"`), ""), map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": strings.Trim(js, `"`)}, ""},
			{"id", `{"jsonrpc":"2.0","id":` + js + `,"method":"tools/list","params":{` + r39ModernMeta + `}}`, map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list"}, js},
			{"id object", `{"jsonrpc":"2.0","id":{"k":` + js + `},"method":"tools/list","params":{` + r39ModernMeta + `}}`, map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list"}, `{"k":` + js + `}`},
			{"malformed JSON", `{"jsonrpc":"2.0","id":1,"method":` + js + ` ,,}`, map[string]string{"MCP-Protocol-Version": "2026-07-28"}, ""},
			{"jsonrpc member", `{"jsonrpc":` + js + `,"id":1,"method":"tools/list"}`, nil, ""},
			{"session ID", `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`, map[string]string{"Mcp-Session-Id": tok}, ""},
			{"protocol version", `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`, map[string]string{"MCP-Protocol-Version": tok}, ""},
			{"meta protocol version", `{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":` + js + `}}}`, map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list"}, ""},
			{"meta key", modern("tools/list", `"_meta":{"k":`+js+`},`), map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list"}, ""},
			{"progress token", modern("tools/call", `"name":"list_apps","arguments":{},"_meta":{"progressToken":`+js+`},`), map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "list_apps"}, ""},
		}
		for _, c := range cases {
			status, _, body := r67Httpmode10Send(t, http.MethodPost, h.URL(), c.body, c.headers)
			if c.id != "" {
				if !strings.HasPrefix(body, `{"jsonrpc":"2.0","id":`+c.id+`,`) {
					t.Errorf("%s in the %s: the answer's id is not the one sent: %.300s", k.Family, c.what, body)
				}
				body = strings.Replace(body, c.id, "", 1)
			}
			if k.Leaked(body) {
				t.Errorf("%s in the %s: %d %.400s", k.Family, c.what, status, body)
			}
		}
	}
	for _, k := range testutil.R66HostileTokens() {
		if k.Leaked(logs.String()) {
			t.Errorf("%s: the debug log shows it: %s", k.Family, r66H10Around(logs.String(), k.Value[len(k.Value)-12:]))
		}
	}
}

// TestR68Hostile12MethodHoldingTokenMaskedOverStdio: a request whose method holds a credential
// was answered over stdio (and HTTP) with mcp-go's "Method ghp_… not found", the method whole.
// It is -32601 with its id, the method masked; an ordinary unknown method keeps mcp-go's words.
func TestR68Hostile12MethodHoldingTokenMaskedOverStdio(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	w := r41cStdioInit(t, mcpserver.Options{}, r63Httpmode7Initialize)
	for i, k := range testutil.R66HostileTokens() {
		id := strconv.Itoa(100 + i)
		for _, method := range []string{k.Value, "tools/" + k.Value, "notifications/" + k.Value} {
			w.send(`{"jsonrpc":"2.0","id":` + id + `,"method":` + r66Hostile10JSON(method) + `}`)
			got := w.await(id, 10*time.Second)
			if k.Leaked(got) || !strings.Contains(got, `"code":-32601`) || !strings.Contains(got, "masked") {
				t.Errorf("%s as the method %q: %.300s", k.Family, method, got)
			}
			w.mu.Lock()
			w.lines = nil
			w.mu.Unlock()
		}
	}
	w.send(`{"jsonrpc":"2.0","id":99,"method":"tools/lists"}`)
	if got := w.await("99", 10*time.Second); !strings.Contains(got, `"message":"Method tools/lists not found"`) {
		t.Errorf("an ordinary unknown method: %s", got)
	}
}

// TestR68Hostile12NotificationsEchoNoToken (held): over stdio the server declares no logging
// capability, so logging/setLevel is -32601 whatever level it names (a token too, not echoed)
// and no notifications/message is ever sent; create_and_deploy_app's progress notifications
// carry a progress token holding a credential as sent, as MCP asks, in their progressToken
// alone: their messages never show it (a deployment for three families, to bound the time; on the emulator's clock).
func TestR68Hostile12NotificationsEchoNoToken(t *testing.T) {
	// On the emulator's clock, which each poll's wait advances: a deployment took the emulator
	// 5 s of real time (20 s of the test's 21), where what is checked is the notifications.
	clock := sandbox.NewManualClock(epoch)
	w := r41cStdioInit(t, mcpserver.Options{Client: r71Testtime9ClientOf(t, sandbox.Config{Demo: true, Clock: clock}),
		Poll: tools.PollPolicy{First: 500 * time.Millisecond, Max: time.Second, Now: clock.Now,
			Sleep: func(ctx context.Context, d time.Duration) error { clock.Advance(d); return ctx.Err() }}}, r63Httpmode7Initialize)
	pod := `version: v1\nkind: Spicepod\nname: r68app\ndatasets:\n  - from: postgres:public.t\n    name: t\n`
	progressed := 0
	for i, k := range testutil.R66HostileTokens() {
		js := r66Hostile10JSON(k.Value)
		set, call := strconv.Itoa(1000+2*i), strconv.Itoa(1001+2*i)
		w.send(`{"jsonrpc":"2.0","id":` + set + `,"method":"logging/setLevel","params":{"level":` + js + `}}`)
		if got := w.await(set, 10*time.Second); k.Leaked(got) || !strings.Contains(got, `"code":-32601`) {
			t.Errorf("%s as the log level: %.300s", k.Family, got)
		}
		if i%19 != 0 { // a deployment for three families (the first, the last): each takes the emulator seconds
			continue
		}
		w.send(`{"jsonrpc":"2.0","id":` + call + `,"method":"tools/call","params":{"name":"create_and_deploy_app","arguments":{"name":"r68app` +
			strconv.Itoa(i) + `","spicepod":"` + strings.ReplaceAll(pod, "r68app", "r68app"+strconv.Itoa(i)) + `","wait":true},"_meta":{"progressToken":` + js + `}}}`)
		w.await(call, 30*time.Second)
		w.mu.Lock()
		lines := w.lines
		w.lines = nil
		w.mu.Unlock()
		for _, l := range lines {
			if strings.Contains(l, `"notifications/message"`) {
				t.Errorf("a log notification: %.300s", l)
			}
			if strings.Contains(l, `"notifications/progress"`) {
				progressed++
				if !strings.Contains(l, `"progressToken":`+js) {
					t.Errorf("%s: a progress notification without its token as sent: %.300s", k.Family, l)
				}
				l = strings.Replace(l, `"progressToken":`+js, "", 1)
			}
			if k.Leaked(l) {
				t.Errorf("%s: shown: %.300s", k.Family, l)
			}
		}
	}
	if progressed == 0 {
		t.Error("no progress notification was sent")
	}
}
