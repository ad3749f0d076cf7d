package present

import (
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
	maxCleanText  = 64 << 10 // a longer text is masked every time
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
