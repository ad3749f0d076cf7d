package mcpserver

import (
	"bytes"
	"net/http/httptest"
	"testing"
)

// TestNoAnswerHoldsTheNonce: the last line of both transports: a message that still holds the
// coded-error nonce once codes and ids are restored (here a result quoting a marker, which no
// fixer rewrites) goes out with it withheld, on stdio and over HTTP; a coded error still gets its
// code and a message without the marker.
func TestNoAnswerHoldsTheNonce(t *testing.T) {
	stray := []byte(`{"jsonrpc":"2.0","id":1,"result":{"text":"before ` + codeNonce + ` after"}}` + "\n")
	coded := []byte(`{"jsonrpc":"2.0","id":2,"error":{"code":-32600,"message":"` +
		"Invalid params: x\\u001f" + codeNonce + ` -32602 null"}}` + "\n")
	for _, msg := range [][]byte{stray, coded} {
		var stdio bytes.Buffer
		w := &codeFixingWriter{w: &stdio}
		if _, err := w.Write(msg); err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		if _, err := (idRestoringResponse{rec}).Write(msg); err != nil {
			t.Fatal(err)
		}
		for what, got := range map[string][]byte{"stdio": stdio.Bytes(), "HTTP": rec.Body.Bytes()} {
			if bytes.Contains(got, nonceBytes) {
				t.Errorf("%s: the nonce went out: %s", what, got)
			}
		}
	}
	var stdio bytes.Buffer
	_, _ = (&codeFixingWriter{w: &stdio}).Write(coded)
	if got := stdio.String(); got != `{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Invalid params: x"}}`+"\n" {
		t.Errorf("stdio coded error: %s", got)
	}
}
