package voicemail

import "errors"

var (
	// ErrFull is returned by Save when a limit (count or disk space) is reached.
	ErrFull = errors.New("voicemail: mailbox full")
	// ErrNotFound is returned for an unknown message id.
	ErrNotFound = errors.New("voicemail: no such message")
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("voicemail: closed")
)
