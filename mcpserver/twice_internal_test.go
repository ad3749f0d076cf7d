package mcpserver

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
)

// TestMembersGivenTwiceAreRefused: a request with a member name given twice (matched as
// encoding/json matches names: escapes decoded, in any case, with its Unicode folding) is
// refused before mcp-go decodes it, which would keep the last (or merge two params objects) and
// drop the rest without a word: one of the request's own members -32600 naming it, one anywhere
// in params -32602 naming its path. A tools/call's arguments are the tool's (it refuses `app`
// twice by name, as a tool error); notifications go through.
func TestMembersGivenTwiceAreRefused(t *testing.T) {
	for _, c := range []struct{ msg, want string }{
		// Two params objects: encoding/json merges them, so the first's URI bypassed the text check.
		{`{"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"spice://orgs/acme\udc00/apps"},"params":{}}`, `-32600,"message":"Invalid Request: member \"params\" is given twice`},
		{`{"jsonrpc":"2.0","id":2,"method":"prompts/get","params":{"name":"rotate_keys","arguments":{"org":"acme\udc00"}},"Params":{"name":"rotate_keys"}}`, `member \"Params\" is given twice`},
		{`{"jsonrpc":"2.0","id":2,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"rotate_keys"},"argument":{"name":"app","value":"an"}},"Params":{}}`, `member \"Params\" is given twice`},
		{`{"jsonrpc":"2.0","id":2,"method":"tools/call","method":"ping"}`, `-32600,"message":"Invalid Request: member \"method\" is given twice`},
		{`{"jsonrpc":"2.0","id":2,"id":3,"method":"ping"}`, `member \"id\" is given twice`},
		{`{"jsonrpc":"2.0","jsonrpc":"2.0","id":2,"method":"ping"}`, `member \"jsonrpc\" is given twice`},
		{`{"jsonrpc":"2.0","id":2,"method":"ping","METHOD":"ping"}`, `member \"METHOD\" is given twice`},
		{`{"jsonrpc":"2.0","id":2,"method":"ping","m\u0065thod":"ping"}`, `member \"method\" is given twice`},
		// In params: the path of the second, and the rule.
		{`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"delete_app","name":"list_apps","arguments":{"app":"a"}}}`, `-32602,"message":"Invalid params: params.name is given twice in its object. JSON decoders keep one and drop the other without a word`},
		{`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"a"},"arguments":{}}}`, `params.arguments is given twice`},
		{`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_apps","arguments":{},"Name":"delete_app"}}`, `params.Name is given twice`},
		{`{"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"spice://orgs/acme/apps","uri":"spice://orgs/evil/apps"}}`, `params.uri is given twice`},
		{`{"jsonrpc":"2.0","id":2,"method":"prompts/get","params":{"name":"rotate_keys","name":"deploy_app"}}`, `params.name is given twice`},
		{`{"jsonrpc":"2.0","id":2,"method":"prompts/get","params":{"name":"rotate_keys","arguments":{"org":"a","o\u0072g":"b"}}}`, `params.arguments.org is given twice`},
		{`{"jsonrpc":"2.0","id":2,"method":"ping","params":{"_meta":{"x":1,"\u0078":2}}}`, `params._meta.x is given twice`},
		{`{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"capabilities":{"experimental":{"com.a/x":{},"com.a/x":{}}}}}`, `params.capabilities.experimental[\"com.a/x\"] is given twice`},
		{`{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"capabilities":{"Elicitation":{},"elicitation":{}}}}`, `params.capabilities.elicitation is given twice`},
		{`{"jsonrpc":"2.0","id":2,"method":"prompts/get","params":{"name":"rotate_keys","n\u0061me":"deploy_app"}}`, `params.name is given twice`},
		{`{"jsonrpc":"2.0","id":2,"method":"x","params":{"kind":1,"\u212aind":2}}`, `ind\"] is given twice`}, // KELVIN SIGN folds to k
		{`{"jsonrpc":"2.0","id":2,"method":"x","params":{"list":[{"a":1},{"b":1,"c":{"d":1},"b":2}]}}`, `params.list[1].b is given twice`},
		{`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"a"},"_meta":{"progressToken":1,"progressToken":2}}}`, `params._meta.progressToken is given twice`},
		{`{"jsonrpc":"2.0","id":"c","method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"rotate_keys"},"argument":{"name":"app","value":"an"},"context":{"arguments":{"org":"a","org":"b"}}}}`, `params.context.arguments.org is given twice`},
	} {
		out, answer := prepareMessage(nil, []byte(c.msg))
		if answer == nil || !strings.Contains(string(answer), c.want) || !strings.HasPrefix(string(answer), `{"jsonrpc":"2.0","id":`) {
			t.Errorf("%s\nanswered %s (handed on %s)", c.msg, answer, out)
		}
	}
	for _, msg := range []string{
		// A tools/call's arguments are the tool's: it refuses `app` twice, or a tag key twice, by name.
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"a","app":"b"}}}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"update_app","arguments":{"app":"a","tags":{"team":"x","team":"y"}}}}`,
		// Distinct names, however alike, and the same name in different objects.
		`{"jsonrpc":"2.0","id":3,"method":"x","params":{"a":{"n":1},"b":{"n":1},"n":[{"n":1},{"n":2}],"name":1,"names":2,"nam":3,"s":1,"\u017f\u017f":2}}`,
		// Notifications cannot be answered.
		`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":4,"requestId":5}}`,
		// Not JSON: mcp-go's parse error.
		`{"jsonrpc":"2.0","id":1,"method":"ping","method":"ping"`,
	} {
		if out, answer := prepareMessage(nil, []byte(msg)); answer != nil || string(out) != msg {
			t.Errorf("%s\nanswered %s, handed on %s", msg, answer, out)
		}
	}
}

// TestMapKeysDifferingInCaseAreKept: where mcp-go decodes an object into a Go map (its keys
// case-sensitive: _meta, capabilities.experimental, the arguments of prompts/get and of
// completion/complete's context, a completion's ref), names that differ only in case are two
// keys, nothing is dropped, and the request goes on as sent; in a struct's object they are
// still one field (TestMembersGivenTwiceAreRefused). Once every object was folded: initialize
// with two such experimental capabilities was refused and the session could not start.
func TestMapKeysDifferingInCaseAreKept(t *testing.T) {
	for _, msg := range []string{
		`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"experimental":{"com.a/x":{},"com.A/x":{}}},"clientInfo":{"name":"t","version":"1"}}}`,
		`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"experimental":{"com.a/x":{"k":1,"K":2}}},"clientInfo":{"name":"t","version":"1"}}}`,
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_orgs","arguments":{},"_meta":{"com.example/traceId":"a","com.example/TraceId":"b"}}}`,
		`{"jsonrpc":"2.0","id":2,"method":"ping","params":{"_meta":{"x":1,"X":2}}}`,
		`{"jsonrpc":"2.0","id":2,"method":"ping","params":{"_META":{"x":1,"X":2,"o":{"a":1,"A":[{"b":1,"B":2}]}}}}`,
		`{"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"rotate_keys","arguments":{"name":"a","Name":"b"}}}`,
		`{"jsonrpc":"2.0","id":4,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"x"},"argument":{"name":"app","value":""},"context":{"arguments":{"org":"a","Org":"b"}}}}`,
		`{"jsonrpc":"2.0","id":5,"method":"ping","params":{"_meta":{"io.modelcontextprotocol/clientInfo":{"name":"a"},"io.modelcontextprotocol/ClientInfo":{"name":"b"},"com.x/y":{"k":1,"K":2}}}}`,
	} {
		if out, answer := prepareMessage(nil, []byte(msg)); answer != nil || string(out) != msg {
			t.Errorf("%s\nanswered %s, handed on %s", msg, answer, out)
		}
	}
}

// manyMembers is a request whose params.o holds n members, the last named as the first when twice.
func manyMembers(n int, twice bool) []byte {
	var b strings.Builder
	b.WriteString(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"o":{`)
	for i := range n {
		fmt.Fprintf(&b, `"member-%d":%d,`, i, i)
	}
	if twice {
		b.WriteString(`"MEMBER-0":0}}}`)
	} else {
		b.WriteString(`"last":0}}}`)
	}
	return []byte(b.String())
}

// deepMembers is a request whose params nest depth objects, each with a few members.
func deepMembers(depth int, twice bool) []byte {
	last := `"z":1`
	if twice {
		last = `"a":1`
	}
	return []byte(`{"jsonrpc":"2.0","id":1,"method":"ping","params":` + strings.Repeat(`{"a":1,"b":2,"c":`, depth) + `{` + last + `,"a":2}` + strings.Repeat(`}`, depth) + `}`)
}

// TestTwiceIsLinear: the check of member names is part of the one pass: an object of 100,000
// members, or objects nested 9,990 deep, is checked with allocations linear in its members
// (a map for an object past 16 names; none for plain messages: TestIDHandlingAllocatesNothingForPlainIDs),
// and a name given twice is found at the end of either.
//
// Under the race detector (72 s of the package, loaded), 25,000 members: still far past the
// 16 names after which an object's names go in a map, and allocations are counted per member.
func TestTwiceIsLinear(t *testing.T) {
	members := 100000
	if raceDetector {
		members = 25000
	}
	for _, c := range []struct {
		name    string
		msg     func(bool) []byte
		members int
		path    string
	}{
		{fmt.Sprintf("%d members", members), func(twice bool) []byte { return manyMembers(members, twice) }, members, "params.o.MEMBER-0"},
		{"9,990 deep", func(twice bool) []byte { return deepMembers(9990, twice) }, 3 * 9990, "params" + strings.Repeat(".c", 9990) + ".a"},
	} {
		plain, twice := c.msg(false), c.msg(true)
		if _, answer := prepareMessage(nil, plain); answer != nil {
			t.Errorf("%s: answered %.300s", c.name, answer)
		}
		if _, answer := prepareMessage(nil, twice); !strings.Contains(string(answer), quotedPath(c.path)+" is given twice") {
			t.Errorf("%s twice: answered %.300s", c.name, answer)
		}
		if n := testing.AllocsPerRun(allocRuns, func() { prepareMessage(nil, plain) }); n > float64(c.members)*1.1+100 {
			t.Errorf("%s: %v allocations for %d members", c.name, n, c.members)
		}
	}
}

// BenchmarkMembersTwice: the member-name check's time per member, side by side for objects of
// 10, 1,000 and 100,000 members, and for objects nested 100 and 9,990 deep (linear: the cost
// per member stays flat as objects grow).
func BenchmarkMembersTwice(b *testing.B) {
	for _, n := range []int{10, 1000, 100000} {
		msg := manyMembers(n, false)
		b.Run("wide-"+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			var answer []byte
			for b.Loop() {
				_, answer = prepareMessage(nil, msg)
			}
			if answer != nil { // no name is given twice
				b.Fatalf("answered %.200s", answer)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/member")
		})
	}
	for _, depth := range []int{100, 9990} {
		msg := deepMembers(depth, false)
		b.Run("deep-"+strconv.Itoa(depth), func(b *testing.B) {
			b.ReportAllocs()
			var answer []byte
			for b.Loop() {
				_, answer = prepareMessage(nil, msg)
			}
			if answer != nil { // no name is given twice
				b.Fatalf("answered %.200s", answer)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(3*depth), "ns/member")
		})
	}
}

// TestAnswerQueueIsBounded: the answers idReader makes itself wait for a client that does not
// read up to StdioAnswerBytes; then reading stdin waits too (backpressure) instead of holding
// answers without end (1,000,000 refusals once grew the server to 397 MB). Once the client
// reads, every answer comes, in order.
func TestAnswerQueueIsBounded(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones

	n := 100000 // some 30 MB of answers
	if raceDetector {
		// 12 MB of answers, still 12 times the queue's bound: the race detector made the
		// 100,000 lines take 52 s.
		n = 40000
	}
	var input strings.Builder
	for i := range n {
		fmt.Fprintf(&input, `{"jsonrpc":"2.0","id":null,"method":"ping","params":{"i":%d}}`+"\n", i)
	}
	src := &countingReader{r: strings.NewReader(input.String())}
	w := &gatedWriter{open: make(chan struct{})}
	r := newIDReader(src, w)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = io.Copy(io.Discard, r)
	}()
	for {
		size, waiting := r.out.state()
		if waiting {
			if size > StdioAnswerBytes {
				t.Errorf("%d bytes of answers queued", size)
			}
			break
		}
		select {
		case <-done:
			size, _ := r.out.state()
			t.Fatalf("all %d lines read while no answer was written: %d bytes of answers queued", n, size)
		case <-time.After(time.Millisecond):
		}
	}
	read := src.read()
	t.Logf("read %d of %d bytes before waiting for the client", read, len(input.String()))
	if read > len(input.String())/4 {
		t.Errorf("read %d of %d bytes while no answer was written", read, len(input.String()))
	}
	close(w.open)
	<-done
	waitAnswered(r)
	lines := strings.Split(strings.TrimSuffix(w.buf.String(), "\n"), "\n")
	if len(lines) != n || !strings.Contains(lines[n-1], `-32600`) {
		t.Errorf("%d answers", len(lines))
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingReader) read() int { return int(c.n.Load()) }

// TestStructMembersMatchInAnyCase: where mcp-go decodes an object into a struct although the
// field holding it is of type any or sits in a map (a completion's ref: mcp.PromptReference or
// mcp.ResourceReference; _meta's client info and capabilities, decoded again by mcp.Meta), two
// member names differing only in case are one field, and mcp-go keeps one and drops the other
// (checked here with mcp-go's own types), so they are refused as given twice. Round 13 took ref
// for a Go map, and "name":"rotate_keys","Name":"nonexistent" went on with one value dropped.
func TestStructMembersMatchInAnyCase(t *testing.T) {
	for _, c := range []struct {
		msg, want string
		dropped   func() bool // mcp-go's decoding of the message drops one of the two
	}{
		{`{"jsonrpc":"2.0","id":2,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"rotate_keys","Name":"nonexistent"},"argument":{"name":"app","value":"an"}}}`,
			`params.ref.Name is given twice`, func() bool {
				var p mcp.CompleteParams
				err := json.Unmarshal([]byte(`{"ref":{"type":"ref/prompt","name":"rotate_keys","Name":"nonexistent"},"argument":{"name":"app","value":"an"}}`), &p)
				return err == nil && p.Ref.(mcp.PromptReference).Name == "nonexistent"
			}},
		{`{"jsonrpc":"2.0","id":2,"method":"completion/complete","params":{"ref":{"type":"ref/resource","uri":"spice://a","URI":"spice://b"},"argument":{"name":"app","value":"an"}}}`,
			`params.ref.URI is given twice`, func() bool {
				var p mcp.CompleteParams
				err := json.Unmarshal([]byte(`{"ref":{"type":"ref/resource","uri":"spice://a","URI":"spice://b"},"argument":{"name":"app","value":"an"}}`), &p)
				return err == nil && p.Ref.(mcp.ResourceReference).URI == "spice://b"
			}},
		{`{"jsonrpc":"2.0","id":2,"method":"ping","params":{"_meta":{"io.modelcontextprotocol/clientInfo":{"name":"a","Name":"b","version":"1"}}}}`,
			`params._meta[\"io.modelcontextprotocol/clientInfo\"].Name is given twice`, func() bool {
				var m mcp.Meta
				err := json.Unmarshal([]byte(`{"io.modelcontextprotocol/clientInfo":{"name":"a","Name":"b","version":"1"}}`), &m)
				info := m.ClientInfo()
				return err == nil && info != nil && info.Name == "a" // re-encoded with sorted keys: "b" dropped
			}},
		{`{"jsonrpc":"2.0","id":2,"method":"ping","params":{"_meta":{"io.modelcontextprotocol/clientCapabilities":{"elicitation":{},"Elicitation":null}}}}`,
			`params._meta[\"io.modelcontextprotocol/clientCapabilities\"].Elicitation is given twice`, func() bool {
				var m mcp.Meta
				err := json.Unmarshal([]byte(`{"io.modelcontextprotocol/clientCapabilities":{"elicitation":{},"Elicitation":null}}`), &m)
				caps := m.ClientCapabilities()
				return err == nil && caps != nil && caps.Elicitation != nil // the null dropped
			}},
	} {
		if !c.dropped() {
			t.Errorf("%s: mcp-go keeps both names (the case is wrong)", c.msg)
		}
		out, answer := prepareMessage(nil, []byte(c.msg))
		if answer == nil || !strings.Contains(string(answer), c.want) {
			t.Errorf("%s\nanswered %s (handed on %s)", c.msg, answer, out)
		}
	}
	// Within those structs, a map's keys are still compared exactly.
	msg := `{"jsonrpc":"2.0","id":2,"method":"ping","params":{"_meta":{"io.modelcontextprotocol/clientCapabilities":{"experimental":{"a":{},"A":{}}}}}}`
	if out, answer := prepareMessage(nil, []byte(msg)); answer != nil || string(out) != msg {
		t.Errorf("%s\nanswered %s, handed on %s", msg, answer, out)
	}
}
