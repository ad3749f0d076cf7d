package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/httpsafe"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// endpoint is /mcp once the header checks passed: it reads the body (bounded), keeps the
// sessions within their cap, restores the error codes of coded errors (errcodes.go), and hands
// the request to mcp-go.
type endpoint struct {
	mcp       http.Handler
	questions *questionEnder // the questions each session waits on (questionend.go); nil: none kept
	sessions  *sessions
	ids       *sessionIDs
	calls     modernCalls   // the 2026-07-28 calls in progress, for their cancellation (moderncalls.go)
	inflight  sessionCalls  // the 2025-era requests in progress, by session and id (duplicateids.go)
	tags      httpQuestions // the tagged questions of calls in progress (questionwithdraw.go)
	opts      HTTPOptions
	logger    *slog.Logger
	// refusals logs the refusals answered to a caller, once per burst (refusalLogger).
	refusals *slog.Logger
	// meta is the protected-resource metadata, named in the challenge of a refused caller token
	// (tokenrefusal.go); nil: none served.
	meta *resourceMetadata
	// known is the redactor of the values remembered for a request's caller (knownForRequest):
	// a refusal that quotes a header is redacted of them. nil: none.
	known func(*http.Request) *client.Redactor
}

// message is what endpoint reads of a JSON-RPC message, as mcp-go reads it (readMessage).
type message struct {
	Method      string // "" when mcp-go reads none, or cannot parse the message
	metaVersion string // the protocol version in params._meta, as mcp-go reads it
}

// readMessage reads msg as mcp-go v1.2.1's handlePost does (streamable_http.go): the method from
// a parse that reads nothing of params, and the era from a separate parse of params._meta
// (detectRequestEra), which counts only when it decodes whole. One parse of both stopped at a
// _meta mcp.Meta cannot decode (5, "x", []), so a method after it went unread: mcp-go opened a
// session for such an initialize that no cap or TTL here ever ended.
func readMessage(msg []byte) (m message) {
	var head struct {
		ID     json.RawMessage `json:"id"`
		Result json.RawMessage `json:"result,omitempty"`
		Error  json.RawMessage `json:"error,omitempty"`
		Method mcp.MCPMethod   `json:"method,omitempty"`
	}
	if json.Unmarshal(msg, &head) == nil {
		m.Method = string(head.Method)
	}
	var era struct {
		Params struct {
			Meta *mcp.Meta `json:"_meta"`
		} `json:"params"`
	}
	if json.Unmarshal(msg, &era) == nil {
		m.metaVersion = era.Params.Meta.ProtocolVersion()
	}
	return m
}

func (e *endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && !e.opts.Sandbox && bearerToken(r) != "" {
		// A call the API refuses the caller's token for answers 401 (tokenrefusal.go).
		ctx, refusal := withTokenRefusal(r.Context())
		r = r.WithContext(ctx)
		req := r
		refused := &tokenRefusalResponse{ResponseWriter: w, refusal: refusal, log: func() {
			logRefusal(e.refusals, req, http.StatusUnauthorized, "request refused: the Spice.ai API refused the caller's bearer token (invalid, expired or revoked)")
		}}
		refused.challenge = func() string { return invalidTokenChallenge(e.meta, req) }
		if e.meta != nil {
			refused.metaURL = e.meta.metadataURL(req)
		}
		w = refused
	}
	if !e.mediaFits(w, r) {
		return
	}
	body, ok := readBody(w, r, e.opts.MaxBodyBytes, e.opts.ReadTimeout, e.refusals)
	if !ok {
		return
	}
	// Stand-ins are turned back on every answer: a progress notification with one may go out on
	// another request's stream of the session.
	// A question a call asks is withdrawn on the stream that carried it, should the call end
	// without its answer (questionwithdraw.go).
	stream := &questionStream{ResponseWriter: w, questions: &e.tags}
	defer stream.close()
	carrier := stream // the case of a session's requests below names its own stream
	var out http.ResponseWriter = idRestoringResponse{stream}
	var answer []byte
	batched := false // answer refuses a batch
	sent := body     // as sent, before any stand-in
	if len(body) > 0 {
		// Ids and progress tokens whose value mcp-go would change get stand-ins (ids.go); a
		// request it would serve without its id, with an id MCP does not allow, or with text
		// that is not text, is answered here.
		var prepared []byte
		prepared, answer = prepareMessage(nil, body)
		if batch := refuseBatch(body); batch != nil { // batch.go
			answer, batched = batch, true
		} else if deep := refuseDeep(body); deep != nil {
			answer = deep
		}
		if answer == nil && len(prepared) > 0 && &prepared[0] != &body[0] {
			body = prepared
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
		}
	}
	var msg message
	if len(body) > 0 {
		msg = readMessage(body) // mcp-go answers malformed messages itself
	}
	if echoes := sentEchoes(r, msg.metaVersion); echoes != nil {
		out = echoMaskingResponse{ResponseWriter: out, echoes: echoes}
	}
	// 2026-07-28 has no sessions: mcp-go ignores their header and keeps nothing per client. It
	// reads the era as mcp-go does: from the header, or a POST's _meta (mcp-go reads no body of a
	// GET or a DELETE, so a body there makes nothing modern).
	//
	// mcp-go compares versions as text: a header it does not know that sorts after 2026-07-28
	// ("bogus") made it take the request for a 2026-07-28 one, refused speaking of a missing
	// _meta field. A header that is no known version is refused here, naming it (unknownVersion),
	// wherever mcp-go refuses it: every request but a 2025-era initialize (no 2026-07-28 _meta),
	// whose header mcp-go ignores unless it sorts after 2026-07-28: that one is taken out, so an
	// initialize is served whatever its header, however the value sorts.
	header := r.Header.Get(mcp.HeaderProtocolVersion)
	initialize := r.Method == http.MethodPost && msg.Method == string(mcp.MethodInitialize)
	unknownVersion := header != "" && !mcp.IsValidProtocolVersion(header)
	if unknownVersion && initialize && !mcp.IsModernProtocol(msg.metaVersion) {
		r.Header.Del(mcp.HeaderProtocolVersion)
		header, unknownVersion = "", false
	}
	modern := mcp.IsModernProtocol(header) && !unknownVersion ||
		r.Method == http.MethodPost && mcp.IsModernProtocol(msg.metaVersion)
	id := r.Header.Get(server.HeaderKeySessionID)
	if !modern && r.Method == http.MethodPost && msg.Method == string(mcp.MethodInitialize) {
		// initialize opens a new session: mcp-go ignores the ID a client still sends.
		r.Header.Del(server.HeaderKeySessionID)
		id = ""
	}
	if problem := malformedSessionID(r.Header.Values(server.HeaderKeySessionID)); problem != "" {
		logRefusal(e.refusals, r, http.StatusBadRequest, "request refused: its Mcp-Session-Id header is malformed or repeated")
		http.Error(w, problem, http.StatusBadRequest)
		return
	}
	// Sessions belong to their caller: a request that brings a session ID is served only when
	// its own caller was issued it, whatever era it claims, before anything of the session is
	// touched (its progress, its questions, its streams).
	if id != "" && !e.ids.valid(id, callerOf(bearerToken(r))) {
		// The ID is not logged: it is its caller's, and this request's may be another's.
		logRefusal(e.refusals, r, http.StatusNotFound, "request refused: its Mcp-Session-Id names no session of its caller (another token's, forged, or issued before a restart without SPICE_MCP_CONFIRM_KEY)")
		http.Error(w, present.InvalidSessionID, http.StatusNotFound)
		return
	}
	// A client's response is never answered (ids.go). 2026-07-28 has no questions of the
	// server's for one to answer, and mcp-go would refuse it with 400 and its id: it is dropped.
	if modern && r.Method == http.MethodPost && isResponse(body) {
		e.logger.Debug("dropped a client's response: 2026-07-28 has no questions of the server's to answer")
		if key, ok := answerKey(body); ok && id != "" && e.questions != nil {
			// It names its caller's 2025-era session: a question there would wait on.
			e.questions.fail(r.Context(), id, key, present.AnswerRefused)
		}
		w.WriteHeader(http.StatusAccepted)
		return
	}
	// A 2025-era answer to the server's question that mcp-go would drop fails the question (ids.go,
	// droppedOverHTTP).
	if r.Method == http.MethodPost && answer == nil && isResponse(body) {
		if fixed := droppedOverHTTP(body); fixed != nil {
			body = fixed
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
		}
	}
	// A 2026-07-28 request whose method is "" gets mcp-go's protocol-level refusal, as any other
	// method does (at the latest its Mcp-Method header's, which no value passes for "").
	if modern && r.Method == http.MethodPost && answerCode(answer) == mcp.METHOD_NOT_FOUND {
		if placed, header, ok := emptyMethodForMCPGo(body, r.Header.Get(mcp.HeaderMethod)); ok {
			body, answer = placed, nil
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
			r.Header.Del(mcp.HeaderMethod)
			if header != "" {
				out = headerMismatchResponse{ResponseWriter: out, header: header}
			}
		}
	}
	// A request mcp-go would answer without its id is answered at once, as before; one with text
	// that is not text where mcp-go would serve it, or with the method "", once its session is
	// known (serve).
	if code := answerCode(answer); answer != nil && code != mcp.INVALID_PARAMS && code != mcp.METHOD_NOT_FOUND {
		if !modern && id != "" && e.questions != nil {
			// mcp-go refuses a batch whole (batch.go): the answers in it fail their questions.
			for _, msg := range batchedResponses(body) {
				if key, ok := answerKey(msg); ok {
					e.questions.fail(r.Context(), id, key, present.AnswerRefused)
				}
			}
		}
		if batched {
			logRefusal(e.refusals, r, http.StatusBadRequest, "request refused: a JSON-RPC batch, which no protocol version here runs",
				"remedy", "send each message in a POST of its own")
		}
		answerInvalid(w, answer, modern)
		return
	}
	// A client's response goes on, so that its question fails (postRefused), and is refused in serve.
	if unknownVersion && !(r.Method == http.MethodPost && isResponse(body)) {
		e.refuseVersion(w, r, header, initialize, modern, mcp.IsValidProtocolVersion(msg.metaVersion), sent)
		return
	}
	admitted := false // an initialize's place at the cap (bound below)
	serve := func(out http.ResponseWriter, r *http.Request) {
		if unknownVersion {
			e.refuseVersion(w, r, header, initialize, modern, mcp.IsValidProtocolVersion(msg.metaVersion), sent)
			return
		}
		if answer != nil {
			answerInvalid(w, answer, modern)
			return
		}
		if r.Method == http.MethodPost && !isJSONBody(r) {
			req := r
			out = unsupportedMedia{ResponseWriter: out, log: func() {
				logRefusal(e.refusals, req, http.StatusUnsupportedMediaType, "request refused: its Content-Type is not application/json",
					"remedy", "send JSON-RPC messages with Content-Type: application/json")
			}}
		}
		if modern {
			out = &modernRefusals{ResponseWriter: out, r: r, refusals: e.refusals} // erarefusals.go
		}
		e.mcp.ServeHTTP(out, r)
		// Every session mcp-go opens counts against the cap and ends after the TTL, whatever the
		// request that opened it looked like here: one it opened for a request not admitted as an
		// initialize is tracked from its answer (the ID in the header) on.
		if issued := w.Header().Get(server.HeaderKeySessionID); issued != "" && !admitted && r.Method == http.MethodPost {
			e.sessions.adopt(issued, e.sessions.clientKeys(r))
		}
	}
	// Every answer has its codes restored, whatever its method: a coded error comes from handlers
	// (resources/read, prompts/get, completion/complete) and from the request hook
	// (surfaceparams.go) of other methods, and a method kept on a list here went out with mcp-go's
	// -32600 and the marker's nonce when the hook refused another (as stdio's writer, which reads
	// every message, never did). An answer without the nonce passes as it is.
	fixer := &codeFixingResponse{ResponseWriter: out, modern: modern}
	defer fixer.release()
	out = fixer
	out, r, release := trackProgress(out, r, modern, id) // progress.go
	defer release()
	switch {
	case modern:
		if r.Method == http.MethodPost && answer == nil && len(body) > 0 {
			if msg.metaVersion == "" && mcp.IsModernProtocol(header) {
				body = withHeaderVersion(body, header) // notificationversion.go
			}
			// Its id gets a stand-in of its own, and a cancellation reaches its caller's calls only.
			var done func()
			body, done = e.calls.enter(callerOf(bearerToken(r)), body)
			defer done()
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
		}
		serve(out, r)
	case r.Method == http.MethodPost && msg.Method == string(mcp.MethodInitialize):
		slot, why := e.sessions.admit(e.sessions.clientKeys(r))
		if why != sessionAdmitted {
			e.tooManySessions(w, r, why)
			return
		}
		issued := ""
		admitted = true
		defer func() { e.sessions.bind(slot, issued) }()
		serve(out, r)
		issued = w.Header().Get(server.HeaderKeySessionID)
	case id != "": // its caller's (checked above)
		if e.ids.isEnded(id) {
			logRefusal(e.refusals, r, http.StatusNotFound, "request refused: its Mcp-Session-Id names a session ended with DELETE",
				"remedy", "initialize a new session")
			http.Error(w, present.SessionTerminated, http.StatusNotFound)
			return
		}
		stream := r.Method == http.MethodGet
		slot, why := e.sessions.enter(id, stream, e.sessions.clientKeys(r))
		if why != sessionAdmitted {
			e.tooManySessions(w, r, why)
			return
		}
		defer e.sessions.leave(slot, stream, r.Method == http.MethodDelete)
		if r.Method == http.MethodDelete && e.opts.HumanLinks != nil && bearerToken(r) == "" && deleteAccepted(r) {
			// The session is the caller of its approvals (caller): once it ends, approving one
			// would let no call act on it, so its pages say it was withdrawn.
			defer func() { e.opts.HumanLinks.WithdrawCaller(callerOf("session\x00" + id)) }()
		}
		if e.questions != nil {
			// The session's open questions (questionend.go) fail when a DELETE mcp-go accepts ends
			// it, and one fails when mcp-go refuses the POST of its answer; one is forgotten once
			// mcp-go took its answer. A response that answers none of them is refused here.
			switch {
			case r.Method == http.MethodDelete && deleteAccepted(r):
				// The end is over once mcp-go has forgotten the session (serve, below, returned).
				defer e.questions.failAll(r.Context(), id, present.QuestionSessionEnded)()
			case r.Method == http.MethodPost && answer == nil && isResponse(body):
				if postRefused(r) {
					if key, ok := answerKey(body); ok {
						e.questions.fail(r.Context(), id, key, present.AnswerRefused)
					}
					break
				}
				if key, ok := answerKey(body); !ok || !e.questions.isOpen(id, key) {
					if ok && e.questions.lateAnswer(id, key) {
						e.logger.Debug("ignored a client's answer to a question its call, since ended, no longer waits on")
						w.WriteHeader(http.StatusAccepted)
						return
					}
					// mcp-go would refuse it (400) and log that as an error, with the session's ID.
					logRefusal(e.refusals, r, http.StatusBadRequest, "request refused: a client's response answers no question its session waits on")
					http.Error(w, present.AnswerNoQuestion, http.StatusBadRequest)
					return
				}
				status := &statusRecorder{ResponseWriter: out}
				out = status
				defer func() {
					if status.code == http.StatusAccepted {
						e.questions.answered(id, body)
					}
				}()
			}
		}
		if r.Method == http.MethodPost && answer == nil {
			// A request with the id of one of the session's in progress is refused, never run.
			refusal, leave := e.inflight.enter(id, sent)
			if refusal != nil {
				e.logger.Debug("refused a request whose id is that of a request of its session still in progress")
				answerInvalid(w, refusal, false)
				return
			}
			if leave != nil {
				// Its id is free once its answer is about to go out, or, unanswered, once served.
				defer leave()
				out = freeOnAnswer(out, body, leave)
				// Its questions are tagged, to be withdrawn should it end without their answer.
				r = r.WithContext(tools.WithQuestionTagger(r.Context(), &e.tags))
				carrier.session = id
			}
		}
		if stream {
			ctx, stop := context.WithCancel(r.Context())
			defer stop()
			end, served := cutOffStuck(r.Context(), stop)
			defer served()
			defer e.sessions.stream(slot, end)()
			defer streamingConn(ctx, w, end)()
			defer e.tags.openGET(id, carrier)()
			r = r.WithContext(ctx)
		}
		serve(out, r)
	case r.Method == http.MethodGet:
		// mcp-go would make up a session for the stream and keep its trace for a whole TTL.
		logRefusal(e.refusals, r, http.StatusBadRequest, "request refused: a GET stream without an Mcp-Session-Id",
			"remedy", "initialize, then open the stream with the session's Mcp-Session-Id")
		text := present.SessionIDRequired
		if !strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
			text = present.BrowserOpenedEndpoint // a person's browser, asking for a page
		}
		http.Error(w, text, http.StatusBadRequest)
	case r.Method == http.MethodDelete, r.Method == http.MethodPost && (msg.Method != "" || answer != nil):
		// mcp-go answers 404 (which tells a client to initialize again) to a request, and 200
		// to a DELETE, that names no session; the specification's answer is 400.
		logRefusal(e.refusals, r, http.StatusBadRequest, "request refused: a 2025-era request other than initialize without an Mcp-Session-Id",
			"remedy", "initialize first and send the session's Mcp-Session-Id, or speak 2026-07-28, which has no sessions")
		http.Error(w, present.SessionIDMissing, http.StatusBadRequest)
	default:
		serve(out, r)
	}
}

// malformedSessionID is why the Mcp-Session-Id header values name no session at all, "" when
// they may name one: repeated with different values (the first used to be served, so a DELETE
// ended it), or holding a byte beyond visible ASCII, which MCP allows no session ID. Those get
// 400; an ID well formed but unknown here keeps its 404, which tells the client to initialize.
func malformedSessionID(values []string) string {
	for _, v := range values {
		if v != values[0] {
			return present.SessionIDRepeated
		}
	}
	if len(values) == 0 {
		return ""
	}
	for i := range len(values[0]) {
		if c := values[0][i]; c < 0x21 || c > 0x7e {
			return present.SessionIDMalformed
		}
	}
	return ""
}

// mediaFits answers, and returns false for, a request whose method or media type the endpoint
// cannot serve, with the status that names the mistake: 405 for a method other than POST, GET
// and DELETE (mcp-go answered 404, as if there were no endpoint), 406 for a GET whose Accept
// rules out the event stream it would open and a careless client would wait on forever. A POST's Accept is not checked: clients differ
// (some name only one of JSON and SSE), and mcp-go answers JSON unless it streams progress.
func (e *endpoint) mediaFits(w http.ResponseWriter, r *http.Request) bool {
	switch r.Method {
	case http.MethodPost: // its Content-Type: unsupportedMedia, once an answer in it has failed its question
	case http.MethodGet:
		if accept := r.Header.Values("Accept"); strings.TrimSpace(strings.Join(accept, "")) != "" && !acceptsEventStream(accept) {
			logRefusal(e.refusals, r, http.StatusNotAcceptable, "request refused: a GET whose Accept rules out text/event-stream",
				"remedy", "accept text/event-stream: a GET opens the session's event stream")
			httpsafe.RefuseUnread(w, r)
			http.Error(w, present.StreamNotAcceptable, http.StatusNotAcceptable)
			return false
		}
	case http.MethodDelete:
	default:
		w.Header().Set("Allow", "GET, POST, DELETE")
		// The method is named when it is a standard one (OPTIONS: a browser's CORS preflight);
		// any other is the client's own text, which is not logged.
		method := "other"
		if slices.Contains(standardMethods, r.Method) {
			method = r.Method
		}
		logRefusal(e.refusals, r, http.StatusMethodNotAllowed, "request refused: the MCP endpoint serves POST, GET and DELETE only",
			"method", method, "remedy", "POST JSON-RPC messages, GET the session's stream, DELETE to end the session")
		httpsafe.RefuseUnread(w, r)
		http.Error(w, present.EndpointMethodNotAllowed(r.Method), http.StatusMethodNotAllowed)
		return false
	}
	return true
}

// standardMethods are the methods of RFC 9110 and PATCH: a refusal's log line names one of them.
var standardMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
	http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace}

// isJSONBody reports whether r's Content-Type is application/json, as mcp-go requires of a POST.
func isJSONBody(r *http.Request) bool {
	media, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && media == "application/json"
}

// unsupportedMedia answers mcp-go's refusal of a POST whose body is not JSON, a 400, with 415
// (RFC 9110 §15.5.16) and says what to send; log logs the refusal.
type unsupportedMedia struct {
	http.ResponseWriter
	log func()
}

func (u unsupportedMedia) WriteHeader(status int) {
	if status == http.StatusBadRequest {
		u.log()
		u.ResponseWriter.Header().Del("Content-Length")
		status = http.StatusUnsupportedMediaType
	}
	u.ResponseWriter.WriteHeader(status)
}

func (u unsupportedMedia) Write(p []byte) (int, error) {
	if bytes.HasPrefix(p, []byte("Invalid content type")) {
		if _, err := io.WriteString(u.ResponseWriter, present.BodyNotJSON+"\n"); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return u.ResponseWriter.Write(p)
}

func (u unsupportedMedia) Flush() {
	if f, ok := u.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (u unsupportedMedia) Unwrap() http.ResponseWriter { return u.ResponseWriter }

// acceptsEventStream reports whether Accept header values admit text/event-stream: it, text/*
// or */*, with a weight above 0 (RFC 9110 §12.5.1); a range that does not parse admits nothing.
func acceptsEventStream(values []string) bool {
	for _, value := range values {
		for _, item := range strings.Split(value, ",") {
			media, params, err := mime.ParseMediaType(strings.TrimSpace(item))
			if err != nil || media != "text/event-stream" && media != "text/*" && media != "*/*" {
				continue
			}
			if q, ok := params["q"]; ok {
				if weight, err := strconv.ParseFloat(q, 64); err != nil || weight <= 0 {
					continue
				}
			}
			return true
		}
	}
	return false
}

// refuseVersion answers 400 to r, whose MCP-Protocol-Version header, value, is no protocol
// version mcp-go knows; initialize: the request is one (with a 2026-07-28 _meta); metaServed:
// its params._meta names a version served (present.ProtocolVersionUnknown).
func (e *endpoint) refuseVersion(w http.ResponseWriter, r *http.Request, value string, initialize, modern, metaServed bool, msg []byte) {
	// The versions served, not the value: a header may hold anything.
	logRefusal(e.refusals, r, http.StatusBadRequest, "request refused: its MCP-Protocol-Version header is no protocol version this server serves",
		"supported", strings.Join(mcp.ValidProtocolVersions, ", "), "remedy", "send one of the supported versions, or none")
	if e.known != nil {
		value = e.known(r).Redact(value) // a header may hold a value the caller sent earlier
	}
	text := present.ProtocolVersionUnknown(value, mcp.ValidProtocolVersions, initialize, modern, metaServed)
	if !modern {
		// The 2025 revisions ask for a 400 and nothing more: plain text, as mcp-go answers.
		http.Error(w, text, http.StatusBadRequest)
		return
	}
	// MCP 2026-07-28 (Streamable HTTP, Protocol Version Header): 400 with an
	// UnsupportedProtocolVersionError (-32022) listing the versions served; a dual-era client
	// reads a 400 without a modern JSON-RPC error as a legacy server's and falls back to initialize.
	id := json.RawMessage("null")
	if s, ok := inspectMessage(msg); ok && s.id.found() && validID(msg[s.id.start:s.id.end]) {
		id = msg[s.id.start:s.id.end]
	}
	answer, err := json.Marshal(map[string]any{"jsonrpc": mcp.JSONRPC_VERSION, "id": id, "error": map[string]any{
		"code": mcp.UNSUPPORTED_PROTOCOL_VERSION, "message": text,
		// data.requested is bounded and escaped as the message quotes it (a header may be 32 KiB).
		"data": mcp.UnsupportedProtocolVersionData{Supported: mcp.ValidProtocolVersions, Requested: present.ProtocolVersionRequested(value)},
	}})
	if err != nil {
		http.Error(w, text, http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(answer)+1))
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write(append(answer, '\n'))
}

// tooManySessions refuses a new session: 503 when every session at the cap is busy, 429 when
// every one of the client's own at its share is (why), with Retry-After either way.
func (e *endpoint) tooManySessions(w http.ResponseWriter, r *http.Request, why admission) {
	w.Header().Set("Retry-After", strconv.Itoa(int(sessionRetryAfter.Seconds())))
	if why == refusedClientBusy {
		e.refusals.Info("new MCP session refused: every session of its client's share is busy", "status", http.StatusTooManyRequests,
			"remote", r.RemoteAddr, "max_sessions_per_client", e.opts.MaxSessionsPerClient, "flag", "--http-max-sessions-per-client")
		http.Error(w, present.TooManySessionsForClient(e.opts.MaxSessionsPerClient, sessionRetryAfter), http.StatusTooManyRequests)
		return
	}
	e.refusals.Warn("new MCP session refused: every session at the cap is busy", "status", http.StatusServiceUnavailable,
		"remote", r.RemoteAddr, "max_sessions", e.opts.MaxSessions, "flag", "--http-max-sessions")
	http.Error(w, present.TooManySessions(e.opts.MaxSessions, sessionRetryAfter), http.StatusServiceUnavailable)
}

// newResourceMetadata describes the endpoint for OAuth clients, or returns nil when no
// authorization server is to be named.
func newResourceMetadata(opts HTTPOptions) (*resourceMetadata, error) {
	servers := opts.AuthorizationServers
	if len(servers) == 0 && opts.RequireBearer {
		servers = []string{DefaultAuthorizationServer}
	}
	if len(servers) == 0 {
		return nil, nil
	}
	for _, s := range servers {
		if err := CheckURL(s); err != nil {
			return nil, fmt.Errorf("--oauth-authorization-server %s: %w", DisplayURL(s), err)
		}
	}
	m := &resourceMetadata{servers: servers, scopes: opts.Scopes, trustForwarded: opts.TrustForwarded}
	if opts.PublicURL != "" {
		u, err := absoluteURL(opts.PublicURL)
		if err != nil {
			return nil, fmt.Errorf("--http-public-url %s: %w", DisplayURL(opts.PublicURL), err)
		}
		m.public = u
	}
	return m, nil
}

// CheckURL accepts an absolute http or https URL without credentials, query or fragment: an
// authorization server's issuer or the endpoint's public URL.
func CheckURL(s string) error {
	_, err := absoluteURL(s)
	return err
}

// absoluteURL parses a URL that CheckURL accepts.
func absoluteURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return nil, errors.New(present.URLNotAbsolute) // url.Parse's error quotes the value
	case u.Scheme != "https" && u.Scheme != "http", u.Host == "":
		return nil, errors.New(present.URLNotAbsolute)
	case client.HasUserQueryOrFragment(s, u):
		return nil, errors.New(present.URLWithExtras)
	}
	return u, nil
}

// DisplayURL is a configured URL as an error may show it: its scheme, host and path in
// quotes, never its userinfo, query or fragment (they can carry credentials), and nothing of a
// value that does not parse as a URL with a host.
func DisplayURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || !validHost(u.Host) {
		return "(value not shown)"
	}
	shown := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
	if client.HasUserQueryOrFragment(s, u) {
		return strconv.Quote(shown) + " (credentials, query and fragment not shown)"
	}
	return strconv.Quote(shown)
}

// emptyMethodPlaceholder stands for the method "" in a 2026-07-28 request given to mcp-go, which
// would take the request for a response (202): it serves no method of that name, and its
// protocol-level checks, which come before the method's, refuse the request without its
// Mcp-Method header.
const emptyMethodPlaceholder = "spice-cloud-mcp/empty-method"

// emptyMethodForMCPGo is msg, a request whose method is "", with emptyMethodPlaceholder for its
// method and prepared as mcp-go is given requests (ids.go), and the Mcp-Method header it came
// with; ok false when it cannot be.
func emptyMethodForMCPGo(msg []byte, header string) (placed []byte, sent string, ok bool) {
	s, found := inspectMessage(msg)
	if !found || !s.method.found() || string(msg[s.method.start:s.method.end]) != `""` {
		return nil, "", false
	}
	swapped := make([]byte, 0, len(msg)+len(emptyMethodPlaceholder))
	swapped = append(swapped, msg[:s.method.start]...)
	swapped = append(swapped, `"`+emptyMethodPlaceholder+`"`...)
	swapped = append(swapped, msg[s.method.end:]...)
	placed, answer := prepareMessage(nil, swapped)
	if answer != nil || len(placed) == 0 {
		return nil, "", false
	}
	return placed, header, true
}

// headerMismatchResponse tells, in mcp-go's refusal of a request whose method is "" (given to it
// without its Mcp-Method header, emptyMethodForMCPGo), of the header the request came with, as
// mcp-go words a header that does not match the body.
type headerMismatchResponse struct {
	http.ResponseWriter
	header string
}

var missingMethodHeader = mustJSONString(mcp.HeaderMismatchError{Header: mcp.HeaderMethod, Reason: "missing required header"}.Error())

func (h headerMismatchResponse) WriteHeader(status int) {
	h.ResponseWriter.Header().Del("Content-Length")
	h.ResponseWriter.WriteHeader(status)
}

func (h headerMismatchResponse) Write(p []byte) (int, error) {
	if bytes.Contains(p, missingMethodHeader) {
		told := mustJSONString(mcp.HeaderMismatchError{Header: mcp.HeaderMethod,
			Reason: fmt.Sprintf("header value %q does not match body value %q", h.header, "")}.Error())
		if _, err := h.ResponseWriter.Write(bytes.Replace(p, missingMethodHeader, told, 1)); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return h.ResponseWriter.Write(p)
}

func (h headerMismatchResponse) Flush() {
	if f, ok := h.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (h headerMismatchResponse) Unwrap() http.ResponseWriter { return h.ResponseWriter }

// mustJSONString is s as a JSON string.
func mustJSONString(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}
