package client

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// echoServer answers every request with a line that is not HTTP: the bearer token for a
// request without a body, else the body (a raw upstream echoing the request, as an auditor's
// did). Go's transport quotes that line in its error ("malformed HTTP response").
func echoServer(t *testing.T) string {
	return rawServer(t, func(head textproto.MIMEHeader, body []byte) string {
		if len(body) > 0 {
			return string(body)
		}
		return strings.TrimPrefix(head.Get("Authorization"), "Bearer ")
	})
}

// rawServer answers every request with the line answer makes of its headers and body, and an
// empty line: not HTTP, so Go's transport quotes the line in its error.
func rawServer(t *testing.T, answer func(head textproto.MIMEHeader, body []byte) string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer conn.Close()
				_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
				r := textproto.NewReader(bufio.NewReader(conn))
				if _, err := r.ReadLine(); err != nil {
					return
				}
				head, err := r.ReadMIMEHeader()
				if err != nil {
					return
				}
				var body []byte
				if n, _ := strconv.Atoi(head.Get("Content-Length")); n > 0 {
					body = make([]byte, n)
					if _, err := io.ReadFull(r.R, body); err != nil {
						return
					}
				}
				_, _ = conn.Write([]byte(answer(head, body) + "\r\n\r\n"))
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// TestTransportErrorsRedacted: a transport error's words (Go quotes a line the server sent
// that is not HTTP) are redacted of the token and the values sent, in the error and in every
// retry log line, in any case.
func TestTransportErrorsRedacted(t *testing.T) {
	const token, value = "Tk9pQzR7xLmN4vB2", "hunter2Secret99"
	var logs testutil.SyncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := New(Config{BaseURL: echoServer(t), Tokens: StaticToken(token), Logger: logger,
		Retry: RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, listErr := c.ListOrgs(ctx)
	_, secretErr := c.UpsertProjectSecret(ctx, 5, "PG_PASS", value)
	for _, err := range []error{listErr, secretErr} {
		if err == nil || !strings.Contains(err.Error(), "malformed HTTP response") || !strings.Contains(err.Error(), redactedMark) {
			t.Fatalf("want a redacted malformed-response error, got %v", err)
		}
	}
	logged := logs.String()
	if !strings.Contains(logged, "retrying") {
		t.Fatalf("no retry logged: %s", logged)
	}
	for _, text := range []string{listErr.Error(), secretErr.Error(), logged} {
		for _, v := range []string{token, value} {
			if strings.Contains(strings.ToLower(text), strings.ToLower(v)) {
				t.Errorf("%q shows %q", text, v)
			}
		}
	}
	// errors.As still reaches the transport's error.
	var reqErr *RequestError
	if !errors.As(listErr, &reqErr) || !reqErr.Sent {
		t.Errorf("not a sent *RequestError: %#v", listErr)
	}
}

// TestOAuthAnswersRedacted: the token endpoint's words — a transport error quoting the
// request (the client secret), an unsupported token_type, a redirect's host — are redacted of
// the client's credentials, and the token_type is shortened; an unusable answer is a
// *TokenError.
func TestOAuthAnswersRedacted(t *testing.T) {
	const id, secret = "canary-client-id", "cS3cr3tValue_XyZ77"
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		want    string
	}{
		{"token_type", func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"access_token":"at-0123456789","token_type":"mac cS3cr3tValue_XyZ77 CS3CR3TVALUE_XYZ77 at-0123456789 ` +
				strings.Repeat("x", 3000) + `","expires_in":3600}`))
		}, `token_type "mac [REDACTED] [REDACTED] [REDACTED]…"`}, // the cut drops the x word whole
		{"no access_token", func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"token_type":"Bearer"}`))
		}, "no access_token"},
		{"redirect", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://cs3cr3tvalue_xyz77:8080/x?y=1", http.StatusFound)
		}, "to http://[REDACTED]:8080"},
	} {
		srv := httptest.NewServer(tc.handler)
		cc := NewClientCredentials(id, secret, srv.URL+"/oauth/token")
		_, err := cc.Token(context.Background())
		srv.Close()
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(strings.ToLower(err.Error()), strings.ToLower(secret)) ||
			len(err.Error()) > 400 {
			t.Errorf("%s: %v", tc.name, err)
		}
		var te *TokenError
		if tc.name != "redirect" && (!errors.As(err, &te) || te.StatusCode != http.StatusOK) {
			t.Errorf("%s: not a *TokenError of a 200: %#v", tc.name, err)
		}
	}
	// A transport error quoting the form sent: the client secret is not shown.
	base := echoServer(t)
	cc := NewClientCredentials(id, secret, base+"/oauth/token")
	cc.Retry = RetryPolicy{MaxAttempts: 1}
	_, err := cc.Token(context.Background())
	if err == nil || !strings.Contains(err.Error(), "malformed HTTP response") || strings.Contains(err.Error(), secret) {
		t.Errorf("token request echo: %v", err)
	}
}

// TestRedirectHostRedacted: a redirect to a host that is a sent value does not show it.
func TestRedirectHostRedacted(t *testing.T) {
	const value = "hunter2Secret99"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "http://hunter2Secret99:8080/x?q=1")
		w.WriteHeader(http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, Tokens: StaticToken("t0k3n-for-tests")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.UpsertProjectSecret(context.Background(), 5, "PG_PASS", value)
	if err == nil || !strings.Contains(err.Error(), "to http://[REDACTED]:8080") || strings.Contains(err.Error(), value) {
		t.Errorf("redirect: %v", err)
	}
}

// TestRedactAnyCase: a value echoed in another case (Unicode simple folding: the Kelvin sign
// is a 'K'), in any spelling redact reads, is redacted; a value shorter than minFoldAnywhere
// bytes only as a whole word in another case, so ordinary words keep their letters.
func TestRedactAnyCase(t *testing.T) {
	for _, tc := range []struct{ value, text, want string }{
		{"hunter2Secret99", "value hunter2Secret99 rejected; HUNTER2SECRET99", "value [REDACTED] rejected; [REDACTED]"},
		{"hunter2Secret99", `x HUNTER2\u0053ECRET99 HUNTER2%53ECRET99 hunter2&#x53;ecret99 y`, "x [REDACTED] [REDACTED] [REDACTED] y"},
		{"kelvin-secret-1", "a \u212Aelvin-SECRET-1 b", "a [REDACTED] b"},
		{"Ünïcode-Secret", "ÜNÏCODE-SECRET", "[REDACTED]"},
		{"Name", "username: name NAME Name", "username: [REDACTED] [REDACTED] [REDACTED]"},
		{"Name", "renamed NAMES", "renamed NAMES"},
		// A value counts as long as it is seen: padded with invisible characters, still a word.
		{"Name\u200b\u200b", "username: name NAME", "username: [REDACTED] [REDACTED]"},
		{"Name\u00ad\u00ad", "usernames", "usernames"},
		{"12345678", "12345678", "[REDACTED]"},
	} {
		if got := redact(tc.text, tc.value); got != tc.want {
			t.Errorf("redact(%q, %q) = %q, want %q", tc.text, tc.value, got, tc.want)
		}
	}
	// A beginning of the value in another case that a shortened text ends with.
	if got := truncateRedacted("x HUNTER2SECR", 100, "hunter2Secret99"); got != "x [REDACTED]" {
		t.Errorf("truncated: %q", got)
	}
	e := answerTo(t, 400, "application/json", `{"error":"value hunter2Secret99 rejected; HUNTER2SECRET99"}`, "hunter2Secret99")
	for _, shown := range shownLike(e) {
		if strings.Contains(strings.ToLower(shown), "hunter2secret99") {
			t.Errorf("shown: %q", shown)
		}
	}
}

// TestValueSplitAcrossOurSeparators: a value the answer split across texts we join ("; "
// between form errors, ", " between a field's errors) is redacted whole.
func TestValueSplitAcrossOurSeparators(t *testing.T) {
	for _, body := range []string{
		`{"error":"x","details":{"formErrors":["Zq9-secret-VALUE-","77"]}}`,
		`{"error":"x","details":{"fieldErrors":{"a":["Zq9-secret-","VALUE-77"]}}}`,
		`{"error":"x","details":{"fieldErrors":{"a":["Zq9-secret-VALUE"],"b":["-77"]}}}`,
	} {
		e := answerTo(t, 400, "application/json", body, "Zq9-secret-VALUE-77")
		for _, shown := range shownLike(e) {
			if strings.Contains(shown, "Zq9-secret") || strings.Contains(shown, "VALUE-77") {
				t.Errorf("%s: %q", body, shown)
			}
		}
	}
	code, desc := redactReason(400, "Zq9-secret-", "VALUE-77 bad", "Zq9-secret-VALUE-77")
	if strings.Contains(code+desc, "Zq9") || strings.Contains(code+desc, "VALUE-77") {
		t.Errorf("oauth reason: %q %q", code, desc)
	}
}

// BenchmarkRedactAnyCase: looking for the values in another case too (foldSpans) against
// looking for them only in the case sent (the fold needles left out), on the same bodies, 1 and
// 8 MiB of each: near misses in another case, the Kelvin sign (3 bytes that fold to 1), escapes.
func BenchmarkRedactAnyCase(b *testing.B) {
	const mib = 1 << 20
	sensitive := []string{"spice_pat_0123456789abcdefghijklmnopqrstuvwxyzABCDEF", "hunter2Secret99"}
	anyCase := newRedactor(sensitive)
	exact := newRedactor(sensitive)
	exact.nd.fold, exact.nd.foldWord, exact.nd.foldM = nil, nil, nil
	sizes := []int{mib, 8 * mib}
	if testing.Short() {
		sizes = sizes[:1] // CI runs every benchmark once, with -short
	}
	for _, size := range sizes {
		for _, tc := range []struct{ name, unit string }{
			{"near-misses", strings.ToUpper(sensitive[0][:len(sensitive[0])-1]) + " HUNTER2SECRET9 "},
			{"kelvin", "\u212A"},
			{"escapes", `HUNTER2\u0053ECRET9 `},
			{"plain", "x"},
		} {
			body := strings.Repeat(tc.unit, size/len(tc.unit))
			for _, r := range []struct {
				name string
				r    *redactor
			}{{"exact-case", exact}, {"any-case", anyCase}} {
				b.Run(fmt.Sprintf("%s/%dMiB/%s", tc.name, size/mib, r.name), func(b *testing.B) {
					b.SetBytes(int64(len(body)))
					b.ReportAllocs()
					var out string
					for b.Loop() {
						out = r.r.redact(body)
					}
					r75CiBenchCheck(b, r.r.redact, sensitive, out, body) // near misses all
				})
			}
		}
	}
}

// TestTransportTextShortened: a transport error's words are redacted, then cut to
// maxTransportText bytes, never within a word; errors.Is still reaches the error.
func TestTransportTextShortened(t *testing.T) {
	const value = "hunter2Secret99"
	cause := errors.New(`malformed HTTP response "` + strings.Repeat("y", 262) + " HUNTER2SECRET99 " + strings.Repeat("z", 5000) + `"`)
	err := redactTransport(cause, value)
	// The z word the cut falls in is dropped whole.
	if len(err.Error()) > maxTransportText+len("…") || !strings.HasSuffix(err.Error(), " "+redactedMark+"…") || strings.Contains(err.Error(), "HUNTER2") || !errors.Is(err, cause) {
		t.Errorf("%d bytes: %q", len(err.Error()), err.Error())
	}
}
