package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rtmkit/livechat-rtm/web"
	"github.com/rtmkit/livechat-rtm/web/webtest"
)

// TestUploadMultipart: Upload sends the file as a multipart/form-data part with its name and
// content type, and returns the URL of the response.
func TestUploadMultipart(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("upload_file", webtest.Reply(map[string]string{"url": "https://cdn.example/f.png"}))
	c := newClient(t, srv, web.Bearer("t"))
	content := bytes.Repeat([]byte("PNG"), 1000)
	for _, size := range []int64{int64(len(content)), 0} {
		var got struct {
			URL string `json:"url"`
		}
		u := &web.Upload{Action: "upload_file", File: web.File{Name: `a "b".png`, ContentType: "image/png", Body: bytes.NewReader(content), Size: size}}
		if err := c.Upload(testCtx(t), u, &got); err != nil {
			t.Fatalf("size %d: Upload: %v", size, err)
		}
		if got.URL != "https://cdn.example/f.png" {
			t.Errorf("url %q", got.URL)
		}
		r, _ := srv.LastRequest("upload_file")
		want := []webtest.File{{Field: "file", Name: `a "b".png`, ContentType: "image/png", Data: content}}
		if diff := cmp.Diff(want, r.Files); diff != "" {
			t.Errorf("size %d: files (-want +got):\n%s", size, diff)
		}
		if r.Method != "POST" || r.Path != "/v3.6/agent/action/upload_file" || !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data; boundary=") {
			t.Errorf("request %s %s %s", r.Method, r.Path, r.Header.Get("Content-Type"))
		}
	}
}

// TestUploadWrappedFields: with a wrapped payload (Agent API v3.0) the form fields are
// payload.<name>.
func TestUploadWrappedFields(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("send_file", webtest.Reply(map[string]string{"url": "u"}))
	c := newClient(t, srv, web.Bearer("t"), web.WithWrappedPayload())
	u := &web.Upload{Action: "send_file", Fields: []web.FormField{{Name: "chat_id", Value: "C1"}}, File: web.File{Name: "f.txt", Body: strings.NewReader("hi")}}
	if err := c.Upload(testCtx(t), u, nil); err != nil {
		t.Fatal(err)
	}
	r, _ := srv.LastRequest("send_file")
	if r.Form["payload.chat_id"] != "C1" || len(r.Files) != 1 || r.Files[0].Field != "payload.file" || r.Files[0].ContentType != "application/octet-stream" {
		t.Errorf("form %v files %+v", r.Form, r.Files)
	}
}

// TestUploadKnownSizeOverLimitNotSent: a file whose size exceeds the limit fails with
// ErrFileTooLarge before anything is sent.
func TestUploadKnownSizeOverLimitNotSent(t *testing.T) {
	srv := webtest.New(t)
	c := newClient(t, srv, web.Bearer("t"))
	u := &web.Upload{Action: "upload_file", File: web.File{Name: "big.bin", Body: strings.NewReader(""), Size: web.DefaultUploadLimit + 1}}
	err := c.Upload(testCtx(t), u, nil)
	if !errors.Is(err, web.ErrFileTooLarge) || !strings.Contains(err.Error(), `"big.bin"`) {
		t.Fatalf("err = %v", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestUploadUnknownSizeOverLimit: a streamed file that turns out larger than the limit fails
// with ErrFileTooLarge.
func TestUploadUnknownSizeOverLimit(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("upload_file", webtest.Reply(map[string]string{"url": "u"}))
	c := newClient(t, srv, web.Bearer("t"), web.WithUploadLimit(1000))
	u := &web.Upload{Action: "upload_file", File: web.File{Name: "f", Body: bytes.NewReader(make([]byte, 5000))}}
	if err := c.Upload(testCtx(t), u, nil); !errors.Is(err, web.ErrFileTooLarge) {
		t.Fatalf("err = %v", err)
	}
}

// TestUploadShortFile: a file shorter than its declared Size fails clearly.
func TestUploadShortFile(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("upload_file", webtest.Reply(map[string]string{"url": "u"}))
	c := newClient(t, srv, web.Bearer("t"))
	u := &web.Upload{Action: "upload_file", File: web.File{Name: "f", Body: strings.NewReader("abc"), Size: 10}}
	if err := c.Upload(testCtx(t), u, nil); err == nil || !strings.Contains(err.Error(), "ended after 3 of its 10 bytes") {
		t.Fatalf("err = %v", err)
	}
}

// TestUploadCancelledMidway: cancelling the context while the file is being sent ends the
// upload promptly with the context's error, and the file is closed.
func TestUploadCancelledMidway(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("upload_file", webtest.Reply(map[string]string{"url": "u"}))
	c := newClient(t, srv, web.Bearer("t"))
	pr, pw := io.Pipe()
	go func() {
		pw.Write(bytes.Repeat([]byte("x"), 4096)) // then nothing more until closed
	}()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	var err error
	promptly(t, 5*time.Second, func() {
		err = c.Upload(ctx, &web.Upload{Action: "upload_file", File: web.File{Name: "f", Body: pr}}, nil)
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	// Upload closed the pipe (an io.Closer body): a further write fails.
	if _, werr := pw.Write([]byte("y")); werr == nil {
		t.Error("the file body was not closed")
	}
}

// TestUploadRetriedOnlyBeforeSending: a 503 after the body was sent is not retried (the
// body cannot be read twice).
func TestUploadRetriedOnlyBeforeSending(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("upload_file", webtest.Fail(&webtest.Error{Status: 503, Type: "service_unavailable"}))
	c := newClient(t, srv, web.Bearer("t"), fastRetry)
	err := c.Upload(testCtx(t), &web.Upload{Action: "upload_file", File: web.File{Name: "f", Body: strings.NewReader("abc")}}, &json.RawMessage{})
	if err == nil || len(srv.Requests()) != 1 {
		t.Errorf("err = %v after %d requests", err, len(srv.Requests()))
	}
}
