// Package words splits a line someone typed into words, the one grammar
// for command lines in the box: the owner's console (firmware/console) and
// the simulated world's commands (board/sim) read it, and Join writes words
// back in it. Words are separated by spaces or tabs; 'single' and "double"
// quotes group words (a backslash escapes the next character outside
// single quotes); an apostrophe between two letters or digits is part of
// the word (O'Brien, tomorrow's), so owners need not quote names; a # at the start of a word begins a comment. Control
// characters are refused.
//
// It lives under screening because every layer that reads typed commands
// may import screening's leaf packages (board may not import firmware).
//
// Imports: the standard library only.
package words
