package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/rtmkit/livechat-rtm/rtm"
)

// File is a file to upload. Body is read once, streamed as it is sent; when it is an
// io.Closer it is closed when the request ends. A Read blocked in a Body that is not an
// io.Closer holds the call until it returns, even after the context ended: give a Body that
// may block (a pipe, a network stream) a Close.
type File struct {
	Name        string    // the file name sent to the server, e.g. "image.png"
	ContentType string    // e.g. "image/png"; default application/octet-stream
	Body        io.Reader // the content
	// Size is the content's length in bytes when known (> 0): it is checked against the upload
	// limit before anything is sent, and exactly Size bytes are sent. 0 means unknown: the
	// content is streamed and the call fails with ErrFileTooLarge once it exceeds the limit.
	Size int64
}

// FormField is a plain form field sent beside the file.
type FormField struct {
	Name, Value string
}

// Upload is one multipart/form-data call, such as upload_file.
type Upload struct {
	Action    string      // e.g. "upload_file"
	FileField string      // the form field of the file; default "file"
	File      File        // the file
	Fields    []FormField // other form fields (e.g. chat_id of Agent API v3.0 send_file)
	Query     url.Values  // query parameters of this call, beside the Client's
}

// Upload sends the file as multipart/form-data to the action and decodes the response (for
// upload_file: {"url": ...}) into result. The file is streamed from File.Body; it is checked
// against the upload limit (WithUploadLimit) before sending when File.Size is known, and while
// sending otherwise. Only a connection refused before any byte of the body was read is
// retried, since the body cannot be read twice. ctx bounds the whole upload.
func (c *Client) Upload(ctx context.Context, u *Upload, result any, opts ...rtm.CallOption) error {
	err := c.upload(ctx, u, result, rtm.CallAuthorID(opts...))
	if err != nil {
		c.failures.Add(1)
	}
	return err
}

func (c *Client) upload(ctx context.Context, u *Upload, result any, authorID string) error {
	if err := ctx.Err(); err != nil {
		return &RequestError{Action: u.Action, URL: c.base + "/action/" + u.Action, NotSent: true, Err: err}
	}
	if authorID != "" && c.cfg.authorID == AuthorIDUnsupported {
		return fmt.Errorf("web: %s: %w", u.Action, ErrAuthorIDUnsupported)
	}
	if u.File.Body == nil {
		return fmt.Errorf("web: %s: the file has no Body", u.Action)
	}
	limit := c.cfg.uploadLimit
	if u.File.Size > limit {
		return fmt.Errorf("web: %s: %w: %s is %d bytes, the limit is %d", u.Action, ErrFileTooLarge, strconv.Quote(u.File.Name), u.File.Size, limit)
	}
	prefix, suffix, contentType, err := c.multipartFrame(u, authorID)
	if err != nil {
		return fmt.Errorf("web: %s: %w: %w", u.Action, rtm.ErrEncode, err)
	}
	if c.cfg.callTimeout > 0 {
		if _, ok := ctx.Deadline(); !ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, c.cfg.callTimeout)
			defer cancel()
		}
	}
	file := &fileReader{r: u.File.Body, size: u.File.Size, limit: limit}
	body := &uploadBody{parts: []io.Reader{bytes.NewReader(prefix), file, bytes.NewReader(suffix)}}
	if closer, ok := u.File.Body.(io.Closer); ok {
		body.closer = closer
		defer body.Close()
	}
	var tooLarge error
	send := func(ctx context.Context, tok Token, header string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.actionURL(u.Action, tok, u.Query), body)
		if err != nil {
			return nil, err
		}
		if u.File.Size > 0 {
			req.ContentLength = int64(len(prefix)) + u.File.Size + int64(len(suffix))
		} else {
			req.ContentLength = -1 // chunked
		}
		req.Header["Content-Type"] = []string{contentType}
		c.setHeaders(req, header, authorID)
		// net/http waits for the body's writer before returning a cancelled request: closing
		// the file when ctx ends unblocks a read waiting in it.
		stop := context.AfterFunc(ctx, func() { body.Close() })
		resp, err := c.hc.Do(req)
		stop()
		if file.err != nil {
			tooLarge = file.err
			if resp != nil {
				resp.Body.Close()
			}
			return nil, file.err
		}
		return resp, err
	}
	err = c.exchange(ctx, u.Action, false, send, result, func() bool { return body.read == 0 })
	if tooLarge != nil && errors.Is(tooLarge, ErrFileTooLarge) {
		return fmt.Errorf("web: %s: %w: %s is larger than %d bytes", u.Action, ErrFileTooLarge, strconv.Quote(u.File.Name), limit)
	}
	return err
}

// multipartFrame returns the bytes before the file's content (the other fields and the file
// part's header) and after it (the closing boundary), and the Content-Type of the body.
func (c *Client) multipartFrame(u *Upload, authorID string) (prefix, suffix []byte, contentType string, err error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	name := func(n string) string {
		if c.cfg.wrap {
			return "payload." + n
		}
		return n
	}
	for _, f := range u.Fields {
		if err := w.WriteField(name(f.Name), f.Value); err != nil {
			return nil, nil, "", err
		}
	}
	if authorID != "" && c.cfg.authorID == AuthorIDBody {
		if err := w.WriteField("author_id", authorID); err != nil {
			return nil, nil, "", err
		}
	}
	field := u.FileField
	if field == "" {
		field = "file"
	}
	fileName := u.File.Name
	if fileName == "" {
		fileName = "file"
	}
	ct := u.File.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="`+escapeQuotes(name(field))+`"; filename="`+escapeQuotes(fileName)+`"`)
	h.Set("Content-Type", ct)
	if _, err := w.CreatePart(h); err != nil {
		return nil, nil, "", err
	}
	prefix = bytes.Clone(buf.Bytes())
	buf.Reset()
	if err := w.Close(); err != nil {
		return nil, nil, "", err
	}
	return prefix, bytes.Clone(buf.Bytes()), w.FormDataContentType(), nil
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "", "\n", "")

func escapeQuotes(s string) string { return quoteEscaper.Replace(s) }

// fileReader reads the file's content: exactly size bytes when size > 0, else at most limit.
type fileReader struct {
	r     io.Reader
	size  int64
	limit int64
	n     int64
	err   error // why the content was cut short (ErrFileTooLarge, a short file)
}

func (f *fileReader) Read(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if f.size > 0 {
		if f.n >= f.size {
			return 0, io.EOF
		}
		if rest := f.size - f.n; int64(len(p)) > rest {
			p = p[:rest]
		}
	}
	n, err := f.r.Read(p)
	f.n += int64(n)
	if f.size <= 0 && f.n > f.limit {
		f.err = ErrFileTooLarge
		return 0, f.err
	}
	if err == io.EOF && f.size > 0 && f.n < f.size {
		f.err = fmt.Errorf("the file ended after %d of its %d bytes (File.Size)", f.n, f.size)
		return n, f.err
	}
	return n, err
}

// uploadBody is the request body: the parts in order, counting what was read. Close (which
// net/http calls when the request ends, a cancelled one included) closes the file, so that a
// read blocked in it returns.
type uploadBody struct {
	parts  []io.Reader
	read   int64
	closer io.Closer
	once   sync.Once
}

func (b *uploadBody) Close() error {
	if b.closer != nil {
		b.once.Do(func() { b.closer.Close() })
	}
	return nil
}

func (b *uploadBody) Read(p []byte) (int, error) {
	for len(b.parts) > 0 {
		n, err := b.parts[0].Read(p)
		b.read += int64(n)
		if err == io.EOF {
			b.parts = b.parts[1:]
			if n > 0 {
				return n, nil
			}
			continue
		}
		return n, err
	}
	return 0, io.EOF
}
