//go:build unix

package humanweb

import (
	"os"
	"syscall"
)

// ownerOf is the user ID owning fi's file.
func ownerOf(fi os.FileInfo) int { return int(fi.Sys().(*syscall.Stat_t).Uid) }
