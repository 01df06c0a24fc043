// Package firmware is the appliance runtime: Appliance.Run(ctx) wires the
// board's devices (hal.Devices) to the screening engine and executes the
// actions of the pure call state machine (firmware/call). Sub-packages hold
// the console and the voicemail store.
//
// Imports: hal, hal/audio, hal/dsp, screening/...; never board/ or a
// concrete driver (hal/modem, hal/gpio, hal/serialport).
package firmware
