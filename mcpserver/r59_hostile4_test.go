package mcpserver_test

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR59Hostile4ResourceNotUTF8Noted: a tool result whose answer held bytes that are not UTF-8
// says so once (TestR59Hostile3NotUTF8Noted), but a resource read rendering the same view
// (spice://apps, spice://apps/{app}) showed "bad��name" with no word that it is not the API's
// name, nor did its refusal ("No app named … Did you mean: bad��name"). The resource, or its
// refusal, now carries the same note, once, after the view.
func TestR59Hostile4ResourceNotUTF8Noted(t *testing.T) {
	const at = `"created_at":"2026-01-01T00:00:00.000Z"`
	const note = " with bytes that are not UTF-8, shown as � (U+FFFD): such a text is not exactly the API's, so it may not name the same thing when given back."
	h := r54HostileAnswering(t, "GET", `^/v1/projects$`, 200, "{\"projects\":[{\"id\":101,\"name\":\"bad\xff\xfename\",\"visibility\":\"private\","+at+"},"+
		"{\"id\":102,\"name\":\"edge-app\",\"visibility\":\"private\","+at+"}]}")
	got, err := r56ClaimsReadResource(h, "spice://apps")
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "spice://apps", got, "bad��name", "Odd in the API's answer: GET /v1/projects gave `projects[0].name`"+note)
	if n := strings.Count(got, "not UTF-8"); n != 1 {
		t.Errorf("noted %d times, want once:\n%s", n, got)
	}
	h = r54HostileAnswering(t, "GET", `^/v1/projects/101$`, 200, "{\"id\":101,\"name\":\"analytics-app\",\"visibility\":\"private\","+at+",\"tags\":{\"te\xc3am\":\"data\"},\"config\":{}}")
	got, err = r56ClaimsReadResource(h, "spice://apps/analytics-app")
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "spice://apps/analytics-app", got, "GET /v1/projects/101 gave `tags.te�am (a name)`"+note)
	if n := strings.Count(got, "not UTF-8"); n != 1 {
		t.Errorf("noted %d times, want once:\n%s", n, got)
	}
	// A read refused shows the API's text too (the names it did mean): the note ends the reason.
	h = r54HostileAnswering(t, "GET", `^/v1/projects$`, 200, "{\"projects\":[{\"id\":101,\"name\":\"bad\xff\xfename\",\"visibility\":\"private\","+at+"}]}")
	if _, err := r56ClaimsReadResource(h, "spice://apps/bad-name"); err == nil {
		t.Error("spice://apps/bad-name read")
	} else {
		mustContain(t, "spice://apps/bad-name", err.Error(), "Did you mean: bad��name (101)?", "GET /v1/projects gave `projects[0].name`"+note)
		if n := strings.Count(err.Error(), "not UTF-8"); n != 1 {
			t.Errorf("noted %d times, want once: %v", n, err)
		}
	}
	// A view of text the API holds as written carries no such note.
	h = r54HostileAnswering(t, "GET", `^/v1/projects$`, 200, `{"projects":[{"id":101,"name":"a\ufffdb","visibility":"private",`+at+`}]}`)
	if got, err := r56ClaimsReadResource(h, "spice://apps"); err != nil || strings.Contains(got, "UTF-8") {
		t.Errorf("U+FFFD the API holds noted (%v):\n%s", err, got)
	}
}

// TestR59Hostile4QuestionNotUTF8Noted: the client's confirmation question (elicitation) of a
// delete_app whose app the API names with bytes that are not UTF-8 asked "Delete app
// docs�search … Type docs�search to confirm." with no note: the question is no tool result, so
// the note that ends a result never reached the person. The question now says it, once.
func TestR59Hostile4QuestionNotUTF8Noted(t *testing.T) {
	badName := func(r *http.Response) error {
		if r.Request.Method != http.MethodGet {
			return nil
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		body = bytes.ReplaceAll(body, []byte(`"docs-search"`), []byte("\"docs\xffsearch\""))
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	var answers []canned
	var asked atomic.Int64
	var mu sync.Mutex
	var questions []string
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, badName), elicit: declineAll(&asked, &questions, &mu)})
	got := h.fail(t, "delete_app", map[string]any{"app": "102"})
	mu.Lock()
	question := strings.Join(questions, "\n")
	mu.Unlock()
	mustContain(t, "question", question, "Delete app docs\uFFFDsearch", "Odd in the API's answer: GET /v1/projects gave `projects[1].name` with bytes that are not UTF-8")
	if n := strings.Count(question, "not UTF-8"); n != 1 || asked.Load() != 1 {
		t.Errorf("asked %d times, noted %d times, want once:\n%s", asked.Load(), n, question)
	}
	if n := strings.Count(got, "not UTF-8"); n != 1 {
		t.Errorf("the result noted it %d times, want once:\n%s", n, got)
	}
}
