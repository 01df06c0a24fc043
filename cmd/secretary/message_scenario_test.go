package main

// The scenario harness's part for messages: messages in the mailbox before
// a scenario starts, waiting for the machine's actions, and the golden
// file's sections on the messages and on the phone's on-hook data.

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"secretary/board/sim"
	"secretary/firmware/console"
	"secretary/firmware/voicemail"
	"secretary/hal/audio"
	"secretary/hal/dsp"
	"secretary/screening"
	"secretary/screening/store"
)

var (
	// whenClips is when a message was left, as the envelope says it: it
	// depends on the hour the test runs.
	whenClips = regexp.MustCompile(`(today|yesterday|on-[a-z]+(?: (?:digit|n)-[0-9]+)*) at (?:(?:digit|n)-[0-9]+)(?: (?:(?:digit|n)-[0-9]+|oh))* (?:am|pm)`)
	// messageIDs are time-based.
	messageIDs = regexp.MustCompile(`(play-message|delete-message|keep-message|first=) ?[0-9]{8}-[0-9]{6}-[0-9]+`)
)

// parseSeedMessage reads "NUMBER [urgent] [heard] [callback NUMBER] [ago DURATION]".
func parseSeedMessage(t *testing.T, s string) screening.Message {
	t.Helper()
	f := strings.Fields(s)
	if len(f) == 0 {
		t.Fatal("message: a number first")
	}
	m := screening.Message{Number: f[0], Time: time.Now().Add(-time.Hour)}
	for i := 1; i < len(f); i++ {
		switch f[i] {
		case "urgent":
			m.Urgent = true
		case "heard":
			m.Heard = true
		case "callback", "ago":
			if i+1 >= len(f) {
				t.Fatalf("message %q: %s needs a value", s, f[i])
			}
			if f[i] == "callback" {
				m.CallBack = f[i+1]
			} else {
				d, err := time.ParseDuration(f[i+1])
				if err != nil {
					t.Fatal(err)
				}
				m.Time = time.Now().Add(-d)
			}
			i++
		default:
			t.Fatalf("message %q: unknown word %q", s, f[i])
		}
	}
	return m
}

// seedMessages puts msgs in the mailbox of the data directory, each with
// its seedSpeech.
func seedMessages(t *testing.T, data string, msgs []screening.Message) {
	t.Helper()
	st, err := store.OpenDir(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	mb := voicemail.New(st, voicemail.Config{Dir: data})
	if err := mb.Open(); err != nil {
		t.Fatal(err)
	}
	defer mb.Close()
	for _, m := range msgs {
		id, err := mb.Save(m, seedSpeech(m))
		if err != nil {
			t.Fatal(err)
		}
		if m.Heard {
			if err := mb.MarkHeard(id); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// seedSpeech is the recording of a message seeded before the start: about
// 4.5 s of speech (time enough for a key to cut it short under load),
// different for each caller's number.
func seedSpeech(m screening.Message) []int16 {
	return sim.Speech("hello this is " + m.Number + " about the order we placed last week please call me back when you can thanks a lot")
}

// goldenHeard says, for each message seeded before the start, whether the
// lifted handset heard its recording from start to end (as the mailbox
// keeps it: u-law).
func (x *e2e) goldenHeard(b *strings.Builder, seeded []screening.Message) {
	x.t.Helper()
	heard := x.heardAudio("handset")
	b.WriteString("--- the seeded messages' recordings, as the lifted handset heard them\n")
	for _, m := range seeded {
		want := audio.DecodeULaw(nil, audio.EncodeULaw(nil, seedSpeech(m)))
		fmt.Fprintf(b, "%s: %s\n", m.Number, map[bool]string{true: "heard in full", false: "not heard in full"}[containsRun(heard, want)])
	}
}

// containsRun reports whether want occurs in pcm, sample for sample.
func containsRun(pcm, want []int16) bool {
	if len(want) == 0 {
		return true
	}
	for i := 0; i+len(want) <= len(pcm); i++ {
		if pcm[i] == want[0] && slices.Equal(pcm[i:i+len(want)], want) {
			return true
		}
	}
	return false
}

// waitAction waits for the machine's next action (after the last one
// waited for) that starts with prefix.
func (x *e2e) waitAction(prefix string, limit time.Duration) {
	x.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		x.mu.Lock()
		for i := x.acted; i < len(x.trace); i++ {
			if strings.HasPrefix(x.trace[i], "action "+prefix) {
				x.acted = i + 1
				x.mu.Unlock()
				return
			}
		}
		x.mu.Unlock()
		if time.Now().After(deadline) {
			x.t.Fatalf("timed out waiting for the action %q", prefix)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// goldenMessages writes msgs list --json without what depends on the
// clock (ids, times, lengths); name_given says whether the caller gave a
// name.
func (x *e2e) goldenMessages(b *strings.Builder) {
	x.t.Helper()
	var msgs []console.MessageJSON
	x.console("msgs list --json", func(s string) bool { return json.Unmarshal([]byte(strings.TrimSpace(s)), &msgs) == nil })
	b.WriteString("--- msgs list --json (id, time and duration_s left out; name_given: a name and reason at the start)\n")
	for _, m := range msgs {
		j, _ := json.Marshal(struct {
			N         int    `json:"n"`
			Number    string `json:"number"`
			Name      string `json:"name"`
			Heard     bool   `json:"heard"`
			CallBack  string `json:"callback"`
			Urgent    bool   `json:"urgent"`
			NameGiven bool   `json:"name_given"`
		}{m.N, m.Number, m.Name, m.Heard, m.CallBack, m.Urgent, m.NameGivenS > 0})
		fmt.Fprintf(b, "%s\n", j)
	}
}

// goldenOnHook writes what the DSP's caller-ID receiver finds in the audio
// the phone was sent on its cradle: caller IDs and message-waiting
// indications, in order.
func (x *e2e) goldenOnHook(b *strings.Builder) {
	x.t.Helper()
	pcm := x.heardAudio("handset-cid")
	b.WriteString("--- the phone's on-hook data, decoded by the DSP receiver\n")
	for _, e := range dsp.NewCIDReceiver(dsp.CIDRxOptions{Mode: dsp.CIDBellcore}).Process(pcm, nil) {
		switch {
		case e.Err != nil:
			fmt.Fprintf(b, "error: %v\n", e.Err)
		case e.VMWI != dsp.VMWINone:
			fmt.Fprintf(b, "message waiting: %s\n", e.VMWI)
		default:
			c := e.CallerID.HAL()
			fmt.Fprintf(b, "caller ID: %s %s\n", c.Number, c.Name)
		}
	}
}

// heardAudio is what the simulated board says who heard: "handset",
// "handset-cid" or "caller".
func (x *e2e) heardAudio(who string) []int16 {
	x.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pcm, err := x.world.Heard(ctx, who)
	if err != nil {
		x.t.Fatal(err)
	}
	return pcm
}
