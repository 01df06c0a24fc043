// Package simtest lets a test binary play the simulated hardware, so tests
// that need "secretary simhw" in a process of its own need no prebuilt
// binary: call MainHook first in TestMain and start os.Args[0] simhw.
//
// Imports: board/sim and the standard library.
package simtest
