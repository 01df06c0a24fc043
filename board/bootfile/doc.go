// Package bootfile reads the installer settings file, secretary.txt on the
// image's FAT boot partition: the one file an installer edits on a PC
// before the first boot (country, area code, time zone, modem, pins,
// console speed, relay polarity).
//
// The format is "key = value" lines; "#" starts a comment, blank lines are
// ignored, a value may be quoted, a UTF-8 byte-order mark, UTF-16 with a
// byte-order mark and CRLF line ends (Windows editors) are accepted. The
// keys are rows of the settings table (screening.SettingTable), which
// validates and documents them; Keys() lists them and Template() renders
// the commented file the image ships with.
//
// Parse never fails as a whole: each bad line becomes a Problem with its
// line number and a plain sentence, and the good lines still count, so a
// typo is reported on the console and never keeps the box from starting.
//
// Imports: screening (the settings table), the standard library.
package bootfile
