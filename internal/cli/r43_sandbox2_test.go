package cli_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The sandbox's deployments take seconds: get_deployment of one in flight, and a rollback's
// result, never say deployments take a few minutes (Standing.Sandbox).
func TestR43Sandbox2InFlightSaysSeconds(t *testing.T) {
	s := startStdio(t, nil, "--sandbox", "--confirm", "agent")
	s.handshake()
	out, isErr := s.call(10, "create_deployment", map[string]any{"app": "analytics-app"})
	m := regexp.MustCompile(`deployment_id[^0-9]{1,4}([0-9]+)`).FindStringSubmatch(out)
	if isErr || m == nil {
		t.Fatalf("scenario not reached:\n%s", out)
	}
	id, _ := strconv.Atoi(m[1])
	got, _ := s.call(11, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": id})
	if !strings.Contains(got, "Still running") || strings.Contains(got, "few minutes") || !strings.Contains(got, "within seconds") {
		t.Errorf("get_deployment of a sandbox deployment in flight:\n%s", got)
	}
	s.stop()
}
