package present

import "strings"

// stdinPasswordFlags are the flags with which a command reads its password or token from its
// standard input (docker login --password-stdin, gh auth login --with-token).
var stdinPasswordFlags = []string{"--password-stdin", "--with-token"}

// maskPipedPasswords masks what echo or printf pipes to a command reading its password from
// its standard input (echo <pw> | docker login --password-stdin, printf '%s' <pw> | helm
// registry login --password-stdin): the words echo gives (its -n, -e aside), printf's after
// its format when it has one, inside their quotes. A shell variable or a command's output
// ($CR_PAT, "$PASSWORD", $(cat pw)) names the password and stays; so does anything but echo
// or printf before the pipe (cat ~/pw.txt). The command line is read 256 bytes back from the
// flag at most: linear.
func maskPipedPasswords(s string) string {
	if !strings.Contains(s, "|") {
		return s
	}
	s = maskChpasswd(s)
	if !strings.Contains(s, "--password-stdin") && !strings.Contains(s, "--with-token") {
		return s
	}
	m := spanMasker{s: s}
	for i := strings.Index(s, "--"); i >= 0; {
		for _, f := range stdinPasswordFlags {
			if !strings.HasPrefix(s[i:], f) || i+len(f) < len(s) && (isKeyByte(s[i+len(f)]) || s[i+len(f)] == '-') {
				continue
			}
			if vs, ve := pipedPassword(s, i); ve > vs && vs >= m.pos && !keptAsWritten(s[vs:ve]) {
				m.mask(vs, ve)
			}
		}
		k := strings.Index(s[i+2:], "--")
		if k < 0 {
			break
		}
		i += 2 + k
	}
	return m.result()
}

// pipedPassword returns where the password echo or printf pipes to the command of the flag at
// s[i] stands; -1, -1 when none does.
func pipedPassword(s string, i int) (start, end int) {
	pipe, from := -1, max(0, i-256)
	for k := i - 1; k >= from && pipe < 0; k-- {
		switch c := s[k]; {
		case c == '\n' || c == '\r' || c == ';' || c == '&' || c == '(' || c == '`' || lineSeparatorAt(s, k) > 0:
			return -1, -1
		case c == '|':
			if k > 0 && s[k-1] == '|' {
				return -1, -1 // || runs the command after a failure: nothing piped
			}
			pipe = k
		}
	}
	if pipe < 0 {
		return -1, -1
	}
	cs := pipe
	for cs > from && strings.IndexByte("\n\r;&|(`", s[cs-1]) < 0 && lineSeparatorAt(s, cs-1) == 0 {
		cs--
	}
	words := shellWords(s, cs, pipe)
	if len(words) < 2 {
		return -1, -1
	}
	cmd := s[words[0][0]:words[0][1]]
	cmd = cmd[strings.LastIndexByte(cmd, '/')+1:]
	args := words[1:]
	switch cmd {
	case "echo":
		for len(args) > 0 && echoOption(s[args[0][0]:args[0][1]]) {
			args = args[1:]
		}
	case "printf":
		if len(args) > 1 {
			args = args[1:] // the format
		}
	default:
		return -1, -1
	}
	if len(args) == 0 {
		return -1, -1
	}
	start, end = args[0][0], args[len(args)-1][1]
	if q := s[start]; (q == '"' || q == '\'') && end-start >= 2 && s[end-1] == q {
		start, end = start+1, end-1
	}
	if v := s[start:end]; strings.HasPrefix(v, "$") || strings.Contains(v, "$(") || strings.Contains(v, "`") {
		return -1, -1
	}
	return start, end
}

// echoOption reports echo's options: -n, -e, -E, and them together (-ne).
func echoOption(w string) bool {
	return len(w) >= 2 && w[0] == '-' && strings.Trim(w[1:], "neE") == ""
}

// shellWords returns where the words of s[from:to] stand, apart by spaces; a quoted one runs
// to its closing quote (a space inside it), or to "to" when it does not close.
func shellWords(s string, from, to int) [][2]int {
	var words [][2]int
	for k := from; k < to; {
		if n := spaceAt(s, k); n > 0 {
			k += n
			continue
		}
		e := k
		for e < to && spaceAt(s, e) == 0 {
			if q := s[e]; q == '"' || q == '\'' {
				c := strings.IndexByte(s[e+1:to], q)
				if c < 0 {
					e = to
					break
				}
				e += c + 1
			}
			e++
		}
		words = append(words, [2]int{k, min(e, to)})
		k = e
	}
	return words
}

// maskChpasswd masks the password in the user:password echo or printf pipes to chpasswd
// (echo "bob:<pw>" | chpasswd, | sudo chpasswd), as pipedPassword reads the words piped; the
// user stays. Each chpasswd is read once, 256 bytes back at most: linear.
func maskChpasswd(s string) string {
	const name = "chpasswd"
	if !strings.Contains(s, name) {
		return s
	}
	m := spanMasker{s: s}
	for i := strings.Index(s, name); i >= 0; {
		if e := i + len(name); (i == 0 || !isKeyByte(s[i-1])) && (e == len(s) || !isKeyByte(s[e])) {
			if vs, ve := pipedPassword(s, i); ve > vs {
				if c := strings.IndexByte(s[vs:ve], ':'); c > 0 && vs+c+1 < ve && vs+c+1 >= m.pos && !keptAsWritten(s[vs+c+1:ve]) {
					m.mask(vs+c+1, ve)
				}
			}
		}
		k := strings.Index(s[i+len(name):], name)
		if k < 0 {
			break
		}
		i += len(name) + k
	}
	return m.result()
}
