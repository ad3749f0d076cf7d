package tools

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
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
// its caller and not yet forgotten. Args' own are remembered for the caller's later calls too.
func (env *Env) withCallValues(ctx context.Context, args any) context.Context {
	ctx = client.WithCallValues(ctx, env.entered.values(callInfo(ctx).Token, time.Now())...)
	if sv, ok := args.(sentValuer); ok {
		ctx = client.WithCallValues(ctx, sv.sentValues()...)
		env.remember(ctx, sv.sentValues()...)
	}
	return ctx
}

// A secret value a call sends (set_secret's value, one it read with value_from_env or
// value_from_file, create_and_deploy_app's secrets) is remembered for its caller for
// rememberedFor after the last call that sent it, and redacted from everything the caller's
// later tool calls show (Call, env.known): their results' text and structured content, their
// errors, the debug log's request paths. An agent that set DB_PASSWORD=hunter2-correct-horse
// and later names an app, a tag or a filter after it, as sent or encoded (base64, hex,
// percent, reversed, in another case), does not see it shown back. Only values of
// minRemembered bytes or more (spaces aside) are remembered, so that a word set as a value
// ("admin", "postgres": in any case, it would hide the POSTGRES_PASSWORD it was set as) is
// not redacted from every later answer; the most recent
// maxRemembered per caller are kept. Within the call that sends it, a value of 4 bytes or more
// is redacted as before (client.WithCallValues).
const (
	rememberedFor = time.Hour
	minRemembered = 12
	maxRemembered = 64
)

// remember keeps the values long enough to be remembered for ctx's caller (see rememberedFor).
func (env *Env) remember(ctx context.Context, values ...string) {
	token, now := callInfo(ctx).Token, time.Now()
	for _, v := range values {
		if len(strings.TrimSpace(v)) >= minRemembered {
			env.sent.addUpTo(token, v, now.Add(rememberedFor), maxRemembered)
		}
	}
}

// known is the redactor of the values remembered for ctx's caller (see rememberedFor), nil
// when there are none; built once for each state of the set, not once a call.
func (env *Env) known(ctx context.Context) *client.Redactor {
	return env.sent.redactor(callInfo(ctx).Token, time.Now())
}

// enteredValues remembers the values a person entered on the page, by caller, for as long as
// the page keeps what became of them (the link's lifetime after the answer): the call that
// picks that outcome up redacts them. Nothing else reads them; each is dropped when its time
// is up, by a timer (not at the next call: none may come).
type enteredValues struct {
	mu     sync.Mutex
	byCall map[string][]entered
	// built caches each caller's Redactor of its values (redactor), dropped when they change.
	built map[string]*client.Redactor
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
	e.addUpTo(caller, value, until, 0)
}

// addUpTo is add, a value remembered already kept until the later of the two times, and beyond
// max values per caller (when max > 0) the oldest dropped.
func (e *enteredValues) addUpTo(caller, value string, until time.Time, max int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.byCall == nil {
		e.byCall = map[string][]entered{}
	}
	list := e.byCall[caller]
	if i := slices.IndexFunc(list, func(v entered) bool { return v.value == value }); i >= 0 {
		if !until.After(list[i].until) {
			return
		}
		list = slices.Delete(list, i, i+1)
	}
	if max > 0 && len(list) >= max {
		list = slices.Delete(list, 0, len(list)-max+1)
	}
	e.byCall[caller] = append(list, entered{value, until})
	delete(e.built, caller)
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
		if len(kept) < len(list) {
			delete(e.built, k)
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

// redactor is the Redactor of caller's values still remembered at now (nil without any), built
// once for each state of them.
func (e *enteredValues) redactor(caller string, now time.Time) *client.Redactor {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.expireLocked(now)
	if r, ok := e.built[caller]; ok {
		return r
	}
	var values []string
	for _, v := range e.byCall[caller] {
		values = append(values, v.value)
	}
	r := client.NewRedactor(values...)
	if r != nil {
		if e.built == nil {
			e.built = map[string]*client.Redactor{}
		}
		e.built[caller] = r
	}
	return r
}
