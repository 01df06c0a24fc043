// Package schedule holds named weekly time windows and the box's modes.
//
// A window is a name and one or more spans, each a set of weekdays and a
// time range in local wall-clock time:
//
//	office mon-fri 09:00-17:00
//	office mon-fri 09:00-12:00, mon-fri 13:00-17:00, sat 10:00-12:00
//	night  mon-sun 22:00-07:00      (overnight: from 22:00 to 07:00 the next day)
//
// Days are mon tue wed thu fri sat sun, ranges (mon-fri, fri-mon wraps),
// comma lists inside a span are not needed: separate spans with ", ".
// "daily" means every day. An overnight span belongs to the day it starts
// on: "fri 22:00-02:00" contains Saturday 01:00. End "24:00" means midnight
// at the end of the day. Contains uses the location of the time it is given.
//
// Imports: the standard library only.
package schedule
