// Package alsa is the handset's audio path on a USB codec wired to the
// SLIC's audio pins: playback and capture of 8 kHz mono PCM through the
// pure-Go github.com/gen2brain/alsa (direct "hw:C,D" devices, no plugins).
//
// Many USB codecs (CM108/CM119 class) only run at 44.1 or 48 kHz, so the
// device is opened at 8 kHz mono when it accepts it and otherwise at
// 48 kHz (mono, or stereo using the left channel); the package converts
// with an integer-ratio resampler (x6 with linear interpolation up,
// a 6-tap boxcar average down, which is enough for speech and DTMF).
//
// Codec implements hal/gpio.Audio. Everything that touches /dev/snd is
// behind the PCM interface so the logic is unit-tested without sound
// hardware (there is none on the build machines).
//
// Imports: github.com/gen2brain/alsa, the standard library.
package alsa
