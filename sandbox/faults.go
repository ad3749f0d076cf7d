package sandbox

import (
	"net/http"
	"time"
)

// Fault makes the emulator misbehave on purpose, to test retries, timeouts and
// "the request was processed but the response was lost" handling.
type Fault struct {
	Operation  string        // operationId to match; "" matches every operation
	Status     int           // status to answer with (e.g. 429, 500, 502, 503); 0 = none (latency only)
	RetryAfter string        // Retry-After header value, if any
	Code       string        // machine-readable error code of the body (e.g. github_unavailable); "" = none
	Latency    time.Duration // delay before answering; cut short when the request context ends
	Times      int           // how many requests it applies to; 0 = 1, -1 = forever
	// Hold, when set, keeps the answer (after Latency) until it is closed or the request
	// context ends: a test lets another request land first by closing it, not by a delay
	// that a loaded machine can outrun.
	Hold <-chan struct{}
	// AfterApply runs the real operation first (state changes), then delays and answers with
	// Status anyway, or with the real answer when Status is 0.
	AfterApply bool
}

// FaultHeader marks every response produced by an injected fault, so that tests and tools can
// tell simulated failures from real answers.
const FaultHeader = "X-Sandbox-Fault"

type activeFault struct {
	Fault
	remaining int // -1 = forever
}

// faultMessages are the error texts of injected statuses; others use the HTTP status text.
var faultMessages = map[int]string{
	http.StatusInternalServerError: "Internal server error",
	http.StatusTooManyRequests:     "Too many requests",
	http.StatusBadGateway:          "Upstream service failure while provisioning the deployment",
	http.StatusServiceUnavailable:  "Service unavailable",
	http.StatusGatewayTimeout:      "Gateway timeout",
	http.StatusUnprocessableEntity: "Organization is not fully configured",
}

// InjectFault queues f; faults apply in the order they were injected.
func (e *Emulator) InjectFault(f Fault) {
	e.mu.Lock()
	defer e.mu.Unlock()
	remaining := f.Times
	if remaining == 0 {
		remaining = 1
	}
	e.faults = append(e.faults, &activeFault{Fault: f, remaining: remaining})
}

// ClearFaults removes every pending fault.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = nil
}

// arrive counts a request for the operation and takes the first pending fault matching it.
func (e *Emulator) arrive(operationID string) *Fault {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls[operationID]++
	for i, f := range e.faults {
		if f.Operation != "" && f.Operation != operationID {
			continue
		}
		if f.remaining > 0 {
			f.remaining--
			if f.remaining == 0 {
				e.faults = append(e.faults[:i:i], e.faults[i+1:]...)
			}
		}
		taken := f.Fault
		taken.Operation = operationID // the one it answers, for its message
		return &taken
	}
	return nil
}

func faultReply(f Fault) reply {
	msg, ok := faultMessages[f.Status]
	if !ok {
		msg = http.StatusText(f.Status)
	}
	if f.Status == http.StatusBadGateway && f.Operation != "createProjectDeployment" && f.Operation != "createDeployment" {
		msg = "Upstream service failure" // the provisioning message fits only the deployment operations
	}
	rep := codedError(f.Status, f.Code, msg)
	rep.header = http.Header{FaultHeader: {"injected"}}
	if f.RetryAfter != "" {
		rep.header.Set("Retry-After", f.RetryAfter)
	}
	return rep
}
