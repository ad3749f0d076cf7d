package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r72Spec15HostOnly rewrites the API's answers (projects, lists of them, forks) to give each
// endpoint as the host alone, as Spice's skill shows it.
func r72Spec15HostOnly(answer map[string]any) {
	bare := func(v any) {
		if m, ok := v.(map[string]any); ok {
			if ep, ok := m["endpoint"].(string); ok {
				m["endpoint"] = strings.TrimPrefix(ep, "https://")
			}
		}
	}
	bare(answer)
	for _, k := range []string{"projects", "apps", "forks"} {
		if items, ok := answer[k].([]any); ok {
			for _, item := range items {
				bare(item)
			}
		}
	}
}

// TestR72Spec15StructuredEndpointIsTheURL: api/README §7.1, the API may send an app's endpoint as
// the host alone or as a URL. The text showed https://<host> either way (spec14) while the
// structured content of get_app, list_apps, list_forks, describe_app and fork_app carried the
// bare host, no address a program can send a key to, and text and structured content disagreed.
// Now both carry the URL, over a real MCP client with both forms, and the outputSchema's
// description of endpoint says so.
func TestR72Spec15StructuredEndpointIsTheURL(t *testing.T) {
	const url = "https://us-west-2-prod-aws-data.spiceai.io"
	for _, form := range []string{"host", "url"} {
		opts := harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}}
		if form == "host" {
			var none []canned
			opts.upstream = cannedProxy(&none, editedAnswer(func(*http.Response) bool { return true }, r72Spec15HostOnly))
		}
		h := newHarness(t, opts)
		// shown: the tool's text names the endpoint (list_apps' table has no endpoint column).
		endpoints := func(tool string, shown bool, args map[string]any, pick func(raw []byte) []string) {
			t.Helper()
			res := h.call(t, tool, args)
			if res.IsError {
				t.Fatalf("%s: %s", tool, text(res))
			}
			raw, _ := json.Marshal(res.StructuredContent)
			got := pick(raw)
			if len(got) == 0 {
				t.Errorf("%s, endpoint as a %s: no endpoint in structured content %s", tool, form, raw)
			}
			for _, ep := range got {
				if ep != url {
					t.Errorf("%s, endpoint as a %s: structured endpoint %q, want %q (the text's)", tool, form, ep, url)
				}
			}
			if shown && !strings.Contains(text(res), url) {
				t.Errorf("%s, endpoint as a %s: text has no %s:\n%s", tool, form, url, text(res))
			}
		}
		one := func(raw []byte) []string {
			var v struct {
				Endpoint string `json:"endpoint"`
			}
			_ = json.Unmarshal(raw, &v)
			return []string{v.Endpoint}
		}
		list := func(key string) func(raw []byte) []string {
			return func(raw []byte) []string {
				var v map[string][]struct {
					Name     string `json:"name"`
					Endpoint string `json:"endpoint"`
				}
				_ = json.Unmarshal(raw, &v)
				var out []string
				for _, a := range v[key] {
					if a.Name == "analytics-app" || strings.HasPrefix(a.Name, "analytics-") {
						out = append(out, a.Endpoint)
					}
				}
				return out
			}
		}
		endpoints("fork_app", true, map[string]any{"app": "analytics-app", "name": "analytics-walk"}, one)
		endpoints("get_app", true, map[string]any{"app": "analytics-app"}, one)
		endpoints("list_apps", false, map[string]any{}, list("apps"))
		endpoints("list_forks", true, map[string]any{"app": "analytics-app"}, list("forks"))
		endpoints("describe_app", true, map[string]any{"app": "analytics-app"}, func(raw []byte) []string {
			var v struct {
				App struct {
					Endpoint string `json:"endpoint"`
				} `json:"app"`
			}
			_ = json.Unmarshal(raw, &v)
			return []string{v.App.Endpoint}
		})
	}
	schemas := wireOutputSchemas(t)
	for _, tool := range []string{"get_app", "list_apps", "list_forks"} {
		var s struct {
			Properties map[string]json.RawMessage `json:"properties"`
		}
		_ = json.Unmarshal(schemas[tool], &s)
		props := s.Properties
		for _, k := range []string{"apps", "forks"} {
			if items, ok := props[k]; ok {
				var arr struct {
					Items struct {
						Properties map[string]json.RawMessage `json:"properties"`
					} `json:"items"`
				}
				_ = json.Unmarshal(items, &arr)
				props = arr.Items.Properties
			}
		}
		var ep struct {
			Description string `json:"description"`
		}
		_ = json.Unmarshal(props["endpoint"], &ep)
		if !strings.Contains(ep.Description, "as a URL") || !strings.Contains(ep.Description, "https://") {
			t.Errorf("%s outputSchema: endpoint's description %q does not say it is a URL", tool, ep.Description)
		}
	}
}

// TestR72Spec15ClustersShowTheFlightEndpoint: api/README §7.11 gives a dedicated cluster's public
// Flight endpoint (the public one's host with -flight in place of -data, port 443), which
// list_clusters did not show: an Arrow Flight client (Spice's SDKs query through Flight by
// default) had no address. The text and structured content (flight) now say it, once.
func TestR72Spec15ClustersShowTheFlightEndpoint(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	res := h.call(t, "list_clusters", map[string]any{"org": "acme-labs"})
	if res.IsError {
		t.Fatalf("list_clusters: %s", text(res))
	}
	const flight = "grpc+tls://acme-labs-prod-us-west-2-prod-flight.spiceai.io:443"
	mustContain(t, "list_clusters", text(res), "Arrow Flight clients", "`"+flight+"`")
	if n := strings.Count(text(res), "prod-flight."); n != 1 {
		t.Errorf("list_clusters text names a Flight endpoint %d times, want once", n)
	}
	var out struct {
		Flight string `json:"flight"`
	}
	structured(t, res, &out)
	if !strings.Contains(out.Flight, flight) || strings.Contains(out.Flight, "`") {
		t.Errorf("structured flight %q, want the plain sentence with %s", out.Flight, flight)
	}
	// Without dedicated clusters there is nothing to connect to.
	none := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}}).call(t, "list_clusters", nil)
	if strings.Contains(text(none), "Flight") {
		t.Errorf("list_clusters without clusters mentions Flight:\n%s", text(none))
	}
}

// TestR72Spec15OrgsNotServedSaysWhatToDo: api/README §7.10, Spice's CLI reads a 404 on GET
// /v1/orgs as "not served here". list_orgs said "Spice.ai API error 404 Not Found" and to check
// SPICE_API_URL, as for a wrong address. Now, over real HTTP to a server answering 404 there
// (with and without a body), it is no error: it says the list is not served, that tools act in
// the default organization, how to name another (org), and that --sandbox serves organizations;
// structured content says not_served, with no organizations. Other tools still work. (An address
// answering 404 to GET /v1/health too is no Spice.ai API: TestR60Httpmode4APIAddressFailuresNameNoSetting
// holds that its remedy stays.)
func TestR72Spec15OrgsNotServedSaysWhatToDo(t *testing.T) {
	for _, body := range []string{`{"error":"Not Found"}`, ""} {
		answers := []canned{{method: http.MethodGet, path: regexp.MustCompile(`^/v1/orgs$`), status: http.StatusNotFound, body: body}}
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, org: "acme-labs", upstream: cannedProxy(&answers, nil)})
		res := h.call(t, "list_orgs", nil)
		out := text(res)
		if res.IsError {
			t.Errorf("list_orgs on a 404 (body %q) is an error:\n%s", body, out)
		}
		mustContain(t, "list_orgs", out, "does not serve the list of organizations", "404", "act in acme-labs (SPICE_ORG)", "as org", "--sandbox")
		for _, wrong := range []string{"API error", "SPICE_API_URL"} {
			if strings.Contains(out, wrong) {
				t.Errorf("list_orgs on a 404 says %q:\n%s", wrong, out)
			}
		}
		var v struct {
			Orgs      []any `json:"orgs"`
			Total     int   `json:"total"`
			NotServed bool  `json:"not_served"`
		}
		structured(t, res, &v)
		if !v.NotServed || len(v.Orgs) != 0 || v.Total != 0 {
			t.Errorf("list_orgs on a 404: structured %+v, want not_served and no organizations", v)
		}
		h.ok(t, "list_apps", nil)
	}
	// Without SPICE_ORG it names the credential's organization as the default.
	answers := []canned{{method: http.MethodGet, path: regexp.MustCompile(`^/v1/orgs$`), status: http.StatusNotFound}}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	mustContain(t, "list_orgs", h.ok(t, "list_orgs", nil), "the organization the credential was made for")
	// Served, the list is as before.
	mustContain(t, "list_orgs", newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}}).ok(t, "list_orgs", nil), "you belong to:")
}
