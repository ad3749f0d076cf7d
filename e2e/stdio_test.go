package e2e

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// TestStdioDebugLogging runs the smoke checks over stdio with --log-level debug while
// recording every byte the server writes to stdout, not through CommandTransport but
// through the SDK's IOTransport over pipes this test owns. Debug logs must go to stderr
// only: stdout must hold nothing but newline-delimited JSON-RPC messages, from the first
// byte until the process exits. The recording also lets the suite check the wire form of
// the tool annotations over stdio.
func TestStdioDebugLogging(t *testing.T) {
	for _, era := range protocolEras {
		t.Run(era.name, func(t *testing.T) {
			t.Parallel()
			serverBinary(t) // build once, before the clock starts
			ctx := testContext(t)
			stderr := &lockedBuffer{}
			logStderrOnFailure(t, stderr)

			stdinR, stdinW, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			stdoutR, stdoutW, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(serverBinary(t), "--sandbox", "--log-level", "debug")
			cmd.Stdin, cmd.Stdout, cmd.Stderr = stdinR, stdoutW, stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			stdinR.Close()
			stdoutW.Close()
			exited := make(chan struct{})
			var waitErr error
			go func() {
				waitErr = cmd.Wait()
				close(exited)
			}()

			// Copy all of stdout to a recording and to the SDK, until EOF (process exit),
			// even after the SDK has closed its end.
			raw := &lockedBuffer{}
			wire := &wireLog{}
			framer := &lineFramer{log: wire}
			sdkR, sdkW := io.Pipe()
			copied := make(chan struct{})
			go func() {
				defer close(copied)
				_, _ = io.Copy(&stdoutTee{raw: raw, framer: framer, sdk: sdkW}, stdoutR)
				sdkW.Close()
				stdoutR.Close()
			}()
			stopped := false
			stop := func() { // closes stdin; the server must exit on its own with status 0
				if stopped {
					return
				}
				stopped = true
				timer := time.NewTimer(exitTimeout)
				defer timer.Stop()
				select {
				case <-exited:
				case <-timer.C:
					_ = cmd.Process.Kill()
					<-exited
					t.Errorf("stdio server did not exit within %v of stdin EOF; killed", exitTimeout)
				}
				<-copied
			}
			t.Cleanup(func() { // on an early failure
				stdinW.Close()
				sdkR.Close()
				stop()
			})

			transport := &mcp.IOTransport{Reader: sdkR, Writer: stdinW}
			cs, err := newClient().Connect(ctx, transport, sessionOptions(era.version))
			if err != nil {
				t.Fatalf("connecting over stdio (protocol %q): %v", era.version, err)
			}
			runSmoke(t, ctx, cs, era.want, wire)

			if err := cs.Close(); err != nil { // closes stdinW and sdkR
				t.Errorf("closing the session: %v", err)
			}
			stop()

			if code := cmd.ProcessState.ExitCode(); code != 0 {
				t.Errorf("stdio server exit code %d after stdin EOF, want 0 (%v)", code, waitErr)
			}
			if logs := stderr.String(); logs == "" {
				t.Errorf("--log-level debug wrote nothing to stderr")
			} else if !hasDebugRecord(logs) {
				t.Errorf("--log-level debug wrote no debug-level record to stderr:\n%s", logs)
			}
			_, bad := wire.snapshot()
			for _, b := range bad {
				t.Errorf("stdout carried something other than JSON-RPC: %s", b)
			}
			if framer.blank > 0 {
				t.Errorf("stdout carried %d blank line(s)", framer.blank)
			}
			if len(framer.partial) > 0 {
				t.Errorf("stdout ended with an unterminated line: %q", framer.partial)
			}
			if t.Failed() {
				t.Logf("server stdout:\n%s", raw.String())
			} else {
				t.Logf("stdout: %d bytes of JSON-RPC; stderr: %d bytes, first line: %s",
					len(raw.String()), stderr.Len(), firstLine(stderr.String()))
			}
		})
	}
}

// stdoutTee records the server's stdout and forwards it to the SDK for as long as the
// SDK reads. It is used by a single io.Copy goroutine.
type stdoutTee struct {
	raw     *lockedBuffer
	framer  *lineFramer
	sdk     *io.PipeWriter
	sdkGone bool
}

func (w *stdoutTee) Write(p []byte) (int, error) {
	w.raw.Write(p)
	w.framer.Write(p)
	if !w.sdkGone {
		if _, err := w.sdk.Write(p); err != nil {
			w.sdkGone = true // the session was closed; keep draining stdout
		}
	}
	return len(p), nil
}

// lineFramer splits a newline-delimited stream into frames for a wireLog. Its fields
// may be read once the writer has finished.
type lineFramer struct {
	log     *wireLog
	partial []byte
	blank   int
}

func (f *lineFramer) Write(p []byte) {
	f.partial = append(f.partial, p...)
	for {
		i := bytes.IndexByte(f.partial, '\n')
		if i < 0 {
			return
		}
		line := f.partial[:i]
		if len(bytes.TrimSpace(line)) == 0 {
			f.blank++
		} else {
			f.log.addFrame(line)
		}
		f.partial = f.partial[i+1:]
	}
}

// hasDebugRecord reports whether logs hold a debug-level record in the server's text
// format (tint's "DBG"), slog's text format, or JSON.
func hasDebugRecord(logs string) bool {
	for _, marker := range []string{" DBG ", "level=DEBUG", `"level":"DEBUG"`} {
		if strings.Contains(logs, marker) {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
