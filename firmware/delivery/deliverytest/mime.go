package deliverytest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
)

// Parsed is a received e-mail taken apart.
type Parsed struct {
	Header mail.Header
	Text   string            // the text/plain part, decoded
	Files  map[string][]byte // attachments by file name, decoded
	Types  map[string]string // attachments' content types
}

// Parse reads a multipart/mixed e-mail: its headers, text part and
// attachments (base64 or quoted-printable).
func Parse(raw []byte) (*Parsed, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("deliverytest: not an e-mail: %w", err)
	}
	p := &Parsed{Header: msg.Header, Files: map[string][]byte{}, Types: map[string]string{}}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		return nil, fmt.Errorf("deliverytest: Content-Type %q, want multipart/mixed", msg.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return p, nil
		}
		if err != nil {
			return nil, fmt.Errorf("deliverytest: %w", err)
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, fmt.Errorf("deliverytest: %w", err)
		}
		ct, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		name := part.FileName()
		if name == "" {
			if ct == "text/plain" {
				p.Text = string(data)
			}
			continue
		}
		if strings.EqualFold(part.Header.Get("Content-Transfer-Encoding"), "base64") {
			if data, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(data)), "")); err != nil {
				return nil, fmt.Errorf("deliverytest: attachment %s: %w", name, err)
			}
		}
		p.Files[name], p.Types[name] = data, ct
	}
}
