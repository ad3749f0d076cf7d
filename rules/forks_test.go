package rules

import "testing"

// TestSchedulerStateLocation: an s3:// URI with a bucket passes; anything else is refused with
// the rule, and overlap is by whole path segments.
func TestSchedulerStateLocation(t *testing.T) {
	for loc, ok := range map[string]bool{"s3://acme": true, "s3://acme/fork-state/": true,
		"": false, "s3://": false, "s3:///x": false, "gs://acme/x": false, "S3://acme": false, "s3://acme/a b": false, " s3://acme": false} {
		if got := SchedulerStateLocation(loc); (got == "") != ok {
			t.Errorf("%q: %q", loc, got)
		}
	}
	for _, tc := range []struct {
		a, b string
		want bool
	}{{"s3://b/x", "s3://b/x/", true}, {"s3://b/x", "s3://b/x/y", true}, {"s3://b/x/y", "s3://b/x", true},
		{"s3://b/x", "s3://b/xy", false}, {"s3://b", "s3://b/x", true}, {"s3://b/x", "s3://c/x", false}} {
		if got := SchedulerStateOverlaps(tc.a, tc.b); got != tc.want {
			t.Errorf("overlaps(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}
