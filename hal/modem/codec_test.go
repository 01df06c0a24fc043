package modem_test

import (
	"testing"
	"time"

	"secretary/hal"
	"secretary/hal/modem"
	"secretary/hal/modem/modemtest"
)

// Every codec the USR list offers for 8-bit audio, forced with WithCodec:
// what the box plays is what the caller hears and the reverse.
func TestCodecs_RoundTrip(t *testing.T) {
	tests := []struct {
		codec modem.Codec
		cml   int
	}{{modem.CodecULaw, 131}, {modem.CodecALaw, 132}, {modem.CodecUnsigned8, 1}}
	for _, tt := range tests {
		t.Run(tt.codec.String(), func(t *testing.T) {
			t.Parallel()
			r := newRig(t, modemtest.ProfileUSR5637, modem.WithCodec(tt.codec))
			if i := r.m.Info(); i.Codec != tt.codec || i.CodecCML != tt.cml {
				t.Fatalf("codec %v cml %d", i.Codec, i.CodecCML)
			}
			ctx := ctxT(t, 10*time.Second)
			caller := sine(300, time.Second, 12000)
			if _, err := r.emu.PlaceCall(modemtest.CallSpec{Cadence: fastRing, Audio: caller}); err != nil {
				t.Fatal(err)
			}
			r.want(t, hal.LineRing, time.Second)
			if err := r.m.Answer(ctx); err != nil {
				t.Fatal(err)
			}
			prompt := sine(700, 200*time.Millisecond, 12000)
			if err := r.m.Play(ctx, prompt); err != nil {
				t.Fatal(err)
			}
			if d := rmsDiff(prompt, r.emu.Heard()); d > 0.05 {
				t.Errorf("play error %.3f", d)
			}
			var got []int16
			if err := r.m.Record(ctx, func(p []int16) bool { got = append(got, p...); return len(got) < 2000 }); err != nil {
				t.Fatal(err)
			}
			if d := rmsDiff(caller[:2000], got); d > 0.05 {
				t.Errorf("record error %.3f", d)
			}
			if err := r.m.HangUp(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}
