// Package owner is what the owner can do to a running box: the console's
// Backend (firmware/console) over the store, the screening engine, the
// mailbox and the appliance, and the box's housekeeping that the owner's
// settings drive (message retention; store problems told as notices).
// The serial console, the terminal of "secretary run" and a control
// socket all act through it, so each operation is written once.
//
// Errors from below come out as plain sentences for an owner (a schedule
// that does not exist, a damaged store) where the console cannot say it
// better.
//
// Imports: firmware (status), firmware/call (its phases), firmware/console (the Backend it
// implements), firmware/voicemail, hal (capabilities), hal/audio (people's
// recorded names), screening and screening/store.
package owner
