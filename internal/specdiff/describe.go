package specdiff

import (
	"fmt"
	"strings"
)

// The helpers of this file phrase changes for the text and markdown reports.

// kindTitle is the heading of a kind's section.
func kindTitle(k Kind) string {
	switch k {
	case KindAction:
		return "Actions"
	case KindPush:
		return "Pushes"
	case KindWebhook:
		return "Webhooks"
	case KindType:
		return "Types"
	case KindError:
		return "Error types"
	}
	return "Connection"
}

// partWord names what a part holds, for "param x", "response field x" ...
func partWord(p Part) string {
	switch p {
	case PartParams:
		return "param"
	case PartResponse:
		return "response field"
	case PartPayload, PartFields:
		return "field"
	case PartEnum:
		return "enum"
	case PartVariants:
		return "kind"
	case PartQuery:
		return "query parameter"
	case PartRegions:
		return "region"
	}
	return ""
}

// partWhole names a whole part, for changes of the part itself.
func partWhole(p Part) string {
	switch p {
	case PartParams:
		return "params"
	case PartResponse:
		return "response"
	case PartPayload:
		return "payload"
	case PartEnum:
		return "enum"
	case PartVariants:
		return "union"
	case PartRegions:
		return "regions"
	}
	return string(p)
}

// what names the subject of a change within its item, quoting names with q: "param
// `chat_id` -> `id`", "response", "" for the item itself.
func what(s Subject, q func(string) string) string {
	if s.Part == PartItem {
		return ""
	}
	if s.OldPath == "" && s.NewPath == "" {
		return partWhole(s.Part)
	}
	path := q(s.Path())
	if s.OldPath != "" && s.NewPath != "" && s.OldPath != s.NewPath {
		path = q(s.OldPath) + " -> " + q(s.NewPath)
	}
	return partWord(s.Part) + " " + path
}

// values describes the values of a change: "int -> string", "asc", "".
func values(c *Change, q func(string) string) string {
	switch {
	case c.Old != "" && c.New != "":
		return q(c.Old) + " -> " + q(c.New)
	case c.New != "":
		return q(c.New)
	case c.Old != "":
		return q(c.Old)
	}
	return ""
}

// itemTitle names a change's item: "close_thread -> deactivate_chat", or one name.
func itemTitle(s Subject, q func(string) string) string {
	if s.Old != "" && s.New != "" && s.Old != s.New {
		return q(s.Old) + " -> " + q(s.New)
	}
	return q(s.Name())
}

// subjectLine is what a change is about, with its values: `param limit: int -> string`.
func subjectLine(c *Change, q func(string) string) string {
	w := what(c.Subject, q)
	v := values(c, q)
	// The names of a renamed item or field are already in the subject.
	if strings.HasSuffix(c.Rule, "-renamed") && c.Subject.Part != PartItem {
		v = ""
	}
	if strings.HasSuffix(c.Rule, "-renamed") && c.Subject.Part == PartItem {
		v = q(c.Old) + " -> " + q(c.New)
	}
	switch {
	case w == "":
		return v
	case v == "":
		return w
	case c.Old == "" || c.New == "":
		return w + " (" + v + ")" // the type of an added or removed field, an enum value ...
	}
	return w + ": " + v
}

func suggestionText(c *Change, q func(string) string) string {
	if c.Suggestion == nil {
		return ""
	}
	dir := "to"
	if c.Subject.Old == "" || (c.Subject.Part != PartItem && c.Subject.OldPath == "") {
		dir = "from"
	}
	return fmt.Sprintf("maybe renamed %s %s, similarity %.2f", dir, q(c.Suggestion.Name), c.Suggestion.Score)
}

func goText(ids []Ident, q func(string) string) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		switch {
		case id.New == "":
			parts[i] = q(id.Old) + " (gone)"
		case id.Old == "":
			parts[i] = q(id.New) + " (new)"
		case id.Old == id.New:
			parts[i] = q(id.New)
		default:
			parts[i] = q(id.Old) + " -> " + q(id.New)
		}
	}
	return strings.Join(parts, ", ")
}

func plain(s string) string { return s }

func code(s string) string { return "`" + s + "`" }

// groupByItem splits sorted changes into runs of the same kind and item.
func groupByItem(cs []*Change) [][]*Change {
	var out [][]*Change
	for _, c := range cs {
		if n := len(out); n > 0 {
			last := out[n-1][0].Subject
			if last.Kind == c.Subject.Kind && last.Old == c.Subject.Old && last.New == c.Subject.New {
				out[n-1] = append(out[n-1], c)
				continue
			}
		}
		out = append(out, []*Change{c})
	}
	return out
}

// groupByKind splits item groups by kind, in report order.
func groupByKind(items [][]*Change) map[Kind][][]*Change {
	out := map[Kind][][]*Change{}
	for _, it := range items {
		k := it[0].Subject.Kind
		out[k] = append(out[k], it)
	}
	return out
}

var kinds = []Kind{KindAction, KindPush, KindWebhook, KindType, KindError, KindConnection}

func title(r *Report) string {
	api := r.New.API
	if r.Old.API != r.New.API {
		api = r.Old.API + "/" + r.New.API
	}
	return fmt.Sprintf("%s API v%s -> v%s", api, r.Old.Version, r.New.Version)
}
