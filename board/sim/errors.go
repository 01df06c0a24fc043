package sim

import "errors"

var (
	// ErrRunning: another simhw already answers on the socket.
	ErrRunning = errors.New("sim: simulated hardware already running")
	// ErrNoHardware: no simhw answered and none could be started.
	ErrNoHardware = errors.New("sim: simulated hardware not reachable")
	// ErrDisconnected: the connection to simhw was lost.
	ErrDisconnected = errors.New("sim: connection to simulated hardware lost")
	// ErrNoDriver: this build has no modem driver for the line.
	ErrNoDriver = errors.New("sim: no modem driver in this build")
)
