package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

type apiKeysJSON struct {
	APIKey  *string `json:"api_key"`
	APIKey2 *string `json:"api_key_2"`
}

type apiKeysRegeneratedJSON struct {
	apiKeysJSON
	RegeneratedKey int `json:"regenerated_key"`
}

func (a *app) keys() apiKeysJSON {
	return apiKeysJSON{APIKey: ptr(a.apiKey), APIKey2: ptr(a.apiKey2)}
}

// newAPIKey returns a fresh 32-hex-character key, unique across all apps, registered to a.
func (e *Emulator) newAPIKey(a *app) string {
	for {
		key := e.randomHex(16)
		if _, taken := e.apiKeys[keyOf(key)]; !taken {
			e.apiKeys[keyOf(key)] = a
			return key
		}
	}
}

// replaceAPIKey swaps *slot for a new key; the old key stops working at once.
func (e *Emulator) replaceAPIKey(a *app, slot *string) {
	delete(e.apiKeys, keyOf(*slot))
	*slot = e.newAPIKey(a)
}

// randomHex returns n random bytes in hex, from Config.Random when set. Callers hold e.mu.
func (e *Emulator) randomHex(n int) string {
	b := make([]byte, n)
	if e.random == nil {
		_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	} else if _, err := io.ReadFull(e.random, b); err != nil {
		panic("sandbox: Config.Random: " + err.Error())
	}
	return hex.EncodeToString(b)
}

var _ = serves(api.GetAPIKeys, (*Emulator).getAPIKeys)

func (e *Emulator) getAPIKeys(c *call) reply {
	a, rep := c.lookupApp(appWithIDNotFound)
	if rep != nil {
		return *rep
	}
	return jsonReply(http.StatusOK, a.keys())
}

var _ = serves(api.RegenerateAPIKey, (*Emulator).regenerateAPIKey)

func (e *Emulator) regenerateAPIKey(c *call) reply {
	a, rep := c.lookupApp(appWithIDNotFound)
	if rep != nil {
		return *rep
	}
	b, formErr := c.jsonBody()
	if formErr != "" {
		return invalid(invalidRequest, nil, formErr)
	}
	keyNumber := 1
	if b.has("key_number") {
		// Any non-integer (string, float, null) gets the same message as an out-of-range one.
		n, ok := b.integer("key_number", nil)
		clear(b.errs)
		if !ok {
			n = -1
		}
		if msg := rules.KeyNumber(n); msg != "" {
			return invalid(invalidRequest, rules.FieldErrors{"key_number": {msg}})
		}
		keyNumber = n
	}
	if keyNumber == 0 || keyNumber == 1 {
		e.replaceAPIKey(a, &a.apiKey)
	}
	if keyNumber == 0 || keyNumber == 2 {
		e.replaceAPIKey(a, &a.apiKey2)
	}
	return jsonReply(http.StatusOK, apiKeysRegeneratedJSON{apiKeysJSON: a.keys(), RegeneratedKey: keyNumber})
}
