//go:build !unix

package tools

import "os"

// openNoWait: see human_unix.go. Elsewhere there are no FIFOs to wait on by path; the file is
// still checked to be a regular file before and after opening.
const openNoWait = 0

// linkCount: see human_unix.go; not told here.
func linkCount(os.FileInfo) int { return 1 }
