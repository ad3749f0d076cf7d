package present

import "strings"

// maskTerraformDefaults masks the default of a Terraform variable whose name names a
// credential (variable "db_password" { default = "<pw>" }, on one line or over the block's
// lines): the name says what the default is, which maskPairs, reading default = as a pair of
// its own, showed. Only a quoted default is masked; sensitive = true, a type, a description
// and a variable of another name stay. Each variable's block is read once, 512 bytes on at
// most, and the search goes on after it: linear.
func maskTerraformDefaults(s string) string {
	if !strings.Contains(s, "variable") || !strings.Contains(s, "default") {
		return s
	}
	m := spanMasker{s: s}
	for from := 0; from < len(s); {
		k := strings.Index(s[from:], "variable")
		if k < 0 {
			break
		}
		k += from
		from = k + len("variable")
		if k > 0 && isWordByte(s[k-1]) {
			continue
		}
		p := from
		for p < len(s) && (s[p] == ' ' || s[p] == '\t') {
			p++
		}
		if p == from || p >= len(s) || s[p] != '"' {
			continue
		}
		q := strings.IndexByte(s[p+1:min(len(s), p+1+128)], '"')
		if q < 0 {
			continue
		}
		name := s[p+1 : p+1+q]
		p += q + 2
		if !credentialName(name, false) {
			continue
		}
		for p < len(s) && (s[p] == ' ' || s[p] == '\t') {
			p++
		}
		if p >= len(s) || s[p] != '{' {
			continue
		}
		vs, ve, end := terraformDefault(s, p)
		if ve > vs && vs >= m.pos && !keptAsWritten(s[vs:ve]) {
			m.mask(vs, ve)
		}
		from = max(from, end)
	}
	return m.result()
}

// terraformDefault returns where the quoted default inside the block whose "{" stands at
// s[open] stands, inside its quotes (-1, -1 for none), and where the read ended: the block's
// "}", or 512 bytes on.
func terraformDefault(s string, open int) (start, end, read int) {
	limit := min(len(s), open+512)
	for p := open + 1; p < limit; p++ {
		switch s[p] {
		case '}':
			return -1, -1, p
		case 'd':
			if !strings.HasPrefix(s[p:], "default") || isWordByte(s[p-1]) {
				continue
			}
			w := p + len("default")
			for w < len(s) && (s[w] == ' ' || s[w] == '\t') {
				w++
			}
			if w >= len(s) || s[w] != '=' {
				continue
			}
			w++
			for w < len(s) && (s[w] == ' ' || s[w] == '\t') {
				w++
			}
			if w >= len(s) || s[w] != '"' {
				return -1, -1, w
			}
			e := w + 1
			for e < len(s) && s[e] != '"' && s[e] != '\n' && e-w <= 512 {
				if s[e] == '\\' {
					e++
				}
				e++
			}
			if e >= len(s) || s[e] != '"' {
				return -1, -1, w
			}
			return w + 1, e, e
		}
	}
	return -1, -1, limit
}

// maskTerraformEntries masks, in out (the masked entries of lines), the default of a Terraform
// variable whose name names a credential when its block is written over several entries, as a
// runtime's log gets a program's output one line an entry: an entry that opens a variable's
// block ("variable "db_password" {" ending it) is read with the entries after it, up to the one
// that closes the block (32 entries and 512 bytes at most), as one text over their lines, and
// what maskTerraformDefaults masks there is masked in its entry, with what was masked there
// already. Each entry is read twice at most: linear.
func maskTerraformEntries(lines, out []string) {
	for i := 0; i+1 < len(lines); i++ {
		l := strings.TrimRight(lines[i], " \t")
		if !strings.HasSuffix(l, "{") || !strings.Contains(l, "variable") || strings.Contains(l, "\n") {
			continue
		}
		j, size := i+1, 0
		for ; j < len(lines) && j-i <= 32 && size <= 512 && !strings.Contains(lines[j], "\n"); j++ {
			size += len(lines[j]) + 1
			if strings.Contains(lines[j], "}") {
				break
			}
		}
		j = min(j, len(lines)-1)
		if strings.Contains(lines[j], "\n") {
			j--
		}
		if j <= i {
			continue
		}
		block := lines[i : j+1]
		masked := strings.Split(maskTerraformDefaults(strings.Join(block, "\n")), "\n")
		if len(masked) != len(block) {
			continue
		}
		for k := 1; k < len(block); k++ {
			if masked[k] == block[k] {
				continue
			}
			spans := append(maskedSpans(block[k], out[i+k]), maskedSpans(block[k], masked[k])...)
			out[i+k] = oneLine(withSpansMasked(block[k], spans))
		}
		i = j
	}
}
