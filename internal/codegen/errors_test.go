package codegen

import (
	"errors"
	"testing"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// TestGenerateErrors: a spec whose names collide in Go fails with the file:line:col of the
// item and what took the name first, never with code that does not compile.
func TestGenerateErrors(t *testing.T) {
	const head = "api: agent\nversion: \"3.6\"\ndoc: d\nconnection: {url: \"wss://x\"}\n"
	tests := []struct{ name, spec, want string }{
		{"action close", head + "actions:\n  - {name: close, doc: d}\n",
			`x.yaml:6:5: action "close": Go method Client.Close is already taken by the Client itself`},
		{"action conn", head + "actions:\n  - {name: conn, doc: d}\n",
			`x.yaml:6:5: action "conn": Go method Client.Conn is already taken by the Client itself`},
		{"push unhandled_push", head + "pushes:\n  - {name: unhandled_push, doc: d}\n",
			`x.yaml:6:5: push "unhandled_push": Go method Client.OnUnhandledPush is already taken by the Client itself`},
		{"param extra", head + "actions:\n  - name: a\n    doc: d\n    params: [{name: extra, type: int}]\n",
			`x.yaml:8:14: action "a" request: field "extra": Go field ARequest.Extra is already taken by the Extra map of unknown fields`},
		{"param append_json", head + "actions:\n  - name: a\n    doc: d\n    params: [{name: append_json, type: int}]\n",
			`x.yaml:8:14: action "a" request: field "append_json": Go field ARequest.AppendJSON is already taken by the method AppendJSON`},
		{"param validate", head + "actions:\n  - name: a\n    doc: d\n    params: [{name: validate, type: int}]\n",
			`x.yaml:8:14: action "a" request: field "validate": Go field ARequest.Validate is already taken by the method Validate`},
		{"upload form field validate", head + "actions:\n  - name: up\n    doc: d\n    transports: [web]\n    http: {multipart: true}\n    params: [{name: f, type: file, required: true}, {name: validate, type: string}]\n",
			`x.yaml:10:53: action "up" request: form field "validate": Go field UpRequest.Validate is already taken by the method Validate`},
		{"fields equal after conversion", head + "types:\n  - name: T\n    doc: d\n    fields: [{name: thread_id, type: string}, {name: threadID, type: string}]\n",
			`x.yaml:8:47: type "T": field "threadID": Go field T.ThreadID is already taken by field "thread_id"`},
		{"type named Client", head + "types:\n  - {name: Client, doc: d, type: string}\n",
			`x.yaml:6:5: type "Client": Go name Client is already taken by the generated package itself`},
		{"type and request", head + "types:\n  - {name: ARequest, doc: d, fields: [{name: x, type: int}]}\nactions:\n  - name: a\n    doc: d\n    params: [{name: x, type: int}]\n",
			`x.yaml:8:5: action "a" request: Go name ARequest is already taken by type "ARequest"`},
		{"actions equal after conversion", head + "actions:\n  - {name: send_event, doc: d}\n  - {name: send__event, doc: d}\n",
			"x.yaml:7:5: action \"send__event\": Go name ActionSendEvent is already taken by action \"send_event\"\n" +
				"x.yaml:7:5: action \"send__event\": Go method Client.SendEvent is already taken by action \"send_event\""},
		{"enum values equal after conversion", head + "types:\n  - {name: Mode, doc: d, type: string, enum: [a_b, a-b]}\n",
			`x.yaml:6:5: enum value "a-b" of type "Mode": Go name ModeAB is already taken by enum value "a_b" of type "Mode"`},
		{"pagination iterator taken", head + "actions:\n  - name: list_xs\n    doc: d\n    pagination: {items: xs}\n    params: [{name: page_id, type: string}]\n    response: [{name: xs, type: \"[]int\"}, {name: next_page_id, type: string}]\n  - {name: list_xs_all, doc: d}\n",
			`x.yaml:11:5: action "list_xs_all": Go method Client.ListXsAll is already taken by the iterator of action "list_xs"`},
		{"error constants equal", head + "errors:\n  - {type: not_found, message: m}\n  - {type: not__found, message: m}\n",
			`x.yaml:7:5: error "not__found": Go name ErrorTypeNotFound is already taken by error "not_found"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := spec.Parse("x.yaml", []byte(tt.spec))
			if err != nil {
				t.Fatalf("the spec itself does not load: %v", err)
			}
			_, err = Generate(s, Options{Package: "v36", ImportPath: "example.com/v36"})
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			var one *spec.Error
			if !errors.As(err, &one) || one.File != "x.yaml" || one.Pos.Line == 0 {
				t.Errorf("error %v carries no file and line (%#v)", err, one)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}
