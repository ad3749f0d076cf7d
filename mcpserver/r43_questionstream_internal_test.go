package mcpserver

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

// r43TaggedQuestion tags a question with q and returns what to call when it ends and the SSE
// event mcp-go writes for it, with id.
func r43TaggedQuestion(q *httpQuestions, id string) (func(bool), []byte) {
	var params mcp.ElicitationParams
	end := q.Tag(&params)
	tag := params.Meta.AdditionalFields[questionTagKey].(string)
	return end, []byte("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"elicitation/create\",\"params\":{\"_meta\":{\"" +
		questionTagKey + "\":\"" + tag + "\"},\"message\":\"Delete?\"}}\n\n")
}

// TestR43HTTPQuestionOnTheGETStreamIsWithdrawnThere: mcp-go writes a call's question on the
// session's GET stream when the call's own POST stream does not take it. The call ending without
// its answer withdraws it on the GET stream, after the question and without its tag, and writes
// nothing on the call's POST stream; also when the POST stream has ended (its request served).
func TestR43HTTPQuestionOnTheGETStreamIsWithdrawnThere(t *testing.T) {
	for _, postEnded := range []bool{false, true} {
		var q httpQuestions
		post, get := httptest.NewRecorder(), httptest.NewRecorder()
		postStream := &questionStream{ResponseWriter: post, questions: &q}
		getStream := &questionStream{ResponseWriter: get, questions: &q}
		end, ev := r43TaggedQuestion(&q, "5")
		if _, err := getStream.Write(ev); err != nil {
			t.Fatal(err)
		}
		if postEnded {
			postStream.close()
		}
		end(true)
		body := get.Body.String()
		asked, withdrawn := strings.Index(body, "elicitation/create"), strings.Index(body, `"method":"notifications/cancelled"`)
		if asked < 0 || withdrawn < asked || !strings.Contains(body[withdrawn:], `"requestId":5`) || strings.Contains(body, questionTagKey) {
			t.Errorf("POST stream ended %v: the GET stream carried %q", postEnded, body)
		}
		if post.Body.Len() != 0 {
			t.Errorf("POST stream ended %v: the call's POST stream carried %q", postEnded, post.Body.String())
		}
	}
}

// TestR43HTTPQuestionOfAnEndedCallIsNeverWritten is TestR42StdioQuestionOfAnEndedCallIsNeverWritten
// over HTTP: a question whose call ended (cancelled, its client gone) before mcp-go wrote it is
// never written, on the call's stream or the GET stream, and never with its private tag; also
// when mcp-go writes it after the server stopped remembering the ended call (endedQuestionKept):
// a question queued for a GET stream waits in mcp-go's session until a GET stream opens, however
// late. It was written then, tag and all. A question of a call still going is written, untagged.
func TestR43HTTPQuestionOfAnEndedCallIsNeverWritten(t *testing.T) {
	var q httpQuestions
	rec := httptest.NewRecorder()
	stream := &questionStream{ResponseWriter: rec, questions: &q}

	end, ev := r43TaggedQuestion(&q, "3")
	end(true) // the call ends before its question is written
	if n, err := stream.Write(ev); n != len(ev) || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if rec.Body.Len() != 0 {
		t.Errorf("the question of an ended call was written: %q", rec.Body.String())
	}

	end, ev = r43TaggedQuestion(&q, "4")
	end(true)
	for tag := range q.tags { // endedQuestionKept passed: what the timer does
		q.forget(tag)
	}
	if n, err := stream.Write(ev); n != len(ev) || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if rec.Body.Len() != 0 {
		t.Errorf("the question of a call that ended long before was written: %q", rec.Body.String())
	}

	end, ev = r43TaggedQuestion(&q, "6")
	if _, err := stream.Write(ev); err != nil {
		t.Fatal(err)
	}
	if got := rec.Body.String(); !strings.Contains(got, `"id":6`) || strings.Contains(got, questionTagKey) {
		t.Errorf("a live question: %q", got)
	}
	end(false)
}

// TestR43StdioQuestionOfACallEndedLongAgoIsNeverWritten: the same over stdio, should mcp-go write
// a question after the server stopped remembering its ended call: not written, tag and all.
func TestR43StdioQuestionOfACallEndedLongAgoIsNeverWritten(t *testing.T) {
	var out bytes.Buffer
	w, _ := r42StdioTaggingWriter(&out)
	var params mcp.ElicitationParams
	end := w.tags.Tag(&params)
	tag := params.Meta.AdditionalFields[questionTagKey].(string)
	end(true)
	w.tags.forget(tag) // endedQuestionKept passed: what the timer does
	line := []byte(`{"jsonrpc":"2.0","id":3,"method":"elicitation/create","params":{"_meta":{"` +
		questionTagKey + `":"` + tag + `"},"message":"Delete?"}}` + "\n")
	if n, err := w.Write(line); n != len(line) || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if out.Len() != 0 {
		t.Errorf("the question of a call that ended long before was written: %q", out.String())
	}
}
