package cli

import (
	"os"
	"runtime/pprof"
)

// startCPUProfile starts the CPU profile SPICE_MCP_CPUPROFILE asks for: the file a profile of
// the whole run is written to when the command returns (the server in any mode, and
// sandbox-api), for developers profiling the processes the benchmarks start. Unset, nothing is
// profiled. It never writes to stdout: a failure is refused on stderr (ok false), as a bad flag
// is. stop writes the profile out.
func startCPUProfile(env Env) (stop func(), ok bool) {
	path := ""
	if env.Getenv != nil {
		path = env.Getenv("SPICE_MCP_CPUPROFILE")
	}
	if path == "" {
		return func() {}, true
	}
	f, err := os.Create(path)
	if err != nil {
		refuse(env.Stderr, "SPICE_MCP_CPUPROFILE:", err)
		return nil, false
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		refuse(env.Stderr, "SPICE_MCP_CPUPROFILE:", err)
		return nil, false
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, true
}
