package present

import (
	"fmt"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// NotUTF8 notes, once in a result, the answers whose texts were not all UTF-8
// (client.CallNotUTF8): each such byte is shown as U+FFFD, so a name so shown is not the one
// the API holds and cannot be given back to it as is. "" when there are none.
func NotUTF8(answers []client.NotUTF8) string {
	if len(answers) == 0 {
		return ""
	}
	each := make([]string, len(answers))
	for i, a := range answers {
		fields := make([]string, len(a.Fields))
		for j, f := range a.Fields {
			fields[j] = Code(f)
		}
		if a.More > 0 {
			fields = append(fields, fmt.Sprintf("%d more", a.More))
		}
		each[i] = a.Path + " gave " + strings.Join(fields, ", ")
	}
	return oddNote + strings.Join(each, "; ") + " with bytes that are not UTF-8, shown as � (U+FFFD): " +
		"such a text is not exactly the API's, so it may not name the same thing when given back."
}
