package tcg

import (
	"errors"
	"fmt"
)

// StartSession parameter names (Core 5.2.3.1): optional parameters travel as
// named values with these numbers.
const (
	paramHostChallenge        = 0
	paramHostSigningAuthority = 3
)

// MethodCall encodes invoking.method[params] as a method stream: the call, its
// parameter list, end of data and the empty status list a host sends (Core 3.2.4.1).
func MethodCall(invoking, method UID, params func(*Encoder)) []byte {
	e := &Encoder{}
	e.Control(TokCall).UID(invoking).UID(method).Control(TokStartList)
	if params != nil {
		params(e)
	}
	e.Control(TokEndList).Control(TokEndOfData)
	e.Control(TokStartList).Uint(0).Uint(0).Uint(0).Control(TokEndList)
	return e.Bytes()
}

// StartSessionPSID is SMUID.StartSession[HostSessionID, AdminSP, Write = True,
// HostChallenge = psid, HostSigningAuthority = PSID]: a read-write session on the
// Admin SP, authenticated as the PSID authority with the PSID as its credential.
func StartSessionPSID(hsn uint32, psid PSID) []byte {
	return MethodCall(UIDSessionManager, UIDStartSession, func(e *Encoder) {
		e.Uint(uint64(hsn)).UID(UIDAdminSP).Uint(1)
		e.Control(TokStartName).Uint(paramHostChallenge).Atom(psid.bytes()).Control(TokEndName)
		e.Control(TokStartName).Uint(paramHostSigningAuthority).UID(UIDPSIDAuthority).Control(TokEndName)
	})
}

// RevertAdminSP is AdminSP.Revert[]: the Admin SP and every SP back to their
// original factory state; on an SSC with media encryption every media key is
// replaced (Opal 2.01 5.1.3, Core 5.3.3.x).
func RevertAdminSP() []byte { return MethodCall(UIDAdminSP, UIDRevert, nil) }

// EndOfSession is the stream that closes a session (Core 3.2.4.2).
func EndOfSession() []byte { return []byte{TokEndOfSession} }

// Response is a decoded method response: the tokens of its results and its status.
type Response struct {
	Tokens []Token
	Status Status
}

// ErrNoStatus says a response carried no status list after end of data.
var ErrNoStatus = errors.New("tcg response without a status list")

// ParseResponse decodes a method response stream: the tokens before end of data
// and the first element of the status list after it.
func ParseResponse(payload []byte) (Response, error) {
	toks, err := Decode(payload)
	if err != nil {
		return Response{}, err
	}
	for i, t := range toks {
		if !t.IsControl(TokEndOfData) {
			continue
		}
		rest := toks[i+1:]
		if len(rest) < 2 || !rest[0].IsControl(TokStartList) || rest[1].Kind != KindUint {
			return Response{Tokens: toks[:i]}, ErrNoStatus
		}
		return Response{Tokens: toks[:i], Status: Status(rest[1].Uint)}, nil
	}
	return Response{Tokens: toks}, ErrNoStatus
}

// ParseSyncSession decodes the answer to StartSession: SMUID.SyncSession[
// HostSessionID, SPSessionID, ...]. A status other than Success is a *MethodError
// of StartSession.
func ParseSyncSession(payload []byte) (hsn, tsn uint32, err error) {
	r, err := ParseResponse(payload)
	if err != nil {
		return 0, 0, fmt.Errorf("tcg StartSession answer: %w", err)
	}
	if r.Status != Success {
		return 0, 0, &MethodError{Method: "StartSession", Status: r.Status}
	}
	t := r.Tokens
	if len(t) < 6 || !t[0].IsControl(TokCall) || !t[1].IsUID(UIDSessionManager) ||
		!t[2].IsUID(UIDSyncSession) || !t[3].IsControl(TokStartList) ||
		t[4].Kind != KindUint || t[5].Kind != KindUint {
		return 0, 0, fmt.Errorf("tcg StartSession answer is not SyncSession[HostSessionID, SPSessionID]: %v", t)
	}
	return uint32(t[4].Uint), uint32(t[5].Uint), nil
}
