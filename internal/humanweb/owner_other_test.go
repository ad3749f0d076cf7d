//go:build !unix

package humanweb

import "os"

// ownerOf is this process's user ID where files carry no Unix owner.
func ownerOf(os.FileInfo) int { return os.Getuid() }
