//go:build unix

package tools

import "syscall"

// openNoWait opens a file without waiting: a FIFO opens at once instead of waiting for a
// writer (it is then refused as not a regular file). Regular files read as usual.
const openNoWait = syscall.O_NONBLOCK
