package specdiff

import (
	"encoding/json"
	"fmt"
	"io"
)

// SchemaVersion is the version of the JSON report's schema (see the package doc). It grows
// when a field changes meaning or goes; adding a field does not change it.
const SchemaVersion = 1

// The JSON report's shape. Field order and names are part of the schema.
type (
	jsonReport struct {
		SchemaVersion int          `json:"schema_version"`
		Old           jsonSpec     `json:"old"`
		New           jsonSpec     `json:"new"`
		Lens          string       `json:"lens"`
		Summary       jsonSummary  `json:"summary"`
		Changes       []jsonChange `json:"changes"`
	}
	jsonSpec struct {
		Path    string `json:"path"`
		API     string `json:"api"`
		Version string `json:"version"`
		Package string `json:"package"`
	}
	jsonSummary struct {
		Breaking    int `json:"breaking"`
		NonBreaking int `json:"non_breaking"`
		Err         int `json:"err"`
		Warn        int `json:"warn"`
		Info        int `json:"info"`
	}
	jsonChange struct {
		Rule       string          `json:"rule"`
		Level      string          `json:"level"`
		WireLevel  string          `json:"wire_level,omitempty"`
		GoLevel    string          `json:"go_level"`
		Kind       string          `json:"kind"`
		OldName    string          `json:"old_name,omitempty"`
		NewName    string          `json:"new_name,omitempty"`
		Part       string          `json:"part,omitempty"`
		OldPath    string          `json:"old_path,omitempty"`
		NewPath    string          `json:"new_path,omitempty"`
		Direction  string          `json:"direction,omitempty"`
		Old        string          `json:"old,omitempty"`
		New        string          `json:"new,omitempty"`
		Reason     string          `json:"reason"`
		GoRule     string          `json:"go_rule,omitempty"`
		Go         []jsonIdent     `json:"go,omitempty"`
		Suggestion *jsonSuggestion `json:"suggestion,omitempty"`
	}
	jsonIdent struct {
		Old string `json:"old,omitempty"`
		New string `json:"new,omitempty"`
	}
	jsonSuggestion struct {
		Name  string  `json:"name"`
		Score float64 `json:"score"`
	}
)

// WriteJSON writes the report as one indented JSON document, in the schema documented in
// the package doc.
func WriteJSON(w io.Writer, r *Report) error {
	s := r.Summary()
	out := jsonReport{
		SchemaVersion: SchemaVersion,
		Old:           jsonSpec(r.Old),
		New:           jsonSpec(r.New),
		Lens:          r.Lens.String(),
		Summary:       jsonSummary{Breaking: s.Breaking(), NonBreaking: s.NonBreaking(), Err: s.Err, Warn: s.Warn, Info: s.Info},
		Changes:       make([]jsonChange, 0, len(r.Changes)),
	}
	for _, c := range r.Changes {
		jc := jsonChange{
			Rule: c.Rule, Level: c.Level.String(), GoLevel: c.GoLevel.String(),
			Kind: string(c.Subject.Kind), OldName: c.Subject.Old, NewName: c.Subject.New,
			Part: string(c.Subject.Part), OldPath: c.Subject.OldPath, NewPath: c.Subject.NewPath,
			Direction: c.Direction.String(), Old: c.Old, New: c.New, Reason: c.Reason, GoRule: c.GoRule,
		}
		if c.WireLevel != 0 {
			jc.WireLevel = c.WireLevel.String()
		}
		for _, id := range c.Go {
			jc.Go = append(jc.Go, jsonIdent(id))
		}
		if c.Suggestion != nil {
			jc.Suggestion = &jsonSuggestion{Name: c.Suggestion.Name, Score: c.Suggestion.Score}
		}
		out.Changes = append(out.Changes, jc)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}
