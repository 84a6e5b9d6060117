package wipe

import (
	"context"
	"errors"
)

// Runner runs jobs, one goroutine per device; one job failing never stops another.
// Events from every job arrive on one channel. A Runner is safe for concurrent use.
//
// (Skeleton: the engine work fills this in.)
type Runner struct {
	cfg    RunnerConfig
	events chan Event
}

// NewRunner returns a Runner wired by cfg.
func NewRunner(cfg RunnerConfig) *Runner {
	return &Runner{cfg: cfg, events: make(chan Event, 256)}
}

// Start begins job and returns its ID. The job ends when it is done, when Cancel is
// called with its ID, or when ctx is cancelled; it then emits its result event.
func (r *Runner) Start(ctx context.Context, job Job) (jobID string, err error) {
	return "", errors.New("runner: not implemented yet")
}

// Cancel stops the job with this ID; it ends aborted, never erased.
func (r *Runner) Cancel(jobID string) {}

// Events is the channel every job reports on. It is never closed.
func (r *Runner) Events() <-chan Event { return r.events }

// Wait blocks until every started job has emitted its result.
func (r *Runner) Wait() {}
