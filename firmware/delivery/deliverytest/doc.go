// Package deliverytest holds what tests and demos of message delivery
// need on the other side of the network: a real SMTP server
// (github.com/emersion/go-smtp) that offers STARTTLS or implicit TLS on a
// certificate made for it and checks AUTH PLAIN, a self-signed
// certificate with the pool that trusts it, and a reader that takes a
// received e-mail apart (headers, text, attachments).
//
// Imports: go-smtp, go-sasl and the standard library.
package deliverytest
