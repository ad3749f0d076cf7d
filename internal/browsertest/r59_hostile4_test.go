package browsertest_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/browsertest"
)

// r59Hostile4BadName answers the emulator's GET answers with docs-search named "docs\xffsearch":
// bytes that are not UTF-8, which encoding/json reads as U+FFFD.
func r59Hostile4BadName(emu http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			emu.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		emu.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(bytes.ReplaceAll(rec.Body.Bytes(), []byte(`"docs-search"`), []byte("\"docs\xffsearch\"")))
	})
}

// TestR59Hostile4ApprovalPageNotUTF8Noted: a delete_app of an app the API names with bytes that
// are not UTF-8 offered an approval page saying "Delete app docs�search …" with no word that
// the name shown is not the API's (the tool result ends with the note; the page, which the
// person reads, did not). The page now lists the note among the action's further facts, once,
// its fields quoted (plain text, as the page's other facts are).
func TestR59Hostile4ApprovalPageNotUTF8Noted(t *testing.T) {
	s := newServer(t, serverOptions{api: r59Hostile4BadName})
	id := s.appID(t, "docs\uFFFDsearch") // listed as read
	first := s.call(t, "delete_app", map[string]any{"app": fmt.Sprint(id)})
	link := linkIn(t, first)
	if !strings.Contains(text(first), "not UTF-8") {
		t.Fatalf("the tool result has no note:\n%s", text(first))
	}
	tab := browsertest.NewTab(t)
	if status := open(t, tab, link); status != http.StatusOK || outcome(tab) != "pending" {
		t.Fatalf("approval page: %d %s", status, outcome(tab))
	}
	page := tab.Text()
	if !strings.Contains(pageText(tab, "action"), "docs\uFFFDsearch") {
		t.Errorf("the page does not show the name as read: %q", page)
	}
	effects := pageText(tab, "effects")
	const want = "Odd in the API's answer: GET /v1/projects gave \"projects[1].name\" with bytes that are not UTF-8, shown as � (U+FFFD)"
	if !strings.Contains(effects, want) || strings.Count(page, "not UTF-8") != 1 || strings.Contains(effects, "`") {
		t.Errorf("the page's further facts do not note it once, plainly (want %q):\n%s", want, page)
	}
}

// TestR59Hostile4SecretPageNotUTF8Noted: a set_secret for an app the API names with bytes that
// are not UTF-8 offered a page headed "Enter secret values for docs�search" with no word that
// the name shown is not the API's. The page now notes it once, under the secret names
// (ul#effects, as an approval page's further facts).
func TestR59Hostile4SecretPageNotUTF8Noted(t *testing.T) {
	s := newServer(t, serverOptions{api: r59Hostile4BadName})
	id := s.appID(t, "docs\uFFFDsearch") // listed as read
	first := s.call(t, "set_secret", map[string]any{"app": fmt.Sprint(id), "name": "PG_PASS"})
	link := linkIn(t, first)
	tab := browsertest.NewTab(t)
	if status := open(t, tab, link); status != http.StatusOK || outcome(tab) != "pending" {
		t.Fatalf("secret page: %d %s", status, outcome(tab))
	}
	page := tab.Text()
	if !strings.Contains(pageText(tab, "title"), "docs\uFFFDsearch") {
		t.Errorf("the page does not show the name as read: %q", page)
	}
	if strings.Count(page, "not UTF-8") != 1 || !strings.Contains(page, "Odd in the API's answer: GET /v1/projects") {
		t.Fatalf("the page does not note it once:\n%s", page)
	}
	if notes := pageText(tab, "effects"); !strings.Contains(notes, "with bytes that are not UTF-8, shown as � (U+FFFD)") || strings.Contains(notes, "`") {
		t.Errorf("the note is not among the page's facts, plainly: %q", notes)
	}
}
