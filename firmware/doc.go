// Package firmware is the appliance runtime: Appliance.Run(ctx) wires the
// board's devices (hal.Devices) to the screening engine and executes the
// actions of the pure call state machine (firmware/call). Sub-packages hold
// the console, the voicemail store and the default prompts.
//
// The runtime owns one goroutine (Run's), which alone touches the machine
// state; device operations run in helper goroutines that report back
// through one channel and are always waited for before Run returns. The
// relay is released (pass-through) on every way out of Run, including a
// panic in the call loop.
//
// The owner's settings reach the call machine in one place, CallConfig,
// which the runtime calls when a call starts (with the board's
// capabilities), so a change applies from the next call.
//
// Imports: hal, firmware/call, screening (types and settings); never board/
// or a concrete driver (hal/modem, hal/gpio, hal/serialport).
package firmware
