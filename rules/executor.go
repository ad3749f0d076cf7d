package rules

import "math"

// MinZero is the validator's message for a number below a minimum of 0.
const MinZero = "Number must be greater than or equal to 0"

// NotFinite is the validator's message for an infinite number (a literal beyond doubles, 1e400)
// where a number is documented; a Go caller's NaN gets it too, as JSON can write neither.
const NotFinite = "Number must be finite"

// MinZeroWords is a number below 0 refused by this project itself (the client's offset), in
// the words the tools' refusals use after the field's name.
const MinZeroWords = "must be 0 or more"

// ExecutorSpec checks an executor (openapi.json's ExecutorSpec, a distributed project's
// executor pool) from its parts as sent, nil for those left out: replicas (an integer, 0 or
// more), storage_size_gb (a number, 0 or more) and resources (a decoded ResourceSpec). It
// returns the first problem, prefixed with its path inside the field ("replicas: ...",
// "resources: limits.cpu: ..."), or "". The client and the emulator both apply it.
func ExecutorSpec(replicas *int, storageSizeGB *float64, resources any) string {
	return Wording{}.ExecutorSpec(replicas, storageSizeGB, resources)
}

// ExecutorSpec is the package's ExecutorSpec in w.
func (w Wording) ExecutorSpec(replicas *int, storageSizeGB *float64, resources any) string {
	switch {
	case replicas != nil && *replicas < 0:
		return "replicas: " + MinZero
	case storageSizeGB != nil && (math.IsInf(*storageSizeGB, 0) || math.IsNaN(*storageSizeGB)):
		return "storage_size_gb: " + NotFinite
	case storageSizeGB != nil && *storageSizeGB < 0:
		return "storage_size_gb: " + MinZero
	}
	if msg := w.ResourceSpec(resources); msg != "" {
		return "resources: " + msg
	}
	return ""
}
