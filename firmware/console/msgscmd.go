package console

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"secretary/screening"
	"secretary/screening/clean"
)

func (c *Console) msgsCommand() Command {
	return Command{Name: "msgs", Aliases: []string{"messages"}, Usage: "msgs list|play|del|export ...",
		Summary: "voicemail messages: list, play on the handset, delete, export", Default: "list",
		Help: "Messages are numbered 1, 2, 3... newest first, as msgs list shows them; the number or the ID names one.\n" +
			"When the mailbox is full, the oldest heard message makes room; an unheard one is never deleted by the box.\n" +
			"message-retention deletes heard messages after that many days.\nexample: msgs play 1; msgs del heard",
		Subs: []Command{
			{Name: "list", Aliases: []string{"ls", "show"}, Usage: "msgs list [--json]", Options: []Option{optJSON}, Run: c.msgsList},
			{Name: "play", Usage: "msgs play N|ID", Complete: c.completeMessages, Run: c.msgsPlay},
			{Name: "del", Aliases: []string{"delete", "remove", "rm"}, Usage: "msgs del N|ID|heard|all [--yes]", Options: []Option{optYes},
				Complete: c.completeMessages, Run: c.msgsDel},
			{Name: "export", Usage: "msgs export", Run: c.msgsExport,
				Help: "msgs export gives every message as a WAV file with an index (index.json): from the box's command\nline, secretary msgs export --data DIR -o OUTDIR."},
		}}
}

// sessionState is what a session remembers between commands.
type sessionState struct {
	msgIDs []string // the messages as the last "msgs list" numbered them
}

// MessageJSON is one entry of "msgs list --json".
type MessageJSON struct {
	N         int     `json:"n"`
	ID        string  `json:"id"`
	Time      string  `json:"time"`
	Number    string  `json:"number"`
	Name      string  `json:"name"`
	DurationS float64 `json:"duration_s"`
	Heard     bool    `json:"heard"`
	For       string  `json:"for,omitempty"` // whose mailbox (person add); "" the general one
	// what the caller left besides the recording
	CallBack   string  `json:"callback,omitempty"`
	Urgent     bool    `json:"urgent,omitempty"`
	NameGivenS float64 `json:"name_given_s,omitempty"` // the name and reason at the start of the recording
	Delivery   string  `json:"delivery,omitempty"`     // "e-mail sent, push waiting (3 tries)"; absent: not delivered on
}

func (c *Console) msgsList(_ context.Context, r *Request, w io.Writer) error {
	if err := noArgs(r, "msgs list [--json]"); err != nil {
		return err
	}
	msgs, err := c.b.Messages()
	if err != nil {
		return err
	}
	var sent map[string]string // the column shows once a message is delivered on
	if d, ok := c.b.(Deliveries); ok {
		states := d.DeliveryStates()
		for _, st := range states {
			if st != "" && st != "-" {
				sent = states
				break
			}
		}
	}
	r.state.msgIDs = r.state.msgIDs[:0]
	for _, m := range msgs {
		r.state.msgIDs = append(r.state.msgIDs, m.ID)
	}
	if r.Has("--json") {
		out := []MessageJSON{}
		for i, m := range msgs {
			out = append(out, MessageJSON{N: i + 1, ID: m.ID, Time: m.Time.Format(time.RFC3339), Number: m.Number,
				Name: clean.Name(m.Name), DurationS: m.Duration.Seconds(), Heard: m.Heard, For: m.Person,
				CallBack: m.CallBack, Urgent: m.Urgent, NameGivenS: m.NameGiven.Seconds(), Delivery: strings.Trim(sent[m.ID], "-")})
		}
		return writeJSON(w, out)
	}
	if len(msgs) == 0 {
		_, err := fmt.Fprintln(w, "no messages")
		return err
	}
	now := c.now()
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	head := "N\tTIME\tFROM\tNAME\tFOR\tLENGTH\tNEW\tURGENT\tCALL BACK\tID"
	if sent != nil {
		head += "\tDELIVERY"
	}
	fmt.Fprintln(tw, head)
	for i, m := range msgs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", i+1, m.Time.In(now.Location()).Format("2006-01-02 15:04"),
			orDash(m.Number), orDash(clean.Name(m.Name)), orDash(m.Person), m.Duration.Round(time.Second), yes(!m.Heard), yes(m.Urgent),
			orDash(m.CallBack), m.ID)
		if sent != nil {
			fmt.Fprintf(tw, "\t%s", orDash(sent[m.ID]))
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// message finds the message a word names: its short number (as the
// session's last msgs list numbered them, else the current order) or ID.
func (c *Console) message(r *Request, word string) (screening.Message, int, error) {
	msgs, err := c.b.Messages()
	if err != nil {
		return screening.Message{}, 0, err
	}
	if n, err := strconv.Atoi(word); err == nil {
		id := ""
		switch {
		case n >= 1 && n <= len(r.state.msgIDs):
			id = r.state.msgIDs[n-1]
		case len(r.state.msgIDs) == 0 && n >= 1 && n <= len(msgs):
			id = msgs[n-1].ID
		default:
			return screening.Message{}, 0, fmt.Errorf("there is no message %d (msgs list numbers them)", n)
		}
		word = id
	}
	for i, m := range msgs {
		if m.ID == word {
			return m, i + 1, nil
		}
	}
	return screening.Message{}, 0, fmt.Errorf("there is no message %q (msgs list shows them)", clean.Name(word))
}

func (c *Console) msgsPlay(_ context.Context, r *Request, w io.Writer) error {
	if len(r.Args) != 1 {
		return usagef("usage: msgs play N|ID")
	}
	m, _, err := c.message(r, r.Args[0])
	if err != nil {
		return err
	}
	if err := c.b.PlayMessage(m.ID); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "ringing the handset: pick up to hear the message from %s\n", orDash(strings.TrimSpace(m.Number+" "+clean.Name(m.Name))))
	return err
}

func (c *Console) msgsDel(_ context.Context, r *Request, w io.Writer) error {
	if len(r.Args) != 1 {
		return usagef("usage: msgs del N|ID|heard|all")
	}
	switch strings.ToLower(r.Args[0]) {
	case "heard", "all":
		return c.msgsDelMany(r, w, strings.ToLower(r.Args[0]) == "all")
	}
	m, _, err := c.message(r, r.Args[0])
	if err != nil {
		return err
	}
	if err := c.b.DeleteMessage(m.ID); err != nil {
		return err
	}
	return okf(w, "deleted the message of %s from %s", m.Time.In(c.now().Location()).Format("2006-01-02 15:04"),
		orDash(strings.TrimSpace(m.Number+" "+clean.Name(m.Name))))
}

// msgsDelMany deletes the heard messages, or every message after asking.
func (c *Console) msgsDelMany(r *Request, w io.Writer, all bool) error {
	msgs, err := c.b.Messages()
	if err != nil {
		return err
	}
	unheard := 0
	for _, m := range msgs {
		if !m.Heard {
			unheard++
		}
	}
	if all && len(msgs) > 0 {
		ok, err := confirm(r, fmt.Sprintf("delete all %d messages (%d not heard yet)?", len(msgs), unheard))
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("nothing was deleted")
		}
	}
	n := 0
	for _, m := range msgs {
		if !all && !m.Heard {
			continue
		}
		if err := c.b.DeleteMessage(m.ID); err != nil {
			return fmt.Errorf("deleted %d, then: %w", n, err)
		}
		n++
	}
	r.state.msgIDs = nil
	if all {
		return okf(w, "deleted %d messages", n)
	}
	return okf(w, "deleted %d heard messages (%d not heard yet kept)", n, unheard)
}
