package present

// An app's URL is made from its name (client.AppURL), and only from a name an app can have: for
// any other name the API answers (text that would make a link to another host) there is none,
// and these words stand in its place.

// noAppURL says why an app has no URL shown.
const noAppURL = "no URL: its name is not one an app can have"

// appAddress is an app's URL where a text says what serves, or "its address" without one.
func appAddress(url string) string {
	if url == "" {
		return "its address"
	}
	return url
}

// urlCell is an app's URL as a table cell (plain text), or noAppURL without one.
func urlCell(url string) string {
	if url == "" {
		return noAppURL
	}
	return url
}

// urlShown is an app's URL as a headline or table shows it, or noAppURL without one.
func urlShown(url string) string {
	if url == "" {
		return noAppURL
	}
	return Inline(url)
}
