package client

import (
	"errors"
	"testing"
)

// TestR42FlowsMayStillApply: a read right after a lost answer settles a write as not applied only
// when the API answered (its error envelope) once it stopped handling the request; a gateway that
// gave up waiting (504, 524), a 5xx without the API's envelope (a gateway's page) or no answer at
// all leaves the write free to land later.
func TestR42FlowsMayStillApply(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"504", &APIError{StatusCode: 504, OutcomeUnknown: true}, true},
		{"524", &APIError{StatusCode: 524, OutcomeUnknown: true}, true},
		{"502 of the API", &APIError{StatusCode: 502, OutcomeUnknown: true, answered: true}, false},
		{"503 of the API", &APIError{StatusCode: 503, OutcomeUnknown: true, answered: true}, false},
		{"500 of the API", &APIError{StatusCode: 500, OutcomeUnknown: true, answered: true}, false},
		{"504 of the API", &APIError{StatusCode: 504, OutcomeUnknown: true, answered: true}, true},
		{"502 of a gateway", &APIError{StatusCode: 502, OutcomeUnknown: true}, true},
		{"503 of a gateway", &APIError{StatusCode: 503, OutcomeUnknown: true}, true},
		{"500 of a gateway", &APIError{StatusCode: 500, OutcomeUnknown: true}, true},
		{"504 to a read", &APIError{StatusCode: 504}, false},
		{"no answer", &RequestError{Method: "POST", Sent: true, OutcomeUnknown: true, Err: errors.New("reset")}, true},
		{"not sent", &RequestError{Method: "POST", Err: errors.New("refused")}, false},
		{"cancelled in flight", &CancelledError{OutcomeUnknown: true}, true},
		{"deadline in flight", &DeadlineError{OutcomeUnknown: true, Last: &APIError{StatusCode: 429}}, true},
	} {
		if got := MayStillApply(tc.err); got != tc.want {
			t.Errorf("%s: MayStillApply = %v, want %v", tc.name, got, tc.want)
		}
	}
}
