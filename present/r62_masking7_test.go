package present

import (
	"strings"
	"testing"
)

// r62Masking7PodShows masks a spicepod holding each key with its value (at the top and in a
// dataset's metadata; params are masked by place, whatever their names) and reports, per
// place, the value it shows.
func r62Masking7PodShows(key, value string) map[string]any {
	pod := MaskSpicepod(map[string]any{
		key:        value,
		"datasets": []any{map[string]any{"from": "s3://b/x", "name": "x", "metadata": map[string]any{key: value}}},
	})
	return map[string]any{
		"top":      pod[key],
		"metadata": pod["datasets"].([]any)[0].(map[string]any)["metadata"].(map[string]any)[key],
	}
}

// r62Masking7Words checks every masker and the spicepod show each ordinary key's value and
// mask each credential key's.
func r62Masking7Words(t *testing.T, shown, masked []string) {
	t.Helper()
	for _, key := range shown {
		r52MaskingKept(t, key+": north", key+"=north", `"`+key+`": "north"`)
		for place, got := range r62Masking7PodShows(key, "north") {
			if got != "north" {
				t.Errorf("MaskSpicepod: %s %q shows %q, want north", place, key, got)
			}
		}
	}
	for _, key := range masked {
		r51MaskingHidden(t, []struct{ line, secret string }{
			{key + ": Hunter2xyz", "Hunter2xyz"}, {key + "=Hunter2xyz", "Hunter2xyz"}, {`"` + key + `": "Hunter2xyz"`, "Hunter2xyz"},
		})
		for place, got := range r62Masking7PodShows(key, "Hunter2xyz") {
			if got != Masked {
				t.Errorf("MaskSpicepod: %s %q shows %q, want it masked", place, key, got)
			}
		}
	}
}

// "pass" anywhere in a name marked it a credential's, so compass: north, bypass: true and
// passenger: Bob read compass: ******** in text, log lines and spicepods. A word of English that
// holds it (ordinaryWords) is ordinary as a whole segment of the name; every name a password
// goes by, and one joining such a word to pass, is still masked.
func TestR62Masking7PassWordsShowTheirValue(t *testing.T) {
	r62Masking7Words(t,
		[]string{"compass", "bypass", "passenger", "passive", "passage", "surpass", "passthrough", "bypass_cache",
			"bypassCache", "BYPASS", "Passenger", "cache.bypass", "x-bypass", "passenger_count", "compass2", "trespass"},
		[]string{"pass", "db_pass", "dbpass", "mypassword", "PASSWD", "passphrase", "passcode", "passkey", "pass_word",
			"adminPass", "x-pass", "passenger_password", "bypass_password", "bypasspassword", "com_pass", "comPass",
			"by_pass", "pass_through", "compassword", "BypassPass", "passengerPassword", "DBPASS", "pass-enger"})
}

// Item 6: author, tokenizer, secretary, monkey, hotkey read as auth, token, secret and key's
// names. Shown as whole segments; the credential names that hold them are still masked.
func TestR62Masking7PlainWordsShowTheirValue(t *testing.T) {
	r62Masking7Words(t,
		[]string{"author", "authors", "authority", "coauthor", "tokenizer", "tokenizer_name", "secretary", "monkey",
			"hotkey", "hotkeys", "keyboard", "post_author"},
		[]string{"auth", "authorization", "author_token", "oauth", "authkey", "auth_or", "tokenizer_secret",
			"secretary_password", "secret", "tokenize_key", "monkey_key", "hot_key", "apikey", "authority_secret",
			"authtoken", "secretaryKey"})
}

// A name holding anything but ASCII letters, digits and separators is not read as words: its
// "pass" still marks it (a JSON escape spelling compass's letters, a zero-width space).
func TestR62Masking7OddNamesAreNotReadAsWords(t *testing.T) {
	for _, name := range []string{`com\u0070ass`, "com\u200bpass", "comp\u0430ss_pass", "by%70ass"} {
		if _, ok := nameSegments(name); ok {
			t.Errorf("nameSegments(%q) read it as words", name)
		}
	}
	if !credentialName("com\u200bpass", false) || !credentialName(`\u0063ompass_pass`, false) {
		t.Error("a name with an invisible or an escape lost its credential mark")
	}
	if got := MaskText(`{"com\u0070ass": "Hunter2xyz"}`); strings.Contains(got, "Hunter2xyz") {
		t.Errorf("MaskText shows %q", got)
	}
}

// r62Masking7OrdinaryName reports whether key, which the old log masker read as a credential's
// name, holds its credential word only inside ordinaryWords (tokenizer, secretary): MaskLogLines
// shows its value.
func r62Masking7OrdinaryName(key string) bool {
	if credentialName(key, false) {
		return false
	}
	var buf [64]byte
	folded := string(appendFolded(buf[:0], key))
	for w := range ordinaryWords {
		if strings.Contains(folded, w) && ordinaryMark(key, folded, w) {
			return true
		}
	}
	return false
}

// token_url, auth_url, authorization_endpoint named a credential by their token and auth, so
// an OAuth endpoint read token_url: ******** in text, log lines and spicepods. Such a key ending
// in url, uri or endpoint shows a URL alone as its value, masked by the URL rules as every URL
// is (userinfo, ?client_secret=); anything else there is masked whole.
func TestR62Masking7EndpointKeysShowTheirURL(t *testing.T) {
	m := Masked
	shown := map[string]string{
		"token_url":              "https://login.example.com/oauth2/v2.0/token",
		"auth_url":               "https://login.example.com/authorize",
		"authorization_endpoint": "https://login.example.com/oauth2/authorize",
		"token_uri":              "https://oauth2.googleapis.com/token",
		"oauth_token_endpoint":   "https://idp.example.com/oauth/token?audience=spice",
		"secret_store_url":       "vault://secrets/prod",
	}
	for key, url := range shown {
		r52MaskingKept(t, key+": "+url, key+"="+url, `"`+key+`": "`+url+`"`)
		if got := r62Masking7PodShows(key, url)["top"]; got != url {
			t.Errorf("MaskSpicepod: %s %q shows %q", key, url, got)
		}
	}
	r52MaskingWant(t, map[string]string{
		"token_url: https://app:Hunter2xyz@login.example.com/token":                  "token_url: https://" + m + "@login.example.com/token",
		"token_url: https://login.example.com/token?client_secret=Hunter2":           "token_url: https://login.example.com/token?client_secret=" + m,
		"auth_url: https://login.example.com/authorize#access_token=Hun2x":           "auth_url: " + m,
		"token_url: https://login.example.com/x;jsessionid=Hunter2xyz":               "token_url: https://login.example.com/x;jsessionid=" + m,
		"sas_url: https://acct.blob.core.windows.net/c?sv=2024-01-01&sig=Hunter2xyz": "sas_url: https://acct.blob.core.windows.net/c?sv=2024-01-01&sig=" + m,
		"token_url: Hunter2xyz":                                      "token_url: " + m,
		"token_url: https:// Hunter2xyz":                             "token_url: " + m,
		"token_endpoint: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx.x": "token_endpoint: Bearer " + m,
	})
	// A word after the URL is prose, as after password_file's path (valueNamesNoSecret).
	r52MaskingKept(t, "token_url: https://login.example.com/token expired")
	for value, want := range map[string]string{
		"https://app:Hunter2xyz@login.example.com/token":    "https://" + m + "@login.example.com/token",
		"https://login.example.com/token?client_secret=Hu2": "https://login.example.com/token?client_secret=" + m,
		"Hunter2xyz":                         m,
		"https://login.example.com/ Hunter2": m,
	} {
		if got := r62Masking7PodShows("token_url", value)["top"]; got != want {
			t.Errorf("MaskSpicepod: token_url %q shows %q, want %q", value, got, want)
		}
	}
}

// A spicepod masked every string under a credential-named key, where text showed the same
// pair's path, kind or number (password_file: /etc/spice/pw.txt read ******** in get_app and
// as written in a log line). The spicepod now shows what text shows; a value text masks is
// masked in both.
func TestR62Masking7SpicepodShowsWhatTextShows(t *testing.T) {
	for _, kv := range [][2]string{
		{"password_file", "/etc/spice/pw.txt"}, {"private_key_path", "./keys/rsa_key.p8"}, {"snowflake_auth_type", "keypair"},
		{"token_ttl", "3600s"}, {"secret_name", "db-creds"}, {"password_file", "Hunter2xyz"}, {"snowflake_auth_type", "Hunter2xyz!"},
		{"token_ttl", "Hunter2xyz"}, {"password", "/etc/spice/pw.txt"}, {"token_url", "https://login.example.com/token"},
	} {
		text := strings.TrimPrefix(MaskText(kv[0]+": "+kv[1]), kv[0]+": ")
		if got := r62Masking7PodShows(kv[0], kv[1])["top"]; got != text {
			t.Errorf("MaskSpicepod: %s %q shows %q; text shows %q", kv[0], kv[1], got, text)
		}
	}
}

// A quoted Azure SAS value (sas_token: "sv=…&sig=…") was masked whole, its params with it,
// while written unquoted it showed them and masked its sig. Quoted, it reads as unquoted up to
// its closing quote; a sig holding a blank inside the quotes is masked whole, as before.
func TestR62Masking7QuotedSASShowsItsParams(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		`sas_token: "sv=2024-01-01&sig=Hunter2xyz"`:              `sas_token: "sv=2024-01-01&sig=` + m + `"`,
		`sas_token: 'sv=2024-01-01&ss=b&sig=Hunter2xyz'`:         `sas_token: 'sv=2024-01-01&ss=b&sig=` + m + `'`,
		`{"sas_token":"sv=2024-01-01&sig=Hunter2xyz&se=2026"}`:   `{"sas_token":"sv=2024-01-01&sig=` + m + `&se=2026"}`,
		`{"sas_token": "?sv=2024-01-01&sig=Hunter2xyz", "x": 1}`: `{"sas_token": "?sv=2024-01-01&sig=` + m + `", "x": 1}`,
		`AZURE_SAS_TOKEN="sv=2024-01-01&sig=Hunter2xyz"`:         `AZURE_SAS_TOKEN="sv=2024-01-01&sig=` + m + `"`,
		`sas_token: "sv=2024-01-01&sig=Hunter2xyz DEF"`:          `sas_token: "` + m + `"`,
		`sas_token: "sv=2024-01-01&sig=Hunter2xyz' DEF"`:         `sas_token: "` + m + `"`,
		`sas_token: "sv=2024-01-01&ss=b"`:                        `sas_token: "` + m + `"`,
	})
}

// Held: after "=" a blank ends a value, a SAS's sig as every other (password=******** DEF):
// key=value text (logfmt, an .env line, a query) quotes or encodes a value holding a blank,
// so what follows one is the next word. Only a YAML line's value runs on to its end.
func TestR62Masking7SASAfterEqualsEndsAtABlank(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"sas_token=sv=1&sig=abc DEF":        "sas_token=sv=1&sig=" + m + " DEF",
		"password=abc DEF":                  "password=" + m + " DEF",
		"AZURE_SAS=sv=1&ss=b&sig=abc level": "AZURE_SAS=sv=1&ss=b&sig=" + m + " level",
		"sas_token: sv=1&sig=abc DEF":       "sas_token: sv=1&sig=" + m,
	})
}

// A credential's name spelled with a Cyrillic or Greek letter drawn as a Latin one (pаssword
// with U+0430) or in fullwidth letters (ｐａｓｓｗｏｒｄ) read as no name: its value showed in
// text, log lines and spicepods, while pass\u200bword was masked. Every masker reads such a
// letter as the Latin one (confusableLetter); words of other scripts stay as written.
func TestR62Masking7HomoglyphNamesAreMasked(t *testing.T) {
	m := Masked
	for _, key := range []string{"pаssword", "ｐａｓｓｗｏｒｄ", "pass\u200bword", "ΤΟΚΕΝ", "api_kеy", "sеcret", "аuth_token"} {
		r52MaskingWant(t, map[string]string{
			key + ": Hunter2xyz":           key + ": " + m,
			key + "=Hunter2xyz":            key + "=" + m,
			`{"` + key + `":"Hunter2xyz"}`: `{"` + key + `":"` + m + `"}`,
		})
		for place, got := range r62Masking7PodShows(key, "Hunter2xyz") {
			if got != m {
				t.Errorf("MaskSpicepod: %s %q shows %q", place, key, got)
			}
		}
	}
	r52MaskingKept(t, "Москва: столица", "Привет, мир: всё хорошо", "ΑΒΓ: δεζ", "город=Москва", "ｈｅｌｌｏ: ｗｏｒｌｄ")
	for place, got := range r62Masking7PodShows("описание", "Москва") {
		if got != "Москва" {
			t.Errorf("MaskSpicepod: %s shows %q", place, got)
		}
	}
}

// A model's usage counted as tokens_used: 5 or tokens_remaining=900 read tokens_used: ********:
// a key ending in used or remaining says how many, as max_tokens does; a number is shown, any
// other value masked.
func TestR62Masking7TokensUsedShowsItsNumber(t *testing.T) {
	r52MaskingKept(t, "tokens_used: 5", "tokens_remaining=900", `{"tokens_used": 1024}`, "rate_limit_tokens_remaining: 39000")
	r51MaskingHidden(t, []struct{ line, secret string }{
		{"tokens_used: Hunter2xyz", "Hunter2xyz"}, {"token_used=sk-abcdef0123456789", "sk-abcdef0123456789"},
	})
}
