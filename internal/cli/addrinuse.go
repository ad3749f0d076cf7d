package cli

import (
	"errors"
	"syscall"
)

// wsaeAddrInUse is Windows' WSAEADDRINUSE, which its listen returns and Go's syscall package
// does not name (its syscall.EADDRINUSE is an invented errno no socket call returns). No Unix
// errno has that number, so one check serves every platform.
const wsaeAddrInUse = syscall.Errno(10048)

// addressInUse reports a listen error saying another process holds the address (--http,
// sandbox-api --listen): EADDRINUSE on Unix, WSAEADDRINUSE on Windows.
func addressInUse(err error) bool {
	return errors.Is(err, syscall.EADDRINUSE) || errors.Is(err, wsaeAddrInUse)
}
