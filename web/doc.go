// Package web is the Web API transport of the LiveChat Chat APIs: each call is one HTTPS
// request, POST <base>/action/<action> with a JSON payload (GET with query parameters where
// the API says so, multipart/form-data for file uploads), answered with a JSON payload or an
// error object. It knows no action: the generated packages (gen/<api>/<vNN>) wrap it in a
// typed WebClient with the same request and response types as their RTM Client.
//
//	c, err := web.New("https://api.livechatinc.com/v3.6/agent",
//		web.PersonalAccessToken(accountID, token), web.WithLogger(slog.Default()))
//	err = c.Call(ctx, "send_event", payload, &result)
//
// # Errors
//
// An error object {"error":{"type","message","data"}} becomes an *rtm.Error, the same type the
// RTM transport returns, with the HTTP status in StatusCode: one errors.As serves both
// transports. An error status without a JSON error object (a proxy's HTML page) becomes an
// *rtm.Error too, its Type derived from the status and its Message quoting at most a short,
// sanitised prefix of the body. A 2xx body that is not valid JSON wraps rtm.ErrDecode; a body
// larger than the limit (WithResponseLimit) is ErrResponseTooLarge; a request that got no
// response is a *RequestError. No error or log line holds a token, a header value, a query
// string or a payload.
//
// # Retries
//
// Only what is safe to repeat is retried: a 429 Too Many Requests or 503 Service Unavailable
// answer (after its Retry-After, if any), and a request that failed before its headers were
// written (a refused dial, a kept-alive connection the server had closed). 401, 403 and every other answer are returned at once. Attempts wait
// with exponential backoff and jitter, capped, and never past the caller's context; each retry
// is logged at Debug and counted (Stats). WithRetry sets the policy, WithoutRetry turns it off.
//
// # Security
//
// TLS is verified unless the *http.Client given with WithHTTPClient says otherwise (a warning
// is logged then). Credentials go only to the base URL's scheme and host: a redirect elsewhere
// is refused (ErrRedirect), so an Authorization header never follows it. The Legacy and
// Deprecation response headers, by which LiveChat announces a version's retirement, are logged
// once each at Warn.
package web
