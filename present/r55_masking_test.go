package present

import "testing"

// A call around a masked pair keeps its ")": the "(" glued to the call's name (f(, get(,
// connect() is the call's, and a value never opened one. A parenthesis after a blank, as in
// MySQL's "(using password: Y7)" or a parenthesised log line, is taken with the value as before.
func TestR55MaskingCallKeepsItsParen(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"f(password=S3cret)":                           "f(password=" + m + ")",
		"f(password=S3cret) failed":                    "f(password=" + m + ") failed",
		`requests.get(url, auth=("bob", "S3cretReq"))`: "requests.get(url, auth=" + m + ")",
		"connect(host=db, password=S3cret(x)y)":        "connect(host=db, password=" + m + ")",
		"psycopg2.connect(user=bob, password=S3cret)":  "psycopg2.connect(user=bob, password=" + m + ")",
		"password=S3cret)":                             "password=" + m,
		"(using password: Y7)":                         "(using password: " + m,
		"registered (file:/y Password:hunter5)":        "registered (file:/y Password:" + m,
	})
}
