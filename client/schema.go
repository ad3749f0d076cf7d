package client

// The tools' output schemas are reflected from the result types (tools/schema_test.go). A
// client type whose MarshalJSON writes something other than its Go structure describes what it
// writes instead, with a JSONSchema method the reflection uses.

// Schema is the part of JSON Schema such a type needs.
type Schema struct {
	// Types are the JSON types of what MarshalJSON writes; "null" is the zero value, which a
	// field tagged omitzero leaves out instead.
	Types  []string
	Format string
}

// JSONSchema describes what MarshalJSON writes: the time as a string in the API's format
// (RFC 3339, UTC, milliseconds), or null for the zero time.
func (Timestamp) JSONSchema() Schema {
	return Schema{Types: []string{"string", "null"}, Format: "date-time"}
}

// JSONSchema describes what MarshalJSON writes: the name the API sent (a string), the user ID
// it sent (an integer), or null when it sent neither.
func (Actor) JSONSchema() Schema {
	return Schema{Types: []string{"string", "integer", "null"}}
}
