package sandbox

import "fmt"

// Inspection and control helpers for tests and the standalone sandbox. They read and change
// state directly, bypassing authentication, so tests can prove what the API hides.

// Calls reports how many requests reached the operation (an openapi.json operationId, or
// "oauthToken" for the token endpoint), including ones answered by an injected fault.
func (e *Emulator) Calls(operationID string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.calls[operationID]
}

// SecretValue returns the stored plain value of a secret, so tests can prove what was stored
// without the API ever returning it. Deleted apps keep their secrets and are included.
func (e *Emulator) SecretValue(org string, appID int64, name string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a, err := e.anyApp(org, appID)
	if err != nil {
		return "", false
	}
	s, ok := a.secrets[name]
	if !ok {
		return "", false
	}
	return s.value, true
}

// PauseSpicepod marks the app's spicepod paused (or not); create deployment on a paused
// spicepod answers 400 "Spicepod is paused".
func (e *Emulator) PauseSpicepod(org string, appID int64, paused bool) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	a, err := e.anyApp(org, appID)
	if err != nil {
		return err
	}
	a.paused = paused
	return nil
}

// AppCount returns the number of non-deleted apps in the organization.
func (e *Emulator) AppCount(org string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	o, ok := e.orgs[org]
	if !ok {
		return 0
	}
	return o.activeAppCount()
}

// DeploymentCount returns how many deployments the app has (deleted apps included).
func (e *Emulator) DeploymentCount(org string, appID int64) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	a, err := e.anyApp(org, appID)
	if err != nil {
		return 0
	}
	return len(a.deployments)
}

// ValidAPIKey reports whether key is a current runtime API key of a non-deleted app.
func (e *Emulator) ValidAPIKey(key string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	a, ok := e.apiKeys[keyOf(key)]
	return ok && !a.deleted() && (keyOf(a.apiKey) == keyOf(key) || keyOf(a.apiKey2) == keyOf(key))
}

// RevokeToken makes a bearer token unknown; later requests with it get 401.
func (e *Emulator) RevokeToken(value string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.tokens, keyOf(value))
	delete(e.windows, keyOf(value))
}

// anyApp finds an app of the organization by id, deleted or not.
func (e *Emulator) anyApp(org string, appID int64) (*app, error) {
	o, ok := e.orgs[org]
	if !ok {
		return nil, fmt.Errorf("sandbox: unknown organization %q", org)
	}
	a, ok := e.apps[appID]
	if !ok || a.org != o {
		return nil, fmt.Errorf("sandbox: organization %q has no app %d", org, appID)
	}
	return a, nil
}

// APIKey returns an app's current key number 1 (primary) or 2 (secondary), for tests that
// must prove a key never leaks.
func (e *Emulator) APIKey(org string, appID int64, keyNumber int) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a, err := e.anyApp(org, appID)
	if err != nil {
		return "", false
	}
	switch keyNumber {
	case 1:
		return a.apiKey, true
	case 2:
		return a.apiKey2, true
	}
	return "", false
}

// SetEnterprise moves the organization to the Enterprise plan or off it, as an upgrade or a
// downgrade would: what was recorded under the other plan (deployments' replicas) stays.
func (e *Emulator) SetEnterprise(org string, on bool) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	o, ok := e.orgs[org]
	if !ok {
		return fmt.Errorf("no organization %q", org)
	}
	o.enterprise = on
	return nil
}
