package cli_test

import (
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r71Testtime10World is the demo world whose deployments stay queued for queued and then run
// for runs, instead of 1 s and 4 s: a test that waits on one no longer waits 5 s of real time
// (the sandbox's polling schedule: 0.5 s, then every 1 s).
func r71Testtime10World(queued, runs time.Duration) *sandbox.Config {
	world := sandbox.DemoWorld()
	world.QueuedFor, world.RunsFor = queued, runs
	return &world
}

// TestR71Testtime10SandboxWorldIsTheOneServed: --sandbox serves cli.Env.SandboxWorld when one
// is given, else the demo world: 50 ms after it started, a deployment of the given world (2 ms
// long) has succeeded, one of the demo world's (5 s) has not. (The tests that shorten their
// waits with it would otherwise pass slowly, proving nothing about it.)
func TestR71Testtime10SandboxWorldIsTheOneServed(t *testing.T) {
	for _, tc := range []struct {
		name      string
		world     *sandbox.Config
		succeeded bool
	}{{"2 ms deployments", r71Testtime10World(time.Millisecond, time.Millisecond), true}, {"the demo world", nil, false}} {
		s := startStdioWorld(t, nil, tc.world, nil, "--sandbox")
		s.handshake()
		if out, isErr, got := r72DupsNewestSucceeded(t, s); isErr || got != tc.succeeded {
			t.Errorf("%s: the newest deployment has succeeded=%v 50 ms after it started, want %v:\n%s", tc.name, got, tc.succeeded, out)
		}
		s.stop()
	}
}
