package rtm

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// decoded is a frame in comparable form.
type decoded struct {
	RequestID, Action, Type, Version *string
	Success                          bool
	Payload                          *string
}

func strp(s string) *string { return &s }

func fromFrame(f *frame) decoded {
	opt := func(b []byte) *string {
		if b == nil {
			return nil
		}
		return strp(string(b))
	}
	return decoded{
		RequestID: opt(f.requestID), Action: opt(f.action), Type: opt(f.typ), Version: opt(f.version),
		Success: f.success, Payload: opt(f.payload),
	}
}

// referenceDecode decodes b with encoding/json, with the semantics
// decodeFrame promises; ok is false when decodeFrame must fail.
func referenceDecode(b []byte) (d decoded, ok bool) {
	if !json.Valid(b) {
		return d, false
	}
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		return d, false
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return d, false
	}
	for key, dst := range map[string]**string{
		"request_id": &d.RequestID, "action": &d.Action, "type": &d.Type, "version": &d.Version,
	} {
		v, present := m[key]
		if !present || string(v) == "null" {
			continue
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return d, false
		}
		*dst = &s
	}
	d.Success = string(m["success"]) == "true"
	if v, present := m["payload"]; present && string(v) != "null" {
		d.Payload = strp(string(v))
	}
	return d, true
}

var frameSeeds = []string{
	`{"request_id":"1","action":"login","type":"response","success":true,"payload":{"license":{"id":"123"}}}`,
	`{"action":"incoming_event","type":"push","payload":{"chat_id":"PJ0MRSHTDG","event":{"type":"message","text":"hi"}}}`,
	`{"request_id":"7","action":"send_event","type":"response","success":false,"payload":{"error":{"type":"validation","message":"Wrong format of request"}}}`,
	`{"request_id":"12","action":"incoming_chat","type":"push","version":"3.6","payload":{}}`,
	` { "type" : "push" , "action" : "x" , "payload" : [1, 2.5e-3, -0, "s", true, false, null, {}, []] } `,
	`{"type":"response","request_id":null,"payload":null,"success":"yes"}`,
	`{"action":"caf\u00e9","type":"pu\"sh","request_id":"\ud83d\ude00"}`,
	`{"action":"a","action":"b","payload":1,"payload":2}`,
	`{"act\u0069on":"escaped key"}`,
	`{"x":{"deep":[[[[{"a":[{"b":null}]}]]]]}}`,
	`{}`,
	`{"action":"\xff\xfe"}`,
	`{"request_id":5}`,
	`{"payload":}`,
	`{"a":1,}`,
	`{"a" 1}`,
	`[1]`,
	`"str"`,
	`null`,
	``,
	`{"a":1} x`,
	`{"a":"\u12"}`,
	`{"a":"\q"}`,
	"{\"a\":\"\x01\"}",
	`{"a":01}`,
	`{"a":1.}`,
	`{"a":-}`,
	`{"a":1e+}`,
	`{"a":tru}`,
	`{"a":[1 2]}`,
	`{"a":{"b"}}`,
	`{"a":{1:2}}`,
}

func TestDecodeFrame(t *testing.T) {
	t.Parallel()
	for _, in := range frameSeeds {
		var f frame
		err := decodeFrame([]byte(in), &f)
		want, ok := referenceDecode([]byte(in))
		if ok != (err == nil) {
			t.Errorf("decodeFrame(%q) error = %v, want ok = %v", in, err, ok)
			continue
		}
		if err != nil {
			if strings.Contains(err.Error(), in) && len(in) > 2 {
				t.Errorf("error %q quotes the frame", err)
			}
			continue
		}
		if diff := cmp.Diff(want, fromFrame(&f)); diff != "" {
			t.Errorf("decodeFrame(%q) (-want +got):\n%s", in, diff)
		}
	}
}

func TestDecodeFrameResponse(t *testing.T) {
	t.Parallel()
	var f frame
	in := `{"request_id":"42","action":"send_event","type":"response","success":true,"payload":{"event_id":"K600PKZON8_1"}}`
	if err := decodeFrame([]byte(in), &f); err != nil {
		t.Fatal(err)
	}
	want := decoded{RequestID: strp("42"), Action: strp("send_event"), Type: strp("response"), Success: true,
		Payload: strp(`{"event_id":"K600PKZON8_1"}`)}
	if diff := cmp.Diff(want, fromFrame(&f)); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if id, ok := parseRequestID(f.requestID); !ok || id != 42 {
		t.Fatalf("parseRequestID = %d, %v", id, ok)
	}
}

// TestDecodeFrameNesting checks the depth limit against encoding/json's and
// that absurd nesting neither crashes nor recurses.
func TestDecodeFrameNesting(t *testing.T) {
	t.Parallel()
	for _, depth := range []int{1, 9998, 9999, 10000, 10001, 1 << 20} {
		in := `{"payload":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}`
		var f frame
		err := decodeFrame([]byte(in), &f)
		if valid := json.Valid([]byte(in)); valid != (err == nil) {
			t.Errorf("depth %d: json.Valid = %v, decodeFrame error = %v", depth, valid, err)
		}
	}
	// Unterminated nesting.
	var f frame
	if err := decodeFrame([]byte(`{"payload":`+strings.Repeat(`{"a":[`, 5000)), &f); err == nil {
		t.Error("unterminated nesting accepted")
	}
}

func TestParseRequestID(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]uint64{"1": 1, "42": 42, "18446744073709551615": 1<<64 - 1} {
		if got, ok := parseRequestID([]byte(in)); !ok || got != want {
			t.Errorf("parseRequestID(%q) = %d, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "0", "01", "-1", "1a", "18446744073709551616", "99999999999999999999", "abc"} {
		if got, ok := parseRequestID([]byte(in)); ok {
			t.Errorf("parseRequestID(%q) = %d, want failure", in, got)
		}
	}
}

func TestAppendRequest(t *testing.T) {
	t.Parallel()
	got := appendRequest(nil, 7, "send_event", []byte(`{"chat_id":"X"}`), "")
	if want := `{"request_id":"7","action":"send_event","payload":{"chat_id":"X"}}`; string(got) != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	got = appendRequest(nil, 8, "a\"b", []byte(`{}`), "agent@example.com")
	var m map[string]any
	if err := json.Unmarshal(got, &m); err != nil {
		t.Fatalf("%s: %v", got, err)
	}
	want := map[string]any{"request_id": "8", "action": "a\"b", "payload": map[string]any{}, "author_id": "agent@example.com"}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// marshalString is encoding/json's string encoding without HTML escaping.
func marshalString(s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func TestAppendJSONString(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "login", "a\"b\\c", "tab\tnl\nret\r", "\x00\x1f\x7f", "café ☕ 😀", "\xff\xfe bad", "\u2028\u2029", "<&>"} {
		if got, want := appendJSONString(nil, s), marshalString(s); !bytes.Equal(got, want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "x", "a\"b", "\xff", "\u2028", "😀\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := appendJSONString(nil, s), marshalString(s); !bytes.Equal(got, want) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}

// FuzzDecodeFrame checks the inbound frame decoder against encoding/json:
// it never panics, accepts exactly the valid JSON objects whose envelope
// fields are strings (or null), and decodes them the same way.
func FuzzDecodeFrame(f *testing.F) {
	for _, s := range frameSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var fr frame
		err := decodeFrame(b, &fr)
		want, ok := referenceDecode(b)
		if ok != (err == nil) {
			t.Fatalf("decodeFrame(%q) error = %v, want ok = %v", b, err, ok)
		}
		if err != nil {
			return
		}
		if diff := cmp.Diff(want, fromFrame(&fr)); diff != "" {
			t.Fatalf("decodeFrame(%q) (-want +got):\n%s", b, diff)
		}
	})
}

func TestReconnectPolicyDelay(t *testing.T) {
	t.Parallel()
	p := ReconnectPolicy{MinDelay: 100e6, MaxDelay: 1e9, Jitter: -1}.withDefaults()
	var got []float64
	for n := 1; n <= 6; n++ {
		got = append(got, p.delay(n, 0.99).Seconds())
	}
	want := []float64{0.1, 0.2, 0.4, 0.8, 1, 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("no jitter (-want +got):\n%s", diff)
	}
	p = ReconnectPolicy{MinDelay: 1e9, MaxDelay: 8e9}.withDefaults() // jitter 0.5
	for n := 1; n < 100; n++ {
		hi := p.delay(n, 0)
		lo := p.delay(n, 0.999999)
		if hi > 8e9 || lo < hi/2-1 || lo > hi {
			t.Fatalf("attempt %d: delays [%v, %v] outside the policy", n, lo, hi)
		}
	}
	if d := p.delay(1000000, 0); d != 8e9 {
		t.Fatalf("huge attempt number: delay %v, want the cap", d)
	}
}

// TestClipStringKeepsUTF8: a long string the server sent is cut to at most 64 bytes for
// errors and log lines, never inside a UTF-8 sequence, and marked; a short one is kept.
func TestClipStringKeepsUTF8(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"fra":                         "fra",
		strings.Repeat("a", 64):       strings.Repeat("a", 64),
		strings.Repeat("a", 65):       strings.Repeat("a", 64) + "…",
		"a" + strings.Repeat("é", 40): "a" + strings.Repeat("é", 31) + "…", // byte 64 is inside the 32nd é
	} {
		if got := clipString(in); got != want {
			t.Errorf("clipString(%q) = %q, want %q", in, got, want)
		}
	}
}
