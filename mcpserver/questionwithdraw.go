package mcpserver

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// A call whose question (elicitation/create, 2025 eras) is still unanswered when the call ends
// (cancelled, out of time) withdraws it over stdio: notifications/cancelled naming the
// question's id (MCP: either side may cancel a request it issued), so the person's client stops
// showing a question nobody waits for. mcp-go v1.2.1 numbers the question itself and returns
// no id, so the call tags the question (a private _meta member, tools.WithQuestionTagger); the
// writer (codeFixingWriter) reads the id next to the tag as mcp-go writes the request, and takes
// the tag out: the client never sees it. Over HTTP mcp-go writes questions on its own streams,
// untagged, and none is withdrawn.

// questionTagKey is the _meta member that tags a question; never written to the client.
const questionTagKey = "spice-cloud-mcp.question-tag"

var questionTagPrefix = []byte(`"_meta":{"` + questionTagKey + `":"`)

// stdioQuestions are the tagged questions of a stdio server: tag -> the question's id as
// written ("" until written).
type stdioQuestions struct {
	mu   sync.Mutex
	ids  map[string]string
	w    *codeFixingWriter
	sent *serverRequests
}

// Tag implements tools.QuestionTagger.
func (q *stdioQuestions) Tag(params *mcp.ElicitationParams) func(unanswered bool) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil || params.Meta != nil {
		return func(bool) {}
	}
	tag := hex.EncodeToString(b)
	params.Meta = &mcp.Meta{AdditionalFields: map[string]any{questionTagKey: tag}}
	q.mu.Lock()
	q.ids[tag] = ""
	q.mu.Unlock()
	return func(unanswered bool) {
		q.mu.Lock()
		id := q.ids[tag]
		delete(q.ids, tag)
		q.mu.Unlock()
		if !unanswered || id == "" {
			return
		}
		key, ok := responseKey([]byte(id))
		if !ok || !q.sent.answered(key) { // answered meanwhile, or failed at the end of input
			return
		}
		line, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "notifications/cancelled",
			"params": map[string]any{"requestId": json.RawMessage(id), "reason": present.QuestionWithdrawn}})
		if err == nil {
			_, _ = q.w.Write(append(line, '\n'))
		}
	}
}

// untag records the id of the tagged question msg (as mcp-go writes it) and returns msg
// without its tag; any other message as it is (a tag is random, known only while its question
// is asked).
func (q *stdioQuestions) untag(msg []byte) []byte {
	i := bytes.Index(msg, questionTagPrefix)
	if i < 0 {
		return msg
	}
	rest := msg[i+len(questionTagPrefix):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 || !bytes.HasPrefix(rest[end:], []byte(`"}`)) {
		return msg
	}
	tag := string(rest[:end])
	q.mu.Lock()
	_, open := q.ids[tag]
	q.mu.Unlock()
	if !open { // not a tag of a question being asked: left as it is
		return msg
	}
	cut := i + len(questionTagPrefix) + end + len(`"}`)
	if cut < len(msg) && msg[cut] == ',' {
		cut++
	}
	out := append(append(make([]byte, 0, len(msg)), msg[:i]...), msg[cut:]...)
	if s, ok := inspectMessage(bytes.TrimRight(out, " \t\r\n")); ok && s.id.found() && s.method.found() {
		q.mu.Lock()
		if _, open := q.ids[tag]; open {
			q.ids[tag] = string(out[s.id.start:s.id.end])
		}
		q.mu.Unlock()
	}
	return out
}
