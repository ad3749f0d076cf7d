package present

import (
	"crypto/sha256"
	"sync"
)

// The texts another client stored (an app's description, its tags' keys and values, its
// branch) come back on every list and read of the app, and masking them (storedShown) was
// about a seventh of the server's CPU per list_apps call. Masking is a function of the text
// alone, so a text found to hold no credential is remembered as such and shown at once the
// next time. Only such texts are remembered, never one that holds a credential (that one is
// masked every time), so this memory holds no value a result would mask. It is bounded: past
// maxCleanTexts texts or maxCleanBytes bytes it starts again, empty.
const (
	maxCleanTexts = 4096
	maxCleanBytes = 4 << 20
	maxCleanText  = 64 << 10 // a longer text is remembered by its sum (longShown)
)

// storedClean holds the texts masking leaves as they are: [0] for MaskText, [1] for
// MaskAPIText (prose).
var storedClean struct {
	sync.RWMutex
	sets  [2]map[string]struct{}
	bytes int
}

func proseIndex(prose bool) int {
	if prose {
		return 1
	}
	return 0
}

// knownClean reports whether s was found to hold no credential (rememberClean).
func knownClean(s string, prose bool) bool {
	storedClean.RLock()
	_, ok := storedClean.sets[proseIndex(prose)][s]
	storedClean.RUnlock()
	return ok
}

// rememberClean notes that masking leaves s as it is; past the bounds the sets start again.
func rememberClean(s string, prose bool) {
	if len(s) > maxCleanText {
		return
	}
	storedClean.Lock()
	defer storedClean.Unlock()
	set := &storedClean.sets[proseIndex(prose)]
	if _, had := (*set)[s]; had {
		return
	}
	if len(storedClean.sets[0])+len(storedClean.sets[1]) >= maxCleanTexts || storedClean.bytes+len(s) > maxCleanBytes {
		storedClean.sets, storedClean.bytes = [2]map[string]struct{}{}, 0
	}
	if *set == nil {
		*set = map[string]struct{}{}
	}
	(*set)[s] = struct{}{}
	storedClean.bytes += len(s)
}

// A text over maxCleanText (an app description of 1.4 MB) is remembered clean by its SHA-256
// sum, not its bytes: masking it costs a tenth of a second or more on every get_app, hashing it
// about a millisecond. A sum stands for one text (a collision is out of reach, even for one who
// writes the texts), so what it lets through unmasked is a text masking left as it is.
const maxLongClean = 64 // sums; past it the sets start again

var longClean struct {
	sync.Mutex
	sets [2]map[[sha256.Size]byte]struct{}
}

// longCleanKey is s's SHA-256 sum, read in pieces (no copy of a long text).
func longCleanKey(s string) (sum [sha256.Size]byte) {
	h := sha256.New()
	var buf [16 << 10]byte
	for len(s) > 0 {
		n := copy(buf[:], s)
		h.Write(buf[:n])
		s = s[n:]
	}
	h.Sum(sum[:0])
	return sum
}

// longShown is storedShown for a text over maxCleanText.
func longShown(s string, prose bool) string {
	key := longCleanKey(s)
	longClean.Lock()
	_, ok := longClean.sets[proseIndex(prose)][key]
	longClean.Unlock()
	if ok {
		return s
	}
	masked := mask(s, prose)
	if masked != s {
		return masked + maskedWhy
	}
	longClean.Lock()
	defer longClean.Unlock()
	set := &longClean.sets[proseIndex(prose)]
	if len(longClean.sets[0])+len(longClean.sets[1]) >= maxLongClean {
		longClean.sets = [2]map[[sha256.Size]byte]struct{}{}
	}
	if *set == nil {
		*set = map[[sha256.Size]byte]struct{}{}
	}
	(*set)[key] = struct{}{}
	return s
}
