package present

import "strings"

// webhookPath says where the secret of a chat webhook's URL stands: after prefix, in the path
// of a URL whose host is host or ends in "."+host (any host when host is empty), the
// segments first to last (1-based; last 0: to the path's end). Whoever holds those posts as
// the integration, so they are masked; the host, the ids before them and the rest stay.
type webhookPath struct {
	host, prefix string
	first, last  int
}

var webhookPaths = []webhookPath{
	{"hooks.slack.com", "/services/", 3, 3},  // T…/B…/<secret>
	{"hooks.slack.com", "/workflows/", 4, 4}, // T…/A…/<id>/<secret>
	{"hooks.slack.com", "/triggers/", 3, 3},  // T…/<id>/<secret>
	{"discord.com", "/api/webhooks/", 2, 2},  // <id>/<token>[/slack]
	{"discordapp.com", "/api/webhooks/", 2, 2},
	{"webhook.office.com", "/webhookb2/", 3, 0}, // <group>@<tenant>/IncomingWebhook/<secret>/<owner>
	{"outlook.office.com", "/webhook/", 3, 0},
	{"hooks.zapier.com", "/hooks/catch/", 2, 2}, // <account>/<secret>/
	{"", "/hooks/", 1, 1},                       // Mattermost's /hooks/<key>: mattermostKey
}

// maskWebhookURLs masks the secrets of chat webhooks' URLs (webhookPaths), and a Telegram
// bot's token in its API's URL (api.telegram.org/bot<id>:<token>/…). A URL ends at a space
// (not a line separator, over which a URL goes on), a quote, a bracket or a control
// character. Each URL is read once: linear.
func maskWebhookURLs(s string) string {
	if !strings.Contains(s, "://") || !strings.Contains(s, "/hooks") && !strings.Contains(s, "/webhook") &&
		!strings.Contains(s, "/services/") && !strings.Contains(s, "/workflows/") && !strings.Contains(s, "/triggers/") &&
		!strings.Contains(s, "telegram.org/bot") {
		return s
	}
	m := spanMasker{s: s}
	for i := strings.Index(s, "://"); i >= 0; {
		h := i + 3
		end := webhookURLEnd(s, h)
		hostEnd := h + strings.IndexAny(s[h:end]+"/", "/?#")
		host := strings.ToLower(s[h:hostEnd])
		if at := strings.LastIndexByte(host, '@'); at >= 0 {
			host = host[at+1:]
		}
		if c := strings.IndexByte(host, ':'); c >= 0 {
			host = host[:c]
		}
		if vs, ve := webhookSecret(s, host, hostEnd, end); ve > vs && vs >= m.pos && !keptAsWritten(s[vs:ve]) {
			m.mask(vs, ve)
		}
		k := strings.Index(s[end:], "://")
		if k < 0 {
			break
		}
		i = end + k
	}
	return m.result()
}

// webhookURLEnd returns where the URL whose host starts at s[h] ends.
func webhookURLEnd(s string, h int) int {
	e := h
	for e < len(s) && spaceAt(s, e) == 0 && s[e] >= 0x20 && strings.IndexByte("\"'<>`", s[e]) < 0 &&
		!(s[e] == '\\' && e+1 < len(s) && s[e+1] == '"') && !strings.HasPrefix(s[e:], "://") {
		e++
	}
	return e
}

// webhookSecret returns where the secret of the webhook URL of host, whose path starts at
// s[p] and the URL ends at s[end], stands; -1, -1 when it is none of webhookPaths'.
func webhookSecret(s, host string, p, end int) (start, stop int) {
	pathEnd := p + strings.IndexAny(s[p:end]+"?", "?#")
	path := s[p:pathEnd]
	if host == "api.telegram.org" && strings.HasPrefix(path, "/bot") {
		seg := path[4:]
		if k := strings.IndexByte(seg, '/'); k >= 0 {
			seg = seg[:k]
		}
		if c := strings.IndexByte(seg, ':'); c > 0 && c+1 < len(seg) {
			return p + 4 + c + 1, p + 4 + len(seg) // bot<id>:<token>
		}
		return -1, -1
	}
	for _, w := range webhookPaths {
		if w.host != "" && host != w.host && !strings.HasSuffix(host, "."+w.host) || !strings.HasPrefix(path, w.prefix) {
			continue
		}
		from := len(w.prefix)
		segStart, segEnd := -1, -1
		for n := 1; from <= len(path); n++ {
			to := strings.IndexByte(path[from:], '/')
			if to < 0 {
				to = len(path)
			} else {
				to += from
			}
			if n == w.first {
				segStart = from
			}
			if n == w.last || w.last == 0 && to == len(path) {
				segEnd = to
				break
			}
			from = to + 1
		}
		if segStart < 0 || segEnd <= segStart || w.host == "" && !mattermostKey(path[segStart:segEnd]) {
			return -1, -1
		}
		return p + segStart, p + segEnd
	}
	return -1, -1
}

// mattermostKey reports whether v reads as a Mattermost webhook's key: 26 lower-case letters
// and digits, a digit among them (setup, incoming are no key).
func mattermostKey(v string) bool {
	if len(v) != 26 {
		return false
	}
	digit := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
		digit = digit || c <= '9'
	}
	return digit
}
