package tui

import "github.com/wipestation/wipestation/msg"

// verbatim states text as given: fixtures of devices and records.
func verbatim(text string) msg.Message { return msg.Verbatim(text) }

// verbatimPtr is verbatim for an optional field.
func verbatimPtr(text string) *msg.Message { return msg.Verbatim(text).Ptr() }

// reasonOf is a record's reason: none for "".
func reasonOf(text string) *msg.Message {
	if text == "" {
		return nil
	}
	return verbatimPtr(text)
}
