//go:build unix

package cli

import "syscall"

// openNoWait opens a named pipe without waiting for the other end.
const openNoWait = syscall.O_NONBLOCK
