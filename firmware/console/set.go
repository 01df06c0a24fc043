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
func (c *Console) set(_ context.Context, args []string, w io.Writer) error {
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
		k, ok := screening.LookupSetting(args[0])
		if !ok {
			return screening.UnknownSetting(clean.Name(args[0]))
		}
		value := ""
		if len(args) == 2 {
			value = args[1]
		}
		if err := c.b.SetSetting(k.Key, value); err != nil {
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
func (c *Console) get(_ context.Context, args []string, w io.Writer) error {
	if len(args) != 1 {
		return usagef("usage: get KEY (set lists them)")
	}
	k, ok := screening.LookupSetting(args[0])
	if !ok {
		return screening.UnknownSetting(clean.Name(args[0]))
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
