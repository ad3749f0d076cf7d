package mcpserver

import (
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// TestShutdownFitsKubernetesGracePeriod: the shipped Deployment promises that SIGTERM starts a
// graceful shutdown; the default grace period for calls in progress plus the time cancelled
// calls get to answer must end before Kubernetes kills the pod.
func TestShutdownFitsKubernetesGracePeriod(t *testing.T) {
	raw, err := os.ReadFile("../deploy/kubernetes/deployment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`terminationGracePeriodSeconds:\s*(\d+)`).FindSubmatch(raw)
	if m == nil {
		t.Fatal("deployment.yaml sets no terminationGracePeriodSeconds")
	}
	seconds, _ := strconv.Atoi(string(m[1]))
	// The grace period counts from the start of the preStop hook, which runs before SIGTERM.
	var preStop time.Duration
	if m := regexp.MustCompile(`preStop:\s*sleep:\s*seconds:\s*(\d+)`).FindSubmatch(raw); m != nil {
		s, _ := strconv.Atoi(string(m[1]))
		preStop = time.Duration(s) * time.Second
	}
	if limit, ours := time.Duration(seconds)*time.Second, preStop+DefaultShutdownGrace+shutdownAnswer; ours >= limit {
		t.Errorf("the preStop sleep and shutdown take up to %v, Kubernetes kills the pod after %v", ours, limit)
	}
}
