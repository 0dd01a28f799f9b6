package rtm

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
)

// DisconnectPolicy tells a Conn how to act on the push by which the server
// announces that it is about to close the connection, and why (the
// agent_disconnected and customer_disconnected pushes, whose payload is
// {"reason": ..., "data": {"region": ...}}). The generated clients set it
// from their spec (the reasons are per API version, from the push docs);
// programs rarely need to.
//
// When the connection then ends, a Stop reason ends reconnecting: the Conn
// gives up, and Err, the lifecycle event and the failed calls carry a
// *DisconnectError. A WrongRegion reason reconnects to the URL of the region
// in data.region (RegionURL), or stops if it has none. Any other reason
// reconnects as usual (with a reconnect policy). Every reason is in the
// EventDisconnected, EventRetrying and EventGaveUp events (Reason).
//
// RegionURL also serves the misdirected_request errors of the connect and
// reconnect hooks (a login sent to the wrong data center, the region in the
// error's data): at Dial, the hooks are run once more on a connection to the
// region's URL; after a reconnection, the Conn reconnects there. It is the
// only source of such URLs, so the credentials go nowhere else; a region URL
// that is not TLS while the Conn's URL was is refused.
type DisconnectPolicy struct {
	Push        string                           // the push that announces it, e.g. "agent_disconnected"
	Stop        []string                         // reasons after which reconnecting cannot help
	WrongRegion []string                         // reasons whose data.region names the region to connect to
	RegionURL   func(region string) (url string) // the URL of a region, "" if unknown; nil: none known
}

func (p *DisconnectPolicy) regionURL(region string) string {
	if p == nil || p.RegionURL == nil || region == "" {
		return ""
	}
	return p.RegionURL(region)
}

// WithDisconnectPolicy sets how the Conn acts on the server's disconnect
// reasons (see DisconnectPolicy). An empty Push is an error at Dial.
func WithDisconnectPolicy(p DisconnectPolicy) Option {
	return connOption(func(c *config) {
		if p.Push == "" {
			c.problem("WithDisconnectPolicy: empty push name")
			return
		}
		p.Stop, p.WrongRegion = slices.Clone(p.Stop), slices.Clone(p.WrongRegion)
		c.disconnect = &p
	})
}

// DisconnectError is the reason the server gave, by a disconnect push (see
// DisconnectPolicy), for the end of a connection. It is the cause of the
// ErrConnectionLost of the calls that connection failed.
type DisconnectError struct {
	Push      string // e.g. "agent_disconnected"
	Reason    string // e.g. "agent_logged_out_remotely"
	Region    string // data.region, when the server sent one
	Reconnect bool   // false: reconnecting cannot help, the Conn gave up
	Err       error  // how the connection then ended, nil if it had not yet

	wrongRegion bool
}

// Error returns "rtm: server disconnected: <push> <reason> (region <r>)[: <err>]".
func (e *DisconnectError) Error() string {
	var b strings.Builder
	b.WriteString("rtm: server disconnected: ")
	b.WriteString(e.Push)
	b.WriteString(" ")
	b.WriteString(e.Reason)
	if e.Region != "" {
		b.WriteString(" (region ")
		b.WriteString(e.Region)
		b.WriteString(")")
	}
	if !e.Reconnect {
		b.WriteString(", not reconnecting")
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns how the connection ended.
func (e *DisconnectError) Unwrap() error { return e.Err }

// noteDisconnect records the server's announced reason on s (reader
// goroutine), so that the end of s, which follows, is decided by it even if
// the close arrives before any handler runs.
func (c *Conn) noteDisconnect(s *session, payload []byte) {
	var p struct {
		Reason string `json:"reason"`
		Data   struct {
			Region string `json:"region"`
		} `json:"data"`
	}
	if err := json.Unmarshal(payload, &p); err != nil || p.Reason == "" {
		c.log.Warn("rtm: disconnect push without a reason", "action", c.cfg.disconnect.Push, "bytes", len(payload))
		return
	}
	pol := c.cfg.disconnect
	de := &DisconnectError{Push: pol.Push, Reason: clipString(p.Reason), Region: clipString(p.Data.Region), Reconnect: true}
	switch {
	case slices.Contains(pol.Stop, p.Reason):
		de.Reconnect = false
	case slices.Contains(pol.WrongRegion, p.Reason):
		de.wrongRegion = true
		de.Reconnect = pol.regionURL(de.Region) != ""
	}
	s.disconnect.Store(de)
	c.log.Warn("rtm: server announced a disconnection", "reason", de.Reason, "region", de.Region, "reconnect", de.Reconnect)
}

// withDisconnect returns the cause of the end of s: readErr, wrapped in the
// reason the server announced, if it did.
func (s *session) withDisconnect(readErr error) error {
	de := s.disconnect.Load()
	if de == nil {
		return readErr
	}
	e := *de
	e.Err = readErr
	return &e
}

// disconnectReason returns the server's reason in err's chain, or "".
func disconnectReason(err error) string {
	var de *DisconnectError
	if errors.As(err, &de) {
		return de.Reason
	}
	return ""
}

// misdirectedRegion returns the region of a misdirected_request *Error in
// err's chain, or "".
func misdirectedRegion(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Type == ErrorTypeMisdirectedRequest {
		return e.Region()
	}
	return ""
}

// clipString returns a string the server sent, for an error or a log line: cut (see cut)
// and marked "…" when long.
func clipString(s string) string {
	if c, ok := cut(s); ok {
		return c + "…"
	}
	return s
}

// cut returns the first 64 bytes of s, less the end of a UTF-8 sequence they would split,
// and true; or s and false when it is no longer.
func cut(s string) (string, bool) {
	const limit = 64
	if len(s) <= limit {
		return s, false
	}
	n := limit
	for n > 0 && s[n]&0xC0 == 0x80 { // s[n] continues the sequence that s[n-1] is in
		n--
	}
	return s[:n], true
}
