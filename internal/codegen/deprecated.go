package codegen

// withDeprecated appends the standard "Deprecated: " paragraph (which go vet, staticcheck
// and editors recognise) quoting the documents, when there is one.
func withDeprecated(doc, deprecated string) string {
	if deprecated == "" {
		return doc
	}
	if doc == "" {
		return "Deprecated: " + deprecated
	}
	return doc + "\n\nDeprecated: " + deprecated
}
