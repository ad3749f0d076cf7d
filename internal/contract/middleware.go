package contract

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// Handler wraps an API server (the emulator) and records every request and
// response problem plus the statuses seen per operation. Traffic itself is
// passed through unchanged.
func (s *Spec) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := readAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		x := s.begin(r.Method, r.URL, r.Header, body)
		if x.skip {
			next.ServeHTTP(w, r)
			return
		}
		cw := &captureWriter{ResponseWriter: w}
		next.ServeHTTP(cw, r)
		if r.Context().Err() != nil && cw.status == 0 {
			return // the caller went away before any answer: nothing was delivered to check
		}
		if cw.status == 0 { // nothing written: net/http sends an empty 200
			cw.status, cw.header = http.StatusOK, w.Header().Clone()
		}
		x.end(cw.status, cw.header, cw.body.Bytes())
	})
}

// Transport wraps a client's RoundTripper (nil means http.DefaultTransport)
// with the same checks as Handler.
func (s *Spec) Transport(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &transport{s: s, next: next}
}

type transport struct {
	s    *Spec
	next http.RoundTripper
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := readAll(req.Body)
	if req.Body != nil {
		req.Body.Close()
	}
	if err != nil {
		return nil, err
	}
	// RoundTrippers must not modify the caller's request, so send a copy.
	out := req.Clone(req.Context())
	switch {
	case len(body) > 0:
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		out.ContentLength = int64(len(body))
	case req.Body != nil:
		// An emptied reader would be sent chunked; NoBody keeps it a plain empty request.
		out.Body, out.GetBody, out.ContentLength = http.NoBody, nil, 0
	}
	x := t.s.begin(req.Method, req.URL, req.Header, body)
	resp, err := t.next.RoundTrip(out)
	if err != nil || x.skip {
		return resp, err
	}
	rb, err := readAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(rb))
	x.end(resp.StatusCode, resp.Header, rb)
	return resp, nil
}

// exchange is one request on its way through Handler or Transport.
type exchange struct {
	s    *Spec
	opID string // "" when no operation matched: the response is not checked
	skip bool   // the token endpoint: nothing is recorded
}

func (s *Spec) begin(method string, u *url.URL, header http.Header, body []byte) exchange {
	path := u.EscapedPath()
	if path == tokenPath {
		return exchange{skip: true}
	}
	query, err := url.ParseQuery(u.RawQuery)
	opID, probs := s.ValidateRequest(method, path, query, header, body)
	if err != nil {
		probs = append(probs, fmt.Sprintf("%s %s: bad query string: %v", method, path, err))
	}
	s.record("", 0, probs)
	return exchange{s: s, opID: opID}
}

func (x exchange) end(status int, header http.Header, body []byte) {
	if x.skip || x.opID == "" {
		return
	}
	x.s.record(x.opID, status, x.s.ValidateResponse(x.opID, status, header, body))
}

// captureWriter passes the response through while keeping a copy of the
// status, the headers as sent and the body. It keeps what the handler wrote
// even where net/http would drop it (a body on a 204), because that is still
// a handler bug, and tests using httptest.ResponseRecorder would see it.
type captureWriter struct {
	http.ResponseWriter
	status int
	header http.Header
	body   bytes.Buffer
}

func (w *captureWriter) WriteHeader(code int) {
	// 1xx responses are interim; the final status comes later.
	if w.status == 0 && (code >= 200 || code == http.StatusSwitchingProtocols) {
		w.status, w.header = code, w.Header().Clone()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *captureWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

func (w *captureWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *captureWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func readAll(r io.Reader) ([]byte, error) {
	if r == nil {
		return nil, nil
	}
	return io.ReadAll(r)
}
