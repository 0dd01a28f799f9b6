package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rtmkit/livechat-rtm/rtm"
)

// Transport failures, matched with errors.Is. API errors are *rtm.Error (see the package doc).
var (
	// ErrResponseTooLarge: the response body exceeds the limit (WithResponseLimit).
	ErrResponseTooLarge = errors.New("web: response exceeds the size limit")
	// ErrFileTooLarge: an uploaded file exceeds the limit (WithUploadLimit).
	ErrFileTooLarge = errors.New("web: file exceeds the upload size limit")
	// ErrRedirect: the server redirected to another scheme or host; the redirect was not
	// followed, so the credentials were not sent there.
	ErrRedirect = errors.New("web: redirect to another scheme or host refused")
	// ErrAuthorIDUnsupported: a call has an author ID (rtm.WithAuthorID) but the API version
	// has no way to send one. Nothing was sent.
	ErrAuthorIDUnsupported = errors.New("web: this API version has no author ID (bots use their own token)")
)

// RequestError is a request that got no HTTP response: the connection failed, TLS failed, a
// redirect was refused, or the context ended. URL is the request's address without its query.
// NotSent is true when the request certainly did not reach the server (the dial failed), the
// only transport failure that is retried.
type RequestError struct {
	Action  string
	URL     string
	NotSent bool
	Err     error
}

// Error returns "web: <action>: <url>: <cause>".
func (e *RequestError) Error() string {
	return "web: " + e.Action + ": " + e.URL + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *RequestError) Unwrap() error { return e.Err }

// maxQuoted is the longest body prefix an error quotes.
const maxQuoted = 64

// quote returns a short, printable prefix of body for an error message, with secret removed.
func quote(body []byte, secret string) string {
	s := string(body)
	if len(secret) >= 6 { // shorter ones are test values, and would blank out common text
		s = strings.ReplaceAll(s, secret, "…")
	}
	truncated := false
	if len(s) > maxQuoted {
		s = s[:maxQuoted]
		for len(s) > 0 && !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		truncated = true
	}
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			b.WriteByte(' ')
		} else {
			b.WriteRune(r)
		}
	}
	out := strconv.Quote(b.String())
	if truncated {
		out += "…"
	}
	return out
}

// typeForStatus is the API error type an HTTP status stands for, when the body says nothing.
func typeForStatus(code int) string {
	switch code {
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return rtm.ErrorTypeValidation
	case http.StatusUnauthorized:
		return rtm.ErrorTypeAuthentication
	case http.StatusForbidden:
		return rtm.ErrorTypeAuthorization
	case http.StatusNotFound:
		return rtm.ErrorTypeNotFound
	case http.StatusRequestTimeout, http.StatusGatewayTimeout:
		return rtm.ErrorTypeRequestTimeout
	case http.StatusRequestEntityTooLarge:
		return "entity_too_large"
	case http.StatusMisdirectedRequest:
		return rtm.ErrorTypeMisdirectedRequest
	case http.StatusTooManyRequests:
		return rtm.ErrorTypeTooManyRequests
	case http.StatusServiceUnavailable, http.StatusBadGateway:
		return rtm.ErrorTypeServiceUnavailable
	}
	return rtm.ErrorTypeInternal
}

// apiError turns an error response into an *rtm.Error.
func apiError(action string, resp *http.Response, body []byte, secret string) *rtm.Error {
	e := &rtm.Error{Action: action, StatusCode: resp.StatusCode}
	var env struct {
		Error *struct {
			Type    string          `json:"type"`
			Message string          `json:"message"`
			Data    json.RawMessage `json:"data"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &env) == nil && env.Error != nil && env.Error.Type != "" {
		e.Type, e.Message, e.Data = env.Error.Type, env.Error.Message, env.Error.Data
		return e
	}
	e.Type = typeForStatus(resp.StatusCode)
	msg := "HTTP " + strconv.Itoa(resp.StatusCode) + " " + http.StatusText(resp.StatusCode) + " without an error object"
	if len(body) == 0 {
		e.Message = msg + " (empty body)"
		return e
	}
	ct := resp.Header.Get("Content-Type")
	if ct == "" {
		ct = "no content type"
	}
	e.Message = msg + "; body (" + quote([]byte(ct), "") + ") begins " + quote(body, secret)
	return e
}
