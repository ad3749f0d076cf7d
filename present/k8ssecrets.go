package present

import (
	"slices"
	"strings"
)

// maskSecretData masks every value of a Kubernetes Secret's data (kubectl get secret -o yaml
// or -o json, a manifest): each is a secret's bytes in base64, whatever its key is named
// (DB_URL, username, config.json), which maskPairs read only after a credential's name, so
// data:⏎  DB_URL: cG9zdGdyZXM6Ly9ib2I6cHdAZGIvYXBw showed a connection string with its
// password to anyone who decodes it. Only a text that says kind: Secret (a YAML line of its
// own, or "kind":"Secret" in JSON) is read so; a ConfigMap's data, stringData's plain values
// (masked as any pair's) and a value that is no base64 (a placeholder, a reference) stay.
// Each line, or each JSON member of data's object, is read once: linear.
func maskSecretData(s string) string {
	if !strings.Contains(s, "Secret") || !strings.Contains(s, "data") {
		return s
	}
	if strings.Contains(s, `"kind"`) {
		s = maskSecretDataJSON(s)
	}
	if !yamlSecretKind(s) {
		return s
	}
	m := spanMasker{s: s}
	dataIndent := -1 // the indentation of the data: line whose block is being read, or -1
	for start := 0; start < len(s); {
		end := strings.IndexByte(s[start:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		line := strings.TrimRight(s[start:end], "\r")
		indent := yamlIndent(line)
		content := line[indent:]
		switch {
		case content == "" || content[0] == '#':
		case dataIndent >= 0 && indent > dataIndent:
			if k := strings.Index(content, ": "); k > 0 && !strings.ContainsAny(content[:k], " \"'") {
				v := strings.TrimSpace(content[k+2:])
				if from := start + indent + k + 2 + strings.Index(content[k+2:], v); base64Value(v) {
					m.mask(from, from+len(v))
				}
			}
		default:
			dataIndent = -1
			if content == "data:" {
				dataIndent = indent
			}
		}
		start = end + 1
	}
	return m.result()
}

// yamlIndent is how many spaces, and "- " of a list's item, start a YAML line.
func yamlIndent(line string) int {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '-' && i+1 < len(line) && line[i+1] == ' ') {
		i++
	}
	return i
}

// yamlSecretKind reports whether a line of s, its indentation aside, is kind: Secret. Each
// match reads back over its indentation and on over trailing spaces alone: linear.
func yamlSecretKind(s string) bool {
	for from := 0; ; {
		k := strings.Index(s[from:], "kind: Secret")
		if k < 0 {
			return false
		}
		k += from
		from = k + len("kind: Secret")
		e := from
		for e < len(s) && (s[e] == ' ' || s[e] == '\r') {
			e++
		}
		b := k
		for b > 0 && (s[b-1] == ' ' || s[b-1] == '-') {
			b--
		}
		if (e == len(s) || s[e] == '\n') && (b == 0 || s[b-1] == '\n') {
			return true
		}
	}
}

// maskSecretDataJSON masks the string values of a "data" object in JSON that says
// "kind":"Secret" (spaces around the ":" too): {"data":{"DB_URL":"<base64>"},"kind":"Secret"}.
func maskSecretDataJSON(s string) string {
	if !jsonSecretKind(s) {
		return s
	}
	m := spanMasker{s: s}
	for from := 0; ; {
		k := strings.Index(s[from:], `"data"`)
		if k < 0 {
			break
		}
		p := skipJSONSpace(s, from+k+len(`"data"`))
		from += k + len(`"data"`)
		if p >= len(s) || s[p] != ':' {
			continue
		}
		p = skipJSONSpace(s, p+1)
		if p >= len(s) || s[p] != '{' {
			continue
		}
		// "key": "value" members, to the object's "}"; keys and values hold no quote.
		for p++; ; {
			p = skipJSONSpace(s, p)
			if p >= len(s) || s[p] != '"' {
				break
			}
			ke := strings.IndexByte(s[p+1:], '"')
			if ke < 0 {
				break
			}
			p = skipJSONSpace(s, p+1+ke+1)
			if p >= len(s) || s[p] != ':' {
				break
			}
			p = skipJSONSpace(s, p+1)
			if p >= len(s) || s[p] != '"' {
				break
			}
			ve := strings.IndexByte(s[p+1:], '"')
			if ve < 0 {
				break
			}
			if v := s[p+1 : p+1+ve]; base64Value(v) {
				m.mask(p+1, p+1+ve)
			}
			p = skipJSONSpace(s, p+1+ve+1)
			if p >= len(s) || s[p] != ',' {
				break
			}
			p++
		}
		from = max(from, p)
	}
	return m.result()
}

func jsonSecretKind(s string) bool {
	for from := 0; ; {
		k := strings.Index(s[from:], `"kind"`)
		if k < 0 {
			return false
		}
		from += k + len(`"kind"`)
		p := skipJSONSpace(s, from)
		if p < len(s) && s[p] == ':' && strings.HasPrefix(s[skipJSONSpace(s, p+1):], `"Secret"`) {
			return true
		}
	}
}

func skipJSONSpace(s string, p int) int {
	for p < len(s) && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r') {
		p++
	}
	return p
}

// base64Value reports whether v is base64 (standard alphabet, "=" padding), as a Secret's
// data values are: not empty, not masked already.
func base64Value(v string) bool {
	t := strings.TrimRight(v, "=")
	if t == "" || len(v)-len(t) > 2 || v == Masked {
		return false
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
			return false
		}
	}
	return true
}

// maskSecretDataEntries masks, in out (the masked entries of lines), a Kubernetes Secret's data
// that a program printed one line an entry (kubectl get secret -o yaml in a job's log): each
// entry alone holds no "kind: Secret", so MaskText read "  DB_URL: <base64>" as any pair. The
// entries are read as one text over their lines (a break inside an entry read as a space, so
// that each line stays its entry), and what maskSecretData masks there is masked in its entry,
// with what was masked there already. Only when an entry says Secret; each entry is read
// twice at most: linear.
func maskSecretDataEntries(lines, out []string) {
	if !slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, "Secret") }) || len(lines) < 2 {
		return
	}
	joined := make([]string, len(lines))
	for i, l := range lines {
		joined[i] = strings.ReplaceAll(l, "\n", " ")
	}
	masked := strings.Split(maskSecretData(strings.Join(joined, "\n")), "\n")
	if len(masked) != len(lines) {
		return
	}
	for i, l := range joined {
		if masked[i] != l {
			out[i] = oneLine(withSpansMasked(lines[i], append(maskedSpans(lines[i], out[i]), maskedSpans(l, masked[i])...)))
		}
	}
}
