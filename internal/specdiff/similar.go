package specdiff

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// suggestThreshold is the similarity from which a removed item and an added one are reported
// as a likely rename.
const suggestThreshold = 0.5

// synonyms maps words that the API versions use for the same operation to one word, so that
// get_archives and list_archives, or close_thread and deactivate_chat, read alike.
var synonyms = map[string]string{
	"get": "list", "fetch": "list", "list": "list",
	"close": "deactivate", "deactivate": "deactivate",
	"remove": "delete", "delete": "delete",
	"update": "update", "set": "update", "change": "update", "edit": "update",
}

// stopwords are left out when comparing docs.
var stopwords = map[string]bool{
	"the": true, "and": true, "for": true, "with": true, "that": true, "this": true, "from": true,
	"are": true, "was": true, "will": true, "can": true, "its": true, "into": true, "your": true,
	"you": true, "not": true, "has": true, "have": true, "all": true, "any": true, "when": true,
	"which": true, "returns": true, "method": true, "about": true, "given": true, "only": true,
}

// similarity describes an item for the rename suggestions.
type similarity struct {
	name string
	// body are the names of its parts (params, fields, variants ...), prefixed by part.
	body []string
	doc  string
}

// score is how alike two items are, from 0 to 1: mostly their names (words, with synonyms,
// and character pairs), then what they contain, then their docs. It is symmetric.
func score(a, b similarity) float64 {
	name := max(diceWords(words(a.name), words(b.name)), diceBigrams(strings.ToLower(a.name), strings.ToLower(b.name)))
	doc := jaccard(docWords(a.doc), docWords(b.doc))
	if len(a.body) == 0 && len(b.body) == 0 {
		return 0.75*name + 0.25*doc
	}
	return 0.5*name + 0.3*jaccard(a.body, b.body) + 0.2*doc
}

// candidate is a possible rename: the indexes of a removed and an added item.
type candidate struct {
	removed, added int
	score          float64
	key            string // a symmetric tie-breaker
}

// fieldScore is how alike two fields are: only fields of the same type, and only by the
// words of their names, leaving out "id" and "ids" (agent_ids and chat_ids are not alike).
// Field names are short and share suffixes, so docs and character pairs mislead.
func fieldScore(a, b similarity) float64 {
	if len(a.body) != 1 || len(b.body) != 1 || a.body[0] != b.body[0] {
		return 0
	}
	return diceWords(meaningful(words(a.name)), meaningful(words(b.name)))
}

// meaningful leaves out the words that many field names end with.
func meaningful(ws []string) []string {
	var out []string
	for _, w := range ws {
		if w != "id" && w != "ids" {
			out = append(out, w)
		}
	}
	return out
}

// suggest pairs removed items with added ones that resemble them by score: each at most
// once, best scores first. It returns, for each removed index, the candidate.
func suggest(removed, added []similarity, score func(a, b similarity) float64) map[int]candidate {
	var cands []candidate
	for i, r := range removed {
		for j, a := range added {
			if s := score(r, a); s >= suggestThreshold {
				lo, hi := r.name, a.name
				if hi < lo {
					lo, hi = hi, lo
				}
				cands = append(cands, candidate{removed: i, added: j, score: s, key: lo + "\x00" + hi})
			}
		}
	}
	slices.SortFunc(cands, func(x, y candidate) int {
		return cmp.Or(cmp.Compare(y.score, x.score), cmp.Compare(x.key, y.key))
	})
	out := map[int]candidate{}
	addedTaken := map[int]bool{}
	for _, c := range cands {
		if _, ok := out[c.removed]; ok || addedTaken[c.added] {
			continue
		}
		out[c.removed] = c
		addedTaken[c.added] = true
	}
	return out
}

// words splits a name (snake_case, camelCase, PascalCase) into lower-case words, with
// synonyms replaced and plurals made singular.
func words(name string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, normWord(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])):
			flush()
			cur = append(cur, unicode.ToLower(r))
		default:
			cur = append(cur, unicode.ToLower(r))
		}
	}
	flush()
	return out
}

// normWord makes a word singular ("threads", "closes") and replaces it by its synonym.
func normWord(w string) string {
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		w = strings.TrimSuffix(w, "s")
	}
	if s, ok := synonyms[w]; ok {
		return s
	}
	return w
}

func docWords(doc string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(doc), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) > 2 && !stopwords[w] {
			out = append(out, normWord(w))
		}
	}
	return out
}

// diceWords is the Sørensen–Dice coefficient of two word multisets' distinct words.
func diceWords(a, b []string) float64 {
	sa, sb := set(a), set(b)
	if len(sa)+len(sb) == 0 {
		return 0
	}
	n := 0
	for w := range sa {
		if sb[w] {
			n++
		}
	}
	return 2 * float64(n) / float64(len(sa)+len(sb))
}

// diceBigrams is the Sørensen–Dice coefficient of two strings' character pairs.
func diceBigrams(a, b string) float64 {
	ba, bb := bigrams(a), bigrams(b)
	if len(ba)+len(bb) == 0 {
		return 0
	}
	n := 0
	for g, c := range ba {
		n += min(c, bb[g])
	}
	total := 0
	for _, c := range ba {
		total += c
	}
	for _, c := range bb {
		total += c
	}
	return 2 * float64(n) / float64(total)
}

func bigrams(s string) map[string]int {
	m := map[string]int{}
	rs := []rune(s)
	for i := 0; i+1 < len(rs); i++ {
		m[string(rs[i:i+2])]++
	}
	return m
}

// jaccard is the Jaccard index of two sets of words (0 when both are empty).
func jaccard(a, b []string) float64 {
	sa, sb := set(a), set(b)
	union := len(sa)
	inter := 0
	for w := range sb {
		if sa[w] {
			inter++
		} else {
			union++
		}
	}
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

func set(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
