package mcpserver

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

// TestR42Proto2WithdrawalNeverPrecedesItsQuestion: a call ends without its answer (its
// question is withdrawn) while mcp-go writes that question on the call's stream. The
// withdrawal (notifications/cancelled naming the question) must come after the question, or,
// when the question is dropped (its call ended first), not at all. httpQuestions.untag noted
// the question's id under its own lock and questionStream.Write took the stream's after it: a
// withdrawal in between was written before its question.
func TestR42Proto2WithdrawalNeverPrecedesItsQuestion(t *testing.T) {
	bad := 0
	for i := range 20000 {
		var q httpQuestions
		rec := httptest.NewRecorder()
		stream := &questionStream{ResponseWriter: rec, questions: &q}
		var params mcp.ElicitationParams
		end := q.Tag(&params)
		tag := params.Meta.AdditionalFields[questionTagKey].(string)
		ev := []byte(`event: message` + "\n" + `data: {"jsonrpc":"2.0","id":3,"method":"elicitation/create","params":{"_meta":{"` +
			questionTagKey + `":"` + tag + `"},"message":"Delete?"}}` + "\n\n")
		var wg sync.WaitGroup
		wg.Add(2)
		start := make(chan struct{})
		go func() {
			defer wg.Done()
			<-start
			_, _ = stream.Write(ev)
		}()
		go func() {
			defer wg.Done()
			<-start
			for range i % 8 {
				_ = bytes.Clone(ev) // a little later, now and then
			}
			end(true)
		}()
		close(start)
		wg.Wait()
		body := rec.Body.String()
		asked, withdrawn := strings.Index(body, "elicitation/create"), strings.Index(body, "notifications/cancelled")
		if withdrawn >= 0 && (asked < 0 || withdrawn < asked) {
			bad++
			if bad <= 3 {
				t.Logf("run %d: %q", i, body)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of 20000 withdrawals came before their question (or without it)", bad)
	}
}

// TestR42Proto2StdioWithdrawalNeverPrecedesItsQuestion: the same over stdio, where
// codeFixingWriter noted the question's id (stdioQuestions.untag) before it took the writer.
func TestR42Proto2StdioWithdrawalNeverPrecedesItsQuestion(t *testing.T) {
	bad := 0
	for i := range 20000 {
		var out bytes.Buffer // written under the writer's lock
		w, _ := r42StdioTaggingWriter(&out)
		var params mcp.ElicitationParams
		end := w.tags.Tag(&params)
		tag := params.Meta.AdditionalFields[questionTagKey].(string)
		line := []byte(`{"jsonrpc":"2.0","id":3,"method":"elicitation/create","params":{"_meta":{"` +
			questionTagKey + `":"` + tag + `"},"message":"Delete?"}}` + "\n")
		var wg sync.WaitGroup
		wg.Add(2)
		start := make(chan struct{})
		go func() {
			defer wg.Done()
			<-start
			_, _ = w.Write(line)
		}()
		go func() {
			defer wg.Done()
			<-start
			for range i % 8 {
				_ = bytes.Clone(line)
			}
			end(true)
		}()
		close(start)
		wg.Wait()
		body := out.String()
		asked, withdrawn := strings.Index(body, "elicitation/create"), strings.Index(body, "notifications/cancelled")
		if withdrawn >= 0 && (asked < 0 || withdrawn < asked) {
			bad++
			if bad <= 3 {
				t.Logf("run %d: %q", i, body)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of 20000 withdrawals came before their question (or without it)", bad)
	}
}

// TestR42StdioQuestionOfAnEndedCallIsNeverWritten: over stdio, a question whose call ended
// (cancelled, out of time) before mcp-go wrote it is dropped, as over HTTP: it was written with
// its private tag in it, asking the person a question nobody waits for.
func TestR42StdioQuestionOfAnEndedCallIsNeverWritten(t *testing.T) {
	var out bytes.Buffer
	w, sent := r42StdioTaggingWriter(&out)
	var params mcp.ElicitationParams
	end := w.tags.Tag(&params)
	tag := params.Meta.AdditionalFields[questionTagKey].(string)
	end(true) // the call ends before its question is written
	line := []byte(`{"jsonrpc":"2.0","id":3,"method":"elicitation/create","params":{"_meta":{"` +
		questionTagKey + `":"` + tag + `"},"message":"Delete?"}}` + "\n")
	if n, err := w.Write(line); n != len(line) || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if out.Len() != 0 {
		t.Errorf("the question of an ended call was written: %q", out.String())
	}
	if sent.answered([]byte("3")) {
		t.Error("the question never written is still awaited as sent")
	}

	// A question whose call is still going is written, without its tag.
	var live mcp.ElicitationParams
	end = w.tags.Tag(&live)
	tag = live.Meta.AdditionalFields[questionTagKey].(string)
	line = []byte(`{"jsonrpc":"2.0","id":4,"method":"elicitation/create","params":{"_meta":{"` +
		questionTagKey + `":"` + tag + `"},"message":"Delete?"}}` + "\n")
	if _, err := w.Write(line); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, `"id":4`) || strings.Contains(got, tag) {
		t.Errorf("a live question: %q", got)
	}
	end(false)
}

// r42StdioTaggingWriter is a stdio server's writer onto out that tags questions and tracks the
// server's requests, as ServeStdio builds it (without progress and listen tracking).
func r42StdioTaggingWriter(out *bytes.Buffer) (*codeFixingWriter, *serverRequests) {
	sent := &serverRequests{}
	w := &codeFixingWriter{w: out, questions: sent}
	w.tags = &stdioQuestions{ids: map[string]string{}, w: w, sent: sent}
	return w, sent
}
