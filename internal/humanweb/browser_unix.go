//go:build unix

package humanweb

import (
	"os"
	"syscall"
)

// privateDir reports whether fi is a directory (not a symbolic link) of this process's user
// that only it can enter (0700).
func privateDir(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && fi.IsDir() && fi.Mode().Perm() == 0o700 && int(st.Uid) == os.Getuid()
}
