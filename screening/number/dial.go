package number

import "strings"

// Dialable is what the box dials on the line to reach a normalised
// number: the national prefix and the national number for a number in
// the configured country (+12125550143 -> 12125550143 in North America,
// +442079460000 -> 02079460000 in the UK), else the international prefix
// and the whole number. It returns "" for anything that is not E.164.
func Dialable(e164 string, cfg Config) string {
	if !IsE164(e164) {
		return ""
	}
	cfg = cfg.withDefaults()
	if national, ok := strings.CutPrefix(e164[1:], cfg.CountryCode); ok {
		return cfg.NationalPrefix + national
	}
	return cfg.InternationalPrefix + e164[1:]
}
