package mcpserver_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r34cUntrustedAfterResume hands out the emulator's token until the emulator has resumed an
// app, then fails as a token endpoint whose certificate is not trusted.
type r34cUntrustedAfterResume struct{ h **harness }

func (s r34cUntrustedAfterResume) Token(context.Context) (string, error) {
	if *s.h != nil && (*s.h).emu.Calls(api.ResumeProject.ID) > 0 {
		return "", &client.TokenError{URL: client.DefaultTokenURL, Untrusted: true,
			Err: errors.New("tls: failed to verify certificate: x509: certificate signed by unknown authority")}
	}
	return "sandbox", nil
}

// TestR34cResumeWaitUntrustedCertificate: resume_app with wait whose wait stops on a token
// endpoint certificate that is not trusted keeps the certificate advice (trying again will not
// help; the trust store; restart) and picks the wait up only once that is fixed. It dropped that
// advice and said only to call wait_for_deployment, which fails the same way.
func TestR34cResumeWaitUntrustedCertificate(t *testing.T) {
	var h *harness
	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		tokens: func(string) client.TokenSource { return r34cUntrustedAfterResume{&h} }})
	id := h.appID(t, "analytics-app")
	emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects/"+itoa(id)+"/pause", nil, nil)
	out := h.fail(t, "resume_app", map[string]any{"app": "analytics-app", "wait": true})
	mustContain(t, "resume_app", out, "Resumed ", "do not call resume_app again",
		"the endpoint's certificate is not trusted",
		"What to do: Trying again will not help while the certificate is not trusted.", "system trust store", "ask the user to check that, then restart the MCP server.",
		"Once that is fixed, pick the wait up: `wait_for_deployment")
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "What to do: `wait_for_deployment") {
			t.Errorf("the what-to-do is a wait that fails the same way:\n%s", out)
		}
	}
}

// r34cUntrustedAPIAfterResume reaches the emulator until it has resumed an app, then sends
// every request to tlsHost, a TLS server whose certificate is not trusted.
type r34cUntrustedAPIAfterResume struct {
	h       **harness
	tlsHost string
}

func (rt r34cUntrustedAPIAfterResume) RoundTrip(req *http.Request) (*http.Response, error) {
	if *rt.h != nil && (*rt.h).emu.Calls(api.ResumeProject.ID) > 0 {
		moved := req.Clone(req.Context())
		moved.URL.Scheme, moved.URL.Host, moved.Host = "https", rt.tlsHost, ""
		return http.DefaultTransport.RoundTrip(moved)
	}
	return http.DefaultTransport.RoundTrip(req)
}

// TestR34cResumeWaitUntrustedAPICertificate: as TestR34cResumeWaitUntrustedCertificate, the
// API's own certificate not trusted once the resume went through: the request error's advice
// (trying again will not help; SPICE_API_URL or SSL_CERT_FILE) stays, and the wait is picked up
// only once that is fixed.
func TestR34cResumeWaitUntrustedAPICertificate(t *testing.T) {
	srv, _ := r34UntrustedEndpoint(t)
	var h *harness
	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		httpClient: &http.Client{Transport: r34cUntrustedAPIAfterResume{&h, srv.Listener.Addr().String()}}})
	id := h.appID(t, "analytics-app")
	emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects/"+itoa(id)+"/pause", nil, nil)
	out := h.fail(t, "resume_app", map[string]any{"app": "analytics-app", "wait": true})
	mustContain(t, "resume_app", out, "Resumed ", "do not call resume_app again",
		"certificate was not trusted", "Trying again will not help",
		"Once that is fixed, pick the wait up: `wait_for_deployment")
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "What to do: `wait_for_deployment") {
			t.Errorf("the what-to-do is a wait that fails the same way:\n%s", out)
		}
	}
}
