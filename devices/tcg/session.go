package tcg

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// discoveryBytes is how much of Level 0 Discovery is read (sedutil and Linux
// sed-opal read 2048 bytes; every descriptor the SSCs define fits).
const discoveryBytes = 2048

// responseBytes is the IF-RECV buffer for method responses.
const responseBytes = 2048

// Discover reads and parses Level 0 Discovery through t.
func Discover(ctx context.Context, t Transport) (Discovery, error) {
	buf := make([]byte, discoveryBytes)
	if err := t.IFRecv(ctx, ProtocolTCG, ComIDDiscovery, buf); err != nil {
		return Discovery{}, fmt.Errorf("level 0 discovery (%s): %w", t.Name(), err)
	}
	return ParseDiscovery(buf)
}

// hostSessionID is the HostSessionID this host proposes (any value; the TPer
// echoes it).
const hostSessionID = 1

// Conn talks to one SSC's ComID.
type Conn struct {
	T     Transport
	ComID uint16
	// Poll is the pause between IF-RECVs while the TPer has no response ready;
	// Wait bounds the whole wait for one response, RevertWait that for Revert (the
	// drive replaces its keys before it answers; Wait when zero).
	Poll, Wait, RevertWait time.Duration
}

// ErrNoResponse says the TPer never had a response ready within Conn.Wait.
var ErrNoResponse = errors.New("tcg: no response from the TPer in time")

// exchange sends payload in session tsn/hsn and returns the response payload.
func (c Conn) exchange(ctx context.Context, tsn, hsn uint32, payload []byte, wait time.Duration) ([]byte, error) {
	if err := c.T.IFSend(ctx, ProtocolTCG, c.ComID, EncodeComPacket(c.ComID, tsn, hsn, payload)); err != nil {
		return nil, fmt.Errorf("if-send (%s): %w", c.T.Name(), err)
	}
	deadline := time.Now().Add(wait)
	for {
		buf := make([]byte, responseBytes)
		if err := c.T.IFRecv(ctx, ProtocolTCG, c.ComID, buf); err != nil {
			return nil, fmt.Errorf("if-recv (%s): %w", c.T.Name(), err)
		}
		cp, err := DecodeComPacket(buf)
		if err != nil {
			return nil, err
		}
		if !cp.Empty {
			if cp.ComID != c.ComID {
				return nil, fmt.Errorf("tcg response for ComID %04Xh, sent on %04Xh", cp.ComID, c.ComID)
			}
			if cp.TSN != tsn || cp.HSN != hsn {
				return nil, fmt.Errorf("tcg response for session %d/%d, sent in %d/%d", cp.TSN, cp.HSN, tsn, hsn)
			}
			return cp.Payload, nil
		}
		if time.Now().After(deadline) {
			return nil, ErrNoResponse
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(c.Poll):
		}
	}
}

// Session is an open session with an SP.
type Session struct {
	c        Conn
	TSN, HSN uint32
}

// StartPSIDSession starts a read-write session on the Admin SP as the PSID
// authority. It is one authentication attempt: a wrong PSID fails with
// NotAuthorized and counts against the authority's try limit; once the limit is
// reached the TPer answers AuthorityLockedOut until its next power cycle.
func (c Conn) StartPSIDSession(ctx context.Context, psid PSID) (*Session, error) {
	payload, err := c.exchange(ctx, 0, 0, StartSessionPSID(hostSessionID, psid), c.Wait)
	if err != nil {
		return nil, fmt.Errorf("tcg StartSession: %w", err)
	}
	hsn, tsn, err := ParseSyncSession(payload)
	if err != nil {
		return nil, err
	}
	if hsn != hostSessionID {
		return nil, fmt.Errorf("tcg SyncSession for host session %d, asked for %d", hsn, hostSessionID)
	}
	return &Session{c: c, TSN: tsn, HSN: hsn}, nil
}

// Revert calls AdminSP.Revert in the session. On success the TPer ends the
// session itself (Core 5.3.3.x: reverting the SP the session is open on).
func (s *Session) Revert(ctx context.Context) error {
	wait := s.c.RevertWait
	if wait == 0 {
		wait = s.c.Wait
	}
	payload, err := s.c.exchange(ctx, s.TSN, s.HSN, RevertAdminSP(), wait)
	if err != nil {
		return fmt.Errorf("tcg Revert: %w", err)
	}
	r, err := ParseResponse(payload)
	if err != nil {
		return fmt.Errorf("tcg Revert answer: %w", err)
	}
	if r.Status != Success {
		return &MethodError{Method: "Revert", Status: r.Status}
	}
	return nil
}

// Close ends the session (end-of-session token; the TPer answers with its own).
func (s *Session) Close(ctx context.Context) error {
	payload, err := s.c.exchange(ctx, s.TSN, s.HSN, EndOfSession(), s.c.Wait)
	if err != nil {
		return fmt.Errorf("tcg CloseSession: %w", err)
	}
	toks, err := Decode(payload)
	if err != nil {
		return fmt.Errorf("tcg CloseSession answer: %w", err)
	}
	if len(toks) == 0 || !toks[0].IsControl(TokEndOfSession) {
		return fmt.Errorf("tcg CloseSession answer is not end of session: %v", toks)
	}
	return nil
}
