package client

import (
	"math/bits"
	"slices"
)

// multiMatcher looks for many needles at once in a stream of bytes: an Aho–Corasick automaton
// (the trie of the needles, each state's failure link to the longest proper suffix of what it
// has read that begins a needle, and a link to the nearest such suffix where one ends). A text
// is read in one pass whose work is linear in its length whatever the number of needles: a
// byte moves down the trie at most one state, and each failure link followed moves up at
// least one, so they are at most as many as the bytes. It is built once; the state (one
// number: 0, the root, when no needle is begun) is kept by whoever reads a text with it.
//
// A state keeps about 6 bytes (a remembered value is some 30 states a byte of it, its
// spellings': 25 bytes a state kept ~1 KB a value byte). The needles' states are numbered as
// they are made, so most states' only child is the next state: the byte that enters each state
// (label) and a bit (chained) say so; a state's other children are listed apart (more; the
// root's in root), and so are the few states where a needle ends or a failure state where one
// does (outs, dicts).
type multiMatcher struct {
	needles []string
	root    [256]int32 // the state after reading b from the root (0: none begins with b)
	label   []byte     // the byte that enters state s from its parent
	flags   []uint8    // chained, hasMore, ends, hasDict
	fail    []int32    // the state of the longest proper suffix of s that is in the trie
	// The edges of states below the root other than s→s+1, by state and byte: the r-th state
	// with any (moreBits, counted by moreRank: r is found in constant time) has
	// moreByte[moreStart[r]:moreStart[r+1]] and moreTo.
	moreBits  []uint64
	moreRank  []int32 // moreRank[w]: the bits set in moreBits[:w]
	moreStart []int32
	moreByte  []byte
	moreTo    []int32
	outs      []stateTo // the first needle that ends at s, by s; same[k], the next one
	dicts     []stateTo // the nearest proper failure state of s where a needle ends, by s
	same      []int32
	steps     *int // counts the states next looks at (a test's; nil)
}

const (
	chained uint8 = 1 << iota // s+1 is s's child
	hasMore                   // s has children in more
	endsAt                    // a needle ends at s (in outs)
	hasDict                   // s has a failure state where a needle ends (in dicts)
)

type stateTo struct{ s, to int32 }

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
	// trie is not copied on each growth.
	total := 0
	for _, v := range needles {
		total += len(v)
	}
	edges := make([]edge, 0, total)
	first := append(make([]int32, 0, total+1), -1)
	out := append(make([]int32, 0, total+1), -1)
	m.label = append(make([]byte, 0, total+1), 0)
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
				out, first, m.label = append(out, -1), append(first, -1), append(m.label, v[i])
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
	m.label = slices.Clip(m.label)
	m.flags = make([]uint8, n)
	nMore, nOut := 0, 0
	for s := 1; s < n; s++ {
		for e := first[s]; e >= 0; e = edges[e].next {
			if edges[e].to == int32(s+1) {
				m.flags[s] |= chained
			} else {
				m.flags[s] |= hasMore
				nMore++
			}
		}
		if out[s] >= 0 {
			m.flags[s] |= endsAt
			nOut++
		}
	}
	m.moreBits, m.moreRank = make([]uint64, (n+63)/64), make([]int32, (n+63)/64)
	m.moreByte, m.moreTo, m.outs = make([]byte, 0, nMore), make([]int32, 0, nMore), make([]stateTo, 0, nOut)
	m.moreStart = make([]int32, 0, nMore+1)
	for s := 1; s < n; s++ {
		if s%64 == 0 {
			m.moreRank[s/64] = int32(len(m.moreStart))
		}
		if m.flags[s]&hasMore != 0 {
			m.moreBits[s/64] |= 1 << (s % 64)
			m.moreStart = append(m.moreStart, int32(len(m.moreByte)))
			from := len(m.moreByte)
			for e := first[s]; e >= 0; e = edges[e].next {
				if edges[e].to != int32(s+1) {
					m.moreByte, m.moreTo = append(m.moreByte, edges[e].b), append(m.moreTo, edges[e].to)
				}
			}
			// In order of their bytes (insertion sort: a state has few edges).
			for i := from + 1; i < len(m.moreByte); i++ {
				for j := i; j > from && m.moreByte[j-1] > m.moreByte[j]; j-- {
					m.moreByte[j-1], m.moreByte[j] = m.moreByte[j], m.moreByte[j-1]
					m.moreTo[j-1], m.moreTo[j] = m.moreTo[j], m.moreTo[j-1]
				}
			}
		}
		if out[s] >= 0 {
			m.outs = append(m.outs, stateTo{int32(s), out[s]})
		}
	}
	// Failure links, breadth first: a state's is found from its parent's. dict (the nearest
	// proper failure state where a needle ends, 0: none) is kept where it is not 0.
	m.fail = make([]int32, n)
	dict := out[:n:n] // out is read from outs from here on: its room holds dict
	clear(dict)
	queue := make([]int32, 0, n)
	for b := range 256 {
		if t := m.root[b]; t != 0 {
			queue = append(queue, t)
		}
	}
	nDict := 0
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		f := m.fail[s]
		if m.flags[f]&endsAt != 0 {
			dict[s] = f
		} else {
			dict[s] = dict[f]
		}
		if dict[s] != 0 {
			m.flags[s] |= hasDict
			nDict++
		}
		for e := first[s]; e >= 0; e = edges[e].next {
			t := edges[e].to
			m.fail[t] = m.next(f, edges[e].b)
			queue = append(queue, t)
		}
	}
	m.dicts = make([]stateTo, 0, nDict)
	for s := 1; s < n; s++ {
		if dict[s] != 0 {
			m.dicts = append(m.dicts, stateTo{int32(s), dict[s]})
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
		f := m.flags[s]
		if f&chained != 0 && m.label[s+1] == b {
			return s + 1
		}
		if f&hasMore != 0 {
			w := s / 64
			r := m.moreRank[w] + int32(bits.OnesCount64(m.moreBits[w]&(1<<(s%64)-1)))
			lo, end := m.moreStart[r], int32(len(m.moreByte))
			if int(r+1) < len(m.moreStart) {
				end = m.moreStart[r+1]
			}
			for hi := end; lo < hi; { // binary search of the edges, in order
				mid := int32(uint32(lo+hi) >> 1)
				if m.moreByte[mid] < b {
					lo = mid + 1
				} else {
					hi = mid
				}
			}
			if lo < end && m.moreByte[lo] == b {
				return m.moreTo[lo]
			}
		}
		s = m.fail[s]
	}
	return m.root[b]
}

// lookup is the to of s in list (sorted by s; s is in it).
func lookup(list []stateTo, s int32) int32 {
	i, _ := slices.BinarySearchFunc(list, s, func(e stateTo, s int32) int { return int(e.s - s) })
	return list[i].to
}

// ends appends to ends the needles that end in state s (each once), and returns it.
func (m *multiMatcher) ends(s int32, ends []int) []int {
	if s == 0 || m.flags[s]&(endsAt|hasDict) == 0 {
		return ends
	}
	t := s
	if m.flags[s]&endsAt == 0 {
		t = lookup(m.dicts, s)
	}
	for {
		for k := lookup(m.outs, t); k >= 0; k = m.same[k] {
			ends = append(ends, int(k))
		}
		if m.flags[t]&hasDict == 0 {
			break
		}
		t = lookup(m.dicts, t)
	}
	return ends
}

// bytes is about what m keeps (its needles' text aside: the caller's).
func (m *multiMatcher) bytes() int {
	if m == nil {
		return 0
	}
	return 1024 + 6*len(m.fail) + len(m.moreBits)*12 + 9*len(m.moreByte) + 4*len(m.moreStart) + 8*(len(m.outs)+len(m.dicts)) + 4*len(m.same) + 16*len(m.needles)
}
