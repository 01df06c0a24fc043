// Package owner is what the owner can do to a running box: the console's
// Backend (firmware/console) over the store, the screening engine, the
// mailbox and the appliance, and the box's housekeeping that the owner's
// settings drive (message retention; store problems told as notices),
// and the box's clock (firmware/timekeep) for the time command and the
// timezone setting.
// The serial console, the terminal of "secretary run" and a control
// socket all act through it, so each operation is written once.
//
// Errors from below come out as plain sentences for an owner (a schedule
// that does not exist, a damaged store) where the console cannot say it
// better.
//
// data.go is the console's DataBackend: imports, exports (spooled, so no
// store transaction waits for a slow reader: a terminal at 115200 baud, a
// socket client that stopped reading), backups and restores (the change
// made with the call loop stepped aside, through Config.Maintenance).
//
// store.go is degraded mode as the owner meets it: DataHealth (the
// store's health for the call loop and status), the prompt's Attention,
// the notice Housekeep gives at each change, and the console's
// StoreBackend (store status, restore of the newest good snapshot,
// reset) that leaves it.
//
// Imports: firmware (status), firmware/backup, firmware/call (its
// phases), firmware/console (the Backend it implements),
// firmware/delivery (its status), firmware/timekeep (the clock's state),
// firmware/voicemail, hal (capabilities), hal/audio (people's recorded
// names), screening and screening/store.
package owner
