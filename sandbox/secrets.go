package sandbox

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// secretMask stands in for every secret value in responses; stored values are never returned.
const secretMask = "********"

type secret struct {
	id        int64
	name      string
	value     string
	createdAt time.Time
	updatedAt time.Time
}

type secretJSON struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Value     string `json:"value"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

func (s *secret) view() secretJSON {
	return secretJSON{
		ID:        s.id,
		Name:      s.name,
		Value:     secretMask,
		CreatedAt: formatTime(s.createdAt),
		UpdatedAt: formatTime(s.updatedAt),
	}
}

var _ = serves(api.ListSecrets, (*Emulator).listSecrets)

func (e *Emulator) listSecrets(c *call) reply {
	a, rep := c.lookupApp(appNotFound)
	if rep != nil {
		return *rep
	}
	items := []secretJSON{}
	for _, s := range a.secrets {
		items = append(items, s.view())
	}
	slices.SortFunc(items, func(x, y secretJSON) int { return strings.Compare(x.Name, y.Name) })
	return jsonReply(http.StatusOK, map[string][]secretJSON{"secrets": items})
}

var _ = serves(api.UpsertSecret, (*Emulator).upsertSecret)

func (e *Emulator) upsertSecret(c *call) reply {
	a, rep := c.lookupApp(appNotFound)
	if rep != nil {
		return *rep
	}
	b, formErr := c.jsonBody()
	if formErr != "" {
		return invalid(validationError, nil, formErr)
	}
	name, ok := b.str("name")
	if ok || !b.has("name") {
		b.errs.Check("name", rules.SecretName(name))
	}
	value, _ := b.str("value")
	if !b.has("value") {
		b.errs.Check("value", "Required")
	}
	if len(b.errs) > 0 {
		return invalid(validationError, b.errs)
	}
	return jsonReply(http.StatusOK, e.putSecret(a, name, value, c.now).view())
}

// putSecret creates the secret or replaces its value, keeping id and created_at. A create
// writes updated_at equal to created_at; a replacement writes it later, at least one tick of
// the API's timestamps (a millisecond) after created_at even within the same millisecond (or
// on a clock that did not move): its answer is what tells another process's set_secret that
// the value replaced one (setSecret; TestR42TwoServersSetOneSecretOneCreatesIt).
func (e *Emulator) putSecret(a *app, name, value string, now time.Time) *secret {
	s, ok := a.secrets[name]
	if !ok {
		s = &secret{id: e.nextSecretID, name: name, createdAt: now}
		e.nextSecretID++
		a.secrets[name] = s
	} else if created := s.createdAt.Truncate(time.Millisecond); !now.Truncate(time.Millisecond).After(created) {
		now = created.Add(time.Millisecond)
	}
	s.value = value
	s.updatedAt = now
	return s
}

var _ = serves(api.GetSecret, (*Emulator).getSecret)

func (e *Emulator) getSecret(c *call) reply {
	a, rep := c.lookupApp(appNotFound)
	if rep != nil {
		return *rep
	}
	s, ok := a.secrets[c.path["secretName"]]
	if !ok {
		return errorReply(http.StatusNotFound, "Secret not found")
	}
	return jsonReply(http.StatusOK, s.view())
}

var _ = serves(api.DeleteSecret, (*Emulator).deleteSecret)

func (e *Emulator) deleteSecret(c *call) reply {
	a, rep := c.lookupApp(appNotFound)
	if rep != nil {
		return *rep
	}
	name := c.path["secretName"]
	if _, ok := a.secrets[name]; !ok {
		return errorReply(http.StatusNotFound, "Secret not found")
	}
	delete(a.secrets, name)
	return noContent()
}
