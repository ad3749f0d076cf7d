package client_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

const r29Token = "spat_tok_1234567890"

// TestR29LongAPITextsAreShortened: an error answer with a 200 KB message, a 10 KB code and a
// 10 KB field name gives an error whose text is bounded, still names the operation and the
// status, notes each text's length, and never shows a beginning of the token the message holds
// across the cut (a cut never ends within a word: the message's beginning up to its last space
// before the cut is kept, and the code, one word, shows only the note); decisions read the
// texts whole (Received).
func TestR29LongAPITextsAreShortened(t *testing.T) {
	// The token begins 990 bytes in: shortened before it was redacted, "spat_tok_1" would show.
	msg := strings.Repeat("ab ", 330) + r29Token + strings.Repeat("m", 200*1024)
	code := strings.Repeat("c", 10*1024)
	field := strings.Repeat("f", 10*1024)
	answer, err := json.Marshal(map[string]any{"error": msg, "code": code,
		"details": map[string]any{"fieldErrors": map[string][]string{field: {strings.Repeat("e", 5000)}}}})
	mustNoErr(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		w.Write(answer)
	}))
	defer srv.Close()
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken(r29Token)})
	mustNoErr(t, err)

	_, err = c.ListApps(context.Background())
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("want an *APIError, got %T %v", err, err)
	}
	text := err.Error()
	if len(text) > 4000 {
		t.Errorf("Error() is %d bytes, want it bounded (at most 4,000)", len(text))
	}
	for _, want := range []string{"listApps: ", "400 Bad Request", "(shortened; 205,800 characters in all)",
		"(shortened; 10,240 characters in all; one word, not shown in part)", "(shortened; 5,000 characters in all; one word, not shown in part)"} {
		if !strings.Contains(text, want) {
			t.Errorf("Error() lacks %q: %.300s…", want, text)
		}
	}
	if strings.Contains(text, "spat_tok") {
		t.Errorf("a beginning of the token is shown: %.1100s", text)
	}
	if want := strings.Repeat("ab ", 329) + "ab… (shortened; 205,800 characters in all)"; apiErr.Message != want {
		t.Errorf("Message = %.100q… (%d bytes), want its words before the cut and the note", apiErr.Message, len(apiErr.Message))
	}
	if want := "… (shortened; 10,240 characters in all; one word, not shown in part)"; apiErr.Code != want {
		t.Errorf("Code = %.200q, want %q: a word cut in two is not shown", apiErr.Code, want)
	}
	for name := range apiErr.FieldErrors {
		if len(name) > 300 {
			t.Errorf("a field name of %d bytes is shown", len(name))
		}
	}
	shown := 0
	for _, p := range apiErr.Shown() {
		shown += len(p.Text)
	}
	if shown > 4000 {
		t.Errorf("Shown() is %d bytes, want it bounded", shown)
	}
	said := apiErr.Received()
	if said.Code != code || len(said.Message) != len(msg) || len(said.Fields) != 1 || said.Fields[0] != field {
		t.Errorf("Received is not the answer whole: code %d bytes, message %d bytes, fields %d",
			len(said.Code), len(said.Message), len(said.Fields))
	}
}

// r29Attempts counts the connections a server accepted: one per attempt of a client that
// keeps none alive across failures.
func r29Attempts(srv *httptest.Server) *atomic.Int32 {
	var n atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			n.Add(1)
		}
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake failures are the point
	return &n
}

// TestR29UntrustedCertificateIsNotSentNorRetried: a TLS server whose certificate the client
// does not trust: nothing reached it, the GET is not retried (the certificate will not change),
// the POST is not reported as sent, and the error says the certificate was not trusted.
func TestR29UntrustedCertificateIsNotSentNorRetried(t *testing.T) {
	var handled atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { handled.Add(1) }))
	attempts := r29Attempts(srv)
	srv.StartTLS() // a certificate of its own, which the client's roots do not hold
	defer srv.Close()
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken(r29Token), Retry: fastRetry})
	mustNoErr(t, err)
	waits := recordSleeps(c)

	_, err = c.ListApps(context.Background())
	var reqErr *client.RequestError
	if !errors.As(err, &reqErr) || reqErr.Sent || reqErr.OutcomeUnknown || !reqErr.Untrusted {
		t.Fatalf("GET: want a not-sent, untrusted RequestError, got %T %v", err, err)
	}
	if n := len(waits()); n != 0 {
		t.Errorf("GET retried %d times, want none", n)
	}
	if n := attempts.Load(); n != 1 {
		t.Errorf("GET made %d attempts, want 1", n)
	}
	if !strings.Contains(err.Error(), "certificate was not trusted, so the request was not sent and nothing changed") {
		t.Errorf("GET error does not say the certificate was not trusted: %v", err)
	}

	_, err = c.CreateApp(context.Background(), client.CreateAppRequest{Name: "never-sent", Region: "us-west-2"})
	if !errors.As(err, &reqErr) || reqErr.Sent || reqErr.OutcomeUnknown || client.MayHaveApplied(err) {
		t.Fatalf("POST: want not sent, outcome known, got %T %v", err, err)
	}
	if strings.Contains(err.Error(), "Outcome unknown") || !strings.Contains(err.Error(), "not trusted") {
		t.Errorf("POST error: %v", err)
	}
	if n := handled.Load(); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}

// r29Proxy is a proxy that reads each request (a CONNECT) and answers it with answer.
func r29Proxy(t *testing.T, answer string) string {
	return r29RawServer(t, func(conn net.Conn, _ *http.Request) { io.WriteString(conn, answer) })
}

// r29RawServer listens until the test ends and, on each connection, reads one request and
// hands it to handle; the connection is closed after, answered or not. It returns its address.
func r29RawServer(t *testing.T, handle func(net.Conn, *http.Request)) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	mustNoErr(t, err)
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				if req, err := http.ReadRequest(bufio.NewReader(conn)); err == nil {
					handle(conn, req)
				}
			}()
		}
	}()
	return ln.Addr().String()
}

func r29ProxiedClient(t *testing.T, proxy string) *client.Client {
	pu, err := url.Parse(proxy)
	mustNoErr(t, err)
	hc := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(pu)}}
	c, err := client.New(client.Config{BaseURL: "https://api.spice.example", Tokens: client.StaticToken(r29Token),
		HTTPClient: hc, Retry: fastRetry})
	mustNoErr(t, err)
	recordSleeps(c)
	return c
}

// TestR29ProxyRefusalIsNotSent: a proxy that refuses the CONNECT (407) or cannot be reached:
// the request never left for the API, so a POST is "not sent, nothing changed", not unknown.
func TestR29ProxyRefusalIsNotSent(t *testing.T) {
	for name, proxy := range r29RefusingProxies(t) {
		t.Run(name, func(t *testing.T) {
			c := r29ProxiedClient(t, proxy)
			_, err := c.CreateApp(context.Background(), client.CreateAppRequest{Name: "never-sent", Region: "us-west-2"})
			var reqErr *client.RequestError
			if !errors.As(err, &reqErr) || reqErr.Sent || reqErr.OutcomeUnknown || client.MayHaveApplied(err) {
				t.Fatalf("want a not-sent RequestError, got %T %v", err, err)
			}
			if !strings.Contains(err.Error(), "The request was not sent, so nothing changed") {
				t.Errorf("error: %v", err)
			}
		})
	}
}

// TestR29ReadThenClosedIsSent: a server that reads the whole request and closes the connection
// without answering may have acted on it: a POST is sent, outcome unknown, and not retried.
func TestR29ReadThenClosedIsSent(t *testing.T) {
	var reads atomic.Int32
	addr := r29RawServer(t, func(_ net.Conn, req *http.Request) {
		io.Copy(io.Discard, req.Body)
		reads.Add(1)
	})
	c, err := client.New(client.Config{BaseURL: "http://" + addr, Tokens: client.StaticToken(r29Token), Retry: fastRetry})
	mustNoErr(t, err)
	waits := recordSleeps(c)
	_, err = c.CreateApp(context.Background(), client.CreateAppRequest{Name: "maybe-made", Region: "us-west-2"})
	var reqErr *client.RequestError
	if !errors.As(err, &reqErr) || !reqErr.Sent || !reqErr.OutcomeUnknown || reqErr.Untrusted || !client.MayHaveApplied(err) {
		t.Fatalf("want a sent, outcome-unknown RequestError, got %T %v", err, err)
	}
	if !strings.Contains(err.Error(), "Outcome unknown: the request was sent") {
		t.Errorf("error: %v", err)
	}
	if n := reads.Load(); n != 1 || len(waits()) != 0 {
		t.Errorf("the POST was read %d times after %d retries, want once and none", n, len(waits()))
	}
}

// TestR29UntracedTransportFailureIsSent: a RoundTripper that does not report through httptrace
// (a test's, a wrapper's) failing other than to dial is taken as sent, as before: unknown is
// the safe side for a write.
func TestR29UntracedTransportFailureIsSent(t *testing.T) {
	hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, errors.New("connection reset by peer")
	})}
	c, err := client.New(client.Config{BaseURL: "https://api.spice.example", Tokens: client.StaticToken(r29Token), HTTPClient: hc})
	mustNoErr(t, err)
	_, err = c.CreateApp(context.Background(), client.CreateAppRequest{Name: "maybe-made", Region: "us-west-2"})
	var reqErr *client.RequestError
	if !errors.As(err, &reqErr) || !reqErr.Sent || !reqErr.OutcomeUnknown {
		t.Fatalf("want sent, outcome unknown, got %T %v", err, err)
	}
}

// r29RefusingProxies are proxies a request never gets past: one answering 407 and one whose
// port nothing listens on.
func r29RefusingProxies(t *testing.T) map[string]string {
	down, err := net.Listen("tcp", "127.0.0.1:0")
	mustNoErr(t, err)
	downAddr := down.Addr().String()
	down.Close()
	return map[string]string{
		"proxy 407":  "http://" + r29Proxy(t, "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"),
		"proxy down": "http://" + downAddr,
	}
}
