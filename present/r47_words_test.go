package present

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present/answerwords"
)

// r47WordsTokenAnswer is what a real client makes of a token endpoint answering 200 with body.
func r47WordsTokenAnswer(t *testing.T, body string) error {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	_, err := client.NewClientCredentials("ci", "ci-secret-123456-canary", srv.URL+"/oauth/token").Token(context.Background())
	var te *client.TokenError
	if !errors.As(err, &te) {
		t.Fatalf("not a *client.TokenError: %v", err)
	}
	return err
}

// TestR47WordsUnusableTokenIsWordedAsOurs: a token endpoint's success without a usable token is
// said in our words, with only its token_type shown (and masked) as the endpoint's text: a
// token_type "password=" does not make our ", not Bearer" read as the password it gives.
func TestR47WordsUnusableTokenIsWordedAsOurs(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{"access_token":"at-1","token_type":"password="}`, `answered 200 OK: token_type "password=", not Bearer. No token was issued`},
		{`{"access_token":"at-1","token_type":"secret:"}`, `answered 200 OK: token_type "secret:", not Bearer. No token was issued`},
		{`{"access_token":"at-1","token_type":"mac"}`, `answered 200 OK: token_type "mac", not Bearer. No token was issued`},
		{`{"token_type":"Bearer"}`, `answered 200 OK: no access_token. No token was issued`},
		{`{"access_token":" ","token_type":"Bearer"}`, "answered 200 OK: an access_token no Authorization header can carry (blank, or holding a line break or another control character). No token"},
	} {
		err := r47WordsTokenAnswer(t, tc.body)
		words := ErrorWords(err)
		for _, got := range []string{Error(err), words.Markdown, words.Plain} {
			if !strings.Contains(got, tc.want) {
				t.Errorf("%s: want %q in:\n%s", tc.body, tc.want, got)
			}
		}
	}
}

// TestR47WordsWordlessAnswerInPresentsWords: an API answer with a status HTTP gives no words to
// and no body is shown in the words answerwords holds, the ones the client redacts it joined
// with: "499 (a status HTTP defines no meaning for): no message came with it".
func TestR47WordsWordlessAnswerInPresentsWords(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(499) }))
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("t0k3n-for-tests"), Retry: client.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetProject(context.Background(), 7)
	want := "499 " + answerwords.Status(499) + ": " + answerwords.NoMessage
	if got := Error(err); !strings.Contains(got, want) || want != "499 (a status HTTP defines no meaning for): no message came with it" {
		t.Errorf("want %q in:\n%s", want, got)
	}
}

// TestR47WordsRequestFailureOursNotMasked: a request that got no answer is said in our words
// around the network library's, and only the library's are masked: a server answering
// "password=" (not HTTP) does not make our ". The request was not sent…" or ". Outcome
// unknown…" read as the password it gives.
func TestR47WordsRequestFailureOursNotMasked(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			_, _ = bufio.NewReader(conn).ReadString('\n')
			_, _ = conn.Write([]byte("password=\r\n\r\n"))
			_ = conn.Close()
		}
	}()
	c, err := client.New(client.Config{BaseURL: "http://" + ln.Addr().String(), Tokens: client.StaticToken("t0k3n-for-tests"),
		Retry: client.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateProject(context.Background(), client.CreateProjectRequest{Name: "okay-name"})
	got := Error(err)
	if !strings.Contains(got, `password=`) || !strings.Contains(got, ". Outcome unknown: the request was sent but no answer came back") {
		t.Errorf("our words masked or missing:\n%s", got)
	}
}
