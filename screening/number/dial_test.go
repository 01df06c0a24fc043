package number

import "testing"

func TestDialable(t *testing.T) {
	uk := Config{CountryCode: "44"}
	for _, c := range []struct {
		e164 string
		cfg  Config
		want string
	}{
		{"+12125550143", DefaultConfig(), "12125550143"},
		{"+442079460000", DefaultConfig(), "011442079460000"},
		{"+442079460000", uk, "02079460000"},
		{"+12125550143", uk, "0012125550143"},
		{"+12125550143", Config{CountryCode: "1", NationalPrefix: "9"}, "92125550143"},
		{"2125550143", DefaultConfig(), ""},
		{"", DefaultConfig(), ""},
	} {
		if got := Dialable(c.e164, c.cfg); got != c.want {
			t.Errorf("Dialable(%q, %+v) = %q, want %q", c.e164, c.cfg, got, c.want)
		}
	}
}
