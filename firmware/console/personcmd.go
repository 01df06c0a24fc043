package console

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"secretary/screening"
	"secretary/screening/clean"
)

// PeopleBackend keeps the switchboard's people: who callers can ask for,
// each with a menu key, a ring, a mailbox, a recorded name and optionally
// a mobile and an e-mail address. A Backend that has it gets the person
// command and the rules' --for PERSON; one without says the box has no
// switchboard.
type PeopleBackend interface {
	// People returns the people by menu key.
	People() ([]screening.Person, error)
	// PutPerson adds a person or replaces the one of the same name (see
	// screening.AddPerson); the mobile may be written in any form the
	// number settings accept.
	PutPerson(p screening.Person) (screening.Person, error)
	// DeletePerson removes a person, their recorded name, and them from
	// the rules (which ring for nobody in particular from then on).
	DeletePerson(name string) (bool, error)
	// HasVoice reports whether the person's name was recorded.
	HasVoice(id string) bool
	// SetVoice keeps a WAV file (any the box reads) as the person's
	// recorded name; nil removes the recording.
	SetVoice(id string, wav []byte) error
	// RecordVoice rings the handset to record the person's name.
	RecordVoice(id string) error
}

// maxVoice is the largest WAV file a recorded name may come in.
const maxVoice = 1 << 20

func (c *Console) personCommand() Command {
	return Command{Name: "person", Aliases: []string{"people"}, Usage: "person add|del|list|voice ...",
		Summary: "the people callers can ask for: menu key, ring, mailbox, mobile, recorded name", Default: "list",
		Help: "With people on the switchboard, callers the box screens or sends to voicemail hear \"for Anna press 1,\n" +
			"for Ben press 2, to leave a message press 0\"; the handset rings with the chosen person's cadence\n" +
			"(long, short-short, short-short-long, short-long-short) and messages go to their mailbox. Unanswered\n" +
			"calls for someone with a mobile go there when the line has call transfer (set transfer on).\n" +
			"Rules route calls too: allow add 2125550143 --for anna. menu-default names whom a caller who\n" +
			"presses no key gets. A name with no recording is said as \"extension 1\".\n" +
			"example: person add Anna --mobile 212-555-0199 --email anna@example.com; person voice anna",
		Subs: []Command{
			{Name: "add", Usage: "person add NAME [--ring CADENCE] [--key N] [--mobile NUMBER|none] [--email ADDR|none] [--json]",
				Options: []Option{
					{Name: "--ring", Arg: "CADENCE", Help: "long, short-short, short-short-long or short-long-short (default: the least used)"},
					{Name: "--key", Arg: "N", Help: "the caller's menu key, 1-9 (default: the lowest free)"},
					{Name: "--mobile", Arg: "NUMBER", Help: "where unanswered calls for them are forwarded (none: no more)"},
					{Name: "--email", Arg: "ADDR", Help: "their messages are e-mailed there, not to email-to (none: no more)"},
					optJSON},
				Help: "A person already there keeps what the options do not change.", Run: c.personAdd},
			{Name: "del", Aliases: []string{"delete", "remove", "rm"}, Usage: "person del NAME",
				Help:     "Their rules stay, for nobody in particular; their messages stay in the mailbox.",
				Complete: c.completePeople, Run: c.personDel},
			{Name: "list", Aliases: []string{"ls", "show"}, Usage: "person list [--json]", Options: []Option{optJSON}, Run: c.personList},
			{Name: "voice", Usage: "person voice NAME [FILE.wav | --paste | --delete]",
				Options: []Option{{Name: "--paste", Help: "paste the WAV file as base64 (base64 name.wav), then an empty line"},
					{Name: "--delete", Help: "forget the recording (the menu says \"extension N\")"}},
				Help: "Without a file the handset rings: pick up, hear the beep, say the name, hang up.\n" +
					"FILE.wav is read where the box runs (any WAV: it is made 8 kHz mono).",
				Complete: c.completePeople, Run: c.personVoice},
		}}
}

// people is the backend's people part, or why there is none.
func (c *Console) people() (PeopleBackend, error) {
	pb, ok := c.b.(PeopleBackend)
	if !ok {
		return nil, fmt.Errorf("this box has no switchboard")
	}
	return pb, nil
}

// checkPerson refuses a rule for someone who is not on the switchboard.
func (c *Console) checkPerson(id string) error {
	if id == "" {
		return nil
	}
	pb, err := c.people()
	if err != nil {
		return err
	}
	people, err := pb.People()
	if err != nil {
		return err
	}
	if _, ok := screening.FindPerson(people, id); !ok {
		return usagef("%s is not on the switchboard: person add %s first (person list shows who is)", clean.Name(id), clean.Name(id))
	}
	return nil
}

// PersonJSON is one person of "person list --json" (and "person add --json").
type PersonJSON struct {
	Key     int    `json:"key"`
	Name    string `json:"name"`
	Ring    string `json:"ring"`
	Mobile  string `json:"mobile,omitempty"`
	Email   string `json:"email,omitempty"`
	Voice   bool   `json:"voice"`   // their name was recorded
	Default bool   `json:"default"` // a caller who presses no key gets them (menu-default)
}

func (c *Console) personJSON(pb PeopleBackend, p screening.Person, def string) PersonJSON {
	return PersonJSON{Key: p.Key, Name: p.Name, Ring: p.Ring.String(), Mobile: p.Mobile, Email: p.Email,
		Voice: pb.HasVoice(p.ID()), Default: p.ID() == def}
}

func (c *Console) personAdd(_ context.Context, r *Request, w io.Writer) error {
	pb, err := c.people()
	if err != nil {
		return err
	}
	if len(r.Args) != 1 {
		return usagef("usage: person add NAME [--ring CADENCE] [--key N] [--mobile NUMBER|none] [--email ADDR|none]")
	}
	if err := screening.ValidPersonName(r.Args[0]); err != nil {
		return usagef("%q is not a name for the menu: use letters, digits and '-', starting with a letter, at most 20", clean.Name(r.Args[0]))
	}
	people, err := pb.People()
	if err != nil {
		return err
	}
	p, had := screening.FindPerson(people, r.Args[0])
	p.Name = r.Args[0]
	if r.Has("--ring") {
		if p.Ring, err = screening.ParseCadence(r.Value("--ring")); err != nil {
			return usagef("--ring %q: use long, short-short, short-short-long or short-long-short", clean.Name(r.Value("--ring")))
		}
	}
	if p.Key, err = r.Count("--key", p.Key, 1, screening.MaxPeople); err != nil {
		return err
	}
	for opt, field := range map[string]*string{"--mobile": &p.Mobile, "--email": &p.Email} {
		if r.Has(opt) {
			*field = strings.TrimSpace(r.Value(opt))
			if strings.EqualFold(*field, "none") {
				*field = ""
			}
		}
	}
	if p, err = pb.PutPerson(p); err != nil {
		return err
	}
	set, _ := c.b.Settings()
	if r.Has("--json") {
		return writeJSON(w, c.personJSON(pb, p, set.Switchboard.MenuDefault))
	}
	what := "added"
	if had {
		what = "changed"
	}
	msg := fmt.Sprintf("%s %s: key %d, ring %s", what, p.Name, p.Key, p.Ring)
	if p.Mobile != "" {
		msg += ", mobile " + p.Mobile
		if !set.Switchboard.Transfer {
			msg += " (forwarding needs set transfer on)"
		}
	}
	if p.Email != "" {
		msg += ", e-mail " + p.Email
	}
	if !pb.HasVoice(p.ID()) {
		msg += fmt.Sprintf("; the menu says \"extension %d\" until person voice %s", p.Key, p.ID())
	}
	return okf(w, "%s", msg)
}

func (c *Console) personDel(_ context.Context, r *Request, w io.Writer) error {
	pb, err := c.people()
	if err != nil {
		return err
	}
	if len(r.Args) != 1 {
		return usagef("usage: person del NAME")
	}
	ok, err := pb.DeletePerson(r.Args[0])
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%s is not on the switchboard (person list shows who is)", clean.Name(r.Args[0]))
	}
	return okf(w, "removed %s; their rules ring for nobody in particular now", clean.Name(r.Args[0]))
}

func (c *Console) personList(_ context.Context, r *Request, w io.Writer) error {
	pb, err := c.people()
	if err != nil {
		return err
	}
	if err := noArgs(r, "person list [--json]"); err != nil {
		return err
	}
	people, err := pb.People()
	if err != nil {
		return err
	}
	set, _ := c.b.Settings()
	def := set.Switchboard.MenuDefault
	if r.Has("--json") {
		out := []PersonJSON{}
		for _, p := range people {
			out = append(out, c.personJSON(pb, p, def))
		}
		return writeJSON(w, out)
	}
	if len(people) == 0 {
		_, err := fmt.Fprintln(w, "nobody on the switchboard: callers get no menu (person add NAME)")
		return err
	}
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tNAME\tRING\tMOBILE\tE-MAIL\tVOICE")
	for _, p := range people {
		voice := "extension " + fmt.Sprint(p.Key)
		if pb.HasVoice(p.ID()) {
			voice = "recorded"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", p.Key, p.Name, p.Ring, orDash(p.Mobile), orDash(p.Email), voice)
	}
	fmt.Fprintf(tw, "0\t(message)\t\t\t\t\n")
	if err := tw.Flush(); err != nil {
		return err
	}
	who := "the general mailbox"
	if p, ok := screening.FindPerson(people, def); ok {
		who = p.Name
	}
	_, err = fmt.Fprintf(w, "no key: %s; forwarding to mobiles: %s\n", who, map[bool]string{true: "on", false: "off (set transfer on)"}[set.Switchboard.Transfer])
	return err
}

func (c *Console) personVoice(_ context.Context, r *Request, w io.Writer) error {
	pb, err := c.people()
	if err != nil {
		return err
	}
	if len(r.Args) < 1 || len(r.Args) > 2 {
		return usagef("usage: person voice NAME [FILE.wav | --paste | --delete]")
	}
	people, err := pb.People()
	if err != nil {
		return err
	}
	p, ok := screening.FindPerson(people, r.Args[0])
	if !ok {
		return fmt.Errorf("%s is not on the switchboard (person list shows who is)", clean.Name(r.Args[0]))
	}
	var wav []byte
	switch {
	case r.Has("--delete"):
		if err := pb.SetVoice(p.ID(), nil); err != nil {
			return err
		}
		return okf(w, "forgot %s's recorded name; the menu says \"extension %d\"", p.Name, p.Key)
	case r.Has("--paste"):
		if wav, err = pasteBase64(r.Term); err != nil {
			return err
		}
	case len(r.Args) == 2:
		if wav, err = readVoiceFile(r.Args[1]); err != nil {
			return err
		}
	default:
		if err := pb.RecordVoice(p.ID()); err != nil {
			return err
		}
		_, err := fmt.Fprintf(w, "ringing the handset: pick up, and after the beep say %s's name, then hang up\n", p.Name)
		return err
	}
	if err := pb.SetVoice(p.ID(), wav); err != nil {
		return err
	}
	return okf(w, "%s's name is recorded: the menu says it", p.Name)
}

// readVoiceFile reads a WAV file where the box runs.
func readVoiceFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", clean.Name(path), unwrapPath(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxVoice+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", clean.Name(path), unwrapPath(err))
	}
	if len(b) > maxVoice {
		return nil, fmt.Errorf("%s is over %d KB: a name takes a few seconds", clean.Name(path), maxVoice>>10)
	}
	return b, nil
}

// unwrapPath keeps the reason of a file error without the path it repeats.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// pasteBase64 reads base64 lines (of a WAV file) until an empty line.
func pasteBase64(t Term) ([]byte, error) {
	var b strings.Builder
	for {
		line, err := t.Ask("")
		if err == ErrNoAnswer {
			return nil, usagef("--paste needs a terminal to paste into")
		}
		if err != nil {
			return nil, err
		}
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		b.WriteString(line)
		if b.Len() > maxVoice*4/3+4 {
			return nil, fmt.Errorf("the pasted file is over %d KB: a name takes a few seconds", maxVoice>>10)
		}
	}
	wav, err := base64.StdEncoding.DecodeString(b.String())
	if err != nil {
		return nil, usagef("what was pasted is not base64 (make it with: base64 name.wav)")
	}
	return wav, nil
}

// completePeople offers the people's names.
func (c *Console) completePeople(_ context.Context, args []string, prefix string) []string {
	pb, err := c.people()
	if err != nil || len(args) > 0 {
		return nil
	}
	people, err := pb.People()
	if err != nil {
		return nil
	}
	var ws []string
	for _, p := range people {
		ws = append(ws, p.ID())
	}
	return withPrefix(ws, prefix)
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }
