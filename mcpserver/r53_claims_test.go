package mcpserver_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR53ClaimsMaskedQueryNamesAreTheTransportsRefused: README (Credentials in text) says a URL
// query parameter's value is masked when its name is credential-named, "exactly the names the
// HTTP transport refuses in its own query string". The transport reads a parameter's name
// percent-decoded and splits pairs at '&' and ';'. A query the transport refuses must show no
// value when a log line or a spicepod holds it in a URL: an encoded letter (?%74oken=), a name
// spelled with a character that folds to ASCII (?%C5%BFecret=, the long s), a pair after ';'
// (?a=1;code=), an encoded separator inside the name (?api%5Fkey=).
func TestR53ClaimsMaskedQueryNamesAreTheTransportsRefused(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	const value = "Qv7r53SecretValue"
	for _, query := range []string{"token=" + value, "%74oken=" + value, "%C5%BFecret=" + value, "a=1;code=" + value,
		"a=1;%6Bey=" + value, "api%5Fkey=" + value, "to+ken=" + value, "x-api-key=" + value, "token[]=" + value,
		"a=1&%20token=" + value, "cursor=abc&sig=" + value, "p%61ss=" + value} {
		resp, body := rpc(t, h.URL()+"?"+query, "", initializeJSON, nil)
		if resp.StatusCode != http.StatusBadRequest || strings.Contains(body, value) {
			t.Errorf("transport, ?%s: %d %s", query, resp.StatusCode, body)
		}
		line := "GET https://data.example.com/v1/export?" + query + " 200"
		if got := present.MaskText(line); strings.Contains(got, value) {
			t.Errorf("the transport refuses ?%s, but masking shows it: %s", query, got)
		}
		pod := map[string]any{"datasets": []any{map[string]any{"from": "https://data.example.com/x.csv?" + query, "name": "d"}}}
		if got := present.MaskSpicepod(pod); strings.Contains(fmt.Sprint(got), value) {
			t.Errorf("the transport refuses ?%s, but a spicepod shows it: %v", query, got)
		}
	}
	// Names the transport takes stay readable in both.
	for _, query := range []string{"cursor=Abc123", "debug=1&lang=en", "a=1;b=2"} {
		if resp, body := rpc(t, h.URL()+"?"+query, "", initializeJSON, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("transport, ?%s: %d %s", query, resp.StatusCode, body)
		}
		line := "GET https://data.example.com/v1/export?" + query + " 200"
		if got := present.MaskText(line); got != line {
			t.Errorf("?%s masked: %s", query, got)
		}
	}
}
