package codegen

import (
	"strings"
	"unicode"
)

// initialisms are the words Go spells in capitals (from golint's list, plus a few of the API's).
var initialisms = map[string]bool{
	"acl": true, "api": true, "ascii": true, "cdn": true, "cpu": true, "css": true, "dns": true,
	"eof": true, "guid": true, "html": true, "http": true, "https": true, "id": true, "ip": true,
	"json": true, "lhs": true, "qps": true, "ram": true, "rhs": true, "rpc": true, "sla": true,
	"smtp": true, "sql": true, "ssh": true, "sso": true, "tcp": true, "tls": true, "ttl": true,
	"udp": true, "ui": true, "uid": true, "uuid": true, "uri": true, "url": true, "utf8": true,
	"vm": true, "xml": true, "xmpp": true, "xsrf": true, "xss": true,
}

// GoName turns a wire name (snake_case, kebab-case, dotted or camelCase) into an exported Go
// identifier with Go's initialisms: thread_ids -> ThreadIDs, avatar_url -> AvatarURL,
// __priv_config -> PrivConfig, 2fa -> X2fa.
func GoName(wire string) string {
	parts := strings.FieldsFunc(wire, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
	var b strings.Builder
	for _, p := range parts {
		lower := strings.ToLower(p)
		switch {
		case initialisms[lower]:
			b.WriteString(strings.ToUpper(lower))
		case strings.HasSuffix(lower, "s") && initialisms[lower[:len(lower)-1]]:
			b.WriteString(strings.ToUpper(lower[:len(lower)-1]) + "s")
		default:
			b.WriteString(strings.ToUpper(p[:1]) + p[1:])
		}
	}
	s := b.String()
	if s == "" || !unicode.IsLetter(rune(s[0])) {
		s = "X" + s
	}
	return s
}
