package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// r30Credential is a credential the masking of shown texts (present) recognises only whole,
// and hidden, what it hides of it in the whole text.
type r30Credential struct{ name, text, hidden string }

var r30Credentials = []r30Credential{
	{"connection string", "postgres://admin:Sup3rS3cretPassw0rdXYZ@db.internal:5432/app", "Sup3rS3cretPassw0rdXYZ"},
	{"GitHub token", "ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5", "aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5"},
	{"AWS key id", "AKIAIOSFODNN7EXAMPLE", "IOSFODNN7EXAMPLE"},
	{"JWT", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
		"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"},
}

// r30Filler is n bytes of words, the last not ended by a space.
func r30Filler(n int) string {
	f := []byte(strings.Repeat("lorem ", n/6+1)[:n])
	if f[n-1] == ' ' {
		f[n-1] = 'x'
	}
	return string(f)
}

// r30ShowsPiece returns a piece (6 bytes or more) of hidden that text holds, or "".
func r30ShowsPiece(text, hidden string) string {
	for i := 0; i+6 <= len(hidden); i++ {
		if strings.Contains(text, hidden[i:i+6]) {
			return hidden[i : i+6]
		}
	}
	return ""
}

// r30Upstream answers every request with status, contentType and the current body.
func r30Upstream(t *testing.T, status int, contentType string, body *string) *client.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(*body))
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("tok-r30-abcdefgh"),
		Retry: client.RetryPolicy{MaxAttempts: 1}})
	mustNoErr(t, err)
	return c
}

// TestR30CutCredentialNeverShownInPart: an API error text is shortened (to 1,000 bytes) before
// presentation masks it, and a credential that masking recognises only whole (a URL's password
// by its @host, a token by its length) was shown in part when the cut fell inside it. A cut
// never ends within a word: wherever it falls in the credential, the result shows nothing of
// it that the whole text's masking hides, and the words before it stay.
func TestR30CutCredentialNeverShownInPart(t *testing.T) {
	var body string
	c := r30Upstream(t, http.StatusBadRequest, "application/json", &body)
	for _, cred := range r30Credentials {
		t.Run(cred.name, func(t *testing.T) { r30CheckCutCredential(t, c, &body, cred) })
	}
}

// r30CheckCutCredential checks the error shown for cred with the cut at each of its bytes.
func r30CheckCutCredential(t *testing.T, c *client.Client, body *string, cred r30Credential) {
	whole := r30Filler(900) + " " + cred.text + " tail"
	if masked := present.MaskAPIText(whole); strings.Contains(masked, cred.hidden) {
		t.Fatalf("%s: the whole text's masking shows it: %s", cred.name, masked[900:])
	}
	for into := 1; into < len(cred.text); into++ { // the cut falls into bytes in
		msg := r30Filler(999-into) + " " + cred.text + " tail"
		answer, err := json.Marshal(map[string]string{"error": msg})
		mustNoErr(t, err)
		*body = string(answer)
		_, err = c.ListApps(context.Background())
		shown := present.ToolError("list_apps", []string{"apps:read"}, err)
		if piece := r30ShowsPiece(shown, cred.hidden); piece != "" {
			t.Fatalf("%s cut %d bytes in: %q of it is shown: %s", cred.name, into, piece, shown)
		}
		if !strings.Contains(shown, "lorem lorem") || !strings.Contains(shown, "… (shortened; ") {
			t.Fatalf("%s cut %d bytes in: want the words before it and the note: %s", cred.name, into, shown)
		}
	}
}

// TestR30CutProxyPageNeverShowsCredential: a body that is not JSON (a proxy's HTML 502 page
// quoting a connection string) is shown to 200 bytes; the cut falling inside the connection
// string shows none of its password.
func TestR30CutProxyPageNeverShowsCredential(t *testing.T) {
	var body string
	c := r30Upstream(t, http.StatusBadGateway, "text/html", &body)
	const conn, password = "postgres://admin:Sup3rS3cretPassw0rdXYZ@db.internal:5432/app", "Sup3rS3cretPassw0rdXYZ"
	const page = "<html><body><h1>502 Bad Gateway</h1><p>upstream connect error "
	for into := 1; into < len(conn); into++ {
		body = page + r30Filler(199-len(page)-into) + " " + conn + " refused</p></body></html>"
		_, err := c.ListApps(context.Background())
		shown := present.ToolError("list_apps", []string{"apps:read"}, err)
		if piece := r30ShowsPiece(shown, password); piece != "" {
			t.Fatalf("cut %d bytes in: %q of the password is shown: %s", into, piece, shown)
		}
		if !strings.Contains(shown, "upstream connect error lorem") {
			t.Fatalf("cut %d bytes in: want the page's words before it: %s", into, shown)
		}
	}
}

// TestR30CutQuotedValueMaskedToTheEnd: a quoted value with spaces cut inside a word keeps its
// opening quote and the words before the cut, which presentation's masking reads as a value
// never closed and masks to the end: none of the value's words is shown.
func TestR30CutQuotedValueMaskedToTheEnd(t *testing.T) {
	var body string
	c := r30Upstream(t, http.StatusBadRequest, "application/json", &body)
	const value = `password="correct horse battery staple"`
	at := strings.Index(value, "battery") + 3 // the cut falls in "battery"
	msg := r30Filler(999-at) + " " + value + " tail"
	encoded, err := json.Marshal(map[string]string{"error": msg})
	mustNoErr(t, err)
	body = string(encoded)
	_, err = c.ListApps(context.Background())
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || !strings.HasSuffix(apiErr.Message, ` password="correct horse… (shortened; 1,017 characters in all)`) {
		t.Fatalf("want the value's words before the cut kept by the client, the cut word dropped: %v", err)
	}
	shown := present.ToolError("list_apps", []string{"apps:read"}, err)
	answer, _, _ := strings.Cut(shown, "\nWhat to do") // the remedy's own words ("correct that") aside
	for _, word := range []string{"correct", "horse", "batt", "staple"} {
		if strings.Contains(answer, word) {
			t.Errorf("%q of the value is shown: %s", word, shown)
		}
	}
	if !strings.Contains(answer, "lorem loremx password=") {
		t.Errorf("want the words before the value: %s", shown)
	}
}
