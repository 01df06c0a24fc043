package backup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"secretary/firmware/voicemail"
	"secretary/screening"
	"secretary/screening/store"
)

// box is a data directory with a store and a mailbox.
type box struct {
	dir string
	st  *store.Store
	mb  *voicemail.Box
}

func newBox(t *testing.T) *box {
	t.Helper()
	dir := t.TempDir()
	st, err := store.OpenDir(dir, store.WithSnapshots(store.SnapshotConfig{Disabled: true}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	mb := voicemail.New(st, voicemail.Config{Dir: dir, MinFree: 1})
	if err := mb.Open(); err != nil {
		t.Fatal(err)
	}
	return &box{dir: dir, st: st, mb: mb}
}

// fill puts numbers on lists and n messages in the mailbox.
func (b *box) fill(t *testing.T, n int) {
	t.Helper()
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	for i := range 20 {
		act := screening.ActionBlock
		if i%3 == 0 {
			act = screening.ActionPass
		}
		if _, err := b.st.AddNumber(act, fmt.Sprintf("+1212555%04d", i), fmt.Sprintf("N%d", i), "", now); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.st.SetSetting("mode", "dnd"); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		pcm := make([]int16, 800*(i+1))
		for j := range pcm {
			pcm[j] = int16((j*(i+3))%2000 - 1000)
		}
		if _, err := b.mb.Save(screening.Message{Number: fmt.Sprintf("+1917555%04d", i), Name: "CALLER", Time: now.Add(time.Duration(i) * time.Minute)}, pcm); err != nil {
			t.Fatal(err)
		}
	}
}

func (b *box) take(t *testing.T) ([]byte, Summary) {
	t.Helper()
	var out bytes.Buffer
	sum, err := Take(context.Background(), &out, Source{Store: b.st, Dir: b.dir, Firmware: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Bytes != int64(out.Len()) {
		t.Errorf("summary says %d bytes, wrote %d", sum.Bytes, out.Len())
	}
	return out.Bytes(), sum
}

// state is what must survive a backup: every list, the settings, the
// messages with their audio.
func (b *box) state(t *testing.T) string {
	t.Helper()
	var s strings.Builder
	for _, a := range []screening.Action{screening.ActionPass, screening.ActionBlock} {
		if _, err := b.st.ExportCSV(context.Background(), &s, a); err != nil {
			t.Fatal(err)
		}
	}
	set, err := b.st.Settings()
	if err != nil {
		t.Fatal(err)
	}
	v, _ := set.Get("mode")
	fmt.Fprintf(&s, "mode %s\n", v)
	msgs, err := b.mb.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		pcm, _, err := b.mb.Audio(m.ID)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&s, "%s %s %s %v %d %d\n", m.ID, m.Number, m.Time.UTC(), m.Heard, m.Duration, len(pcm))
	}
	return s.String()
}

func restore(t *testing.T, b *box, file []byte) (Result, error) {
	t.Helper()
	sg, err := Stage(context.Background(), bytes.NewReader(file), b.dir)
	if err != nil {
		return Result{}, err
	}
	defer sg.Close()
	return sg.Apply(b.st, b.dir, time.Now())
}

func TestBackup_RoundTrip(t *testing.T) {
	src := newBox(t)
	src.fill(t, 3)
	file, sum := src.take(t)
	if sum.Messages != 3 || sum.StoreBytes == 0 || len(sum.Missing) != 0 {
		t.Errorf("summary %+v", sum)
	}
	want := src.state(t)

	for _, form := range []string{"binary", "text"} {
		t.Run(form, func(t *testing.T) {
			in := file
			if form == "text" {
				var txt bytes.Buffer
				a := NewArmorWriter(&txt, "Format: 1")
				a.Write(file)
				if err := a.Close(); err != nil {
					t.Fatal(err)
				}
				// a terminal's capture: the command and prompt around it, CRLF
				in = []byte("secretary> backup\r\n" + strings.ReplaceAll(txt.String(), "\n", "\r\n") + "secretary> ")
			}
			dst := newBox(t)
			dst.fill(t, 1) // the same first message (same ID and audio)
			if _, err := dst.mb.Save(screening.Message{Number: "+15555550100", Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}, make([]int16, 100)); err != nil {
				t.Fatal(err)
			}
			res, err := restore(t, dst, in)
			if err != nil {
				t.Fatal(err)
			}
			if got := dst.state(t); got != want {
				t.Errorf("restored:\n%s\nwant:\n%s", got, want)
			}
			if res.Messages != 3 || res.Aside == "" {
				t.Errorf("result %+v", res)
			}
			// the replaced box's own message went aside, not lost
			if ents, err := os.ReadDir(res.Aside); err != nil || len(ents) != 1 {
				t.Errorf("aside %s: %v %v", res.Aside, ents, err)
			}
			if ents, _ := os.ReadDir(filepath.Join(dst.dir, "messages")); len(ents) != 3 {
				t.Errorf("messages/ holds %d files, want 3", len(ents))
			}
		})
	}
}

// Every byte changed, one at a time, is refused; nothing is touched.
func TestBackup_OneByteChangedIsRefused(t *testing.T) {
	src := newBox(t)
	src.fill(t, 2)
	file, _ := src.take(t)
	dst := newBox(t)
	dst.fill(t, 1)
	before := dst.state(t)
	step := max(1, len(file)/400)
	for i := 0; i < len(file); i += step {
		bad := bytes.Clone(file)
		bad[i] ^= 0x20
		_, err := restore(t, dst, bad)
		if err == nil {
			t.Fatalf("byte %d changed: restored", i)
		}
		if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrNotBackup) && !errors.Is(err, ErrNewer) {
			t.Fatalf("byte %d changed: %v, not a damage error", i, err)
		}
	}
	// the last byte (the checksum's newline) and one inside the checksum
	for _, i := range []int{len(file) - 1, len(file) - 10} {
		bad := bytes.Clone(file)
		bad[i] ^= 1
		if _, err := restore(t, dst, bad); err == nil {
			t.Fatalf("byte %d changed: restored", i)
		}
	}
	if got := dst.state(t); got != before {
		t.Errorf("a refused backup changed the box:\n%s\nwas\n%s", got, before)
	}
	if ents, _ := os.ReadDir(dst.dir); len(ents) == 0 {
		t.Fatal("data dir empty")
	} else {
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), ".restore-") || strings.HasPrefix(e.Name(), "messages.old") {
				t.Errorf("left behind: %s", e.Name())
			}
		}
	}
}

func TestBackup_Refusals(t *testing.T) {
	src := newBox(t)
	src.fill(t, 1)
	file, _ := src.take(t)
	newer := append([]byte("SECRETARY BACKUP 2\n"), file[len("SECRETARY BACKUP 1\n"):]...)
	tests := []struct {
		name string
		in   []byte
		is   error
		says string
	}{
		{"checksum", append(bytes.Clone(file[:len(file)-5]), "0000\n"...), ErrChecksum, "checksum does not match"},
		{"cut short", file[:len(file)/2], ErrDamaged, "cut short"},
		{"no END", file[:bytes.LastIndex(file, []byte("END "))], ErrDamaged, "cut short"},
		{"after END", append(bytes.Clone(file), 'x'), ErrDamaged, "follows its end"},
		{"newer", newer, ErrNewer, "format 2; this firmware reads format 1"},
		{"empty", nil, ErrNotBackup, "empty"},
		{"a CSV", []byte("number,name\n2125550100,Ann\n"), ErrNotBackup, "not a backup"},
		{"text without END", []byte(ArmorBegin + "\n\nU0VDUkVUQVJZIEJBQ0tVUCAx\n"), ErrDamaged, "before its END line"},
		{"text not base64", []byte(ArmorBegin + "\n\n!!!!\n" + ArmorEnd + "\n"), ErrDamaged, "not base64"},
	}
	dst := newBox(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := restore(t, dst, tt.in)
			if !errors.Is(err, tt.is) || !strings.Contains(sentence(err), tt.says) {
				t.Errorf("err %v (sentence %q), want Is %v saying %q", err, sentence(err), tt.is, tt.says)
			}
		})
	}
}

func sentence(err error) string {
	var s interface{ Sentence() string }
	if errors.As(err, &s) {
		return s.Sentence()
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// A message whose audio is gone is backed up without it and named.
func TestBackup_MissingAudio(t *testing.T) {
	b := newBox(t)
	b.fill(t, 2)
	msgs, _ := b.mb.List()
	if err := os.Remove(filepath.Join(b.dir, msgs[0].File)); err != nil {
		t.Fatal(err)
	}
	_, sum := b.take(t)
	if sum.Messages != 1 || len(sum.Missing) != 1 || sum.Missing[0] != msgs[0].ID {
		t.Errorf("summary %+v, want 1 message and %s missing", sum, msgs[0].ID)
	}
}

// Backups taken while messages come and go each hold a store copy whose
// messages all have their audio.
func TestBackup_ConsistentWhileMessagesChange(t *testing.T) {
	b := newBox(t)
	b.fill(t, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ctx.Err() == nil; i++ {
			id, err := b.mb.Save(screening.Message{Number: "+12125550100"}, make([]int16, 400))
			if err != nil {
				t.Error(err)
				return
			}
			if i%2 == 0 {
				b.mb.Delete(id)
			}
			if msgs, _ := b.mb.List(); len(msgs) > 20 {
				for _, m := range msgs[10:] {
					b.mb.Delete(m.ID)
				}
			}
		}
	}()
	for range 30 {
		file, sum := b.take(t)
		if len(sum.Missing) != 0 {
			t.Errorf("missing audio in a live backup: %v", sum.Missing)
		}
		dst := newBox(t)
		if _, err := restore(t, dst, file); err != nil {
			t.Fatal(err)
		}
		msgs, _ := dst.mb.List()
		for _, m := range msgs {
			if _, _, err := dst.mb.Audio(m.ID); err != nil {
				t.Fatalf("restored message without audio: %v", err)
			}
		}
	}
	cancel()
	<-done
}

// A database copy the store refuses (here: not a database) leaves the
// message directory as it was.
func TestBackup_StoreRefusedRevertsMessages(t *testing.T) {
	src := newBox(t)
	src.fill(t, 2)
	var buf bytes.Buffer
	w := NewWriter(&buf)
	msgs, _ := src.mb.List()
	man := Manifest{Format: 1, StoreBytes: 4}
	for _, m := range msgs {
		fi, _ := os.Stat(filepath.Join(src.dir, m.File))
		man.Files = append(man.Files, FileInfo{Name: filepath.ToSlash(m.File), Bytes: fi.Size(), Message: m.ID})
	}
	js := fmt.Sprintf(`{"format":1,"store_bytes":4,"files":[{"name":%q,"bytes":%d},{"name":%q,"bytes":%d}]}`,
		man.Files[0].Name, man.Files[0].Bytes, man.Files[1].Name, man.Files[1].Bytes)
	w.Section(KindManifest, "manifest.json", strings.NewReader(js))
	w.Section(KindStore, store.FileName, strings.NewReader("junk"))
	for _, f := range man.Files {
		fh, _ := os.Open(filepath.Join(src.dir, f.Name))
		w.Section(KindFile, f.Name, fh)
		fh.Close()
	}
	w.Close()
	dst := newBox(t)
	dst.fill(t, 1)
	before := dst.state(t)
	if _, err := restore(t, dst, buf.Bytes()); !errors.Is(err, store.ErrBadBackup) {
		t.Fatalf("restore of a junk database: %v", err)
	}
	if got := dst.state(t); got != before {
		t.Errorf("changed:\n%s\nwas\n%s", got, before)
	}
	if ents, _ := os.ReadDir(filepath.Join(dst.dir, "messages")); len(ents) != 1 {
		t.Errorf("messages/ holds %d files after the refusal, want 1", len(ents))
	}
}
