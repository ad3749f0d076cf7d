package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// answerTo is the error set_secret's write (UpsertProjectSecret with value) gets from an API
// that answers status, ctype and body.
func answerTo(t *testing.T, status int, ctype, body, value string) *APIError {
	t.Helper()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	defer api.Close()
	c, err := New(Config{BaseURL: api.URL, Tokens: StaticToken("t0k3n-for-tests"), Retry: RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.UpsertProjectSecret(context.Background(), 5, "PG_PASS", value)
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("%d %q: want an API error, got %v", status, body, err)
	}
	return apiErr
}

// shownLike is e as present's apiErrorText lays it out (Shown: its words, the API's texts
// between them, before and after words of present's) and APIError.Error's.
func shownLike(e *APIError) []string {
	var b strings.Builder
	b.WriteString("Spice.ai API error ")
	for _, p := range e.Shown() {
		b.WriteString(p.Text)
	}
	b.WriteString("\nWhat to do: retry.")
	return []string{b.String(), e.Error()}
}

// TestAnswerTextsNormalizedBeforeRedaction: the API's texts are redacted as they are shown —
// terminal escapes stripped, line breaks, tabs, line separators, bidirectional controls and
// NUL one space, the ends trimmed — so what presentation does to them afterwards joins no value
// (a leading line break trimmed after redaction showed "Bad Request: hunter2-secret"; a value
// the API split with "\n" was shown whole once the break became a space).
func TestAnswerTextsNormalizedBeforeRedaction(t *testing.T) {
	cases := []struct {
		Status            int
		ContentType, Body string
		Value             string
	}{
		{400, "application/json", `{"error":"x","details":{"formErrors":["correct horse\r\n\r\nbattery staple"]}}`, "correct horse battery staple"},
		{400, "application/json", `{"error":"x","details":{"fieldErrors":{"v":["hunter2\u001b]8;;x\u0007-secret-value"]}}}`, "hunter2-secret-value"},
		{400, "text/plain", "rejected hunter2\x1b[1m-secret-value", "hunter2-secret-value"},
		// A value that holds a breaking character is looked for as it is shown.
		{400, "application/json", `{"error":"bad tab\there-canary"}`, "tab\there-canary"},
	}
	for _, a := range testutil.ErrorAnswersBrokenUp {
		cases = append(cases, a)
	}
	for _, tc := range cases {
		e := answerTo(t, tc.Status, tc.ContentType, tc.Body, tc.Value)
		for _, shown := range shownLike(e) {
			if strings.Contains(shown, tc.Value) || strings.Contains(shown, strings.ReplaceAll(tc.Value, "\t", " ")) ||
				!strings.Contains(shown, redactedMark) {
				t.Errorf("%d %q, value %q: %q", tc.Status, tc.Body, tc.Value, shown)
			}
		}
		for _, text := range append([]string{e.Message, e.Code}, e.FormErrors...) {
			if strings.ContainsFunc(text, func(r rune) bool { return r < ' ' || r == '\u2028' || r == '\u202e' }) ||
				strings.TrimSpace(text) != text {
				t.Errorf("%q: text %q is not as it is shown", tc.Body, text)
			}
		}
	}
}

// TestValuesAcrossOurJoins: a value that runs across any of our words the API's texts are
// joined with — ": " after a field's name, ", " and "; " between field and form errors, the
// "Field errors: " and "Errors: " lines' words, the code's parentheses — is not shown; our words
// stay, and only the answer's parts of it are replaced.
func TestValuesAcrossOurJoins(t *testing.T) {
	for _, tc := range []struct {
		body, value string
	}{
		{`{"error":"x","details":{"fieldErrors":{"value":["hunter2-secret bad"]}}}`, "value: hunter2-secret"},
		{`{"error":"x","details":{"fieldErrors":{"a":["zz hunter2"],"b":["secret bad"]}}}`, "hunter2; b: secret"},
		{`{"error":"x","details":{"fieldErrors":{"a":["zz hunter2","secret bad"]}}}`, "hunter2, secret"},
		{`{"error":"x","details":{"formErrors":["zz hunter2","secret bad"]}}`, "hunter2; secret"},
		{`{"error":"x","details":{"formErrors":["hunter2-secret bad"]}}`, "Errors: hunter2-secret"},
		{`{"error":"x hunter2","details":{"formErrors":["secret bad"]}}`, "hunter2\nErrors: secret"},
		{`{"error":"x hunter2","details":{"fieldErrors":{"a":["secret bad"]}}}`, "hunter2 (a: secret"},
		{`{"error":"hunter2-secret","code":"abc"}`, "(abc): hunter2-secret"},
		{`{"error":"msg","code":"hunter2-sec "}`, "hunter2-sec): msg"},
		// A field name redacted (here the token) changes the order fields are shown in
		// ("[REDACTED]" sorts before "\\"): the new neighbours are looked at too.
		{`{"error":"x","details":{"fieldErrors":{"t0k3n-for-tests":["m1 ab"],"\\":["cd m0"],"c":["m2"]}}}`, "ab; \\: cd"},
	} {
		e := answerTo(t, 400, "application/json", tc.body, tc.value)
		for _, shown := range shownLike(e) {
			if strings.Contains(shown, tc.value) || !strings.Contains(shown, redactedMark) {
				t.Errorf("%q, value %q: %q", tc.body, tc.value, shown)
			}
		}
	}
	// Our words are never replaced: a short value "Bad" leaves "Bad Request", "a" leaves the
	// field's name as ours... the name is the answer's, but "; " and ": " stay.
	e := answerTo(t, 400, "application/json", `{"error":"Bad thing","details":{"fieldErrors":{"x":["Bad"]}}}`, "Bad")
	if shown := shownLike(e)[0]; !strings.Contains(shown, "400 Bad Request") && !strings.Contains(shown, "Bad Request: [REDACTED] thing") {
		t.Errorf("our words replaced: %q", shown)
	}
}

// TestDecisionsUseTheCodeAsReceived: a documented code drives the remedy and the outcome, and
// is no secret: a value that runs across it leaves it as received (only the answer's other
// parts are replaced). "limit): x" against plan_limit made the code "plan_[REDACTED]", and a 5xx
// with a documented code read as an outcome unknown.
func TestDecisionsUseTheCodeAsReceived(t *testing.T) {
	e := answerTo(t, 403, "application/json", `{"error":"x over the plan","code":"plan_limit"}`, "limit): x")
	if e.Code != "plan_limit" || strings.Contains(shownLike(e)[0], "limit): x") {
		t.Errorf("code %q, shown %q", e.Code, shownLike(e)[0])
	}
	e = answerTo(t, 502, "application/json", `{"error":"x unreadable","code":"fork_source_repository_unreadable"}`, "unreadable): x")
	if e.Code != "fork_source_repository_unreadable" || e.OutcomeUnknown || strings.Contains(shownLike(e)[0], "unreadable): x") {
		t.Errorf("code %q, outcome unknown %v, shown %q", e.Code, e.OutcomeUnknown, shownLike(e)[0])
	}
	// A documented code with stray spaces or a terminal escape is that code, for every decision
	// alike: the outcome rule and the remedy (which reads Code) never disagree.
	for _, raw := range []string{`fork_source_repository_unreadable `, `\u001b[0mfork_source_repository_unreadable`} {
		e = answerTo(t, 502, "application/json", `{"error":"The source repository could not be read","code":"`+raw+`"}`, "unrelated-value")
		if e.Code != "fork_source_repository_unreadable" || e.OutcomeUnknown {
			t.Errorf("%q: code %q, outcome unknown %v", raw, e.Code, e.OutcomeUnknown)
		}
	}
	// An undocumented code is the answer's text: redacted like the rest.
	e = answerTo(t, 502, "application/json", `{"error":"x","code":"hunter2-code"}`, "hunter2-code")
	if e.Code != redactedMark || !e.OutcomeUnknown {
		t.Errorf("code %q, outcome unknown %v", e.Code, e.OutcomeUnknown)
	}
}

// TestReceivedIsTheAnswerAsReceived: what decisions read (Received) is the answer's text,
// code and field names as received, normalized but never redacted, while what is shown is
// redacted: a value "secret" made "Secret not found" read "[REDACTED] not found".
func TestReceivedIsTheAnswerAsReceived(t *testing.T) {
	e := answerTo(t, 404, "application/json", `{"error":"Secret not\tfound","code":"secret-code","details":{"fieldErrors":{"secret":["x"],"value":[]}}}`,
		"secret")
	got := e.Received()
	if got.Message != "Secret not found" || got.Code != "secret-code" || !slices.Equal(got.Fields, []string{"secret", "value"}) {
		t.Errorf("received %+v", got)
	}
	if e.Message == got.Message || e.Code == got.Code || e.FieldErrors["secret"] != nil {
		t.Errorf("shown not redacted: %q %q %v", e.Message, e.Code, e.FieldErrors)
	}
	e = answerTo(t, 502, "text/plain", "secret gateway down", "secret")
	if got := e.Received().Message; got != "Bad Gateway: secret gateway down" || strings.Contains(e.Message, "secret") {
		t.Errorf("received %q, shown %q", got, e.Message)
	}
}

// TestTokenReasonRedactedAsShown: the token endpoint's error and description are shown joined
// ("401 Unauthorized: error: description"): a client secret across ": " is not shown, a
// breaking character the endpoint split it with does not hide it, and invalid_scope is read as
// received.
func TestTokenReasonRedactedAsShown(t *testing.T) {
	for _, tc := range []struct{ body, secret string }{
		{`{"error":"abcd","error_description":"hunter2-secret is wrong"}`, "abcd: hunter2-secret"},
		{`{"error":"invalid_client","error_description":"hunter2-secret is wrong"}`, "invalid_client: hunter2-secret"},
		{`{"error":"invalid_client","error_description":" hunter2-secret is wrong"}`, "Unauthorized: invalid_client: hunter2"},
		{`{"error":"invalid_client","error_description":"x hunter2\nsecret"}`, "hunter2 secret"},
		{`{"error":"invalid_client","error_description":"x hunter2\u001b[0msecret"}`, "hunter2secret"},
		{`{"error":"invalid_scope","error_description":"x is wrong"}`, "scope: x"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(tc.body))
		}))
		cc := &ClientCredentials{ClientID: "id", ClientSecret: tc.secret, TokenURL: srv.URL + "/token"}
		_, err := cc.Token(context.Background())
		srv.Close()
		var te *TokenError
		if !errors.As(err, &te) {
			t.Fatalf("%s: want a token error, got %v", tc.body, err)
		}
		shown := "401 Unauthorized: " + te.Reason() + ". No token"
		if strings.Contains(shown, tc.secret) || strings.Contains(err.Error(), tc.secret) {
			t.Errorf("%s, secret %q: %q / %q", tc.body, tc.secret, shown, err)
		}
		if strings.Contains(tc.body, "invalid_scope") != te.Scope() {
			t.Errorf("%s: Scope() = %v", tc.body, te.Scope())
		}
	}
}

// TestFieldOrderAfterRedaction: a field's name replaced where a value runs into it changes the
// order the fields are shown in; the texts are composed again in the new order, and a value
// across the new neighbours is not shown either.
func TestFieldOrderAfterRedaction(t *testing.T) {
	r := newShownRedactor([]string{"zz; hunter", `ab; \: cd`})
	e := &APIError{StatusCode: 400}
	r.redactAnswer(e, "400 Bad Request", "", "x", "", false,
		map[string][]string{"a": {"zz"}, "hunter-x": {"m1 ab"}, `\`: {"cd m0"}}, nil)
	shown := rules.FieldErrors(e.FieldErrors).String()
	if strings.Contains(shown, "zz; hunter") || strings.Contains(shown, `ab; \: cd`) || strings.Count(shown, "; ") != 2 {
		t.Errorf("field errors shown as %q", shown)
	}
}

// TestMergedFieldsAreDeterministic: field names that normalize alike ("a\nb" and "a b") are
// merged in one order every time, not in a map's.
func TestMergedFieldsAreDeterministic(t *testing.T) {
	var first string
	for i := range 50 {
		e := &APIError{StatusCode: 400}
		newShownRedactor(nil).redactAnswer(e, "400 Bad Request", "", "x", "", false,
			map[string][]string{"a\nb": {"x\ty"}, "a b": {"z"}, "a\tb": {"w"}}, nil)
		shown := rules.FieldErrors(e.FieldErrors).String()
		if i == 0 {
			first = shown
		} else if shown != first {
			t.Fatalf("shown as %q, then %q", first, shown)
		}
	}
}

// TestShownIsTheRedactedLayout: APIError.Shown and ShownMessage (what present shows) and Error
// are the layouts
// the answer's texts were redacted as, piece for piece, with the words of ours marked as the
// redaction protected them; and Error reads as it always has.
func TestShownIsTheRedactedLayout(t *testing.T) {
	for _, tc := range []struct {
		name, msgOurs, msg, code string
		codeOurs                 bool
		maxTail                  int
		fields                   map[string][]string
		forms                    []string
	}{
		{name: "message", msg: "bad input"},
		{name: "no text", msgOurs: "Bad Request"},
		{name: "body not JSON", msgOurs: "Bad Request: ", msg: "<html>upstream</html>"},
		{name: "code", msg: "nope", code: "weird_code"},
		{name: "documented code", msg: "Upgrade", code: "image_tag_requires_enterprise", codeOurs: true},
		{name: "plan limit", msg: "too many", code: "plan_limit", codeOurs: true, maxTail: 500},
		{name: "fields", msg: "invalid", fields: map[string][]string{"b": {"m1", "m2"}, "a": {"x"}, "c": {}}},
		{name: "forms", msg: "invalid", forms: []string{"f1", "f2"}},
		{name: "all", msg: "m", code: "c", maxTail: 3, fields: map[string][]string{"n": {"v"}}, forms: []string{"f"}},
		{name: "redacted", msg: "has hunter2 in it", fields: map[string][]string{"hunter2": {"hunter2"}}, forms: []string{"x hunter2"}},
	} {
		e := &APIError{Operation: "createApp", StatusCode: 400, MaxTail: tc.maxTail}
		r := newShownRedactor([]string{"hunter2"})
		r.redactAnswer(e, "400 Bad Request", tc.msgOurs, tc.msg, tc.code, tc.codeOurs, tc.fields, tc.forms)

		// The layouts the redaction composed, from the texts as they ended.
		a, msgOurs, codeOurs := e.shownAnswer()
		if msgOurs != tc.msgOurs || codeOurs != tc.codeOurs {
			t.Errorf("%s: words of ours %q, documented code %v", tc.name, msgOurs, codeOurs)
		}
		ls := a.layouts(e, "400 Bad Request", tc.msgOurs, tc.code, tc.codeOurs)
		for k, shown := range [][]ShownPiece{e.Shown(), 2: e.ShownMessage()} {
			if k == 1 {
				continue // Error's, below
			}
			var got []piece
			for _, p := range shown {
				if p.API {
					got = append(got, piece{p.Text, 0})
				} else {
					got = append(got, oursPiece(p.Text))
				}
			}
			var want []piece
			for _, p := range ls[k].pieces {
				want = append(want, piece{p.text, min(p.api, 0)})
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: layout %d shown %+v, redacted as %+v", tc.name, k, got, want)
			}
		}
		var errText strings.Builder
		errText.WriteString("createApp: ")
		for _, p := range ls[1].pieces {
			errText.WriteString(p.text)
		}
		if e.Error() != errText.String() {
			t.Errorf("%s: Error() = %q, redacted as %q", tc.name, e.Error(), errText.String())
		}
		// Error as it was written before it was composed from the layout.
		// (the status's words said once before a body that is not JSON).
		old := fmt.Sprintf("createApp: 400 Bad Request: %s", strings.TrimPrefix(e.Message, "Bad Request: "))
		if e.Message == "Bad Request" { // a message that restates the status is said once (round 55)
			old = "createApp: 400 Bad Request"
		}
		if len(e.FieldErrors) > 0 {
			old += " (" + rules.FieldErrors(e.FieldErrors).String() + ")"
		}
		if len(e.FormErrors) > 0 {
			old += " (" + strings.Join(e.FormErrors, "; ") + ")"
		}
		if e.Error() != old {
			t.Errorf("%s: Error() = %q, want %q", tc.name, e.Error(), old)
		}
		if strings.Contains(e.Error(), "hunter2") {
			t.Errorf("%s: %q", tc.name, e.Error())
		}
	}
}
