package client

import (
	"context"
	"net/http"
	"sync/atomic"
)

// A tool call's changes: whether a request of the call may have changed something, a write
// answered 2xx or one whose outcome is unknown (sent and not answered, or answered by a
// gateway). The HTTP server reads it before it answers an API 401 with a challenge in place of
// the tool's result (mcpserver/tokenrefusal.go): a call that changed something keeps its
// result, which says what was done (create_and_deploy_app's app, created before its
// deployment was refused).

type changesKey struct{}

// Changes is one call's record of whether it may have changed something.
type Changes struct{ may atomic.Bool }

// WithChanges returns ctx carrying a Changes its requests note their writes in.
func WithChanges(ctx context.Context) (context.Context, *Changes) {
	c := &Changes{}
	return context.WithValue(ctx, changesKey{}, c), c
}

// MayHaveChanged says whether a request made under the context may have changed something.
func (c *Changes) MayHaveChanged() bool { return c != nil && c.may.Load() }

// noteChange records in ctx's Changes, if any, that a write (method) may have been applied.
func noteChange(ctx context.Context, method string, mayHave bool) {
	if !mayHave || method == http.MethodGet {
		return
	}
	if c, _ := ctx.Value(changesKey{}).(*Changes); c != nil {
		c.may.Store(true)
	}
}
