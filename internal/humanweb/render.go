package humanweb

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"html"
	"strconv"
	"strings"
	"sync"
)

// The pages are written out here, with every interpolated value escaped by html.EscapeString
// (text and double-quoted attribute values alike). No html/template or text/template: their
// reflection (MethodByName) makes the linker keep every exported method of every reachable
// type, which cost the server ≈2.6 MB of executable, ≈1.2 MiB resident and ≈0.5 ms of start-up.

// pageCSS is the page's one inline style; the CSP allows it by its hash (csp), computed from
// this same text.
//
//go:embed page.css
var pageCSS string

// csp allows nothing but the page's own inline style (by hash) and posting back to itself.
var csp = sync.OnceValue(func() string {
	return "default-src 'none'; style-src 'sha256-" + hashCSS(pageCSS) + "'; form-action 'self'; " +
		"frame-ancestors 'none'; base-uri 'none'"
})

func hashCSS(css string) string {
	sum := sha256.Sum256([]byte(css))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// pageWriter writes a page; esc escapes a value for text or a quoted attribute.
type pageWriter struct{ strings.Builder }

func (w *pageWriter) raw(s ...string) {
	for _, x := range s {
		w.WriteString(x)
	}
}

func (w *pageWriter) esc(s string) { w.WriteString(html.EscapeString(s)) }

// codeList writes names as <code>a</code>, <code>b</code>.
func (w *pageWriter) codeList(names []string) {
	for i, n := range names {
		if i > 0 {
			w.raw(", ")
		}
		w.raw("<code>")
		w.esc(n)
		w.raw("</code>")
	}
}

// handoffHTML is the file a browser launcher opens in place of a page's link (handoffs): it
// sends the browser on to the link at once (meta refresh, and a script where scripts run on
// local files), or the person follows it. The link is escaped for its attribute and, in the
// script, as a JSON string (which escapes <, > and &).
func handoffHTML(link string) string {
	js, _ := json.Marshal(link)
	a := html.EscapeString(link)
	return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"referrer\" content=\"no-referrer\">\n" +
		"<meta http-equiv=\"refresh\" content=\"0;url=" + a + "\">\n<title>spice-cloud-mcp</title>\n" +
		"<script>location.replace(" + string(js) + ")</script>\n</head>\n<body>\n" +
		"<p>Opening the spice-cloud-mcp page… If it does not open, <a href=\"" + a + "\">follow this link</a>.</p>\n</body>\n</html>\n"
}

const noteLine = "\n<p class=\"note\">spice-cloud-mcp · this page uses no cookies and no scripts; what you enter here is never shown to the AI agent.</p>\n</body>\n</html>\n"

// html is the whole page.
func (p *page) html() string {
	var w pageWriter
	w.Grow(4096)
	w.raw("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
		"<meta name=\"referrer\" content=\"same-origin\">\n<title>", p.title(), " — spice-cloud-mcp</title>\n",
		"<style>", pageCSS, "</style>\n</head>\n<body>")
	switch {
	case p.Outcome == "refused":
		w.raw("\n<h1 id=\"title\">Request refused</h1>\n<p id=\"outcome\" class=\"outcome\" data-outcome=\"refused\">")
		switch p.Refusal {
		case "origin":
			w.raw("This answer did not come from the page itself (the browser said it came from another site), so it was refused.")
		case "no origin":
			w.raw("The browser did not say which site this answer came from (it sent the origin \u201cnull\u201d), so it was refused: an answer is taken only from the page itself. Open the link again in a normal browser tab and answer there.")
		case "too large":
			w.raw("What was sent is larger than this page accepts: at most ", strconv.FormatInt(p.Limit, 10), " bytes as sent")
			if p.Fields > 0 {
				if p.Fields == 1 {
					w.raw(" for 1 secret value, which can be at most ", strconv.Itoa(MaxValueBytes), " bytes (1 MiB + 64 KiB, its name and JSON escaping included), so the value was too long. Go back to the page to enter a shorter value.")
				} else {
					w.raw(" for ", strconv.Itoa(p.Fields), " secret values together, each of which can be at most ", strconv.Itoa(MaxValueBytes), " bytes (1 MiB + 64 KiB, its name and JSON escaping included), so a value was too long or the values together were. Go back to the page to enter shorter values; values too long to send together can be entered one secret at a time through the agent's set_secret.")
				}
			} else {
				w.raw(" (a token and a decision).")
			}
		case "in flight":
			w.raw("Another answer to this link is being sent right now, so this one was refused without being read. Wait for that one's page, then open the link again to see what became of it.")
		case "token":
			w.raw("This answer did not carry the page's one-time token, so it was refused.")
		case "host":
			w.raw("This page is only served to this computer (localhost).")
		default:
			w.raw("This request could not be read, so it was refused.")
		}
		w.raw(" Nothing was changed.</p>")
	case p.Outcome == "unknown":
		w.raw("\n<h1 id=\"title\">Link not valid</h1>\n<p id=\"outcome\" class=\"outcome\" data-outcome=\"unknown\">This link is not valid (any more): it was already answered, it expired, or it was issued by another process of the server. Nothing was changed here. Ask the agent to try again if you still want to.</p>")
	case p.Kind == "approval":
		w.raw("\n")
		p.approval(&w)
	default:
		w.raw("\n")
		p.secrets(&w)
	}
	w.raw(noteLine)
	return w.String()
}

func (p *page) title() string {
	switch {
	case p.Outcome == "refused":
		return "Request refused"
	case p.Outcome == "unknown":
		return "Link not valid"
	case p.Kind == "approval":
		return "Approve an action"
	}
	return "Enter secret values"
}

func (p *page) approval(w *pageWriter) {
	if p.Outcome == "pending" {
		w.raw("\n<h1 id=\"title\">An AI agent asks for your approval</h1>")
	} else {
		w.raw("\n<h1 id=\"title\">Approval</h1>")
	}
	w.raw("\n<p id=\"action\" class=\"what\">")
	w.esc(p.Action)
	w.raw("</p>")
	p.effects(w)
	switch p.Outcome {
	case "pending":
		w.raw("\n<p id=\"outcome\" class=\"outcome\" data-outcome=\"pending\">Nothing has happened yet. If you approve, the agent's next call of <code>")
		w.esc(p.Tool)
		w.raw("</code> with exactly these arguments does this, once. If you decline, nothing is changed.</p>")
		p.expires(w)
		w.raw("\n<form id=\"approval\" method=\"post\">")
		p.token(w)
		w.raw("\n<button id=\"approve\" class=\"go\" type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>",
			"\n<button id=\"decline\" type=\"submit\" name=\"decision\" value=\"decline\">Decline</button>\n</form>")
	case "approved":
		w.raw("\n<p id=\"outcome\" class=\"outcome\" data-outcome=\"approved\">You approved. Nothing has been changed yet: tell the agent to call <code>")
		w.esc(p.Tool)
		w.raw("</code> again with the same arguments, and it will do this once (before ")
		w.esc(p.Expires)
		w.raw(").</p>")
	case "declined":
		w.raw("\n<p id=\"outcome\" class=\"outcome\" data-outcome=\"declined\">You declined. Nothing was changed.</p>")
	case "expired":
		w.raw("\n<p id=\"outcome\" class=\"outcome\" data-outcome=\"expired\">This link expired before anyone answered. Nothing was changed.</p>")
	case "withdrawn":
		w.raw("\n<p id=\"outcome\" class=\"outcome\" data-outcome=\"withdrawn\">This request was withdrawn: the agent's session that asked for it ended, so no call can act on an answer. Nothing was changed. Ask the agent to try again if you still want this.</p>")
	default:
		w.raw("\n<p id=\"outcome\" class=\"outcome\" data-outcome=\"used\">This link was already answered; it works only once.</p>")
	}
}

// effects lists the page's further facts (ul#effects, li per fact), if any.
func (p *page) effects(w *pageWriter) {
	if len(p.Effects) > 0 {
		w.raw("\n<ul id=\"effects\">")
		for _, e := range p.Effects {
			w.raw("\n<li>")
			w.esc(e)
			w.raw("</li>")
		}
		w.raw("\n</ul>")
	}
}

func (p *page) secrets(w *pageWriter) {
	if p.Outcome == "pending" {
		w.raw("\n<h1 id=\"title\">Enter secret values for ")
	} else {
		w.raw("\n<h1 id=\"title\">Secret values for ")
	}
	w.esc(p.App)
	w.raw("</h1>\n<p id=\"action\" class=\"what\">Store ", strconv.Itoa(len(p.Names)), " secret value")
	if len(p.Names) != 1 {
		w.raw("s")
	}
	w.raw(" in the app ")
	w.esc(p.App)
	w.raw(" on Spice.ai Cloud:</p>\n<ul id=\"names\">")
	for _, n := range p.Names {
		w.raw("\n<li><code>")
		w.esc(n)
		w.raw("</code></li>")
	}
	w.raw("\n</ul>")
	p.effects(w)
	switch p.Outcome {
	case "pending":
		w.raw("\n<p id=\"outcome\" class=\"outcome\" data-outcome=\"pending\">What you type goes from this page to the spice-cloud-mcp server and straight on to Spice.ai. It is never shown to the AI agent, never shown again here, and never written to a log. An existing secret of the same name is replaced.</p>")
		if len(p.Missing) > 0 {
			w.raw("\n<p id=\"missing\" class=\"missing\">Enter a value for every secret (missing: ")
			for i, n := range p.Missing {
				if i > 0 {
					w.raw(", ")
				}
				w.esc(n)
			}
			w.raw("). For your safety nothing you typed was kept; please type the values again.</p>")
		}
		if len(p.TooLong) > 0 {
			w.raw("\n<p id=\"toolong\" class=\"missing\">Too long to store, so nothing was stored:")
			for _, why := range p.TooLong {
				w.raw(" ")
				w.esc(why)
				if !strings.HasSuffix(why, ".") {
					w.raw(".")
				}
			}
			w.raw(" For your safety nothing you typed was kept; please enter the values again.</p>")
		}
		p.expires(w)
		w.raw("\n<form id=\"secrets\" method=\"post\" accept-charset=\"utf-8\" autocomplete=\"off\">")
		p.token(w)
		for _, n := range p.Names {
			field := html.EscapeString("secret-" + n)
			w.raw("\n<label for=\"", field, "\">")
			w.esc(n)
			w.raw("</label>\n<textarea id=\"", field, "\" name=\"", field, "\" rows=\"3\" required autocomplete=\"off\" autocapitalize=\"off\" autocorrect=\"off\" spellcheck=\"false\" aria-describedby=\"kept\"></textarea>")
		}
		w.raw("\n<p id=\"kept\" class=\"note\">Each value is stored exactly as entered, line breaks (as LF) and a final one included; the characters are hidden as you type.</p>")
		w.raw("\n<button id=\"store\" class=\"store\" type=\"submit\" name=\"decision\" value=\"store\">Store the values</button>",
			"\n<button id=\"cancel\" type=\"submit\" name=\"decision\" value=\"cancel\" formnovalidate>Store nothing</button>\n</form>")
	case "stored":
		w.raw("\n<p id=\"outcome\" class=\"outcome\" data-outcome=\"stored\">Stored ")
		w.codeList(p.Stored)
		w.raw(" in ")
		w.esc(p.App)
		w.raw(". The values are not shown anywhere. You can close this page; ")
		if p.Tool == "set_secret" {
			w.raw("the secret is set")
		} else {
			w.raw("tell the agent to continue if it is not already going on")
		}
		w.raw(".</p>")
	case "failed":
		w.raw("\n<p id=\"outcome\" class=\"outcome\" data-outcome=\"failed\">")
		if len(p.Stored) > 0 {
			w.raw("Stored ")
			w.codeList(p.Stored)
			w.raw(", but ")
		} else if !p.Unknown {
			w.raw("Nothing was stored: ")
		}
		if p.Unknown {
			w.raw(map[bool]string{true: "whether <code>", false: "Whether <code>"}[len(p.Stored) > 0])
			w.esc(p.Failed)
			w.raw("</code> was stored is unknown")
			if p.Why != "" {
				w.raw(" (")
				w.esc(p.Why)
				w.raw(")")
			}
			w.raw(": ")
			w.esc(endSentence(p.Reason))
			w.raw(" The secrets after it were not stored. Ask the agent to check which are set and to try again.</p>")
			break
		}
		w.raw("Spice.ai refused <code>")
		w.esc(p.Failed)
		w.raw("</code>: ")
		w.esc(endSentence(p.Reason))
		w.raw(" The secrets after it were not stored. Ask the agent to try again.</p>")
	case "declined":
		w.raw("\n<p id=\"outcome\" class=\"outcome\" data-outcome=\"declined\">Nothing was stored.</p>")
	case "expired":
		w.raw("\n<p id=\"outcome\" class=\"outcome\" data-outcome=\"expired\">This link expired before anything was entered. Nothing was stored.</p>")
	case "withdrawn":
		if p.SessionEnded {
			w.raw("\n<p id=\"outcome\" class=\"outcome\" data-outcome=\"withdrawn\">This form was withdrawn: the agent's session that asked for these values ended, so it would never learn they were stored. Nothing was stored, and anything typed here was neither read nor kept. Ask the agent to try again if you still want to.</p>")
			break
		}
		w.raw("\n<p id=\"outcome\" class=\"outcome\" data-outcome=\"withdrawn\">This request was cancelled: the agent's call that asked for these values ended before they were entered, so this page was withdrawn. Nothing was stored. Ask the agent to try again if you still want to.</p>")
	default:
		w.raw("\n<p id=\"outcome\" class=\"outcome\" data-outcome=\"used\">This link was already used; it works only once.</p>")
	}
}

func (p *page) expires(w *pageWriter) {
	w.raw("\n<p id=\"expires\" class=\"note\">This link works once and expires at ")
	w.esc(p.Expires)
	w.raw(".</p>")
}

func (p *page) token(w *pageWriter) {
	w.raw("\n<input type=\"hidden\" name=\"token\" value=\"")
	w.esc(p.Token)
	w.raw("\">")
}

// endSentence is s ending with a full stop (Store's errors may end without one).
func endSentence(s string) string {
	if s == "" || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}
