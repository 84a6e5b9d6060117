package outbox

import (
	"context"
	"math/rand/v2"
	"time"
)

// Back-off of the background sender. The first retry comes soon (a register
// restarting is back in seconds); each failed round doubles the wait up to
// MaxDelay, so that a workstation offline for days asks a few times an hour,
// never gives up, and never hammers a register that is coming back up.
const (
	MinDelay = 5 * time.Second
	MaxDelay = 10 * time.Minute
	// IdleCheck is how often an idle sender looks for entries another process
	// (a batch `wipe` beside the TUI) queued.
	IdleCheck = time.Minute
)

// Backoff is the wait after n failed rounds in a row (n >= 1): Min doubled
// n-1 times, at most Max, then drawn at random from its upper half, so that
// workstations that lost the register together do not come back in step.
type Backoff struct {
	Min, Max time.Duration
	// Rand returns a number in [0, 1) (rand.Float64 when nil).
	Rand func() float64
}

// Delay is the wait after n failed rounds.
func (b Backoff) Delay(n int) time.Duration {
	d := b.Min
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	r := rand.Float64
	if b.Rand != nil {
		r = b.Rand
	}
	return d/2 + time.Duration(r()*float64(d/2))
}

// Sender pushes an outbox's entries in the background: a round at start, after
// every Kick (a job queued a certificate) and every IdleCheck, and after a
// failed round (some entry still pending for want of an answer) when its
// back-off delay has passed.
type Sender struct {
	Outbox *Outbox
	Pusher Pusher
	URL    string
	// Backoff is the wait after failed rounds (MinDelay..MaxDelay when zero).
	Backoff Backoff
	// Idle is the wait after a round that left nothing to retry (IdleCheck when 0).
	Idle time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// OnRound, when set, receives the outbox's status after every round, and
	// the round's error (an outbox that cannot be read or written).
	OnRound func(Status, error)

	kick chan struct{}
}

// NewSender returns a sender of o's entries to the register at url.
func NewSender(o *Outbox, p Pusher, url string) *Sender {
	return &Sender{Outbox: o, Pusher: p, URL: url, kick: make(chan struct{}, 1)}
}

// Kick asks for a round now (a certificate was queued); it never blocks.
func (s *Sender) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Run sends until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	now := s.Now
	if now == nil {
		now = time.Now
	}
	b := s.Backoff
	if b.Min == 0 {
		b.Min, b.Max = MinDelay, MaxDelay
	}
	idle := s.Idle
	if idle == 0 {
		idle = IdleCheck
	}
	failed := 0
	for ctx.Err() == nil {
		round, err := s.Outbox.Flush(ctx, s.Pusher, s.URL, now)
		if ctx.Err() != nil {
			return
		}
		wait := idle
		if err != nil || round.Count(NotSent) > 0 {
			failed++
			wait = b.Delay(failed)
		} else {
			failed = 0
		}
		if s.OnRound != nil {
			st, serr := s.Outbox.Status()
			if err == nil {
				err = serr
			}
			s.OnRound(st, err)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.kick:
			t.Stop()
		case <-t.C:
		}
	}
}
