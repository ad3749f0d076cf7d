package tools

import "context"

// Outcome is how a tool call ended, for the server's log line (mcpserver): never shown to
// anyone, and never holding argument values. Err is the error the call failed with, or the
// cause a failed result carries (a workflow's failed step, a page server that could not
// start); Refused marks a failed result without one (approval needed, a person declined, a
// rule the API's roles impose).
type Outcome struct {
	Err     error
	Refused bool
}

type outcomeKey struct{}

// WithOutcome returns ctx with a place Call records the call's Outcome in.
func WithOutcome(ctx context.Context) (context.Context, *Outcome) {
	o := &Outcome{}
	return context.WithValue(ctx, outcomeKey{}, o), o
}

// OutcomeOf is the Outcome WithOutcome put in ctx, or nil.
func OutcomeOf(ctx context.Context) *Outcome {
	o, _ := ctx.Value(outcomeKey{}).(*Outcome)
	return o
}

// recordOutcome notes how a call ended in ctx's Outcome, if it has one.
func recordOutcome(ctx context.Context, res *Result, err error) {
	o := OutcomeOf(ctx)
	switch {
	case o == nil:
	case err != nil:
		o.Err = err
	case res != nil && res.IsError:
		o.Err, o.Refused = res.cause, res.cause == nil
	}
}

// failedBy is a refusal that an error caused: the log line says which.
func failedBy(text string, cause error) *Result {
	return &Result{Text: text, IsError: true, cause: cause}
}

// asError is an error result as the error that stopped a workflow's step: its text, shown as
// it is, and its cause, for the server's log only (causeOf): a browser that would not start is
// logged as such, not "failed".
func (r *Result) asError() error { return &resultError{text: r.Text, cause: r.cause} }

type resultError struct {
	text  string
	cause error
}

func (e *resultError) Error() string { return e.text }

// causeOf is what the server's log is told stopped a call: err, or the cause behind a
// resultError.
func causeOf(err error) error {
	if re, ok := err.(*resultError); ok && re.cause != nil {
		return re.cause
	}
	return err
}
