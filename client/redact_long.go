package client

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"html"
	"net/url"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Long values. What redact looks for costs 150 to 350 bytes a byte of a value (every spelling
// of it in an automaton; a kilobyte before the automaton's states were cut to 6 bytes: a 1 MiB
// secret cost 2.8 GB allocated and 1.1 GB kept, a caller's 64 remembered values of 4 KiB 268
// MB), so a value longer than maxWholeValue (its two ends: shorter, its ends would be the
// whole) is looked for in two ways instead, each costing a small multiple of its length, and
// at most 2*longPiece of those bytes a byte:
//   - its first and last longPiece bytes are values of their own, looked for in every spelling
//     a shorter value is (an echo of the whole value, however spelled, loses its ends);
//   - its spellings that common encoders write (as sent, JSON-escaped as redactionForms lists,
//     base64 at each alignment, hex, percent- and HTML-escaped, its characters reversed, its
//     line breaks spaces; any ASCII case) are cut into blocks of longBlock bytes whose hashes
//     are kept (blockSet); a text is read once with a rolling hash, and each stretch that is a
//     block is redacted, grown over up to longGrowth bytes of those spellings at each end.
//     A text shows no stretch of 2*longBlock bytes of such a spelling: it holds a block.
//
// What a long value loses is its middle in a spelling only reading finds (escapes an encoder
// would not write, mixed with plain characters; another Unicode form; invisible characters).
const (
	maxWholeValue = 2 * longPiece
	longPiece     = 256
	longBlock     = 32
	// longGrowth is how far a found block grows at each end: the rest of a piece that begins or
	// ends inside a block, and the up to 3 base64 characters that hold bits of the value and of
	// what is around it.
	longGrowth = longBlock + 2
)

// longValueParts splits sensitive into the values looked for whole (the long ones' first and
// last longPiece bytes among them, cut at characters) and the long ones.
func longValueParts(sensitive []string) (whole, long []string) {
	for _, v := range sensitive {
		if len(v) <= maxWholeValue {
			whole = append(whole, v)
			continue
		}
		long = append(long, v)
		whole = append(whole, longHead(v), longTail(v))
	}
	return whole, long
}

// longHead is v's first longPiece bytes, or fewer: up to a character's start.
func longHead(v string) string {
	n := min(longPiece, len(v))
	for n > 0 && n < len(v) && !utf8.RuneStart(v[n]) {
		n--
	}
	return v[:n]
}

// longTail is v's last longPiece bytes, or fewer: from a character's start.
func longTail(v string) string {
	i := max(0, len(v)-longPiece)
	for i < len(v) && !utf8.RuneStart(v[i]) {
		i++
	}
	return v[i:]
}

// blockSet holds the hashes of the blocks of long values' spellings (sorted), and the bytes
// those spellings hold (a stretch found grows only over them).
type blockSet struct {
	hashes []uint64
	filter [1 << 10]uint64 // bit h>>48 set: a block's hash may begin so (most windows stop here)
	bytes  [256]bool       // bytes a found stretch grows over: those the spellings hold, but delimiters
}

// blockDelimiters end a found stretch's growth though a spelling holds them: a piece echoed
// between words or quotes is redacted, not the words (a value's own space or bracket at a
// piece's end may leave up to longBlock-1 bytes of it shown: never a stretch that holds a block).
const blockDelimiters = " \"'`()[]{}<>,;"

// blockBase is the rolling hash's multiplier (odd). Two windows of the same bytes hash the same,
// so nothing of a value is missed; two different ones that hash the same redact too much.
const blockBase = 0x100000001b3

// blockNorm is a byte as hashed: ASCII letters in lower case (hex, percent escapes and values in
// any case), base64's URL alphabet as its standard one.
var blockNorm = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = byte(c) + 'a' - 'A'
	}
	t['-'], t['_'] = '+', '/'
	return t
}()

// blockPow is blockBase^(longBlock-1).
var blockPow = func() uint64 {
	p := uint64(1)
	for range longBlock - 1 {
		p *= blockBase
	}
	return p
}()

// longSpellings adds to bs the blocks of each spelling of v: those redactionForms lists (only
// the encoders' choices that change v), each one's base64 middle (base64Forms: at each
// alignment; the URL alphabet hashes as the standard one), v's hex, its characters reversed,
// its percent and HTML escapes, and v as shown on one line (normalized). Each is made, read and dropped in turn.
func longSpellings(v string, bs *blockSet) {
	has := func(cut func(rune) bool) bool { return strings.IndexFunc(v, cut) >= 0 }
	hasHTML := strings.ContainsAny(v, "&<>")
	hasWide := has(func(r rune) bool { return r > 0x7e })
	hasSlash := strings.Contains(v, "/")
	hasEscape := hasHTML || hasWide || has(func(r rune) bool {
		return r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x2028 || r == 0x2029
	})
	var src, dst []byte
	spellings := []string{v}
	// An encoder's choice that changes nothing in v is not tried.
	choices := func(matters bool) []bool {
		if matters {
			return []bool{false, true}
		}
		return []bool{false}
	}
	for _, html := range choices(hasHTML) {
		for _, ascii := range choices(hasWide) {
			for _, upper := range choices(hasEscape) {
				for _, slash := range choices(hasSlash) {
					spellings = append(spellings[:1], jsonSpelling(v, html, ascii, upper, slash))
					if html || ascii || upper || slash {
						spellings = spellings[1:] // v itself, and without escapes, once
					}
					for _, form := range spellings {
						hashBlocks(bs, form)
						// base64 of the form after k bytes of its group: src[2-k:].
						src = append(append(src[:0], 0, 0), form...)
						for k, skip := range []int{0, 2, 3} {
							in := src[2-k:]
							dst = slices.Grow(dst[:0], base64.RawStdEncoding.EncodedLen(len(in)))[:base64.RawStdEncoding.EncodedLen(len(in))]
							base64.RawStdEncoding.Encode(dst, in)
							hashBlocks(bs, dst[skip:8*len(in)/6])
						}
					}
					spellings = spellings[:1]
				}
			}
		}
	}
	dst = slices.Grow(dst[:0], hex.EncodedLen(len(v)))[:hex.EncodedLen(len(v))]
	hex.Encode(dst, []byte(v))
	hashBlocks(bs, dst)
	r := []rune(v)
	slices.Reverse(r)
	hashBlocks(bs, string(r))
	hashBlocks(bs, url.QueryEscape(v))
	hashBlocks(bs, url.PathEscape(v))
	hashBlocks(bs, html.EscapeString(v))
	hashBlocks(bs, normalized(v)) // as a text is shown: its line breaks spaces
}

// hashBlocks adds to bs the hashes of form's blocks (longBlock bytes from each multiple of it,
// and its last longBlock) and the bytes form holds.
func hashBlocks[T bytesOrString](bs *blockSet, form T) {
	for i := 0; i < len(form); i++ {
		bs.bytes[form[i]] = true
	}
	hash := func(i int) {
		h := uint64(0)
		for j := i; j < i+longBlock; j++ {
			h = h*blockBase + uint64(blockNorm[form[j]])
		}
		bs.hashes = append(bs.hashes, h)
	}
	for i := 0; i+longBlock <= len(form); i += longBlock {
		hash(i)
	}
	if len(form)%longBlock != 0 && len(form) > longBlock {
		hash(len(form) - longBlock) // its end: a piece that ends where the value does is found to its end
	}
}

// blockSets are the blockSets of a set of long values, one each: a caller's values share
// longBlockCache's, none copied.
type blockSets []*blockSet

// newBlockSets are the blockSets of the long values (nil without any).
func newBlockSets(long []string) blockSets {
	var sets blockSets
	for _, v := range long {
		sets = append(sets, longBlocks(v))
	}
	return sets
}

// sorted sorts and deduplicates bs's hashes and sets its filter.
func (bs *blockSet) sorted() {
	slices.Sort(bs.hashes)
	bs.hashes = slices.Clone(slices.Compact(bs.hashes)) // no spare capacity kept
	for _, h := range bs.hashes {
		bs.filter[h>>54] |= 1 << (h >> 48 & 63)
	}
}

// longBlockCache keeps the blocks of the long values made lately, by their SHA-256, up to
// longCacheBytes of hashes: a call's requests, and each later call of a caller that sent one,
// redact it without making its spellings again.
var longBlockCache struct {
	sync.Mutex
	byValue map[[32]byte]*blockSet
	order   [][32]byte
	bytes   int
}

const longCacheBytes = 32 << 20

// longBlockBuilds counts the long values whose blocks were made (not found in longBlockCache).
var longBlockBuilds int

// longBlocks is the blockSet of v alone (its hashes sorted, deduplicated).
func longBlocks(v string) *blockSet {
	var key [32]byte
	sum, buf := sha256.New(), make([]byte, 0, 4<<10)
	for i := 0; i < len(v); i += cap(buf) {
		sum.Write(append(buf[:0], v[i:min(i+cap(buf), len(v))]...))
	}
	sum.Sum(key[:0])
	c := &longBlockCache
	c.Lock()
	if bs, ok := c.byValue[key]; ok {
		c.Unlock()
		return bs
	}
	c.Unlock()
	bs := &blockSet{}
	longSpellings(v, bs)
	bs.bytes['='] = true // base64's padding
	for _, c := range []byte(blockDelimiters) {
		bs.bytes[c] = false
	}
	bs.sorted()
	c.Lock()
	defer c.Unlock()
	longBlockBuilds++
	if c.byValue == nil {
		c.byValue = map[[32]byte]*blockSet{}
	}
	if _, ok := c.byValue[key]; !ok {
		c.byValue[key], c.order = bs, append(c.order, key)
		c.bytes += 8 * len(bs.hashes)
		for c.bytes > longCacheBytes && len(c.order) > 1 {
			c.bytes -= 8 * len(c.byValue[c.order[0]].hashes)
			delete(c.byValue, c.order[0])
			c.order = c.order[1:]
		}
	}
	return bs
}

// spans are the stretches of s that hold a block of one of the sets, each grown by up to
// longGrowth bytes at either end over bytes its spellings hold (a piece of a spelling that
// begins or ends inside a block), to whole characters.
func (sets blockSets) spans(s string) []textSpan {
	if len(sets) == 0 || len(s) < longBlock {
		return nil
	}
	var spans []textSpan
	h := uint64(0)
	for i := 0; i < len(s); i++ {
		if i >= longBlock {
			h -= uint64(blockNorm[s[i-longBlock]]) * blockPow
		}
		h = h*blockBase + uint64(blockNorm[s[i]])
		if i < longBlock-1 {
			continue
		}
		for _, bs := range sets {
			if bs.filter[h>>54]&(1<<(h>>48&63)) == 0 {
				continue
			}
			if _, ok := slices.BinarySearch(bs.hashes, h); !ok {
				continue
			}
			start, end := i+1-longBlock, i+1
			for k := 0; k < longGrowth && start > 0 && bs.bytes[s[start-1]]; k++ {
				start--
			}
			for k := 0; k < longGrowth && end < len(s) && bs.bytes[s[end]]; k++ {
				end++
			}
			for start > 0 && !utf8.RuneStart(s[start]) {
				start--
			}
			for end < len(s) && !utf8.RuneStart(s[end]) {
				end++
			}
			spans = append(spans, textSpan{start, end})
		}
	}
	return spans
}
