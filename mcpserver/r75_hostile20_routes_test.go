package mcpserver_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r75Hostile20Fullwidth is s with each printable ASCII character as its fullwidth form
// (U+FF01–U+FF5E), which NFKC reads back as s.
func r75Hostile20Fullwidth(s string) string {
	return strings.Map(func(r rune) rune {
		if '!' <= r && r <= '~' {
			return r - '!' + 0xff01
		}
		return r
	}, s)
}

// r75Hostile20Spellings are the value set earlier as an agent (or an API) may write it back:
// fullwidth and mathematical bold (forms NFKC reads as ASCII), percent-encoded (every byte), and JSON-escaped (every character
// a \u escape).
func r75Hostile20Spellings() map[string]string {
	v := r74Hostile19Value
	var pct strings.Builder
	for i := 0; i < len(v); i++ {
		fmt.Fprintf(&pct, "%%%02X", v[i])
	}
	bold := strings.Map(func(r rune) rune { // mathematical sans-serif bold
		switch {
		case 'a' <= r && r <= 'z':
			return r - 'a' + 0x1d5ee
		case '0' <= r && r <= '9':
			return r - '0' + 0x1d7ec
		}
		return r
	}, v)
	return map[string]string{"fullwidth": r75Hostile20Fullwidth(v), "mathematical": bold, "percent": pct.String(), "escaped": r74Hostile19Escaped(v)}
}

var r75Hostile20Percent = regexp.MustCompile(`%[0-9a-fA-F]{2}`)

// r75Hostile20Shows is r74Hostile19Shows, the text read as NFKC reads it (fullwidth and
// mathematical letters as ASCII), and
// percent escapes read too.
func r75Hostile20Shows(s string) bool {
	if u := r75Hostile20Percent.ReplaceAllStringFunc(s, func(e string) string {
		u, _ := url.PathUnescape(e)
		return u
	}); u != s && r75Hostile20Shows(u) {
		return true
	}
	return r74Hostile19Shows(norm.NFKC.String(s))
}

// TestR75Hostile20ParamsEchoNoKnownValue: over the streamable HTTP transport, in a session whose
// set_secret set a value, requests that carry it where a params refusal may quote it — a list
// method's cursor (tools, prompts, resources, templates), _meta (a progress token, a member of
// its own) of a prompt, a read, a completion and a ping, a prompt's and a completion's argument,
// a resource URI — in each of r75Hostile20Spellings, answer nothing that shows it, read as a
// reader reads it (escapes, fullwidth letters); nor does the debug log.
func TestR75Hostile20ParamsEchoNoKnownValue(t *testing.T) {
	t.Parallel()
	h, sid, logs := r74Hostile19SecretSession(t)
	spellings := r75Hostile20Spellings()
	spellings["as set"] = r74Hostile19Value
	n := 0
	for form, sent := range spellings {
		q := r72Hostile16JSON(sent)
		req := func(method, params string) string {
			n++
			return fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q,"params":%s}`, 5000+n, method, params)
		}
		msgs := []string{
			req("tools/list", `{"cursor":`+q+`}`),
			req("prompts/list", `{"cursor":`+q+`}`),
			req("resources/list", `{"cursor":`+q+`}`),
			req("resources/templates/list", `{"cursor":`+q+`}`),
			req("prompts/get", `{"name":"deploy_app","arguments":{"name":"x"},"_meta":{"progressToken":`+q+`}}`),
			req("prompts/get", `{"name":"deploy_app","arguments":{"name":`+q+`}}`),
			req("resources/read", `{"uri":"spice://apps/analytics-app","_meta":{`+q+`:1}}`),
			req("resources/read", `{"uri":`+r72Hostile16JSON("spice://apps/"+sent)+`}`),
			req("completion/complete", `{"ref":{"type":"ref/prompt","name":"deploy_app"},"argument":{"name":"name","value":`+q+`},"_meta":{"progressToken":`+q+`}}`),
			req("ping", `{"_meta":{"progressToken":`+q+`}}`),
			req("tools/call", `{"name":"get_app","arguments":{"app":`+q+`}}`),
			req("tools/call", `{"name":`+q+`,"arguments":{}}`),
		}
		for _, msg := range msgs {
			if _, got := r74Hostile19Post(t, h.URL(), sid, msg); r75Hostile20Shows(got) || strings.Contains(got, sent) {
				t.Errorf("%s, in %.160s: shown: %.600s", form, msg, got)
			}
		}
	}
	if logs := logs.String(); r75Hostile20Shows(logs) {
		t.Errorf("the debug log shows it: %s", r66H10Around(logs, "r74h19"))
	}
}

// TestR75Hostile20APIEchoSpellingsRedacted: an upstream that echoes a value set earlier in
// another spelling — fullwidth, every byte percent-encoded, every character \u-escaped — whole
// or cut, in a deployment's error_message, a 400's plain-text body and
// an instance's log line, shows no 12 bytes of it in the tool's text or structured content, read
// as a reader reads it.
func TestR75Hostile20APIEchoSpellingsRedacted(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	echo := ""
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent},
		upstream: r74Hostile19Upstream(&mu, &echo)})
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "DB_PASSWORD", "value": r74Hostile19Value})
	for form, sent := range r75Hostile20Spellings() {
		for _, shape := range []string{"value %s rejected", "value %s", "cut %s…"} {
			e := fmt.Sprintf(shape, sent)
			if strings.HasSuffix(shape, "…") {
				e = fmt.Sprintf(shape, string([]rune(sent)[:2*len([]rune(sent))/3]))
			}
			mu.Lock()
			echo = e
			mu.Unlock()
			for _, call := range r75Hostile20EchoCalls {
				got := r71Hostile15Everything(h.call(t, call.tool, call.args))
				if !strings.Contains(got, "connect failed") && !strings.Contains(got, "auth rejected") && !strings.Contains(got, "bad request") {
					t.Fatalf("%s, %s: the echo is not shown: %.600s", form, call.tool, got)
				}
				if r75Hostile20Shows(got) {
					t.Errorf("%s, %q, %s: shows 12 bytes of the value: %.900s", form, shape, call.tool, got)
				}
			}
		}
	}
}

// TestR75Hostile20DescriptionCutAtEveryByte: an app's description (update_app, a later call)
// that holds the value set earlier, placed so that list_apps' shortened description (400 bytes)
// cuts it at each of its bytes, shows no 12 bytes of it in list_apps' text or structured
// content at any offset, nor in get_app's, whose description is whole.
func TestR75Hostile20DescriptionCutAtEveryByte(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	v := r74Hostile19Value
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "DB_PASSWORD", "value": v})
	for pad := 400 - len(v) - 2; pad <= 400; pad++ {
		desc := strings.Repeat("x", pad) + v + " and more words after it"
		h.ok(t, "update_app", map[string]any{"app": "analytics-app", "description": desc})
		for _, call := range []string{"list_apps", "get_app"} {
			args := map[string]any{}
			if call == "get_app" {
				args["app"] = "analytics-app"
			}
			got := r71Hostile15Everything(h.call(t, call, args))
			if !strings.Contains(got, "xxxxxxxx") {
				t.Fatalf("pad %d, %s: no description: %.400s", pad, call, got)
			}
			if r75Hostile20Shows(got) {
				t.Errorf("pad %d, %s: shows 12 bytes of the value: %s", pad, call, r66H10Around(got, "xxxxxxxx"+v[:2]))
			}
		}
	}
}
