package mcpserver_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR57DeterminismAnswerUsedInItsLastSecondIsUsed: README says every answer approves its call
// once. A question's state expires in whole seconds (accepted while the clock's second is not
// past the one it names), but the ledger of used answers forgot an answer as soon as the clock
// passed that second's start: an answer used in its last second was accepted again, so a
// replay then deleted twice (here: the second delete_app went ahead, and found no app). The
// answer is sent, then sent again, both within the second the state names: the second is
// refused as used (or as expired, should it land after that second on a loaded machine).
func TestR57DeterminismAnswerUsedInItsLastSecondIsUsed(t *testing.T) {
	const regenerate = `{"app":"analytics-app","key_number":1}`
	for attempt := 1; ; attempt++ {
		conn := serveStdio(t, mcpserver.Options{Safety: tools.Safety{QuestionTTL: time.Second}})
		_, _, asked := r47SafetyCall(t, conn, 10, "regenerate_api_key", regenerate, r47SafetyModernMeta(`{"elicitation":{}}`))
		state := r47SafetyRequestState(t, asked)
		body, _, _ := strings.Cut(state, ".")
		var s struct {
			Expires int64 `json:"e"`
		}
		if raw, err := base64.RawURLEncoding.DecodeString(body); err != nil || json.Unmarshal(raw, &s) != nil {
			t.Fatalf("state %s: %v", state, err)
		}
		for time.Now().Unix() < s.Expires { // the state's last second: still accepted
			time.Sleep(time.Millisecond)
		}
		answer := fmt.Sprintf(`"inputResponses":{"confirm":{"action":"accept","content":{"name":"analytics-app"}}},"requestState":%q,`, state) +
			r47SafetyModernMeta(`{"elicitation":{}}`)
		isErr, text, raw := r47SafetyCall(t, conn, 11, "regenerate_api_key", regenerate, answer)
		if isErr && strings.Contains(text, present.ConfirmStateExpired(time.Second)) && attempt < 3 {
			continue // the first answer came after the last second (a loaded machine): again
		}
		if isErr {
			t.Fatalf("the answer, sent in its last second, was refused: %s", raw)
		}
		isErr, text, raw = r47SafetyCall(t, conn, 12, "regenerate_api_key", regenerate, answer)
		if !isErr || !strings.Contains(text, present.ConfirmStateUsed) && !strings.Contains(text, present.ConfirmStateExpired(time.Second)) {
			t.Errorf("the answer sent again in its last second was not refused as used: %s", raw)
		}
		return
	}
}
