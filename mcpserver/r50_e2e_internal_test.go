package mcpserver

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestR50E2eWithdrawalAlsoOnTheSessionsGETStream: a question written on its call's own POST
// stream is withdrawn there and, when the session holds a GET stream open, there too: the
// official go-sdk client (v1.8.0) stops reading a call's stream when it cancels the call, yet
// keeps showing its question, and reads the GET stream (it went on showing the question until the
// person answered, and the answer was refused). Without a GET stream, only the POST stream.
func TestR50E2eWithdrawalAlsoOnTheSessionsGETStream(t *testing.T) {
	for _, withGET := range []bool{true, false} {
		var q httpQuestions
		post, get := httptest.NewRecorder(), httptest.NewRecorder()
		postStream := &questionStream{ResponseWriter: post, questions: &q, session: "s1"}
		getStream := &questionStream{ResponseWriter: get, questions: &q}
		if withGET {
			defer q.openGET("s1", getStream)()
		}
		end, ev := r43TaggedQuestion(&q, "5")
		if _, err := postStream.Write(ev); err != nil {
			t.Fatal(err)
		}
		end(true)
		for name, body := range map[string]string{"POST": post.Body.String(), "GET": get.Body.String()} {
			withdrawn := strings.Contains(body, `"method":"notifications/cancelled"`) && strings.Contains(body, `"requestId":5`)
			if want := name == "POST" || withGET; withdrawn != want || strings.Contains(body, questionTagKey) {
				t.Errorf("GET stream open %v: the %s stream carried %q, want the withdrawal: %v", withGET, name, body, want)
			}
		}
	}
}
