package rules

import "testing"

// r75CiBenchShort is a benchmark's input size: full, or short under -short, with which CI runs
// every package benchmark once so a broken one fails the run without the full inputs' time.
func r75CiBenchShort(full, short int) int {
	if testing.Short() {
		return short
	}
	return full
}
