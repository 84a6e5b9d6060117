package msg

import "errors"

// text is one sentence in every language. Placeholders {1}..{9} stand for the
// arguments, in the order New receives them; each language uses every one.
type text struct{ en, zhTW string }

// The sentences every area uses to put two statements together.
const (
	// IDVerbatim prints its one argument exactly as given (see Verbatim).
	IDVerbatim ID = "verbatim"
	// Join puts a statement and what follows from it, or a note on it, in one:
	// a reason and how far the job got, a check and how it read, two findings.
	Join ID = "join"
	// Lead puts what a statement is about before it: a method and its failure, a
	// medium and the reason of a recommendation.
	Lead ID = "lead"
)

var general = map[ID]text{
	IDVerbatim: {"{1}", "{1}"},
	Join:       {"{1}; {2}", "{1}；{2}"},
	Lead:       {"{1}: {2}", "{1}：{2}"},
}

// areas are the catalogue's parts, one per file: a sentence's ID is declared
// next to its words.
var areas = []map[ID]text{general, outcome, method, reader, overwrite, hidden, refusal, policy, firmware, optical, phone, mtp, destroy, backup, tcgText, scsiFormat}

// lookup returns id's sentence in lang.
func lookup(lang string, id ID) (string, bool) {
	for _, area := range areas {
		t, ok := area[id]
		if !ok {
			continue
		}
		switch lang {
		case English:
			return t.en, true
		case TraditionalChinese:
			return t.zhTW, true
		}
		return "", false
	}
	return "", false
}

// IDs lists every sentence of the catalogue.
func IDs() []ID {
	var ids []ID
	for _, area := range areas {
		for id := range area {
			ids = append(ids, id)
		}
	}
	return ids
}

// Error is an error that states a catalogue sentence, and may wrap the error it
// stands for (a sentinel, or the operating system's error) so that errors.Is
// still sees it.
type Error struct {
	Msg Message
	Err error
}

// Errorf returns an error stating id with args; its text is the English sentence.
func Errorf(id ID, args ...any) *Error { return &Error{Msg: New(id, args...)} }

// Wrap returns an error stating id with args that wraps err.
func Wrap(err error, id ID, args ...any) *Error { return &Error{Msg: New(id, args...), Err: err} }

func (e *Error) Error() string { return e.Msg.String() }

// Unwrap returns the wrapped error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Message returns the sentence the error states.
func (e *Error) Message() Message { return e.Msg }

// stater is an error that can state itself as a catalogue sentence.
type stater interface{ Message() Message }

// AsMessage returns the sentence err (or an error it wraps) states, if any.
func AsMessage(err error) (Message, bool) {
	var s stater
	if errors.As(err, &s) {
		return s.Message(), true
	}
	return Message{}, false
}

// Of states err: its sentence when it has one, else its text verbatim.
func Of(err error) Message {
	if err == nil {
		return Message{}
	}
	if m, ok := AsMessage(err); ok {
		return m
	}
	return Verbatim(err.Error())
}
