package selection

import "testing"

// TestR70SelectionOthersLogIn: in a question about which people ("who else can log into our
// account?", "who all can sign in?") the logging in is what they have, access, as a model reads
// it, not the login the server runs as (whoami's "logged in"); "which account am I logged in as?"
// stays whoami's. Before round 70 "who else can log into our spice account?" ranked whoami first.
func TestR70SelectionOthersLogIn(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "access", map[string]bool{
		"who else can log into our spice account?": true, "who all can sign in to the org?": true,
		"which account am I logged in as?": false, "log in as the admin": false,
	})
	r65QueryHas(t, ix, "login", map[string]bool{
		"who else can log into our spice account?": false, "which account am I logged in as?": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"who else can log into our spice account?":                          {"list_members"},
		"Who else besides me and my nephew can log into our Spice account?": {"list_members"},
		"Apart from the two of us, who can sign in to our Spice org?":       {"list_members"},
		// Held: my own login is who I am.
		"which account am I logged in as right now?": {"whoami"},
		"who am I logged in as?":                     {"whoami"},
	})
}
