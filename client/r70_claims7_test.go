package client_test

import (
	"context"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR70Claims7UnknownDeploymentErrorCodeTolerated: api/README §7.6, "`error_code` allows
// strings beyond the documented seven, and clients must tolerate them": a failed deployment
// whose code this client does not know reads without error, one by one and in a list, keeps
// its code and message as sent, is ended and not retriable, and its text shows the code and
// message without claiming whether deploying again helps.
func TestR70Claims7UnknownDeploymentErrorCodeTolerated(t *testing.T) {
	const dep = `{"id":7,"status":"failed","created_at":"2026-11-22T12:00:00.000Z","error_code":"gpu_quota_exhausted",` +
		`"error_message":"GPU quota exhausted in us-west-2","creation_source":"api"}`
	ctx := context.Background()
	one, err := stub(t, "", 200, dep, nil).GetProjectDeployment(ctx, 1, 7)
	mustNoErr(t, err)
	rows, err := stub(t, "", 200, `{"deployments":[`+dep+`]}`, nil).ListProjectDeployments(ctx, 1, client.ListDeploymentsOptions{})
	mustNoErr(t, err)
	if len(rows) != 1 {
		t.Fatalf("list: %d rows", len(rows))
	}
	for i, d := range []client.Deployment{*one, rows[0]} {
		if d.ErrorCode != "gpu_quota_exhausted" || d.ReceivedErrorMessage() != "GPU quota exhausted in us-west-2" || !d.Terminal() || d.InFlight() || d.Retriable() {
			t.Errorf("read %d: code %q, message %q, ended %v, in flight %v, retriable %v", i, d.ErrorCode, d.ReceivedErrorMessage(), d.Terminal(), d.InFlight(), d.Retriable())
		}
	}
	text := present.Deployment("sales (1)", one)
	for _, want := range []string{"gpu_quota_exhausted", "GPU quota exhausted in us-west-2"} {
		if !strings.Contains(text, want) {
			t.Errorf("text misses %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "retriable") || strings.Contains(text, "not a failure") {
		t.Errorf("text classes a code nothing documents:\n%s", text)
	}
}

// TestR70Claims7UnknownUpdateChannelTolerated: api/README §7.1, config.update_channel
// "responses may carry any string": a project whose channel is none this client sends reads
// without error, keeps the channel as sent, and its text shows it.
func TestR70Claims7UnknownUpdateChannelTolerated(t *testing.T) {
	const body = `{"id":12,"name":"sales","visibility":"private","created_at":"2026-11-22T12:00:00.000Z",` +
		`"config":{"update_channel":"canary-2026","replicas":1}}`
	p, err := stub(t, "", 200, body, nil).GetProject(context.Background(), 12)
	mustNoErr(t, err)
	if p.Config.UpdateChannel != "canary-2026" {
		t.Fatalf("update_channel read as %+v", p.Config)
	}
	if text := present.App(p); !strings.Contains(text, "canary-2026") {
		t.Errorf("the app's text leaves the channel out:\n%s", text)
	}
}
