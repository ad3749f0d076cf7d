package present

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// sandbox-api's start-up words: the refusals of its flags and of its config file (exit 2).
// where names a config entry ("orgs[2]", "--token 1 of 2"), key a config key or a SPEC's key;
// a credential (a token's value, a client's id or secret) is never shown.

// durationForm is what every duration setting takes (flags, SPEC keys, config keys): Go's
// time.ParseDuration, which knows no day.
const durationForm = "want a duration with its unit (ns, us, ms, s, m or h; a day is 24h), e.g. 60s, 2m or 1m30s"

// DurationRefused refuses a duration setting's value: where names its key or flag ("queued_for",
// "tokens[0].expires_in", "latency"), value is as read: text (shown quoted, cut at 40
// characters), a number (no unit), a date (YAML reads 2024-01-01 as one) or another kind (named).
func DurationRefused(where string, value any) string {
	var shown string
	switch v := value.(type) {
	case string:
		r := []rune(v)
		if len(r) > 40 {
			v = string(r[:40]) + "…"
		}
		shown = strconv.Quote(v)
		if _, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			shown += " has no unit"
		} else {
			shown += " is not a duration"
		}
	case int, int64, uint64, float64:
		shown = fmt.Sprintf("%v has no unit", v)
	case time.Time:
		shown = "a date (" + v.Format(time.DateOnly) + ") is not a duration"
		if v.Hour() != 0 || v.Minute() != 0 || v.Second() != 0 {
			shown = "a time (" + v.Format(time.RFC3339) + ") is not a duration"
		}
	case bool:
		shown = strconv.FormatBool(v) + " is not a duration"
	case []any:
		shown = "a list is not a duration"
	case map[string]any, map[any]any:
		shown = "a mapping of keys is not a duration"
	default:
		shown = "this value is not a duration"
	}
	if where != "" {
		shown = where + ": " + shown
	}
	return shown + ": " + durationForm
}

// SandboxSpecNotKeyValue refuses a SPEC entry without "=", not shown: it may be the end of a
// value cut at a comma (a client secret). keys are the SPEC's keys.
func SandboxSpecNotKeyValue(keys []string) string {
	return fmt.Sprintf("an entry is not KEY=VALUE (values cannot contain commas; known keys: %s)", strings.Join(keys, ", "))
}

// SandboxSpecUnknownKeyHidden refuses a SPEC entry whose key does not read as one, not shown: a
// secret given without its key (base64 ends in "=") reads as a key.
func SandboxSpecUnknownKeyHidden(keys []string) string {
	return fmt.Sprintf("an entry has an unknown key (known keys: %s)", strings.Join(keys, ", "))
}

// SandboxSpecUnknownKey refuses a SPEC's mistyped key.
func SandboxSpecUnknownKey(key string, keys []string) string {
	return fmt.Sprintf("unknown key %q (known: %s)", key, strings.Join(keys, ", "))
}

// SandboxSpecKeyTwice refuses a SPEC key given twice.
func SandboxSpecKeyTwice(key string) string { return fmt.Sprintf("key %q given twice", key) }

// SandboxSpecNotBool refuses an on/off SPEC key's value that is not true or false.
func SandboxSpecNotBool(key, value string) string {
	return fmt.Sprintf("%s: %q is not true or false", key, value)
}

// SandboxSpecNeedsValue refuses a SPEC key given without its value.
func SandboxSpecNeedsValue(key string) string {
	return fmt.Sprintf("key %q needs a value (%s=...)", key, key)
}

// SandboxSpecNotWholeNumber refuses a number SPEC key's value that is not a whole number.
func SandboxSpecNotWholeNumber(key, value string) string {
	return fmt.Sprintf("%s: %q is not a whole number", key, value)
}

// SandboxUserEmpty refuses an empty --user (the flag package names the flag).
const SandboxUserEmpty = "empty username"

// SandboxUsersEmpty refuses an empty name in the config's users.
const SandboxUsersEmpty = "users: empty username"

// SandboxFlagNegativeDuration refuses a negative duration flag (--queued-for and the like).
func SandboxFlagNegativeDuration(flag string, d time.Duration) string {
	return fmt.Sprintf("%s %s: negative duration (0 means the default)", flag, d)
}

// SandboxFlagRateLimitNegative refuses a negative --rate-limit.
func SandboxFlagRateLimitNegative(n int) string {
	return fmt.Sprintf("--rate-limit %d: must be 0 (off) or more", n)
}

// SandboxKeyNegativeDuration refuses a negative duration under a config key (queued_for…).
func SandboxKeyNegativeDuration(key string, d time.Duration) string {
	return fmt.Sprintf("%s: negative duration %q (0 means the default)", key, d)
}

// SandboxRateLimitNegative refuses a negative rate_limit in the config.
const SandboxRateLimitNegative = "rate_limit: must be 0 (off) or more"

// SandboxSlugRequired refuses an organization entry without a slug.
func SandboxSlugRequired(where string) string { return fmt.Sprintf("%s: slug is required", where) }

// SandboxSlugRule refuses a slug outside the X-Org-Name handle rule (rule): no client that
// follows Spice's CLI, this server included, could name the organization.
func SandboxSlugRule(where, slug, rule string) string {
	return fmt.Sprintf("%s: slug %q must match %s (1 to 64 ASCII letters, digits, '.', '_' or '-'): X-Org-Name carries no other handle", where, slug, rule)
}

// SandboxOrgTwice refuses an organization given twice; withoutCase when the slugs differ only
// in case (X-Org-Name names an organization without case).
func SandboxOrgTwice(where, slug string, withoutCase bool) string {
	if withoutCase {
		return fmt.Sprintf("%s: organization %q given twice (slugs are matched without case)", where, slug)
	}
	return fmt.Sprintf("%s: organization %q given twice", where, slug)
}

// SandboxOwnerRequired refuses an organization entry without an owner.
func SandboxOwnerRequired(where string) string {
	return fmt.Sprintf("%s: owner is required (tokens without a user act as the owner)", where)
}

// SandboxMaxAppsNegative refuses an organization's negative max_apps.
func SandboxMaxAppsNegative(where string) string {
	return fmt.Sprintf("%s: max_apps must be 0 (the plan's limit) or more", where)
}

// SandboxUnknownScope refuses a token's or client's unknown scope.
func SandboxUnknownScope(where, scope string) string {
	return fmt.Sprintf("%s: unknown scope %q", where, scope)
}

// SandboxValueRequired refuses a token entry without a value.
func SandboxValueRequired(where string) string { return fmt.Sprintf("%s: value is required", where) }

// SandboxTokenControl refuses a token no Authorization header can carry (not shown).
const SandboxTokenControl = "value contains a control character (a line break, tab or the like), which no Authorization header can carry"

// SandboxClientControl refuses client credentials holding a control character (not shown).
const SandboxClientControl = "client_id or client_secret contains a control character (a line break, tab or the like)"

// SandboxTokenTwice refuses a token given twice (not shown).
func SandboxTokenTwice(where string) string { return fmt.Sprintf("%s: token given twice", where) }

// SandboxOrgRequired refuses a token or client entry without its org, listing the slugs.
func SandboxOrgRequired(where string, slugs []string) string {
	return fmt.Sprintf("%s: org is required (one of: %s)", where, strings.Join(slugs, ", "))
}

// SandboxUnknownOrg refuses a token or client entry's unknown organization.
func SandboxUnknownOrg(where, org string) string {
	return fmt.Sprintf("%s: unknown organization %q", where, org)
}

// SandboxNotMember refuses a token's user that has no role in its organization.
func SandboxNotMember(where, user, org string) string {
	return fmt.Sprintf("%s: user %q is not a member of %q", where, user, org)
}

// SandboxExpiresInNegative refuses a token's negative expires_in.
func SandboxExpiresInNegative(where string, d time.Duration) string {
	return fmt.Sprintf("%s: expires_in: negative duration %q", where, d)
}

// SandboxClientRequired refuses a client entry without its id or secret.
func SandboxClientRequired(where string) string {
	return fmt.Sprintf("%s: client_id and client_secret are required", where)
}

// SandboxClientTwice refuses a client id given twice.
func SandboxClientTwice(where, id string) string {
	return fmt.Sprintf("%s: client %q given twice", where, id)
}

// SandboxUnknownOperation refuses a fault's unknown operation.
func SandboxUnknownOperation(where, operation string) string {
	return fmt.Sprintf("%s: unknown operation %q (an operationId of api/openapi.json, or oauthToken)", where, operation)
}

// SandboxNotHTTPStatus refuses a fault's status outside 100–599.
func SandboxNotHTTPStatus(where string, status int) string {
	return fmt.Sprintf("%s: status %d is not an HTTP status", where, status)
}

// SandboxLatencyNegative refuses a fault's negative latency.
func SandboxLatencyNegative(where string, d time.Duration) string {
	return fmt.Sprintf("%s: latency: negative duration %q", where, d)
}

// SandboxFaultEmpty refuses a fault with neither status nor latency.
func SandboxFaultEmpty(where string) string {
	return fmt.Sprintf("%s: give a status, a latency or both", where)
}

// SandboxTimesRule refuses a fault's times below -1.
func SandboxTimesRule(where string) string {
	return fmt.Sprintf("%s: times is a count, 0 (once) or -1 (forever)", where)
}

// SandboxAllowedHostEmpty refuses an empty --allowed-hosts entry.
const SandboxAllowedHostEmpty = "empty entry: give a host or host:port"

// SandboxAllowedHostURL refuses an --allowed-hosts entry written as a URL.
func SandboxAllowedHostURL(entry string) string {
	return fmt.Sprintf("%q: give a host or host:port, not a URL (sandbox.test, sandbox.test:8787)", entry)
}

// SandboxAllowedHostNotHost refuses an --allowed-hosts entry that names no host.
func SandboxAllowedHostNotHost(entry string) string {
	return fmt.Sprintf("%q is not a host: give a host or host:port (a name such as sandbox.test, or an IP address; no wildcards)", entry)
}

// SandboxAllowedHostPort refuses an --allowed-hosts entry's port.
func SandboxAllowedHostPort(entry string) string {
	return fmt.Sprintf("%q: the port must be a number from 1 to 65535", entry)
}

// SandboxHostRefused is sandbox-api's answer (403) to a request whose Host header it does not
// serve: on loopback, a web page can point its own name at 127.0.0.1 (DNS rebinding) and drive
// the emulator from the browser.
func SandboxHostRefused(host string) string {
	// A name has at most 253 characters and a port 6 more; beyond that the header is shown
	// shortened, so a long one does not fill the answer.
	head, total := cut(host, 260)
	shown := strconv.Quote(head)
	if total > 0 {
		shown += ShortenedNote(total)
	}
	return fmt.Sprintf("Host %s is not allowed: sandbox-api answers only requests addressed to localhost, 127.0.0.1 or [::1]"+
		" (DNS-rebinding protection) and the hosts of --allowed-hosts (allowed_hosts in its config file). Start it with"+
		" --allowed-hosts to reach it by another name", shown)
}

// SandboxHostsAny is what sandbox-api's start-up line says about Host headers beyond loopback
// without --allowed-hosts.
const SandboxHostsAny = "any (listening beyond loopback; --allowed-hosts limits them)"

// SandboxConfigUnreadable refuses a --config FILE that cannot be read: the path as given, the
// one a relative path was read as (it is read from the directory the command runs in, which a
// newcomer starting it elsewhere does not see), and the system's reason.
func SandboxConfigUnreadable(given, abs, reason string) string {
	where := ""
	if abs != "" && abs != given {
		where = "; read as " + abs + ", from the directory the command runs in"
	}
	return fmt.Sprintf("--config %s: the file cannot be read (%s%s): give the path of a YAML or JSON config file (README, \"The emulator\")", given, reason, where)
}
