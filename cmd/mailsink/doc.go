// Command mailsink is a mail server for trying delivery on a development
// machine (make mailsink beside make run): it takes every e-mail the box
// sends over plain SMTP on a local port, prints its subject and text, and
// keeps it with its attachments (the recording as a WAV file) in a
// directory. It is not part of the firmware, which never links it.
//
// Imports: firmware/delivery/deliverytest (the SMTP server and MIME
// reader of the delivery tests) and the standard library.
package main
