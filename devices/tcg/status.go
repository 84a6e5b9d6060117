package tcg

import "fmt"

// Status is a method status code (Core 5.1.5, table 166). A Status other than
// Success is an error; errors.Is(err, tcg.NotAuthorized) tells a wrong PSID.
type Status uint8

// The method status codes.
const (
	Success             Status = 0x00
	NotAuthorized       Status = 0x01
	SPBusy              Status = 0x03
	SPFailed            Status = 0x04
	SPDisabled          Status = 0x05
	SPFrozen            Status = 0x06
	NoSessionsAvailable Status = 0x07
	UniquenessConflict  Status = 0x08
	InsufficientSpace   Status = 0x09
	InsufficientRows    Status = 0x0A
	InvalidParameter    Status = 0x0C
	TPerMalfunction     Status = 0x0F
	TransactionFailure  Status = 0x10
	ResponseOverflow    Status = 0x11
	AuthorityLockedOut  Status = 0x12
	Fail                Status = 0x3F
)

var statusNames = map[Status]string{
	Success: "SUCCESS", NotAuthorized: "NOT_AUTHORIZED", 0x02: "OBSOLETE", SPBusy: "SP_BUSY",
	SPFailed: "SP_FAILED", SPDisabled: "SP_DISABLED", SPFrozen: "SP_FROZEN",
	NoSessionsAvailable: "NO_SESSIONS_AVAILABLE", UniquenessConflict: "UNIQUENESS_CONFLICT",
	InsufficientSpace: "INSUFFICIENT_SPACE", InsufficientRows: "INSUFFICIENT_ROWS", 0x0B: "OBSOLETE",
	InvalidParameter: "INVALID_PARAMETER", 0x0D: "OBSOLETE", 0x0E: "OBSOLETE",
	TPerMalfunction: "TPER_MALFUNCTION", TransactionFailure: "TRANSACTION_FAILURE",
	ResponseOverflow: "RESPONSE_OVERFLOW", AuthorityLockedOut: "AUTHORITY_LOCKED_OUT", Fail: "FAIL",
}

// String is the status's name in the Core specification.
func (s Status) String() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return fmt.Sprintf("STATUS_%02Xh", uint8(s))
}

func (s Status) Error() string {
	return fmt.Sprintf("tcg method status %s (%02Xh)", s.String(), uint8(s))
}

// MethodError is a method the TPer answered with a status other than Success.
type MethodError struct {
	Method string // "StartSession", "Revert"
	Status Status
}

func (e *MethodError) Error() string {
	return fmt.Sprintf("tcg %s: %s (%02Xh)", e.Method, e.Status.String(), uint8(e.Status))
}

// Unwrap lets errors.Is match the Status constants.
func (e *MethodError) Unwrap() error { return e.Status }
