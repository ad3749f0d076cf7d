package sandbox

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
)

// Transport returns an http.RoundTripper that serves requests with the emulator in-process,
// without a socket: the --sandbox MCP server uses it so the sandbox costs no port and no
// start-up time, while the client still goes through its full HTTP path.
func (e *Emulator) Transport() http.RoundTripper { return inProcess{e} }

type inProcess struct{ e *Emulator }

func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	// A request whose context already ended is not served, as net/http's transport sends none:
	// a call whose time limit ran out before its first request changes nothing.
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if req.Body == nil {
		req.Body = http.NoBody
	}
	w := &responseBuffer{header: http.Header{}}
	t.e.ServeHTTP(w, req)
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.header.Set("Content-Length", strconv.Itoa(w.body.Len()))
	return &http.Response{
		Status:        strconv.Itoa(w.status) + " " + http.StatusText(w.status),
		StatusCode:    w.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        w.header,
		Body:          io.NopCloser(&w.body),
		ContentLength: int64(w.body.Len()),
		Request:       req,
	}, nil
}

// responseBuffer is a minimal http.ResponseWriter that keeps the response in memory.
type responseBuffer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *responseBuffer) Header() http.Header { return w.header }

func (w *responseBuffer) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *responseBuffer) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(b)
}
