package present

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestWaitStoppedSaysWhatIsKnown: a wait whose status read failed says what was last read of
// the deployment — ended, in flight, or nothing — and names the call that picks it up.
func TestWaitStoppedSaysWhatIsKnown(t *testing.T) {
	again := []Arg{{"app", "a"}}
	failed := errors.New("boom")
	for _, tc := range []struct {
		last      *client.Deployment
		err       error
		want, not []string
	}{
		{nil, failed, []string{"reading its status failed", "Its status was not read", `wait_for_deployment {"app":"a","deployment_id":7}`}, nil},
		{&client.Deployment{ID: 7, Status: client.StatusQueued}, failed,
			[]string{"queued** when last read; whether it has ended since is not known", "Pick the wait up with `wait_for_deployment"}, nil},
		{&client.Deployment{ID: 7, Status: client.StatusSucceeded}, failed,
			[]string{"had already ended, **✅ succeeded**, when last read", `wait_for_deployment {"app":"a","deployment_id":7}`}, []string{"whether it has ended"}},
		{nil, context.Canceled, []string{"The wait for deployment 7 was cancelled.", "nothing more was sent"}, []string{"reading its status failed"}},
	} {
		got := WaitStopped("a (1)", 7, tc.last, tc.err, nil, again...)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("missing %q in:\n%s", w, got)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(got, n) {
				t.Errorf("says %q:\n%s", n, got)
			}
		}
	}
	resumed := AppResumedWaitStopped("a (1)", 7, nil, &client.RequestError{Method: "GET", Path: "/x", Sent: true, Err: failed}, nil, again...)
	if strings.Contains(resumed, "Nothing was changed") || !strings.Contains(resumed, "do not call resume_app again") {
		t.Errorf("after a resume:\n%s", resumed)
	}
}
