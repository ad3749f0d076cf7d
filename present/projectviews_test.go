package present

import (
	"strings"
	"testing"
)

// TestMaskLogLinesHidesCredentials: values of credential-looking keys, bearer tokens and URL
// passwords are masked; the rest of the line, and lines without credentials, stay as they are;
// control characters cannot split a line.
func TestMaskLogLinesHidesCredentials(t *testing.T) {
	in := []string{
		`ERROR dataset orders: connect failed: pg_password=hunter2 host=db.internal`,
		`INFO header Authorization: Bearer eyJhbGciOi.abc.def`,
		`WARN fetching https://reports:s3cret@files.example.com/docs.csv`,
		`DEBUG api_key: "sk-live-123", secret_token='t0k'`,
		"INFO runtime ready\r\n# injected heading",
		`INFO Dataset taxi_trips registered (s3://spiceai-demo-datasets/taxi_trips/2024/)`,
	}
	out := MaskLogLines(in)
	for _, leaked := range []string{"hunter2", "eyJhbGciOi", "s3cret", "sk-live-123", "t0k"} {
		if strings.Contains(strings.Join(out, "\n"), leaked) {
			t.Errorf("%q leaked: %q", leaked, out)
		}
	}
	for i, want := range []string{"host=db.internal", "Authorization: Bearer " + Masked, "https://reports:" + Masked + "@files.example.com", "api_key: " + Masked} {
		if !strings.Contains(out[i], want) {
			t.Errorf("line %d = %q, want it to contain %q", i, out[i], want)
		}
	}
	if strings.Contains(out[4], "\n") || out[5] != in[5] {
		t.Errorf("inert lines: %q", out[4:])
	}
}
