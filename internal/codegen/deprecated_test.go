package codegen

import (
	"strings"
	"testing"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// TestDeprecatedItemsGetTheStandardParagraph guards deprecation: an action, param, field,
// type and push the spec marks deprecated is generated with a "Deprecated: <docs quote>"
// paragraph on its method, field, type and push handler, so that linters warn its users.
func TestDeprecatedItemsGetTheStandardParagraph(t *testing.T) {
	s, err := spec.Parse("dep.yaml", []byte(`api: agent
version: "9.8"
doc: Deprecation test.
connection: {url: "wss://example.com/ws"}
types:
  - name: Old
    doc: An old structure.
    deprecated: '"Old was removed in v9.8." (changelog)'
    fields:
      - {name: id, type: string, required: true}
      - {name: legacy, type: string, doc: Legacy id., deprecated: '"legacy is removed." (docs)'}
actions:
  - name: create_customer
    doc: Creates a customer.
    deprecated: '"The Create Customer method was removed." (changelog, v3.6)'
    params:
      - {name: name, type: string}
      - {name: push_notifications, type: bool, deprecated: '"push_notifications was removed." (changelog)'}
    response: []
pushes:
  - name: customer_created
    doc: Informs about a new customer.
    deprecated: '"The customer_created push was replaced." (changelog, v3.3)'
    fields:
      - {name: id, type: string, required: true}
`))
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(s, Options{Package: "v98", ImportPath: "example.com/gen/agent/v98"})
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, f := range files {
		all.Write(f.Data)
	}
	src := all.String()
	for _, want := range []string{
		"//\n// Deprecated: \"The Create Customer method was removed.\" (changelog, v3.6)\nfunc (c *Client) CreateCustomer(",
		"\n\t// Deprecated: \"push_notifications was removed.\" (changelog)\n\tPushNotifications ",
		"//\n\t// Deprecated: \"legacy is removed.\" (docs)\n\tLegacy ",
		"//\n// Deprecated: \"Old was removed in v9.8.\" (changelog)\ntype Old struct",
		"//\n// Deprecated: \"The customer_created push was replaced.\" (changelog, v3.3)\nfunc (c *Client) OnCustomerCreated(",
		"//\n// Deprecated: \"The customer_created push was replaced.\" (changelog, v3.3)\ntype CustomerCreatedPush struct",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("generated code lacks:\n%s", want)
		}
	}
}
