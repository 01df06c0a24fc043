package owner

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"secretary/firmware"
	"secretary/firmware/call"
	"secretary/hal/audio"
	"secretary/screening"
)

// The switchboard's people (console.PeopleBackend): kept in the store,
// their recorded names kept by the prompts (call.PersonClip), a name
// recorded from the handset by the running box.

// Voices keeps people's recorded names; *prompts.Set implements it. The
// running box must be given the same one, so it says a name as soon as
// it is recorded.
type Voices interface {
	SaveClip(name string, pcm []int16) error
	DeleteClip(name string) (bool, error)
	Has(name string) bool
}

// VoiceRecorder is the running box recording a name from the handset;
// *firmware.Appliance implements it.
type VoiceRecorder interface {
	RecordVoice(person string) error
}

// a recorded name's length: long enough to be a word, short enough for a menu
const (
	minVoice = 300 * time.Millisecond
	maxVoice = 5 * time.Second
)

// People returns the people by menu key.
func (o *Owner) People() ([]screening.Person, error) {
	p, err := o.cfg.Store.People()
	return p, plain(err)
}

// PutPerson adds or changes a person.
func (o *Owner) PutPerson(p screening.Person) (screening.Person, error) {
	p, err := o.cfg.Store.PutPerson(p, o.cfg.Now())
	return p, plain(err)
}

// DeletePerson removes a person, their recorded name, and them from the
// rules and from menu-default.
func (o *Owner) DeletePerson(name string) (bool, error) {
	ok, err := o.cfg.Store.DeletePerson(name)
	if err != nil || !ok {
		return ok, plain(err)
	}
	id := screening.PersonID(name)
	if o.cfg.Voices != nil {
		if _, err := o.cfg.Voices.DeleteClip(string(call.PersonClip(id))); err != nil {
			o.log.Warn("recorded name not deleted", "person", id, "err", err)
		}
	}
	if set, err := o.cfg.Store.Settings(); err == nil && set.Switchboard.MenuDefault == id {
		if err := o.cfg.Store.SetSettings([2]string{"menu-default", ""}); err != nil {
			return true, plain(err)
		}
	}
	return true, nil
}

// HasVoice reports whether the person's name was recorded.
func (o *Owner) HasVoice(id string) bool {
	return o.cfg.Voices != nil && o.cfg.Voices.Has(string(call.PersonClip(id)))
}

// SetVoice keeps a WAV file as the person's recorded name (nil removes it).
func (o *Owner) SetVoice(id string, wav []byte) error {
	if o.cfg.Voices == nil {
		return errors.New("this box cannot keep recordings")
	}
	name := string(call.PersonClip(id))
	if wav == nil {
		_, err := o.cfg.Voices.DeleteClip(name)
		return err
	}
	pcm, err := audio.LoadPrompt(bytes.NewReader(wav))
	if err != nil {
		return fmt.Errorf("that is not a WAV file the box can play (%v)", err)
	}
	if d := time.Duration(len(pcm)) * time.Second / 8000; d < minVoice || d > maxVoice {
		return fmt.Errorf("the recording lasts %s: a name takes %s to %s", d.Round(10*time.Millisecond), minVoice, maxVoice)
	}
	return o.cfg.Voices.SaveClip(name, pcm)
}

// RecordVoice rings the handset to record the person's name.
func (o *Owner) RecordVoice(id string) error {
	r, ok := o.cfg.Box.(VoiceRecorder)
	if !ok || o.cfg.Box == nil {
		return firmware.ErrNotRunning
	}
	return r.RecordVoice(id)
}
