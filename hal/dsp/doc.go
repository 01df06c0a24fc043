// Package dsp is the box's telephony signal processing on 8 kHz mono 16-bit
// audio: DTMF detection and generation, caller ID from line audio (Bell 202
// and V.23 FSK with SDMF/MDMF/ETSI messages, DTMF CLIP, Japanese JCLIP) and
// its transmitter, call-progress and special-information-tone detection with
// cadence, tone generators (dial, busy, reorder, ringback, beep, SIT) and a
// voice-activity detector for ending recordings.
//
// Receivers are streaming: feed blocks of any size to Process and collect
// the events it appends; nothing assumes a whole file. They allocate nothing
// per sample and keep all state in their struct (one goroutine per
// receiver). Analyze runs every receiver over a recording and is what
// `secretary decode` prints.
//
// Levels are dBm0 in the G.711 sense (a full-scale sine is +3.14 dBm0).
//
// Imports: the standard library, secretary/hal (the CallerID type),
// secretary/hal/audio (level conversions) and secretary/screening/clean
// (caller-ID names are cleaned where they are decoded).
package dsp
