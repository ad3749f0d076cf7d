package client

import "time"

// R50NewcomerConnectTimeout is how long a client built without Config.HTTPClient waits to connect.
const R50NewcomerConnectTimeout time.Duration = connectTimeout
