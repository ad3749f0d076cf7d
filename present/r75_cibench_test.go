package present

// r75CiBenchGone is, for the credential-like texts BenchmarkMaskAdversarial masks, what its
// result must no longer hold (a mask stands there instead).
var r75CiBenchGone = map[string]string{
	`"https:∕∕u:p@"`:                "u:p@",
	`"-----BEGIN PRIVATE KEY-----"`: "BEGIN PRIVATE KEY",
	`"password&nbsp;=&nbsp;"`:       "=&nbsp;password",
	`"AKIAABCDEFGHIJKLMNOP\\n"`:     "AKIAABCDEFGHIJKLMNOP",
	`"Bearer a=("`:                  "a=(",
}
