// Package webtest is an in-process fake of the LiveChat Web API for tests and demos: an
// httptest server, loopback only, that answers POST (and GET) /<version>/<api>/action/<action>
// with scripted handlers, records every request (method, path, query, headers, body, form
// fields and files) for wire assertions, and can answer with API errors and any HTTP status,
// Retry-After, raw bodies and slow answers.
//
//	srv := webtest.New(t)
//	srv.Handle("send_event", func(ctx context.Context, r *webtest.Request) (any, error) {
//		return map[string]string{"event_id": "K600PKZON8_1"}, nil
//	})
//	c, _ := v36.NewWebClient(v36.WebConfig{URL: srv.URL() + "/v3.6/agent", Credentials: web.Bearer("t")})
//
// An action without a handler is answered 404 with a not_found error object.
package webtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Request is a request the server received.
type Request struct {
	Method string      // "POST" or "GET"
	Path   string      // e.g. "/v3.6/agent/action/send_event"
	Action string      // the last path element, e.g. "send_event"
	Query  url.Values  // the query string
	Header http.Header // the request headers
	Body   []byte      // the raw body (for multipart requests too)
	// Form and Files are the fields and files of a multipart/form-data body.
	Form  map[string]string
	Files []File
}

// File is a file part of a multipart request.
type File struct {
	Field       string // the form field, e.g. "file"
	Name        string // the file name
	ContentType string
	Data        []byte
}

// Handler answers one action: a value to encode as the JSON response payload (a
// json.RawMessage is sent as is; nil sends an empty body, "No response payload"), or an error
// (an *Error sets the status and error object; any other error is a 500 internal error).
type Handler func(ctx context.Context, r *Request) (any, error)

// Error is a scripted error answer.
type Error struct {
	Status     int             // HTTP status; default 400
	Type       string          // the error object's type, e.g. "validation"
	Message    string          // its message
	Data       json.RawMessage // its data, optional
	RetryAfter time.Duration   // sets Retry-After (whole seconds) when > 0
	// Body, when set, is sent instead of the error object (e.g. an HTML page), with
	// ContentType (default text/html).
	Body        string
	ContentType string
	Header      http.Header // extra response headers
}

func (e *Error) Error() string {
	return fmt.Sprintf("webtest: HTTP %d %s: %s", e.Status, e.Type, e.Message)
}

// Server is a fake Web API server.
type Server struct {
	srv *httptest.Server

	mu       sync.Mutex
	handlers map[string]Handler
	requests []Request
	header   http.Header // added to every response
	auth     string      // required Authorization value, or ""
}

// New starts a server closed when t ends.
func New(t testing.TB) *Server {
	s := NewServer()
	t.Cleanup(s.Close)
	return s
}

// NewServer starts a server; Close it when done (for programs; tests use New).
func NewServer() *Server {
	s := &Server{handlers: map[string]Handler{}, header: http.Header{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// NewTLSServer starts a server speaking HTTPS with a self-signed certificate; Client returns
// an *http.Client that trusts it.
func NewTLSServer() *Server {
	s := &Server{handlers: map[string]Handler{}, header: http.Header{}}
	s.srv = httptest.NewTLSServer(http.HandlerFunc(s.serve))
	return s
}

// URL returns the server's root URL, e.g. http://127.0.0.1:41234. A client's base URL is
// URL() + "/v3.6/agent".
func (s *Server) URL() string { return s.srv.URL }

// Client returns an *http.Client for the server (one that trusts a TLS server's certificate).
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Close shuts the server down, closing its connections.
func (s *Server) Close() {
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// CloseClientConnections closes the connections clients hold open (keep-alive).
func (s *Server) CloseClientConnections() { s.srv.CloseClientConnections() }

// Handle sets the handler of an action, replacing any previous one.
func (s *Server) Handle(action string, h Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[action] = h
}

// Reply returns a Handler that answers every request with payload.
func Reply(payload any) Handler {
	return func(context.Context, *Request) (any, error) { return payload, nil }
}

// Fail returns a Handler that answers every request with e.
func Fail(e *Error) Handler {
	return func(context.Context, *Request) (any, error) { return nil, e }
}

// Sequence returns a Handler that answers the n-th request with hs[n], and the later ones
// with the last.
func Sequence(hs ...Handler) Handler {
	var mu sync.Mutex
	n := 0
	return func(ctx context.Context, r *Request) (any, error) {
		mu.Lock()
		h := hs[min(n, len(hs)-1)]
		n++
		mu.Unlock()
		return h(ctx, r)
	}
}

// Slow returns a Handler that waits d (or until the client gives up) before running h.
func Slow(d time.Duration, h Handler) Handler {
	return func(ctx context.Context, r *Request) (any, error) {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		return h(ctx, r)
	}
}

// SetHeader adds a header to every response (e.g. Legacy: 2026-12-31).
func (s *Server) SetHeader(key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.header.Set(key, value)
}

// RequireAuthorization makes the server answer 401 (authentication error) to requests whose
// Authorization header is not exactly value ("" turns the check off).
func (s *Server) RequireAuthorization(value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.auth = value
}

// Requests returns the requests received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// LastRequest returns the last request of an action, or false.
func (s *Server) LastRequest(action string) (Request, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.requests) - 1; i >= 0; i-- {
		if s.requests[i].Action == action {
			return s.requests[i], true
		}
	}
	return Request{}, false
}

// maxBody bounds what the fake reads of one request.
const maxBody = 64 << 20

func (s *Server) serve(w http.ResponseWriter, hr *http.Request) {
	body, err := io.ReadAll(io.LimitReader(hr.Body, maxBody))
	if err != nil {
		return // the client went away mid-request
	}
	r := Request{
		Method: hr.Method, Path: hr.URL.Path, Action: path.Base(hr.URL.Path),
		Query: hr.URL.Query(), Header: hr.Header.Clone(), Body: body,
	}
	if mt, params, err := mime.ParseMediaType(hr.Header.Get("Content-Type")); err == nil && mt == "multipart/form-data" {
		if err := r.parseMultipart(body, params["boundary"]); err != nil {
			writeError(w, &Error{Status: http.StatusBadRequest, Type: "validation", Message: "malformed multipart body: " + err.Error()})
			return
		}
	}
	s.mu.Lock()
	s.requests = append(s.requests, r)
	h := s.handlers[r.Action]
	auth := s.auth
	for k, v := range s.header {
		w.Header()[k] = v
	}
	s.mu.Unlock()

	if !strings.Contains(hr.URL.Path, "/action/") || (hr.Method != http.MethodPost && hr.Method != http.MethodGet) {
		writeError(w, &Error{Status: http.StatusNotFound, Type: "not_found", Message: "no such endpoint"})
		return
	}
	if auth != "" && hr.Header.Get("Authorization") != auth {
		writeError(w, &Error{Status: http.StatusUnauthorized, Type: "authentication", Message: "Invalid access token"})
		return
	}
	if h == nil {
		writeError(w, &Error{Status: http.StatusNotFound, Type: "not_found", Message: "webtest: no handler for action " + r.Action})
		return
	}
	v, err := h(hr.Context(), &r)
	if err != nil {
		if hr.Context().Err() != nil {
			return
		}
		e, ok := err.(*Error)
		if !ok {
			e = &Error{Status: http.StatusInternalServerError, Type: "internal", Message: err.Error()}
		}
		writeError(w, e)
		return
	}
	if v == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	data, ok := v.(json.RawMessage)
	if !ok {
		if data, err = json.Marshal(v); err != nil {
			writeError(w, &Error{Status: http.StatusInternalServerError, Type: "internal", Message: "webtest: cannot encode the handler's answer: " + err.Error()})
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

func (r *Request) parseMultipart(body []byte, boundary string) error {
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	r.Form = map[string]string{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return err
		}
		if p.FileName() != "" {
			r.Files = append(r.Files, File{Field: p.FormName(), Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data})
		} else {
			r.Form[p.FormName()] = string(data)
		}
	}
}

func writeError(w http.ResponseWriter, e *Error) {
	for k, v := range e.Header {
		w.Header()[k] = v
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((e.RetryAfter+time.Second-1)/time.Second)))
	}
	status := e.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	if e.Body != "" {
		ct := e.ContentType
		if ct == "" {
			ct = "text/html"
		}
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(status)
		io.WriteString(w, e.Body)
		return
	}
	obj := map[string]any{"type": e.Type, "message": e.Message}
	if len(e.Data) > 0 {
		obj["data"] = e.Data
	}
	data, _ := json.Marshal(map[string]any{"error": obj})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(data)
}
