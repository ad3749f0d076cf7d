package sandbox

import (
	"testing"
)

func TestZZSpec6Probe(t *testing.T) {
	h := newHarness(t, Config{})
	p := func(what string, res *result) { t.Logf("%s: %d %s", what, res.status, res.raw) }
	id := h.createApp("sandbox", "keys-app")
	for _, path := range []string{appPath(id, "/api-keys"), projectPath(id, "/api-keys")} {
		for _, b := range []any{`{"key_number":"1"}`, `[1]`, `{`, `{"key_number":1.5}`, `{"key_number":null}`, `"x"`, `{"key_number":true}`} {
			p(path+" "+b.(string), h.do("POST", path, "sandbox", b))
		}
	}
	for _, b := range []any{`{"name":"A"}`, `{"name":"A","value":5}`, `{"value":"x"}`, `[]`, `{"name":"A_b1","value":"x","extra":1}`, `{"name":"` + "aé" + `","value":"x"}`} {
		p("secret "+b.(string), h.do("POST", appPath(id, "/secrets"), "sandbox", b))
	}
	p("tags nonstring", h.do("PUT", appPath(id, ""), "sandbox", `{"tags":{"a":1}}`))
	p("visibility bad", h.do("PUT", appPath(id, ""), "sandbox", `{"visibility":"secret"}`))
	p("name long", h.do("POST", appPath(id, "")[:8], "sandbox", `{"name":"abcdefghijabcdefghijabcdefghijabcdefghi","region":"us-east-1"}`))
	p("name bad chars", h.do("POST", "/v1/apps", "sandbox", `{"name":"abc_def","region":"us-east-1"}`))
	p("dep list bad status", h.do("GET", appPath(id, "/deployments?status=done"), "sandbox", nil))
	p("dep list limit 0", h.do("GET", appPath(id, "/deployments?limit=0"), "sandbox", nil))
	p("dep list created", h.do("GET", appPath(id, "/deployments?status=created"), "sandbox", nil))
	p("member remove bad", h.do("DELETE", "/v1/members/0", "sandbox", nil))
	p("dep bad channel", h.do("POST", appPath(id, "/deployments"), "sandbox", `{"channel":"internal-sandbox"}`))
	p("dep replicas 0", h.do("POST", appPath(id, "/deployments"), "sandbox", `{"replicas":0}`))
}
