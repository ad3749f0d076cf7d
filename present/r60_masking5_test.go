package present

import (
	"strings"
	"testing"
)

// A YAML log entry whose key has an empty value before the next line's pair
// (password:⏎user: bob) showed password: ******** bob: MaskLogLines writes the entry on one
// line, password: user: bob, and masking that again took the next key for the value. A key,
// ":" and a blank, then a name glued to ":" and a blank, is YAML's next pair: the value is
// empty. A value after it, a name alone at the line's end and a value that merely ends in ":"
// after a word of its own are still masked.
func TestR60Masking5EmptyYAMLValueBeforeNextPair(t *testing.T) {
	m := Masked
	for _, in := range []string{"password:\nuser: bob", "password:\r\nuser: bob", "DB_PASSWORD:\nDB_USER: bob", "password: \nuser: bob"} {
		if got := MaskLogLines([]string{in})[0]; got != oneLine(in) {
			t.Errorf("MaskLogLines(%q) = %q, want %q", in, got, oneLine(in))
		}
	}
	if in, got := "db:\n  password:\n  user: bob", MaskLogLines([]string{"db:\n  password:\n  user: bob"})[0]; got != "db:  password:  user: bob" {
		t.Errorf("MaskLogLines(%q) = %q, want it kept", in, got)
	}
	r52MaskingKept(t,
		"password: user: bob",
		"password: host: db port: 5432",
		"DB_PASSWORD: DB_USER: bob",
		"pAss:\u1680A:\u00a00", // FuzzMaskInvisible 39961e75128e9006: Unicode spaces read as spaces
	)
	r52MaskingWant(t, map[string]string{
		"password: user: bob token: S3cretTk": "password: user: bob token: " + m,
		"password: hunter2: x":                "password: " + m,
		"password: S3cret Pw: x":              "password: " + m + " Pw: x",
	})
}

// A single unindented YAML line whose value's second word is lower case (password: S3cret
// pw) showed that word: round 59 read it as prose after the value. In a log a leak is worse
// than an over-mask: the value runs to the line's end unless the word after its first is
// prose (valueProse, a participle: started, expired, failing), and MaskAPIText keeps an
// error's prose (Invalid password: signature verification failed, password: must be …).
func TestR60Masking5YAMLLineLowerCaseSecondWord(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"password: S3cret pw":                "password: " + m,
		"password: s3cret pw":                "password: " + m,
		"api_key: c0rrect horse battery":     "api_key: " + m,
		"DB_PASSWORD: S3cret pw  # prod":     "DB_PASSWORD: " + m + "  # prod",
		"session: abc123 started":            "session: " + m + " started",
		"password: hunter2 rejected":         "password: " + m + " rejected",
		"token: abc123 expired at 10:00":     "token: " + m + " expired at 10:00",
		"password: P4SSW0RD_2024 is invalid": "password: " + m + " is invalid",
		"token: a1b2 failing over":           "token: " + m + " failing over",
	})
	for in, want := range map[string]string{
		"Invalid password: signature verification failed": "Invalid password: signature verification failed",
		"password: must be at least 8 characters":         "password: must be at least 8 characters",
		"password: S3cret pw":                             "password: " + m,
	} {
		if got := MaskAPIText(in); got != want {
			t.Errorf("MaskAPIText(%q) = %q, want %q", in, got, want)
		}
	}
}

// An Azure SAS token as a credential-named key's value (sas_token: sv=…&sig=…, an account's
// SharedAccessSignature=sv=…) showed ******** for the service version sv=: the key's value
// was read as one value up to the "&". A SAS's sv, ss, srt, sp, se, st, spr and sr are a
// version, services, resource types, permissions, times, protocols and a resource: no secret;
// its sig is masked as in a URL. A value after such a key that is no SAS is masked whole.
func TestR60Masking5SASTokenShowsItsParams(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"sas_token: sv=2022-11-02&ss=b&sig=abcDEF123xyz":                                  "sas_token: sv=2022-11-02&ss=b&sig=" + m,
		"azure_sas_token: ?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-31&sig=abcDEF123%2B":  "azure_sas_token: ?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-31&sig=" + m,
		"AZURE_STORAGE_SAS_TOKEN=sv=2022-11-02&sr=b&sig=abcDEF123xyz":                     "AZURE_STORAGE_SAS_TOKEN=sv=2022-11-02&sr=b&sig=" + m,
		"SharedAccessSignature=sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-31&sig=abcDEF123": "SharedAccessSignature=sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-31&sig=" + m,
		"sas_token: sv=2022-11-02&ss=b":                                                   "sas_token: " + m, // no sig: no SAS; after ":" its "&" is the value's (round 64)
		"sas_token: S3cretSas":                                                            "sas_token: " + m,
	})
}

// TestR60Masking5UnicodeSpaceBeforeNextPairAfterEquals: a Unicode space between "=" and the next
// pair reads as a space does (the fuzz sweep's pAss=\u202fA=0 masked A=0; pAss= A=0 kept it):
// the value is empty in both, as after ":" since round 60.
func TestR60Masking5UnicodeSpaceBeforeNextPairAfterEquals(t *testing.T) {
	for _, sp := range []string{" ", "\u202f", "\u00a0", "\u2002", "\u3000"} {
		in := "pAss=" + sp + "A=0"
		if got := MaskAPIText(in); got != in {
			t.Errorf("MaskAPIText(%q) = %q, want it kept (an empty value, then the next pair)", in, got)
		}
		in = "password=" + sp + "s3cretvalue"
		if got := MaskAPIText(in); strings.Contains(got, "s3cretvalue") {
			t.Errorf("MaskAPIText(%q) = %q, want the value masked", in, got)
		}
	}
}
