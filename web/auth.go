package web

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
)

// The authorization schemes of the Web API.
const (
	SchemeBearer = "Bearer" // OAuth access tokens, customer tokens, bot tokens
	SchemeBasic  = "Basic"  // personal access tokens, as account_id:token
)

// ErrNoToken: the Credentials gave an empty token (or none were given). Nothing was sent.
var ErrNoToken = errors.New("web: no access token")

// Token is the credential of one request.
type Token struct {
	Scheme    string // SchemeBearer or SchemeBasic
	AccountID string // SchemeBasic: the account ID (the user part of account_id:token)
	Value     string // the access token or personal access token
}

// Region returns the data center a LiveChat token names by its prefix ("dal" for
// "dal:Xm9...", "fra" for "fra:..."), or "" when it has none.
func (t Token) Region() string {
	prefix, _, ok := strings.Cut(t.Value, ":")
	if !ok || len(prefix) == 0 || len(prefix) > 8 {
		return ""
	}
	for i := 0; i < len(prefix); i++ {
		if prefix[i] < 'a' || prefix[i] > 'z' {
			return ""
		}
	}
	return prefix
}

// header returns the Authorization header value.
func (t Token) header() (string, error) {
	if t.Value == "" {
		return "", ErrNoToken
	}
	switch t.Scheme {
	case SchemeBearer, "":
		return "Bearer " + t.Value, nil
	case SchemeBasic:
		if t.AccountID == "" {
			return "", errors.New("web: a personal access token needs its account ID")
		}
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(t.AccountID+":"+t.Value)), nil
	}
	return "", errors.New("web: unknown authorization scheme (want Bearer or Basic)")
}

// Credentials authenticate the requests of a Client. Token is called before every attempt, so
// an implementation may refresh an expiring token (TokenFunc adapts a function).
type Credentials interface {
	Token(ctx context.Context) (Token, error)
}

// TokenFunc adapts a function, such as one that refreshes an OAuth token, to Credentials.
type TokenFunc func(ctx context.Context) (Token, error)

// Token calls f.
func (f TokenFunc) Token(ctx context.Context) (Token, error) { return f(ctx) }

// Bearer returns Credentials that send one fixed access token as "Authorization: Bearer".
func Bearer(token string) Credentials { return static{Token{Scheme: SchemeBearer, Value: token}} }

// BearerFunc returns Credentials that ask fn for the access token of each request.
func BearerFunc(fn func(ctx context.Context) (string, error)) Credentials {
	return TokenFunc(func(ctx context.Context) (Token, error) {
		v, err := fn(ctx)
		return Token{Scheme: SchemeBearer, Value: v}, err
	})
}

// PersonalAccessToken returns Credentials that send a personal access token as
// "Authorization: Basic base64(account_id:token)".
func PersonalAccessToken(accountID, token string) Credentials {
	return static{Token{Scheme: SchemeBasic, AccountID: accountID, Value: token}}
}

// static is a fixed token. It prints without its secret.
type static struct{ t Token }

func (s static) Token(context.Context) (Token, error) { return s.t, nil }

// String returns the scheme only, so that printing Credentials reveals no secret.
func (s static) String() string { return "web.Credentials(" + s.t.Scheme + ", redacted)" }

// GoString is String, for %#v.
func (s static) GoString() string { return s.String() }
