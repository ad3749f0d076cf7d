package tools

import (
	"context"
	"encoding/json"
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

// rawSentValues are the secret values raw holds for args' tool (a sentValuer), read leniently:
// a call whose decoding failed (another argument refused) still knows the values it carries.
func rawSentValues(args any, raw json.RawMessage) []string {
	if _, ok := args.(sentValuer); !ok {
		return nil
	}
	var lenient struct {
		Value   any            `json:"value"`
		Secrets map[string]any `json:"secrets"`
	}
	_ = json.Unmarshal(raw, &lenient)
	var out []string
	if v, ok := lenient.Value.(string); ok {
		out = append(out, v)
	}
	for _, v := range lenient.Secrets {
		if v, ok := v.(string); ok {
			out = append(out, v)
		}
	}
	return out
}

// withCallValues is ctx carrying the call's values: args' own and those entered on the page for
// its caller and not yet forgotten.
func (env *Env) withCallValues(ctx context.Context, args any) context.Context {
	ctx = client.WithCallValues(ctx, env.entered.values(callInfo(ctx).Token, time.Now())...)
	if sv, ok := args.(sentValuer); ok {
		ctx = client.WithCallValues(ctx, sv.sentValues()...)
	}
	return ctx
}

// enteredValues remembers the values a person entered on the page, by caller, for as long as
// the page keeps what became of them (the link's lifetime after the answer): the call that
// picks that outcome up redacts them. Nothing else reads them; each is dropped when its time
// is up, by a timer (not at the next call: none may come).
type enteredValues struct {
	mu     sync.Mutex
	byCall map[string][]entered
	// now and afterFunc are the clock (time.Now, time.AfterFunc when nil), replaceable in tests.
	now       func() time.Time
	afterFunc func(time.Duration, func())
}

type entered struct {
	value string
	until time.Time
}

// add remembers value for caller until then, and drops it at that time.
func (e *enteredValues) add(caller, value string, until time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.byCall == nil {
		e.byCall = map[string][]entered{}
	}
	e.byCall[caller] = append(e.byCall[caller], entered{value, until})
	now, after := time.Now, func(d time.Duration, f func()) { time.AfterFunc(d, f) }
	if e.now != nil {
		now = e.now
	}
	if e.afterFunc != nil {
		after = e.afterFunc
	}
	// The timer holds no value: at until, it drops what has expired by then.
	after(until.Sub(now()), func() { e.expire(until) })
}

// expire drops every value whose time is up at now.
func (e *enteredValues) expire(now time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.expireLocked(now)
}

func (e *enteredValues) expireLocked(now time.Time) {
	for k, list := range e.byCall {
		kept := list[:0]
		for _, v := range list {
			if now.Before(v.until) {
				kept = append(kept, v)
			}
		}
		clear(list[len(kept):])
		if len(kept) == 0 {
			delete(e.byCall, k)
		} else {
			e.byCall[k] = kept
		}
	}
}

// values are caller's values still remembered at now (the others are forgotten).
func (e *enteredValues) values(caller string, now time.Time) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.expireLocked(now)
	var out []string
	for _, v := range e.byCall[caller] {
		out = append(out, v.value)
	}
	return out
}
