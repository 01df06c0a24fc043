package delivery

import (
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/screening"
)

// hook is a push service in the test: a real HTTP server that answers
// with the statuses it is given, then 200.
type hook struct {
	mu       sync.Mutex
	statuses []int    // answered in turn before 200s
	bodies   [][]byte // every request's body
	reqs     []*http.Request
	ok       int // requests answered 200
	srv      *httptest.Server
	roots    *x509.CertPool
}

func newHook(t *testing.T, statuses ...int) *hook {
	h := &hook{statuses: statuses}
	h.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		h.bodies, h.reqs = append(h.bodies, b), append(h.reqs, r)
		if len(h.statuses) > 0 {
			s := h.statuses[0]
			h.statuses = h.statuses[1:]
			if s == 429 || s == 503 {
				w.Header().Set("Retry-After", "120")
			}
			if s == 301 {
				w.Header().Set("Location", "https://elsewhere.example/topic")
			}
			w.WriteHeader(s)
			return
		}
		h.ok++
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"x","event":"message"}`)
	}))
	t.Cleanup(h.srv.Close)
	h.roots = x509.NewCertPool()
	h.roots.AddCert(h.srv.Certificate())
	return h
}

func (h *hook) answered() (ok int, all int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.ok, len(h.reqs)
}

// The push channel posts the envelope as JSON, with the fields ntfy and
// Gotify show, and the token as a bearer token.
func TestPush_JSONEnvelope(t *testing.T) {
	h := newHook(t)
	r := newRig(t, h.roots, map[string]string{"push-url": h.srv.URL + "/message?x=1", "push-token": "tk_secret", "push-topic": "front-desk"})
	id := r.save(screening.Message{Time: t0, Number: "+12125550143", Name: "HUDSON DENTAL", CallBack: "+12125550199", Urgent: true}, speech(42))
	r.start()
	r.pass()
	ok, all := h.answered()
	if ok != 1 || all != 1 {
		t.Fatalf("the service answered %d of %d requests with 200, want 1 of 1", ok, all)
	}
	req := h.reqs[0]
	if req.Method != "POST" || req.URL.Path != "/message" || req.URL.RawQuery != "x=1" || req.Header.Get("Content-Type") != "application/json" ||
		req.Header.Get("Authorization") != "Bearer tk_secret" {
		t.Errorf("request %s %s, headers %v", req.Method, req.URL, req.Header)
	}
	var got map[string]any
	if err := json.Unmarshal(h.bodies[0], &got); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, h.bodies[0])
	}
	want := map[string]any{"id": id, "time": "2026-11-23T15:14:00Z", "number": "+12125550143", "name": "HUDSON DENTAL",
		"callback": "+12125550199", "urgent": true, "duration": 42.0, "title": "URGENT Voicemail from HUDSON DENTAL +12125550143 (0:42)",
		"message": "Mon 15:14, 0:42, call back +12125550199", "priority": 5.0, "topic": "front-desk"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if tags, _ := got["tags"].([]any); len(tags) != 2 {
		t.Errorf("tags %v", got["tags"])
	}
	if rt := r.delivery(id).Route(screening.ChannelPush); rt == nil || rt.State != screening.DeliverySent {
		t.Errorf("route %+v", rt)
	}
}

// What each answer of a push service leads to.
func TestPush_Answers(t *testing.T) {
	u, _ := url.Parse("https://push.example/topic")
	tests := []struct {
		status int
		kind   failKind // when not sent
		sent   bool
		after  time.Duration
	}{
		{200, 0, true, 0}, {201, 0, true, 0}, {204, 0, true, 0},
		{401, failAttention, false, 0}, {403, failAttention, false, 0},
		{408, failTransient, false, 0}, {429, failTransient, false, 2 * time.Minute},
		{500, failTransient, false, 0}, {502, failTransient, false, 0}, {503, failTransient, false, 2 * time.Minute},
		{400, failPermanent, false, 0}, {404, failPermanent, false, 0}, {413, failPermanent, false, 0},
		{301, failPermanent, false, 0}, {307, failPermanent, false, 0},
	}
	for _, tc := range tests {
		h := textproto.MIMEHeader{}
		if tc.after > 0 {
			h.Set("Retry-After", "120")
		}
		err := classifyHTTP(tc.status, h, u)
		if tc.sent {
			if err != nil {
				t.Errorf("%d: %v, want sent", tc.status, err)
			}
			continue
		}
		f, ok := err.(*failure)
		if !ok || f.kind != tc.kind || f.retryAfter != tc.after {
			t.Errorf("%d: %#v, want %v (retry after %v)", tc.status, err, tc.kind, tc.after)
		}
	}
}

// A push service that is down (503 with Retry-After) and then up: the
// message is posted once it answers, and only once; the wait honours
// Retry-After.
func TestPush_DownThenUp(t *testing.T) {
	h := newHook(t, 503, 503, 500)
	r := newRig(t, h.roots, map[string]string{"push-url": h.srv.URL})
	id := r.save(screening.Message{Time: t0, Number: "+12125550143"}, speech(1))
	r.start()
	st := r.pass()
	for i := 0; i < 3; i++ {
		c := st.Channels[1]
		if c.Waiting != 1 || c.Sent != 0 || !strings.Contains(c.Problem, "try later (HTTP 5") {
			t.Fatalf("after %d tries: %+v", i+1, c)
		}
		rt := r.delivery(id).Route(screening.ChannelPush)
		if wait := rt.Next.Sub(rt.Last); i < 2 && wait < 2*time.Minute {
			t.Errorf("try %d: next in %v, the service asked for 2 minutes", i+1, wait)
		}
		st = r.advanceTo(c.Next)
	}
	if ok, all := h.answered(); ok != 1 || all != 4 {
		t.Fatalf("answered %d of %d with 200, want 1 of 4", ok, all)
	}
	r.later(24 * time.Hour)
	if ok, all := h.answered(); ok != 1 || all != 4 {
		t.Errorf("after a day: %d of %d, want still 1 of 4 (no duplicates)", ok, all)
	}
}
