package present_test

import (
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR41PlistKeyThenValueIsMasked: an Apple property list writes a setting as a <key>
// element and the element after it (<key>password</key>⏎<string>hunter22</string>); the
// masker read <key> as no credential's element and showed the value (round 41, item 2).
func TestR41PlistKeyThenValueIsMasked(t *testing.T) {
	m := present.Masked
	r41Check(t, []struct{ in, want string }{
		{"<key>password</key>\n<string>R41unter22</string>", "<key>password</key>\n<string>" + m + "</string>"},
		{"<key>api_key</key><string>R41abcDEF</string>", "<key>api_key</key><string>" + m + "</string>"},
		{"\t<key>API_KEY</key>\n\t<string>AIzR41xyz</string>\n\t<key>GCM_SENDER_ID</key>\n\t<string>1234</string>",
			"\t<key>API_KEY</key>\n\t<string>" + m + "</string>\n\t<key>GCM_SENDER_ID</key>\n\t<string>1234</string>"},
		{"<key>ClientSecret</key> <data>R41c2VjcmV0</data>", "<key>ClientSecret</key> <data>" + m + "</data>"},
		{"&lt;key&gt;password&lt;/key&gt;&lt;string&gt;R41unter22&lt;/string&gt;", "&lt;key&gt;password&lt;/key&gt;&lt;string&gt;" + m + "&lt;/string&gt;"},
		{"<key>password</key><string><![CDATA[R41<x>]]></string>", "<key>password</key><string><![CDATA[" + m + "]]></string>"},
		// What names no credential stays, and so does a value of none.
		{"<key>CFBundleName</key><string>R4Lapp</string>", "<key>CFBundleName</key><string>R4Lapp</string>"},
		{"<key>password</key><true/>", "<key>password</key><true/>"},
		{"<key>password</key><string></string>", "<key>password</key><string></string>"},
		{"<key>password</key><dict><key>user</key><string>bob</string></dict>", "<key>password</key><dict><key>user</key><string>bob</string></dict>"},
		{"replace <token> with your token; <key>region</key>", "replace <token> with your token; <key>region</key>"},
	}, true)
}
