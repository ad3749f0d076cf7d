package cli_test

import (
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
