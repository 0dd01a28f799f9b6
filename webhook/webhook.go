package webhook

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rtmkit/livechat-rtm/internal/wire"
)

// DefaultMaxBodyBytes is the body size limit of a Receiver whose Config sets none.
const DefaultMaxBodyBytes = 1 << 20

// maxDepth bounds the nesting of a body: LiveChat's payloads nest a few levels deep.
const maxDepth = 200

// Secret is what a webhook's secret_key must equal. Make one with SecretKey, or choose not to
// check with NoSecret; the zero Secret is refused by NewReceiver and Parse, so that a
// forgotten secret is an error rather than an open door.
type Secret struct {
	digest [sha256.Size]byte
	mode   uint8
}

const (
	secretUnset uint8 = iota
	secretKey
	secretNone
)

// SecretKey returns the Secret that webhooks must carry as secret_key: the secret key of the
// webhook's registration. An empty key is refused by NewReceiver and Parse.
func SecretKey(key string) Secret {
	if key == "" {
		return Secret{}
	}
	return Secret{digest: sha256.Sum256([]byte(key)), mode: secretKey}
}

// NoSecret returns the Secret that accepts every webhook whatever its secret_key: for tests,
// or for receivers that authenticate requests some other way.
func NoSecret() Secret { return Secret{mode: secretNone} }

// String never shows the key.
func (s Secret) String() string {
	switch s.mode {
	case secretKey:
		return "webhook.SecretKey(<redacted>)"
	case secretNone:
		return "webhook.NoSecret()"
	}
	return "webhook.Secret{} (unset)"
}

// GoString never shows the key (%#v).
func (s Secret) GoString() string { return s.String() }

// ErrNoSecret is returned for a zero Secret (or SecretKey("")).
var ErrNoSecret = errors.New("webhook: no secret configured: use webhook.SecretKey(key), or webhook.NoSecret() to accept webhooks without checking secret_key")

// ErrSecretMismatch is the cause of the 401 answer to a webhook whose secret_key is missing or
// differs from the configured secret. It says nothing of either.
var ErrSecretMismatch = errors.New("webhook: secret_key missing or wrong")

// check reports whether key matches, in time independent of key's content and length.
func (s Secret) check(key []byte, present bool) bool {
	switch s.mode {
	case secretNone:
		return true
	case secretKey:
		d := sha256.Sum256(key)
		ok := subtle.ConstantTimeCompare(d[:], s.digest[:]) == 1
		return ok && present
	}
	return false
}

// Webhook is one received webhook: its envelope, with the payload and additional_data kept
// as received. The generated receivers decode them into the action's types.
type Webhook struct {
	// WebhookID is the ID of the webhook's registration.
	WebhookID string
	// Action names the webhook: "incoming_event", "chat_deactivated", ...
	Action string
	// OrganizationID is the LiveChat organization the webhook comes from.
	OrganizationID string
	// Payload is the payload, as received (nil when the body has none).
	Payload json.RawMessage
	// AdditionalData is the additional_data object, as received (nil when absent).
	AdditionalData json.RawMessage
	// Extra holds the other members of the body (such as requester), as received. The
	// secret_key is never kept.
	Extra map[string]json.RawMessage
}

// JSON returns the webhook as a JSON object without its secret_key: the envelope members in
// the documents' order, then Extra in key order. The generated receivers decode it.
func (w *Webhook) JSON() []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	member := func(key string, raw []byte) {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(raw)
	}
	str := func(s string) []byte { v, _ := json.Marshal(s); return v }
	member("webhook_id", str(w.WebhookID))
	member("action", str(w.Action))
	member("organization_id", str(w.OrganizationID))
	if w.Payload != nil {
		member("payload", w.Payload)
	}
	if w.AdditionalData != nil {
		member("additional_data", w.AdditionalData)
	}
	keys := make([]string, 0, len(w.Extra))
	for k := range w.Extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		member(k, w.Extra[k])
	}
	b.WriteByte('}')
	return b.Bytes()
}

// Error is why a webhook was refused: the HTTP status it is answered with and a short reason,
// which never holds the secret.
type Error struct {
	// Status is the HTTP status: 400, 401, 405, 413 or 415.
	Status int
	// Field is the member the reason is about ("payload", "payload.chat_id"), or "".
	Field string
	// Reason says what is wrong, in a few words.
	Reason string
	// Err is the cause, if any (ErrSecretMismatch, a decoding error).
	Err error
}

// Error returns "webhook: <status text>: <field>: <reason>".
func (e *Error) Error() string {
	msg := "webhook: " + http.StatusText(e.Status)
	if e.Field != "" {
		msg += ": " + e.Field
	}
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// maxReason bounds the reason sent back in a 400 answer.
const maxReason = 300

// Malformed returns the error a payload decoder reports for a body whose member field (such as
// "payload") does not have its action's shape: a 400 whose reason is err's text, shortened.
func Malformed(field string, err error) *Error {
	reason := "malformed"
	if err != nil {
		reason = clipText(err.Error(), maxReason)
	}
	return &Error{Status: http.StatusBadRequest, Field: field, Reason: reason, Err: err}
}

func badRequest(field, reason string) *Error {
	return &Error{Status: http.StatusBadRequest, Field: clipText(field, 100), Reason: reason}
}

// Parse checks and decodes a webhook body: it must be one JSON object, without duplicate keys
// at any depth, with string members webhook_id, action (not empty) and organization_id, and a
// secret_key matching secret. The error is an *Error (401 for a wrong or missing secret_key,
// with ErrSecretMismatch as its cause; 400 otherwise) or ErrNoSecret. Only a body that is not
// one JSON object is refused before the secret is checked. The webhook's Payload,
// AdditionalData and Extra point into body. Parse does not limit the size of body: its caller
// has already read it.
func Parse(body []byte, secret Secret) (*Webhook, error) {
	if secret.mode == secretUnset {
		return nil, ErrNoSecret
	}
	members, err := scanObject(body)
	if err != nil {
		return nil, err
	}
	w := &Webhook{}
	var key []byte
	hasKey := false
	found := make(map[string]bool, 6)
	// Envelope errors are returned only once the secret matched: a request without the secret
	// learns nothing of what the receiver expects.
	var envErr *Error
	for _, m := range members {
		found[m.key] = true
		switch m.key {
		case "secret_key":
			s, ok := decodeString(m.val)
			if ok {
				key, hasKey = []byte(s), true
			}
		case "webhook_id", "action", "organization_id":
			s, ok := decodeString(m.val)
			if !ok && envErr == nil {
				envErr = badRequest(m.key, "want a string")
			}
			switch m.key {
			case "webhook_id":
				w.WebhookID = s
			case "action":
				w.Action = s
			default:
				w.OrganizationID = s
			}
		case "payload":
			w.Payload = m.val
		case "additional_data":
			if m.val[0] != '{' && !isNull(m.val) && envErr == nil {
				envErr = badRequest("additional_data", "want an object")
			}
			w.AdditionalData = m.val
		default:
			if w.Extra == nil {
				w.Extra = make(map[string]json.RawMessage)
			}
			w.Extra[m.key] = m.val
		}
	}
	if !secret.check(key, hasKey) {
		return nil, &Error{Status: http.StatusUnauthorized, Reason: "secret_key missing or wrong", Err: ErrSecretMismatch}
	}
	if envErr != nil {
		return nil, envErr
	}
	if w.Action == "" {
		return nil, badRequest("action", "missing or empty")
	}
	if !found["payload"] {
		return nil, badRequest("payload", "missing")
	}
	return w, nil
}

// member is one member of the top-level object.
type member struct {
	key string
	val json.RawMessage
}

// scanObject checks that body is one JSON object without duplicate keys at any depth and
// returns its top-level members, their values pointing into body.
func scanObject(body []byte) ([]member, error) {
	s := &scanner{data: body}
	s.ws()
	if s.off >= len(s.data) {
		return nil, badRequest("", "empty body")
	}
	if s.data[s.off] != '{' {
		if json.Valid(body) {
			return nil, badRequest("", "the body is not a JSON object")
		}
		return nil, badRequest("", "invalid JSON")
	}
	var members []member
	s.top = &members
	if err := s.value(0); err != nil {
		return nil, s.finishPath(err)
	}
	s.ws()
	if s.off != len(s.data) {
		return nil, badRequest("", "invalid JSON: data after the object")
	}
	return members, nil
}

// scanner walks JSON text, checking its syntax and that no object repeats a key.
type scanner struct {
	data []byte
	off  int
	top  *[]member
	// path collects, innermost first, the members and indexes leading to a duplicate key or a
	// too deep value, as the error unwinds; nothing is built on the way down.
	path    []string
	pathErr *Error
}

// located returns the error of a duplicate key or a too deep value, recording seg as the
// innermost part of its path.
func (s *scanner) located(seg, reason string) *Error {
	s.path = append(s.path[:0], seg)
	s.pathErr = badRequest("", reason)
	return s.pathErr
}

// through records that err passed through seg on its way up.
func (s *scanner) through(err error, seg string) error {
	if err == s.pathErr && err != nil {
		s.path = append(s.path, seg)
	}
	return err
}

// finishPath renders the path of a located error into its Field.
func (s *scanner) finishPath(err error) error {
	if err == nil || err != s.pathErr {
		return err
	}
	var b strings.Builder
	for i := len(s.path) - 1; i >= 0; i-- {
		seg := s.path[i]
		if seg == "" && i == 0 {
			continue // a too deep value is named by its parent
		}
		if b.Len() > 0 && (seg == "" || seg[0] != '[') {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	s.pathErr.Field = clipText(b.String(), 100)
	return s.pathErr
}

func (s *scanner) ws() { s.off = wire.SkipWS(s.data, s.off) }

func (s *scanner) syntax(what string) *Error {
	return badRequest("", "invalid JSON: "+what+" at offset "+strconv.Itoa(s.off))
}

// value scans one value at depth.
func (s *scanner) value(depth int) error {
	if depth > maxDepth {
		return s.located("", "nested too deeply")
	}
	s.ws()
	if s.off >= len(s.data) {
		return s.syntax("unexpected end")
	}
	switch c := s.data[s.off]; {
	case c == '{':
		return s.object(depth)
	case c == '[':
		s.off++
		s.ws()
		if s.off < len(s.data) && s.data[s.off] == ']' {
			s.off++
			return nil
		}
		for i := 0; ; i++ {
			if err := s.value(depth + 1); err != nil {
				return s.through(err, "["+strconv.Itoa(i)+"]")
			}
			s.ws()
			if s.off >= len(s.data) {
				return s.syntax("unexpected end")
			}
			switch s.data[s.off] {
			case ',':
				s.off++
			case ']':
				s.off++
				return nil
			default:
				return s.syntax("expected ',' or ']'")
			}
		}
	case c == '"':
		_, err := s.str()
		return err
	default: // a number or a literal: wire scans it as encoding/json would
		end, err := wire.SkipValue(s.data, s.off, depth)
		if err != nil {
			return s.wireSyntax(err)
		}
		s.off = end
		return nil
	}
}

// str scans a string and returns it unquoted, with encoding/json's semantics.
func (s *scanner) str() (string, error) {
	end, flags, err := wire.ScanString(s.data, s.off)
	if err != nil {
		return "", s.wireSyntax(err)
	}
	raw := s.data[s.off:end]
	s.off = end
	if flags == 0 {
		return string(raw[1 : len(raw)-1]), nil
	}
	return string(wire.Unquote(nil, raw)), nil
}

// wireSyntax turns a syntax error of package wire (its offset in s.data) into a 400.
func (s *scanner) wireSyntax(err error) *Error {
	var we *wire.Error
	if errors.As(err, &we) && we.Offset >= 0 {
		s.off = we.Offset
		return s.syntax(we.Msg)
	}
	return badRequest("", "invalid JSON")
}

func (s *scanner) object(depth int) error {
	s.off++ // '{'
	s.ws()
	if s.off < len(s.data) && s.data[s.off] == '}' {
		s.off++
		return nil
	}
	seen := map[string]bool{}
	for {
		s.ws()
		if s.off >= len(s.data) || s.data[s.off] != '"' {
			return s.syntax("expected a member name")
		}
		key, err := s.str()
		if err != nil {
			return err
		}
		if seen[key] {
			return s.located(key, "duplicate key")
		}
		seen[key] = true
		s.ws()
		if s.off >= len(s.data) || s.data[s.off] != ':' {
			return s.syntax("expected ':'")
		}
		s.off++
		s.ws()
		start := s.off
		if err := s.value(depth + 1); err != nil {
			return s.through(err, key)
		}
		if depth == 0 {
			*s.top = append(*s.top, member{key: key, val: s.data[start:s.off]})
		}
		s.ws()
		if s.off >= len(s.data) {
			return s.syntax("unexpected end")
		}
		switch s.data[s.off] {
		case ',':
			s.off++
		case '}':
			s.off++
			return nil
		default:
			return s.syntax("expected ',' or '}'")
		}
	}
}

func decodeString(raw []byte) (string, bool) {
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

func isNull(raw []byte) bool { return string(raw) == "null" }

// clipText shortens s to at most n bytes, on a rune boundary.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// String describes a webhook without its payload: "incoming_event (webhook_id w1)".
func (w *Webhook) String() string {
	return fmt.Sprintf("%s (webhook_id %s)", w.Action, w.WebhookID)
}
