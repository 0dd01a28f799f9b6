package webhook

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"sync"
)

// Config configures a Receiver.
type Config struct {
	// Secret is what each webhook's secret_key must equal: SecretKey(key), or NoSecret() to
	// accept any. Required: the zero Secret makes NewReceiver fail.
	Secret Secret
	// MaxBodyBytes limits the size of a body; 0 means DefaultMaxBodyBytes (1 MiB).
	MaxBodyBytes int64
	// Logger receives one line per refused or failed webhook (never its payload or secret);
	// nil means slog.Default().
	Logger *slog.Logger
}

// Handler handles one webhook. Its context is the HTTP request's. A nil error answers 200;
// an *Error answers its status (Malformed: 400); any other error answers 500, so that
// LiveChat delivers the webhook again.
type Handler func(ctx context.Context, w *Webhook) error

// Receiver is an http.Handler receiving webhooks and dispatching them by action. Register
// handlers with Handle and HandleUnhandled; a Receiver is safe for concurrent use, and
// handlers may be registered while it serves.
type Receiver struct {
	secret    Secret
	limit     int64
	log       *slog.Logger
	mu        sync.RWMutex
	byName    map[string]*registration
	unhandled *registration
}

type registration struct{ h Handler }

// NewReceiver returns a Receiver, or ErrNoSecret when cfg.Secret is the zero Secret.
func NewReceiver(cfg Config) (*Receiver, error) {
	if cfg.Secret.mode == secretUnset {
		return nil, ErrNoSecret
	}
	if cfg.MaxBodyBytes < 0 {
		return nil, errors.New("webhook: negative MaxBodyBytes")
	}
	r := &Receiver{secret: cfg.Secret, limit: cfg.MaxBodyBytes, log: cfg.Logger, byName: map[string]*registration{}}
	if r.limit == 0 {
		r.limit = DefaultMaxBodyBytes
	}
	if r.log == nil {
		r.log = slog.Default()
	}
	return r, nil
}

// Handle registers h for the webhooks of action, replacing any handler of that action. It
// returns a function that removes the registration (if it is still the current one).
func (r *Receiver) Handle(action string, h Handler) (remove func()) {
	reg := &registration{h: h}
	r.mu.Lock()
	r.byName[action] = reg
	r.mu.Unlock()
	return func() {
		r.mu.Lock()
		if r.byName[action] == reg {
			delete(r.byName, action)
		}
		r.mu.Unlock()
	}
}

// HandleUnhandled registers h for the webhooks no Handle registration takes: actions the
// generated package does not describe, and described ones nobody registered for. Without it,
// such webhooks are answered 200 and logged by action. It returns a function that removes
// the registration.
func (r *Receiver) HandleUnhandled(h Handler) (remove func()) {
	reg := &registration{h: h}
	r.mu.Lock()
	r.unhandled = reg
	r.mu.Unlock()
	return func() {
		r.mu.Lock()
		if r.unhandled == reg {
			r.unhandled = nil
		}
		r.mu.Unlock()
	}
}

// Parse checks and decodes body with the Receiver's secret (see the function Parse), after
// checking its size against the Receiver's limit.
func (r *Receiver) Parse(body []byte) (*Webhook, error) {
	if int64(len(body)) > r.limit {
		return nil, &Error{Status: http.StatusRequestEntityTooLarge, Reason: "body too large"}
	}
	return Parse(body, r.secret)
}

// Dispatch calls the handler of w.Action (or the unhandled-webhook handler) and returns its
// error; without a handler it returns nil.
func (r *Receiver) Dispatch(ctx context.Context, w *Webhook) error {
	r.mu.RLock()
	reg := r.byName[w.Action]
	if reg == nil {
		reg = r.unhandled
	}
	r.mu.RUnlock()
	if reg == nil {
		r.log.LogAttrs(ctx, slog.LevelWarn, "webhook: no handler; answered 200",
			slog.String("action", clipText(w.Action, 100)), slog.String("webhook_id", clipText(w.WebhookID, 100)))
		return nil
	}
	return reg.h(ctx, w)
}

// ServeHTTP receives one webhook: see the package documentation for the answers.
func (r *Receiver) ServeHTTP(rw http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodPost {
		rw.Header().Set("Allow", http.MethodPost)
		r.refuse(rw, req, &Error{Status: http.StatusMethodNotAllowed, Reason: "want POST"})
		return
	}
	if !isJSON(req.Header.Get("Content-Type")) {
		r.refuse(rw, req, &Error{Status: http.StatusUnsupportedMediaType, Reason: "want Content-Type: application/json"})
		return
	}
	if req.ContentLength > r.limit {
		r.refuse(rw, req, &Error{Status: http.StatusRequestEntityTooLarge, Reason: "body too large"})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(rw, req.Body, r.limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			r.refuse(rw, req, &Error{Status: http.StatusRequestEntityTooLarge, Reason: "body too large"})
			return
		}
		r.refuse(rw, req, &Error{Status: http.StatusBadRequest, Reason: "reading the body failed"})
		return
	}
	w, err := Parse(body, r.secret)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			e = &Error{Status: http.StatusInternalServerError, Reason: "receiver misconfigured"}
		}
		r.refuse(rw, req, e)
		return
	}
	if err := r.Dispatch(req.Context(), w); err != nil {
		var e *Error
		if errors.As(err, &e) && e.Status >= 400 && e.Status < 500 {
			r.refuse(rw, req, e, slog.String("action", clipText(w.Action, 100)), slog.String("webhook_id", clipText(w.WebhookID, 100)))
			return
		}
		// The handler's error is logged (it is the program's own text); the payload is not.
		r.log.LogAttrs(req.Context(), slog.LevelError, "webhook: handler failed; answered 500",
			slog.String("action", clipText(w.Action, 100)), slog.String("webhook_id", clipText(w.WebhookID, 100)),
			slog.String("error", err.Error()))
		http.Error(rw, "handler failed", http.StatusInternalServerError)
		return
	}
	rw.WriteHeader(http.StatusOK)
}

// refuse answers e's status with its reason and logs it, without the reason's details: the
// field it names and the status only.
func (r *Receiver) refuse(rw http.ResponseWriter, req *http.Request, e *Error, attrs ...slog.Attr) {
	attrs = append(attrs, slog.Int("status", e.Status))
	if e.Field != "" {
		attrs = append(attrs, slog.String("field", clipText(e.Field, 100)))
	}
	r.log.LogAttrs(req.Context(), slog.LevelInfo, "webhook: refused", attrs...)
	msg := http.StatusText(e.Status)
	if e.Field != "" {
		msg += ": " + e.Field
	}
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	http.Error(rw, msg, e.Status)
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}
