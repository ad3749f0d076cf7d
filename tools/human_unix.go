//go:build unix

package tools

import (
	"os"
	"syscall"
)

// openNoWait opens a file without waiting: a FIFO opens at once instead of waiting for a
// writer (it is then refused as not a regular file). Regular files read as usual. A terminal
// put in its place meanwhile does not become the server's controlling terminal (O_NOCTTY).
const openNoWait = syscall.O_NONBLOCK | syscall.O_NOCTTY

// linkCount is the number of names (hard links) of the file info describes.
func linkCount(info os.FileInfo) int {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return int(st.Nlink)
	}
	return 1
}
