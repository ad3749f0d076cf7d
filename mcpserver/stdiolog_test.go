package mcpserver_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// failingReader fails with err once what it holds is read.
type failingReader struct {
	r   io.Reader
	err error
}

func (f failingReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

// TestStdioErrorLogMasksMessages: mcp-go's stdio error logger formats its lines itself
// ("Error reading input: %v", a recovered panic's value) into the message, so those messages
// are masked as attributes are (the audit's round 15: logging masks attributes only).
func TestStdioErrorLogMasksMessages(t *testing.T) {
	const password = "Xyz123abc"
	var logs testutil.SyncBuffer
	logger, err := logging.New(&logs, slog.LevelDebug, "text")
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: demoClient(t)})
	in := failingReader{strings.NewReader(""), errors.New("read /dev/pts/3: password=" + password)}
	_ = mcpserver.ServeStdio(context.Background(), srv, in, io.Discard, logger)
	got := logs.String()
	if !strings.Contains(got, "Error reading input") || !strings.Contains(got, "password="+present.Masked) || strings.Contains(got, password) {
		t.Errorf("want mcp-go's error line with the password masked:\n%s", got)
	}
}
