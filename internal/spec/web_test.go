package spec

import (
	"strings"
	"testing"
)

// TestWebErrors: a bad web: section or http: entry is reported at its line and column with
// what is wrong.
func TestWebErrors(t *testing.T) {
	head := "api: agent\nversion: \"3.6\"\ndoc: d\nconnection: {url: wss://x/v3.6/agent/rtm/ws}\n"
	cases := []struct{ name, src, want string }{
		{"web url scheme", head + "web: {url: wss://x/v3.6/agent}\n", `x.yaml:5:6: web: url: want an http(s) URL without query, got "wss://x/v3.6/agent"`},
		{"author id", head + "web: {url: https://x/a, author_id: cookie}\n", `web: author_id: want header, body or none, got "cookie"`},
		{"payload", head + "web: {url: https://x/a, payload: nested}\n", `web: payload: want plain or wrapped, got "nested"`},
		{"http on an rtm action", head + "actions:\n  - {name: a, doc: d, http: {method: GET}}\n", `action "a": http: only Web API actions`},
		{"method", head + "actions:\n  - {name: a, doc: d, transports: [web], http: {method: PUT}}\n", `action "a": http: method: want POST or GET, got "PUT"`},
		{"auth", head + "actions:\n  - {name: a, doc: d, transports: [web], http: {auth: maybe}}\n", `auth: want required or none, got "maybe"`},
		{"GET object param", head + "actions:\n  - name: a\n    doc: d\n    transports: [web]\n    http: {method: GET}\n    params:\n      - {name: f, type: \"[]string\"}\n", `x.yaml:11:9: action "a": param "f": a GET action's params go in the query string and must be scalars, got []string`},
		{"file outside multipart", head + "actions:\n  - name: a\n    doc: d\n    transports: [web]\n    params:\n      - {name: f, type: file}\n", `action "a": param "f": type file is only for a top-level param of a multipart action`},
		{"multipart without file", head + "actions:\n  - {name: a, doc: d, transports: [web], http: {multipart: true}}\n", `action "a": http: a multipart action needs exactly one param of type file, it has 0`},
		{"file in a type", head + "types:\n  - name: T\n    doc: d\n    fields:\n      - {name: f, type: file}\n", `type "T": field "f": type file is only for params of multipart actions`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v\nwant one containing %s", err, tc.want)
			}
		})
	}
}

// TestWebEndpointDerived: without a web: section, the endpoint comes from the connection.
func TestWebEndpointDerived(t *testing.T) {
	s, err := Parse("x.yaml", []byte("api: customer\nversion: \"3.6\"\ndoc: d\nconnection:\n  url: wss://api.livechatinc.com/v3.6/customer/rtm/ws\n  query:\n    - {name: organization_id, type: string, required: true}\n"))
	if err != nil {
		t.Fatal(err)
	}
	w := s.WebEndpoint()
	if w.URL != "https://api.livechatinc.com/v3.6/customer" || len(w.Query) != 1 || w.Query[0].Name != "organization_id" || w.AuthorID != "none" || w.Payload != "plain" {
		t.Errorf("derived endpoint %+v", w)
	}
}
