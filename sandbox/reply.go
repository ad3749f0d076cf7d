package sandbox

import (
	"net/http"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// errorBody is the API's error shape (README §4).
type errorBody struct {
	Error   string        `json:"error"`
	Code    string        `json:"code,omitempty"`
	Details *errorDetails `json:"details,omitempty"`
	MaxTail int           `json:"max_tail,omitempty"`
}

type errorDetails struct {
	FieldErrors rules.FieldErrors `json:"fieldErrors"`
	FormErrors  []string          `json:"formErrors"`
}

// Top-level texts of validation failures; which one a route uses is the API's choice (§4).
const (
	validationError = "Validation error"
	invalidRequest  = "Invalid request"
)

func jsonReply(status int, body any) reply {
	return reply{status: status, body: body}
}

func noContent() reply {
	return reply{status: http.StatusNoContent}
}

func errorReply(status int, msg string) reply {
	return reply{status: status, body: errorBody{Error: msg}}
}

// codedError answers with the current generation's machine-readable code (README §5).
func codedError(status int, code, msg string) reply {
	return reply{status: status, body: errorBody{Error: msg, Code: code}}
}

func codedErrorPtr(status int, code, msg string) *reply {
	rep := codedError(status, code, msg)
	return &rep
}

func errorReplyPtr(status int, msg string) *reply {
	rep := errorReply(status, msg)
	return &rep
}

// invalid answers 400 with field and form errors under the given top-level text.
func invalid(top string, fields rules.FieldErrors, formErrors ...string) reply {
	if fields == nil {
		fields = rules.FieldErrors{}
	}
	if formErrors == nil {
		formErrors = []string{}
	}
	return reply{status: http.StatusBadRequest, body: errorBody{
		Error:   top,
		Details: &errorDetails{FieldErrors: fields, FormErrors: formErrors},
	}}
}

// WriteError answers with the API's error envelope ({"error": msg, "code": code}), for what
// stands in front of the emulator (sandbox-api's Host check) and answers as the API would.
func WriteError(w http.ResponseWriter, status int, code, msg string) {
	writeReply(w, codedError(status, code, msg))
}
