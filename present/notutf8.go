package present

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// NotUTF8 notes, once in a result, the answers whose texts were not all UTF-8
// (client.CallNotUTF8): each such byte is shown as U+FFFD, so a name so shown is not the one
// the API holds and cannot be given back to it as is. "" when there are none.
func NotUTF8(answers []client.NotUTF8) string { return NotUTF8Words(answers).Markdown }

// NotUTF8Words is NotUTF8's note in both renderings: Plain, for a human page (an approval's
// further facts), quotes the fields where Markdown shows them as code. Zero when there are none.
func NotUTF8Words(answers []client.NotUTF8) Words {
	if len(answers) == 0 {
		return Words{}
	}
	md, plain := make([]string, len(answers)), make([]string, len(answers))
	for i, a := range answers {
		var mdFields, plainFields []string
		for _, f := range a.Fields {
			mdFields, plainFields = append(mdFields, Code(f)), append(plainFields, strconv.Quote(f))
		}
		if a.More > 0 {
			more := fmt.Sprintf("%d more", a.More)
			mdFields, plainFields = append(mdFields, more), append(plainFields, more)
		}
		md[i] = a.Path + " gave " + strings.Join(mdFields, ", ")
		plain[i] = a.Path + " gave " + strings.Join(plainFields, ", ")
	}
	const rest = " with bytes that are not UTF-8, shown as � (U+FFFD): " +
		"such a text is not exactly the API's, so it may not name the same thing when given back."
	return Words{oddNote + strings.Join(md, "; ") + rest, oddNote + strings.Join(plain, "; ") + rest}
}
