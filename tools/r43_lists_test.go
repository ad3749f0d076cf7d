package tools

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
)

// TestR43ListsKeySlackHolds: keySlack weighs a field name of the structured content of the
// lists that take no offset at 3 bytes a token (with its quotes and colon); each costs no more
// than that in o200k where it stands, after a value and before one.
func TestR43ListsKeySlackHolds(t *testing.T) {
	for _, v := range []any{clusterList{}, regionList{}, instanceList{}} {
		for name := range jsonNames(reflect.TypeOf(v)) {
			with, without := fmt.Sprintf(`{"x":"ab","%s":"cd"}`, name), `{"x":"ab","":"cd"}`
			if cost, size := tokens.Count(with)-tokens.Count(without), len(name)+len(`"":`); cost*3 > size {
				t.Errorf("%T: the key %q costs %d tokens, more than keySlack allows (%d bytes at 3 a token)", v, name, cost, size)
			}
		}
	}
}
