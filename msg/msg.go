// Package msg is the catalogue of every sentence wipestation states about a job
// or a device, in every language it speaks.
//
// Records carry facts, not prose: where a record says something in words (why a
// job failed, the exact command sent, an exception an auditor must read), it
// stores a Message, an identifier and its arguments, and each output renders it
// in its own language from this catalogue. The catalogue is the only place a
// sentence exists; the English and Traditional Chinese tables are complete for
// every identifier (TestCatalogueComplete), and every call of New in the module
// passes a declared identifier with the arguments its sentence takes
// (TestCallsMatchCatalogue).
//
// Identifiers are stable forever: a record written today is rendered again by
// every later release when its certificate is verified. A sentence's wording may
// be improved only by a new identifier (docs/record-schema.md, "Messages").
//
// The package imports nothing of ours, so every layer may use it.
package msg

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// ID names one sentence of the catalogue.
type ID string

// Languages the catalogue speaks, as the config file and --lang name them.
const (
	English            = "en"
	TraditionalChinese = "zh-TW"
)

// Languages lists every language of the catalogue, English first.
func Languages() []string { return []string{English, TraditionalChinese} }

// Message is one fact stated in words: the sentence and its arguments.
type Message struct {
	ID   ID    `json:"id"`
	Args []Arg `json:"args,omitempty"`
}

// Arg is one argument of a sentence: a value printed as recorded (a number, a
// device path, a command's bytes, an error the operating system reported) or a
// sentence of its own, rendered in the same language.
type Arg struct {
	Text string
	Msg  *Message
}

// New states the sentence id with args. An argument that is a Message (or a
// non-nil *Message) is rendered in the reader's language; a *Error contributes
// its Message; any other error its text; numbers print in decimal; anything
// else as fmt's %v.
func New(id ID, args ...any) Message {
	m := Message{ID: id}
	if len(args) > 0 {
		m.Args = make([]Arg, len(args))
	}
	for i, a := range args {
		m.Args[i] = argOf(a)
	}
	return m
}

func argOf(a any) Arg {
	switch v := a.(type) {
	case Message:
		return Arg{Msg: &v}
	case *Message:
		if v != nil {
			c := *v
			return Arg{Msg: &c}
		}
		return Arg{}
	case Arg:
		return v
	case string:
		return Arg{Text: v}
	case int:
		return Arg{Text: strconv.Itoa(v)}
	case int64:
		return Arg{Text: strconv.FormatInt(v, 10)}
	case uint64:
		return Arg{Text: strconv.FormatUint(v, 10)}
	case uint32:
		return Arg{Text: strconv.FormatUint(uint64(v), 10)}
	case error:
		if m, ok := AsMessage(v); ok {
			return Arg{Msg: &m}
		}
		return Arg{Text: v.Error()}
	default:
		return Arg{Text: fmt.Sprint(v)}
	}
}

// Verbatim states text exactly as given, in every language. It stands for words
// that are data, not wipestation's sentences (a schema-v1 record's prose, an
// error text from the operating system or a phone), never for a sentence the
// catalogue should hold.
func Verbatim(text string) Message { return New(IDVerbatim, text) }

// IsZero reports whether m states nothing.
func (m Message) IsZero() bool { return m.ID == "" }

// Ptr returns a copy of m for an optional record field.
func (m Message) Ptr() *Message { return &m }

// String renders m in English, for logs and errors.
func (m Message) String() string { return m.In(English) }

// Text renders an optional message in English, "" for none: a record's
// reason as the terminal, the TUI and JSON lines for scripts show it.
func Text(m *Message) string {
	if m == nil {
		return ""
	}
	return m.String()
}

// Texts renders ms in English.
func Texts(ms []Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.String()
	}
	return out
}

// In renders m in lang. A sentence the language lacks falls back to English; an
// identifier this release does not know (a record from a later one) prints as
// the identifier and its arguments, so no fact is dropped.
func (m Message) In(lang string) string {
	if m.ID == "" {
		return ""
	}
	tmpl, ok := lookup(lang, m.ID)
	if !ok {
		tmpl, ok = lookup(English, m.ID)
	}
	if !ok {
		parts := []string{string(m.ID)}
		for _, a := range m.Args {
			parts = append(parts, a.in(lang))
		}
		return "[" + strings.Join(parts, " | ") + "]"
	}
	return expand(tmpl, m.Args, lang)
}

func (a Arg) in(lang string) string {
	if a.Msg != nil {
		return a.Msg.In(lang)
	}
	return a.Text
}

// expand fills {1}..{9} in tmpl with args rendered in lang.
func expand(tmpl string, args []Arg, lang string) string {
	var b strings.Builder
	for i := 0; i < len(tmpl); i++ {
		if n, ok := placeholder(tmpl, i); ok {
			if n <= len(args) {
				b.WriteString(args[n-1].in(lang))
			}
			i += 2
			continue
		}
		b.WriteByte(tmpl[i])
	}
	return b.String()
}

// placeholder reports whether tmpl[i:] starts with {n}, n in 1..9.
func placeholder(tmpl string, i int) (int, bool) {
	if i+2 < len(tmpl) && tmpl[i] == '{' && tmpl[i+2] == '}' && tmpl[i+1] >= '1' && tmpl[i+1] <= '9' {
		return int(tmpl[i+1] - '0'), true
	}
	return 0, false
}

// Arity is how many arguments the sentence id takes (from its English text), and
// whether the catalogue declares it.
func Arity(id ID) (int, bool) {
	tmpl, ok := lookup(English, id)
	if !ok {
		return 0, false
	}
	n := 0
	for i := 0; i < len(tmpl); i++ {
		if k, ok := placeholder(tmpl, i); ok && k > n {
			n = k
		}
	}
	return n, true
}

// MarshalJSON writes a plain argument as a JSON string and a sentence as an object.
func (a Arg) MarshalJSON() ([]byte, error) {
	if a.Msg != nil {
		return json.Marshal(a.Msg)
	}
	return json.Marshal(a.Text)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (a *Arg) UnmarshalJSON(b []byte) error {
	*a = Arg{}
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		var m Message
		if err := json.Unmarshal(t, &m); err != nil {
			return err
		}
		a.Msg = &m
		return nil
	}
	return json.Unmarshal(b, &a.Text)
}

// UnmarshalJSON reads a message, or a plain JSON string as schema-v1 records
// stored their sentences: that text is kept verbatim.
func (m *Message) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '"' {
		var s string
		if err := json.Unmarshal(t, &s); err != nil {
			return err
		}
		if s == "" {
			*m = Message{}
		} else {
			*m = Verbatim(s)
		}
		return nil
	}
	type plain Message
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*m = Message(p)
	return nil
}
