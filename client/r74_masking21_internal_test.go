package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// r74Masking21Hook sets MaskAcrossBreaks for the test. Tests that call it are not parallel:
// the hook is the package's.
func r74Masking21Hook(t *testing.T, hook func(string) string) {
	t.Helper()
	saved := MaskAcrossBreaks
	MaskAcrossBreaks = hook
	t.Cleanup(func() { MaskAcrossBreaks = saved })
}

// TestR74Masking21NoBreakMaskerRefused: a program linking client without present (the hook
// unset) is refused at New, and a token source before it sends the client secret, naming the
// hook; before, the hook did nothing there, and the client showed texts whose breaks it had
// made blanks, a token they cut unmasked.
func TestR74Masking21NoBreakMaskerRefused(t *testing.T) {
	var asked atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	t.Cleanup(srv.Close)
	r74Masking21Hook(t, nil)
	if c, err := New(Config{BaseURL: srv.URL, Tokens: StaticToken("t")}); !errors.Is(err, ErrNoBreakMasker) || c != nil {
		t.Errorf("New without the hook: %v, %v; want ErrNoBreakMasker", c, err)
	}
	if _, err := NewClientCredentials("id", "secret", srv.URL+"/token").Token(context.Background()); !errors.Is(err, ErrNoBreakMasker) {
		t.Errorf("Token without the hook: %v; want ErrNoBreakMasker", err)
	}
	if n := asked.Load(); n != 0 {
		t.Errorf("%d requests sent without the hook", n)
	}
	if !strings.Contains(ErrNoBreakMasker.Error(), "MaskAcrossBreaks") || !strings.Contains(ErrNoBreakMasker.Error(), "present") {
		t.Errorf("the refusal names neither the hook nor present: %v", ErrNoBreakMasker)
	}
	defer func() {
		if r := recover(); r != ErrNoBreakMasker {
			t.Errorf("a text shown with the hook unset since: %v, want a panic with ErrNoBreakMasker", r)
		}
	}()
	shownAPIText("a\nb")
}

// TestR74Masking21EveryTextMaskedAcrossBreaksInClientAlone: with a hook of the test's own (not
// present's masker), each API text the client shows reaches it with its line breaks, before
// they are blanks: an error's message, code, field name, field and form errors, a body that is
// not JSON, a success's error body and code, a web page's title, a name that is not UTF-8, the
// OAuth error and description. Before, all but the message and field and form errors reached
// it with a blank where the break was, and it masked nothing there.
func TestR74Masking21EveryTextMaskedAcrossBreaksInClientAlone(t *testing.T) {
	const cut, tail = "R74m21Head\nR74m21Tail", "R74m21Tail"
	r74Masking21Hook(t, func(s string) string { return strings.ReplaceAll(s, cut, "[cut]") })
	j := strings.ReplaceAll(cut, "\n", `\n`)
	var answer struct {
		status int
		ct     string
		body   string
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", answer.ct)
		w.WriteHeader(answer.status)
		_, _ = w.Write([]byte(answer.body))
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{BaseURL: srv.URL, Tokens: StaticToken("t"), Retry: RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	const at = `"created_at":"2026-01-01T00:00:00.000Z"`
	for _, s := range []struct {
		name, ct, body string
		status         int
		create         bool // CreateProject (a success read), else ListProjects
	}{
		{"an error's texts", "application/json", `{"error":"m ` + j + `","code":"c ` + j + `","details":{"fieldErrors":{"f ` + j + `":["e ` + j + `"]},"formErrors":["g ` + j + `"]}}`, 400, false},
		{"a body that is not JSON", "text/plain", "b " + cut, 400, false},
		{"a success's error body", "application/json", `{"error":"m ` + j + `","code":"c ` + j + `"}`, 200, true},
		{"a web page's title", "text/html", "<html><title>t " + cut + "</title></html>", 200, false},
		{"a name that is not UTF-8", "application/json", `{"projects":[{"id":1,"name":"a","visibility":"private",` + at + `,"` + j + "\xff" + `":"y"}]}`, 200, false},
	} {
		answer.status, answer.ct, answer.body = s.status, s.ct, s.body
		ctx := WithCall(context.Background())
		if s.create {
			_, err = c.CreateProject(ctx, CreateProjectRequest{Name: "r74-m21"})
		} else {
			_, err = c.ListProjects(ctx)
		}
		shown := fmt.Sprintf("%v %+v", err, CallNotUTF8(ctx))
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			shown += fmt.Sprintf(" %+v", *apiErr)
		}
		var respErr *ResponseError
		if errors.As(err, &respErr) {
			shown += fmt.Sprintf(" %+v %+v", *respErr, respErr.Page)
		}
		if !strings.Contains(shown, "[cut]") || strings.Contains(shown, tail) {
			t.Errorf("%s: the text is not masked across its break:\n%s", s.name, shown)
		}
	}
	answer.status, answer.ct, answer.body = 401, "application/json", `{"error":"x `+j+`","error_description":"d `+j+`"}`
	_, err = NewClientCredentials("id", "secret", srv.URL+"/token").Token(context.Background())
	var te *TokenError
	if !errors.As(err, &te) || !strings.Contains(te.Code, "[cut]") || !strings.Contains(te.Description, "[cut]") || strings.Contains(err.Error(), tail) {
		t.Errorf("the OAuth texts are not masked across their breaks: %v", err)
	}
}
