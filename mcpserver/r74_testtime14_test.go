package mcpserver_test

import (
	"io"
	"net"
	"testing"
	"time"
)

// r74Testtime14Raw is r64Httpmode8Raw reporting with t.Errorf only, for a goroutine of its own.
func r74Testtime14Raw(t *testing.T, host, send string) string {
	c, err := net.Dial("tcp", host)
	if err != nil {
		t.Error(err)
		return ""
	}
	defer c.Close()
	if _, err := io.WriteString(c, send); err != nil {
		t.Error(err)
		return ""
	}
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	answer, err := io.ReadAll(c)
	if isTimeoutErr(err) {
		t.Errorf("%.40q: the connection stayed open 10 s", send)
	}
	return string(answer)
}
