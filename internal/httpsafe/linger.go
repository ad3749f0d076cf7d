package httpsafe

import (
	"context"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// Why a refusal needs a lingering close (RFC 9112 §9.6). A server that closes a TCP connection
// while the client's data is still arriving, or sits unread in its receive buffer, makes the
// kernel answer with a reset (RST), not a FIN; the client's next write then fails, and many
// clients (Go's among them, whose writer and reader race) report that write error and never
// read the answer that had already arrived. A server that refuses a request before reading its
// body must therefore half-close (FIN) after the answer and go on reading what the client still
// sends, until it closes too or a bound passes: a lingering close.
//
// net/http lingers only when it knows it gave up on a body: a MaxBytesReader on its own
// ResponseWriter hit its limit, or closing the body gave up (a declared length with more than
// 256 KiB left, or 256 KiB read without the end); then it waits 500 ms before closing (without
// a FIN when the connection is wrapped, as ours are, and without reading). Every other close
// with a body unread happens at once: when the client sent Connection: close itself (net/http
// then reads nothing of a body of declared length; Go's client with DisableKeepAlives or
// Request.Close, curl -H 'Connection: close', many proxies), when a read deadline ended the
// drain early (RefuseUnread's, for a client sending slowly), or when a wrapper hid net/http's
// ResponseWriter from MaxBytesReader. Round 54's CloseUnread wrapper did both of the last two
// (a deadline at once, and its own ResponseWriter): its refusals were lost to resets in 3 to 6
// of 10 runs of TestSecretValueSizes. With Connection: close the answer was lost about half the
// time (TestR55HttpmodeRefusalsReachAClientStillSending). connLimit's 503 and 429, written on
// the connection before net/http reads a byte, closed at once too (MarkUnread now).
//
// The mark lives on the connection: Linger sets it when a handler returns before its body's
// end, MarkUnread for an answer written on the connection itself, and ConnState clears it when
// net/http keeps the connection for another request (it read the body's rest), so that a
// connection closed later, idle or to make room at the cap, closes at once.
//
// LingerListener, WithConn and Linger close such connections lingering: the connection of a
// request whose handler returned before its body's end is half-closed when net/http closes it,
// and read (at most lingerBytes, never drained) until the client closes or lingerFor passes; at
// most maxLingering connections linger at once (beyond that they close at once, as net/http
// would).

// lingerFor bounds a lingering close: time for the client to read the answer; twice
// net/http's own wait, as a slow link's client needs a round trip.
const lingerFor = time.Second

// lingerBytes bounds what a lingering close reads: it closes no later than lingerFor, however
// fast the client sends.
const lingerBytes = 256 << 10

// maxLingering bounds the connections lingering at once, each a file descriptor and a goroutine
// (net/http's, waiting in Close).
const maxLingering = 256

var lingering atomic.Int32

// LingerListener hands out connections that close lingering after a request left its body
// unread (Linger marks them).
func LingerListener(ln net.Listener) net.Listener { return lingerListener{ln} }

type lingerListener struct{ net.Listener }

func (l lingerListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &lingerConn{Conn: c}, nil
}

type lingerConn struct {
	net.Conn
	// unread: the last request's handler returned before its body's end.
	unread atomic.Bool
	closed atomic.Bool
}

// Close half-closes and reads until the client closes or lingerFor passes when the last
// request's body was left unread, else closes at once.
func (c *lingerConn) Close() error {
	if c.closed.Swap(true) {
		return c.Conn.Close()
	}
	cw, ok := c.Conn.(interface{ CloseWrite() error })
	if !c.unread.Load() || !ok {
		return c.Conn.Close()
	}
	if lingering.Add(1) > maxLingering {
		lingering.Add(-1)
		return c.Conn.Close()
	}
	defer lingering.Add(-1)
	_ = cw.CloseWrite()
	deadline := time.Now().Add(lingerFor)
	_ = c.Conn.SetReadDeadline(deadline)
	// Up to lingerBytes are read, to see a client that has sent its all close; past them the
	// rest waits in the buffers (the client's writes block), never drained.
	if n, _ := io.CopyN(io.Discard, c.Conn, lingerBytes); n == lingerBytes {
		time.Sleep(time.Until(deadline))
	}
	return c.Conn.Close()
}

// NetConn is the connection it wraps.
func (c *lingerConn) NetConn() net.Conn { return c.Conn }

type connKey struct{}

// lingerOf is the lingering connection c is or wraps (through NetConn), nil when none.
func lingerOf(c net.Conn) *lingerConn {
	for c != nil {
		if lc, ok := c.(*lingerConn); ok {
			return lc
		}
		u, ok := c.(interface{ NetConn() net.Conn })
		if !ok {
			break
		}
		c = u.NetConn()
	}
	return nil
}

// WithConn is an http.Server's ConnContext (or part of one): Linger finds the connection there.
func WithConn(ctx context.Context, c net.Conn) context.Context {
	if lc := lingerOf(c); lc != nil {
		return context.WithValue(ctx, connKey{}, lc)
	}
	return ctx
}

// ConnState is an http.Server's ConnState hook (or part of one): a connection net/http keeps
// for another request has read the last one's body to its end, so it no longer lingers (a
// connection closed later, idle or to make room, closes at once).
func ConnState(c net.Conn, state http.ConnState) {
	if state == http.StateIdle {
		if lc := lingerOf(c); lc != nil {
			lc.unread.Store(false)
		}
	}
}

// Lingers reports whether c can close lingering (it wraps a LingerListener's connection).
func Lingers(c net.Conn) bool { return lingerOf(c) != nil }

// MarkUnread makes c close lingering: something answered it without reading what it sends (a
// refusal written on the connection itself).
func MarkUnread(c net.Conn) {
	if lc := lingerOf(c); lc != nil {
		lc.unread.Store(true)
	}
}

// Linger marks the connection of a request whose handler returns before its body's end, so
// that it closes lingering (LingerListener); a request read to its end clears the mark.
func Linger(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := r.Context().Value(connKey{}).(*lingerConn)
		if !ok || r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		c.unread.Store(false)
		body := &eofBody{ReadCloser: r.Body}
		r.Body = body
		next.ServeHTTP(w, r)
		if !body.eof.Load() {
			c.unread.Store(true)
		}
	})
}

// eofBody records that its body was read to its end.
type eofBody struct {
	io.ReadCloser
	eof atomic.Bool
}

func (b *eofBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.eof.Store(true)
	}
	return n, err
}
