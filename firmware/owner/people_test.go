package owner_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"

	"secretary/firmware"
	"secretary/firmware/owner"
	"secretary/firmware/prompts"
	"secretary/hal/audio"
	"secretary/screening"
	"secretary/screening/store/storetest"
)

func wav(t *testing.T, seconds float64) []byte {
	t.Helper()
	pcm := make([]int16, int(seconds*16000))
	for i := range pcm {
		pcm[i] = int16(3000 * ((i/8)%2*2 - 1))
	}
	var b bytes.Buffer
	if err := audio.WriteWAV(&b, audio.PCM16, 16000, pcm); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type recorder struct {
	fakeApp
	names []string
}

func (r *recorder) RecordVoice(id string) error { r.names = append(r.names, id); return nil }

func TestOwner_People(t *testing.T) {
	st := storetest.Open(t)
	voices := prompts.New(filepath.Join(t.TempDir(), "prompts"))
	o := owner.New(owner.Config{Store: st, Engine: screening.NewEngine(st), Voices: voices})
	anna, err := o.PutPerson(screening.Person{Name: "Anna", Mobile: "212 555 0199"})
	if err != nil || anna.Mobile != "+12125550199" || anna.Key != 1 {
		t.Fatalf("PutPerson = %+v, %v", anna, err)
	}
	if o.HasVoice("anna") {
		t.Error("a voice before any was recorded")
	}
	if err := o.SetVoice("anna", wav(t, 1)); err != nil {
		t.Fatal(err)
	}
	if pcm, err := voices.Clip("person-anna"); err != nil || len(pcm) != 8000 || !o.HasVoice("anna") {
		t.Errorf("the recorded name: %d samples, %v", len(pcm), err)
	}
	if err := o.SetVoice("anna", wav(t, 0.1)); err == nil {
		t.Error("a 0.1 s name was kept")
	}
	if err := o.SetVoice("anna", []byte("not a wav")); err == nil {
		t.Error("a file that is no WAV was kept")
	}
	if err := o.RecordVoice("anna"); !errors.Is(err, firmware.ErrNotRunning) {
		t.Errorf("RecordVoice without a box: %v", err)
	}
	rec := &recorder{}
	o.SetBox(rec)
	if err := o.RecordVoice("anna"); err != nil || len(rec.names) != 1 {
		t.Errorf("RecordVoice = %v, %v", err, rec.names)
	}
	if err := st.SetSettings([2]string{"menu-default", "anna"}); err != nil {
		t.Fatal(err)
	}
	if ok, err := o.DeletePerson("ANNA"); !ok || err != nil {
		t.Fatalf("DeletePerson = %v, %v", ok, err)
	}
	if o.HasVoice("anna") {
		t.Error("the recorded name outlived the person")
	}
	if set, _ := st.Settings(); set.Switchboard.MenuDefault != "" {
		t.Errorf("menu-default still %q", set.Switchboard.MenuDefault)
	}
}
