package tools

import (
	"context"
	"sync"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// Secret values a call sends or learns are redacted from every API text it shows
// (client.WithCallValues): those among its arguments (sentValues), one read with
// value_from_env or value_from_file (set_secret adds it), and those a person entered on the
// page for this caller, which the page stores in its own request and a later call (the next
// identical one, or the question's second round) reports and goes on from (enteredValues).

// sentValuer is implemented by arguments that carry secret values.
type sentValuer interface{ sentValues() []string }

func (a setSecretArgs) sentValues() []string {
	if a.Value == nil {
		return nil
	}
	return []string{*a.Value}
}

func (a createAndDeployArgs) sentValues() []string {
	var out []string
	for _, v := range a.Secrets {
		if v != nil {
			out = append(out, *v)
		}
	}
	return out
}

// withCallValues is ctx carrying the call's values: args' own and those entered on the page for
// its caller and not yet forgotten.
func (env *Env) withCallValues(ctx context.Context, args any) context.Context {
	ctx = client.WithCallValues(ctx, env.entered.values(callInfo(ctx).Caller, time.Now())...)
	if sv, ok := args.(sentValuer); ok {
		ctx = client.WithCallValues(ctx, sv.sentValues()...)
	}
	return ctx
}

// enteredValues remembers the values a person entered on the page, by caller, for as long as
// the page keeps what became of them (the link's lifetime after the answer): the call that
// picks that outcome up redacts them. Nothing else reads them; they are forgotten after.
type enteredValues struct {
	mu     sync.Mutex
	byCall map[string][]entered
}

type entered struct {
	value string
	until time.Time
}

func (e *enteredValues) add(caller, value string, until time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.byCall == nil {
		e.byCall = map[string][]entered{}
	}
	e.byCall[caller] = append(e.byCall[caller], entered{value, until})
}

// values are caller's values still remembered at now (the others are forgotten).
func (e *enteredValues) values(caller string, now time.Time) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for k, list := range e.byCall {
		kept := list[:0]
		for _, v := range list {
			if now.Before(v.until) {
				kept = append(kept, v)
				if k == caller {
					out = append(out, v.value)
				}
			}
		}
		clear(list[len(kept):])
		if len(kept) == 0 {
			delete(e.byCall, k)
		} else {
			e.byCall[k] = kept
		}
	}
	return out
}
