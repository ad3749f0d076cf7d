package client

// multiMatcher looks for many needles at once in a stream of bytes: an Aho–Corasick automaton
// (the trie of the needles, each state's failure link to the longest proper suffix of what it
// has read that begins a needle, and a link to the nearest such suffix where one ends). A text
// is read in one pass whose work is linear in its length whatever the number of needles: a
// byte moves down the trie at most one state, and each failure link followed moves up at
// least one, so they are at most as many as the bytes. It is built once; the state (one
// number: 0, the root, when no needle is begun) is kept by whoever reads a text with it.
type multiMatcher struct {
	needles []string
	root    [256]int32 // the state after reading b from the root (0: none begins with b)
	// The edges of state s below the root: edgeByte[edgeStart[s]:edgeStart[s+1]] (in order)
	// and edgeTo.
	edgeStart []int32
	edgeByte  []byte
	edgeTo    []int32
	fail      []int32 // the state of the longest proper suffix of s that is in the trie
	out       []int32 // the first needle that ends at s (-1: none); same[k], the next one
	same      []int32
	hit       []int32 // s, if a needle ends there, else the nearest failure state where one does (0: none)
	dict      []int32 // the nearest proper failure state of s where a needle ends (0: none)
	steps     *int    // counts the states next looks at (a test's; nil)
}

func newMultiMatcher(needles []string) *multiMatcher {
	m := &multiMatcher{needles: needles, same: make([]int32, len(needles))}
	// The trie, built as lists of edges (first[s], then each edge's next; the root's children in
	// root), then laid out by state. A map of children for each state cost an allocation or
	// more a state: half of FuzzRedact's CPU time went to building the tries of its long values.
	type edge struct {
		to, next int32
		b        byte
	}
	// A trie has at most one state and one edge a needle's byte: sized once, a long value's
	// trie (a 1.2 MB secret's forms: millions of states) is not copied on each growth.
	total := 0
	for _, v := range needles {
		total += len(v)
	}
	edges := make([]edge, 0, total)
	first := append(make([]int32, 0, total+1), -1)
	out := append(make([]int32, 0, total+1), -1)
	for k, v := range needles {
		m.same[k] = -1
		if v == "" {
			continue
		}
		s := int32(0)
		for i := 0; i < len(v); i++ {
			t := m.root[v[i]]
			if s != 0 {
				t = 0
				for e := first[s]; e >= 0; e = edges[e].next {
					if edges[e].b == v[i] {
						t = edges[e].to
						break
					}
				}
			}
			if t == 0 {
				t = int32(len(out))
				out, first = append(out, -1), append(first, -1)
				edges = append(edges, edge{to: t, next: first[s], b: v[i]})
				first[s] = int32(len(edges) - 1)
				if s == 0 {
					m.root[v[i]] = t
				}
			}
			s = t
		}
		m.same[k], out[s] = out[s], int32(k)
	}
	n := len(out)
	m.out = out
	m.edgeStart = make([]int32, n+1)
	m.edgeByte, m.edgeTo = make([]byte, 0, len(edges)), make([]int32, 0, len(edges))
	for s := range n {
		from := len(m.edgeByte)
		for e := first[s]; e >= 0; e = edges[e].next {
			m.edgeByte, m.edgeTo = append(m.edgeByte, edges[e].b), append(m.edgeTo, edges[e].to)
		}
		// In order of their bytes (insertion sort: a state has few edges, the root's are 256 at most).
		for i := from + 1; i < len(m.edgeByte); i++ {
			for j := i; j > from && m.edgeByte[j-1] > m.edgeByte[j]; j-- {
				m.edgeByte[j-1], m.edgeByte[j] = m.edgeByte[j], m.edgeByte[j-1]
				m.edgeTo[j-1], m.edgeTo[j] = m.edgeTo[j], m.edgeTo[j-1]
			}
		}
		m.edgeStart[s+1] = int32(len(m.edgeByte))
	}
	// Failure links, breadth first: a state's is found from its parent's.
	m.fail, m.hit, m.dict = make([]int32, n), make([]int32, n), make([]int32, n)
	queue := make([]int32, 0, n)
	queue = append(queue, m.edgeTo[m.edgeStart[0]:m.edgeStart[1]]...)
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		f := m.fail[s]
		if m.out[f] >= 0 {
			m.dict[s] = f
		} else {
			m.dict[s] = m.dict[f]
		}
		m.hit[s] = m.dict[s]
		if m.out[s] >= 0 {
			m.hit[s] = s
		}
		for e := m.edgeStart[s]; e < m.edgeStart[s+1]; e++ {
			t := m.edgeTo[e]
			if s == 0 {
				m.fail[t] = 0
			} else {
				m.fail[t] = m.next(f, m.edgeByte[e])
			}
			queue = append(queue, t)
		}
	}
	return m
}

// next is the state after reading b in state s.
func (m *multiMatcher) next(s int32, b byte) int32 {
	for s != 0 {
		if m.steps != nil {
			*m.steps++
		}
		lo, hi := m.edgeStart[s], m.edgeStart[s+1]
		for lo < hi { // binary search of the edges, in order
			mid := int32(uint32(lo+hi) >> 1)
			if m.edgeByte[mid] < b {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		if lo < m.edgeStart[s+1] && m.edgeByte[lo] == b {
			return m.edgeTo[lo]
		}
		s = m.fail[s]
	}
	return m.root[b]
}

// ends appends to ends the needles that end in state s (each once), and returns it.
func (m *multiMatcher) ends(s int32, ends []int) []int {
	for t := m.hit[s]; t != 0; t = m.dict[t] {
		for k := m.out[t]; k >= 0; k = m.same[k] {
			ends = append(ends, int(k))
		}
	}
	return ends
}
