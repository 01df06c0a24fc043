// Package screening decides what happens to a call. It is pure policy:
// numbers, rules, schedules and modes, and the bbolt store behind them.
//
// Imports: the standard library, its own sub-packages and bbolt (in
// screening/store only). It imports no hardware package (hal, board,
// periph, serial), which arch_test.go checks.
package screening
