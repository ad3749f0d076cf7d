package mcpserver_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR48Words3StructuredCopyKeepsTheAPIsText: an app's description that holds a bidi
// override and a zero-width space, answered by the API for get_app, is shown in the text with
// each written as its escape (a joiner of the text kept), and the structured content carries
// the API's value exactly: it is data, and nothing in it is silently altered.
func TestR48Words3StructuredCopyKeepsTheAPIsText(t *testing.T) {
	const desc = "Acme \u202eevil\u202c x\u200by fam\U0001F468\u200d\U0001F469"
	appPath := regexp.MustCompile(`^/v1/(apps|projects)/\d+$`)
	withDesc := func(r *http.Response) error {
		if r.Request.Method != http.MethodGet || !appPath.MatchString(r.Request.URL.Path) || r.StatusCode >= 300 {
			return nil
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		quoted, _ := json.Marshal(desc)
		// The emulator's own description goes first: a name given twice is refused (r54).
		body = regexp.MustCompile(`"description":(null|"(?:[^"\\]|\\.)*"),?`).ReplaceAll(body, nil)
		if i := bytes.LastIndexByte(body, '}'); i > 0 {
			body = append(body[:i:i], append([]byte(`,"description":`+string(quoted)), body[i:]...)...)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: recordingProxy(nil, withDesc)})
	res := h.call(t, "get_app", map[string]any{"app": "analytics-app"})
	if res.IsError {
		t.Fatalf("get_app failed: %s", text(res))
	}
	if got := text(res); !strings.Contains(got, `Acme \u202eevil\u202c x\u200by fam`+"\U0001F468\u200d\U0001F469") ||
		strings.ContainsAny(got, "\u202e\u202c\u200b") {
		t.Errorf("the text does not show the description's hidden characters as escapes:\n%+q", got)
	}
	raw, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatal(err)
	}
	var structured struct {
		Description string `json:"description"`
		App         *struct {
			Description string `json:"description"`
		} `json:"app"`
	}
	if err := json.Unmarshal(raw, &structured); err != nil {
		t.Fatal(err)
	}
	got := structured.Description
	if structured.App != nil {
		got = structured.App.Description
	}
	if got != desc {
		t.Errorf("structured description %+q, want the API's %+q:\n%s", got, desc, raw)
	}
}
