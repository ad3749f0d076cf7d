package mcpserver

// r75CiBenchLast keeps the last message written to it, so a benchmark checks what it wrote
// without the cost of a growing buffer.
type r75CiBenchLast []byte

func (l *r75CiBenchLast) Write(p []byte) (int, error) {
	*l = append((*l)[:0], p...)
	return len(p), nil
}
