package screening

import "time"

// ChallengeMemory remembers callers who passed the robocall challenge;
// store.Store implements it. A Source that implements it too lets the
// engine spare those callers the challenge (see Decision.ChallengePassed).
type ChallengeMemory interface {
	// ChallengePassed returns when e164 last passed the challenge.
	ChallengePassed(e164 string) (time.Time, bool, error)
}

// rememberChallenge adds to a screen decision that the caller passed the
// robocall challenge lately and is not asked again (setting
// challenge-remember): d.ChallengePassed and a clause of the reason, which
// the log and "rule explain" show. Only for a valid number (d.Number is
// empty for a withheld, unavailable or invalid one), only with the
// challenge on.
func (e *Engine) rememberChallenge(d Decision, s Settings, now time.Time) Decision {
	keep := s.Firmware.ChallengeRemember
	mem, ok := e.src.(ChallengeMemory)
	if !ok || d.Action != ActionScreen || !s.Firmware.Challenge || keep <= 0 || d.Number == "" {
		return d
	}
	at, ok, err := mem.ChallengePassed(d.Number)
	if err != nil {
		e.log.Error("screening: challenge memory unreadable", "number", d.Number, "err", err)
		return d // asked again: the safe side
	}
	if !ok || now.Sub(at) >= keep || at.After(now.Add(time.Minute)) {
		return d
	}
	loc := now.Location()
	d.ChallengePassed = at
	d.Reason += "; passed the robocall challenge " + at.In(loc).Format("2006-01-02 15:04") +
		", not asked again until " + at.Add(keep).In(loc).Format("2006-01-02 15:04")
	return d
}
