package client

import (
	"strings"
	"testing"
)

// TestR68Words7ErrorNumbersWithSeparators: the client's own errors, which reach a user as the
// server's start-up refusal (stderr) and in a tool result's API error, write a quantity as
// results do (plain.Number, plain.Bytes): SPICE_API_MAX_IDLE_CONNS's bound was "from 1 to 10000"
// and a too-large answer "over 1000 bytes", where results write 10,000 and 1,000 bytes.
func TestR68Words7ErrorNumbersWithSeparators(t *testing.T) {
	_, err := ConfigFromEnv(func(name string) string {
		if name == EnvMaxIdleConns {
			return "20000"
		}
		return ""
	}, "test")
	if err == nil || !strings.Contains(err.Error(), "from 1 to 10,000, got \"20000\"") {
		t.Errorf("%s=20000: %v, want the bound as 10,000 and the value as given", EnvMaxIdleConns, err)
	}
	for limit, want := range map[int64]string{1000: "over 1,000 bytes,", 1536: "over 1,536 bytes,", 4 << 20: "over 4 MiB,", 512 << 10: "over 512 KiB,"} {
		e := &ResponseError{Operation: "getApp", Method: "GET", Path: "/v1/apps/1", StatusCode: 200, Schema: "App", TooLarge: limit}
		if !strings.Contains(e.Error(), want) {
			t.Errorf("TooLarge %d: %q, want %q", limit, e.Error(), want)
		}
	}
}
