package wipe

import "github.com/wipestation/wipestation/devices"

// Method is one entry of the catalogue (`wipestation methods`).
//
// (Skeleton: the engine work fills in the catalogue and pass definitions.)
type Method struct {
	ID          string        `json:"id"`
	Name        string        `json:"name"`
	Engine      Engine        `json:"engine"`
	Class       devices.Class `json:"class"`
	Passes      []Pass        `json:"passes"`
	Description string        `json:"description"`
}

// Pass is one overwrite pass: a repeating pattern, or the cryptographic stream.
type Pass struct {
	Pattern []byte `json:"pattern,omitempty"`
	Random  bool   `json:"random,omitempty"`
}
