package tools

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// maxQuestionRounds bounds how often one call asks and runs again, as mcp-go's bridge does.
const maxQuestionRounds = 10

// callAsking runs the call and, for a client before 2026-07-28, asks the questions a result
// needs answered (a confirmation, a secret-entry page) with the server-initiated requests that
// era knows, then runs the call again with the answers. mcp-go v1.2.1 would do the same after
// the handler returned (server/mrtr.go, resolveMultiRoundTrip), but a question that fails there
// — the client answers with an error, the connection closes, the call is cancelled — ends in a
// JSON-RPC internal error worded by mcp-go, and the call is logged as a success. Asked here, a
// failed question is this tool's result: it says so, and that nothing was changed. A
// 2026-07-28 client gets the question in the result and answers it by calling again.
func (t Tool) callAsking(ctx context.Context, env *Env, raw json.RawMessage) (*Result, error) {
	res, err := t.call(ctx, env, raw)
	srv := server.ServerFromContext(ctx)
	if srv == nil || mcp.IsModernProtocol(server.RequestProtocolVersion(ctx)) {
		return res, err
	}
	for round := 0; err == nil && res != nil && res.Raw != nil && res.Raw.NeedsInput() && round < maxQuestionRounds; round++ {
		requests := res.Raw.InputRequests
		responses := make(mcp.InputResponses, len(requests))
		for _, id := range slices.Sorted(maps.Keys(requests)) {
			req := requests[id]
			if req.Method != mcp.MethodElicitationCreate || req.Elicitation == nil {
				return res, nil // not a question of ours: mcp-go's bridge answers it
			}
			// The person reads it: redacted of the caller's remembered values, this call's too.
			params := RedactQuestion(env.known(ctx), *req.Elicitation)
			asked := func(bool) {}
			if tagger, ok := ctx.Value(questionTaggerKey{}).(QuestionTagger); ok {
				asked = tagger.Tag(&params)
			}
			answer, askErr := srv.RequestElicitation(ctx, mcp.ElicitationRequest{
				Request: mcp.Request{Method: string(mcp.MethodElicitationCreate)},
				Params:  params,
			})
			// Unanswered when the call ended (cancelled; its time limit does not run while the
			// person is asked): the question is withdrawn.
			asked(askErr != nil && ctx.Err() != nil)
			if askErr == nil && answer == nil {
				askErr = errors.New(present.QuestionNoAnswer)
			}
			if cause := context.Cause(ctx); askErr != nil && ctx.Err() != nil && !errors.Is(cause, ctx.Err()) {
				askErr = cause // the transport ended the wait, saying why (the server is shutting down)
			}
			if askErr != nil {
				return env.questionFailed(ctx, id, req.Elicitation, askErr, func() []present.UnavailableTool {
					return unusableTools(ctx, env, "list_secrets")
				}), nil
			}
			responses[id] = mcp.NewElicitationInputResponse(*answer)
		}
		info := callInfo(ctx)
		info.InputResponses, info.RequestState = responses, res.Raw.RequestState
		res, err = t.call(WithCallInfo(ctx, info), env, raw)
	}
	return res, err
}

// QuestionTagger lets a call withdraw a question it asked the client (elicitation/create) when
// the call ends before the answer: Tag marks params before they are sent and returns what to
// call once the question ended, unanswered true when the call ended without its answer (the
// transport then cancels the question's request, if the client has not answered it).
type QuestionTagger interface {
	Tag(params *mcp.ElicitationParams) (asked func(unanswered bool))
}

type questionTaggerKey struct{}

// WithQuestionTagger gives ctx the transport's QuestionTagger (stdio; HTTP in the 2025 eras).
func WithQuestionTagger(ctx context.Context, t QuestionTagger) context.Context {
	return context.WithValue(ctx, questionTaggerKey{}, t)
}

// questionFailed is the result of a question the client could not get answered. A
// secret-entry page it carried is withdrawn, so nobody enters values the call no longer
// waits for, atomically with a store (humanweb.Surface.Withdraw): values already being stored
// through it are, and the result says so (listing: which of list_secrets the caller cannot
// use, read only then); a page another identical call waits on stays open for that one.
func (env *Env) questionFailed(ctx context.Context, id string, q *mcp.ElicitationParams, err error, listing ...func() []present.UnavailableTool) *Result {
	cause := present.AskingUserFailed(id, err)
	why := err.Error()
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		why = present.QuestionCallEnded
	}
	cancelled := errors.Is(err, context.Canceled)
	if q.Mode == mcp.ElicitationModeURL {
		withdrawal := humanweb.WithdrawnNow
		if env.Human != nil && q.ElicitationID != "" {
			withdrawal = env.Human.Withdraw(q.ElicitationID)
		}
		switch withdrawal {
		case humanweb.AnsweredAlready:
			var unavailable []present.UnavailableTool
			for _, l := range listing {
				unavailable = append(unavailable, l()...)
			}
			return failedBy(present.SecretQuestionEndedAnswered(why, unavailable), cause)
		case humanweb.LeftOpen:
			return failedBy(present.SecretQuestionEndedLeftOpen(why), cause)
		}
		if cancelled {
			return failedBy(present.SecretQuestionCancelled, cause)
		}
		return failedBy(present.SecretQuestionFailed(why), cause)
	}
	if cancelled {
		return failedBy(present.ConfirmQuestionCancelled, cause)
	}
	return failedBy(present.ConfirmQuestionFailed(why, client.HTTPCaller(ctx)), cause)
}
