package mcpserver_test

import (
	"io"
	"net/http"
	"testing"
)

// r68StatusOf sends req and returns its status, the body read to its end and closed.
func r68StatusOf(t *testing.T, req *http.Request) int {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}
