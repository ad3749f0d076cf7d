package mcpserver_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR50LeadValueChangedUnderTheQuestionIsNamed: set_secret reading a value a person approves
// (value_from_file, value_from_env) refuses a value changed while the person read the question,
// as before, and now says so, naming where it was read from, instead of "does not belong to
// this request"; nothing is stored.
func TestR50LeadValueChangedUnderTheQuestionIsNamed(t *testing.T) {
	file := filepath.Join(t.TempDir(), "db_password.txt")
	if err := os.WriteFile(file, []byte("approved-value"), 0o600); err != nil {
		t.Fatal(err)
	}
	var reads atomic.Int64
	getenv := func(name string) string {
		if name != "PG_PASSWORD" {
			return ""
		}
		if reads.Add(1) == 1 {
			return "first-value"
		}
		return "second-value"
	}
	for _, tc := range []struct {
		arg, value, from string
	}{
		{"value_from_file", file, "the file " + file},
		{"value_from_env", "PG_PASSWORD", "the environment variable PG_PASSWORD"},
	} {
		t.Run(tc.arg, func(t *testing.T) {
			local := &tools.LocalSources{Getenv: getenv, Forbidden: tools.ServerCredentialVariables}
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: local,
				elicit: func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
					if err := os.WriteFile(file, []byte("swapped-value!"), 0o600); err != nil {
						return nil, err
					}
					return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept,
						Content: map[string]any{"name": "CHANGED"}}}, nil
				}})
			res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "CHANGED", tc.arg: tc.value})
			if v, ok := h.emu.SecretValue("sandbox", 101, "CHANGED"); ok {
				t.Fatalf("stored %q after the value changed under the question: %s", v, text(res))
			}
			want := "The value read from " + tc.from + " changed after the question was asked, so nothing was stored"
			if !res.IsError || !strings.Contains(text(res), want) {
				t.Errorf("result: %s\nwant it to say: %s", text(res), want)
			}
			if strings.Contains(text(res), "value!") || strings.Contains(text(res), "-value") {
				t.Errorf("a value shows: %s", text(res))
			}
		})
	}
}

// TestR50LeadAnswerRefusalsSayWhy: an answer re-sent after its use, or after its time, says
// which, where before both read "does not belong to this request (or expired)".
func TestR50LeadAnswerRefusalsSayWhy(t *testing.T) {
	if present.ConfirmStateUsed == present.ConfirmStateInvalid || strings.Contains(present.ConfirmStateInvalid, "expired") {
		t.Fatalf("refusals alike: %q / %q", present.ConfirmStateUsed, present.ConfirmStateInvalid)
	}
	for ttl, want := range map[string]string{"10m0s": "accepted for 10 min.", "1s": "accepted for 1 s.", "90s": "accepted for 1 min 30 s."} {
		d, _ := time.ParseDuration(ttl)
		if got := present.ConfirmStateExpired(d); !strings.Contains(got, want) {
			t.Errorf("%s: %q", ttl, got)
		}
	}
}
