package humanweb_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// storingForm opens a secret form for names whose Store keeps what it gets; check is the
// form's Check.
func storingForm(t *testing.T, check func(name, value string) string, names ...string) (humanweb.Link, func() map[string]string) {
	t.Helper()
	var mu sync.Mutex
	stored := map[string]string{}
	s := newSurface(t, humanweb.Options{})
	_, link, err := s.Secrets(context.Background(), humanweb.SecretForm{Key: "f", Tool: "set_secret", App: "docs-search (102)", Names: names,
		Check: check,
		Store: func(_ context.Context, name, value string) error {
			mu.Lock()
			defer mu.Unlock()
			stored[name] = value
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	return link, func() map[string]string {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]string{}
		for k, v := range stored {
			out[k] = v
		}
		return out
	}
}

// TestSecretValueLineBreaks: a textarea's line breaks, sent as CR LF by every browser, are
// stored as LF, as the field showed them; everything else, a final line break included, is
// stored as sent.
func TestSecretValueLineBreaks(t *testing.T) {
	link, stored := storingForm(t, nil, "PEM")
	const pem = "-----BEGIN KEY-----\nAAAA\tBBBB \n-----END KEY-----\n"
	r := post(t, link.URL, url.Values{"token": {tokenOf(t, link.URL)}, "decision": {"store"},
		"secret-PEM": {strings.ReplaceAll(pem, "\n", "\r\n")}}, sameOrigin(link.URL))
	if r.status != http.StatusOK || stored()["PEM"] != pem {
		t.Errorf("stored %q (%d), want %q", stored()["PEM"], r.status, pem)
	}
}

// TestSecretValueSizes: the page reads a form whose values are each as long as a value can be
// (MaxValueBytes), sent in the URL encoding's worst case (every byte %XX); a value its Check
// refuses re-shows the form naming the field and the reason, and nothing is stored; a body
// over the form's limit is refused naming the limit, before it is read.
func TestSecretValueSizes(t *testing.T) {
	check := func(name, value string) string {
		if len(value) > humanweb.MaxValueBytes-100 {
			return "at most " + strconv.Itoa(humanweb.MaxValueBytes-100) + " bytes"
		}
		return ""
	}
	link, stored := storingForm(t, check, "A", "B")
	token := tokenOf(t, link.URL)
	longest := strings.Repeat("%", humanweb.MaxValueBytes-100)
	over := strings.Repeat("%", humanweb.MaxValueBytes)
	r := post(t, link.URL, url.Values{"token": {token}, "decision": {"store"}, "secret-A": {"ok"}, "secret-B": {over}}, sameOrigin(link.URL))
	if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, `data-outcome="pending"`) ||
		!strings.Contains(r.body, "Too long to store, so nothing was stored: B: at most "+strconv.Itoa(humanweb.MaxValueBytes-100)+" bytes.") ||
		len(stored()) != 0 || strings.Contains(r.body, "%%%") {
		t.Fatalf("a value over its limit: %d, stored %d\n%.3000s", r.status, len(stored()), r.body)
	}
	// The values of one submission share one limit, whatever the number of names: two at
	// their limit are refused together, naming it; one alone is stored.
	r = post(t, link.URL, url.Values{"token": {token}, "decision": {"store"}, "secret-A": {longest}, "secret-B": {longest}}, sameOrigin(link.URL))
	if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "bytes as sent for 2 secret values together") || len(stored()) != 0 {
		t.Fatalf("two values at the limit, %d bytes as sent: %d\n%.3000s", 2*3*len(longest), r.status, r.body)
	}
	link, stored = storingForm(t, check, "A")
	r = post(t, link.URL, url.Values{"token": {tokenOf(t, link.URL)}, "decision": {"store"}, "secret-A": {longest}}, sameOrigin(link.URL))
	if got := stored(); r.status != http.StatusOK || got["A"] != longest {
		t.Fatalf("a value at the limit, %d bytes as sent: %d", 3*len(longest), r.status)
	}

	// Without a Check, MaxValueBytes is the bound; a body over the form's limit is refused.
	link, stored = storingForm(t, nil, "A")
	token = tokenOf(t, link.URL)
	r = post(t, link.URL, url.Values{"token": {token}, "decision": {"store"}, "secret-A": {over + "x"}}, sameOrigin(link.URL))
	if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "A: "+strconv.Itoa(humanweb.MaxValueBytes+1)+" bytes; at most "+strconv.Itoa(humanweb.MaxValueBytes)) {
		t.Errorf("over MaxValueBytes without a Check: %d\n%.3000s", r.status, r.body)
	}
	huge := url.Values{"token": {token}, "decision": {"store"}, "secret-A": {strings.Repeat("%", humanweb.MaxValueBytes+40<<10)}}
	r = post(t, link.URL, huge, sameOrigin(link.URL))
	if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, `data-outcome="refused"`) ||
		!strings.Contains(r.body, "for 1 secret value, which can be at most "+strconv.Itoa(humanweb.MaxValueBytes)+" bytes") || len(stored()) != 0 {
		t.Errorf("a body over the form's limit: %d\n%.3000s", r.status, r.body)
	}
	if r := post(t, link.URL, url.Values{"token": {token}, "decision": {"store"}, "secret-A": {"ok"}}, sameOrigin(link.URL)); r.status != http.StatusOK || stored()["A"] != "ok" {
		t.Errorf("the form after refusals: %d", r.status)
	}
}

// TestOriginRefusalsSayWhy: a POST the browser marks as from another site and one whose
// origin the browser hides (Origin: null, no Sec-Fetch-Site: same-origin) are both refused,
// each page saying which; a plain-http page's own POST (its real Origin, no Sec-Fetch-Site,
// as browsers send beyond loopback) is taken.
func TestOriginRefusalsSayWhy(t *testing.T) {
	s := newSurface(t, humanweb.Options{})
	link := approval(t, s, "k")
	form := url.Values{"token": {tokenOf(t, link.URL)}, "decision": {"decline"}}
	for _, c := range []struct {
		headers map[string]string
		says    string
	}{
		{map[string]string{"Origin": "http://evil.example"}, "the browser said it came from another site"},
		{map[string]string{"Sec-Fetch-Site": "cross-site"}, "the browser said it came from another site"},
		{map[string]string{"Origin": "null", "Sec-Fetch-Site": "cross-site"}, "the browser said it came from another site"},
		{map[string]string{"Origin": "null"}, "The browser did not say which site this answer came from"},
		{map[string]string{"Origin": "null", "Sec-Fetch-Site": "same-site"}, "The browser did not say which site this answer came from"},
	} {
		r := post(t, link.URL, form, c.headers)
		if r.status != http.StatusForbidden || !strings.Contains(r.body, c.says) {
			t.Errorf("%v: %d\n%s", c.headers, r.status, r.body)
		}
	}
	u, _ := url.Parse(link.URL)
	if r := post(t, link.URL, form, map[string]string{"Origin": "http://" + u.Host}); r.status != http.StatusOK || decision(t, s, "k") != humanweb.Declined {
		t.Errorf("the page's own POST without fetch metadata: %d", r.status)
	}
}

// countingBody counts the bytes the server reads of a request body.
type countingBody struct {
	r    io.Reader
	read atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.read.Add(int64(n))
	return n, err
}
func (b *countingBody) Close() error { return nil }

// pagePost is a POST of the page's own form to s's handler, its body read from body.
func pagePost(link string, body io.Reader, length int64) *http.Request {
	req := httptest.NewRequest(http.MethodPost, link, body)
	req.ContentLength = length
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range sameOrigin(link) {
		req.Header.Set(k, v)
	}
	return req
}

// TestFormBodyIsBoundedWhateverTheNames: a form asking for 300 secrets reads no more per POST
// than one asking for one (about 3.4 MiB, not 3.3 MiB a name): a larger Content-Length is
// refused naming the limit before a byte is read; and a second POST to a link while one is
// being read is refused at once, unread, so a link holding many names cannot be made to hold
// many bodies. Before, the limit grew by 3.3 MiB a name (1 GB for 300) and every POST was read.
func TestFormBodyIsBoundedWhateverTheNames(t *testing.T) {
	s := newSurface(t, humanweb.Options{})
	names := make([]string, 300)
	for i := range names {
		names[i] = fmt.Sprintf("SECRET_%03d", i)
	}
	_, link, err := s.Secrets(context.Background(), humanweb.SecretForm{Key: "many", Tool: "create_and_deploy_app", App: "docs-search", Names: names,
		Store: func(context.Context, string, string) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	limit := int64(64<<10 + 3*humanweb.MaxValueBytes + 3*300*len("&secret-=SECRET_000"))
	body := &countingBody{r: strings.NewReader(strings.Repeat("a", 8<<20))}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, pagePost(link.URL, body, 8<<20))
	if rec.Code != http.StatusRequestEntityTooLarge || body.read.Load() != 0 ||
		!strings.Contains(rec.Body.String(), "at most "+strconv.FormatInt(limit, 10)+" bytes as sent for 300 secret values together") {
		t.Fatalf("8 MiB for 300 names: %d, %d bytes read\n%.3000s", rec.Code, body.read.Load(), rec.Body.String())
	}

	// One POST is being read (its body arrives slowly); another to the same link is refused
	// at once without reading a byte of it; the first is then answered as usual.
	pr, pw := io.Pipe()
	first := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Handler().ServeHTTP(first, pagePost(link.URL, pr, -1))
	}()
	if _, err := io.WriteString(pw, "token="+url.QueryEscape(tokenOf(t, link.URL))+"&decision=cancel&x="); err != nil {
		t.Fatal(err)
	}
	second := &countingBody{r: strings.NewReader("token=x&decision=cancel")}
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, pagePost(link.URL, second, 23))
	if rec.Code != http.StatusConflict || second.read.Load() != 0 || !strings.Contains(rec.Body.String(), "Another answer to this link is being sent right now") {
		t.Errorf("a second POST while one is read: %d, %d bytes read\n%.3000s", rec.Code, second.read.Load(), rec.Body.String())
	}
	pw.Close()
	<-done
	if first.Code != http.StatusOK || !strings.Contains(first.Body.String(), `data-outcome="declined"`) {
		t.Errorf("the first POST: %d\n%.3000s", first.Code, first.Body.String())
	}
}
