package console

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"secretary/screening"
	"secretary/screening/clean"
)

// set shows every setting with its value, default and meaning, changes
// one, or puts one back to its default.
func (c *Console) set(_ context.Context, r *Request, w io.Writer) error {
	args := r.Args
	switch len(args) {
	case 0:
		st, err := c.b.Settings()
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "  SETTING\tVALUE\tDEFAULT\tMEANING")
		for _, k := range screening.SettingTable() {
			v, _ := st.Get(k.Key)
			v = k.Shown(v)
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", k.Key, orDash(v), orDash(k.Default), k.Meaning)
		}
		return tw.Flush()
	case 1, 2:
		k, err := lookupSetting(args[0])
		if err != nil {
			return err
		}
		value := ""
		if len(args) == 2 {
			value = args[1]
		}
		if k.Key == "menu-default" {
			// a name nobody has would send every caller who presses no key to the general mailbox
			if err := c.checkPerson(value); err != nil {
				return err
			}
		}
		if err := c.b.SetSettings([2]string{k.Key, value}); err != nil {
			return err
		}
		st, err := c.b.Settings()
		if err != nil {
			return err
		}
		v, _ := st.Get(k.Key)
		v = k.Shown(v)
		when := "from the next call"
		switch k.By {
		case screening.AtStart:
			when = "from the next start"
		case screening.ByClock:
			when = "now"
		case screening.ByDelivery:
			when = "from the next delivery"
		}
		if value == "" {
			fmt.Fprintf(w, "ok: %s = %s, its default (%s)\n", k.Key, orDash(v), when)
			return nil
		}
		fmt.Fprintf(w, "ok: %s = %s (%s)\n", k.Key, orDash(v), when)
		return nil
	}
	return usagef("usage: set | set KEY | set KEY VALUE (quote a value with spaces)")
}

// get shows one setting.
func (c *Console) get(_ context.Context, r *Request, w io.Writer) error {
	args := r.Args
	if len(args) != 1 {
		return usagef("usage: get KEY (set lists them)")
	}
	k, err := lookupSetting(args[0])
	if err != nil {
		return err
	}
	st, err := c.b.Settings()
	if err != nil {
		return err
	}
	v, _ := st.Get(k.Key)
	v = k.Shown(v)
	_, err = fmt.Fprintf(w, "%s = %s (default %s)\n  %s: %s (applied by the %s)\n", k.Key, orDash(v), orDash(k.Default), k.Form, k.Meaning, k.By)
	return err
}

// lookupSetting finds a setting by its name, an older name, or a unique
// prefix of its name, ignoring case.
func lookupSetting(word string) (screening.Setting, error) {
	if k, ok := screening.LookupSetting(word); ok {
		return k, nil
	}
	cands := withPrefix(screening.SettingKeys(), word)
	switch len(cands) {
	case 1:
		k, _ := screening.LookupSetting(cands[0])
		return k, nil
	case 0:
		return screening.Setting{}, screening.UnknownSetting(clean.Name(word))
	}
	return screening.Setting{}, usagef("%q could be %s: type more of it", clean.Name(word), orList(cands))
}
