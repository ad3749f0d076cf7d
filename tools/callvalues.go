package tools

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

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
// maxRemembered per caller are kept, and of those only as many of the most recent as hold
// maxRememberedBytes together (the newest always: set_secret takes up to 1 MiB). Within the call that sends it, a value of 4 bytes or more
// is redacted as before (client.WithCallValues).
const (
	rememberedFor = time.Hour
	minRemembered = 12
	maxRemembered = 64
	// maxRememberedBytes bounds what one caller's remembered values cost: a value longer than
	// 512 bytes keeps at most about 540 KB and 6 bytes a byte of it to be redacted (client's
	// redact_long.go; a shorter one 150 to 350 bytes a byte), so 64 values, a few MiB of them,
	// stay far inside a container's 128 MiB.
	maxRememberedBytes = 4 << 20
	// maxRememberedTotal bounds every caller's values together (valueCost: a value's bytes and
	// 256), as HTTP mode remembers a set for each token and callers are not counted: past it
	// the oldest, of any caller, are forgotten before their hour (never the newest).
	maxRememberedTotal = 16 << 20
)

// remember keeps the values long enough to be remembered for ctx's caller (see rememberedFor).
func (env *Env) remember(ctx context.Context, values ...string) {
	token, now := callInfo(ctx).Token, time.Now()
	for _, v := range values {
		if len(strings.TrimSpace(v)) >= minRemembered && !ownWords()[strings.ToLower(strings.TrimSpace(v))] {
			env.sent.addUpTo(token, v, now.Add(rememberedFor), maxRemembered, maxRememberedBytes, maxRememberedTotal)
		}
	}
}

// ownWords are the words of minRemembered bytes or more, lower-cased, that the server's own
// texts are made of: each tool's name and title and the words of its description and schemas
// (create_deployment, wait_for_deployment, production_branch, configuration). A value equal to
// one, in any case, is not remembered past its call, as a short value is not: remembered, it
// would hide that word from every later result ("then [REDACTED]" for "then
// create_deployment"), and shown, it tells the agent nothing tools/list does not.
var ownWords = sync.OnceValue(func() map[string]bool {
	words := map[string]bool{}
	add := func(text string) {
		for _, w := range strings.FieldsFunc(text, func(r rune) bool {
			return !(r == '_' || r == '-' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
		}) {
			if w = strings.Trim(w, "-_"); len(w) >= minRemembered {
				words[strings.ToLower(w)] = true
			}
		}
	}
	for _, t := range All() {
		in, out := generatedSchemas(t.Name)
		add(t.Name + " " + t.Title + " " + t.Description + " " + in + " " + out)
	}
	return words
})

// isOwnWord reports whether w is one of ownWords, in any case: the cut rule redacts none.
func isOwnWord(w string) bool { return ownWords()[strings.ToLower(w)] }

// known is the redactor of the values remembered for ctx's caller (see rememberedFor), nil
// when there are none; built once for each state of the set, not once a call.
func (env *Env) known(ctx context.Context) *client.Redactor {
	return env.KnownFor(callInfo(ctx).Token)
}

// KnownFor is the redactor of the values remembered for the caller token stands for (the
// CallInfo's Token: "" over stdio), nil when there are none: what a request other than a tool
// call (a resource read, a prompt, a completion, a refusal of its params) shows is redacted of
// them as a tool's result is.
func (env *Env) KnownFor(token string) *client.Redactor {
	if env == nil {
		return nil
	}
	return env.sent.redactor(token, time.Now())
}

// Remembers reports whether any value is remembered, for any caller: when none is, a request
// need not work out who its caller is (KnownFor would be nil).
func (env *Env) Remembers() bool {
	if env == nil {
		return false
	}
	env.sent.mu.Lock()
	defer env.sent.mu.Unlock()
	return len(env.sent.byCall) > 0
}

// redactRaw is res (a result returned as built: a question for the user) with r's values
// redacted from the texts the client shows: its content, its structured content and each
// question's message and form. res itself is not changed; nil r returns it as it is.
func redactRaw(r *client.Redactor, res *mcp.CallToolResult) *mcp.CallToolResult {
	if r == nil || res == nil {
		return res
	}
	out := *res
	out.Content = RedactContent(r, res.Content)
	if res.StructuredContent != nil {
		if raw, err := json.Marshal(res.StructuredContent); err == nil {
			if red := r.RedactJSON(raw); string(red) != string(raw) {
				out.StructuredContent = json.RawMessage(red)
			}
		}
	}
	if len(res.InputRequests) > 0 {
		out.InputRequests = make(mcp.InputRequests, len(res.InputRequests))
		for id, req := range res.InputRequests {
			if req.Elicitation != nil {
				q := RedactQuestion(r, *req.Elicitation)
				req.Elicitation = &q
			}
			out.InputRequests[id] = req
		}
	}
	return &out
}

// RedactContent is content with r's values redacted from its texts (a text, a resource's
// text); nil r returns it as it is.
func RedactContent(r *client.Redactor, content []mcp.Content) []mcp.Content {
	if r == nil || len(content) == 0 {
		return content
	}
	out := make([]mcp.Content, len(content))
	for i, c := range content {
		switch c := c.(type) {
		case mcp.TextContent:
			c.Text = r.Redact(c.Text)
			out[i] = c
		case *mcp.TextContent:
			cp := *c
			cp.Text = r.Redact(cp.Text)
			out[i] = &cp
		case mcp.EmbeddedResource:
			if t, ok := c.Resource.(mcp.TextResourceContents); ok {
				t.Text = r.Redact(t.Text)
				c.Resource = t
			}
			out[i] = c
		default:
			out[i] = c
		}
	}
	return out
}

// RedactQuestion is q (an elicitation the client shows its user) with r's values redacted
// from its message and its form's texts (titles, descriptions, defaults).
func RedactQuestion(r *client.Redactor, q mcp.ElicitationParams) mcp.ElicitationParams {
	if r == nil {
		return q
	}
	q.Message = r.Redact(q.Message)
	if q.RequestedSchema != nil {
		if raw, err := json.Marshal(q.RequestedSchema); err == nil {
			if red := r.RedactJSON(raw); string(red) != string(raw) {
				var schema any
				if json.Unmarshal(red, &schema) == nil {
					q.RequestedSchema = schema
				}
			}
		}
	}
	return q
}

// enteredValues remembers the values a person entered on the page, by caller, for as long as
// the page keeps what became of them (the link's lifetime after the answer): the call that
// picks that outcome up redacts them. Nothing else reads them; each is dropped when its time
// is up, by a timer (not at the next call: none may come).
type enteredValues struct {
	mu     sync.Mutex
	byCall map[string][]entered
	// built caches each caller's Redactor of its values (redactor), dropped when they change,
	// and the least recently used ones past maxBuiltBytes together (builtBytes).
	built      map[string]*builtRedactor
	builtBytes int
	uses       uint64
	// Across callers (addUpTo's total): the cost of the values held (valueCost) and the order
	// they were added in, oldest first (a value since dropped or added again is skipped there).
	held      int
	order     []heldValue
	orderKept int // len(order) when it was last copied
	// now and afterFunc are the clock (time.Now, time.AfterFunc when nil), replaceable in tests.
	now       func() time.Time
	afterFunc func(time.Duration, func())
}

type entered struct {
	value string
	until time.Time
}

type heldValue struct {
	caller string
	entered
}

type builtRedactor struct {
	r     *client.Redactor
	bytes int
	used  uint64
}

// valueCost is what a value held counts for in a total across callers: its bytes, and its
// entry's (so many short values of many callers are bounded too).
func valueCost(v string) int { return len(v) + 256 }

// listCost is the cost of a caller's values.
func listCost(list []entered) int {
	n := 0
	for _, v := range list {
		n += valueCost(v.value)
	}
	return n
}

// maxBuiltBytes bounds the Redactors kept built across callers (each Redactor.Bytes): a
// redactor past it, the least recently used, is dropped and built again at its caller's next
// call (its values still redacted: it costs that call the time to build it, tens of ms for 64
// values of 512 bytes).
const maxBuiltBytes = 32 << 20

// add remembers value for caller until then, and drops it at that time.
func (e *enteredValues) add(caller, value string, until time.Time) {
	e.addUpTo(caller, value, until, 0, 0, 0)
}

// addUpTo is add, a value remembered already kept until the later of the two times, and beyond
// max values per caller, or maxBytes of them together (when above 0), the oldest dropped; and
// beyond total (when above 0) of every caller's together (valueCost), the oldest of any
// caller's dropped, but the value just added.
func (e *enteredValues) addUpTo(caller, value string, until time.Time, max, maxBytes, total int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.byCall == nil {
		e.byCall = map[string][]entered{}
	}
	list := e.byCall[caller]
	e.held -= listCost(list)
	if i := slices.IndexFunc(list, func(v entered) bool { return v.value == value }); i >= 0 {
		if !until.After(list[i].until) {
			return
		}
		list = slices.Delete(list, i, i+1)
	}
	if max > 0 && len(list) >= max {
		list = slices.Delete(list, 0, len(list)-max+1)
	}
	if maxBytes > 0 {
		held, drop := len(value), len(list)
		for drop > 0 && held+len(list[drop-1].value) <= maxBytes {
			drop--
			held += len(list[drop].value)
		}
		list = slices.Delete(list, 0, drop)
	}
	e.byCall[caller] = append(list, entered{value, until})
	e.held += listCost(e.byCall[caller])
	e.dropBuilt(caller)
	if total > 0 {
		e.order = append(e.order, heldValue{caller, entered{value, until}})
		e.dropOldest(total)
	}
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
			e.dropBuilt(k)
			e.held -= listCost(list[len(kept):])
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
	e.uses++
	if b, ok := e.built[caller]; ok {
		b.used = e.uses
		return b.r
	}
	var values []string
	for _, v := range e.byCall[caller] {
		values = append(values, v.value)
	}
	r := client.NewRedactorKeeping(isOwnWord, values...)
	if r != nil {
		if e.built == nil {
			e.built = map[string]*builtRedactor{}
		}
		e.built[caller] = &builtRedactor{r, r.Bytes(), e.uses}
		e.builtBytes += e.built[caller].bytes
		for e.builtBytes > maxBuiltBytes && len(e.built) > 1 {
			oldest := ""
			for k, b := range e.built {
				if k != caller && (oldest == "" || b.used < e.built[oldest].used) {
					oldest = k
				}
			}
			e.dropBuilt(oldest)
		}
	}
	return r
}

// dropBuilt forgets caller's built Redactor (its values are kept).
func (e *enteredValues) dropBuilt(caller string) {
	if b, ok := e.built[caller]; ok {
		e.builtBytes -= b.bytes
		delete(e.built, caller)
	}
}

// dropOldest drops the values added first, of any caller, till those held cost at most total;
// the newest (just added) is kept.
func (e *enteredValues) dropOldest(total int) {
	for e.held > total && len(e.order) > 1 {
		h := e.order[0]
		e.order[0] = heldValue{}
		e.order = e.order[1:]
		list := e.byCall[h.caller]
		i := slices.Index(list, h.entered)
		if i < 0 {
			continue // dropped already, or added again since (later in order)
		}
		e.held -= valueCost(h.value)
		list = slices.Delete(list, i, i+1)
		e.dropBuilt(h.caller)
		if len(list) == 0 {
			delete(e.byCall, h.caller)
		} else {
			e.byCall[h.caller] = list
		}
	}
	// Entries of values dropped otherwise (expired, a caller's oldest, added again) stay in
	// order till they reach its front: it is copied afresh, without them, when it doubles.
	if len(e.order) > 2*max(e.orderKept, 64) {
		kept := make([]heldValue, 0, len(e.order))
		for _, h := range e.order {
			if slices.Contains(e.byCall[h.caller], h.entered) {
				kept = append(kept, h)
			}
		}
		e.order, e.orderKept = kept, len(kept)
	}
}
