package tools

import (
	"context"
	"sync"
)

// keyedTurns lets one call at a time, per key, run a read-then-write whose result depends on
// the read (set_secret's "created" or "updated"): two calls of this server for one key then
// do not both read the state before either writes. Other processes are not held: what the
// write's answer tells covers them (setSecret).
type keyedTurns struct {
	mu   sync.Mutex
	held map[string]chan struct{}
}

// take waits for key's turn, or the call's end (its error), and returns what ends the turn.
func (k *keyedTurns) take(ctx context.Context, key string) (release func(), err error) {
	for {
		k.mu.Lock()
		if k.held == nil {
			k.held = map[string]chan struct{}{}
		}
		busy, ok := k.held[key]
		if !ok {
			done := make(chan struct{})
			k.held[key] = done
			k.mu.Unlock()
			return func() {
				k.mu.Lock()
				delete(k.held, key)
				k.mu.Unlock()
				close(done)
			}, nil
		}
		k.mu.Unlock()
		select {
		case <-busy:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}
