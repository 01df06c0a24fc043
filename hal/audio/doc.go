// Package audio owns the box's audio formats: G.711 u-law and A-law (through
// github.com/zaf/g711), 8-bit unsigned and 16-bit signed linear PCM, WAV files
// of those four encodings, prompt loading (any rate and channel count, brought
// to 8 kHz mono) and level measurement in dBm0.
//
// Audio inside the box is 8 kHz mono signed 16-bit linear PCM ([]int16), as
// in package hal. Levels follow G.711: a full-scale sine is +3.14 dBm0.
//
// Imports: the standard library and github.com/zaf/g711 only.
package audio
