package rtm

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/coder/websocket"
)

// Error is a request the server rejected: its response had "success": false
// (RTM), or an HTTP error status (Web API, package web). The server's error
// object ({"type","message","data"}) is in Type, Message and Data; Action and
// RequestID name the request; StatusCode is the HTTP status of a Web API
// error (0 over RTM). The same type comes from both transports, so one
// errors.As works for either. Branch on it with errors.As and on Type (see
// the ErrorType constants):
//
//	var rerr *rtm.Error
//	if errors.As(err, &rerr) && rerr.Type == rtm.ErrorTypeValidation { ... }
//
// or with errors.Is on the bare kinds (ErrNotFound...):
//
//	if errors.Is(err, rtm.ErrValidation) { ... }
type Error struct {
	Type      string          // the error type, e.g. "authentication", "validation"
	Message   string          // the server's human-readable message
	Data      json.RawMessage // optional details, as sent (e.g. {"region":"fra"})
	Action    string          // the action of the rejected request
	RequestID string          // the request_id of the rejected request
	// StatusCode is the HTTP status of a Web API error response; 0 over RTM.
	StatusCode int
}

// Error returns "rtm: <action> (request <id>) rejected: <type>: <message>",
// with "(HTTP <status>)" in place of the request id for a Web API error. It
// contains nothing of the request payload.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("rtm: ")
	b.WriteString(e.Action)
	if e.RequestID != "" {
		b.WriteString(" (request ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	if e.StatusCode != 0 {
		b.WriteString(" (HTTP ")
		b.WriteString(strconv.Itoa(e.StatusCode))
		b.WriteString(")")
	}
	b.WriteString(" rejected: ")
	if e.Type == "" {
		b.WriteString("unknown error")
	} else {
		b.WriteString(e.Type)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if r := e.Region(); r != "" {
		b.WriteString(" (region ")
		b.WriteString(r)
		b.WriteString(")")
	}
	return b.String()
}

// Region returns the region the server names in Data ({"region":"fra"}), as
// a misdirected_request error does ("the correct region is returned in the
// optional data object"), or "".
func (e *Error) Region() string {
	if len(e.Data) == 0 || e.Data[0] != '{' {
		return ""
	}
	var d struct {
		Region string `json:"region"`
	}
	if json.Unmarshal(e.Data, &d) != nil {
		return ""
	}
	return clipString(d.Region)
}

// Error types documented for the Agent and Customer RTM APIs (the "type" of
// an error response). The list is not closed: a server may send others.
const (
	ErrorTypeInternal                    = "internal"
	ErrorTypeValidation                  = "validation"
	ErrorTypeAuthorization               = "authorization"
	ErrorTypeAuthentication              = "authentication"
	ErrorTypeRequestTimeout              = "request_timeout"
	ErrorTypeLicenseExpired              = "license_expired"
	ErrorTypeLicenseNotFound             = "license_not_found"
	ErrorTypeUnsupportedVersion          = "unsupported_version"
	ErrorTypeWrongProductVersion         = "wrong_product_version"
	ErrorTypeNotFound                    = "not_found"
	ErrorTypeNotAllowed                  = "not_allowed"
	ErrorTypeTooManyRequests             = "too_many_requests"
	ErrorTypePendingRequestsLimitReached = "pending_requests_limit_reached"
	ErrorTypeServiceUnavailable          = "service_unavailable"
	ErrorTypeCustomerBanned              = "customer_banned"
	ErrorTypeMisdirectedRequest          = "misdirected_request"
)

// Bare kinds of *Error, one per ErrorType constant, for errors.Is: every
// *Error of that Type matches its kind, so that one idiom serves the API's
// errors and the transport's (errors.Is(err, rtm.ErrNotFound) as
// errors.Is(err, rtm.ErrConnectionLost)). They carry a Type only; errors.As
// still gives the *Error itself, with its message and data.
var (
	ErrInternal                    = &Error{Type: ErrorTypeInternal}
	ErrValidation                  = &Error{Type: ErrorTypeValidation}
	ErrAuthorization               = &Error{Type: ErrorTypeAuthorization}
	ErrAuthentication              = &Error{Type: ErrorTypeAuthentication}
	ErrRequestTimeout              = &Error{Type: ErrorTypeRequestTimeout}
	ErrLicenseExpired              = &Error{Type: ErrorTypeLicenseExpired}
	ErrLicenseNotFound             = &Error{Type: ErrorTypeLicenseNotFound}
	ErrUnsupportedVersion          = &Error{Type: ErrorTypeUnsupportedVersion}
	ErrWrongProductVersion         = &Error{Type: ErrorTypeWrongProductVersion}
	ErrNotFound                    = &Error{Type: ErrorTypeNotFound}
	ErrNotAllowed                  = &Error{Type: ErrorTypeNotAllowed}
	ErrTooManyRequests             = &Error{Type: ErrorTypeTooManyRequests}
	ErrPendingRequestsLimitReached = &Error{Type: ErrorTypePendingRequestsLimitReached}
	ErrServiceUnavailable          = &Error{Type: ErrorTypeServiceUnavailable}
	ErrCustomerBanned              = &Error{Type: ErrorTypeCustomerBanned}
	ErrMisdirectedRequest          = &Error{Type: ErrorTypeMisdirectedRequest}
)

// Is matches a bare kind such as ErrNotFound (an *Error with a Type and
// nothing else): errors.Is(err, rtm.ErrNotFound) holds for every *Error of
// Type "not_found".
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Type == e.Type && t.Message == "" && t.Action == "" && t.RequestID == "" && len(t.Data) == 0
}

// Transport failures. Each is matched with errors.Is; the errors returned by
// Call wrap them with the action name and, where there is one, the cause.
var (
	// ErrClosed: the Conn was closed by Close. Pending and later calls fail
	// with it.
	ErrClosed = errors.New("rtm: connection closed")

	// ErrConnectionLost: the websocket connection ended without Close (the
	// server dropped it, a read or write failed, the peer stopped answering
	// pings, a frame was too large, or reconnecting gave up). The error
	// wraps the cause: errors.Unwrap, errors.As and CloseCode see it.
	ErrConnectionLost = errors.New("rtm: connection lost")

	// ErrKeepaliveTimeout: the peer did not answer a websocket ping within
	// the ping timeout. It is the cause of an ErrConnectionLost.
	ErrKeepaliveTimeout = errors.New("rtm: peer did not answer ping")

	// ErrFrameTooLarge: the server sent a frame larger than the read limit
	// (WithReadLimit); the connection is closed with status 1009. It is the
	// cause of an ErrConnectionLost.
	ErrFrameTooLarge = errors.New("rtm: frame exceeds read limit")

	// ErrWriteTimeout: a request was still being written when its call's
	// deadline passed (the server had stopped reading); the connection was
	// closed for it. It is the cause of the ErrConnectionLost of the other
	// calls of that connection (the call itself fails with its deadline).
	ErrWriteTimeout = errors.New("rtm: request write outlived its call's deadline")

	// ErrRedirect: the server answered the websocket handshake with an HTTP
	// redirect, which Dial does not follow (the handshake carries the
	// credentials). It is fatal: reconnecting stops on it.
	ErrRedirect = errors.New("rtm: handshake redirect refused")

	// ErrEncode: the request payload could not be encoded to JSON (or a
	// json.RawMessage payload is not valid JSON, or a raw value or Extra
	// field holds invalid UTF-8). Nothing was sent; the connection and the
	// other calls are unaffected.
	ErrEncode = errors.New("rtm: cannot encode payload")

	// ErrDecode: a response payload could not be decoded into the result, or
	// a push payload into its generated type (Conn.PushError).
	// The server did execute the request. The json error is wrapped.
	ErrDecode = errors.New("rtm: cannot decode response payload")
)

// kindError is a transport error of a kind (one of the sentinels above, or a
// context error) with its own message and an optional cause.
type kindError struct {
	kind  error
	msg   string
	cause error
}

func (e *kindError) Error() string {
	if e.cause == nil {
		return e.msg
	}
	return e.msg + ": " + e.cause.Error()
}

func (e *kindError) Is(target error) bool { return target == e.kind }
func (e *kindError) Unwrap() error        { return e.cause }

func lostError(cause error) error {
	return &kindError{kind: ErrConnectionLost, msg: "connection lost", cause: cause}
}

var errClosedCall = &kindError{kind: ErrClosed, msg: "connection closed"}

// DialError is a failed websocket handshake. URL is the address dialled
// without its query (which may carry credentials); StatusCode is the HTTP
// status of a refused handshake (0 when no response was received, e.g. a
// network or TLS error). Headers are never part of the message.
type DialError struct {
	URL        string
	StatusCode int
	Err        error
}

// Error returns "rtm: dial <url>: <reason>".
func (e *DialError) Error() string {
	if e.StatusCode != 0 {
		return "rtm: dial " + e.URL + ": server refused the websocket handshake: HTTP " +
			strconv.Itoa(e.StatusCode) + " " + http.StatusText(e.StatusCode)
	}
	return "rtm: dial " + e.URL + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *DialError) Unwrap() error { return e.Err }

// newDialError builds a DialError whose message cannot contain the query of
// rawURL: a *url.Error (which quotes the full URL) is unwrapped.
func newDialError(rawURL string, resp *http.Response, err error) *DialError {
	de := &DialError{URL: redactURL(rawURL), Err: err}
	if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
		de.StatusCode = resp.StatusCode
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		de.Err = uerr.Err
	}
	return de
}

// redactURL returns rawURL without user info, query and fragment.
func redactURL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "<invalid url>"
	}
	r := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	s := r.String()
	if u.RawQuery != "" {
		s += "?…"
	}
	return s
}

// isFatalType reports whether an error type means reconnecting cannot succeed.
func isFatalType(t string) bool {
	switch t {
	case ErrorTypeAuthentication, ErrorTypeLicenseExpired, ErrorTypeLicenseNotFound,
		ErrorTypeUnsupportedVersion, ErrorTypeWrongProductVersion, ErrorTypeCustomerBanned:
		return true
	}
	return false
}

// isRetryableType reports whether the same request may succeed later.
func isRetryableType(t string) bool {
	switch t {
	case ErrorTypeInternal, ErrorTypeRequestTimeout, ErrorTypeTooManyRequests,
		ErrorTypePendingRequestsLimitReached, ErrorTypeServiceUnavailable:
		return true
	}
	return false
}

// ErrorType returns the Type of the *Error in err's chain, or "" if there is
// none (a transport failure, or nil).
func ErrorType(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Type
	}
	return ""
}

// IsTimeout reports whether err is a timeout: the caller's context deadline,
// the default call timeout (WithCallTimeout), or the server's own
// "request_timeout" error.
func IsTimeout(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || ErrorType(err) == ErrorTypeRequestTimeout
}

// IsCanceled reports whether err comes from the caller's context being
// canceled.
func IsCanceled(err error) bool { return errors.Is(err, context.Canceled) }

// IsClosed reports whether err is ErrClosed: Close was called.
func IsClosed(err error) bool { return errors.Is(err, ErrClosed) }

// IsConnectionLost reports whether err is ErrConnectionLost: the connection
// ended under a call. The request may or may not have reached the server.
func IsConnectionLost(err error) bool { return errors.Is(err, ErrConnectionLost) }

// IsFatal reports whether err means that reconnecting (or retrying the
// login) cannot help: an *Error of type authentication, license_expired,
// license_not_found, unsupported_version, wrong_product_version or
// customer_banned, a *DisconnectError whose reason says not to reconnect, a
// refused redirect (ErrRedirect), or a websocket handshake refused with an
// HTTP 4xx status other than 408 and 429 (e.g. 401, 403, 404). A reconnect
// policy stops on such errors.
func IsFatal(err error) bool {
	if isFatalType(ErrorType(err)) || errors.Is(err, ErrRedirect) {
		return true
	}
	var dis *DisconnectError
	if errors.As(err, &dis) && !dis.Reconnect {
		return true
	}
	var de *DialError
	if errors.As(err, &de) {
		c := de.StatusCode
		return c >= 400 && c < 500 && c != http.StatusRequestTimeout && c != http.StatusTooManyRequests
	}
	return false
}

// IsRetryable reports whether the same call may succeed if made again later:
// a lost connection, a timeout, a non-fatal dial failure, or an *Error of type
// internal, request_timeout, too_many_requests,
// pending_requests_limit_reached or service_unavailable. After a lost
// connection or a timeout the server may already have executed the request;
// only retry requests that are safe to repeat.
func IsRetryable(err error) bool {
	if err == nil || IsCanceled(err) || IsClosed(err) || IsFatal(err) {
		return false
	}
	var e *Error
	if errors.As(err, &e) {
		return isRetryableType(e.Type)
	}
	var de *DialError
	return errors.Is(err, ErrConnectionLost) || errors.Is(err, context.DeadlineExceeded) || errors.As(err, &de)
}

// CloseCode returns the websocket close status code carried by err (for
// example 1009 after ErrFrameTooLarge, or the code the server closed with),
// or -1 if err has none.
func CloseCode(err error) int {
	return int(websocket.CloseStatus(err))
}
