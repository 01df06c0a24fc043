// Package killtest holds the kill test of the simulated board (tests
// only): the firmware is killed with SIGKILL at random moments during
// simulated calls, many times; every time the relay must end in
// pass-through and the line on-hook (the simulated hardware releases the
// lines of a dead process, as the kernel does), and the restarted firmware
// must screen the next call.
//
// By default the firmware is the real one: the test builds
// secretary/cmd/secretary and runs "secretary run --board sim". Set
// KILLTEST_FIRMWARE to another command line ({socket} and {data} are
// replaced), e.g.
//
//	KILLTEST_FIRMWARE='bin/secretary run --board sim --sim-socket {socket} --data {data}'
//
// or to "standin" for a minimal stand-in firmware (this test binary:
// opens the sim board, isolates the relay, answers every call after caller
// ID, plays a prompt, records 2 s, rings the handset with the DR2 screening
// cadence for 3 s, hangs up). KILLTEST_MAXDELAY (default 12s) is the latest
// kill moment after the call starts, KILLTEST_N the number of kills
// (default 6), KILLTEST_SEED the random seed.
//
// The hang test (TestHang_WatchdogRebootsTheBoard) runs simhw with an 8 s
// hardware watchdog, hangs the firmware during a call and checks that the
// watchdog reboots the board into pass-through and the call rings through
// to the handset. It hangs the firmware twice: with SIGSTOP (the whole
// process stops) and, for the real firmware, with SIGUSR1, which its test
// hook (armed by SECRETARY_TEST_HANG=1 in its environment) turns into a
// call loop that stops turning while every other goroutine runs on.
// KILLTEST_HANG=SIGSTOP|SIGUSR1|SIGUSR2 runs one of them only.
//
// Imports: board, board/sim, hal (tests only).
package killtest
