// Package tokens counts o200k_base tokens (the GPT-4o tokenizer, bundled offline) so tests and
// benchmarks can hold the tool catalogue and results to a token budget.
package tokens

import (
	"sync"

	"github.com/tiktoken-go/tokenizer"
)

var codec = sync.OnceValue(func() tokenizer.Codec {
	c, err := tokenizer.Get(tokenizer.O200kBase)
	if err != nil {
		panic("tokens: o200k_base: " + err.Error())
	}
	return c
})

// Count returns the number of o200k_base tokens in s.
func Count(s string) int {
	n, err := codec().Count(s)
	if err != nil {
		panic("tokens: " + err.Error())
	}
	return n
}
