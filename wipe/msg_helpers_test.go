package wipe

import (
	"strings"

	"github.com/wipestation/wipestation/msg"
)

// english joins messages in English, for assertions on their words.
func english(ms []msg.Message, sep string) string {
	return strings.Join(msg.Texts(ms), sep)
}

// verbatims states each text as given: test fixtures of records made elsewhere.
func verbatims(texts ...string) []msg.Message {
	out := make([]msg.Message, len(texts))
	for i, t := range texts {
		out[i] = msg.Verbatim(t)
	}
	return out
}
