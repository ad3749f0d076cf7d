//go:build !unix

package humanweb

import "os"

// privateDir reports whether fi is a directory (not a symbolic link or junction); where there
// are no Unix modes, the user's own temporary directory keeps it private.
func privateDir(fi os.FileInfo) bool {
	return fi.IsDir() && fi.Mode()&os.ModeSymlink == 0
}
