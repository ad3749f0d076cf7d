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

// A year after a password's name that a word of a policy follows (password 2024 policy) is
// prose, no password of digits; four digits with a verb after them, or alone, are still masked.
func TestR55MaskingYearBeforePolicyIsProse(t *testing.T) {
	m := Masked
	r52MaskingKept(t,
		"password 2024 policy",
		"password 1999 rules",
		"updated the password 2025 requirements for staff",
		"password reset",
		"password expired",
		"password policy",
	)
	r52MaskingWant(t, map[string]string{
		"password 2024":                  "password " + m,
		"the password 2024 was rejected": "the password " + m + " was rejected",
		"password 1234 policy":           "password " + m + " policy",
		"password 20245 policy":          "password " + m + " policy",
	})
}

// A password that is an English word people choose (password summer, password butterfly:
// commonPasswords), or a capitalised word after a name that is not (password Dragon,
// PG_PASSWORD Tigerlily), is masked; prose stays (Password Required, password Expired,
// password Manager, password testing).
func TestR55MaskingEnglishWordOrCapitalisedPassword(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"password Summer":                  "password " + m,
		"password Dragon":                  "password " + m,
		"password summer":                  "password " + m,
		"password butterfly":               "password " + m,
		"login failed: password Sunshine":  "login failed: password " + m,
		"PG_PASSWORD Tigerlily":            "PG_PASSWORD " + m,
		"use password Monkey for the demo": "use password " + m + " for the demo",
		"Password Summer2024":              "Password " + m,
		"password Tr0ub4dor":               "password " + m,
	})
	r52MaskingKept(t,
		"Password Required",
		"password Required",
		"password Expired",
		"password Manager",
		"password Policy",
		"password testing",
		"password access denied",
		"Password Reset",
		"passwd bob",
	)
}
