package wipe

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
)

// Errors of a job's options and wiring, decided before anything is written.
var (
	ErrVerifyRequired = errors.New("the method includes verification")
	ErrEngineMissing  = errors.New("the method's engine is not in this build")
	// ErrLockedSED refuses a host overwrite or read-only check of a self-encrypting
	// drive whose Level 0 Discovery says a locking range is locked.
	ErrLockedSED = errors.New("the self-encrypting drive is locked")
)

// ErrInvalidJob marks a job the engine will not start: a mistake of the caller,
// found before anything is touched.
var ErrInvalidJob = errors.New("invalid job")

// Validate reports what makes j impossible to run as asked, before anything is
// touched: options the engine does not implement, or text that a record could not
// keep exactly (JSON holds only valid UTF-8).
func (j Job) Validate() error {
	if err := j.Options.validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidJob, err)
	}
	if field, ok := j.Details.invalidText(); ok {
		return fmt.Errorf("%w: %s is not valid UTF-8 text, so the record could not keep it exactly", ErrInvalidJob, field)
	}
	return nil
}

// validate rejects options the engine does not implement, before a job starts: an
// unknown mode is an error, never an empty verification.
func (o Options) validate() error {
	if err := o.Verify.validate(); err != nil {
		return err
	}
	switch o.OnError {
	case "", OnErrorContinue, OnErrorAbort:
	default:
		return fmt.Errorf("unknown error policy %q (valid: continue, abort)", o.OnError)
	}
	if o.Rounds < 0 {
		return fmt.Errorf("rounds must not be negative (got %d)", o.Rounds)
	}
	return nil
}

// normalized fills in the documented defaults of Options: verify last, one round,
// continue on error.
func (o Options) normalized() Options {
	if o.Verify == "" {
		o.Verify = VerifyLast
	}
	if o.Rounds < 1 {
		o.Rounds = 1
	}
	if o.OnError == "" {
		o.OnError = OnErrorContinue
	}
	return o
}

// expandPasses lists the write passes of a job in order: the method's passes
// o.Rounds times (each Shuffle group permuted anew per round), then the blank pass.
func expandPasses(m Method, o Options) ([]Pass, error) {
	var out []Pass
	for range o.Rounds {
		passes := append([]Pass(nil), m.Passes...)
		if err := shuffleGroups(passes); err != nil {
			return nil, err
		}
		out = append(out, passes...)
	}
	if o.Blank {
		out = append(out, Pass{Pattern: []byte{0x00}})
	}
	return out, nil
}

// shuffleGroups permutes every run of consecutive Shuffle passes in place (Gutmann's
// fixed patterns "in random order"), with crypto/rand.
func shuffleGroups(passes []Pass) error {
	for i := 0; i < len(passes); {
		if !passes[i].Shuffle {
			i++
			continue
		}
		j := i
		for j < len(passes) && passes[j].Shuffle {
			j++
		}
		group := passes[i:j]
		for k := len(group) - 1; k > 0; k-- {
			n, err := rand.Int(rand.Reader, big.NewInt(int64(k+1)))
			if err != nil {
				return fmt.Errorf("shuffle passes: %w", err)
			}
			r := int(n.Int64())
			group[k], group[r] = group[r], group[k]
		}
		i = j
	}
	return nil
}

// buildPlan turns a method and options into engine steps, with a fresh generator
// (and, for random passes, a fresh key) per pass.
func buildPlan(m Method, o Options) ([]passPlan, error) {
	if m.Engine == EngineVerify {
		g, err := newGenerator(m.Passes[0])
		if err != nil {
			return nil, err
		}
		return []passPlan{{Index: 1, Pass: m.Passes[0], Verify: true, gen: g}}, nil
	}
	passes, err := expandPasses(m, o)
	if err != nil {
		return nil, err
	}
	plan := make([]passPlan, len(passes))
	for i, p := range passes {
		g, err := newGenerator(p)
		if err != nil {
			return nil, err
		}
		last := i == len(passes)-1
		plan[i] = passPlan{
			Index:  i + 1,
			Pass:   p,
			Write:  true,
			Verify: o.Verify == VerifyAll || o.Verify == VerifyFull || (o.Verify == VerifyLast && last),
			gen:    g,
		}
	}
	return plan, nil
}
