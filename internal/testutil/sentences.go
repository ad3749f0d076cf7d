package testutil

import (
	"regexp"
	"strings"
)

// MaxSentenceWords is the most words a sentence an agent reads may run (instructions, tool
// descriptions, prompts, resources: round 71's words tests).
const MaxSentenceWords = 35

// Sentences splits a text into its sentences: at a sentence's end (., ! or ? before a space or
// the end) and at line breaks; "e.g." and "i.e." end none, code spans and fenced blocks count as
// one word, and table rows are no sentences.
func Sentences(text string) []string {
	text = fencedBlock.ReplaceAllString(text, "code")
	text = codeSpan.ReplaceAllString(text, "code")
	text = strings.NewReplacer("e.g.", "eg", "i.e.", "ie").Replace(text)
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "|") {
			continue
		}
		for _, s := range sentenceEnd.Split(line, -1) {
			if strings.TrimSpace(s) != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

var (
	fencedBlock = regexp.MustCompile("(?s)```.*?```")
	codeSpan    = regexp.MustCompile("`[^`\n]*`")
	sentenceEnd = regexp.MustCompile(`[.!?](\s+|$)`)
)

// WithoutFencedBlocks is text with its fenced code blocks removed.
func WithoutFencedBlocks(text string) string { return fencedBlock.ReplaceAllString(text, "") }
