package present

import (
	"slices"
	"strings"
)

// userPasswordFlags are the flags an HTTP client takes user:password with (curl -u, --user,
// --proxy-user, -U; HTTPie's --auth, -a): the password after the first colon is masked, the
// user kept (userPasswordSpan).
var userPasswordFlags = []string{"-u", "-U", "-a", "--user", "--proxy-user", "--auth"}

// httpClients are the commands whose -a is HTTPie's --auth (user:password), not another
// program's (rsync -a, grep -a, ls -a).
var httpClients = []string{"http", "https", "httpie", "xh", "xhs", "curlie"}

// userGroupCommands are the commands whose -u or --user takes user:group (docker run -u
// postgres:postgres, sudo -u), no password: there the value stays, unless an HTTP client
// (curl, wget, one of httpClients) is the command after them (docker run curlimages/curl -u …).
var userGroupCommands = []string{"docker", "podman", "nerdctl", "kubectl", "oc", "crictl", "buildah", "sudo", "su",
	"runuser", "chroot", "setpriv", "chown", "install", "useradd", "usermod", "ps", "pgrep", "pkill", "top", "rsync",
	"scp", "tar", "unshare", "nsenter", "systemctl", "journalctl", "crontab"}

// maskArgvCredentials masks the credentials a command line gives after flags maskSpacedValues
// does not read:
//
//   - the password of user:password after one of userPasswordFlags (curl -u admin:<pw>,
//     --user=admin:<pw>, http --auth admin:<pw>, -uadmin:<pw>; the value quoted or not, up
//     to a space, so the URL after it stays); not user:group where a container
//     or user tool runs (docker run -u postgres:postgres: userGroupCommands), nor a host's
//     path (rsync -a host:/srv), nor uid:gid;
//   - redis-cli's -a <pw>; sshpass's, a registry login's, zip's and openssl's short password
//     flags (shortPasswordFlag);
//   - in a JSON or Python list of arguments, the element after a credential flag's
//     (["--password", "<pw>"], ['--token', '<t>'], escaped in JSON: [\"--token\", \"<t>\"]),
//     and after one of userPasswordFlags, its password (["curl", "-u", "admin:<pw>"]) as on a
//     command line (["redis-cli", "-a", "<pw>"]; ["rsync", "-a", "host:dir/"] stays).
//
// Each flag is read once, its command line 256 bytes back at most: linear.
func maskArgvCredentials(s string) string {
	if strings.IndexByte(s, '-') < 0 {
		return s
	}
	m := spanMasker{s: s}
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '-' || i > 0 && s[i-1] == '-' {
			continue
		}
		start, end := -1, -1
		if i > 0 && (s[i-1] == '"' || s[i-1] == '\'') {
			start, end = argvListValue(s, i)
		}
		if start < 0 && (i == 0 || spaceBefore(s, i) > 0 || s[i-1] == '"' || s[i-1] == '\'') {
			start, end = userPasswordFlagValue(s, i)
		}
		if start < m.pos || end <= start {
			continue
		}
		if v := s[start:end]; keptAsWritten(v) {
			i = max(i, end-1)
			continue
		}
		m.mask(start, end)
		i = max(i, end-1)
	}
	return m.result()
}

// sshTools are the commands sshpass runs, whose own -p (a port) a password is not.
var sshTools = []string{"ssh", "scp", "sftp", "rsync", "ssh-copy-id"}

// registryClients are the commands whose login's -p is a password (docker login -p <pw>,
// helm registry login, oc login; az login too).
var registryClients = []string{"docker", "podman", "nerdctl", "buildah", "skopeo", "helm", "oras", "crane", "oc", "az"}

// ldapTools are OpenLDAP's clients, whose -w is the bind password (ldapsearch -D … -w <pw>).
var ldapTools = []string{"ldapsearch", "ldapmodify", "ldapadd", "ldapdelete", "ldapmodrdn", "ldappasswd", "ldapwhoami",
	"ldapcompare", "ldapexop", "ldapurl"}

// sqlServerTools are SQL Server's command-line clients, whose -P is the password (sqlcmd -U sa
// -P <pw>); mysql's -P is a port.
var sqlServerTools = []string{"sqlcmd", "bcp", "osql", "isql"}

// shortPasswordFlag reports whether the short flag at s[i] (its letter s[i+1]) takes a
// password for its command, and whether only written attached to it (7z -p<pw>): sshpass's
// -p, when sshpass is the last of the words before it that runs something (not ssh -p 2222
// after it); a registry client's login -p; rabbitmqadmin's -p; zip's, unzip's, SQL Server's
// tools' and Mosquitto's clients' -P;
// openssl's -k (a password) and -K (a key in hexadecimal); LDAP's tools' -w; MongoDB's
// shells' -p; ssh-keygen's -N and -P (passphrases).
func shortPasswordFlag(s string, i int) (ok, attachedOnly bool) {
	if i+1 >= len(s) || strings.IndexByte("pPkKwN", s[i+1]) < 0 {
		return false, false
	}
	words := commandWordsBefore(s, i, true)
	has := func(names ...string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return slices.Contains(names, w) })
	}
	if has("ssh-keygen") {
		return s[i+1] == 'N' || s[i+1] == 'P', false // ssh-keygen -N <new passphrase> -P <old>
	}
	if s[i+1] == 'N' {
		return false, false
	}
	if s[i+1] == 'p' && (has(mongoShells...) || has("rabbitmqadmin")) {
		return true, false // mongosh -u bob -p <pw>, rabbitmqadmin -u bob -p <pw> (its -P is a port)
	}
	if s[i+1] == 'k' || s[i+1] == 'K' {
		return has("openssl"), false // openssl enc -k <pw>, -K <hex key>
	}
	if s[i+1] == 'w' {
		return has(ldapTools...), false // ldapsearch -D cn=admin -w <pw>
	}
	if s[i+1] == 'P' {
		return has("zip", "unzip") || has(sqlServerTools...) || has(mqttClients...), false
	}
	if k := lastIndex(words, "sshpass"); k >= 0 && !slices.ContainsFunc(words[k+1:], func(w string) bool { return slices.Contains(sshTools, w) }) {
		return true, false
	}
	for k, w := range words {
		if slices.Contains(registryClients, w) && slices.Contains(words[k+1:min(len(words), k+3)], "login") {
			return true, false
		}
	}
	return has("7z", "7za", "7zr", "7zz"), true
}

// sambaTools are Samba's clients, whose -U takes user%password.
var sambaTools = []string{"smbclient", "rpcclient", "smbcacls", "smbget", "smbtree", "smbmap", "net", "winexe"}

// mqttClients are Mosquitto's clients, whose -P is the password (mosquitto_pub -u bob -P <pw>).
var mqttClients = []string{"mosquitto_pub", "mosquitto_sub", "mosquitto_rr", "mosquitto_passwd"}

// mongoShells are MongoDB's shells and tools, whose -p takes a password.
var mongoShells = []string{"mongosh", "mongo", "mongodump", "mongorestore", "mongoexport", "mongoimport", "mongostat", "mongotop"}

// lastIndex returns where w last stands in words, or -1.
func lastIndex(words []string, w string) int {
	for k := len(words) - 1; k >= 0; k-- {
		if words[k] == w {
			return k
		}
	}
	return -1
}

// argvFlagEnd returns where the flag that starts at s[i] ("-" and a letter, or "--" and a
// name of letters, digits and "-") ends; i when none starts there.
func argvFlagEnd(s string, i int) int {
	n := i + 1
	if n < len(s) && s[n] == '-' {
		n++
	}
	e := n
	for e < len(s) && (isLetter(s[e]) || e > n && (s[e] >= '0' && s[e] <= '9' || s[e] == '-')) {
		e++
	}
	if e == n || n == i+1 && e > n+1 {
		return i // no name, or a short flag of more than one letter: -abc
	}
	return e
}

// userPasswordFlagValue returns where the password after the user-password flag at s[i]
// stands (maskArgvCredentials), or redis-cli's -a value; -1, -1 when none does.
func userPasswordFlagValue(s string, i int) (start, end int) {
	e := argvFlagEnd(s, i)
	flag := s[i:e]
	attached := false
	if e == i && i+2 < len(s) && s[i+1] == 'u' && isWordByte(s[i+2]) {
		e, flag, attached = i+2, "-u", true // -uadmin:<pw>
	}
	if flag == "-p" || flag == "-P" || flag == "-k" || flag == "-K" || flag == "-w" || flag == "-N" || e == i && i+2 < len(s) && (s[i+1] == 'p' || s[i+1] == 'P' || s[i+1] == 'w') {
		// sshpass -p <pw>, -p<pw>, docker login -p <pw>, zip -P <pw>, 7z -p<pw>
		if ok, attachedOnly := shortPasswordFlag(s, i); ok {
			w := blanksAt(s, i+2)
			if w >= len(s) || s[w] == '-' && w > i+2 || attachedOnly && w > i+2 {
				return -1, -1
			}
			return argvValueSpan(s, w)
		}
	}
	if !slices.Contains(userPasswordFlags, flag) {
		return -1, -1
	}
	w := e
	switch {
	case attached:
	case e < len(s) && s[e] == '=' && strings.HasPrefix(flag, "--"):
		w = e + 1
	default:
		if w = blanksAt(s, e); w == e {
			return -1, -1
		}
	}
	if w >= len(s) || s[w] == '-' {
		return -1, -1
	}
	vs, ve := argvValueSpan(s, w)
	return flagPasswordSpan(s, i, flag, vs, ve)
}

// flagPasswordSpan returns where the password in s[vs:ve], the value of one of userPasswordFlags
// (flag, at s[i]), stands for the command it is given to: its password after an HTTP client's
// flag or a command's none names (userPasswordSpan), redis-cli's -a value whole; -1, -1 for
// another command's -a (rsync -a, ls -a) and where user:group is given (userGroupCommands).
func flagPasswordSpan(s string, i int, flag string, vs, ve int) (start, end int) {
	httpClient := func(w string) bool { return w == "curl" || w == "wget" || slices.Contains(httpClients, w) }
	words := commandWordsBefore(s, i, false)
	if (flag == "-u" || flag == "--user") && (slices.Contains(words, "lftp") || len(words) > 0 && words[0] == "open") {
		// lftp -u bob,<pw> host, and its own open -u bob,<pw> host: user,password, to a blank.
		if _, e := cliArgAt(s, vs); e > ve {
			ve = e
		}
		if p := strings.IndexByte(s[vs:ve], ','); p >= 0 && vs+p+1 < ve {
			return vs + p + 1, ve
		}
		return -1, -1
	}
	if flag == "-U" || flag == "--user" {
		if slices.ContainsFunc(words, func(w string) bool { return slices.Contains(sambaTools, w) }) {
			// smbclient -U bob%<pw>, DOMAIN\bob%<pw>: Samba's user%password.
			if p := strings.IndexByte(s[vs:ve], '%'); p >= 0 && vs+p+1 < ve {
				return vs + p + 1, ve
			}
			return -1, -1
		}
	}
	client := slices.ContainsFunc(words, httpClient)
	// Over line separators, as over spaces, redis-cli's -a is read (redis-cli⏎-a <pw>): a
	// password shows no more there than after a space.
	if all := commandWordsBefore(s, i, true); flag == "-a" && slices.Contains(all, "redis-cli") && !slices.ContainsFunc(all, httpClient) {
		return vs, ve // redis-cli -a <pw>
	}
	if !client && (flag == "-a" && len(words) > 0 || slices.ContainsFunc(words, func(w string) bool { return slices.Contains(userGroupCommands, w) })) {
		if ps, pe := userinfoPasswordSpan(s[vs:ve]); ps >= 0 {
			return vs + ps, vs + pe // rsync -a bob:<pw>@host:dir/: a password all the same
		}
		return -1, -1
	}
	if ps, pe := userPasswordSpan(s[vs:ve]); ps >= 0 {
		return vs + ps, vs + pe
	}
	return -1, -1
}

// userinfoPasswordSpan returns where, in v (user:password@host…), the password between the
// first colon and the last "@" stands; -1, -1 when v has no such shape (host:dir/, user:group,
// host:dir/a@b: a password holds no "/").
func userinfoPasswordSpan(v string) (start, end int) {
	at := strings.LastIndexByte(v, '@')
	if at < 0 {
		return -1, -1
	}
	ps, _ := userPasswordSpan(v[:at])
	if ps < 0 || strings.IndexByte(v[ps:at], '/') >= 0 {
		return -1, -1
	}
	return ps, at
}

// argvValueSpan returns where the value at s[w] stands: a quoted one's text (valueSpan), an
// unquoted one, or one whose quote does not close within 512 bytes, up to a separator (gapAt:
// a space, a line break) or where valueSpan ends it; read 512 bytes at most, so that each value
// is read a bounded number of times.
func argvValueSpan(s string, w int) (start, end int) {
	s = s[:min(len(s), w+512)]
	start, end = valueSpan(s, w)
	if start > w && end < len(s) {
		return start, end
	}
	if start > w {
		start = w // a quote never closed: the value is read to a separator, the quote with it
	}
	for p := start; p < end; p++ {
		if g, _ := gapAt(s, p); g > p {
			return start, p
		}
	}
	return start, end
}

// userPasswordSpan returns where, in v (user:password), the password after the first colon
// stands; -1, -1 for a URL, a host's path (host:/srv, bob@host:dir), uid:gid, a shell
// variable, no colon or an empty password.
func userPasswordSpan(v string) (start, end int) {
	c := strings.IndexByte(v, ':')
	if c < 0 || strings.Contains(v, "://") {
		return -1, -1
	}
	user, pw := v[:c], v[c+1:]
	if strings.ContainsAny(user, "/@") || user != "" && user[0] == '$' {
		return -1, -1
	}
	if pw == "" {
		// An empty password: a key given as the user (-u sk_test_…:) is the credential, a
		// plain user name stays.
		if keyAsUser(user) {
			return 0, c
		}
		return -1, -1
	}
	digits := func(w string) bool { return w != "" && strings.Trim(w, "0123456789") == "" }
	if pw[0] == '/' || pw[0] == '~' || pw[0] == '$' || digits(user) && digits(pw) {
		return -1, -1
	}
	return c + 1, len(v)
}

// commandWordsBefore returns the words (lower case) of the command the flag at s[i] is given
// to, each a path's last part (/usr/bin/curl reads curl): back to the line's start, ";", "|",
// "&", "(", a backquote or a quote that opens a list ([), 256 bytes at most; back to a line
// separator too unless overLines.
func commandWordsBefore(s string, i int, overLines bool) []string {
	from := max(0, i-256)
	for k := i - 1; k >= from; k-- {
		if c := s[k]; c == '\n' || c == '\r' || c == ';' || c == '|' || c == '&' || c == '(' || c == '`' || c == '[' {
			from = k + 1
			break
		}
		if n := lineSeparatorAt(s, k); n > 0 && !overLines {
			from = k + n
			break
		}
	}
	var words []string
	for k := from; k < i; {
		for k < i && !isKeyByte(s[k]) {
			k++
		}
		e := k
		for e < i && (isKeyByte(s[e]) || s[e] == '/') {
			e++
		}
		if w := s[k:e]; w != "" && w[0] != '-' {
			words = append(words, strings.ToLower(w[strings.LastIndexByte(w, '/')+1:]))
		}
		k = e
	}
	return words
}

// argvListValue returns where the element after the flag element that opens at s[i] stands in
// a JSON or Python list of arguments (["--password", "<pw>"]): the flag quoted alone, then a
// comma and the next element in the same quotes; the element whole after a credential flag
// (credentialFlagValueAt reads its name), its password after one of userPasswordFlags
// (userPasswordSpan); -1, -1 otherwise, or when the element is another flag.
func argvListValue(s string, i int) (start, end int) {
	q := s[i-1]
	escapes := 0
	for i-1-escapes > 0 && s[i-2-escapes] == '\\' {
		escapes++
	}
	e := argvFlagEnd(s, i)
	if e == i || !strings.HasPrefix(s[e:], strings.Repeat(`\`, escapes)+string(q)) {
		return -1, -1
	}
	flag := s[i:e]
	p := blanksAt(s, e+escapes+1)
	if p >= len(s) || s[p] != ',' {
		return -1, -1
	}
	p = blanksAt(s, p+1)
	open := strings.Repeat(`\`, escapes) + string(q)
	if !strings.HasPrefix(s[p:], open) {
		return -1, -1
	}
	start = p + len(open)
	if start >= len(s) || s[start] == '-' {
		return -1, -1
	}
	// The element closes within 512 bytes (or the text ends), or it is no argument; each is
	// read once.
	limit := min(len(s), start+512)
	if end = closingQuote(s[:limit], start, q, escapes); end <= start || end == limit && limit < len(s) {
		return -1, -1
	}
	if slices.Contains(userPasswordFlags, flag) {
		return flagPasswordSpan(s, i, flag, start, end) // as on a command line: ["rsync", "-a", "host:dir/"] stays
	}
	if ok, attachedOnly := shortPasswordFlag(s, i); ok && !attachedOnly && (flag == "-p" || flag == "-P" || flag == "-w" || flag == "-N") {
		return start, end // ["sshpass", "-p", "<pw>"], ["docker", "login", "-p", "<pw>"], ["ldapsearch", "-w", "<pw>"]
	}
	if strings.HasPrefix(flag, "--") && credentialFlagValueAt(flag+" x", 2) > 0 {
		return start, end
	}
	return -1, -1
}

// keyAsUser reports whether user, given with an empty password (curl -u sk_test_…:), reads as
// an API key: 8 bytes or more with a digit, no word a person logs in with.
func keyAsUser(user string) bool {
	return len(user) >= 8 && strings.ContainsAny(user, "0123456789")
}

// userFlagBefore reports whether one of userPasswordFlags stands right before s[at] (-u x,
// --user=x, -ux): what is at s[at] is its value.
func userFlagBefore(s string, at int) bool {
	if at < 0 || at > len(s) {
		return false
	}
	e := at
	if e > 0 && s[e-1] == '=' {
		e--
	} else {
		for n := spaceBefore(s, e); n > 0; n = spaceBefore(s, e) {
			e -= n // Unicode spaces too, as the flag's value is read after them (gapAt)
		}
	}
	for _, flag := range userPasswordFlags {
		if strings.HasSuffix(s[:e], flag) && (e == len(flag) || spaceBefore(s, e-len(flag)) > 0) &&
			(e < at || s[at-1] == '=' && strings.HasPrefix(flag, "--") || flag == "-u") {
			return true
		}
	}
	return false
}
