package codegen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

// This file emits, for every action with pagination in its spec, an iterator over the items of
// all its pages (client.go):
//
//	func (c *Client) ListChatsAll(ctx context.Context, req *ListChatsRequest, opts ...rtm.CallOption) iter.Seq2[ChatSummary, error] {
//		return func(yield func(ChatSummary, error) bool) {
//			... c.ListChats(ctx, req, opts...), each item of resp.ChatsSummary, then
//			req = &ListChatsRequest{PageID: resp.NextPageID} (with the required params of req)
//		}
//	}
//
// See testdata/golden/client.go.golden (ListThreadsAll).

// goPages is what the iterator of a paged action needs.
type goPages struct {
	Method string   // ListChatsAll
	Items  *goField // the response field with the items
	PageID *goField // the request's page_id
	Next   *goField // the response's next_page_id
}

// pagesOf returns the pages of an RTM action whose spec has pagination, or nil.
func (m *model) pagesOf(a *goAction) *goPages {
	p := a.Spec.Pagination
	if p == nil || !a.Spec.RTM() || a.Request == nil || a.Response == nil {
		return nil
	}
	field := func(st *goStruct, wire string) *goField {
		for _, f := range st.Fields {
			if f.Wire == wire {
				return f
			}
		}
		return nil
	}
	g := &goPages{Method: PagesMethod(a.Spec.Name), Items: field(a.Response, p.Items), PageID: field(a.Request, "page_id"), Next: field(a.Response, "next_page_id")}
	if g.Items == nil || g.PageID == nil || g.Next == nil { // the loader checked them
		return nil
	}
	return g
}

// pagesMethod emits the iterator of a paged action.
func (m *model) pagesMethod(f *jen.File, a *goAction, p *goPages) {
	item := m.baseType(p.Items.Ref.Elem, p.Items.Inline)
	req := a.Request.Name
	var required []string
	for _, fl := range a.Request.Fields {
		if fl.Required {
			required = append(required, fl.Name)
		}
	}
	keep := ""
	if len(required) > 0 {
		keep = " and the required params of req"
	}
	f.Add(comment(fmt.Sprintf("%s returns an iterator over the %s of every page of the %s action: the first page is asked for with req, each next one with the next_page_id of the previous page%s (the documents remember the other params of the first request). "+
		"It stops after the last page, or after yielding the first error (of a call, or of ctx); breaking out of the loop stops it too.\n\n"+
		"\tfor item, err := range c.%s(ctx, req) {\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\t// use item\n\t}",
		p.Method, p.Items.Wire, a.Spec.Name, keep, p.Method)))
	respPtr := func(fl *goField) *jen.Statement { return jen.Id("resp").Dot(fl.Name) }
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(p.Method).Params(
		jen.Id("ctx").Qual("context", "Context"), jen.Id("req").Op("*").Id(req), jen.Id("opts").Op("...").Qual(RTMImport, "CallOption"),
	).Qual("iter", "Seq2").Types(item.Clone(), jen.Error()).Block(
		jen.Return(jen.Func().Params(jen.Id("yield").Func().Params(item.Clone(), jen.Error()).Bool()).BlockFunc(func(g *jen.Group) {
			g.Var().Id("zero").Add(item.Clone())
			g.If(jen.Id("req").Op("==").Nil()).Block(jen.Id("req").Op("=").New(jen.Id(req)))
			g.For().BlockFunc(func(g *jen.Group) {
				g.If(jen.Err().Op(":=").Id("ctx").Dot("Err").Call(), jen.Err().Op("!=").Nil()).Block(
					jen.Id("yield").Call(jen.Id("zero"), jen.Err()),
					jen.Return(),
				)
				g.List(jen.Id("resp"), jen.Err()).Op(":=").Id("c").Dot(a.Method).Call(jen.Id("ctx"), jen.Id("req"), jen.Id("opts").Op("..."))
				g.If(jen.Err().Op("!=").Nil()).Block(
					jen.Id("yield").Call(jen.Id("zero"), jen.Err()),
					jen.Return(),
				)
				g.For(jen.List(jen.Id("_"), jen.Id("item")).Op(":=").Range().Add(respPtr(p.Items))).Block(
					jen.If(jen.Op("!").Id("yield").Call(jen.Id("item"), jen.Nil())).Block(jen.Return()),
				)
				g.If(respPtr(p.Next).Op("==").Nil().Op("||").Op("*").Add(respPtr(p.Next)).Op("==").Lit("")).Block(jen.Return())
				g.If(jen.Id("req").Dot(p.PageID.Name).Op("!=").Nil().Op("&&").Op("*").Id("req").Dot(p.PageID.Name).Op("==").Op("*").Add(respPtr(p.Next))).Block(
					jen.Id("yield").Call(jen.Id("zero"), jen.Qual("fmt", "Errorf").Call(jen.Lit(m.pkgName+": "+a.Spec.Name+": the server gave page %q as its own next page"), jen.Op("*").Add(respPtr(p.Next)))),
					jen.Return(),
				)
				next := jen.Dict{jen.Id(p.PageID.Name): respPtr(p.Next)}
				for _, name := range required {
					next[jen.Id(name)] = jen.Id("req").Dot(name)
				}
				g.Id("req").Op("=").Op("&").Id(req).Values(next)
			})
		})),
	)
	f.Line()
}
