// Package prompts holds the box's default voice prompts and digit clips,
// embedded in the binary as small 8 kHz u-law WAV files made by
// make-prompts.sh (espeak-ng + sox), and lets the owner replace any of them
// with a recording of the same name in a directory (DATA/prompts/NAME.wav,
// any WAV the hal/audio reader takes; it is resampled to 8 kHz mono).
//
// Imports: hal/audio and the standard library.
package prompts
