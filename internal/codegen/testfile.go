package codegen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// testFile writes the package's generated test: every RTM action is called against rtmtest
// and its wire request and decoded response are checked against the spec's samples; every push
// is emitted and must reach its typed handler; every sample of a type decodes and re-encodes
// without loss.
func (m *model) testFile(f *jen.File, importPath string) {
	pkg := func(name string) *jen.Statement { return jen.Qual(importPath, name) }
	ctxT := jen.Qual("context", "Context")

	// Action cases.
	f.Add(comment("actionCase is one RTM action with the spec's samples of its payloads."))
	f.Type().Id("actionCase").Struct(
		jen.Id("action").String(),
		jen.Id("request").String().Comment("sample request payload, or empty"),
		jen.Id("response").String().Comment("sample response payload, or empty"),
		jen.Id("required").Index().String().Comment("required params, sorted"),
		jen.Id("undeclared").Index().String().Comment("fields of the samples the spec deliberately leaves undeclared"),
		jen.Id("missing").Index().String().Comment("the required params Validate reports in a zero request"),
		jen.Id("valid").String().Comment("a complete request, sent when there is no sample"),
		jen.Id("invalid").String().Comment("a complete request with a param outside its documented values, or empty"),
		jen.Id("call").Func().Params(ctxT, jen.Op("*").Add(pkg("Client")), jen.Index().Byte()).Params(jen.Any(), jen.Any(), jen.Error()),
	)
	f.Line()
	f.Var().Id("actionCases").Op("=").Index().Id("actionCase").ValuesFunc(func(g *jen.Group) {
		for _, a := range m.actions {
			if !a.Spec.RTM() {
				continue
			}
			g.Add(m.actionCase(a, pkg))
		}
	})
	f.Line()
	m.validateCases(f, pkg)

	// Push cases.
	f.Add(comment("pushCase is one push with the spec's sample of its payload."))
	f.Type().Id("pushCase").Struct(
		jen.Id("push").String(),
		jen.Id("example").String(),
		jen.Id("undeclared").Index().String(),
		jen.Id("register").Func().Params(jen.Op("*").Add(pkg("Client")), jen.Chan().Op("<-").Any()).Func().Params(),
	)
	f.Line()
	f.Var().Id("pushCases").Op("=").Index().Id("pushCase").ValuesFunc(func(g *jen.Group) {
		for _, p := range m.pushes {
			argType := jen.Op("*").Add(pkg(p.TypeName()))
			if p.Def != nil {
				argType = pkg(p.TypeName())
			}
			g.Values(jen.Dict{
				jen.Id("push"):       pkg(p.Const),
				jen.Id("example"):    jen.Lit(compactJSON(p.Spec.Example)),
				jen.Id("undeclared"): strList(p.Spec.ExampleUndeclared),
				jen.Id("register"): jen.Func().Params(jen.Id("c").Op("*").Add(pkg("Client")), jen.Id("got").Chan().Op("<-").Any()).Func().Params().Block(
					jen.Return(jen.Id("c").Dot(p.Handler).Call(jen.Func().Params(jen.Id("_").Add(ctxT), jen.Id("p").Add(argType)).Block(
						jen.Id("got").Op("<-").Id("p"),
					))),
				),
			})
		}
	})
	f.Line()

	// Paged actions.
	f.Add(comment("pageCase is a paged action and its iterator."))
	f.Type().Id("pageCase").Struct(
		jen.Id("action").String(),
		jen.Id("items").String().Comment("the response field with the items"),
		jen.Id("first").String().Comment("the first request: a complete one (required params only)"),
		jen.Id("next").Index().String().Comment("the params of a next page's request, sorted"),
		jen.Id("iterate").Func().Params(ctxT.Clone(), jen.Op("*").Add(pkg("Client")), jen.Index().Byte(), jen.Int()).Params(jen.Int(), jen.Error()).Comment("items seen until an error or the stop-th item"),
	)
	f.Line()
	f.Var().Id("pageCases").Op("=").Index().Id("pageCase").ValuesFunc(func(g *jen.Group) {
		for _, a := range m.actions {
			if a.Pages != nil {
				g.Add(m.pageCase(a, pkg))
			}
		}
	})
	f.Line()

	// Value sets.
	f.Add(comment("enumCase is a type with documented values and a struct field of that type."))
	f.Type().Id("enumCase").Struct(
		jen.Id("name").String(),
		jen.Id("field").String().Comment("the struct field decoded into"),
		jen.Id("wire").String(),
		jen.Id("slice").Bool().Comment("the field is a slice of the type"),
		jen.Id("consts").Index().String().Comment("the constants, as strings"),
		jen.Id("values").Index().String().Comment("the documented values, in the same order"),
		jen.Id("decode").Func().Params(jen.Index().Byte()).Params(jen.String(), jen.Any(), jen.Error()),
	)
	f.Line()
	f.Add(m.enumCases(pkg))
	f.Line()

	// Type samples.
	f.Add(comment("sampleCase is a documented sample of a type."))
	f.Type().Id("sampleCase").Struct(
		jen.Id("name").String(),
		jen.Id("example").String(),
		jen.Id("wrappedIn").String().Comment("member of the sample holding the value(s), or empty"),
		jen.Id("undeclared").Index().String(),
		jen.Id("decode").Func().Params(jen.Index().Byte()).Params(jen.Any(), jen.Error()),
	)
	f.Line()
	f.Var().Id("typeSamples").Op("=").Index().Id("sampleCase").ValuesFunc(func(g *jen.Group) {
		for _, t := range m.spec.Types {
			if len(t.Example) == 0 && len(t.Examples) == 0 {
				continue
			}
			var decode jen.Code
			if u := m.union(t.Name); u != nil {
				decode = jen.Func().Params(jen.Id("b").Index().Byte()).Params(jen.Any(), jen.Error()).Block(
					jen.Return(pkg(u.Decode).Call(jen.Id("b"))),
				)
			} else {
				decode = jen.Func().Params(jen.Id("b").Index().Byte()).Params(jen.Any(), jen.Error()).Block(
					jen.Id("v").Op(":=").New(pkg(t.Name)),
					jen.Return(jen.Id("v"), jen.Qual("encoding/json", "Unmarshal").Call(jen.Id("b"), jen.Id("v"))),
				)
			}
			if len(t.Example) > 0 {
				g.Values(jen.Dict{
					jen.Id("name"):       jen.Lit(t.Name),
					jen.Id("example"):    jen.Lit(compactJSON(t.Example)),
					jen.Id("undeclared"): strList(t.ExampleUndeclared),
					jen.Id("decode"):     decode,
				})
			}
			for _, e := range t.Examples {
				d := jen.Dict{
					jen.Id("name"):       jen.Lit(t.Name + "/" + e.Source),
					jen.Id("example"):    jen.Lit(compactJSON(e.JSON)),
					jen.Id("undeclared"): strList(e.Undeclared),
					jen.Id("decode"):     decode,
				}
				if e.WrappedIn != "" {
					d[jen.Id("wrappedIn")] = jen.Lit(e.WrappedIn)
				}
				g.Values(d)
			}
		}
	})
}

// harnessImports are the imports of testHarness, by name.
var harnessImports = map[string]string{
	"context": "context",
	"errors":  "errors",
	"json":    "encoding/json",
	"sort":    "sort",
	"strings": "strings",
	"testing": "testing",
	"time":    "time",
	"cmp":     "github.com/google/go-cmp/cmp",
	"cmpopts": "github.com/google/go-cmp/cmp/cmpopts",
	"rtm":     RTMImport,
	"rtmtest": RTMImport + "/rtmtest",
}

// appendHarness adds the hand-written part of the test to the rendered tables, with its
// imports, and formats the result.
func (m *model) appendHarness(src []byte) ([]byte, error) {
	var imports strings.Builder
	for _, path := range harnessImports {
		fmt.Fprintf(&imports, "\t%q\n", path)
	}
	text := string(src)
	if i := strings.Index(text, "import (\n"); i >= 0 {
		i += len("import (\n")
		text = text[:i] + imports.String() + text[i:]
	} else {
		nl := strings.Index(text, "\npackage ")
		end := nl + 1 + strings.Index(text[nl+1:], "\n")
		text = text[:end+1] + "\nimport (\n" + imports.String() + ")\n" + text[end+1:]
	}
	text += testHarness(m.pkgName, m.dialConfig()) + validateHarness(m.pkgName)
	out, err := format.Source([]byte(text))
	if err != nil {
		return nil, fmt.Errorf("format the generated test: %w", err)
	}
	return out, nil
}

// dialConfig is the Config literal the generated test dials rtmtest with.
func (m *model) dialConfig() string {
	parts := []string{"URL: srv.URL()"}
	for _, q := range m.spec.Connection.Query {
		if !q.Required {
			continue
		}
		val := map[spec.Kind]string{spec.Int: "1", spec.Float: "1", spec.String: `"1"`, spec.Bool: "true"}[q.Type.Kind]
		parts = append(parts, QueryField(q.Name)+": "+val)
	}
	return m.pkgName + ".Config{" + strings.Join(parts, ", ") + "}"
}

func (m *model) actionCase(a *goAction, pkg func(string) *jen.Statement) jen.Code {
	ctxT := jen.Qual("context", "Context")
	required := names(a.Spec.Params, true)
	sort.Strings(required)
	var body []jen.Code
	reqVal := jen.Nil()
	if a.Request != nil {
		body = append(body,
			jen.Id("r").Op(":=").New(pkg(a.Request.Name)),
			jen.If(jen.Id("req").Op("!=").Nil()).Block(
				jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("req"), jen.Id("r")), jen.Err().Op("!=").Nil()).Block(
					jen.Return(jen.Nil(), jen.Nil(), jen.Err()),
				),
			),
		)
		reqVal = jen.Id("r")
	}
	args := []jen.Code{jen.Id("ctx")}
	if a.Request != nil {
		args = append(args, jen.Id("r"))
	}
	if a.ResponseName() != "" {
		body = append(body,
			jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("c").Dot(a.Method).Call(args...),
			jen.Return(reqVal, jen.Id("resp"), jen.Err()),
		)
	} else {
		body = append(body, jen.Return(reqVal, jen.Nil(), jen.Id("c").Dot(a.Method).Call(args...)))
	}
	reqName := "_"
	if a.Request != nil {
		reqName = "req"
	}
	var valid string
	if a.Request != nil {
		valid = m.validRequest(a.Request.Fields)
	}
	return jen.Values(jen.Dict{
		jen.Id("missing"):    strList(m.missingParams(a)),
		jen.Id("valid"):      jen.Lit(valid),
		jen.Id("invalid"):    jen.Lit(m.firstInvalid(a)),
		jen.Id("action"):     pkg(a.Const),
		jen.Id("request"):    jen.Lit(compactJSON(a.Spec.Example.Request)),
		jen.Id("response"):   jen.Lit(compactJSON(a.Spec.Example.Response)),
		jen.Id("required"):   strList(required),
		jen.Id("undeclared"): strList(a.Spec.Example.Undeclared),
		jen.Id("call"):       jen.Func().Params(jen.Id("ctx").Add(ctxT), jen.Id("c").Op("*").Add(pkg("Client")), jen.Id(reqName).Index().Byte()).Params(jen.Any(), jen.Any(), jen.Error()).Block(body...),
	})
}

func (m *model) pageCase(a *goAction, pkg func(string) *jen.Statement) jen.Code {
	p := a.Pages
	next := []string{p.PageID.Wire}
	for _, fl := range a.Request.Fields {
		if fl.Required {
			next = append(next, fl.Wire)
		}
	}
	sort.Strings(next)
	return jen.Values(jen.Dict{
		jen.Id("action"): pkg(a.Const),
		jen.Id("items"):  jen.Lit(p.Items.Wire),
		jen.Id("first"):  jen.Lit(m.validRequest(a.Request.Fields)),
		jen.Id("next"):   strList(next),
		jen.Id("iterate"): jen.Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("c").Op("*").Add(pkg("Client")), jen.Id("b").Index().Byte(), jen.Id("stop").Int()).Params(jen.Id("n").Int(), jen.Err().Error()).Block(
			jen.Id("req").Op(":=").New(pkg(a.Request.Name)),
			jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("b"), jen.Id("req")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Lit(0), jen.Err())),
			jen.For(jen.List(jen.Id("_"), jen.Err()).Op(":=").Range().Id("c").Dot(p.Method).Call(jen.Id("ctx"), jen.Id("req"))).Block(
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("n"), jen.Err())),
				jen.Id("n").Op("++"),
				jen.If(jen.Id("n").Op("==").Id("stop")).Block(jen.Break()),
			),
			jen.Return(jen.Id("n"), jen.Nil()),
		),
	})
}

// compactJSON is a sample as one line of JSON, or "" when there is none.
func compactJSON(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return string(raw) // the loader checked it is valid; keep it as is
	}
	return buf.String()
}

func strList(list []string) jen.Code {
	if len(list) == 0 {
		return jen.Nil()
	}
	items := make([]jen.Code, len(list))
	for i, s := range list {
		items[i] = jen.Lit(s)
	}
	return jen.Index().String().Values(items...)
}

// testHarness is the hand-written part of every generated test, the same for each package.
func testHarness(pkg, dialConfig string) string {
	r := strings.NewReplacer("PKG", pkg, "DIALCONFIG", dialConfig)
	return r.Replace(`
// dial starts an rtmtest server and connects a Client to it; it returns the server's side
// of the connection too.
func dial(t *testing.T) (*rtmtest.Server, *rtmtest.ServerConn, *PKG.Client) {
	t.Helper()
	srv := rtmtest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := PKG.Dial(ctx, DIALCONFIG)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	sc, err := srv.WaitConn(ctx, 1)
	if err != nil {
		t.Fatalf("server side of the connection: %v", err)
	}
	return srv, sc, c
}

// TestActions calls every RTM action against rtmtest: a zero request missing required params
// and a request with a param outside its documented values fail before anything is sent; the
// request on the wire must equal the spec's sample (or, without a sample, the complete request
// of the required params), and the sample response must decode and re-encode without loss.
func TestActions(t *testing.T) {
	srv, _, c := dial(t)
	for _, tc := range actionCases {
		response := tc.response
		if response == "" {
			response = "{}"
		}
		srv.Handle(tc.action, func(context.Context, *rtmtest.Request) (any, error) {
			return json.RawMessage(response), nil
		})
	}
	for _, tc := range actionCases {
		t.Run(tc.action, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			var req []byte
			if tc.request != "" {
				req = []byte(tc.request)
			}
			if len(tc.missing) > 0 {
				_, _, err := tc.call(ctx, c, nil)
				var me *rtm.MissingParamsError
				if !errors.As(err, &me) {
					t.Fatalf("a zero request: got error %v, want an *rtm.MissingParamsError", err)
				}
				want := &rtm.MissingParamsError{Package: "PKG", Action: tc.action, Params: tc.missing}
				if diff := cmp.Diff(want, me); diff != "" {
					t.Errorf("a zero request (-want +got):\n%s", diff)
				}
			}
			if tc.invalid != "" {
				_, _, err := tc.call(ctx, c, []byte(tc.invalid))
				var ie *rtm.InvalidParamError
				if !errors.As(err, &ie) {
					t.Fatalf("%s: got error %v, want an *rtm.InvalidParamError", tc.invalid, err)
				}
			}
			for _, r := range srv.Requests() {
				if r.Action == tc.action {
					t.Fatalf("a request that fails Validate was sent: %s", r.Payload)
				}
			}
			if req == nil && tc.valid != "" {
				req = []byte(tc.valid)
			}
			sentReq, resp, err := tc.call(ctx, c, req)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			sent := lastRequest(t, srv, tc.action)
			if tc.request != "" {
				diffJSON(t, "request on the wire", tc.request, sent.Payload)
			} else {
				var payload map[string]json.RawMessage
				if err := json.Unmarshal(sent.Payload, &payload); err != nil {
					t.Fatalf("request payload %s: %v", sent.Payload, err)
				}
				keys := make([]string, 0, len(payload))
				for k := range payload {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				if diff := cmp.Diff(tc.required, keys, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("a complete request must send exactly the required params (-want +got):\n%s", diff)
				}
				if tc.valid != "" {
					diffJSON(t, "a complete request on the wire", tc.valid, sent.Payload)
				}
			}
			checkUnknown(t, "request", sentReq, tc.undeclared)
			if resp != nil && tc.response != "" {
				roundTrip(t, tc.response, resp)
				checkUnknown(t, "response", resp, tc.undeclared)
			}
		})
	}
}

// TestPages follows every paged action's iterator over three pages served by rtmtest (two
// items, two items, one): all items arrive, each next page is asked for with the previous
// page's next_page_id and the required params only; an error ends the loop after yielding it;
// breaking out and a canceled ctx stop the requests.
func TestPages(t *testing.T) {
	for _, tc := range pageCases {
		t.Run(tc.action, func(t *testing.T) {
			serve := func(srv *rtmtest.Server, failOn string) {
				srv.Handle(tc.action, func(_ context.Context, r *rtmtest.Request) (any, error) {
					var req struct {
						PageID string ` + "`" + `json:"page_id"` + "`" + `
					}
					if err := json.Unmarshal(r.Payload, &req); err != nil {
						return nil, err
					}
					if req.PageID == failOn {
						return nil, &rtmtest.Error{Type: "internal", Message: "page failed"}
					}
					page := map[string]any{tc.items: []any{map[string]any{}, map[string]any{}}}
					switch req.PageID {
					case "":
						page["next_page_id"] = "P2"
					case "P2":
						page["next_page_id"] = "P3"
					case "P3":
						page[tc.items] = []any{map[string]any{}}
					default:
						return nil, &rtmtest.Error{Type: "validation", Message: "unknown page " + req.PageID}
					}
					return page, nil
				})
			}
			requests := func(srv *rtmtest.Server) []rtmtest.Request {
				var out []rtmtest.Request
				for _, r := range srv.Requests() {
					if r.Action == tc.action {
						out = append(out, r)
					}
				}
				return out
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()

			srv, _, c := dial(t)
			serve(srv, "none")
			n, err := tc.iterate(ctx, c, []byte(tc.first), 0)
			if err != nil || n != 5 {
				t.Fatalf("all pages: %d items, error %v; want 5 items, no error", n, err)
			}
			reqs := requests(srv)
			if len(reqs) != 3 {
				t.Fatalf("all pages: %d requests, want 3", len(reqs))
			}
			diffJSON(t, "the first request", tc.first, reqs[0].Payload)
			var second map[string]json.RawMessage
			if err := json.Unmarshal(reqs[1].Payload, &second); err != nil {
				t.Fatal(err)
			}
			keys := make([]string, 0, len(second))
			for k := range second {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if diff := cmp.Diff(tc.next, keys); diff != "" || string(second["page_id"]) != ` + "`" + `"P2"` + "`" + ` {
				t.Errorf("the second request %s: want page_id P2 and the params %v", reqs[1].Payload, tc.next)
			}

			srv, _, c = dial(t)
			serve(srv, "P2")
			n, err = tc.iterate(ctx, c, []byte(tc.first), 0)
			var apiErr *rtm.Error
			if n != 2 || !errors.As(err, &apiErr) || apiErr.Message != "page failed" {
				t.Errorf("failing second page: %d items, error %v; want 2 items, then the page's error", n, err)
			}
			if got := len(requests(srv)); got != 2 {
				t.Errorf("failing second page: %d requests, want 2 (no request after the error)", got)
			}

			srv, _, c = dial(t)
			serve(srv, "none")
			if n, err := tc.iterate(ctx, c, []byte(tc.first), 1); n != 1 || err != nil {
				t.Errorf("break after the first item: %d items, error %v", n, err)
			}
			if got := len(requests(srv)); got != 1 {
				t.Errorf("break after the first item: %d requests, want 1", got)
			}

			canceled, cancelNow := context.WithCancel(ctx)
			cancelNow()
			if n, err := tc.iterate(canceled, c, []byte(tc.first), 0); n != 0 || !errors.Is(err, context.Canceled) {
				t.Errorf("canceled ctx: %d items, error %v; want 0 items and context.Canceled", n, err)
			}
			if got := len(requests(srv)); got != 1 {
				t.Errorf("canceled ctx: %d requests in all, want the 1 from before", got)
			}
		})
	}
}

// TestPushes emits every push with its sample payload (or {}): the typed handler must receive
// it, and a sample must re-encode without loss.
func TestPushes(t *testing.T) {
	_, sc, c := dial(t)
	for _, tc := range pushCases {
		t.Run(tc.push, func(t *testing.T) {
			got := make(chan any, 1)
			remove := tc.register(c, got)
			defer remove()
			payload := tc.example
			if payload == "" {
				payload = "{}"
			}
			if err := sc.Push(tc.push, json.RawMessage(payload)); err != nil {
				t.Fatalf("push: %v", err)
			}
			select {
			case v := <-got:
				if tc.example != "" {
					roundTrip(t, tc.example, v)
					checkUnknown(t, "", v, tc.undeclared)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the push never reached its handler")
			}
		})
	}
}

// TestUnhandledPush checks that a push outside the spec reaches OnUnhandledPush, raw.
func TestUnhandledPush(t *testing.T) {
	_, sc, c := dial(t)
	got := make(chan rtm.Push, 1)
	c.OnUnhandledPush(func(_ context.Context, p rtm.Push) { got <- p })
	if err := sc.Push("push_from_the_future", json.RawMessage(` + "`" + `{"x":1}` + "`" + `)); err != nil {
		t.Fatalf("push: %v", err)
	}
	select {
	case p := <-got:
		if p.Action != "push_from_the_future" || string(p.Payload) != ` + "`" + `{"x":1}` + "`" + ` {
			t.Errorf("got %+v", p)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the push never reached OnUnhandledPush")
	}
}

// TestEnumValues: every constant of a value set is its documented wire value, each value
// decodes into a field of the type, and a value outside the set (one a newer server may send)
// decodes too and is written back unchanged.
func TestEnumValues(t *testing.T) {
	for _, tc := range enumCases {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.values, tc.consts); diff != "" {
				t.Errorf("constants differ from the documented values (-documented +constants):\n%s", diff)
			}
			for _, value := range append(append([]string(nil), tc.values...), "value_from_the_future") {
				v, _ := json.Marshal(value)
				if tc.slice {
					v = []byte("[" + string(v) + "]")
				}
				doc := ` + "`" + `{"` + "`" + ` + tc.wire + ` + "`" + `":` + "`" + ` + string(v) + "}"
				got, x, err := tc.decode([]byte(doc))
				if err != nil {
					t.Fatalf("decode %s into %s: %v", doc, tc.field, err)
				}
				if got != value {
					t.Errorf("%s decoded from %s = %q, want %q", tc.field, doc, got, value)
				}
				out, err := json.Marshal(x)
				if err != nil {
					t.Fatalf("encode: %v", err)
				}
				var back map[string]json.RawMessage
				if err := json.Unmarshal(out, &back); err != nil {
					t.Fatalf("re-encoded %s: %v", out, err)
				}
				if string(back[tc.wire]) != string(v) {
					t.Errorf("%s re-encoded as %s, want %s", tc.wire, back[tc.wire], v)
				}
			}
		})
	}
}

// TestTypeSamples decodes every documented sample of a type and re-encodes it without loss.
// A sample that wraps the value ({"access": {...}}) or an array of values ({"fields": [...]})
// in a member is compared whole, with that member decoded and re-encoded.
func TestTypeSamples(t *testing.T) {
	for _, tc := range typeSamples {
		t.Run(tc.name, func(t *testing.T) {
			if tc.wrappedIn == "" {
				v, err := tc.decode([]byte(tc.example))
				if err != nil {
					t.Fatalf("decode: %v", err)
				}
				roundTrip(t, tc.example, v)
				checkUnknown(t, "", v, tc.undeclared)
				return
			}
			var wrapper map[string]json.RawMessage
			if err := json.Unmarshal([]byte(tc.example), &wrapper); err != nil {
				t.Fatalf("sample: %v", err)
			}
			inner := wrapper[tc.wrappedIn]
			var v any
			if strings.HasPrefix(strings.TrimSpace(string(inner)), "[") {
				var items []json.RawMessage
				if err := json.Unmarshal(inner, &items); err != nil {
					t.Fatalf("sample %s: %v", tc.wrappedIn, err)
				}
				values := make([]any, len(items))
				for i, item := range items {
					x, err := tc.decode(item)
					if err != nil {
						t.Fatalf("decode %s[%d]: %v", tc.wrappedIn, i, err)
					}
					values[i] = x
				}
				v = values
			} else {
				x, err := tc.decode(inner)
				if err != nil {
					t.Fatalf("decode %s: %v", tc.wrappedIn, err)
				}
				v = x
			}
			out := make(map[string]any, len(wrapper))
			for k, raw := range wrapper {
				out[k] = raw
			}
			out[tc.wrappedIn] = v
			roundTrip(t, tc.example, out)
			checkUnknown(t, "", v, tc.undeclared)
		})
	}
}

func lastRequest(t *testing.T, srv *rtmtest.Server, action string) rtmtest.Request {
	t.Helper()
	reqs := srv.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Action == action {
			return reqs[i]
		}
	}
	t.Fatalf("the server received no %s request", action)
	return rtmtest.Request{}
}

// roundTrip checks that v encodes to JSON equal to want.
func roundTrip(t *testing.T, want string, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	diffJSON(t, "the decoded sample, encoded again,", want, data)
}

func diffJSON(t *testing.T, what, want string, got []byte) {
	t.Helper()
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("sample: %v", err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: %v in %s", what, err, got)
	}
	if diff := cmp.Diff(w, g); diff != "" {
		t.Errorf("%s differs from the sample (-sample +got):\n%s", what, diff)
	}
}

// checkUnknown checks that the fields of v the spec does not declare are exactly those the
// spec lists as deliberately undeclared (prefix selects "request." or "response." ones).
func checkUnknown(t *testing.T, prefix string, v any, undeclared []string) {
	t.Helper()
	var want []string
	for _, u := range undeclared {
		if prefix == "" {
			want = append(want, u)
		} else if rest, ok := strings.CutPrefix(u, prefix+"."); ok {
			want = append(want, rest)
		}
	}
	if diff := cmp.Diff(want, rtm.UnknownFields(v), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("fields of the sample that the spec does not declare (-want +got):\n%s", diff)
	}
}
`)
}
