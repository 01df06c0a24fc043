package screening

import "fmt"

// LampSignal is how the box lights and clears the message-waiting lamp of
// the phone on its handset port: the Visual Message Waiting Indicator, an
// on-hook data message, sent after an alert as telephone switches do.
type LampSignal int

const (
	LampRingPulse LampSignal = iota // a short ring burst, then the data (DAHDI's "rpas")
	LampReversal                    // a line polarity reversal, then the data ("lrev")
	LampNoAlert                     // the data alone (phones that listen while on-hook)
	LampOff                         // never sent
)

var lampWords = [...]string{"ring-pulse", "reversal", "no-alert", "off"}

func (l LampSignal) String() string {
	if l >= 0 && int(l) < len(lampWords) {
		return lampWords[l]
	}
	return fmt.Sprintf("LampSignal(%d)", int(l))
}

// ParseLampSignal reads the words String gives.
func ParseLampSignal(s string) (LampSignal, bool) {
	for i, w := range lampWords {
		if w == s {
			return LampSignal(i), true
		}
	}
	return 0, false
}
