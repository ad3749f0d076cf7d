//go:build !unix

package cli

// openNoWait: elsewhere no flag opens a pipe without waiting for the other end.
const openNoWait = 0
