package mcpserver

import (
	"context"
	"errors"
	"io"
	"sync"
)

// StdioAnswerBytes bounds the answers the stdio transport makes itself (a request it refuses
// before mcp-go reads it: an id MCP does not allow, text that is not text, a member given twice)
// that wait to be written. They are written off the read loop, so a client that writes all its
// requests before it reads any answer is still read while its own pipe is full; but a client
// that never reads must not make the server hold its answers without end. Up to 1 MiB of them
// (some 4,200 -32600 answers to an id null) wait; past that the read loop waits too
// (backpressure) until the client reads, as it does for mcp-go's own answers. A client that
// writes everything before reading therefore gets every answer as long as what it writes draws
// at most that many refusals (plus what the pipes hold), and at the end of input every queued
// answer is written before the server exits, however long the client takes to read them.
const StdioAnswerBytes = 1 << 20

// errQueueClosed ends a read that waits for room once serving is over.
var errQueueClosed = errors.New("stdio: answers no longer written")

// answerQueue writes the answers idReader makes to out, in order, on a goroutine that runs while
// any are queued. A failed write ends the reading (as a failed write of mcp-go's does).
type answerQueue struct {
	out     io.Writer
	limit   int // bytes queued at most; one answer longer than that is queued alone
	mu      sync.Mutex
	changed sync.Cond // on mu: an answer was written, the writing ended or failed, or the queue closed
	queue   [][]byte
	size    int // bytes in queue
	writing bool
	waiting bool // push waits for room (tests)
	err     error
}

func newAnswerQueue(out io.Writer, limit int) *answerQueue {
	q := &answerQueue{out: out, limit: limit}
	q.changed.L = &q.mu
	return q
}

// push queues answer, waiting while the queue is full.
func (q *answerQueue) push(answer []byte) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.err == nil && q.size > 0 && q.size+len(answer) > q.limit {
		q.waiting = true
		q.changed.Wait()
	}
	q.waiting = false
	if q.err != nil {
		return q.err
	}
	q.queue = append(q.queue, answer)
	q.size += len(answer)
	if !q.writing {
		q.writing = true
		go q.drain()
	}
	return nil
}

// finish waits until every queued answer is written (however long the client takes to read
// them), a write fails or ctx ends; then the queue takes no more.
func (q *answerQueue) finish(ctx context.Context) {
	stop := context.AfterFunc(ctx, func() {
		q.mu.Lock()
		defer q.mu.Unlock()
		q.changed.Broadcast()
	})
	defer stop()
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.writing && q.err == nil && ctx.Err() == nil {
		q.changed.Wait()
	}
	if q.err == nil {
		q.err = errQueueClosed
	}
	q.changed.Broadcast()
}

func (q *answerQueue) drain() {
	q.mu.Lock()
	for len(q.queue) > 0 && q.err == nil {
		next := q.queue[0]
		q.queue[0] = nil
		q.queue = q.queue[1:]
		q.mu.Unlock()
		_, err := q.out.Write(next)
		q.mu.Lock()
		q.size -= len(next)
		if q.err == nil {
			q.err = err
		}
		q.changed.Broadcast()
	}
	q.queue, q.size, q.writing = nil, 0, false
	q.changed.Broadcast()
	q.mu.Unlock()
}

// state reports the bytes queued and whether push waits for room (tests).
func (q *answerQueue) state() (size int, waiting bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.size, q.waiting
}
