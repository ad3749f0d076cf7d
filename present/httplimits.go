package present

import (
	"fmt"
	"time"
)

// TooManyConnections refuses a connection beyond the cap on open connections (503).
func TooManyConnections(limit int, retryAfter time.Duration) string {
	return fmt.Sprintf("Service unavailable: this server keeps at most %d connections open at once. "+
		"Retry in %s.", limit, retryAfter)
}

// LoopbackServerTokenWarning is logged when --http-allow-server-token serves a loopback address
// without --http-auth-token-file: a loopback port is reachable by every user of the host.
const LoopbackServerTokenWarning = "--http-allow-server-token without --http-auth-token-file: every local user " +
	"and process of this host can reach a loopback port and act with the server's own Spice credentials; " +
	"on a shared host, set an auth token"
