//go:build !unix

package tools

// openNoWait: see human_unix.go. Elsewhere there are no FIFOs to wait on by path; the file is
// still checked to be a regular file before and after opening.
const openNoWait = 0
