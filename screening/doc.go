// Package screening decides what happens to a call. It is pure policy:
// numbers, rules, schedules and modes, and the bbolt store behind them.
//
// # Rules
//
// A rule is one line (ParseRule):
//
//	ACTION MATCH [--name NAME] [--note NOTE] [--for 2h | --until 2026-12-01]
//	             [--schedule [!]WINDOW] [--treatment ignore|hangup|sit|message|fax]
//
// ACTION is allow, screen, voicemail or block. MATCH is an exact number (in
// any form the configured country accepts), a number pattern (+1900*,
// +1555???4567: '?' one digit, a final '*' any rest), a caller-ID class
// (@private, @unavailable, @international, @invalid, @no-cid) or a name
// pattern (name:*SPAM*, case-insensitive glob). The store keeps one rule per
// match: putting a number on the block list takes it off the allow list.
//
// # Precedence
//
// For a call, Engine.Decide picks the first rule in force (not expired,
// inside its schedule) in this order:
//
//  1. the exact number;
//  2. number patterns: the longer literal prefix (digits before the first
//     wildcard) first, then more literal digits in total;
//  3. name patterns: more literal characters first;
//  4. the caller-ID class (@international applies to valid numbers outside
//     the configured country; a call is in exactly one of the others or has
//     a valid number);
//  5. no rule: the "default" setting (screen unless changed).
//
// At equal specificity allow > screen > voicemail > block, then the older
// rule. So "allow +1555123*" beats "block +1555*" (longer prefix), and of
// "allow +1555???4567" and "block +1555???4567" both with the same prefix
// and digits, allow wins. The table in engine_test.go pins this order.
//
// # Modes
//
//   - normal: the rules decide.
//   - dnd (do not disturb): allow rules (VIPs) ring; block rules still block;
//     every other call goes to voicemail, unless the same number called
//     within repeat-window (5 minutes), which breaks through: the call then
//     gets its normal-mode decision. The "dnd-schedule" setting names a window
//     in which normal mode acts as dnd (e.g. nights).
//   - vacation: nobody is there to answer, so every call that is not
//     blocked goes to voicemail (VIPs too; no repeat breakthrough). Blocked
//     callers stay blocked.
//   - passthrough: the box is transparent; every call passes.
//
// A blocked call's Treatment is the rule's own or the "block-treatment"
// setting (hangup by default). Decide never fails: if the store cannot be
// read it passes the call and says why, because the box must never cost the
// owner a call.
//
// Imports: the standard library, its own sub-packages and bbolt (in
// screening/store only). It imports no hardware package (hal,
// board, periph, serial), which arch_test.go checks.
package screening
