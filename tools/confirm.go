package tools

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// Safety is how destructive tools are guarded.
type Safety struct {
	// NoConfirm skips human confirmation (unattended automation); whoami reports it.
	NoConfirm bool
	// MaskAPIKeys shows only the last 4 characters of API keys.
	MaskAPIKeys bool
	// ConfirmKey signs confirmation state, so any replica can verify an answer; random when empty.
	ConfirmKey []byte
}

// NewConfirmKey returns a random signing key for a single process.
func NewConfirmKey() []byte {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return key
}

// CallInfo is what a tool call carries besides its arguments: the answers to an earlier
// question (multi-round-trip) and whether the client can be asked at all.
type CallInfo struct {
	InputResponses mcp.InputResponses
	RequestState   string
	CanElicit      bool
}

type callInfoKey struct{}

// WithCallInfo attaches the call's CallInfo to ctx.
func WithCallInfo(ctx context.Context, info CallInfo) context.Context {
	return context.WithValue(ctx, callInfoKey{}, info)
}

func callInfo(ctx context.Context) CallInfo {
	info, _ := ctx.Value(callInfoKey{}).(CallInfo)
	return info
}

// confirmation describes one destructive action awaiting a human.
type confirmation struct {
	tool   string
	action string // what will happen, e.g. `Delete app "analytics-app" (101) and stop its deployments`
	target string // what the user must type
	fold   bool   // compare case-insensitively (app names and usernames are)
	typed  string // the confirm argument, when the caller passed one
}

const confirmField = "confirm"

// confirm decides whether a destructive action may go ahead: nil means yes. Otherwise the
// result is a question for the user (elicitation, multi-round-trip style so it works in every
// protocol era) or a refusal; either way nothing has been changed yet.
func (env *Env) confirm(ctx context.Context, c confirmation) *Result {
	if env.Safety.NoConfirm {
		return nil
	}
	matches := func(s string) bool {
		s = strings.TrimSpace(s)
		return s == c.target || (c.fold && strings.EqualFold(s, c.target))
	}
	if c.typed != "" {
		if matches(c.typed) {
			return nil
		}
		return refusal(present.ConfirmArgMismatch(c.target, c.action, c.typed))
	}
	info := callInfo(ctx)
	if answer := server.ElicitationResponse(info.InputResponses, confirmField); answer != nil {
		if !env.validState(info.RequestState, c) {
			return refusal(present.ConfirmStateInvalid)
		}
		if answer.Action != mcp.ElicitationResponseActionAccept {
			return refusal(present.ConfirmDeclined(string(answer.Action)))
		}
		content, _ := answer.Content.(map[string]any)
		typed, _ := content["name"].(string)
		if !matches(typed) {
			return refusal(present.ConfirmTypedWrong(typed, c.target))
		}
		return nil
	}
	if info.CanElicit {
		question := server.NewInputRequestBuilder(env.signState(c)).Elicit(confirmField, mcp.ElicitationParams{
			Mode:    mcp.ElicitationModeForm,
			Message: present.ConfirmQuestion(c.action, c.target),
			RequestedSchema: map[string]any{
				"type": "object",
				"properties": map[string]any{
					"name": map[string]any{"type": "string", "title": present.ConfirmFieldTitle(c.target)},
				},
				"required": []string{"name"},
			},
		}).ToolResult()
		return &Result{Raw: question}
	}
	return refusal(present.ConfirmRequired(c.action, c.tool, c.target))
}

func refusal(text string) *Result { return &Result{Text: text, IsError: true} }

// confirmState is what the client echoes back with its answer. It is signed, not secret:
// it binds the answer to this tool and target, and lets any replica verify it.
type confirmState struct {
	Tool    string `json:"t"`
	Target  string `json:"g"`
	Expires int64  `json:"e"`
}

const confirmTTL = 10 * time.Minute

func (env *Env) signState(c confirmation) string {
	payload, _ := json.Marshal(confirmState{Tool: c.tool, Target: c.target, Expires: time.Now().Add(confirmTTL).Unix()})
	body := base64.RawURLEncoding.EncodeToString(payload)
	return body + "." + base64.RawURLEncoding.EncodeToString(env.mac(body))
}

func (env *Env) validState(state string, c confirmation) bool {
	body, sig, ok := strings.Cut(state, ".")
	if !ok {
		return false
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, env.mac(body)) {
		return false
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	var s confirmState
	if err != nil || json.Unmarshal(raw, &s) != nil {
		return false
	}
	return s.Tool == c.tool && s.Target == c.target && time.Now().Unix() <= s.Expires
}

func (env *Env) mac(body string) []byte {
	h := hmac.New(sha256.New, env.Safety.ConfirmKey)
	h.Write([]byte(body))
	return h.Sum(nil)
}
