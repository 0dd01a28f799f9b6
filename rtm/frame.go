package rtm

import (
	"strconv"

	"github.com/rtmkit/livechat-rtm/internal/wire"
)

// This file is the wire format: the decoder of inbound frames and the
// encoder of outbound requests. Neither uses reflection on the envelope.

// Frame types, the "type" field of an inbound frame.
const (
	frameResponse = "response"
	framePush     = "push"
)

// frame is one decoded inbound message. The byte slices point into the
// buffer given to decodeFrame (or, for the rare escaped string, into a fresh
// allocation); they are valid only as long as that buffer is.
type frame struct {
	requestID []byte // nil when absent or null
	action    []byte
	typ       []byte
	version   []byte
	success   bool   // true only when "success" is the literal true
	payload   []byte // the raw JSON value of "payload"; nil when absent or null
}

// errFrame describes why an inbound frame could not be decoded. Its text
// names the position, never the content, so it is safe to log.
type errFrame struct {
	msg string
	off int
}

func (e *errFrame) Error() string {
	return "malformed frame: " + e.msg + " at offset " + strconv.Itoa(e.off)
}

func frameErr(msg string, off int) error { return &errFrame{msg: msg, off: off} }

// asFrameErr turns an error of the scanner into an *errFrame.
func asFrameErr(err error) error {
	if e, ok := err.(*wire.Error); ok {
		return frameErr(e.Msg, e.Offset)
	}
	return err
}

// decodeFrame decodes the envelope of an inbound frame: a JSON object whose
// "request_id", "action", "type" and "version" members are strings (or null),
// "success" anything (true counts), "payload" any JSON value. Unknown members
// are validated and skipped. A duplicated member keeps its last value, as
// encoding/json does. The whole input must be valid JSON: it is scanned
// once, and the payload is left to decoders that trust it.
func decodeFrame(b []byte, f *frame) error {
	*f = frame{}
	i := wire.SkipWS(b, 0)
	if i >= len(b) {
		return frameErr("empty frame", i)
	}
	if b[i] != '{' {
		return frameErr("frame is not a JSON object", i)
	}
	i = wire.SkipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		i++
	} else {
		for {
			if i >= len(b) || b[i] != '"' {
				return frameErr("expected member name", i)
			}
			kStart := i
			kEnd, kFlags, err := wire.ScanString(b, i)
			if err != nil {
				return asFrameErr(err)
			}
			i = wire.SkipWS(b, kEnd)
			if i >= len(b) || b[i] != ':' {
				return frameErr("expected ':'", i)
			}
			i = wire.SkipWS(b, i+1)
			vStart := i
			var vEnd int
			var vFlags wire.StrFlags
			if i < len(b) && b[i] == '"' {
				vEnd, vFlags, err = wire.ScanString(b, i)
			} else {
				vEnd, err = wire.SkipValue(b, i, 1)
			}
			if err != nil {
				return asFrameErr(err)
			}
			if err := f.set(b[kStart:kEnd], kFlags, b[vStart:vEnd], vFlags, vStart); err != nil {
				return err
			}
			i = wire.SkipWS(b, vEnd)
			if i >= len(b) {
				return frameErr("unexpected end of frame", i)
			}
			if b[i] == ',' {
				i = wire.SkipWS(b, i+1)
				continue
			}
			if b[i] == '}' {
				i++
				break
			}
			return frameErr("expected ',' or '}'", i)
		}
	}
	if i = wire.SkipWS(b, i); i != len(b) {
		return frameErr("data after the frame object", i)
	}
	return nil
}

// set stores one member of the envelope. key is the raw quoted member name,
// val the raw value (vFlags its flags when it is a string).
func (f *frame) set(key []byte, kFlags wire.StrFlags, val []byte, vFlags wire.StrFlags, off int) error {
	name := key[1 : len(key)-1]
	if kFlags != 0 {
		name = wire.Unquote(nil, key)
	}
	var dst *[]byte
	switch string(name) {
	case "request_id":
		dst = &f.requestID
	case "action":
		dst = &f.action
	case "type":
		dst = &f.typ
	case "version":
		dst = &f.version
	case "success":
		f.success = string(val) == "true"
		return nil
	case "payload":
		if string(val) == "null" {
			f.payload = nil
		} else {
			f.payload = val
		}
		return nil
	default:
		return nil
	}
	switch val[0] {
	case 'n': // null: as if absent
		*dst = nil
		return nil
	case '"':
	default:
		return frameErr("member "+strconv.Quote(string(name))+" is not a string", off)
	}
	if vFlags == 0 {
		*dst = val[1 : len(val)-1]
		return nil
	}
	*dst = wire.Unquote([]byte{}, val)
	return nil
}

// parseRequestID parses a request id this package generated: a decimal
// number without sign or leading zero. It reports false for anything else.
func parseRequestID(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 20 || b[0] == '0' {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if !wire.IsDigit(c) {
			return 0, false
		}
		d := uint64(c - '0')
		if n > (1<<64-1-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}

// appendRequest appends the request envelope
// {"request_id":"<id>","action":<action>,"payload":<payload>[,"author_id":<author>]}.
// payload must already be valid JSON.
func appendRequest(dst []byte, id uint64, action string, payload []byte, authorID string) []byte {
	dst = appendRequestHead(dst, id, action)
	dst = append(dst, payload...)
	return appendRequestTail(dst, authorID)
}

// appendRequestHead appends the envelope up to the payload:
// {"request_id":"<id>","action":<action>,"payload":
func appendRequestHead(dst []byte, id uint64, action string) []byte {
	dst = append(dst, `{"request_id":"`...)
	dst = strconv.AppendUint(dst, id, 10)
	dst = append(dst, `","action":`...)
	dst = appendJSONString(dst, action)
	return append(dst, `,"payload":`...)
}

// appendRequestTail appends the envelope after the payload.
func appendRequestTail(dst []byte, authorID string) []byte {
	if authorID != "" {
		dst = append(dst, `,"author_id":`...)
		dst = appendJSONString(dst, authorID)
	}
	return append(dst, '}')
}

// appendJSONString appends s as a JSON string, escaping like encoding/json
// (without its HTML escaping); invalid UTF-8 becomes U+FFFD.
func appendJSONString(dst []byte, s string) []byte { return wire.AppendQuoted(dst, s, false) }
