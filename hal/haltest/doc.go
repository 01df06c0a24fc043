// Package haltest holds fakes for every hal interface, for tests of the
// firmware and of anything else that consumes hal capabilities (like
// periph's gpiotest). Every fake is exported, safe for concurrent use, takes
// an injectable clock (clockwork.Clock, default real) and records what it
// was asked to do in a Recorder, so a test can assert the sequence of
// actions across devices. Test-side methods (Ring, Lift, Press, ...) play
// the world: the caller, the owner, the hardware.
//
// Imports: hal, clockwork and the standard library.
package haltest
