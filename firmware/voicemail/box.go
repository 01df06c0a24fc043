package voicemail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/hal"
	"secretary/hal/audio"
	"secretary/screening"
)

// MetaStore keeps message metadata; *store.Store implements it.
type MetaStore interface {
	PutMessage(m screening.Message) error
	Messages() ([]screening.Message, error) // newest first
	Message(id string) (screening.Message, error)
	DeleteMessage(id string) error
}

// Config holds the limits. Zero fields take the defaults given.
type Config struct {
	Dir         string          // data directory; messages go in Dir/messages
	MaxMessages int             // default 100
	MaxLength   time.Duration   // longest message kept; longer audio is cut (default 3 min)
	MinFree     int64           // bytes that must stay free on the disk (default 16 MiB)
	Clock       clockwork.Clock // default real
	// OnChange, if set, is called after every change a Box makes (a
	// message saved, heard or deleted), from the goroutine that made it;
	// it must not block (the firmware's Appliance.MailboxChanged fits).
	OnChange func()
}

// Box is the mailbox. It is safe for concurrent use.
type Box struct {
	cfg  Config
	meta MetaStore
	dir  string

	mu     sync.Mutex
	seq    int
	closed bool
	free   func(dir string) (int64, error) // disk space; replaceable in tests
}

// New returns a mailbox; it does no I/O (Open does).
func New(meta MetaStore, cfg Config) *Box {
	if cfg.MaxMessages == 0 {
		cfg.MaxMessages = 100
	}
	if cfg.MaxLength == 0 {
		cfg.MaxLength = 3 * time.Minute
	}
	if cfg.MinFree == 0 {
		cfg.MinFree = 16 << 20
	}
	if cfg.Clock == nil {
		cfg.Clock = clockwork.NewRealClock()
	}
	return &Box{cfg: cfg, meta: meta, dir: filepath.Join(cfg.Dir, "messages"), free: freeBytes}
}

// Open creates the message directory and removes leftovers of interrupted
// writes: temporary files, and audio files no metadata refers to.
func (b *Box) Open() error {
	if err := os.MkdirAll(b.dir, 0o750); err != nil {
		return fmt.Errorf("voicemail: %w", err)
	}
	msgs, err := b.meta.Messages()
	if err != nil {
		return fmt.Errorf("voicemail: reading metadata: %w", err)
	}
	known := map[string]bool{}
	for _, m := range msgs {
		known[filepath.Base(m.File)] = true
	}
	ents, err := os.ReadDir(b.dir)
	if err != nil {
		return fmt.Errorf("voicemail: %w", err)
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmp-") || (strings.HasSuffix(e.Name(), ".wav") && !known[e.Name()]) {
			_ = os.Remove(filepath.Join(b.dir, e.Name()))
		}
	}
	return nil
}

// Dir is the directory that holds the message files.
func (b *Box) Dir() string { return b.dir }

// Close makes later calls fail with ErrClosed. Idempotent.
func (b *Box) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	return nil
}

// Full reports whether Save would refuse a message now: the unheard
// messages alone reach the limit, or the disk is short of space even
// counting what deleting every heard message would give back.
func (b *Box) Full() bool {
	msgs, err := b.meta.Messages()
	if err != nil {
		return true
	}
	return b.fullReason(msgs, true) != ""
}

// need is the free space a new message needs.
func (b *Box) need() int64 {
	return b.cfg.MinFree + int64(b.cfg.MaxLength.Seconds()*8000) + 4096
}

// fullReason says why a message does not fit now, "" when it does. With
// heardRoom, heard messages count as room (Save deletes them to make it).
func (b *Box) fullReason(msgs []screening.Message, heardRoom bool) string {
	n, freed := len(msgs), int64(0)
	if heardRoom {
		for _, m := range msgs {
			if m.Heard {
				n--
				freed += int64(m.Duration.Seconds()*8000) + 4096
			}
		}
	}
	if n >= b.cfg.MaxMessages {
		return fmt.Sprintf("%d unheard messages (limit %d)", n, b.cfg.MaxMessages)
	}
	free, err := b.free(b.cfg.Dir)
	if err == nil && free+freed < b.need() {
		return fmt.Sprintf("%d bytes free on disk", free)
	}
	return ""
}

// makeRoom deletes the oldest heard messages until a new one fits; it never
// deletes an unheard one, and returns ErrFull when only those are left.
// It returns the messages deleted.
func (b *Box) makeRoom() ([]screening.Message, error) {
	var gone []screening.Message
	for {
		msgs, err := b.meta.Messages() // newest first
		if err != nil {
			return gone, fmt.Errorf("voicemail: reading metadata: %w", err)
		}
		why := b.fullReason(msgs, false)
		if why == "" {
			return gone, nil
		}
		oldest := -1
		for i, m := range msgs {
			if m.Heard {
				oldest = i
			}
		}
		if oldest < 0 {
			return gone, fmt.Errorf("%w: %s", ErrFull, why)
		}
		if err := b.remove(msgs[oldest]); err != nil {
			return gone, err
		}
		gone = append(gone, msgs[oldest])
	}
}

// Unheard is the number of messages the owner has not played.
func (b *Box) Unheard() int {
	msgs, err := b.meta.Messages()
	if err != nil {
		return 0
	}
	n := 0
	for _, m := range msgs {
		if !m.Heard {
			n++
		}
	}
	return n
}

// List returns the messages, newest first.
func (b *Box) List() ([]screening.Message, error) { return b.meta.Messages() }

// Save writes pcm (8 kHz mono) as a new message with m's caller fields and
// returns its id. Audio longer than MaxLength is cut.
func (b *Box) Save(m screening.Message, pcm []int16) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return "", ErrClosed
	}
	if _, err := b.makeRoom(); err != nil {
		return "", err
	}
	if max := int(b.cfg.MaxLength.Seconds() * 8000); len(pcm) > max {
		pcm = pcm[:max]
	}
	now := b.cfg.Clock.Now()
	if m.Time.IsZero() {
		m.Time = now
	}
	b.seq++
	m.ID = fmt.Sprintf("%s-%d", m.Time.UTC().Format("20060102-150405"), b.seq)
	for {
		if _, err := os.Stat(filepath.Join(b.dir, m.ID+".wav")); errors.Is(err, os.ErrNotExist) {
			break
		}
		b.seq++
		m.ID = fmt.Sprintf("%s-%d", m.Time.UTC().Format("20060102-150405"), b.seq)
	}
	m.File = filepath.Join("messages", m.ID+".wav")
	m.Duration = time.Duration(len(pcm)) * time.Second / 8000
	m.Heard = false
	var buf bytes.Buffer
	if err := audio.WriteWAV(&buf, audio.ULaw, audio.Rate, pcm); err != nil {
		return "", fmt.Errorf("voicemail: %w", err)
	}
	path := filepath.Join(b.cfg.Dir, m.File)
	if err := writeAtomic(path, buf.Bytes()); err != nil {
		return "", err
	}
	if err := b.meta.PutMessage(m); err != nil {
		_ = os.Remove(path)
		return "", fmt.Errorf("voicemail: metadata: %w", err)
	}
	b.changed()
	return m.ID, nil
}

// writeAtomic writes data to path through a temporary file, fsync and rename.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("voicemail: %w", err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("voicemail: writing %s: %w", filepath.Base(path), err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("voicemail: %w", err)
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// Audio returns a message's audio as 8 kHz PCM.
func (b *Box) Audio(id string) ([]int16, screening.Message, error) {
	m, err := b.meta.Message(id)
	if err != nil {
		return nil, m, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	f, err := os.Open(filepath.Join(b.cfg.Dir, m.File))
	if err != nil {
		return nil, m, fmt.Errorf("voicemail: %w", err)
	}
	defer f.Close()
	pcm, err := audio.LoadPrompt(f)
	if err != nil {
		return nil, m, fmt.Errorf("voicemail: %s: %w", m.File, err)
	}
	return pcm, m, nil
}

// Play plays a message to the handset and marks it heard.
func (b *Box) Play(ctx context.Context, h hal.Handset, id string) error {
	pcm, m, err := b.Audio(id)
	if err != nil {
		return err
	}
	if err := h.Play(ctx, pcm); err != nil {
		return fmt.Errorf("voicemail: playing %s: %w", id, err)
	}
	return b.MarkHeard(m.ID)
}

// MarkHeard records that the owner played a message (or kept it).
func (b *Box) MarkHeard(id string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	m, err := b.meta.Message(id)
	if err != nil {
		return fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	if m.Heard {
		return nil
	}
	m.Heard, m.HeardAt = true, b.cfg.Clock.Now()
	if err := b.meta.PutMessage(m); err != nil {
		return fmt.Errorf("voicemail: %w", err)
	}
	b.changed()
	return nil
}

func (b *Box) changed() {
	if b.cfg.OnChange != nil {
		b.cfg.OnChange()
	}
}

// Delete removes a message's metadata and then its file.
func (b *Box) Delete(id string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	m, err := b.meta.Message(id)
	if err != nil {
		return fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	return b.remove(m)
}

func (b *Box) remove(m screening.Message) error {
	if err := b.meta.DeleteMessage(m.ID); err != nil {
		return fmt.Errorf("voicemail: %w", err)
	}
	b.changed()
	if err := os.Remove(filepath.Join(b.cfg.Dir, m.File)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("voicemail: %w", err)
	}
	return nil
}

// Expire deletes the heard messages heard (or, for messages heard before
// the time was kept, recorded) more than days days ago: the
// message-retention setting. days <= 0 keeps every message. It returns
// the messages deleted; unheard messages are never deleted.
func (b *Box) Expire(days int) ([]screening.Message, error) {
	if days <= 0 {
		return nil, nil
	}
	msgs, err := b.meta.Messages()
	if err != nil {
		return nil, fmt.Errorf("voicemail: reading metadata: %w", err)
	}
	cut := b.cfg.Clock.Now().Add(-time.Duration(days) * 24 * time.Hour)
	var gone []screening.Message
	for _, m := range msgs {
		at := m.HeardAt
		if at.IsZero() {
			at = m.Time
		}
		if !m.Heard || !at.Before(cut) {
			continue
		}
		if err := b.remove(m); err != nil {
			return gone, err
		}
		gone = append(gone, m)
	}
	return gone, nil
}
